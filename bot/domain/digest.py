"""The weekly digest for coaches and leaders: what happened, who took part, what spread.

Counts and names, never a score or a ranking of teachers: lists are alphabetical, and the only
thing counted per item is a practice. Reflections appear only when their author shared them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    ScalarSelect,
    Select,
    and_,
    exists,
    func,
    literal,
    or_,
    select,
    union,
    union_all,
)
from sqlalchemy.orm import Session, contains_eager, joinedload

from bot.domain import calendar
from bot.domain.errors import NotAllowed
from bot.domain.outbox import owe
from bot.domain.timing import Timing
from bot.domain.unreachable import CHECK
from bot.models import Member, Notification, Offer, Reflection, Request, School, Visit, Workspace
from bot.vocabulary import (
    ACTIVE_VISIT_STATUSES,
    NotificationKind,
    NotificationState,
    OfferStatus,
    RequestStatus,
    Role,
    VisitStatus,
)

DIGEST_ROLES = (Role.COACH, Role.LEADER, Role.ADMIN)
PARTICIPATION_DAYS = 28
LISTED = 5
NAMES_LISTED = 30
RECIPIENTS_LISTED = 10
LOOKBACK_DAYS = 3660  # how far back a request's wait is counted: ten years is "long enough"

SchoolIds = list[int] | Select[int]


@dataclass
class Names:
    """The Slack ids of the first people in alphabetical order, and how many there are in all."""

    first: list[str] = field(default_factory=list)
    total: int = 0


@dataclass
class Digest:
    """Counts, and only as many rows as the message shows, so a digest costs the same whatever
    the size of the district: a fixed number of queries, each returning a bounded list."""

    reader: Member
    schools: str
    completed: int = 0
    cancelled: int = 0
    missed: int = 0
    unconfirmed: int = 0
    coming: int = 0
    next_visits: list[Visit] = field(default_factory=list)
    visited: Names = field(default_factory=Names)
    hosted: Names = field(default_factory=Names)
    not_yet: Names = field(default_factory=Names)
    took_part: int = 0
    staff: int = 0
    practices: list[tuple[str, int]] = field(default_factory=list)
    shared: list[Reflection] = field(default_factory=list)
    unanswered: list[Request] = field(default_factory=list)
    empty_doors: list[Offer] = field(default_factory=list)
    undelivered: int = 0
    undelivered_to: list[str] = field(default_factory=list)

    @property
    def participation(self) -> int:
        """The share of staff who visited or hosted, in percent (of the whole staff, not anyone)."""
        return round(100 * self.took_part / self.staff) if self.staff else 0


def ensure_reader(member: Member) -> None:
    if member.role not in DIGEST_ROLES:
        raise NotAllowed(
            "The digest is for coaches and school leaders. Ask your admin if you need it."
        )


def build_digest(
    session: Session, workspace: Workspace, reader: Member, timing: Timing, now: datetime
) -> Digest:
    """The reader's school, or all of the workspace's schools for district staff (no school).

    Offers and members are scoped to the workspace through its schools alone: a workspace_id
    test as well leads SQLite's planner to the workspace index, which holds every row, instead
    of the school's or the week's.
    """
    ensure_reader(reader)
    school = reader.school
    schools: SchoolIds
    if school is not None and school.workspace_id == workspace.id:
        schools = [school.id]
        digest = Digest(reader=reader, schools=school.name)
    else:
        schools = select(School.id).where(School.workspace_id == workspace.id)
        digest = Digest(reader=reader, schools="all schools")
    week_ago, week_ahead = now - timedelta(days=7), now + timedelta(days=7)
    this_week = (
        Offer.school_id.in_(schools),
        Offer.starts_at > week_ago,
        Offer.starts_at < week_ahead,
    )
    _counts(session, workspace, reader, schools, digest, now)
    digest.next_visits = list(
        session.scalars(
            select(Visit)
            .join(Offer, Visit.offer_id == Offer.id)
            .where(*this_week, Offer.starts_at >= now, Visit.status.in_(ACTIVE_VISIT_STATUSES))
            .options(contains_eager(Visit.offer).joinedload(Offer.host), joinedload(Visit.visitor))
            .order_by(Offer.starts_at, Visit.id)
            .limit(LISTED)
        )
    )
    _names(session, schools, digest, now)
    digest.shared = list(
        session.scalars(
            select(Reflection)
            .join(Offer, Reflection.offer_id == Offer.id)
            .where(
                Reflection.workspace_id == workspace.id,
                Reflection.shared.is_(True),
                Reflection.visit_id.is_not(None),
                Reflection.updated_at > week_ago,
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
    digest.unanswered = list(
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
    digest.empty_doors = list(
        session.scalars(
            select(Offer)
            .where(
                Offer.school_id.in_(schools),
                Offer.status == OfferStatus.OPEN,
                Offer.request_id.is_(None),
                Offer.seats_taken == 0,
                Offer.starts_at > now,
                Offer.starts_at < week_ahead,
            )
            .options(joinedload(Offer.host))
            .order_by(Offer.starts_at, Offer.id)
            .limit(LISTED)
        )
    )
    digest.undelivered_to = list(
        session.scalars(
            select(Notification.recipient)
            .where(*_failed(workspace, reader, schools, week_ago))
            .distinct()
            .order_by(Notification.recipient)
            .limit(RECIPIENTS_LISTED)
        )
    )
    return digest


def plan_digests(session: Session, workspace: Workspace, now: datetime) -> int:
    """Owe each coach and leader this week's digest once its moment has come (late is fine)."""
    if workspace.setup_at is None:
        return 0
    today = calendar.local_today(workspace, now)
    monday = today - timedelta(days=today.weekday())
    moment = calendar.to_utc(
        workspace, monday + timedelta(days=workspace.digest_weekday), time(workspace.digest_hour)
    )
    if now < moment:
        return 0
    week = f"{monday.isocalendar().year}-W{monday.isocalendar().week:02d}"
    readers = session.scalars(
        select(Member).where(
            Member.workspace_id == workspace.id,
            Member.role.in_((Role.COACH, Role.LEADER)),
            Member.undeliverable == "",
        )
    )
    planned = 0
    for reader in readers:
        key = f"digest:{reader.id}:{week}"
        if session.scalar(select(Notification.id).where(Notification.key == key)) is None:
            owe(session, workspace, kind=NotificationKind.DIGEST, recipient=reader.slack_user_id, key=key,
                due_at=now, now=now, subject=reader)  # fmt: skip
            planned += 1
    return planned


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


def _recent(schools: SchoolIds, now: datetime) -> CTE:
    """Visits that happened (or were booked to) in the last four weeks: participation's base."""
    return (
        select(Visit.visitor_id, Offer.host_id, Offer.id.label("offer_id"))
        .join(Offer, Visit.offer_id == Offer.id)
        .where(
            Offer.school_id.in_(schools),
            Visit.status.in_((VisitStatus.CONFIRMED, VisitStatus.COMPLETED)),
            Offer.starts_at > now - timedelta(days=PARTICIPATION_DAYS),
            Offer.starts_at <= now,
        )
        .cte("recent")
    )


def _counts(
    session: Session,
    workspace: Workspace,
    reader: Member,
    schools: SchoolIds,
    digest: Digest,
    now: datetime,
) -> None:
    """Every number in the digest, in one statement: the week's visits by status, the staff,
    who took part, and the messages that couldn't be delivered."""
    week_ago = now - timedelta(days=7)
    past, ahead = Offer.starts_at < now, Offer.starts_at >= now
    week = (
        select(
            func.count().filter(ahead, Visit.status.in_(ACTIVE_VISIT_STATUSES)).label("coming"),
            func.count().filter(past, Visit.status == VisitStatus.COMPLETED).label("completed"),
            func.count().filter(past, Visit.status == VisitStatus.CANCELLED).label("cancelled"),
            func.count().filter(past, Visit.status == VisitStatus.MISSED).label("missed"),
            func.count().filter(past, Visit.status == VisitStatus.CONFIRMED).label("unconfirmed"),
        )
        .join_from(Visit, Offer, Visit.offer_id == Offer.id)
        .where(
            Offer.school_id.in_(schools),
            Offer.starts_at > week_ago,
            Offer.starts_at < now + timedelta(days=7),
        )
        .subquery()
    )
    recent = _recent(schools, now)
    visitors, hosts = select(recent.c.visitor_id), select(recent.c.host_id)
    took_part = union(visitors, hosts).subquery()
    row = session.execute(
        select(
            week,
            _count(select(Member.id).where(*_staff(schools))),
            _count(select(took_part.c[0])),
            _count(visitors.distinct()),
            _count(hosts.distinct()),
            _count(select(Member.id).where(*_quiet(schools, recent))),
            _count(select(Notification.id).where(*_failed(workspace, reader, schools, week_ago))),
        )
    ).one()
    (digest.coming, digest.completed, digest.cancelled, digest.missed, digest.unconfirmed,
     digest.staff, digest.took_part, digest.visited.total, digest.hosted.total,
     digest.not_yet.total, digest.undelivered) = row  # fmt: skip


def _names(session: Session, schools: SchoolIds, digest: Digest, now: datetime) -> None:
    """The first names of who visited, hosted and not yet, alphabetically, and the practices
    people went to see (counted per visit; the only list ordered by a count)."""
    recent = _recent(schools, now)
    lists = {
        "visited": Member.id.in_(select(recent.c.visitor_id)),
        "hosted": Member.id.in_(select(recent.c.host_id)),
        "not_yet": and_(*_quiet(schools, recent)),
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
    # A union keeps no order of its own: each list comes back in the order its place says.
    for name, _place, slack_user_id in sorted(rows, key=lambda row: (row[0], row[1])):
        getattr(digest, name).first.append(slack_user_id)
    practices: Counter[str] = Counter()
    for offer_practices, visits in session.execute(
        select(Offer.practices, func.count())
        .join(recent, recent.c.offer_id == Offer.id)
        .group_by(Offer.id)
    ):
        for practice in offer_practices:
            practices[practice] += visits
    digest.practices = sorted(practices.items(), key=lambda item: (-item[1], item[0]))[:5]


def _staff(schools: SchoolIds) -> tuple[ColumnElement[bool], ...]:
    return (Member.school_id.in_(schools), Member.role == Role.TEACHER)


def _quiet(schools: SchoolIds, recent: CTE) -> tuple[ColumnElement[bool], ...]:
    """Teachers who neither visited nor hosted in the last four weeks."""
    took_part = union(select(recent.c.visitor_id), select(recent.c.host_id))
    return (*_staff(schools), Member.id.not_in(took_part))


def _failed(
    workspace: Workspace, reader: Member, schools: SchoolIds, since: datetime
) -> tuple[ColumnElement[bool], ...]:
    """Messages that failed this week. Admins see them all, the visits channel's included; a
    coach or leader sees only the DMs to people of the schools their digest covers, so one
    school's troubles don't reach another school's staff. Checks on people are not messages."""
    failed = (
        Notification.workspace_id == workspace.id,
        Notification.state == NotificationState.FAILED,
        Notification.created_at > since,
        Notification.kind != CHECK,
    )
    if reader.role == Role.ADMIN:
        return failed
    staff = select(Member.slack_user_id).where(
        Member.workspace_id == workspace.id, Member.school_id.in_(schools)
    )
    return (*failed, Notification.recipient.in_(staff))


def _count(rows: Select[Any]) -> ScalarSelect[int]:
    return select(func.count()).select_from(rows.subquery()).scalar_subquery()
