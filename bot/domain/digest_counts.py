"""Every number in the digest, in one statement, so a digest costs the same whatever the size of
the district."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ScalarSelect, Select, func, select, union
from sqlalchemy.orm import Session

from bot.domain.digest_scope import SchoolIds, failed_messages, quiet, recent_visits, staff
from bot.models import Member, Notification, Offer, Visit, Workspace
from bot.vocabulary import ACTIVE_VISIT_STATUSES, VisitStatus


def digest_counts(
    session: Session, workspace: Workspace, reader: Member, schools: SchoolIds, now: datetime
) -> tuple[int, ...]:
    """The week's visits by status (coming, completed, cancelled, missed, unconfirmed), the
    staff, who took part, visited, hosted and not yet, and the messages that couldn't be
    delivered, in that order."""
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
    recent = recent_visits(schools, now)
    visitors, hosts = select(recent.c.visitor_id), select(recent.c.host_id)
    took_part = union(visitors, hosts).subquery()
    failed = failed_messages(workspace, reader, schools, week_ago)
    row = session.execute(
        select(
            week,
            _count(select(Member.id).where(*staff(schools))),
            _count(select(took_part.c[0])),
            _count(visitors.distinct()),
            _count(hosts.distinct()),
            _count(select(Member.id).where(*quiet(schools, recent))),
            _count(select(Notification.id).where(*failed)),
        )
    ).one()
    return tuple(row)


def _count(rows: Select[Any]) -> ScalarSelect[int]:
    return select(func.count()).select_from(rows.subquery()).scalar_subquery()
