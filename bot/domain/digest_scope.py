"""Whom and what a digest covers: the reader's schools, the weeks it looks at, the teachers it
counts, and the failed messages its reader may see.

The counts and the lists both filter by these, so a number and the names beside it can't
disagree about who is in scope.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import CTE, ColumnElement, Select, select, union

from bot.domain.roster import counted_staff
from bot.domain.unreachable import CHECK, LEFT
from bot.models import Member, Notification, Offer, School, Visit, Workspace
from bot.vocabulary import NotificationState, Role, VisitStatus

PARTICIPATION_DAYS = 28

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


def district_visits(workspace: Workspace, now: datetime) -> CTE:
    """The same four weeks across every school of the workspace: participation's measure. A
    school's teachers take part wherever they visited or hosted, and a visitor from another
    school takes part for their own school, not this one."""
    return recent_visits(select(School.id).where(School.workspace_id == workspace.id), now)


def took_part(schools: SchoolIds, visits: CTE) -> tuple[ColumnElement[bool], ...]:
    """Teachers of these schools who visited or hosted in `visits`."""
    either = union(select(visits.c.visitor_id), select(visits.c.host_id))
    return (*staff(schools), Member.id.in_(either))


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
    """Teachers who neither visited nor hosted in the last four weeks."""
    took_part = union(select(recent.c.visitor_id), select(recent.c.host_id))
    return (*staff(schools), Member.id.not_in(took_part))


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
