"""A host's approval of a visitor, around the answer itself: the reminder, the release of an ask
nobody answered, and closing the ask in the channel.

An ask holds a seat, so it must not hold it forever: the host is reminded once, and an ask still
unanswered when the day-before reminders go is released, leaving the visitor time to choose
another open door. What the channel shows is public, so it only ever says a welcome: an ask that
ends any other way (declined, withdrawn, lapsed) is closed without naming the visitor, who hears
by DM.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain import calendar
from bot.domain.calendar import SchoolCalendar
from bot.domain.matching import hosts_visited_this_term, rank_doors
from bot.domain.offers import visitor_clash
from bot.domain.open_doors import bookable_doors
from bot.domain.outbox import close_ask, reshow, seats_changed, tell
from bot.domain.timing import (
    DAY_BEFORE_WINDOW_DAYS,
    TWO_YEARS_OF_DAYS,
    Timing,
    day_before_reminder,
)
from bot.domain.visits import lock_visit, release
from bot.models import Offer, Visit, Workspace
from bot.vocabulary import NotificationKind, VisitStatus

OTHER_DOORS = 3
DOORS_LOOKED_AT = 50


def answer_by(
    days: SchoolCalendar, timing: Timing, starts_at: datetime, asked_at: datetime
) -> datetime:
    """When an unanswered ask is released: when the day-before reminders go, so the visitor
    knows by then whether to come. An ask made later than that (or so close to it that the host
    could hardly answer) has `approval_grace_hours`; none outlives the visit's start."""
    grace = min(asked_at + timedelta(hours=timing.approval_grace_hours), starts_at)
    day_before = day_before_reminder(days, timing, starts_at)
    return max(day_before[0], grace) if day_before is not None else grace


def reminder_at(days: SchoolCalendar, timing: Timing, asked_at: datetime) -> datetime:
    """`approval_reminder_hours` after the ask, moved to the next school hours if it falls
    outside them, so a host is reminded when at work."""
    around = asked_at + timedelta(hours=timing.approval_reminder_hours)
    day = days.day_of(around)
    for _ in range(TWO_YEARS_OF_DAYS):
        if days.is_open(day):
            opens = days.at(day, time(timing.school_day_start_hour))
            closes = days.at(day, time(min(timing.school_day_end_hour, 23)))
            if around < closes:
                return max(around, opens)
        day += timedelta(days=1)
    return around


def plan_ask(
    session: Session, workspace: Workspace, visit: Visit, timing: Timing, now: datetime
) -> None:
    """Owe, in the booking's transaction, the host's one reminder, if it comes before the ask
    is released; the release itself is `release_unanswered`'s, at `answer_by`."""
    offer = visit.offer
    days = calendar.school_calendar(session, workspace)
    remind = reminder_at(days, timing, now)
    if remind < answer_by(days, timing, offer.starts_at, now):
        tell(session, workspace, NotificationKind.APPROVAL_REMINDER, offer.host.slack_user_id,
             visit, now, due_at=remind)  # fmt: skip


def release_unanswered(
    session: Session, workspace: Workspace, timing: Timing, now: datetime
) -> int:
    """Release every ask of this workspace whose time to answer has passed; returns how many.

    No ask is released later than `answer_by`, and that is never more than a week and a day
    before its visit, so only asks for visits that near are looked at."""
    days = calendar.school_calendar(session, workspace)
    near = now + timedelta(days=DAY_BEFORE_WINDOW_DAYS + 1)
    waiting = session.scalars(
        select(Visit)
        .join(Visit.offer)
        .where(
            Visit.workspace_id == workspace.id,
            Visit.status == VisitStatus.PENDING,
            Offer.starts_at <= near,
        )
        .order_by(Visit.id)
    ).all()
    due = [
        visit.id
        for visit in waiting
        if answer_by(days, timing, visit.offer.starts_at, visit.created_at) <= now
    ]
    return sum(_lapse(session, workspace, visit_id, now) for visit_id in due)


def _lapse(session: Session, workspace: Workspace, visit_id: int, now: datetime) -> bool:
    """Free the seat of one unanswered ask, under the locks every change of a visit takes, unless
    the host answered (or the visitor withdrew) meanwhile; both sides are told kindly."""
    visit = lock_visit(session, workspace, visit_id)
    if visit.status != VisitStatus.PENDING:
        return False
    release(session, visit, None, "The host didn't get to answer in time.")
    visit.decided_at = now
    offer = visit.offer
    tell(session, workspace, NotificationKind.VISIT_LAPSED, visit.visitor.slack_user_id, visit, now)
    tell(session, workspace, NotificationKind.ASK_LAPSED, offer.host.slack_user_id, visit, now)
    reshow(session, workspace, visit, now)
    seats_changed(session, workspace, offer, now)
    close_ask(session, workspace, visit, now)
    return True


def other_doors(session: Session, workspace: Workspace, visit: Visit, now: datetime) -> list[Offer]:
    """A few open doors the visitor of a lapsed ask could book instead: those showing a practice
    of the door they asked for, or one they'd like to see, first; then hosts new to them this
    term; then the soonest."""
    visitor = visit.visitor
    query = bookable_doors(session, workspace, visitor, now).where(Offer.id != visit.offer_id)
    wanted = set(visit.offer.practices) | set(visitor.interests)
    doors = [
        door
        for door in session.scalars(query.limit(DOORS_LOOKED_AT))
        if visitor_clash(session, visitor, door.starts_at, door.ends_at) is None
    ]
    seen = hosts_visited_this_term(session, workspace, visitor, now)
    return rank_doors(
        session,
        workspace,
        visitor,
        doors,
        lambda door: int(bool(wanted & set(door.practices))),
        seen,
    )[:OTHER_DOORS]
