"""Offers to host a request: a colleague answers "I can host" with a time, and the visitor
confirms it (which books it) or declines it.

A time offered is stored as a one-seat open door tied to the request, so booking, cancelling and
the cards treat it as any other door; this module holds what differs: who may offer, which days
fit the request, and the visitor's answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain import calendar
from bot.domain.bookings import book
from bot.domain.errors import DomainError, NotAllowed, NotFound, check
from bot.domain.offer_form import MAX_DETAILS, MAX_ROOM, Slot, period_times_on, read_slot
from bot.domain.offers import lock_door, visitor_clash
from bot.domain.outbox import refresh_card, tell
from bot.domain.requests import get_request
from bot.domain.timing import DEFAULT_TIMING, Timing
from bot.models import Member, Offer, Request, Visit, Workspace
from bot.vocabulary import NotificationKind, OfferStatus, RequestStatus


@dataclass
class HostingForm:
    day: str | None
    start: str | None
    end: str | None
    room: str = ""
    note: str = ""
    # A period of the host's bell schedule, whose times on the day become the time offered.
    period: str | None = None


def propose_time(
    session: Session,
    workspace: Workspace,
    host: Member,
    request_id: int,
    form: HostingForm,
    now: datetime,
) -> Offer:
    """A host answers "I can host" with a time; the visitor confirms or declines it."""
    request = get_request(session, workspace, request_id)
    if request.visitor_id == host.id:
        raise NotAllowed("That's your own request. A colleague will answer it.")
    if request.status != RequestStatus.OPEN:
        raise DomainError(
            "This request has already been matched or withdrawn. Thank you for offering!"
        )
    slot, errors = _read_hosting_form(session, workspace, host, request, form, now)
    check(errors)
    assert slot is not None and host.school_id is not None
    offer = Offer(
        workspace_id=workspace.id,
        school_id=host.school_id,
        host_id=host.id,
        request_id=request.id,
        room=form.room.strip(),
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        practices=list(request.practices),
        details=form.note.strip(),
        seats=1,
        created_at=now,
    )
    session.add(offer)
    tell(
        session,
        workspace,
        NotificationKind.HOSTING_PROPOSED,
        request.visitor.slack_user_id,
        offer,
        now,
    )
    refresh_card(session, workspace, request, now)
    return offer


def confirm_time(
    session: Session,
    workspace: Workspace,
    visitor: Member,
    offer_id: int,
    now: datetime,
    timing: Timing = DEFAULT_TIMING,
) -> Visit:
    """The visitor takes a time offered for their request: booking it matches the request."""
    offer = _proposal(session, workspace, visitor, offer_id)
    if visitor_clash(session, offer.host, offer.starts_at, offer.ends_at):
        raise DomainError(
            f"Sorry, {offer.host.name or 'the host'} is no longer free at that time. "
            "Your request stays open for other offers."
        )
    return book(session, workspace, visitor, offer.id, now, timing)


def decline_time(
    session: Session, workspace: Workspace, visitor: Member, offer_id: int, now: datetime
) -> Offer:
    offer = _proposal(session, workspace, visitor, offer_id)
    lock_door(session, offer)
    if offer.status != OfferStatus.OPEN:
        raise DomainError("The host withdrew this time, or it was already answered.")
    offer.status = OfferStatus.CANCELLED
    tell(
        session, workspace, NotificationKind.HOSTING_DECLINED, offer.host.slack_user_id, offer, now
    )
    assert offer.request is not None
    refresh_card(session, workspace, offer.request, now)
    return offer


def _read_hosting_form(
    session: Session,
    workspace: Workspace,
    host: Member,
    request: Request,
    form: HostingForm,
    now: datetime,
) -> tuple[Slot | None, dict[str, str]]:
    """The time offered as a school-time slot, or what to change: a day in the visitor's window,
    at the visitor's school unless they asked for any, and a time the host is free."""
    times = period_times_on(host.school, form.day, form.period)
    if isinstance(times, tuple):
        form.start, form.end = times
    slot, errors = read_slot(session, workspace, form.day, form.start, form.end, now)
    if isinstance(times, str):
        errors["period"] = times
    if not form.room.strip():
        errors["room"] = "Say where the visitor should go."
    elif len(form.room) > MAX_ROOM:
        errors["room"] = f"Keep the room under {MAX_ROOM} characters."
    if len(form.note) > MAX_DETAILS:
        errors["note"] = f"Keep the note under {MAX_DETAILS} characters."
    if host.school_id is None:
        errors["room"] = "Set your school in `/visit profile` first."
    elif not request.any_school and host.school_id != request.school_id:
        errors["day"] = "This request is for visits within the visitor's own school."
    if slot and "day" not in errors:
        day = calendar.local(workspace, slot.starts_at).date()
        if not request.window_start <= day <= request.window_end:
            errors["day"] = (
                f"The visitor asked for {request.window_start:%b} {request.window_start.day}–"
                f"{request.window_end:%b} {request.window_end.day}. Pick a day in that window."
            )
    if slot and not errors and visitor_clash(session, host, slot.starts_at, slot.ends_at):
        errors["start"] = "You're already visiting or hosting then. Pick another time."
    return slot, errors


def _proposal(session: Session, workspace: Workspace, visitor: Member, offer_id: int) -> Offer:
    offer = session.get(Offer, offer_id)
    if offer is None or offer.workspace_id != workspace.id or offer.request is None:
        raise NotFound("I can't find that offer to host any more.")
    if offer.request.visitor_id != visitor.id:
        raise NotAllowed("Only the person who asked can confirm or decline this time.")
    if offer.status != OfferStatus.OPEN:
        raise DomainError("The host withdrew this time, or it was already answered.")
    if offer.request.status != RequestStatus.OPEN:
        raise DomainError(f"Your request is already {offer.request.status}.")
    return offer
