"""When the bot speaks around a visit. Lead times are deployment settings; this is their shape."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

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
    approval_reminder_hours: int = 24
    approval_grace_hours: int = 2
    cover_request_hour: int = 13

    @property
    def mid_morning_hour(self) -> int:
        """When the check and the follow-up go: two hours into the school day, once the day has
        started, and never past its last hour (a deployment may set short school hours)."""
        return min(self.school_day_start_hour + 2, self.school_day_end_hour - 1)


DEFAULT_TIMING = Timing()


DAY_BEFORE_WINDOW_DAYS = 7
TWO_YEARS_OF_DAYS = 731
# How late a message about a past visit (a prompt, the check, the follow-up) or a week (the
# digest) may still go: a week after it was due, it is about something too far back to be more
# than noise, as when the bot was down over a holiday. Such rows expire then (`Stale.A_WEEK_LATE`).
LATE_BY_AT_MOST = timedelta(days=7)


def day_before_reminder(
    days: calendar.SchoolCalendar, timing: Timing, starts_at: datetime
) -> tuple[datetime, datetime] | None:
    """When the day-before reminders go and when they go stale, or None for no such reminder.

    They go at `reminder_day_before_hour` on the last school day before the visit (weekends,
    other non-school days and no-visit dates skipped), and go stale when school hours end that
    day. That day is looked for within a week of the visit: after a longer closure (a break, the
    summer) every day near enough to remind anyone is one the school is closed, and the last
    school day before it is too far back to be a reminder. Then they go on the morning of the
    visit, at `school_day_start_hour`, stale when it starts, provided that is before the
    hour-before reminder and the visit's own day is a school day (a visit its people kept on a
    closed day has only the hour-before one). So this reminder never lands on a closed day.
    """
    visit_day = days.day_of(starts_at)
    for back in range(1, DAY_BEFORE_WINDOW_DAYS + 1):
        day = visit_day - timedelta(days=back)
        if days.is_open(day):
            due = days.at(day, time(timing.reminder_day_before_hour))
            ends = days.at(day, time(min(timing.school_day_end_hour, 23)))
            return due, max(ends, due + timedelta(hours=1))
    morning = days.at(visit_day, time(timing.school_day_start_hour))
    hour_before = starts_at - timedelta(minutes=timing.reminder_lead_minutes)
    if days.is_open(visit_day) and morning < hour_before:
        return morning, starts_at
    return None


def next_school_moment(days: calendar.SchoolCalendar, around: datetime, hour: int) -> datetime:
    """`hour` (school time) on the day of `around`, or on the next school day if that day is a
    weekend or a no-visit date, so follow-ups land when teachers are at work (after a summer's
    closure too; only a calendar closed for two years gives up and keeps `around`)."""
    day = days.day_of(around)
    for _ in range(TWO_YEARS_OF_DAYS):
        if days.is_open(day):
            return days.at(day, time(hour))
        day += timedelta(days=1)
    return around


def in_school_hours_or_next(
    days: calendar.SchoolCalendar, timing: Timing, around: datetime
) -> datetime:
    """`around` itself when it falls in school hours on a school day; otherwise mid-morning of
    that day if the school day has yet to begin, else of the next school day. So a message due
    some hours after another (the reflection reminder) never lands at night, on a weekend or on
    a no-visit date."""
    day = days.day_of(around)
    hour = around.astimezone(days.zone).hour
    if days.is_open(day) and timing.school_day_start_hour <= hour < timing.school_day_end_hour:
        return around
    if days.is_open(day) and hour < timing.school_day_start_hour:
        return days.at(day, time(timing.mid_morning_hour))
    return next_school_moment(
        days, days.at(day + timedelta(days=1), time(0)), timing.mid_morning_hour
    )


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
