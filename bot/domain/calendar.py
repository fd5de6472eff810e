"""School time: local dates and clock times in the workspace's zone, stored as UTC instants."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.catalogue import WEEKDAYS
from bot.models import NoVisitDate, Workspace


def zone(workspace: Workspace) -> ZoneInfo:
    return ZoneInfo(workspace.timezone)


def local_today(workspace: Workspace, now: datetime) -> date:
    return now.astimezone(zone(workspace)).date()


def to_utc(workspace: Workspace, day: date, at: time) -> datetime:
    """The instant a wall-clock time happens at the school (zoneinfo handles DST)."""
    return datetime.combine(day, at, tzinfo=zone(workspace)).astimezone(UTC)


def local(workspace: Workspace, instant: datetime) -> datetime:
    return instant.astimezone(zone(workspace))


def no_visit_dates(session: Session, workspace: Workspace) -> set[date]:
    rows = session.scalars(select(NoVisitDate.day).where(NoVisitDate.workspace_id == workspace.id))
    return set(rows)


def day_closed_reason(session: Session, workspace: Workspace, day: date) -> str | None:
    """Why the school takes no visits that day, or None when it does."""
    if day.weekday() not in workspace.school_days:
        return f"{WEEKDAYS[day.weekday()]}s aren't school days here. Pick another date."
    if day in no_visit_dates(session, workspace):
        return f"{day:%A %B} {day.day} is a no-visit date at your school. Pick another date."
    return None


def week_end(workspace: Workspace, now: datetime) -> datetime:
    """The end of the coming Sunday, school time: where "this week" stops."""
    today = local_today(workspace, now)
    sunday = today + timedelta(days=6 - today.weekday())
    return to_utc(workspace, sunday + timedelta(days=1), time(0))
