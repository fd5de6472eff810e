"""`python -m bot.standin`: the stand-in as a process of its own, for benchmarks and tests that run
several bot processes against one Slack.

It prints one line, "BASE_URL BOT_TOKEN" (what SLACK_API_URL and SLACK_BOT_TOKEN need), so a
parent process can read it and start the bots; then it serves until SIGTERM or SIGINT and
exits 0. Channels have the bot and every --user as members, so the bot can post in them.
"""

from __future__ import annotations

import argparse
import signal
import sys

from bot.standin.web_api import StandInSlack


def _id_and_name(text: str) -> tuple[str, str]:
    """ "U0ADA:ada" → ("U0ADA", "ada"), refused with a usage error when either half is missing."""
    ident, _, name = text.partition(":")
    if not ident or not name:
        raise argparse.ArgumentTypeError(f"expected ID:name, got {text!r}")
    return ident, name


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bot.standin", description="A stand-in for Slack's Web API on 127.0.0.1."
    )
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0: any free one)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds every answer takes")
    parser.add_argument(
        "--rate-limits", action="store_true", help="refuse calls beyond Slack's rate limits (429)"
    )
    parser.add_argument("--team-id", default="T0001")
    parser.add_argument("--token", default="xoxb-standin", help="the bot token calls must carry")
    parser.add_argument("--user", type=_id_and_name, action="append", default=[], metavar="U…:name")
    parser.add_argument(
        "--channel", type=_id_and_name, action="append", default=[], metavar="C…:name"
    )
    args = parser.parse_args(argv)
    if args.latency < 0:
        parser.error("--latency cannot be negative")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    slack = StandInSlack(team_id=args.team_id, bot_token=args.token, latency=args.latency)
    for user_id, name in args.user:
        slack.add_user(user_id, name)
    members = [slack.bot_user_id, *(user_id for user_id, _ in args.user)]
    for channel_id, name in args.channel:
        slack.add_channel(channel_id, name, members=members)
    if args.rate_limits:
        slack.enforce_rate_limits()
    # Blocked before the server's threads start, so they inherit the mask and the signals wait
    # for sigwait below instead of interrupting whichever thread they land on.
    stop_signals = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    try:
        slack.start(args.port)
    except OSError as error:
        print(f"cannot listen on 127.0.0.1:{args.port}: {error.strerror}", file=sys.stderr)
        return 1
    print(slack.base_url, slack.bot_token, flush=True)
    signal.sigwait(stop_signals)
    slack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
