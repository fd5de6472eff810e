"""When the bot speaks around a visit. Lead times are deployment settings; this is their shape."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from bot.domain import calendar
from bot.models import Workspace


@dataclass(frozen=True)
class Timing:
    reminder_day_before_hour: int = 15
    reminder_lead_minutes: int = 60
    reflection_delay_minutes: int = 10
    reflection_reminder_hours: int = 48
    visit_check_days: int = 3
    follow_up_days: int = 14
    nudge_quiet_days: int = 30
    unanswered_request_school_days: int = 3
    school_day_start_hour: int = 8
    school_day_end_hour: int = 16


DEFAULT_TIMING = Timing()


def previous_school_day(session: Session, workspace: Workspace, day: date) -> date:
    """The last day before `day` the school is open (weekends and no-visit dates skipped)."""
    closed = calendar.no_visit_dates(session, workspace)
    candidate = day - timedelta(days=1)
    for _ in range(60):
        if candidate.weekday() in workspace.school_days and candidate not in closed:
            return candidate
        candidate -= timedelta(days=1)
    return day - timedelta(days=1)


def next_school_moment(
    session: Session, workspace: Workspace, around: datetime, hour: int
) -> datetime:
    """`hour` (school time) on the day of `around`, or on the next school day if that day is a
    weekend or a no-visit date, so follow-ups land when teachers are at work."""
    closed = calendar.no_visit_dates(session, workspace)
    day = calendar.local(workspace, around).date()
    for _ in range(60):
        if day.weekday() in workspace.school_days and day not in closed:
            return calendar.to_utc(workspace, day, time(hour))
        day += timedelta(days=1)
    return around


def in_school_hours(session: Session, workspace: Workspace, timing: Timing, now: datetime) -> bool:
    local = calendar.local(workspace, now)
    return (
        local.weekday() in workspace.school_days
        and local.date() not in calendar.no_visit_dates(session, workspace)
        and timing.school_day_start_hour <= local.hour < timing.school_day_end_hour
    )


def school_days_since(
    session: Session, workspace: Workspace, since: datetime, now: datetime
) -> int:
    """School days that have begun since `since`, its own day not counted."""
    closed = calendar.no_visit_dates(session, workspace)
    day = calendar.local(workspace, since).date() + timedelta(days=1)
    today = calendar.local_today(workspace, now)
    count = 0
    while day <= today and count < 365:
        if day.weekday() in workspace.school_days and day not in closed:
            count += 1
        day += timedelta(days=1)
    return count
