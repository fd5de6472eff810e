"""Booking seats: the one place that decides who gets a seat, safely under concurrent clicks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.db import changed
from bot.domain import calendar
from bot.domain.approvals import plan_ask
from bot.domain.errors import DomainError, NotAllowed, NotFound
from bot.domain.followups import schedule_visit
from bot.domain.offers import get_offer, lock_door, visitor_clash
from bot.domain.open_doors import refuse_on_closed_day
from bot.domain.outbox import (
    close_ask,
    owe,
    refresh_card,
    reshow,
    seats_changed,
    tell,
    where_asked,
)
from bot.domain.timing import DEFAULT_TIMING, Timing
from bot.domain.visits import lock_visit, release, transition
from bot.models import Member, Offer, Request, Visit, Workspace
from bot.vocabulary import (
    ACTIVE_VISIT_STATUSES,
    NotificationKind,
    OfferStatus,
    RequestStatus,
    VisitStatus,
)


class AlreadyAnswered(DomainError):
    """A host's second answer to one ask: it says what the first decided, as facts (who, and
    how it ended) that a view words."""

    def __init__(self, visit: Visit, host: Member) -> None:
        super().__init__(f"This visit is already {visit.status}.")
        self.visitor = visit.visitor.slack_user_id
        self.status = VisitStatus(visit.status)
        self.by_host = visit.cancelled_by_id == host.id
        self.by_visitor = visit.cancelled_by_id == visit.visitor_id


class OfferFull(DomainError):
    def __init__(self) -> None:
        super().__init__("Sorry, that open door just filled up. Try `/visit list` for others.")


class AlreadyBooked(DomainError):
    def __init__(self) -> None:
        super().__init__("You already have a seat for this visit. See `/visit mine`.")


def book(
    session: Session,
    workspace: Workspace,
    visitor: Member,
    offer_id: int,
    now: datetime,
    timing: Timing = DEFAULT_TIMING,
) -> Visit:
    """Take a seat, or with approval on, hold one while the host decides. A time offered to the
    visitor's own request is taken as confirming it, whichever button they used."""
    offer = get_offer(session, workspace, offer_id)
    lock_door(session, offer)
    _check_bookable(session, workspace, visitor, offer, now)
    request = offer.request
    if request is not None and request.status != RequestStatus.OPEN:
        raise DomainError(f"Your request is already {request.status}.")
    _take_seat(session, offer)
    needs_host = offer.approval_required and offer.request_id is None
    visit = Visit(
        workspace_id=workspace.id,
        offer_id=offer.id,
        visitor_id=visitor.id,
        status=VisitStatus.PENDING if needs_host else VisitStatus.CONFIRMED,
        created_at=now,
        decided_at=None if needs_host else now,
    )
    try:
        with session.begin_nested():
            session.add(visit)
    except IntegrityError as error:
        raise AlreadyBooked() from error
    if needs_host:
        _ask_host(session, workspace, offer, visitor, visit, now)
        plan_ask(session, workspace, visit, timing, now)
    else:
        _confirmed(session, workspace, visit, now, timing)
    if request is not None:
        _fulfil(session, workspace, request, offer, now)
    seats_changed(session, workspace, offer, now)
    return visit


def _take_seat(session: Session, offer: Offer) -> None:
    """Take one seat with a conditional UPDATE, trusting only its row count: of two clicks at
    the last seat exactly one gets it, and the other is told why not (full, or just closed)."""
    taken = changed(
        session,
        update(Offer)
        .where(
            Offer.id == offer.id, Offer.status == OfferStatus.OPEN, Offer.seats_taken < Offer.seats
        )
        .values(seats_taken=Offer.seats_taken + 1)
        .execution_options(synchronize_session=False),
    )
    if taken != 1:
        session.refresh(offer)
        if offer.status != OfferStatus.OPEN:
            raise NotFound("This open door was just cancelled by its host.")
        raise OfferFull()
    session.refresh(offer)


def _ask_host(
    session: Session,
    workspace: Workspace,
    offer: Offer,
    visitor: Member,
    visit: Visit,
    now: datetime,
) -> None:
    """With approval on, the host is asked in the card's thread (or by DM) and the visitor told
    their seat is held meanwhile."""
    owe(
        session,
        workspace,
        kind=NotificationKind.APPROVAL_ASK,
        recipient=where_asked(offer),
        key=f"approval-ask:{visit.id}",
        due_at=now,
        now=now,
        subject=visit,
    )
    tell(session, workspace, NotificationKind.VISIT_PENDING, visitor.slack_user_id, visit, now)


def _fulfil(
    session: Session, workspace: Workspace, request: Request, taken: Offer, now: datetime
) -> None:
    """The request is matched; the other hosts who offered a time are thanked and freed."""
    request.status = RequestStatus.MATCHED
    others = session.scalars(
        select(Offer).where(
            Offer.request_id == request.id,
            Offer.id != taken.id,
            Offer.status == OfferStatus.OPEN,
            Offer.seats_taken == 0,
        )
    )
    for other in others:
        other.status = VisitStatus.CANCELLED
        tell(
            session,
            workspace,
            NotificationKind.HOSTING_NOT_NEEDED,
            other.host.slack_user_id,
            other,
            now,
        )
    refresh_card(session, workspace, request, now)


def decide(
    session: Session,
    workspace: Workspace,
    host: Member,
    visit_id: int,
    accept: bool,
    now: datetime,
    timing: Timing = DEFAULT_TIMING,
) -> Visit:
    """The host answers a visitor who asked to come; only the host may, and only once: a second
    answer (a double click, Accept racing Decline) is told what the first decided."""
    visit = lock_visit(session, workspace, visit_id)
    if visit.offer.host_id != host.id:
        raise NotAllowed("Only the host can accept or decline visitors for this open door.")
    if visit.status != VisitStatus.PENDING:
        raise AlreadyAnswered(visit, host)
    if accept and visit.offer.starts_at <= now:
        raise DomainError("This visit has already started.")
    if accept:
        transition(session, visit, (VisitStatus.PENDING,), VisitStatus.CONFIRMED, decided_at=now)
        _confirmed(session, workspace, visit, now, timing)
    else:
        release(session, visit, host, "The host couldn't take a visitor this time.")
        visit.decided_at = now
        tell(
            session,
            workspace,
            NotificationKind.VISIT_DECLINED,
            visit.visitor.slack_user_id,
            visit,
            now,
        )
    reshow(session, workspace, visit, now)
    if accept:  # the seat was held while the host decided
        refresh_card(session, workspace, visit.offer, now)
    else:
        seats_changed(session, workspace, visit.offer, now)
    close_ask(session, workspace, visit, now)
    return visit


def cancel_visit(
    session: Session,
    workspace: Workspace,
    actor: Member,
    visit_id: int,
    now: datetime,
    shown: VisitStatus | None = None,
) -> Visit:
    """Host or visitor calls a visit off; the seat is freed and the other side told. A click
    from a message that showed the visit `shown` (pending, say) acts only while it still is:
    withdrawing an ask never cancels the visit the host has since confirmed."""
    visit = lock_visit(session, workspace, visit_id)
    offer = visit.offer
    if actor.id not in (offer.host_id, visit.visitor_id):
        raise NotAllowed("Only the host or the visitor can cancel this visit.")
    if visit.status not in ACTIVE_VISIT_STATUSES:
        raise DomainError(f"This visit is already {visit.status}.")
    if shown is not None and visit.status != shown:
        raise DomainError(
            f"This visit was {visit.status} since that message, so I've changed nothing. "
            "To cancel it, use the newer message, `/visit mine` or the Home tab."
        )
    if offer.starts_at <= now:
        raise NotAllowed("This visit has already started, so it can't be cancelled.")
    by_host = actor.id == offer.host_id
    was_asked = visit.status == VisitStatus.PENDING
    release(session, visit, actor, "The host cancelled." if by_host else "The visitor cancelled.")
    other = visit.visitor if by_host else offer.host
    tell(session, workspace, NotificationKind.VISIT_CANCELLED, other.slack_user_id, visit, now)
    reshow(session, workspace, visit, now)
    if was_asked:
        close_ask(session, workspace, visit, now)
    if offer.request is not None:
        offer.status = OfferStatus.CANCELLED
        offer.request.status = RequestStatus.OPEN
        refresh_card(session, workspace, offer.request, now)
    seats_changed(session, workspace, offer, now)
    return visit


def _check_bookable(
    session: Session, workspace: Workspace, visitor: Member, offer: Offer, now: datetime
) -> None:
    if offer.status != OfferStatus.OPEN:
        raise NotFound("This open door was cancelled by its host.")
    if offer.host_id == visitor.id:
        raise NotAllowed("That's your own open door. Share it with colleagues instead!")
    if offer.request is not None and offer.request.visitor_id != visitor.id:
        raise NotAllowed("This time was offered to someone else's request.")
    if offer.starts_at <= now:
        raise DomainError("This visit has already started. Try `/visit list` for upcoming ones.")
    refuse_on_closed_day(session, workspace, offer)
    mine = session.scalar(
        select(Visit).where(
            Visit.offer_id == offer.id,
            Visit.visitor_id == visitor.id,
            Visit.status.in_(ACTIVE_VISIT_STATUSES),
        )
    )
    if mine is not None:
        raise AlreadyBooked()
    clash = visitor_clash(session, visitor, offer.starts_at, offer.ends_at)
    if clash is not None:
        when = calendar.local(workspace, clash.starts_at)
        what = (
            "you're hosting"
            if clash.host_id == visitor.id
            else f"you're visiting {clash.host.name}"
        )
        raise DomainError(
            f"That overlaps another visit: {what} on {when:%a %b} {when.day} at {when:%H:%M}. "
            "Cancel one in `/visit mine` first."
        )


def _confirmed(
    session: Session, workspace: Workspace, visit: Visit, now: datetime, timing: Timing
) -> None:
    tell(session, workspace, NotificationKind.VISIT_BOOKED, visit.visitor.slack_user_id, visit, now)
    tell(
        session,
        workspace,
        NotificationKind.VISITOR_COMING,
        visit.offer.host.slack_user_id,
        visit,
        now,
    )
    schedule_visit(session, workspace, visit, timing, now)
