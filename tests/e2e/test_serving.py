"""The HTTP front as a deployment runs it: health, refusals, and limits on what it will read."""

import gc
import logging
import urllib.error
import urllib.request
import weakref

import pytest

from bot.config import Settings
from bot.db import migrate, schema_is_current
from bot.http_server import EventsServer
from bot.services import bootstrap
from bot.stage import SIGNING_SECRET
from tests.people import VISITOR


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def post(url: str, body: bytes) -> int:
    request = urllib.request.Request(url, data=body, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def test_healthz_is_200_when_migrated_and_503_when_the_schema_is_behind(tmp_path):
    settings = Settings(
        _env_file=None,
        slack_bot_token="xoxb-test",
        slack_signing_secret=SIGNING_SECRET,
        database_url=f"sqlite:///{tmp_path / 'health.db'}",
    )
    services = bootstrap(settings)
    server = EventsServer(services).start()
    health = server.url.replace("/slack/events", "/healthz")
    try:
        assert get(health) == 200
        migrate(services.engine, "0002", downgrade=True)
        assert get(health) == 503
        migrate(services.engine)
        assert get(health) == 200
    finally:
        server.stop()
        services.engine.dispose()


def test_a_database_that_does_not_answer_is_not_healthy():
    from sqlalchemy import create_engine

    unreachable = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/nothing")
    assert not schema_is_current(unreachable, "0003")


def test_a_forged_request_is_refused_with_one_short_line_and_nothing_it_carried(stage, caplog):
    secret = "I wondered whether the quiet ones were lost"
    body = f"command=/visit&text=reflect {secret}&response_url=https://hooks.slack.com/x".encode()
    with caplog.at_level(logging.DEBUG):
        statuses = [post(stage.server.url, body) for _ in range(5)]
    assert statuses == [401] * 5
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, "a flood of forged requests is one line, not one each"
    assert "bad or missing Slack signature" in warnings[0].getMessage()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert secret not in logged and "hooks.slack.com" not in logged


def test_a_body_larger_than_slack_ever_sends_is_refused_unread(stage):
    try:
        refused = post(stage.server.url, b"x" * (2 * 1024 * 1024)) == 413
    except urllib.error.URLError as error:  # answered 413 and closed while the body was coming
        refused = isinstance(error.reason, BrokenPipeError | ConnectionResetError)
    assert refused
    assert stage.send.command(VISITOR, "help").status == 200, "and the server still answers"


def test_unknown_paths_are_404(stage):
    assert get(stage.server.url.replace("/slack/events", "/admin")) == 404


def test_a_failed_save_never_logs_what_the_person_wrote(tmp_path, caplog):
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    from bot.db import make_engine
    from handlers.errors import answer_error

    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")  # the engine serve builds
    with pytest.raises(OperationalError) as failed, engine.begin() as connection:
        # stands for "database is locked" in the middle of saving a reflection
        connection.execute(text("INSERT INTO no_such_table VALUES (:noticed)"),
                           {"noticed": "my student Jamal cried when"})  # fmt: skip
    with caplog.at_level(logging.DEBUG):
        answer_error(failed.value, {}, None, None, logging.getLogger("test"))
    assert "unexpected error" in caplog.text and "Jamal" not in caplog.text
    engine.dispose()


def test_a_stopped_server_keeps_nothing_of_its_app_alive(database_url):
    """A process that starts and stops servers (a test suite, a restart in place) must not grow:
    every app left alive lengthens each garbage collection, until requests stall behind it."""
    settings = Settings(
        _env_file=None,
        slack_bot_token="xoxb-1",
        slack_signing_secret=SIGNING_SECRET,
        database_url=database_url,
    )
    server = EventsServer(bootstrap(settings, apply_migrations=False)).start()
    app = weakref.ref(server.app)
    server.stop()
    server.services.engine.dispose()
    del server
    gc.collect()
    assert app() is None, [type(holder).__name__ for holder in gc.get_referrers(app())]
