"""Open doors: a host opens one (a slot with seats, checked against the school calendar and the
host's week), and closes it; and the rule that no one is in two places at once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.db import changed
from bot.domain import calendar
from bot.domain.errors import DomainError, NotAllowed, NotFound, check
from bot.domain.form_input import whole_number
from bot.domain.offer_form import OfferForm, offer_form_errors, period_filled, read_slot
from bot.domain.outbox import close_ask, refresh_card, reshow, tell, withdraw
from bot.models import Member, Offer, Request, Visit, Workspace
from bot.vocabulary import (
    ACTIVE_VISIT_STATUSES,
    NotificationKind,
    OfferStatus,
    RequestStatus,
    VisitStatus,
)


def create_offer(
    session: Session, workspace: Workspace, host: Member, form: OfferForm, now: datetime
) -> Offer:
    """Save the host's door and owe its card in the visits channel, once every field is right and
    the host isn't already hosting then."""
    period_errors = period_filled(workspace, host, form)
    slot, errors = read_slot(session, workspace, form.day, form.start, form.end, now)
    if period_errors:
        errors = {key: text for key, text in errors.items() if key not in ("start", "end")}
        errors.update(period_errors)
    errors.update(offer_form_errors(workspace, host, form))
    if slot and not errors:
        clash = _hosting_then(session, host, slot.starts_at, slot.ends_at)
        if clash is not None:
            errors["start"] = (
                "You already have an open door then "
                f"({calendar.local(workspace, clash.starts_at):%a %b %d, %H:%M}). Pick another time."
            )
    check(errors)
    seats, school_id = whole_number(form.seats), form.school_for(host)
    assert slot is not None and seats is not None and school_id is not None
    offer = Offer(
        workspace_id=workspace.id,
        school_id=school_id,
        host_id=host.id,
        room=form.room.strip(),
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        grade=form.grade or "",
        subject=form.subject or "",
        practices=list(form.practices),
        details=form.details.strip(),
        key_moment=form.key_moment.strip(),
        seats=seats,
        approval_required=form.approval,
        feedback=form.feedback,
        look_fors=form.look_fors.strip(),
        video_url=form.video_url.strip(),
        channel_id=workspace.visits_channel_id,
        created_at=now,
    )
    session.add(offer)
    refresh_card(session, workspace, offer, now)
    return offer


def get_offer(session: Session, workspace: Workspace, offer_id: int) -> Offer:
    offer = session.get(Offer, offer_id)
    if offer is None or offer.workspace_id != workspace.id:
        raise NotFound("I can't find that open door any more.")
    return offer


def lock_door(session: Session, offer: Offer) -> None:
    """Lock the rows a change to this door touches, in the one order every change takes them: the
    request it answers (if any), then the door (then, by the caller, its visits). Concurrent
    changes then wait for each other instead of deadlocking, and each reads what the one before
    it decided (SQLite's `BEGIN IMMEDIATE` already serialises every writer)."""
    if offer.request_id is not None:
        session.scalars(
            select(Request)
            .where(Request.id == offer.request_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).one()
    session.scalars(
        select(Offer)
        .where(Offer.id == offer.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def cancel_offer(
    session: Session,
    workspace: Workspace,
    actor: Member,
    offer_id: int,
    now: datetime,
    untaken: bool = False,
) -> Offer:
    """The host closes their door: every visitor is told and the card says so. A click from a
    Home tab or message that showed a time offered for a request nobody had taken (`untaken`)
    acts only while that is still so: withdrawing an offer never cancels the visit its visitor
    has since confirmed."""
    offer = get_offer(session, workspace, offer_id)
    lock_door(session, offer)
    if offer.host_id != actor.id:
        raise NotAllowed("Only the host can cancel this open door.")
    if offer.status != OfferStatus.OPEN:
        raise NotFound("This open door is already cancelled.")
    if untaken and offer.seats_taken > 0:
        raise DomainError(
            "Your visitor confirmed this time since that message, so I've changed nothing. "
            "To cancel the visit, use `/visit mine` or the Home tab."
        )
    if offer.starts_at <= now:
        raise NotAllowed("This visit has already started, so it can't be cancelled.")
    close_door(session, workspace, offer, actor, "The host cancelled the open door.", now)
    return offer


def close_door(
    session: Session,
    workspace: Workspace,
    offer: Offer,
    by: Member | None,
    reason: str,
    now: datetime,
) -> None:
    """Close an open door whose lock the caller holds (`lock_door`): its visits are called off
    and each visitor told why, what was owed about them is withdrawn, a request it answered is
    open again (its visitor told), and the card says so. `by` is None when the bot closes it
    (its host has left)."""
    closed = changed(
        session,
        update(Offer)
        .where(Offer.id == offer.id, Offer.status == OfferStatus.OPEN)
        .values(status=OfferStatus.CANCELLED, seats_taken=0)
        .execution_options(synchronize_session=False),
    )
    if closed != 1:
        raise NotFound("This open door is already cancelled.")
    session.refresh(offer)
    session.expire(offer, ["visits"])
    for visit in offer.visits:
        if visit.status == VisitStatus.PENDING:
            close_ask(session, workspace, visit, now)  # its buttons go, naming nobody
        if visit.status in ACTIVE_VISIT_STATUSES:
            visit.status = VisitStatus.CANCELLED
            visit.cancelled_by_id = by.id if by else None
            visit.cancel_reason = reason
            visit.decided_at = now
            tell(session, workspace, NotificationKind.VISIT_CANCELLED,
                 visit.visitor.slack_user_id, visit, now)  # fmt: skip
            reshow(session, workspace, visit, now)
    withdraw(session, offer)
    for visit in offer.visits:
        withdraw(session, visit)
    request = offer.request
    if request is not None:
        if request.status == RequestStatus.MATCHED:
            request.status = RequestStatus.OPEN
        elif request.status == RequestStatus.OPEN:
            tell(session, workspace, NotificationKind.HOSTING_WITHDRAWN,
                 request.visitor.slack_user_id, offer, now)  # fmt: skip
        refresh_card(session, workspace, request, now)
    refresh_card(session, workspace, offer, now)


def _hosting_then(
    session: Session, host: Member, starts_at: datetime, ends_at: datetime
) -> Offer | None:
    """Another open door of the host's then; times offered for requests count once confirmed."""
    return session.scalar(
        select(Offer).where(
            Offer.host_id == host.id,
            Offer.status == OfferStatus.OPEN,
            or_(Offer.request_id.is_(None), Offer.seats_taken > 0),
            Offer.starts_at < ends_at,
            Offer.ends_at > starts_at,
        )
    )


def visitor_clash(
    session: Session, member: Member, starts_at: datetime, ends_at: datetime
) -> Offer | None:
    """A visit or open door of this person's that overlaps the given time."""
    visiting = session.scalar(
        select(Offer)
        .join(Visit, Visit.offer_id == Offer.id)
        .where(
            Visit.visitor_id == member.id,
            Visit.status.in_(ACTIVE_VISIT_STATUSES),
            Offer.starts_at < ends_at,
            Offer.ends_at > starts_at,
        )
    )
    if visiting is not None:
        return visiting
    return _hosting_then(session, member, starts_at, ends_at)
