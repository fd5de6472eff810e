"""Everything a confirmed visit sets in motion: reminders, prompts, the check and the follow-up.

All of it is written to the outbox at once, in the booking's transaction, each with its due time;
the dispatcher decides at send time whether it still makes sense (cancelled, stale, answered).
When the school calendar changes, `closed_days.replan_school_times` moves what was owed at a
school-time moment to where the new calendar puts it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.domain import calendar
from bot.domain.calendar import SchoolCalendar
from bot.domain.outbox import tell
from bot.domain.timing import (
    LATE_BY_AT_MOST,
    Timing,
    day_before_reminder,
    in_school_hours_or_next,
    next_school_moment,
)
from bot.models import Offer, Visit, Workspace
from bot.vocabulary import NotificationKind


@dataclass(frozen=True)
class Planned:
    """One message a visit sets in motion: of which kind, for which side, due when, stale when."""

    kind: NotificationKind
    to_host: bool
    due: datetime
    expires: datetime | None = None


def plan_visit(
    days: SchoolCalendar, timing: Timing, starts_at: datetime, ends_at: datetime
) -> list[Planned]:
    """The whole plan for a visit at these times, as a pure function of the school's calendar
    and the deployment's timing, so the rules can be read (and tested) as a table."""
    plan: list[Planned] = []
    day_before = day_before_reminder(days, timing, starts_at)
    if day_before is not None:
        due, expires = day_before
        plan += [
            Planned(NotificationKind.REMINDER_DAY_BEFORE, False, due, expires),
            Planned(NotificationKind.HOST_REMINDER_DAY_BEFORE, True, due, expires),
        ]
    hour_before = starts_at - timedelta(minutes=timing.reminder_lead_minutes)
    plan += [
        Planned(NotificationKind.REMINDER_HOUR_BEFORE, False, hour_before, starts_at),
        Planned(NotificationKind.HOST_REMINDER_HOUR_BEFORE, True, hour_before, starts_at),
    ]
    return plan + after_visit(days, timing, ends_at)


def after_visit(days: SchoolCalendar, timing: Timing, ends_at: datetime) -> list[Planned]:
    """What follows the visit. The prompts go as it ends, when it is fresh, whatever the hour;
    everything later lands in school hours on a school day. Each goes stale a week after it was
    due (`LATE_BY_AT_MOST`): a "did you try it?" months late, after the bot was down, is noise."""
    prompt_at = ends_at + timedelta(minutes=timing.reflection_delay_minutes)
    reminder_at = in_school_hours_or_next(
        days, timing, prompt_at + timedelta(hours=timing.reflection_reminder_hours)
    )
    return [
        _late_by_a_week(kind, to_host, due)
        for kind, to_host, due in (
            (NotificationKind.REFLECTION_PROMPT, False, prompt_at),
            (NotificationKind.HOST_PROMPT, True, prompt_at),
            (NotificationKind.REFLECTION_REMINDER, False, reminder_at),
            (
                NotificationKind.VISIT_CHECK,
                False,
                check_at(days, timing, ends_at, NotificationKind.VISIT_CHECK),
            ),
            (
                NotificationKind.FOLLOW_UP,
                False,
                check_at(days, timing, ends_at, NotificationKind.FOLLOW_UP),
            ),
        )
    ]


def _late_by_a_week(kind: NotificationKind, to_host: bool, due: datetime) -> Planned:
    return Planned(kind, to_host, due, due + LATE_BY_AT_MOST)


def schedule_visit(
    session: Session, workspace: Workspace, visit: Visit, timing: Timing, now: datetime
) -> None:
    """Owe the plan in the booking's transaction. A reminder whose moment has passed (a visit
    booked for within the hour) is left out; what follows the visit is always owed."""
    offer = visit.offer
    days = calendar.school_calendar(session, workspace)
    for planned in plan_visit(days, timing, offer.starts_at, offer.ends_at):
        if planned.due <= now and planned.due < offer.starts_at:
            continue
        to = offer.host if planned.to_host else visit.visitor
        subject: Offer | Visit = offer if planned.to_host else visit
        tell(session, workspace, planned.kind, to.slack_user_id, subject, now,
             due_at=planned.due, expires_at=planned.expires)  # fmt: skip


def check_at(days: SchoolCalendar, timing: Timing, ends_at: datetime, kind: str) -> datetime:
    """The check and the follow-up: some days after the visit, mid-morning on a school day."""
    wait = (
        timing.visit_check_days if kind == NotificationKind.VISIT_CHECK else timing.follow_up_days
    )
    return next_school_moment(days, ends_at + timedelta(days=wait), timing.mid_morning_hour)
