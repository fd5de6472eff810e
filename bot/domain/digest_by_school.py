"""A district reader's digest, school by school: the week's visits done and coming and each
school's participation, with totals, in one statement whatever the number of schools.

A school is described by counts only, like the whole digest: never a score of a teacher.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, aliased

from bot.domain.digest_scope import SchoolIds, participation
from bot.models import Member, Offer, School, Visit
from bot.vocabulary import ACTIVE_VISIT_STATUSES, Role, VisitStatus


@dataclass
class SchoolWeek:
    """One school's line, or the totals' (named by the caller)."""

    name: str
    completed: int = 0
    coming: int = 0
    staff: int = 0
    took_part: int = 0

    @property
    def participation(self) -> int:
        """The share of the school's teachers who visited or hosted, in percent."""
        return round(100 * self.took_part / self.staff) if self.staff else 0


def by_school(session: Session, schools: SchoolIds, now: datetime) -> list[SchoolWeek]:
    """Each school in the reader's scope, alphabetically. The same windows as the digest's own
    counts (the week around now; participation over four weeks), so the lines add up to them;
    a teacher counts for their own school wherever they visited or hosted."""
    school = aliased(School)
    took_part = select(participation(schools, now).c.member_id)

    def visits(*where: ColumnElement[bool]) -> ColumnElement[int]:
        return (
            select(func.count(Visit.id))
            .join(Offer, Visit.offer_id == Offer.id)
            .where(Offer.school_id == school.id, *where)
            .scalar_subquery()
        )

    def teachers(*where: ColumnElement[bool]) -> ColumnElement[int]:
        return (
            select(func.count(Member.id))
            .where(Member.school_id == school.id, Member.role == Role.TEACHER, *where)
            .scalar_subquery()
        )

    completed = visits(
        Offer.starts_at > now - timedelta(days=7),
        Offer.starts_at < now,
        Visit.status == VisitStatus.COMPLETED,
    )
    coming = visits(
        Offer.starts_at >= now,
        Offer.starts_at < now + timedelta(days=7),
        Visit.status.in_(ACTIVE_VISIT_STATUSES),
    )
    rows = session.execute(
        select(school.name, completed, coming, teachers(), teachers(Member.id.in_(took_part)))
        .where(school.id.in_(schools))
        .order_by(func.lower(school.name), school.id)
    )
    return [SchoolWeek(*row) for row in rows]


def totals(lines: list[SchoolWeek]) -> SchoolWeek:
    return SchoolWeek(
        name="All schools",
        completed=sum(line.completed for line in lines),
        coming=sum(line.coming for line in lines),
        staff=sum(line.staff for line in lines),
        took_part=sum(line.took_part for line in lines),
    )
