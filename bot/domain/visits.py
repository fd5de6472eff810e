"""A visit's life as rows: found, locked in the one order, moved between statuses, released.

Booking, the host's answer, closed days, reflections and a person leaving all change visits;
they share these few steps so that each change takes its locks in the same order and of two
racing clicks exactly one wins.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.db import changed
from bot.domain.errors import DomainError, NotFound
from bot.domain.offers import lock_door
from bot.domain.outbox import withdraw
from bot.models import Member, Offer, Visit, Workspace
from bot.vocabulary import ACTIVE_VISIT_STATUSES, VisitStatus


def transition(
    session: Session, visit: Visit, frm: tuple[str, ...], to: str, **values: object
) -> None:
    """Move a visit from one state to another atomically: of two clicks racing to cancel (or to
    accept) the same visit, exactly one wins, on PostgreSQL's row locks as on SQLite's."""
    moved = changed(
        session,
        update(Visit)
        .where(Visit.id == visit.id, Visit.status.in_(frm))
        .values(status=to, **values)
        .execution_options(synchronize_session=False),
    )
    if moved != 1:
        session.refresh(visit)
        raise DomainError(f"This visit is already {visit.status}.")
    session.refresh(visit)


def release(session: Session, visit: Visit, actor: Member | None, reason: str) -> None:
    """Cancel a visit and free its seat, once; what was owed about it is withdrawn.

    The offer row is locked before the visit's, the order booking and closing a door use too,
    so concurrent changes wait for each other instead of deadlocking."""
    session.execute(
        update(Offer)
        .where(Offer.id == visit.offer_id)
        .values(seats_taken=Offer.seats_taken - 1)
        .execution_options(synchronize_session=False)
    )
    transition(
        session,
        visit,
        ACTIVE_VISIT_STATUSES,
        VisitStatus.CANCELLED,
        cancelled_by_id=actor.id if actor else None,
        cancel_reason=reason,
    )
    session.refresh(visit.offer)
    withdraw(session, visit)
    session.flush()
    if not any(other.status in ACTIVE_VISIT_STATUSES for other in visit.offer.visits):
        withdraw(session, visit.offer)


def lock_visit(session: Session, workspace: Workspace, visit_id: int) -> Visit:
    """The visit, read again under lock after its door's (`lock_door`'s order), for a change."""
    visit = get_visit(session, workspace, visit_id)
    lock_door(session, visit.offer)
    session.scalars(
        select(Visit)
        .where(Visit.id == visit.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    return visit


def get_visit(session: Session, workspace: Workspace, visit_id: int) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None or visit.workspace_id != workspace.id:
        raise NotFound("I can't find that visit any more.")
    return visit
