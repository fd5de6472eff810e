"""Professional-development hours: what a member's completed visits count for this school year.

Each kind of visit counts for the minutes setup gives it (a visit made, a visit hosted, a team
visit, a coaching round). A member sees their own record; a leader or admin exports their
school's, one line per member in alphabetical order. Never a ranking: nothing is sorted by
hours, and nobody's record is shown beside another's except in that alphabetical export.

What counts is what happened: a visit completed (its visitor reflected or said it happened), a
door with at least one completed visit (hosted once, however many came), and a team visit or
coaching round not called off whose debrief has passed with a confirmed stop, for each member on it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from sqlalchemy import Select, distinct, func, select
from sqlalchemy.orm import Session

from bot.domain.calendar import local_today, to_utc
from bot.domain.errors import NotAllowed, NotFound, check
from bot.domain.export import name_of
from bot.domain.school_roles import keeps_school
from bot.models import GroupMember, GroupVisit, Member, Offer, School, Stop, Visit, Workspace
from bot.vocabulary import GroupVisitKind, GroupVisitStatus, Role, StopStatus, VisitStatus

SCHOOL_YEAR_STARTS = 8  # August, as the terms in matching do
MINUTE_CHOICES = (0, 15, 30, 45, 60, 90, 120, 180, 240, 300, 360, 420, 480)


class PdKind(StrEnum):
    VISIT = "visit"
    HOSTED = "hosted"
    TEAM_VISIT = "team_visit"
    ROUND = "round"


KIND_NAMES = {
    PdKind.VISIT: "Visits made",
    PdKind.HOSTED: "Visits hosted",
    PdKind.TEAM_VISIT: "Team visits",
    PdKind.ROUND: "Coaching rounds",
}

ONE_NAMES = {
    PdKind.VISIT: "visit made",
    PdKind.HOSTED: "visit hosted",
    PdKind.TEAM_VISIT: "team visit",
    PdKind.ROUND: "coaching round",
}
DEFAULT_MINUTES = {PdKind.VISIT: 45, PdKind.HOSTED: 45, PdKind.TEAM_VISIT: 180, PdKind.ROUND: 120}


@dataclass(frozen=True)
class PdRecord:
    """One member's completed visits this school year, by kind, and what they count for."""

    name: str
    since: date
    counts: dict[PdKind, int]
    minutes: dict[PdKind, int]

    def hours(self, kind: PdKind) -> float:
        return self.counts[kind] * self.minutes[kind] / 60

    @property
    def total_hours(self) -> float:
        return sum(self.hours(kind) for kind in PdKind)


def minutes_per_kind(workspace: Workspace, school: School | None = None) -> dict[PdKind, int]:
    """The workspace's minutes (setup), each overridden where the school set its own."""
    minutes = {
        PdKind.VISIT: workspace.pd_visit_minutes,
        PdKind.HOSTED: workspace.pd_hosted_minutes,
        PdKind.TEAM_VISIT: workspace.pd_team_visit_minutes,
        PdKind.ROUND: workspace.pd_round_minutes,
    }
    own = (school.pd_minutes or {}) if school is not None else {}
    return {kind: int(own[kind]) if kind in own else value for kind, value in minutes.items()}


def ensure_may_set_minutes(member: Member, school: School | None) -> None:
    """Those who keep a school's settings (`keeps_school`) set what its visits count for."""
    if not keeps_school(member, school):
        raise NotAllowed("A school's PD minutes are set by its leaders and admins.")


def save_school_minutes(
    workspace: Workspace, editor: Member, school_id: object, picked: dict[PdKind, str | None]
) -> tuple[School, dict[PdKind, int]]:
    """The school's own minutes per kind, from the choices offered; the workspace's where a kind
    is left as it is."""
    school = next((school for school in workspace.schools if school.id == school_id), None)
    if school is None:
        raise NotFound("I can't find that school any more. Run `/visit hours minutes` again.")
    ensure_may_set_minutes(editor, school)
    errors = {
        f"pd_{kind}": "Pick one of the choices."
        for kind, value in picked.items()
        if value is not None
        and not (value.isascii() and value.isdigit() and int(value) in MINUTE_CHOICES)
    }
    check(errors)
    school.pd_minutes = {kind.value: int(value) for kind, value in picked.items() if value}
    return school, minutes_per_kind(workspace, school)


def school_year_start(today: date) -> date:
    year = today.year if today.month >= SCHOOL_YEAR_STARTS else today.year - 1
    return date(year, SCHOOL_YEAR_STARTS, 1)


def record_for(session: Session, workspace: Workspace, member: Member, now: datetime) -> PdRecord:
    """`/visit hours`: the member's own record."""
    return _records(session, workspace, [member], now)[0]


def ensure_may_export_school(member: Member) -> None:
    if member.role not in (Role.LEADER, Role.ADMIN):
        raise NotAllowed("A school's PD hours are for its leaders and admins to export.")


def school_records(
    session: Session, workspace: Workspace, reader: Member, now: datetime
) -> tuple[str, list[PdRecord]]:
    """`/visit hours school`: every member of the reader's school (every member of the
    workspace, for a leader or admin with none), alphabetically, and how they are named."""
    ensure_may_export_school(reader)
    school = reader.school if reader.school and reader.school.workspace_id == workspace.id else None
    query = select(Member).where(Member.workspace_id == workspace.id)
    if school is not None:
        query = query.where(Member.school_id == school.id)
    members = sorted(session.scalars(query), key=lambda m: (name_of(m).lower(), m.id))
    return (school.name if school else "all schools"), _records(session, workspace, members, now)


def _records(
    session: Session, workspace: Workspace, members: list[Member], now: datetime
) -> list[PdRecord]:
    since_day = school_year_start(local_today(workspace, now))
    since = to_utc(workspace, since_day, time())
    ids = [member.id for member in members]
    counts: dict[PdKind, Counter[int]] = {
        PdKind.VISIT: _counted(session, _visits_made(ids, since, now)),
        PdKind.HOSTED: _counted(session, _doors_hosted(ids, since, now)),
        PdKind.TEAM_VISIT: _counted(session, _group(ids, GroupVisitKind.TEAM_VISIT, since, now)),
        PdKind.ROUND: _counted(session, _group(ids, GroupVisitKind.ROUND, since, now)),
    }
    return [
        PdRecord(
            name_of(m),
            since_day,
            {kind: counts[kind][m.id] for kind in PdKind},
            minutes_per_kind(workspace, m.school),
        )
        for m in members
    ]


def _counted(session: Session, query: Select[int, int]) -> Counter[int]:
    return Counter({member_id: count for member_id, count in session.execute(query).all()})


def _visits_made(ids: list[int], since: datetime, now: datetime) -> Select[int, int]:
    return (
        select(Visit.visitor_id, func.count(Visit.id))
        .join(Offer, Visit.offer_id == Offer.id)
        .where(
            Visit.visitor_id.in_(ids),
            Visit.status == VisitStatus.COMPLETED,
            Offer.starts_at >= since,
            Offer.starts_at <= now,
        )
        .group_by(Visit.visitor_id)
    )


def _doors_hosted(ids: list[int], since: datetime, now: datetime) -> Select[int, int]:
    return (
        select(Offer.host_id, func.count(distinct(Offer.id)))
        .join(Visit, Visit.offer_id == Offer.id)
        .where(
            Offer.host_id.in_(ids),
            Visit.status == VisitStatus.COMPLETED,
            Offer.starts_at >= since,
            Offer.starts_at <= now,
        )
        .group_by(Offer.host_id)
    )


def _group(ids: list[int], kind: str, since: datetime, now: datetime) -> Select[int, int]:
    confirmed = select(Stop.id).where(
        Stop.group_visit_id == GroupVisit.id, Stop.status == StopStatus.CONFIRMED
    )
    return (
        select(GroupMember.member_id, func.count(distinct(GroupVisit.id)))
        .join(GroupVisit, GroupMember.group_visit_id == GroupVisit.id)
        .where(
            GroupMember.member_id.in_(ids),
            GroupVisit.kind == kind,
            GroupVisit.status == GroupVisitStatus.PLANNED,
            confirmed.exists(),
            GroupVisit.debrief_at >= since,
            GroupVisit.debrief_at <= now,
        )
        .group_by(GroupMember.member_id)
    )
