"""Closing a day: when setup closes a day that already has open doors and visits on it.

An admin may add a no-visit date (or drop a weekday) after people booked that day. Nothing is
cancelled for them: each host and each visitor of those doors is asked, in a DM, to cancel or
keep it. Until someone cancels, the visit stands as booked, and its reminders come (the day-before
one moved off any closed day). An ask nobody answers changes nothing. Whatever they decide, the
door takes no new visitors and lists no longer offer it (`on_open_days`, `refuse_on_closed_day`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain import calendar
from bot.domain.bookings import cancel_visit
from bot.domain.calendar import SchoolCalendar
from bot.domain.errors import DomainError, NotAllowed
from bot.domain.followups import plan_visit
from bot.domain.offers import cancel_offer, get_offer
from bot.domain.open_doors import closed_day_spans, during
from bot.domain.outbox import refresh_card, tell
from bot.domain.team_route import schedule_route, starts_at
from bot.domain.timing import Timing
from bot.domain.visits import get_visit
from bot.domain.workspaces import SetupForm, find_workspace, run_setup
from bot.models import GroupVisit, Member, Notification, Offer, Visit, Workspace
from bot.vocabulary import (
    ACTIVE_VISIT_STATUSES,
    GroupVisitStatus,
    NotificationKind,
    NotificationState,
    OfferStatus,
)

DAY_BEFORE_KINDS = (NotificationKind.REMINDER_DAY_BEFORE, NotificationKind.HOST_REMINDER_DAY_BEFORE)
# What follows a visit at a school-time moment; the prompts go as the visit ends, whatever the day.
LATER_CHECKS = (
    NotificationKind.REFLECTION_REMINDER,
    NotificationKind.VISIT_CHECK,
    NotificationKind.FOLLOW_UP,
)


@dataclass
class NewlyClosed:
    """What the admin who saved setup is told: the doors, visits, team visits and rounds on days
    just closed."""

    days: list[date] = field(default_factory=list)
    doors: int = 0
    visits: int = 0
    group_visits: int = 0


def save_setup(
    session: Session,
    team_id: str,
    admin_user_id: str,
    form: SetupForm,
    now: datetime,
    timing: Timing,
) -> NewlyClosed:
    """Setup's save, and what a change of calendar sets in motion: reminders move off closed
    days, and the people of each door on a newly closed day are asked what to do."""
    workspace = find_workspace(session, team_id)
    before = (
        calendar.school_calendar(session, workspace)
        if workspace is not None and workspace.setup_at is not None
        else None
    )
    workspace = run_setup(session, team_id, admin_user_id, form, now)
    session.flush()
    after = calendar.school_calendar(session, workspace)
    if before is None or before == after:
        return NewlyClosed()
    replan_school_times(session, workspace, timing, now)
    news = _ask_about(session, workspace, before, after, now)
    news.group_visits = _tell_planners(session, workspace, before, after, timing, now)
    return news


def replan_school_times(
    session: Session, workspace: Workspace, timing: Timing, now: datetime
) -> None:
    """The calendar changed: pending day-before reminders, reflection reminders, checks and
    follow-ups move to where `plan_visit` now puts them (due and stale), so none lands on a day
    just closed. A day-before reminder whose new moment has passed, or that has none (see
    `day_before_reminder`), is withdrawn: the hour-before one stays. Rows already due are left to
    the dispatcher."""
    days = calendar.school_calendar(session, workspace)
    pending = (
        Notification.workspace_id == workspace.id,
        Notification.state == NotificationState.PENDING,
        Notification.due_at > now,
        Notification.kind.in_(DAY_BEFORE_KINDS + LATER_CHECKS),
    )
    about_visits = session.execute(
        select(Notification, Offer)
        .join(Visit, Visit.id == Notification.subject_id)
        .join(Offer, Offer.id == Visit.offer_id)
        .where(*pending, Notification.subject_type == "visit")
    )
    about_doors = session.execute(
        select(Notification, Offer)
        .join(Offer, Offer.id == Notification.subject_id)
        .where(*pending, Notification.subject_type == "offer")
    )
    for row, offer in [*about_visits, *about_doors]:
        plan = {p.kind: p for p in plan_visit(days, timing, offer.starts_at, offer.ends_at)}
        planned = plan.get(NotificationKind(row.kind))
        if planned is None or (row.kind in DAY_BEFORE_KINDS and planned.due <= now):
            row.state = NotificationState.WITHDRAWN
        else:
            row.due_at, row.expires_at = planned.due, planned.expires


def _ask_about(
    session: Session,
    workspace: Workspace,
    before: SchoolCalendar,
    after: SchoolCalendar,
    now: datetime,
) -> NewlyClosed:
    """Each door on a day this save closed (open before it): its card stops taking visitors, its
    host and each visitor are asked. A door on a day it opened again gets its button back."""
    news = NewlyClosed()
    spans = [
        *closed_day_spans(session, workspace, now, before),
        *closed_day_spans(session, workspace, now, after),
    ]
    if not spans:
        return news
    doors = select(Offer).where(
        Offer.workspace_id == workspace.id,
        Offer.status == OfferStatus.OPEN,
        Offer.starts_at > now,
        during(spans),
    )
    for offer in session.scalars(doors.order_by(Offer.starts_at, Offer.id)):
        was_open = before.is_open(before.day_of(offer.starts_at))
        day = after.day_of(offer.starts_at)
        if was_open == after.is_open(day):
            continue
        refresh_card(session, workspace, offer, now)
        if not was_open:
            continue
        news.doors += 1
        if day not in news.days:
            news.days.append(day)
        tell(session, workspace, NotificationKind.CLOSED_DAY_HOST, offer.host.slack_user_id, offer, now,
             expires_at=offer.starts_at)  # fmt: skip
        for visit in offer.visits:
            if visit.status in ACTIVE_VISIT_STATUSES:
                news.visits += 1
                tell(session, workspace, NotificationKind.CLOSED_DAY_VISITOR, visit.visitor.slack_user_id, visit,
                     now, expires_at=offer.starts_at)  # fmt: skip
    return news


def still_closed(session: Session, workspace: Workspace, offer: Offer) -> bool:
    days = calendar.school_calendar(session, workspace)
    return not days.is_open(days.day_of(offer.starts_at))


def answer_as_host(
    session: Session, workspace: Workspace, host: Member, offer_id: int, cancel: bool, now: datetime
) -> Offer:
    """The host's *Cancel* or *Keep it*: acted on only while the door is as it was asked about."""
    offer = get_offer(session, workspace, offer_id)
    if offer.host_id != host.id:
        raise NotAllowed("Only the host can answer for this open door.")
    if offer.status != OfferStatus.OPEN:
        raise DomainError("This open door is already cancelled, so there's nothing left to do.")
    _check_still_closed(session, workspace, offer, now)
    if cancel:
        coming = [visit for visit in offer.visits if visit.status in ACTIVE_VISIT_STATUSES]
        cancel_offer(session, workspace, host, offer.id, now)
        for visit in coming:
            visit.cancel_reason = _reason(workspace, offer, "The host cancelled the open door")
    return offer


def answer_as_visitor(
    session: Session,
    workspace: Workspace,
    visitor: Member,
    visit_id: int,
    cancel: bool,
    now: datetime,
) -> Visit:
    """The visitor's *Cancel* or *Keep it*, for this one visit: a later booking of the same door
    is another visit, and a late click never touches it."""
    visit = get_visit(session, workspace, visit_id)
    if visit.visitor_id != visitor.id:
        raise NotAllowed("Only the visitor can answer for this visit.")
    if visit.status not in ACTIVE_VISIT_STATUSES:
        raise DomainError(f"This visit is already {visit.status}, so there's nothing left to do.")
    _check_still_closed(session, workspace, visit.offer, now)
    if cancel:
        cancel_visit(session, workspace, visitor, visit.id, now)
        visit.cancel_reason = _reason(workspace, visit.offer, "The visitor cancelled")
    return visit


def _check_still_closed(
    session: Session, workspace: Workspace, offer: Offer, now: datetime
) -> None:
    if offer.starts_at <= now:
        raise DomainError("This visit has already started, so there's nothing left to decide.")
    if not still_closed(session, workspace, offer):
        day = calendar.local(workspace, offer.starts_at).date()
        raise DomainError(
            f"{day:%A %B} {day.day} takes visits again, so nothing changed: the visit stands. "
            "`/visit mine` has a cancel button if you'd still like to call it off."
        )


def _reason(workspace: Workspace, offer: Offer, who: str) -> str:
    day = calendar.local(workspace, offer.starts_at).date()
    return f"{who}: the school closed {day:%A %B} {day.day} to visits."


def _tell_planners(
    session: Session,
    workspace: Workspace,
    before: SchoolCalendar,
    after: SchoolCalendar,
    timing: Timing,
    now: datetime,
) -> int:
    """Team visits and rounds still to come: their reminders move by the new calendar, and the
    planner of each on a day just closed is told. Nothing is called off for them: a morning
    arranged with several hosts is the planner's to keep or call off."""
    coming = session.scalars(
        select(GroupVisit)
        .where(
            GroupVisit.workspace_id == workspace.id,
            GroupVisit.status == GroupVisitStatus.PLANNED,
            GroupVisit.day >= after.day_of(now),
        )
        .order_by(GroupVisit.day, GroupVisit.id)
    ).all()
    told = 0
    for visit in coming:
        schedule_route(session, workspace, visit, after, timing, now)
        if before.is_open(visit.day) and not after.is_open(visit.day):
            tell(session, workspace, NotificationKind.TEAM_CLOSED_DAY,
                 visit.planner.slack_user_id, visit, now, expires_at=starts_at(visit))  # fmt: skip
            told += 1
    return told
