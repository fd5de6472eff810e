"""Each school's real staff, read from Slack: who the digest counts and whom Open Door invites.

Participation counted only the people who had used Open Door ("100% of 2 teachers" in a school of
forty). A school names its staff list in setup: a channel or a user group; a one-school workspace
that names none uses the visits channel. Once a day one instance reads the lists (outside any
transaction) and `apply_roster` writes what it found: everyone listed who is a real person (not a
bot, a guest or a deactivated account) is `on_roster`, and people never seen before become members
of the school whose list named them, so they can be counted and invited.

Reading a list can fail (a private channel the bot was removed from). Then that school keeps its
last roster and setup says why; nobody is taken off a roster on a partial read, and a deactivated
account is only checked, through the same careful path as a failed DM, never released here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.orm import Session

from bot.db import changed
from bot.domain.installs import installed
from bot.domain.unreachable import check_on
from bot.models import Member, School, Workspace

# How often staff lists are read, and how long one instance may take to read them before another
# may try: reading a district's directory at Slack's Tier 2 pace takes a few minutes.
ROSTER_EVERY = timedelta(days=1)
ROSTER_LEASE = timedelta(minutes=30)


class SourceKind(StrEnum):
    CHANNEL = "channel"
    USERGROUP = "usergroup"


class Account(StrEnum):
    """What Slack says a listed account is; only a PERSON counts as staff."""

    PERSON = "person"
    BOT = "bot"
    GUEST = "guest"
    DEACTIVATED = "deactivated"


@dataclass(frozen=True)
class Source:
    kind: SourceKind
    id: str


@dataclass(frozen=True)
class Person:
    user_id: str
    name: str
    account: Account


@dataclass
class StaffRead:
    """What one reading of the workspace's directory and staff lists found."""

    people: dict[str, Person] = field(default_factory=dict)
    listed: dict[int, list[str]] = field(default_factory=dict)
    problems: dict[int, str] = field(default_factory=dict)
    user_groups: list[dict[str, str]] = field(default_factory=list)


def staff_source(workspace: Workspace, school: School) -> Source | None:
    """The school's chosen channel or user group; the visits channel for a lone school."""
    if school.staff_usergroup_id:
        return Source(SourceKind.USERGROUP, school.staff_usergroup_id)
    if school.staff_channel_id:
        return Source(SourceKind.CHANNEL, school.staff_channel_id)
    if len(workspace.schools) == 1 and workspace.visits_channel_id:
        return Source(SourceKind.CHANNEL, workspace.visits_channel_id)
    return None


def claim_due_rosters(session: Session, now: datetime) -> list[int]:
    """Workspaces whose staff lists are due, each claimed for this instance alone: the due time
    moves a lease ahead in one conditional UPDATE, committed before Slack is asked. An instance
    killed while reading leaves the lease to run out, and the lists are read again after it."""
    due = or_(Workspace.roster_due_at.is_(None), Workspace.roster_due_at <= now)
    claimed = []
    for workspace_id in session.scalars(
        select(Workspace.id).where(Workspace.setup_at.is_not(None), installed(Workspace.id), due)
    ).all():
        won = changed(
            session,
            update(Workspace)
            .where(Workspace.id == workspace_id, due)
            .values(roster_due_at=now + ROSTER_LEASE)
            .execution_options(synchronize_session=False),
        )
        session.commit()
        if won:
            claimed.append(workspace_id)
    return claimed


def roster_sources(workspace: Workspace) -> dict[int, Source]:
    sources = {}
    for school in workspace.schools:
        source = staff_source(workspace, school)
        if source is not None:
            sources[school.id] = source
    return sources


def read_again_soon(workspace: Workspace, now: datetime) -> None:
    """Setup changed where staff lists come from: read them at the next pass, not tomorrow."""
    workspace.roster_due_at = now


def apply_roster(session: Session, workspace: Workspace, read: StaffRead, now: datetime) -> int:
    """Write what a reading found; returns how many people are on the roster now."""
    workspace.user_groups = read.user_groups
    schools = {school.id: school for school in workspace.schools}
    school_of: dict[str, int] = {}
    for school_id, user_ids in read.listed.items():
        if school_id not in schools:
            continue  # removed in setup while the lists were read
        schools[school_id].roster_read_at = now
        schools[school_id].roster_problem = ""
        for user_id in user_ids:
            school_of.setdefault(user_id, school_id)
    for school_id, code in read.problems.items():
        if school_id in schools:
            schools[school_id].roster_problem = code[:64]
    staff = {
        user_id
        for user_id in school_of
        if (person := read.people.get(user_id)) and person.account == Account.PERSON
    }
    members = {
        member.slack_user_id: member
        for member in session.scalars(select(Member).where(Member.workspace_id == workspace.id))
    }
    for user_id in sorted(staff - members.keys()):
        person = read.people[user_id]
        member = Member(
            workspace_id=workspace.id,
            slack_user_id=user_id,
            name=person.name,
            school_id=school_of[user_id],
        )
        session.add(member)
        members[user_id] = member
    whole = not read.problems
    listed = set(school_of)
    for user_id, member in members.items():
        if user_id in staff:
            member.on_roster = True
            if member.school_id is None:
                member.school_id = school_of[user_id]
        elif whole or user_id in listed:
            # Off every list, or listed as a bot, guest or deactivated account. On a partial
            # read, someone not listed may be on the list that couldn't be read: they stay.
            member.on_roster = False
        person = read.people.get(user_id)
        if (
            person is not None
            and person.account == Account.DEACTIVATED
            and not member.undeliverable
        ):
            check_on(session, workspace, member, Account.DEACTIVATED, f"roster-{now:%Y%m%d}", now)
    workspace.roster_due_at = now + ROSTER_EVERY
    session.flush()
    return len(staff)


def counted_staff() -> ColumnElement[bool]:
    """Members a school counts as staff: on its roster once the roster has been read, and
    until then everyone who chose the school, as before rosters existed."""
    unread = select(School.id).where(School.roster_read_at.is_(None))
    return or_(Member.on_roster.is_(True), Member.school_id.in_(unread))
