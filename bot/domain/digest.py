"""The weekly digest for coaches and leaders: what happened, who took part, what spread.

Counts and names, never a score or a ranking of teachers: lists are alphabetical, and the only
thing counted per item is a practice. Reflections appear only when their author shared them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain import calendar
from bot.domain.errors import NotAllowed
from bot.domain.nudges import unanswered_requests
from bot.domain.outbox import owe
from bot.domain.timing import Timing
from bot.models import Member, Notification, Offer, Reflection, Request, Visit, Workspace

DIGEST_ROLES = ("coach", "leader", "admin")
PARTICIPATION_DAYS = 28


@dataclass
class Digest:
    reader: Member
    schools: str
    completed: list[Visit] = field(default_factory=list)
    cancelled: list[Visit] = field(default_factory=list)
    missed: list[Visit] = field(default_factory=list)
    unconfirmed: list[Visit] = field(default_factory=list)
    coming: list[Visit] = field(default_factory=list)
    visited: list[Member] = field(default_factory=list)
    hosted: list[Member] = field(default_factory=list)
    not_yet: list[Member] = field(default_factory=list)
    staff: int = 0
    practices: list[tuple[str, int]] = field(default_factory=list)
    shared: list[Reflection] = field(default_factory=list)
    unanswered: list[Request] = field(default_factory=list)
    empty_doors: list[Offer] = field(default_factory=list)
    undelivered: list[Notification] = field(default_factory=list)

    @property
    def participation(self) -> int:
        """The share of staff who visited or hosted, in percent (of the whole staff, not anyone)."""
        took_part = {member.id for member in self.visited + self.hosted}
        return round(100 * len(took_part) / self.staff) if self.staff else 0


def ensure_reader(member: Member) -> None:
    if member.role not in DIGEST_ROLES:
        raise NotAllowed(
            "The digest is for coaches and school leaders. Ask your admin if you need it."
        )


def build_digest(
    session: Session, workspace: Workspace, reader: Member, timing: Timing, now: datetime
) -> Digest:
    """The reader's schools: their own, or all of them for district staff (no school)."""
    ensure_reader(reader)
    school_ids = _schools_of(workspace, reader)
    names = [school.name for school in workspace.schools if school.id in school_ids]
    digest = Digest(reader=reader, schools=", ".join(names) if reader.school_id else "all schools")
    week_ago, week_ahead = now - timedelta(days=7), now + timedelta(days=7)
    visits = list(
        session.scalars(
            select(Visit)
            .join(Offer, Visit.offer_id == Offer.id)
            .where(Visit.workspace_id == workspace.id, Offer.school_id.in_(school_ids))
            .where(Offer.starts_at > week_ago, Offer.starts_at < week_ahead)
            .order_by(Offer.starts_at)
        )
    )
    for visit in visits:
        if visit.offer.starts_at >= now:
            if visit.status in ("pending", "confirmed"):
                digest.coming.append(visit)
        elif visit.status == "completed":
            digest.completed.append(visit)
        elif visit.status == "cancelled":
            digest.cancelled.append(visit)
        elif visit.status == "missed":
            digest.missed.append(visit)
        elif visit.status == "confirmed":
            digest.unconfirmed.append(visit)
    _participation(session, workspace, school_ids, digest, now)
    digest.shared = list(
        session.scalars(
            select(Reflection)
            .join(Offer, Reflection.offer_id == Offer.id)
            .where(
                Reflection.workspace_id == workspace.id,
                Reflection.shared.is_(True),
                Reflection.visit_id.is_not(None),
                Reflection.updated_at > week_ago,
                Offer.school_id.in_(school_ids),
            )
        )
    )
    digest.unanswered = [
        request
        for request in unanswered_requests(session, workspace, timing, now)
        if request.any_school or request.school_id in school_ids
    ]
    digest.empty_doors = list(
        session.scalars(
            select(Offer)
            .where(
                Offer.workspace_id == workspace.id,
                Offer.school_id.in_(school_ids),
                Offer.status == "open",
                Offer.request_id.is_(None),
                Offer.seats_taken == 0,
                Offer.starts_at > now,
                Offer.starts_at < week_ahead,
            )
            .order_by(Offer.starts_at)
        )
    )
    digest.undelivered = list(
        session.scalars(
            select(Notification).where(
                Notification.workspace_id == workspace.id,
                Notification.state == "failed",
                Notification.created_at > week_ago,
            )
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
            Member.role.in_(("coach", "leader")),
            Member.undeliverable == "",
        )
    )
    planned = 0
    for reader in readers:
        key = f"digest:{reader.id}:{week}"
        if session.scalar(select(Notification.id).where(Notification.key == key)) is None:
            owe(session, workspace, kind="digest", recipient=reader.slack_user_id, key=key,
                due_at=now, now=now, subject=reader)  # fmt: skip
            planned += 1
    return planned


def _schools_of(workspace: Workspace, reader: Member) -> set[int]:
    every = {school.id for school in workspace.schools}
    return {reader.school_id} if reader.school_id in every else every


def _participation(
    session: Session, workspace: Workspace, school_ids: set[int], digest: Digest, now: datetime
) -> None:
    since = now - timedelta(days=PARTICIPATION_DAYS)
    staff = list(
        session.scalars(
            select(Member)
            .where(
                Member.workspace_id == workspace.id,
                Member.role == "teacher",
                Member.school_id.in_(school_ids),
            )
            .order_by(Member.name)
        )
    )
    recent = list(
        session.scalars(
            select(Visit)
            .join(Offer, Visit.offer_id == Offer.id)
            .where(
                Visit.workspace_id == workspace.id,
                Offer.school_id.in_(school_ids),
                Visit.status.in_(("confirmed", "completed")),
                Offer.starts_at > since,
                Offer.starts_at <= now,
            )
        )
    )
    visitors = {visit.visitor_id for visit in recent}
    hosts = {visit.offer.host_id for visit in recent}
    digest.staff = len(staff)
    digest.visited = sorted({v.visitor for v in recent}, key=lambda m: m.name.lower())
    digest.hosted = sorted({v.offer.host for v in recent}, key=lambda m: m.name.lower())
    digest.not_yet = [m for m in staff if m.id not in visitors | hosts]
    counts = Counter(practice for visit in recent for practice in visit.offer.practices)
    digest.practices = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:5]
