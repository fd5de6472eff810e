"""`opendoor serve | jobs run --at ISO | tokens rotate | demo`: what a deployment and a newcomer
run."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from pydantic import ValidationError
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from bot.clock import fixed_clock
from bot.config import Settings
from bot.logs import configure_logging


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="opendoor", description="Open Door, the classroom-visits bot."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "serve", help="run the bot (Socket Mode if SLACK_APP_TOKEN is set, else HTTP)"
    )
    jobs = commands.add_parser("jobs", help="scheduled work").add_subparsers(
        dest="jobs_command", required=True
    )
    run = jobs.add_parser("run", help="run everything due at an instant once, then exit")
    run.add_argument("--at", type=_instant, default=None, help="ISO-8601 instant (default: now)")
    tokens = commands.add_parser(
        "tokens", help="OAuth mode: the workspaces' tokens, encrypted in the database"
    ).add_subparsers(dest="tokens_command", required=True)
    tokens.add_parser(
        "rotate", help="re-encrypt every stored token with the first key of OPENDOOR_TOKEN_KEYS"
    )
    commands.add_parser("demo", help="a scripted school week against a local stand-in for Slack")
    args = parser.parse_args(argv)
    if args.command == "demo":
        from bot.demo import run_demo

        configure_logging(level="WARNING")
        return run_demo()
    settings = _settings()
    if settings is None:
        return 2
    configure_logging(settings.log_format, settings.log_level)
    command = {"serve": _serve, "tokens": _rotate_tokens}.get(args.command)
    try:
        return command(settings) if command is not None else _run_jobs(settings, args.at)
    except (ArgumentError, NoSuchModuleError, OperationalError) as error:
        print(f"opendoor: can't use DATABASE_URL: {_first_line(error)}.", file=sys.stderr)
        return 2


def _first_line(error: Exception) -> str:
    """The driver's own words (\"connection refused\"), without SQLAlchemy's links and the SQL."""
    cause = getattr(error, "orig", None) or error
    return (str(cause).strip().splitlines() or [type(error).__name__])[0].rstrip(".")


def _settings() -> Settings | None:
    """Settings, or a plain message naming each bad one, never a traceback."""
    try:
        return Settings()
    except ValidationError as error:
        for problem in error.errors():
            name = ".".join(str(part) for part in problem["loc"]).upper()
            print(f"opendoor: {name}: {problem['msg']}", file=sys.stderr)
        print(
            "Fix these in .env or the environment; .env.example explains each one.", file=sys.stderr
        )
        return None


def _instant(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not an ISO-8601 instant: {text!r}") from error


def _serve(settings: Settings) -> int:
    from bot.serve import serve

    if settings.oauth and (settings.slack_app_token or not settings.slack_signing_secret):
        print(
            "OAuth mode serves HTTP (/slack/install): set SLACK_SIGNING_SECRET and leave "
            "SLACK_APP_TOKEN empty.",
            file=sys.stderr,
        )
        return 2
    if not (settings.slack_bot_token or settings.oauth) or not (
        settings.slack_signing_secret or settings.slack_app_token
    ):
        print(
            "Set SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID (OAuth), and "
            "SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN) in .env first.",
            file=sys.stderr,
        )
        return 2
    return serve(settings)


def _rotate_tokens(settings: Settings) -> int:
    """After a new key is put first in OPENDOOR_TOKEN_KEYS: every stored token is re-encrypted
    with it, so the old key can leave the list without locking any workspace out."""
    from bot.db import make_engine
    from bot.installations import installation_store

    if not settings.oauth:
        print(
            "opendoor: tokens are stored only in OAuth mode (SLACK_CLIENT_ID); "
            "with one workspace the token is SLACK_BOT_TOKEN itself.",
            file=sys.stderr,
        )
        return 2
    engine = make_engine(settings.database_url)
    try:
        store = installation_store(settings.slack_client_id, engine, settings.opendoor_token_keys)
        rotated = store.rotate()
    finally:
        engine.dispose()
    print(f"Re-encrypted the tokens of {rotated} installation row(s) with the newest key.")
    return 0


def _run_jobs(settings: Settings, at: datetime | None) -> int:
    from bot.services import bootstrap
    from jobs.registry import run_all

    services = bootstrap(settings) if at is None else bootstrap(settings, clock=fixed_clock(at))
    with services.session_factory() as session:
        results = run_all(session, services.client, services.clock(), services.timing)
    for name, count in results.items():
        print(f"{name}: {'failed' if count is None else count}")
    return 1 if None in results.values() else 0
