"""Setup: the visits channel, schools, coaches and leaders, time zone and school calendar."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.domain.errors import NotAllowed, NotSetUp, check
from bot.domain.form_input import too_far
from bot.domain.members import member_for
from bot.domain.no_visit_dates import (
    MAX_NO_VISIT_TEXT,
    format_no_visit_dates,
    parse_no_visit_dates,
)
from bot.domain.outbox import owe
from bot.domain.pd_hours import MINUTE_CHOICES, PdKind, minutes_per_kind
from bot.domain.roster import read_again_soon
from bot.models import Member, NoVisitDate, Offer, Request, School, Workspace
from bot.vocabulary import NotificationKind, Role

MAX_SCHOOLS = 100
SLACK_CHANNEL = re.compile(r"^[CG][A-Z0-9]{2,31}$")
WEEK = range(7)


@dataclass
class SetupForm:
    channel_id: str | None
    schools: str
    coaches: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    cover_coordinators: list[str] = field(default_factory=list)
    timezone: str = "America/New_York"
    school_days: list[int] = field(default_factory=lambda: [0, 1, 2, 3, 4])
    no_visit_dates: str = ""
    digest_weekday: int = 4
    digest_hour: int = 14
    # Each saved school's staff list, as setup showed it: a channel or a user group id, "" for
    # none. Schools setup didn't show (a first setup, or beyond its pickers) keep theirs.
    staff_channels: dict[int, str] = field(default_factory=dict)
    staff_groups: dict[int, str] = field(default_factory=dict)
    # Minutes toward PD hours per kind of completed visit (PdKind's values); kinds not given keep
    # what they were.
    pd_minutes: dict[str, int] = field(default_factory=dict)


def find_workspace(session: Session, team_id: str) -> Workspace | None:
    return session.scalar(select(Workspace).where(Workspace.team_id == team_id))


def require_workspace(session: Session, team_id: str) -> Workspace:
    workspace = find_workspace(session, team_id)
    if workspace is None or workspace.setup_at is None:
        raise NotSetUp()
    return workspace


def ensure_may_run_setup(session: Session, team_id: str, user_id: str, slack_admin: bool) -> None:
    """Slack's workspace admins and owners, and members setup made admins, may run setup."""
    if slack_admin:
        return
    workspace = find_workspace(session, team_id)
    member = None
    if workspace is not None:
        member = session.scalar(
            select(Member).where(
                Member.workspace_id == workspace.id, Member.slack_user_id == user_id
            )
        )
    if member is None or member.role != Role.ADMIN:
        raise NotAllowed(
            "Only a workspace admin can run setup. Ask your admin to run `/visit setup`."
        )


def run_setup(
    session: Session, team_id: str, admin_user_id: str, form: SetupForm, now: datetime
) -> Workspace:
    """Save the admin's choices; running it again edits them. A school in use can't be dropped."""
    names = [line.strip() for line in re.split(r"[\n]+", form.schools) if line.strip()]
    errors, closed = _setup_errors(form, names, now)
    workspace = find_workspace(session, team_id)
    kept = {name.lower() for name in names}
    in_use = [
        school.name
        for school in (workspace.schools if workspace else [])
        if school.name.lower() not in kept and _school_in_use(session, school)
    ]
    if in_use and "schools" not in errors:
        errors["schools"] = (
            f"“{in_use[0]}” has members, open doors or requests, so it stays. Keep it in the list."
        )
    errors |= staff_list_errors(workspace, form)
    errors |= {
        f"pd_{kind}": "Choose minutes from the list (0 to 480)."
        for kind, minutes in form.pd_minutes.items()
        if minutes not in MINUTE_CHOICES
    }
    check(errors)

    first_setup = workspace is None or workspace.setup_at is None
    if workspace is None:
        workspace = Workspace(team_id=team_id, timezone=form.timezone)
        session.add(workspace)
        session.flush()
    channel_changed = workspace.visits_channel_id != form.channel_id
    if channel_changed:
        read_again_soon(workspace, now)  # a lone school's staff list is the visits channel
    workspace.visits_channel_id = form.channel_id
    workspace.channel_problem = ""
    workspace.timezone = form.timezone
    workspace.school_days = sorted(set(form.school_days))
    workspace.digest_weekday, workspace.digest_hour = form.digest_weekday, form.digest_hour
    workspace.setup_at = now
    _set_pd_minutes(workspace, form.pd_minutes)
    _sync_schools(session, workspace, names)
    _set_staff_lists(workspace, form, now)
    _sync_roles(session, workspace, admin_user_id, form.coaches, form.leaders)
    _sync_cover_coordinators(session, workspace, form.cover_coordinators)
    session.execute(delete(NoVisitDate).where(NoVisitDate.workspace_id == workspace.id))
    session.add_all(NoVisitDate(workspace_id=workspace.id, day=day) for day in closed)
    if first_setup or channel_changed:
        owe(
            session,
            workspace,
            kind=NotificationKind.CHANNEL_HELLO,
            recipient=form.channel_id or "",
            key=f"channel-hello:{workspace.id}:{form.channel_id}",
            due_at=now,
            now=now,
        )
    return workspace


def _setup_errors(
    form: SetupForm, names: list[str], now: datetime
) -> tuple[dict[str, str], list[date]]:
    """What to change in the form, by field, and the no-visit dates it names (none if they
    can't be read). Whether a dropped school is still in use is the caller's question: it needs
    the saved workspace."""
    errors: dict[str, str] = {}
    if not form.channel_id:
        errors["channel"] = "Pick the channel where open doors will be posted."
    if not names:
        errors["schools"] = "Name at least one school."
    elif len({name.lower() for name in names}) != len(names):
        errors["schools"] = "Each school should appear once."
    elif any(len(name) > 100 for name in names):
        errors["schools"] = "Keep each school name under 100 characters."
    elif len(names) > MAX_SCHOOLS:
        errors["schools"] = f"Open Door holds up to {MAX_SCHOOLS} schools per workspace."
    try:
        ZoneInfo(form.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        errors["timezone"] = "Pick a time zone from the list."
    if not form.school_days:
        errors["school_days"] = "Pick at least one school day."
    elif not set(form.school_days) <= set(WEEK):
        errors["school_days"] = "Pick school days from the list."
    try:
        closed = parse_no_visit_dates(form.no_visit_dates)
    except ValueError as error:
        errors["no_visit_dates"] = str(error)
        closed = []
    if closed and too_far(closed[-1], now.astimezone(_zone_or_utc(form.timezone)).date()):
        errors["no_visit_dates"] = (
            f"{closed[-1]} is more than two years away. Add it nearer the time."
        )
    elif len(format_no_visit_dates(closed)) > MAX_NO_VISIT_TEXT:
        errors["no_visit_dates"] = (
            "That's more dates than setup can show again. Join them into ranges."
        )
    if form.digest_weekday not in WEEK:
        errors["digest_weekday"] = "Pick a day for the weekly digest."
    if not 0 <= form.digest_hour <= 23:
        errors["digest_hour"] = "Pick an hour for the weekly digest."
    if set(form.coaches) & set(form.leaders):
        errors["leaders"] = "Someone is both a coach and a leader; pick one role for each person."
    return errors, closed


def staff_list_errors(workspace: Workspace | None, form: SetupForm) -> dict[str, str]:
    """Each staff list names a saved school of this workspace, a channel id, or a user group
    Open Door has read; at most one of the two per school."""
    errors: dict[str, str] = {}
    schools = {school.id for school in workspace.schools} if workspace else set()
    groups = {group["id"] for group in workspace.user_groups} if workspace else set()
    for school_id, channel in form.staff_channels.items():
        if school_id not in schools or (channel and not SLACK_CHANNEL.match(channel)):
            errors[f"staff_channel_{school_id}"] = "Pick a channel from the list."
    for school_id, group in form.staff_groups.items():
        field_name = f"staff_group_{school_id}"
        if school_id not in schools or (group and group not in groups):
            errors[field_name] = "Pick a user group from the list."
        elif group and form.staff_channels.get(school_id):
            errors[field_name] = "Pick a channel or a user group for this school, not both."
    return errors


def _set_staff_lists(workspace: Workspace, form: SetupForm, now: datetime) -> None:
    """Where each school's staff list comes from; any change is read at the next pass."""
    before = [(s.staff_channel_id, s.staff_usergroup_id) for s in workspace.schools]
    for school in workspace.schools:
        if school.id in form.staff_channels:
            school.staff_channel_id = form.staff_channels[school.id] or None
        if school.id in form.staff_groups:
            school.staff_usergroup_id = form.staff_groups[school.id] or None
    after = [(s.staff_channel_id, s.staff_usergroup_id) for s in workspace.schools]
    if before != after:
        read_again_soon(workspace, now)


def _set_pd_minutes(workspace: Workspace, minutes: dict[str, int]) -> None:
    now = minutes_per_kind(workspace)
    workspace.pd_visit_minutes = minutes.get(PdKind.VISIT, now[PdKind.VISIT])
    workspace.pd_hosted_minutes = minutes.get(PdKind.HOSTED, now[PdKind.HOSTED])
    workspace.pd_team_visit_minutes = minutes.get(PdKind.TEAM_VISIT, now[PdKind.TEAM_VISIT])
    workspace.pd_round_minutes = minutes.get(PdKind.ROUND, now[PdKind.ROUND])


def _zone_or_utc(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _sync_schools(session: Session, workspace: Workspace, names: list[str]) -> None:
    """Add new schools, rename by case, and drop the unused ones no longer listed."""
    existing = {school.name.lower(): school for school in workspace.schools}
    for name in names:
        if name.lower() in existing:
            existing[name.lower()].name = name
        else:
            session.add(School(workspace_id=workspace.id, name=name))
    kept = {name.lower() for name in names}
    for key, school in existing.items():
        if key not in kept:
            session.delete(school)
    session.flush()
    session.refresh(workspace, ["schools"])


def _school_in_use(session: Session, school: School) -> bool:
    return any(
        session.scalar(select(model.id).where(model.school_id == school.id).limit(1)) is not None
        for model in (Member, Offer, Request)
    )


COVER = "cover"  # who coordinates cover, among the roles setup shows


def saved_setup(session: Session, workspace: Workspace | None) -> tuple[dict[str, list[str]], str]:
    """What setup shows when run again: who holds which role, and the no-visit dates as typed."""
    if workspace is None:
        return {}, ""
    roles: dict[str, list[str]] = {}
    for member in session.scalars(select(Member).where(Member.workspace_id == workspace.id)):
        roles.setdefault(member.role, []).append(member.slack_user_id)
        if member.coordinates_cover:
            roles.setdefault(COVER, []).append(member.slack_user_id)
    days = session.scalars(select(NoVisitDate.day).where(NoVisitDate.workspace_id == workspace.id))
    return roles, format_no_visit_dates(list(days))


def _sync_cover_coordinators(
    session: Session, workspace: Workspace, coordinators: list[str]
) -> None:
    """Coordinating cover is not a role: a teacher, a secretary or a leader may do it."""
    wanted = set(coordinators)
    for member in session.scalars(
        select(Member).where(Member.workspace_id == workspace.id, Member.coordinates_cover)
    ):
        member.coordinates_cover = member.slack_user_id in wanted
    for user_id in wanted:
        member_for(session, workspace, user_id).coordinates_cover = True


def _sync_roles(
    session: Session,
    workspace: Workspace,
    admin_user_id: str,
    coaches: list[str],
    leaders: list[str],
) -> None:
    """Roles come only from setup, so no one can make themselves a coach and see the digest."""
    wanted = {user: Role.COACH for user in coaches} | {user: Role.LEADER for user in leaders}
    current = session.scalars(
        select(Member).where(
            Member.workspace_id == workspace.id, Member.role.in_((Role.COACH, Role.LEADER))
        )
    )
    for member in current:
        if member.slack_user_id not in wanted:
            member.role = Role.TEACHER
    for user_id, role in wanted.items():
        member_for(session, workspace, user_id).role = role
    admin = member_for(session, workspace, admin_user_id)
    if admin.role == Role.TEACHER:
        admin.role = Role.ADMIN
    if len(workspace.schools) == 1:
        only = workspace.schools[0]
        for member in session.scalars(
            select(Member).where(Member.workspace_id == workspace.id, Member.school_id.is_(None))
        ):
            member.school_id = only.id
