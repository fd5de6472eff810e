"""Setup: the visits channel, schools, coaches and leaders, time zone and school calendar."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.domain.errors import NotAllowed, NotSetUp, check
from bot.domain.form_input import too_far
from bot.domain.members import member_for
from bot.domain.outbox import owe
from bot.models import Member, NoVisitDate, Offer, Request, School, Workspace
from bot.vocabulary import NotificationKind, Role

MAX_NO_VISIT_DAYS = 400
MAX_SCHOOLS = 100
_RANGE = re.compile(
    r"^(\d{4}-\d{2}-\d{2})(?:\s*(?:\.\.|to|–|—|-(?=\s))\s*(\d{4}-\d{2}-\d{2}))?$", re.ASCII
)
# Slack's longest text input: the saved dates are shown back in it when setup runs again.
MAX_NO_VISIT_TEXT = 3000
WEEK = range(7)


@dataclass
class SetupForm:
    channel_id: str | None
    schools: str
    coaches: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    timezone: str = "America/New_York"
    school_days: list[int] = field(default_factory=lambda: [0, 1, 2, 3, 4])
    no_visit_dates: str = ""
    digest_weekday: int = 4
    digest_hour: int = 14


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


def parse_no_visit_dates(text: str) -> list[date]:
    """One date or range per line or comma ("2026-12-21 to 2027-01-01"), as admins paste them."""
    days: list[date] = []
    for chunk in re.split(r"[\n,;]+", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        match = _RANGE.match(chunk)
        if not match:
            raise ValueError(
                f"I can't read “{chunk[:40]}”. Use dates like 2026-12-21 or 2026-12-21 to 2027-01-01."
            )
        try:
            first = date.fromisoformat(match.group(1))
            last = date.fromisoformat(match.group(2)) if match.group(2) else first
        except ValueError as error:
            raise ValueError(f"“{chunk[:40]}” isn't a real date.") from error
        if last < first:
            raise ValueError(f"“{chunk[:40]}” ends before it starts.")
        if (last - first).days > MAX_NO_VISIT_DAYS:
            raise ValueError(f"“{chunk[:40]}” is longer than a school year.")
        days.extend(first + timedelta(days=n) for n in range((last - first).days + 1))
    return sorted(set(days))


def run_setup(
    session: Session, team_id: str, admin_user_id: str, form: SetupForm, now: datetime
) -> Workspace:
    """Save the admin's choices; running it again edits them. A school in use can't be dropped."""
    errors: dict[str, str] = {}
    names = [line.strip() for line in re.split(r"[\n]+", form.schools) if line.strip()]
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
    check(errors)

    first_setup = workspace is None or workspace.setup_at is None
    if workspace is None:
        workspace = Workspace(team_id=team_id, timezone=form.timezone)
        session.add(workspace)
        session.flush()
    channel_changed = workspace.visits_channel_id != form.channel_id
    workspace.visits_channel_id = form.channel_id
    workspace.channel_problem = ""
    workspace.timezone = form.timezone
    workspace.school_days = sorted(set(form.school_days))
    workspace.digest_weekday, workspace.digest_hour = form.digest_weekday, form.digest_hour
    workspace.setup_at = now
    _sync_schools(session, workspace, names)
    _sync_roles(session, workspace, admin_user_id, form.coaches, form.leaders)
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


def saved_setup(session: Session, workspace: Workspace | None) -> tuple[dict[str, list[str]], str]:
    """What setup shows when run again: who holds which role, and the no-visit dates as typed."""
    if workspace is None:
        return {}, ""
    roles: dict[str, list[str]] = {}
    for member in session.scalars(select(Member).where(Member.workspace_id == workspace.id)):
        roles.setdefault(member.role, []).append(member.slack_user_id)
    days = session.scalars(select(NoVisitDate.day).where(NoVisitDate.workspace_id == workspace.id))
    return roles, format_no_visit_dates(list(days))


def format_no_visit_dates(days: list[date]) -> str:
    """Saved dates shown back as the admin would type them: runs of days become ranges."""
    lines: list[str] = []
    runs: list[list[date]] = []
    for day in sorted(days):
        if runs and day - runs[-1][-1] == timedelta(days=1):
            runs[-1].append(day)
        else:
            runs.append([day])
    for run in runs:
        lines.append(run[0].isoformat() if len(run) == 1 else f"{run[0]} to {run[-1]}")
    return "\n".join(lines)


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
