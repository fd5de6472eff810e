"""The digest's lists: visits coming, who took part, practices that spread, shared reflections,
requests nobody answered, empty open doors, and whom messages didn't reach.

Each list is bounded (only as many rows as the message shows) and alphabetical where it names
people: the only thing counted per item is a practice, never a teacher.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from sqlalchemy import and_, exists, func, literal, or_, select, union_all
from sqlalchemy.orm import Session, contains_eager, joinedload

from bot.domain import calendar
from bot.domain.digest_scope import (
    SchoolIds,
    failed_messages,
    hosted,
    quiet,
    recent_visits,
    staff,
    staff_participation,
    visited,
)
from bot.domain.timing import Timing
from bot.models import Member, Notification, Offer, Reflection, Request, Visit, Workspace
from bot.vocabulary import ACTIVE_VISIT_STATUSES, OfferStatus, RequestStatus

LISTED = 5
NAMES_LISTED = 30
RECIPIENTS_LISTED = 10
TRIED_DAYS = 56  # a follow-up comes two weeks after a visit; its answer counts for six more
LOOKBACK_DAYS = 3660  # how far back a request's wait is counted: ten years is "long enough"


def next_visits(session: Session, schools: SchoolIds, now: datetime) -> list[Visit]:
    """The first visits still to come this week, soonest first."""
    return list(
        session.scalars(
            select(Visit)
            .join(Offer, Visit.offer_id == Offer.id)
            .where(
                Offer.school_id.in_(schools),
                Offer.starts_at > now - timedelta(days=7),
                Offer.starts_at < now + timedelta(days=7),
                Offer.starts_at >= now,
                Visit.status.in_(ACTIVE_VISIT_STATUSES),
            )
            .options(contains_eager(Visit.offer).joinedload(Offer.host), joinedload(Visit.visitor))
            .order_by(Offer.starts_at, Visit.id)
            .limit(LISTED)
        )
    )


def participants(
    session: Session, workspace: Workspace, schools: SchoolIds, now: datetime
) -> dict[str, list[str]]:
    """The first Slack ids, alphabetically, of the schools' teachers who visited, who hosted
    (anywhere in the district) and who have not yet, in one statement."""
    recent = staff_participation(workspace, schools, now)
    lists = {
        "visited": and_(*staff(schools), Member.id.in_(visited(recent))),
        "hosted": and_(*staff(schools), Member.id.in_(hosted(recent))),
        "not_yet": and_(*quiet(schools, recent)),
    }
    alphabetical = (func.lower(Member.name), Member.id)
    place = func.row_number().over(order_by=alphabetical).label("place")
    rows = session.execute(
        union_all(
            *(
                select(literal(name).label("list"), place, Member.slack_user_id)
                .where(where)
                .order_by(*alphabetical)
                .limit(NAMES_LISTED)
                .subquery()
                .select()
                for name, where in lists.items()
            )
        )
    )
    first: dict[str, list[str]] = {name: [] for name in lists}
    # A union keeps no order of its own: each list comes back in the order its place says.
    for name, _place, slack_user_id in sorted(rows, key=lambda row: (row[0], row[1])):
        first[name].append(slack_user_id)
    return first


def practices_spread(session: Session, schools: SchoolIds, now: datetime) -> list[tuple[str, int]]:
    """The practices people went to see, counted per visit: the only list ordered by a count."""
    recent = recent_visits(schools, now)
    practices: Counter[str] = Counter()
    for offer_practices, visits in session.execute(
        select(Offer.practices, func.count())
        .join(recent, recent.c.offer_id == Offer.id)
        .group_by(Offer.id)
    ):
        for practice in offer_practices:
            practices[practice] += visits
    return sorted(practices.items(), key=lambda item: (-item[1], item[0]))[:5]


@dataclass
class Tried:
    """A practice visitors tried after seeing it, how many times, and the visitors who shared
    their reflection on that visit (the only ones named)."""

    practice: str
    times: int
    shared_by: list[str] = field(default_factory=list)


def practices_tried(session: Session, schools: SchoolIds, now: datetime) -> list[Tried]:
    """Practices visitors said they tried ("Tried it" on the follow-up), counted per visit, in
    two statements: the counts, then the first names, alphabetically, of those who shared."""
    tried = (
        Offer.school_id.in_(schools),
        Offer.starts_at > now - timedelta(days=TRIED_DAYS),
        Offer.starts_at <= now,
        Visit.follow_up == "tried",
    )
    counts: Counter[str] = Counter()
    for offer_practices, visits in session.execute(
        select(Offer.practices, func.count())
        .join(Visit, Visit.offer_id == Offer.id)
        .where(*tried)
        .group_by(Offer.id)
    ):
        for practice in offer_practices:
            counts[practice] += visits
    top = [Tried(practice, times) for practice, times in sorted(
        counts.items(), key=lambda item: (-item[1], item[0]))[:LISTED]]  # fmt: skip
    sharers = session.execute(
        select(Offer.practices, Member.slack_user_id)
        .join(Visit, Visit.offer_id == Offer.id)
        .join(Member, Visit.visitor_id == Member.id)
        .join(Reflection, and_(Reflection.visit_id == Visit.id, Reflection.shared.is_(True)))
        .where(*tried)
        .order_by(func.lower(Member.name), Member.id)
        .limit(NAMES_LISTED)
    )
    by_practice = {item.practice: item for item in top}
    for offer_practices, slack_user_id in sharers:
        for practice in offer_practices:
            item = by_practice.get(practice)
            if item is not None and slack_user_id not in item.shared_by:
                item.shared_by.append(slack_user_id)
    return top


def shared_reflections(
    session: Session, workspace: Workspace, schools: SchoolIds, now: datetime
) -> list[Reflection]:
    """Reflections of the past week whose authors shared them with the host; no others."""
    return list(
        session.scalars(
            select(Reflection)
            .join(Offer, Reflection.offer_id == Offer.id)
            .where(
                Reflection.workspace_id == workspace.id,
                Reflection.shared.is_(True),
                Reflection.visit_id.is_not(None),
                Reflection.updated_at > now - timedelta(days=7),
                Offer.school_id.in_(schools),
            )
            .options(
                contains_eager(Reflection.offer).joinedload(Offer.host),
                joinedload(Reflection.author),
            )
            .order_by(Reflection.id)
            .limit(LISTED)
        )
    )


def unanswered_requests(
    session: Session, workspace: Workspace, schools: SchoolIds, timing: Timing, now: datetime
) -> list[Request]:
    """Requests that have waited the school days `timing` allows with no host offering a time
    and no coach taking them on."""
    return list(
        session.scalars(
            select(Request)
            .where(
                Request.workspace_id == workspace.id,
                Request.status == RequestStatus.OPEN,
                Request.helper_id.is_(None),
                Request.posted_at < _waited_since(session, workspace, timing, now),
                ~exists().where(Offer.request_id == Request.id),
                or_(Request.any_school.is_(True), Request.school_id.in_(schools)),
            )
            .options(joinedload(Request.visitor))
            .order_by(Request.id)
            .limit(LISTED)
        )
    )


def empty_doors(session: Session, schools: SchoolIds, now: datetime) -> list[Offer]:
    """Open doors of the coming week that nobody has booked yet, soonest first."""
    return list(
        session.scalars(
            select(Offer)
            .where(
                Offer.school_id.in_(schools),
                Offer.status == OfferStatus.OPEN,
                Offer.request_id.is_(None),
                Offer.seats_taken == 0,
                Offer.starts_at > now,
                Offer.starts_at < now + timedelta(days=7),
            )
            .options(joinedload(Offer.host))
            .order_by(Offer.starts_at, Offer.id)
            .limit(LISTED)
        )
    )


def undelivered_to(
    session: Session, workspace: Workspace, reader: Member, schools: SchoolIds, now: datetime
) -> list[str]:
    """The first recipients, in order, of the past week's messages the reader may see failed."""
    return list(
        session.scalars(
            select(Notification.recipient)
            .where(*failed_messages(workspace, reader, schools, now - timedelta(days=7)))
            .distinct()
            .order_by(Notification.recipient)
            .limit(RECIPIENTS_LISTED)
        )
    )


def _waited_since(
    session: Session, workspace: Workspace, timing: Timing, now: datetime
) -> datetime:
    """Requests posted before this instant have waited the school days `unanswered_requests`
    asks for: the same rule as `school_days_since`, found once instead of once per request."""
    closed = calendar.no_visit_dates(session, workspace)
    day = calendar.local_today(workspace, now)
    earliest = day - timedelta(days=LOOKBACK_DAYS)
    waited = 0
    while waited < timing.unanswered_request_school_days and day > earliest:
        if day.weekday() in workspace.school_days and day not in closed:
            waited += 1
        day -= timedelta(days=1)
    return calendar.to_utc(workspace, day + timedelta(days=1), time(0))
