"""Dispatchers that overlap: a lease that ran out, a try that may have gone out, a busy channel,
one school's rate limit, two processes writing to one person. Found by review, each pinned here.
"""

import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from bot.models import Notification, Workspace
from bot.outbox.claims import LEASE, claim_due
from bot.outbox.delivery import deliver, render
from bot.outbox.dispatcher import _send_all, dispatch_due
from bot.outbox.pacing import POST, Pacer
from tests.people import VISITOR, owe_notes, school, set_up


def quiet_outbox(session):
    """What setting up owed is out of the way, so each test sees only its own rows."""
    session.execute(update(Notification).values(state="sent"))
    session.commit()


def test_a_dispatcher_whose_lease_ran_out_leaves_the_row_to_the_one_that_took_it(stage, frozen):
    set_up(stage)
    now = datetime.now(UTC)
    with stage.services.session_factory() as session:
        quiet_outbox(session)
        owe_notes(session, school(session), [VISITOR], now, "lease")
    first = stage.services.session_factory()
    claims, _ = claim_due(first, now, Pacer(), lease_clock=lambda: now)
    with stage.services.session_factory() as other:
        later = now + LEASE + timedelta(seconds=1)
        assert dispatch_due(other, stage.services.client, later, budget=0) == 1
    _send_all(
        first, stage.services.client, claims, now, stage.services.timing, Pacer(), lambda: now
    )
    first.close()
    assert Counter(m.text for m in stage.slack.dms(VISITOR))["lease 0"] == 1


def test_a_taken_over_row_is_still_looked_for_after_a_try_that_ended_later(stage, frozen):
    set_up(stage)
    now = datetime.now(UTC)
    with stage.services.session_factory() as session:
        quiet_outbox(session)
        (row_id,) = owe_notes(session, school(session), [VISITOR], now, "crash")
        claim_due(session, now, Pacer(), lease_clock=lambda: now)
        row = session.get(Notification, row_id)
        deliver(stage.services.client, render(session, row, now, stage.services.timing), row.id,
                row.created_at, look=False)  # fmt: skip
        session.rollback()  # posted, then the process died before recording it
        workspace = school(session)
        workspace.paused_since, workspace.paused_until = now, now + LEASE + timedelta(minutes=5)
        session.commit()
    later = now + LEASE + timedelta(seconds=1)
    with stage.services.session_factory() as session:
        dispatch_due(session, stage.services.client, later, budget=0)  # taken over: paused
        assert session.get(Notification, row_id).state == "pending"
    with stage.services.session_factory() as session:
        dispatch_due(session, stage.services.client, later + timedelta(minutes=6), budget=0)
    assert Counter(m.text for m in stage.slack.dms(VISITOR))["crash 0"] == 1, "posted twice"


def test_a_dm_is_not_held_behind_another_channels_backlog(stage, frozen):
    set_up(stage)
    now = datetime.now(UTC)
    with stage.services.session_factory() as session:
        quiet_outbox(session)
        owe_notes(session, school(session), ["U0BUSY"] * 40, now - timedelta(minutes=1), "busy")
        (dm,) = owe_notes(session, school(session), ["U0SOMEONE"], now, "dm")
        claims, _ = claim_due(session, now, Pacer())
    assert dm in [claim.id for claim in claims]


def test_a_second_dispatcher_does_not_claim_the_next_message_to_a_person_in_flight(stage, frozen):
    set_up(stage)
    now = datetime.now(UTC)
    with stage.services.session_factory() as session:
        quiet_outbox(session)
        owe_notes(session, school(session), [VISITOR, VISITOR], now, "order")
    with stage.services.session_factory() as a, stage.services.session_factory() as b:
        first, _ = claim_due(a, now, Pacer())
        second, _ = claim_due(b, now, Pacer())
    assert [claim.recipient for claim in first] == [VISITOR]
    assert second == [], "the next message waits for the one in flight to the same person"


def test_two_dispatchers_together_keep_one_persons_messages_in_order(stage, frozen):
    set_up(stage)
    now = datetime.now(UTC)
    with stage.services.session_factory() as session:
        quiet_outbox(session)
        owe_notes(session, school(session), [VISITOR] * 6, now, "order")

    def dispatcher():
        with stage.services.session_factory() as session:
            dispatch_due(session, stage.services.client, now, pacer=Pacer())

    threads = [threading.Thread(target=dispatcher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert [m.text for m in stage.slack.dms(VISITOR)][-6:] == [f"order {n}" for n in range(6)]


def test_one_schools_rate_limit_never_holds_up_another_schools_messages(stage, frozen):
    set_up(stage)
    stage.settle()
    runner = stage.services.outbox
    now = datetime.now(UTC)
    with stage.services.session_factory() as session:
        quiet_outbox(session)
        busy = school(session)
        other = Workspace(team_id="T0OTHER", timezone="America/Chicago")
        session.add(other)
        session.flush()
        runner.pacer.hold(busy.id, POST, 8)  # Slack said 429 with Retry-After: 8
        owe_notes(session, busy, ["U0A"], now, "held")
        other_id = other.id
    runner.kick()
    time.sleep(0.5)
    stage.slack.add_user("U0ELSEWHERE", "elsewhere")
    with stage.services.unit_of_work() as session:
        owe_notes(session, session.get(Workspace, other_id), ["U0ELSEWHERE"], datetime.now(UTC),
                  "elsewhere")  # fmt: skip
    started = time.monotonic()
    while not stage.slack.dms("U0ELSEWHERE") and time.monotonic() - started < 10:
        time.sleep(0.05)
    assert stage.slack.dms("U0ELSEWHERE"), "another school's message went out meanwhile"
    assert time.monotonic() - started < 3
