"""Everything a confirmed visit sets in motion: reminders, prompts, the check and the follow-up.

All of it is written to the outbox at once, in the booking's transaction, each with its due time;
the dispatcher decides at send time whether it still makes sense (cancelled, stale, answered).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy.orm import Session

from bot.domain import calendar
from bot.domain.outbox import tell
from bot.domain.timing import Timing, next_school_moment, previous_school_day
from bot.models import Visit, Workspace


def schedule_visit(
    session: Session, workspace: Workspace, visit: Visit, timing: Timing, now: datetime
) -> None:
    offer, visitor, host = visit.offer, visit.visitor, visit.offer.host
    visit_day = calendar.local(workspace, offer.starts_at).date()
    day_before = calendar.to_utc(
        workspace,
        previous_school_day(session, workspace, visit_day),
        time(timing.reminder_day_before_hour),
    )
    day_before_ends = max(
        calendar.to_utc(
            workspace,
            previous_school_day(session, workspace, visit_day),
            time(min(timing.school_day_end_hour, 23)),
        ),
        day_before + timedelta(hours=1),
    )
    hour_before = offer.starts_at - timedelta(minutes=timing.reminder_lead_minutes)
    reminders = [
        ("reminder_day_before", visitor.slack_user_id, visit, day_before, day_before_ends),
        ("reminder_hour_before", visitor.slack_user_id, visit, hour_before, offer.starts_at),
        ("host_reminder_day_before", host.slack_user_id, offer, day_before, day_before_ends),
        ("host_reminder_hour_before", host.slack_user_id, offer, hour_before, offer.starts_at),
    ]
    for kind, recipient, subject, due, expires in reminders:
        if due > now:
            tell(session, workspace, kind, recipient, subject, now, due_at=due, expires_at=expires)
    prompt_at = offer.ends_at + timedelta(minutes=timing.reflection_delay_minutes)
    later = [
        ("reflection_prompt", visitor.slack_user_id, visit, prompt_at),
        ("host_prompt", host.slack_user_id, offer, prompt_at),
        (
            "reflection_reminder",
            visitor.slack_user_id,
            visit,
            prompt_at + timedelta(hours=timing.reflection_reminder_hours),
        ),
        (
            "visit_check",
            visitor.slack_user_id,
            visit,
            next_school_moment(
                session,
                workspace,
                offer.ends_at + timedelta(days=timing.visit_check_days),
                timing.school_day_start_hour + 2,
            ),
        ),
        (
            "follow_up",
            visitor.slack_user_id,
            visit,
            next_school_moment(
                session,
                workspace,
                offer.ends_at + timedelta(days=timing.follow_up_days),
                timing.school_day_start_hour + 2,
            ),
        ),
    ]
    for kind, recipient, subject, due in later:
        tell(session, workspace, kind, recipient, subject, now, due_at=due)
