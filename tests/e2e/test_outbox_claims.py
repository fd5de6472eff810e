"""How dispatchers share the outbox: leases, fairness between schools, order within a channel."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from bot.models import Notification, Workspace
from bot.outbox.claims import LEASE, claim_due
from bot.outbox.dispatcher import dispatch_due
from bot.outbox.pacing import Pacer
from tests.people import VISITOR, owe_notes, school, set_up

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


def test_a_lease_runs_from_the_moment_its_row_is_claimed(stage, frozen):
    set_up(stage)
    with stage.services.session_factory() as session:
        (row_id,) = owe_notes(session, school(session), [VISITOR], NOW, "n")
        later = NOW + timedelta(minutes=10)  # a long run, still going ten minutes on
        claims, _ = claim_due(session, NOW, Pacer(), lease_clock=lambda: later)
        assert [claim.id for claim in claims] == [row_id]
        assert session.get(Notification, row_id).claimed_until == later + LEASE


def test_a_schools_backlog_never_delays_another_school(stage, frozen):
    set_up(stage)
    with stage.services.session_factory() as session:
        owe_notes(session, school(session), [f"U0T{n:03d}" for n in range(80)], NOW, "busy")
        other = Workspace(team_id="T0OTHER", timezone="America/Chicago")
        session.add(other)
        session.flush()
        (theirs,) = owe_notes(session, other, ["U0ELSEWHERE"], NOW, "quiet")
        claims, _ = claim_due(session, NOW, Pacer())
    assert theirs in [claim.id for claim in claims]
    assert len(claims) < 81, "each school gets its share of a pass, not the whole of it"


def test_messages_to_one_person_go_one_per_pass_in_the_order_they_were_owed(stage, frozen):
    set_up(stage)
    stage.slack.reset_calls()
    with stage.services.session_factory() as session:
        owe_notes(session, school(session), [VISITOR] * 3, NOW, "n")
        claims, _ = claim_due(session, NOW, Pacer())
        assert len(claims) == 1
        session.execute(
            Notification.__table__.update()
            .where(Notification.id == claims[0].id)
            .values(state="pending", claimed_until=None)
        )
        session.commit()
        assert dispatch_due(session, stage.services.client, NOW) == 3
    assert [m.text for m in stage.slack.dms(VISITOR)][-3:] == ["n 0", "n 1", "n 2"]


def test_a_dispatcher_skips_rows_another_has_locked_instead_of_waiting(stage, frozen):
    if stage.services.engine.dialect.name != "postgresql":
        pytest.skip("SKIP LOCKED is PostgreSQL's; SQLite runs one writer at a time")
    set_up(stage)
    with stage.services.session_factory() as session:
        first, second = owe_notes(session, school(session), ["U0A", "U0B"], NOW, "n")
    holder = stage.services.session_factory()
    holder.execute(text("SELECT id FROM notifications WHERE id = :id FOR UPDATE"), {"id": first})
    done = threading.Event()
    claimed: list[int] = []

    def other_dispatcher() -> None:
        with stage.services.session_factory() as session:
            claims, _ = claim_due(session, NOW, Pacer())
            claimed.extend(claim.id for claim in claims)
        done.set()

    threading.Thread(target=other_dispatcher).start()
    assert done.wait(5), "the second dispatcher waited on the first one's lock"
    holder.rollback()
    holder.close()
    assert claimed == [second]
