"""Open doors: a host's slot with seats, validated against the school calendar and the host's week."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlparse

from sqlalchemy import ColumnElement, Select, and_, func, not_, or_, select, update
from sqlalchemy.orm import Session, selectinload

from bot.db import changed
from bot.domain import calendar
from bot.domain.calendar import SchoolCalendar
from bot.domain.catalogue import FEEDBACK, GRADES, MAX_SEATS, PRACTICES, SUBJECTS, WEEKDAYS
from bot.domain.errors import DomainError, NotAllowed, NotFound, check
from bot.domain.form_input import TOO_FAR, read_date, read_time, too_far, whole_number
from bot.domain.outbox import refresh_card, tell, withdraw
from bot.models import Member, Offer, Request, Visit, Workspace
from bot.vocabulary import (
    ACTIVE_VISIT_STATUSES,
    NotificationKind,
    OfferStatus,
    RequestStatus,
    VisitStatus,
)

MAX_ROOM = 80
MAX_DETAILS = 1500
MAX_SHORT_TEXT = 300


@dataclass
class OfferForm:
    day: str | None
    start: str | None
    end: str | None
    room: str = ""
    grade: str | None = None
    subject: str | None = None
    practices: list[str] = field(default_factory=list)
    details: str = ""
    key_moment: str = ""
    seats: str = "2"
    approval: bool = False
    feedback: str = "warm"
    look_fors: str = ""
    video_url: str = ""
    school_id: int | None = None


@dataclass
class Slot:
    starts_at: datetime
    ends_at: datetime


def read_slot(
    session: Session,
    workspace: Workspace,
    day: str | None,
    start: str | None,
    end: str | None,
    now: datetime,
) -> tuple[Slot | None, dict[str, str]]:
    """Turn the form's date and times into a school-time slot, or say what to change."""
    errors: dict[str, str] = {}
    parsed_day = read_date(day)
    starts = read_time(start)
    ends = read_time(end)
    if parsed_day is None:
        errors["day"] = "Pick a date."
    elif too_far(parsed_day, calendar.local_today(workspace, now)):
        errors["day"] = TOO_FAR
        return None, errors
    if starts is None:
        errors["start"] = "Pick a start time."
    if ends is None:
        errors["end"] = "Pick an end time."
    if errors or parsed_day is None or starts is None or ends is None:
        return None, errors
    slot = Slot(
        calendar.to_utc(workspace, parsed_day, starts), calendar.to_utc(workspace, parsed_day, ends)
    )
    if slot.ends_at <= slot.starts_at:
        errors["end"] = "The visit should end after it starts."
    if slot.starts_at <= now:
        errors["day" if parsed_day < calendar.local_today(workspace, now) else "start"] = (
            "That time has already passed. Pick a time later than now."
        )
    reason = calendar.day_closed_reason(session, workspace, parsed_day)
    if reason and "day" not in errors:
        errors["day"] = reason
    return slot, errors


def create_offer(
    session: Session, workspace: Workspace, host: Member, form: OfferForm, now: datetime
) -> Offer:
    slot, errors = read_slot(session, workspace, form.day, form.start, form.end, now)
    school_id = form.school_id or host.school_id
    if school_id not in {school.id for school in workspace.schools}:
        errors["school"] = "Pick the school where the visit happens."
    seats = whole_number(form.seats)
    if seats is None or not 1 <= seats <= MAX_SEATS:
        errors["seats"] = f"Seats should be a whole number from 1 to {MAX_SEATS}."
    if not form.room.strip():
        errors["room"] = "Say where visitors should go (a room number or name)."
    elif len(form.room) > MAX_ROOM:
        errors["room"] = f"Keep the room under {MAX_ROOM} characters."
    if form.grade and form.grade not in GRADES:
        errors["grade"] = "Pick a grade from the list."
    if form.subject and form.subject not in SUBJECTS:
        errors["subject"] = "Pick a subject from the list."
    if not set(form.practices) <= set(PRACTICES):
        errors["practices"] = "Pick practices from the list."
    if not form.practices and not form.details.strip():
        errors["practices"] = "Pick a practice or say what visitors will see."
    if len(form.details) > MAX_DETAILS:
        errors["details"] = f"Keep this under {MAX_DETAILS} characters."
    if len(form.key_moment) > MAX_SHORT_TEXT:
        errors["key_moment"] = f"Keep this under {MAX_SHORT_TEXT} characters."
    if form.feedback not in FEEDBACK:
        errors["feedback"] = "Pick the feedback you'd like."
    elif form.feedback == "lookfors" and not form.look_fors.strip():
        errors["look_fors"] = "List the look-fors you'd like notes on, or pick other feedback."
    if len(form.look_fors) > MAX_DETAILS:
        errors["look_fors"] = f"Keep this under {MAX_DETAILS} characters."
    if form.video_url and not _is_web_link(form.video_url):
        errors["video_url"] = "Paste a full link that starts with https://"
    if slot and not errors:
        clash = _hosting_then(session, host, slot.starts_at, slot.ends_at)
        if clash is not None:
            errors["start"] = (
                "You already have an open door then "
                f"({calendar.local(workspace, clash.starts_at):%a %b %d, %H:%M}). Pick another time."
            )
    check(errors)
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
    session: Session, workspace: Workspace, actor: Member, offer_id: int, now: datetime
) -> Offer:
    """The host closes their door: every visitor is told and the card says so."""
    offer = get_offer(session, workspace, offer_id)
    lock_door(session, offer)
    if offer.host_id != actor.id:
        raise NotAllowed("Only the host can cancel this open door.")
    if offer.status != OfferStatus.OPEN:
        raise NotFound("This open door is already cancelled.")
    if offer.starts_at <= now:
        raise NotAllowed("This visit has already started, so it can't be cancelled.")
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
        if visit.status in ACTIVE_VISIT_STATUSES:
            visit.status = VisitStatus.CANCELLED
            visit.cancelled_by_id = actor.id
            visit.cancel_reason = "The host cancelled the open door."
            visit.decided_at = now
            tell(
                session,
                workspace,
                NotificationKind.VISIT_CANCELLED,
                visit.visitor.slack_user_id,
                visit,
                now,
            )
    withdraw(session, offer)
    for visit in offer.visits:
        withdraw(session, visit)
    if offer.request is not None:
        if offer.request.status == RequestStatus.MATCHED:
            offer.request.status = RequestStatus.OPEN
        elif offer.request.status == RequestStatus.OPEN:
            tell(
                session,
                workspace,
                NotificationKind.HOSTING_WITHDRAWN,
                offer.request.visitor.slack_user_id,
                offer,
                now,
            )
        refresh_card(session, workspace, offer.request, now)
    refresh_card(session, workspace, offer, now)
    return offer


SEARCH_BATCH = 100


def upcoming_offers(
    session: Session, workspace: Workspace, now: datetime, words: str = "", limit: int = 10
) -> list[Offer]:
    """Open doors still ahead, soonest first, whose text mentions every word asked for.

    A district has thousands of doors ahead: only the ones shown are loaded, and a search reads
    them a batch at a time, soonest first, stopping once it has enough.
    """
    query = (
        select(Offer)
        .join(Member, Offer.host_id == Member.id)
        .where(
            Offer.workspace_id == workspace.id,
            Offer.status == OfferStatus.OPEN,
            Offer.request_id.is_(None),
            Offer.starts_at > now,
        )
        .options(selectinload(Offer.host), selectinload(Offer.school))
        .order_by(Offer.starts_at, Offer.id)
    )
    query = on_open_days(session, workspace, query, now)
    terms = [term.lower() for term in words.split()]
    if not terms:
        return list(session.scalars(query.limit(limit)))
    found: list[Offer] = []
    batches = session.scalars(query.execution_options(yield_per=SEARCH_BATCH))
    try:
        for offer in batches:
            if all(term in _haystack(offer) for term in terms):
                found.append(offer)
                if len(found) == limit:
                    break
    finally:
        batches.close()
    return found


def bookable_doors(
    session: Session, workspace: Workspace, visitor: Member, after: datetime
) -> Select[Offer]:
    """Public open doors with a seat left, starting after `after` on a day the school takes
    visits, that are not the visitor's own."""
    query = (
        select(Offer)
        .where(
            Offer.workspace_id == workspace.id,
            Offer.status == OfferStatus.OPEN,
            Offer.request_id.is_(None),
            Offer.host_id != visitor.id,
            Offer.seats_taken < Offer.seats,
            Offer.starts_at > after,
        )
        .options(selectinload(Offer.host), selectinload(Offer.school))
        .order_by(Offer.starts_at, Offer.id)
    )
    return on_open_days(session, workspace, query, after)


def on_open_days(
    session: Session, workspace: Workspace, query: Select[Offer], after: datetime
) -> Select[Offer]:
    """`query` without the doors on days the school is now closed (a no-visit date or a weekday
    setup dropped after they were posted): those can't be booked, so nothing offers them."""
    spans = closed_day_spans(session, workspace, after)
    return query.where(not_(during(spans))) if spans else query


def closed_day_spans(
    session: Session, workspace: Workspace, after: datetime, days: SchoolCalendar | None = None
) -> list[tuple[datetime, datetime]]:
    """The closed days (of `days`, by default the school's calendar now) from `after` to the last
    open door, as a few spans of instants: local dates can't be computed in SQL alike on SQLite
    and PostgreSQL, instants can be compared."""
    last = session.scalar(
        select(func.max(Offer.starts_at)).where(
            Offer.workspace_id == workspace.id,
            Offer.status == OfferStatus.OPEN,
            Offer.starts_at > after,
        )
    )
    if last is None:
        return []
    if days is None:
        days = calendar.school_calendar(session, workspace)
    return days.closed_spans(days.day_of(after), days.day_of(last))


def during(spans: list[tuple[datetime, datetime]]) -> ColumnElement[bool]:
    return or_(*(and_(Offer.starts_at >= start, Offer.starts_at < end) for start, end in spans))


def refuse_on_closed_day(session: Session, workspace: Workspace, offer: Offer) -> None:
    """A door whose day the school closed after it was posted takes no new visitors."""
    day = calendar.local(workspace, offer.starts_at).date()
    if day in calendar.no_visit_dates(session, workspace):
        raise DomainError(
            f"{day:%A %B} {day.day} is now a no-visit date at your school, so this open door "
            "isn't taking visitors. Try `/visit list` for others."
        )
    if day.weekday() not in workspace.school_days:
        raise DomainError(
            f"{WEEKDAYS[day.weekday()]}s are no longer school days here, so this open door "
            "isn't taking visitors. Try `/visit list` for others."
        )


def more_doors_of(
    session: Session, workspace: Workspace, visitor: Member, host: Member, now: datetime
) -> list[Offer]:
    """The host's next open doors with a seat, for a visitor who'd like to see it again."""
    query = bookable_doors(session, workspace, visitor, now).where(Offer.host_id == host.id)
    query = query.limit(3)
    return list(session.scalars(query))


def _haystack(offer: Offer) -> str:
    parts = [offer.room, offer.grade, offer.subject, offer.details, offer.key_moment]
    parts += [offer.host.name, offer.school.name, *offer.practices]
    if offer.grade:
        parts.append(f"grade {offer.grade}")
    return " ".join(parts).lower()


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


def _is_web_link(text: str) -> bool:
    parsed = urlparse(text.strip())
    return parsed.scheme in ("http", "https") and bool(parsed.netloc) and len(text) <= 500
