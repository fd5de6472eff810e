"""The HTTP edge: what it listens on, and what it does with requests before Bolt sees them.

Every request here is raw HTTP to the real server. Forged ones are refused on their signature
alone; signed ones Slack would never send are a 400 and one short line, never a traceback.
"""

import json
import logging
import os
import stat
import subprocess
import sys
import time
from urllib.parse import urlencode

import pytest
from slack_sdk.signature import SignatureVerifier

from bot.stage import SIGNING_SECRET, TEAM_ID, Stage
from tests.e2e.test_serve import SECRET, free_port, wait_for_port
from tests.people import ADMIN, VISITOR, set_up

FORM = "application/x-www-form-urlencoded"
PRIVATE = "my student Jamal cried when"


def signed(stage, body: str, content_type: str = FORM, secret: str = SIGNING_SECRET, age: int = 0):
    timestamp = str(int(time.time()) - age)
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp}
    return stage.send.raw(body.encode(), headers | {"X-Slack-Signature": signature or ""})


def interaction(payload) -> str:
    return urlencode({"payload": payload if isinstance(payload, str) else json.dumps(payload)})


def who() -> dict:
    return {"user": {"id": VISITOR, "team_id": TEAM_ID}, "team": {"id": TEAM_ID}}


def click(actions) -> dict:
    return {"type": "block_actions", **who(), "actions": actions, "trigger_id": "1.2.3"}


def submission(view) -> dict:
    return {"type": "view_submission", **who(), "view": view}


VIEW = {"id": "V1", "callback_id": "offer", "private_metadata": "", "team_id": TEAM_ID}
NO_VALUE = {"grade": {"g": {"type": "static_select", "selected_option": {"text": PRIVATE}}}}
REFLECTION = {"noticed": {"text": {"type": "plain_text_input", "value": PRIVATE}}}

MALFORMED = {
    "not JSON": interaction("{not json " + PRIVATE),
    "truncated": interaction(json.dumps(click([{"action_id": "book", "value": "1"}]))[:60]),
    "a list": interaction([PRIVATE]),
    "actions=[]": interaction(click([])),
    "actions not objects": interaction(click([PRIVATE])),
    "a view with no state": interaction(submission(VIEW)),
    "state values a list": interaction(submission(VIEW | {"state": {"values": [PRIVATE]}})),
    "an option with no value": interaction(submission(VIEW | {"state": {"values": NO_VALUE}})),
    "no user": interaction(
        {"type": "view_submission", "view": VIEW | {"state": {"values": REFLECTION}}}
    ),
    "events list": json.dumps([PRIVATE]),
    "event without event": json.dumps({"type": "event_callback", "team_id": TEAM_ID}),
    "home opened by nobody": json.dumps(
        {"type": "event_callback", "team_id": TEAM_ID, "event": {"type": "app_home_opened"}}
    ),
    "command without user": urlencode({"command": "/visit", "text": PRIVATE, "team_id": TEAM_ID}),
    "neither": urlencode({"text": PRIVATE}),
}


@pytest.mark.parametrize("body", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_signed_but_malformed_payload_is_a_400_and_one_short_line(stage, caplog, body):
    set_up(stage)
    content_type = "application/json" if body.startswith("[") or body.startswith('{"') else FORM
    with caplog.at_level(logging.DEBUG):
        reply = signed(stage, body, content_type)
        stage.settle()
    assert reply.status == 400
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    assert "not a payload Slack sends" in warnings[0].getMessage()
    assert not any(r.exc_info for r in caplog.records), "no traceback"
    assert PRIVATE not in caplog.text and "Jamal" not in caplog.text
    assert stage.send.command(VISITOR, "help").status == 200, "and the next request is served"


def test_a_body_that_is_not_utf8_cannot_be_verified_and_is_refused(stage, caplog):
    timestamp = str(int(time.time()))
    headers = {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": "v0=00"}
    with caplog.at_level(logging.DEBUG):
        reply = stage.send.raw(b"payload=\xff\xfe", {"Content-Type": FORM} | headers)
    assert reply.status == 401
    assert "bad or missing Slack signature" in caplog.text
    assert not any(r.exc_info for r in caplog.records)


FORGED = {
    "wrong secret": {"secret": "someone-elses-secret"},
    "too old": {"age": 6 * 60},
}


@pytest.mark.parametrize("how", FORGED.values(), ids=FORGED.keys())
def test_a_forged_or_replayed_request_is_refused_before_its_body_is_parsed(stage, caplog, how):
    set_up(stage)
    body = interaction(click([])) + "&" + PRIVATE  # malformed too: the signature is checked first
    with caplog.at_level(logging.DEBUG):
        reply = signed(stage, body, **how)
    assert reply.status == 401
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "bad or missing Slack signature" in warnings[0]
    assert PRIVATE not in caplog.text and not any(r.exc_info for r in caplog.records)


BAD_HEADERS = {
    "no headers": {},
    "timestamp not a number": {"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=1"},
    "timestamp in other digits": {"X-Slack-Request-Timestamp": "²³", "X-Slack-Signature": "v0=1"},
}


@pytest.mark.parametrize("headers", BAD_HEADERS.values(), ids=BAD_HEADERS.keys())
def test_missing_or_unreadable_signature_headers_are_a_401_without_a_traceback(
    stage, caplog, headers
):
    with caplog.at_level(logging.DEBUG):
        reply = stage.send.raw(b"command=/visit", {"Content-Type": FORM} | headers)
    assert reply.status == 401
    assert "bad or missing Slack signature" in caplog.text
    assert not any(r.exc_info for r in caplog.records)


def test_signed_requests_still_reach_bolt_with_their_body_read_once(stage):
    set_up(stage)
    assert stage.send.command(VISITOR, "help").status == 200
    stage.settle()
    assert "/visit offer" in stage.slack.ephemerals(VISITOR)[-1].plain()
    assert stage.send.open_home(VISITOR).status == 200
    stage.settle()
    assert stage.slack.home(VISITOR) is not None


def test_serve_listens_on_loopback_unless_told_otherwise(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "OPENDOOR_HOST"} | {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_APP_TOKEN": "",
        "SLACK_API_URL": "http://127.0.0.1:1/api/",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
        "PORT": str(port),
        "OPENDOOR_SCHEDULER": "false",
    }
    server = subprocess.Popen([sys.executable, "-m", "bot"], env=env, cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    try:
        wait_for_port(port, server)
    finally:
        server.terminate()
        server.wait(timeout=10)
    logged = server.stderr.read().decode()
    assert f"listening on http://127.0.0.1:{port}" in logged, logged


def test_a_command_that_says_payload_is_answered_like_any_other(stage):
    """Bolt took any form body containing the word for an interaction, and dropped it."""
    set_up(stage)
    assert stage.send.command(VISITOR, "list payload").status == 200
    stage.settle()
    assert "payload" in stage.slack.ephemerals(VISITOR)[-1].plain()


def test_a_new_sqlite_database_and_its_wal_are_readable_by_their_owner_only(tmp_path):
    """It holds private reflections; the other accounts on the host have no business reading it."""
    path = tmp_path / "opendoor.db"
    with Stage(f"sqlite:///{path}") as stage:
        stage.slack.add_user(ADMIN, "principal", is_admin=True)
        set_up(stage)
        modes = {
            name: stat.S_IMODE(os.stat(tmp_path / name).st_mode)
            for name in ("opendoor.db", "opendoor.db-wal", "opendoor.db-shm")
        }
    assert modes == dict.fromkeys(modes, 0o600)
