"""School time: local dates and clock times in the workspace's zone, stored as UTC instants."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class SchoolCalendar:
    """The days a school takes visits (its school days minus its no-visit dates), read once, so a
    rule that looks at many days or many visits asks the database once."""

    zone: ZoneInfo
    school_days: frozenset[int]
    no_visit: frozenset[date]

    def is_open(self, day: date) -> bool:
        return day.weekday() in self.school_days and day not in self.no_visit

    def day_of(self, instant: datetime) -> date:
        return instant.astimezone(self.zone).date()

    def at(self, day: date, clock: time) -> datetime:
        return datetime.combine(day, clock, tzinfo=self.zone).astimezone(UTC)

    def closed_spans(self, first: date, last: date) -> list[tuple[datetime, datetime]]:
        """The closed days from `first` to `last` as instants [start, end), a run of closed days
        (a weekend and the holiday beside it) as one span, so a query needs few conditions."""
        spans: list[tuple[datetime, datetime]] = []
        day = first
        while day <= last:
            if self.is_open(day):
                day += timedelta(days=1)
                continue
            start = day
            while day <= last and not self.is_open(day):
                day += timedelta(days=1)
            spans.append((self.at(start, time(0)), self.at(day, time(0))))
        return spans


def school_calendar(session: Session, workspace: Workspace) -> SchoolCalendar:
    return SchoolCalendar(
        zone(workspace),
        frozenset(workspace.school_days),
        frozenset(no_visit_dates(session, workspace)),
    )


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
