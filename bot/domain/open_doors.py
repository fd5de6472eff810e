"""Finding open doors: which are ahead, which a visitor may book, and which words they mention.

Kept apart from opening and closing a door: this is the read side every list, match and nudge
shares, with the one rule they all need, that a door on a day the school closed is not offered.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, func, not_, or_, select
from sqlalchemy.orm import Session, selectinload

from bot.domain import calendar
from bot.domain.calendar import SchoolCalendar
from bot.domain.catalogue import WEEKDAYS
from bot.domain.errors import DomainError
from bot.domain.matching import rank_doors
from bot.models import Member, Offer, Visit, Workspace
from bot.vocabulary import OfferStatus

SEARCH_BATCH = 100
HELP_DOORS = 3  # a few doors to choose from, in a modal that stays short


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
            if mentions_every(offer, terms):
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


def doors_to_see_again(
    session: Session,
    workspace: Workspace,
    visitor: Member,
    visit: Visit,
    seen: set[int],
    now: datetime,
) -> list[Offer]:
    """For a visitor who needs help with what they saw: the open doors showing the visit's
    practices, its host's among them, in the order matches come in (`matching.rank_doors`), so
    colleagues they haven't `seen` this term and with room come first; for a visit that named no practice, its
    host's next doors."""
    practices = set(visit.offer.practices)
    host_id = visit.offer.host_id
    doors = [
        door
        for door in session.scalars(bookable_doors(session, workspace, visitor, now))
        if (practices & set(door.practices) if practices else door.host_id == host_id)
    ]
    return rank_doors(
        session, workspace, visitor, doors, lambda door: len(practices & set(door.practices)), seen
    )[:HELP_DOORS]


def mentions_every(offer: Offer, terms: list[str]) -> bool:
    """Whether the door's text (room, class, details, host, school, practices) holds every
    lower-case term: how `/visit list` and `/visit videos` match words."""
    haystack = _haystack(offer)
    return all(term in haystack for term in terms)


def _haystack(offer: Offer) -> str:
    parts = [offer.room, offer.grade, offer.subject, offer.details, offer.key_moment]
    parts += [offer.host.name, offer.school.name, *offer.practices]
    if offer.grade:
        parts.append(f"grade {offer.grade}")
    return " ".join(parts).lower()
