"""Whom and what a digest covers: the reader's schools, the weeks it looks at, the teachers it
counts, and the failed messages its reader may see.

The counts and the lists both filter by these, so a number and the names beside it can't
disagree about who is in scope.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import CTE, ColumnElement, Select, literal, select, union_all
from sqlalchemy.orm import InstrumentedAttribute

from bot.domain.roster import counted_staff
from bot.domain.unreachable import CHECK, LEFT
from bot.models import (
    GroupMember,
    GroupVisit,
    Member,
    Notification,
    Offer,
    School,
    Stop,
    Visit,
    Workspace,
)
from bot.vocabulary import GroupVisitStatus, NotificationState, Role, StopStatus, VisitStatus

PARTICIPATION_DAYS = 28
VISITED, HOSTED = "visited", "hosted"

SchoolIds = list[int] | Select[int]


def digest_schools(workspace: Workspace, reader: Member) -> tuple[SchoolIds, str]:
    """The reader's school, or all of the workspace's schools for district staff (no school),
    and how the digest names them.

    Offers and members are scoped to the workspace through its schools alone: a workspace_id
    test as well leads SQLite's planner to the workspace index, which holds every row, instead
    of the school's or the week's.
    """
    school = reader.school
    if school is not None and school.workspace_id == workspace.id:
        return [school.id], school.name
    return select(School.id).where(School.workspace_id == workspace.id), "all schools"


def recent_visits(schools: SchoolIds, now: datetime) -> CTE:
    """Visits that happened (or were booked to) in the last four weeks: what practices spread."""
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


def participation(schools: SchoolIds, now: datetime, people: Select[int] | None = None) -> CTE:
    """Who visited and who hosted in the last four weeks at these schools, one row per person and
    part: a one-to-one visit's visitor and host, and a team visit's or coaching round's people
    and the hosts of its confirmed stops once a stop has started. A team's morning is visiting
    as much as a visit on one's own is, and a teacher on one is not "not yet visiting". With
    `people`, only their rows are read (through their own visits and doors, not every one)."""
    since = now - timedelta(days=PARTICIPATION_DAYS)

    def one_to_one(who: InstrumentedAttribute[int], part: str) -> Select[int, str]:
        rows = (
            select(who.label("member_id"), literal(part).label("part"))
            .join_from(Visit, Offer, Visit.offer_id == Offer.id)
            .where(
                Offer.school_id.in_(schools),
                Visit.status.in_((VisitStatus.CONFIRMED, VisitStatus.COMPLETED)),
                Offer.starts_at > since,
                Offer.starts_at <= now,
            )
        )
        return rows if people is None else rows.where(who.in_(people))

    stops = (
        select(Stop.group_visit_id, Stop.host_id)
        .join(GroupVisit, Stop.group_visit_id == GroupVisit.id)
        .where(
            GroupVisit.school_id.in_(schools),
            GroupVisit.status == GroupVisitStatus.PLANNED,
            Stop.status == StopStatus.CONFIRMED,
            Stop.starts_at > since,
            Stop.starts_at <= now,
        )
        .subquery()
    )
    return union_all(
        one_to_one(Visit.visitor_id, VISITED),
        one_to_one(Offer.host_id, HOSTED),
        select(GroupMember.member_id, literal(VISITED)).join(
            stops, stops.c.group_visit_id == GroupMember.group_visit_id
        ),
        select(stops.c.host_id, literal(HOSTED)),
    ).cte("took_part")


def staff_participation(workspace: Workspace, schools: SchoolIds, now: datetime) -> CTE:
    """The same four weeks across every school of the workspace, read for these schools' people
    only: participation's measure. A school's teachers take part wherever they visited or
    hosted, and a visitor from another school takes part for their own school, not this one."""
    everywhere = select(School.id).where(School.workspace_id == workspace.id)
    return participation(everywhere, now, select(Member.id).where(Member.school_id.in_(schools)))


def visited(recent: CTE) -> Select[tuple[int]]:
    return select(recent.c.member_id).where(recent.c.part == VISITED)


def hosted(recent: CTE) -> Select[tuple[int]]:
    return select(recent.c.member_id).where(recent.c.part == HOSTED)


def took_part(schools: SchoolIds, recent: CTE) -> tuple[ColumnElement[bool], ...]:
    """Teachers of these schools who visited or hosted in `recent` (a `participation`)."""
    return (*staff(schools), Member.id.in_(select(recent.c.member_id)))


def staff(schools: SchoolIds) -> tuple[ColumnElement[bool], ...]:
    """The teachers these schools count: their staff lists as last read from Slack (no bots,
    guests or people who left), or, for a school whose list was never read, who chose it."""
    return (
        Member.school_id.in_(schools),
        Member.role == Role.TEACHER,
        counted_staff(),
        Member.undeliverable.not_like(f"{LEFT}%"),
    )


def quiet(schools: SchoolIds, recent: CTE) -> tuple[ColumnElement[bool], ...]:
    """Teachers who neither visited nor hosted in `recent` (a `participation`); its ids are
    never NULL, so NOT IN means what it says."""
    return (*staff(schools), Member.id.not_in(select(recent.c.member_id)))


def failed_messages(
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
    members = select(Member.slack_user_id).where(
        Member.workspace_id == workspace.id, Member.school_id.in_(schools)
    )
    return (*failed, Notification.recipient.in_(members))
