"""The outbox's promises: nothing lost, nothing sent twice, even across a crash or a revoked token."""

import threading
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.domain.outbox import owe
from bot.models import Member, Notification, Workspace
from bot.outbox.claims import LEASE, claim_due
from bot.outbox.delivery import deliver, render
from bot.outbox.dispatcher import dispatch_due
from bot.outbox.pacing import Pacer
from tests.people import ADMIN, HOST, VISITOR, book, card, dms_saying, open_door, run_jobs, set_up

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


def owe_notices(stage, count, recipient=VISITOR):
    """Messages owed straight into the outbox, as any domain change would write them; `recipient`
    may be a function of the notice's number."""
    to = recipient if callable(recipient) else lambda _n: recipient
    with stage.services.session_factory() as session:
        workspace = session.scalars(select(Workspace)).one()
        ids = [
            owe(session, workspace, kind="admin_notice", recipient=to(n), key=f"admin_notice:test-{n}:0",
                due_at=NOW, now=NOW, payload={"text": f"notice {n}"})
            for n in range(count)
        ]  # fmt: skip
        session.commit()
    return ids


def claim(session, notification_id):
    claims, _ = claim_due(session, NOW, Pacer(), lease_clock=lambda: NOW)
    assert [c.id for c in claims] == [notification_id]
    return claims[0]


def test_a_dispatcher_killed_after_slack_answered_does_not_send_twice(stage, frozen):
    set_up(stage)
    (notification_id,) = owe_notices(stage, 1)
    with stage.services.session_factory() as session:
        claim(session, notification_id)
        notification = session.get(Notification, notification_id)
        outgoing = render(session, notification, NOW, stage.services.timing)
        deliver(stage.services.client, outgoing, notification_id, notification.created_at, False)
        session.rollback()  # the process dies before it can record the send
    assert len(dms_saying(stage, VISITOR, "notice 0")) == 1
    with stage.services.session_factory() as session:
        assert dispatch_due(session, stage.services.client, NOW + timedelta(seconds=30)) == 0
        assert dispatch_due(session, stage.services.client, NOW + LEASE + timedelta(seconds=1)) == 1
        recovered = session.get(Notification, notification_id, populate_existing=True)
        assert recovered.state == "sent" and recovered.message_ts
    assert len(dms_saying(stage, VISITOR, "notice 0")) == 1, "found by its metadata, not resent"


def test_a_dispatcher_killed_before_sending_loses_nothing(stage, frozen):
    set_up(stage)
    (notification_id,) = owe_notices(stage, 1)
    with stage.services.session_factory() as session:
        claim(session, notification_id)  # then the process dies
        dispatch_due(session, stage.services.client, NOW + LEASE + timedelta(seconds=1))
    assert len(dms_saying(stage, VISITOR, "notice 0")) == 1


def test_racing_dispatchers_send_each_message_once(stage, frozen):
    set_up(stage)
    people = [f"U0TEACHER{n:02d}" for n in range(40)]
    for person in people:
        stage.slack.add_user(person, person.lower())
    owe_notices(stage, 40, recipient=lambda n: people[n])
    start = threading.Barrier(4)

    def dispatcher():
        start.wait()
        with stage.services.session_factory() as session:
            dispatch_due(session, stage.services.client, NOW + timedelta(seconds=1))

    threads = [threading.Thread(target=dispatcher) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    texts = [message.text for person in people for message in stage.slack.dms(person)]
    assert sorted(texts) == sorted(f"notice {n}" for n in range(40))


def test_a_revoked_token_holds_every_message_and_the_admins_hear_once_it_works(stage, frozen):
    set_up(stage)
    posted = open_door(stage)
    stage.slack.revoke_token()
    book(stage, VISITOR, posted)
    assert not stage.slack.dms(VISITOR)
    with stage.services.session_factory() as session:
        workspace = session.scalars(select(Workspace)).one()
        assert workspace.pause_reason == "token_revoked"
        assert {n.state for n in session.scalars(select(Notification))} <= {"pending", "sent"}
    stage.slack.revoke_token(None)
    run_jobs(stage, frozen, "2026-11-23 14:05:00")
    assert not stage.slack.dms(VISITOR), "still paused until the pause ends"
    run_jobs(stage, frozen, "2026-11-23 14:16:00")
    assert dms_saying(stage, VISITOR, "You're booked")
    assert dms_saying(stage, ADMIN, "refused my token")
    assert "1 of 2 seats left" in card(stage, posted.ts).plain()


def test_a_deactivated_visitor_is_marked_and_their_visits_are_called_off(stage, frozen):
    set_up(stage)
    posted = open_door(stage)
    book(stage, VISITOR, posted)
    stage.slack.set_user_deleted(VISITOR)
    run_jobs(stage, frozen, "2026-11-23 20:00:00")  # the day-before reminder fails
    with stage.services.session_factory() as session:
        member = session.scalars(select(Member).where(Member.slack_user_id == VISITOR)).one()
        assert member.undeliverable == "left:deactivated"
    assert dms_saying(stage, HOST, "is off")
    assert dms_saying(stage, ADMIN, "has left")
    assert "2 of 2 seats left" in card(stage, posted.ts).plain()


def test_an_archived_visits_channel_is_reported_to_the_admins(stage, frozen):
    set_up(stage)
    stage.slack.archive_channel("C0VISITS")
    stage.send.command(HOST, "offer")
    stage.settle()
    stage.send.submit(HOST, {"day": "2026-11-24", "start": "10:15", "end": "11:00", "room": "204",
                             "practices": ["Station rotation"]})  # fmt: skip
    stage.settle()
    assert dms_saying(stage, ADMIN, "can't post in")


class SlowSlack:
    """A Slack that takes its time answering chat.postMessage."""

    def __init__(self, client, delay):
        self._client, self._delay = client, delay

    def __getattr__(self, name):
        return getattr(self._client, name)

    def chat_postMessage(self, **kwargs):
        time.sleep(self._delay)
        return self._client.chat_postMessage(**kwargs)


def test_a_slow_slack_call_never_holds_up_peoples_clicks(stage, frozen):
    set_up(stage)
    stage.send.command(HOST, "offer")
    stage.settle()
    owe_notices(stage, 1)
    slow = SlowSlack(stage.services.client, 4)
    dispatcher = threading.Thread(
        target=lambda: dispatch_due(
            stage.services.session_factory(), slow, NOW + timedelta(seconds=1), budget=0
        )
    )
    dispatcher.start()
    time.sleep(0.3)
    reply = stage.send.submit(HOST, {"day": "2026-11-24", "start": "10:15", "end": "11:00", "room": "204",
                                     "practices": ["Station rotation"]})  # fmt: skip
    dispatcher.join()
    assert reply.status == 200, "the modal was answered within Slack's three seconds"
    assert not stage.slack.modal_errors(HOST)
