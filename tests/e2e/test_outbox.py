"""Every message the bot owes is stored first, then sent once, whatever Slack answers."""

from datetime import UTC, datetime

from sqlalchemy import select

from bot.cli import main
from bot.models import Notification
from tests.people import HOST, VISITOR, open_door, set_up


def notifications(stage, kind):
    with stage.services.session_factory() as session:
        return list(session.scalars(select(Notification).where(Notification.kind == kind)))


def run_jobs_at(stage, monkeypatch, instant: str) -> int:
    """What a cron line runs: `opendoor jobs run --at …` against the same database and Slack."""
    monkeypatch.setenv("DATABASE_URL", stage.services.settings.database_url)
    monkeypatch.setenv("SLACK_API_URL", stage.slack.base_url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", stage.slack.bot_token)
    return main(["jobs", "run", "--at", instant])


def test_a_rate_limited_dm_waits_for_retry_after_and_is_sent_by_a_later_run(stage, monkeypatch):
    set_up(stage)
    posted = open_door(stage)
    stage.slack.fail_next(
        "chat.postMessage",
        status=429,
        headers={"Retry-After": "30"},
        when=lambda args: args.get("channel") == VISITOR,
    )
    stage.send.click(VISITOR, "book", message=posted)
    stage.settle()
    assert not stage.slack.dms(VISITOR)
    (owed,) = notifications(stage, "visit_booked")
    assert owed.state == "pending" and "ratelimited" in owed.last_error
    assert stage.slack.dms(HOST), "the host's DM was not held up by the visitor's"
    assert run_jobs_at(stage, monkeypatch, "2026-11-23T14:00:10Z") == 0
    assert not stage.slack.dms(VISITOR), "sent before Retry-After had passed"
    assert run_jobs_at(stage, monkeypatch, "2026-11-23T14:01:00Z") == 0
    assert "You're booked" in stage.slack.dms(VISITOR)[-1].plain()
    assert run_jobs_at(stage, monkeypatch, "2026-11-23T14:05:00Z") == 0
    assert len(stage.slack.dms(VISITOR)) == 1


def test_a_server_error_is_retried_with_backoff(stage, monkeypatch):
    set_up(stage)
    posted = open_door(stage)
    stage.slack.fail_next(
        "chat.postMessage",
        "service_unavailable",
        status=503,
        times=2,
        when=lambda a: a.get("channel") == VISITOR,
    )
    stage.send.click(VISITOR, "book", message=posted)
    stage.settle()
    (owed,) = notifications(stage, "visit_booked")
    assert owed.attempts == 1 and owed.due_at > datetime(2026, 11, 23, 14, 0, 20, tzinfo=UTC)
    run_jobs_at(stage, monkeypatch, "2026-11-23T14:01:00Z")
    run_jobs_at(stage, monkeypatch, "2026-11-23T14:05:00Z")
    assert len(stage.slack.dms(VISITOR)) == 1
    (owed,) = notifications(stage, "visit_booked")
    assert owed.state == "sent" and owed.attempts == 3


def test_a_deactivated_recipient_is_recorded_and_nobody_else_waits(stage):
    set_up(stage)
    posted = open_door(stage)
    stage.slack.set_user_deleted(HOST)
    stage.send.click(VISITOR, "book", message=posted)
    stage.settle()
    (to_host,) = notifications(stage, "visitor_coming")
    assert (to_host.state, to_host.last_error) == ("withdrawn", "left:deactivated")
    booked, called_off = stage.slack.dms(VISITOR)
    assert "You're booked" in booked.plain()
    assert "is off" in called_off.plain() and "no longer in this Slack" in called_off.plain()


def test_posted_messages_carry_their_notification_id(stage):
    set_up(stage)
    posted = open_door(stage)
    (card,) = notifications(stage, "offer_card")
    assert posted.metadata["event_payload"]["notification_id"] == card.id
