"""The outbox against Slack's real failures: answers lost after posting, hangs, rate limits.

Whatever Slack answers, each message reaches its person once, and one slow call holds up nobody.
"""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.domain.outbox import owe
from bot.models import Notification, Workspace
from bot.outbox.dispatcher import dispatch_due
from bot.stage import Stage
from tests.people import PEOPLE, VISITOR, set_up

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


@pytest.fixture
def stage(database_url, frozen):
    """Slack calls time out after one second here, so a hang is quick to show."""
    with Stage(database_url, migrate=False, slack_timeout_seconds=1) as running:
        for user_id, (name, is_admin) in PEOPLE.items():
            running.slack.add_user(user_id, name, is_admin=is_admin)
        yield running


def owe_notes(stage, recipients, tag="note"):
    with stage.services.session_factory() as session:
        workspace = session.scalars(select(Workspace)).one()
        for n, recipient in enumerate(recipients):
            owe(session, workspace, kind="admin_notice", recipient=recipient,
                key=f"admin_notice:{tag}-{n}:0", due_at=NOW, now=NOW,
                payload={"text": f"{tag} {n}"})  # fmt: skip
        session.commit()


def dispatch(stage, at):
    with stage.services.session_factory() as session:
        return dispatch_due(session, stage.services.client, at, stage.services.timing)


def texts(stage, person):
    return [message.text for message in stage.slack.dms(person)]


def test_posted_then_a_500_is_looked_for_and_not_sent_twice(stage, frozen):
    set_up(stage)
    stage.slack.fail_after_posting(status=500)
    owe_notes(stage, [VISITOR])
    assert dispatch(stage, NOW) == 0
    assert texts(stage, VISITOR).count("note 0") == 1, "Slack did post it"
    assert dispatch(stage, NOW + timedelta(minutes=2)) == 1
    assert texts(stage, VISITOR).count("note 0") == 1, "found by its metadata, not posted again"
    with stage.services.session_factory() as session:
        row = session.scalars(select(Notification).where(Notification.kind == "admin_notice")).one()
        assert row.state == "sent" and not row.look_first


def test_posted_then_no_answer_is_not_sent_twice_and_holds_up_no_one_else(stage, frozen):
    set_up(stage)
    others = [f"U0COLLEAGUE{n}" for n in range(6)]
    for person in others:
        stage.slack.add_user(person, person.lower())
    stage.slack.hang_after_posting(seconds=5, when=lambda args: args.get("channel") == VISITOR)
    owe_notes(stage, [VISITOR, *others])
    dispatch(stage, NOW)
    assert all(texts(stage, person) for person in others), "the others went out meanwhile"
    assert dispatch(stage, NOW + timedelta(minutes=2)) == 1
    assert texts(stage, VISITOR).count("note 0") == 1


def test_the_outbox_keeps_to_slacks_rate_limits_instead_of_running_into_them(stage, frozen):
    """Six posts to one DM against a burst of three: unpaced, three would meet a 429. The pacer
    counts a post when it is claimed and Slack when it arrives, so on a loaded machine a burst
    post that arrives late can cost one 429 (seen in CI); that one is retried in order."""
    set_up(stage)
    stage.slack.enforce_rate_limits()
    owe_notes(stage, [VISITOR] * 6)
    assert dispatch(stage, NOW) == 6
    assert texts(stage, VISITOR)[-6:] == [f"note {n}" for n in range(6)], "in the order owed"
    assert stage.slack.rate_limited_count() <= 1


def test_a_429_holds_that_workspaces_posts_until_retry_after(stage, frozen):
    set_up(stage)
    stage.slack.fail_next("chat.postMessage", status=429, headers={"Retry-After": "30"})
    owe_notes(stage, [VISITOR])
    assert dispatch(stage, NOW) == 0
    with stage.services.session_factory() as session:
        row = session.scalars(select(Notification).where(Notification.kind == "admin_notice")).one()
        assert row.state == "pending"
        assert NOW + timedelta(seconds=30) <= row.due_at < NOW + timedelta(seconds=31)
        assert row.attempts == 0, "waiting for Slack is not a failed try"
    assert dispatch(stage, NOW + timedelta(seconds=31)) == 1


def test_a_429_on_a_persons_first_message_keeps_their_messages_in_order(stage, frozen):
    set_up(stage)
    stage.slack.fail_next(
        "chat.postMessage", status=429, headers={"Retry-After": "1"},
        when=lambda args: args.get("channel") == VISITOR,
    )  # fmt: skip
    owe_notes(stage, [VISITOR] * 3)
    dispatch(stage, NOW)
    dispatch(stage, NOW + timedelta(seconds=2))
    assert texts(stage, VISITOR)[-3:] == ["note 0", "note 1", "note 2"], "in the order owed"
