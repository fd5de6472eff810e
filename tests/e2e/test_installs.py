"""Uninstalled, revoked, installed again: Slack's word stops every message for a workspace at
once, keeps what it was owed, and a reinstall sends what is still worth sending."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import select

from bot.models import Notification
from bot.stage import VISITS_CHANNEL, Stage
from tests.people import (
    HOST,
    PEOPLE,
    VISITOR,
    book,
    dms_saying,
    open_door,
    owe_notes,
    run_jobs,
    school,
    set_up,
)

VISIT_DAY_MORNING = "2026-11-24 14:15:00"  # Tuesday 09:15 school time: both reminders are due


@contextmanager
def running(database_url: str) -> Iterator[Stage]:
    """A deployment on the test database, as `opendoor serve` would start it."""
    with Stage(database_url, migrate=False) as stage:
        for user_id, (name, is_admin) in PEOPLE.items():
            stage.slack.add_user(user_id, name, is_admin=is_admin)
        stage.slack.join_channel(VISITS_CHANNEL, *PEOPLE)
        yield stage


def owed(stage: Stage) -> list[Notification]:
    with stage.services.session_factory() as session:
        return list(session.scalars(select(Notification).where(Notification.state == "pending")))


def test_an_uninstall_stops_every_message_in_the_next_pass_and_keeps_them_owed(stage, frozen):
    set_up(stage)
    book(stage, VISITOR, open_door(stage))
    waiting = {row.id for row in owed(stage)}
    assert waiting, "the booking owes reminders"
    assert stage.send.uninstall_app().status == 200
    stage.slack.reset_calls()
    results = run_jobs(stage, frozen, VISIT_DAY_MORNING)
    assert results["outbox"] == 0
    assert stage.slack.calls() == [], "nothing tried against the dead token, nor planned"
    still = owed(stage)
    assert {row.id for row in still} == waiting
    assert all(row.attempts == 0 and row.last_error == "" for row in still)
    run_jobs(stage, frozen, "2026-11-24 14:20:00")
    assert stage.slack.calls() == [], "nor on the next run: nothing loops"


def test_messages_owed_after_an_uninstall_wait_too(stage, frozen):
    set_up(stage)
    stage.send.uninstall_app()
    with stage.services.session_factory() as session:
        owe_notes(session, school(session), [VISITOR], stage.services.clock())
    stage.services.outbox.kick()
    stage.settle()
    assert not dms_saying(stage, VISITOR, "note 0")


def test_a_revoked_bot_token_stops_sending_but_a_person_revoking_theirs_does_not(stage, frozen):
    set_up(stage)
    assert stage.send.revoke_tokens(bot=False, people=(VISITOR,)).status == 200
    with stage.services.session_factory() as session:
        owe_notes(session, school(session), [VISITOR], stage.services.clock(), tag="first")
    stage.services.outbox.kick()
    stage.settle()
    assert dms_saying(stage, VISITOR, "first 0")
    assert stage.send.revoke_tokens(bot=True).status == 200
    stage.slack.reset_calls()
    with stage.services.session_factory() as session:
        owe_notes(session, school(session), [VISITOR], stage.services.clock(), tag="second")
    run_jobs(stage, frozen, VISIT_DAY_MORNING)
    assert stage.slack.calls() == []
    assert len(owed(stage)) == 1


def test_a_reinstall_sends_what_is_still_owed_and_lets_the_rest_expire(database_url, frozen):
    with running(database_url) as stage:
        set_up(stage)
        book(stage, VISITOR, open_door(stage))
        stage.send.uninstall_app()
        run_jobs(stage, frozen, VISIT_DAY_MORNING)
        assert not dms_saying(stage, VISITOR, "Coming up")
    with running(database_url) as stage:  # the admin installed it again and restarted
        run_jobs(stage, frozen, VISIT_DAY_MORNING)
        assert dms_saying(stage, VISITOR, "In about an hour")
        assert dms_saying(stage, HOST, "In about an hour")
        assert not dms_saying(stage, VISITOR, "Coming up"), "the day-before reminder is past"
        assert not owed_now(stage)


def owed_now(stage: Stage) -> list[Notification]:
    now = stage.services.clock()
    return [row for row in owed(stage) if row.due_at <= now]
