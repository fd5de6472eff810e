"""Every number in the digest, in one statement, so a digest costs the same whatever the size of
the district."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ScalarSelect, Select, func, select
from sqlalchemy.orm import Session

from bot.domain.digest_scope import (
    SchoolIds,
    failed_messages,
    hosted,
    quiet,
    staff,
    staff_participation,
    took_part,
    visited,
)
from bot.models import Member, Notification, Offer, Visit, Workspace
from bot.vocabulary import (
    ACTIVE_VISIT_STATUSES,
    NotificationKind,
    NotificationState,
    VisitStatus,
)


def digest_counts(
    session: Session, workspace: Workspace, reader: Member, schools: SchoolIds, now: datetime
) -> tuple[tuple[int, ...], tuple[datetime | None, datetime | None]]:
    """The week's visits by status (coming, completed, cancelled, missed, unconfirmed), the
    staff, who took part, visited, hosted and not yet, the messages that couldn't be
    delivered, and when the unconfirmed visits' visitors are next asked (or were last asked)
    whether they happened, in that order."""
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
    recent = staff_participation(workspace, schools, now)
    in_staff = staff(schools)
    failed = failed_messages(workspace, reader, schools, week_ago)
    row = session.execute(
        select(
            week,
            _count(select(Member.id).where(*in_staff)),
            _count(select(Member.id).where(*took_part(schools, recent))),
            _count(select(Member.id).where(*in_staff, Member.id.in_(visited(recent)))),
            _count(select(Member.id).where(*in_staff, Member.id.in_(hosted(recent)))),
            _count(select(Member.id).where(*quiet(schools, recent))),
            _count(select(Notification.id).where(*failed)),
            *_checks(schools, week_ago, now),
        )
    ).one()
    *numbers, checks_due, checks_sent = row
    return tuple(numbers), (checks_due, checks_sent)


def _checks(
    schools: SchoolIds, week_ago: datetime, now: datetime
) -> tuple[ScalarSelect[Any], ScalarSelect[Any]]:
    """The next "did it happen?" still owed about this week's unconfirmed visits, and the last
    one sent, so the digest can say when the visitors will be (or were) asked."""
    unconfirmed = (
        select(Visit.id)
        .join(Offer, Visit.offer_id == Offer.id)
        .where(
            Offer.school_id.in_(schools),
            Offer.starts_at > week_ago,
            Offer.starts_at < now,
            Visit.status == VisitStatus.CONFIRMED,
        )
    )
    checks = (
        Notification.kind == NotificationKind.VISIT_CHECK,
        Notification.subject_type == "visit",
        Notification.subject_id.in_(unconfirmed),
    )
    owed = (NotificationState.PENDING, NotificationState.SENDING)
    due = select(func.min(Notification.due_at)).where(*checks, Notification.state.in_(owed))
    sent = select(func.max(Notification.sent_at)).where(
        *checks, Notification.state == NotificationState.SENT
    )
    return due.scalar_subquery(), sent.scalar_subquery()


def _count(rows: Select[Any]) -> ScalarSelect[int]:
    return select(func.count()).select_from(rows.subquery()).scalar_subquery()
