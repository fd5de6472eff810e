"""Everything a confirmed visit sets in motion: reminders, prompts, the check and the follow-up.

All of it is written to the outbox at once, in the booking's transaction, each with its due time;
the dispatcher decides at send time whether it still makes sense (cancelled, stale, answered).
When the school calendar changes, `closed_days.replan_school_times` moves what was owed at a
school-time moment to where the new calendar puts it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.domain import calendar
from bot.domain.calendar import SchoolCalendar
from bot.domain.outbox import tell
from bot.domain.timing import Timing, day_before_reminder, next_school_moment
from bot.models import Offer, Visit, Workspace
from bot.vocabulary import NotificationKind


def schedule_visit(
    session: Session, workspace: Workspace, visit: Visit, timing: Timing, now: datetime
) -> None:
    offer, visitor, host = visit.offer, visit.visitor, visit.offer.host
    days = calendar.school_calendar(session, workspace)
    hour_before = offer.starts_at - timedelta(minutes=timing.reminder_lead_minutes)
    reminders = []
    day_before = day_before_reminder(days, timing, offer.starts_at)
    if day_before is not None:
        due, expires = day_before
        reminders += [
            (NotificationKind.REMINDER_DAY_BEFORE, visitor.slack_user_id, visit, due, expires),
            (NotificationKind.HOST_REMINDER_DAY_BEFORE, host.slack_user_id, offer, due, expires),
        ]
    reminders += [
        (
            NotificationKind.REMINDER_HOUR_BEFORE,
            visitor.slack_user_id,
            visit,
            hour_before,
            offer.starts_at,
        ),
        (
            NotificationKind.HOST_REMINDER_HOUR_BEFORE,
            host.slack_user_id,
            offer,
            hour_before,
            offer.starts_at,
        ),
    ]
    for kind, recipient, subject, due, expires in reminders:
        if due > now:
            tell(session, workspace, kind, recipient, subject, now, due_at=due, expires_at=expires)
    prompt_at = offer.ends_at + timedelta(minutes=timing.reflection_delay_minutes)
    later = [
        (NotificationKind.REFLECTION_PROMPT, visitor.slack_user_id, visit, prompt_at),
        (NotificationKind.HOST_PROMPT, host.slack_user_id, offer, prompt_at),
        (
            NotificationKind.REFLECTION_REMINDER,
            visitor.slack_user_id,
            visit,
            prompt_at + timedelta(hours=timing.reflection_reminder_hours),
        ),
        (
            NotificationKind.VISIT_CHECK,
            visitor.slack_user_id,
            visit,
            check_at(days, timing, offer, NotificationKind.VISIT_CHECK),
        ),
        (
            NotificationKind.FOLLOW_UP,
            visitor.slack_user_id,
            visit,
            check_at(days, timing, offer, NotificationKind.FOLLOW_UP),
        ),
    ]
    for kind, recipient, subject, due in later:
        tell(session, workspace, kind, recipient, subject, now, due_at=due)


def check_at(days: SchoolCalendar, timing: Timing, offer: Offer, kind: str) -> datetime:
    """The check and the follow-up: some days after the visit, mid-morning on a school day."""
    wait = (
        timing.visit_check_days if kind == NotificationKind.VISIT_CHECK else timing.follow_up_days
    )
    return next_school_moment(
        days, offer.ends_at + timedelta(days=wait), timing.school_day_start_hour + 2
    )
