"""The weekly digest for coaches and leaders: what happened, who took part, what spread.

Counts and names, never a score or a ranking of teachers: lists are alphabetical, and the only
thing counted per item is a practice. Reflections appear only when their author shared them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain import calendar
from bot.domain.check_ins import CheckInHistory, check_in_history
from bot.domain.digest_by_school import SchoolWeek, by_school
from bot.domain.digest_counts import digest_counts
from bot.domain.digest_lists import (
    Tried,
    empty_doors,
    next_visits,
    participants,
    practices_spread,
    practices_tried,
    shared_reflections,
    unanswered_requests,
    undelivered_to,
)
from bot.domain.digest_scope import digest_schools
from bot.domain.digest_spread import InDemand, Spread, practices_in_demand, visit_spread
from bot.domain.errors import NotAllowed
from bot.domain.outbox import owe
from bot.domain.timing import LATE_BY_AT_MOST, Timing
from bot.domain.videos import Videos, new_videos
from bot.models import Member, Notification, Offer, Reflection, Request, Visit, Workspace
from bot.vocabulary import SCHOOL_WIDE_ROLES, NotificationKind, Role


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
    tried: list[Tried] = field(default_factory=list)
    shared: list[Reflection] = field(default_factory=list)
    unanswered: list[Request] = field(default_factory=list)
    empty_doors: list[Offer] = field(default_factory=list)
    undelivered: int = 0
    checks_due: datetime | None = None
    checks_sent: datetime | None = None
    undelivered_to: list[str] = field(default_factory=list)
    schools_apart: list[SchoolWeek] = field(default_factory=list)
    videos: Videos = field(default_factory=lambda: Videos([], 0))
    spread: Spread = field(default_factory=lambda: Spread(0, 0, 0))
    in_demand: list[InDemand] = field(default_factory=list)
    check_ins: list[CheckInHistory] = field(default_factory=list)  # the reader's own alone

    @property
    def participation(self) -> int:
        """The share of staff who visited or hosted, in percent (of the whole staff, not anyone)."""
        return round(100 * self.took_part / self.staff) if self.staff else 0


def ensure_reader(member: Member) -> None:
    if member.role not in SCHOOL_WIDE_ROLES:
        raise NotAllowed(
            "The digest is for coaches and school leaders. Ask your admin if you need it."
        )


def build_digest(
    session: Session, workspace: Workspace, reader: Member, timing: Timing, now: datetime
) -> Digest:
    """The reader's digest for their schools (see `digest_schools`): every number in one
    statement, then each list, bounded."""
    ensure_reader(reader)
    schools, label = digest_schools(workspace, reader)
    digest = Digest(reader=reader, schools=label)
    counts, (digest.checks_due, digest.checks_sent) = digest_counts(
        session, workspace, reader, schools, now
    )
    (digest.coming, digest.completed, digest.cancelled, digest.missed, digest.unconfirmed,
     digest.staff, digest.took_part, digest.visited.total, digest.hosted.total,
     digest.not_yet.total, digest.undelivered) = counts  # fmt: skip
    digest.next_visits = next_visits(session, schools, now)
    first = participants(session, workspace, schools, now)
    digest.visited.first, digest.hosted.first = first["visited"], first["hosted"]
    digest.not_yet.first = first["not_yet"]
    digest.practices = practices_spread(session, schools, now)
    digest.tried = practices_tried(session, schools, now)
    digest.shared = shared_reflections(session, workspace, schools, now)
    digest.unanswered = unanswered_requests(session, workspace, schools, timing, now)
    digest.empty_doors = empty_doors(session, schools, now)
    digest.undelivered_to = undelivered_to(session, workspace, reader, schools, now)
    digest.videos = new_videos(session, schools, now)
    digest.spread = visit_spread(session, schools, now)
    digest.in_demand = practices_in_demand(session, workspace, schools, now)
    digest.check_ins = check_in_history(session, workspace, reader)
    if not isinstance(schools, list):  # a district reader's: every school, each on its line
        digest.schools_apart = by_school(session, schools, now)
    return digest


def digest_week(workspace: Workspace, now: datetime) -> str | None:
    """This week's name ("2026-W48") once the workspace's digest moment has come (late is fine),
    else None: the moment every weekly digest, a school's or a team's, waits for."""
    if workspace.setup_at is None:
        return None
    today = calendar.local_today(workspace, now)
    monday = today - timedelta(days=today.weekday())
    moment = calendar.to_utc(
        workspace, monday + timedelta(days=workspace.digest_weekday), time(workspace.digest_hour)
    )
    if now < moment:
        return None
    return f"{monday.isocalendar().year}-W{monday.isocalendar().week:02d}"


def plan_digests(session: Session, workspace: Workspace, now: datetime) -> int:
    """Owe each coach and leader this week's digest once its moment has come (late is fine)."""
    week = digest_week(workspace, now)
    if week is None:
        return 0
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
                due_at=now, now=now, subject=reader, expires_at=now + LATE_BY_AT_MOST)  # fmt: skip
            planned += 1
    return planned
