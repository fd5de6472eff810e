"""A team visit's route as its hosts and its planner change it: a host confirms or declines their
stop once, the planner replaces a declined stop or calls the whole morning off.

Each change locks the group visit, then its stops (`lock_group_visit`), so a host's confirm
racing the planner's cancel leaves one consistent state: either the stop was confirmed and then
called off with the rest (its host told), or the host is told it was called off and nothing of
theirs was confirmed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain import calendar
from bot.domain.approvals import answer_by
from bot.domain.errors import DomainError, NotAllowed, check
from bot.domain.form_input import read_time
from bot.domain.members import member_for
from bot.domain.outbox import tell
from bot.domain.team_route import (
    ask_host,
    get_stop,
    lock_group_visit,
    move_stop,
    noun,
    reshow,
    route,
    schedule_route,
    starts_at,
    team_of,
    withdraw_route,
)
from bot.domain.team_visit_form import StopForm, check_stop, stop_field
from bot.domain.timing import DAY_BEFORE_WINDOW_DAYS, Timing
from bot.models import GroupVisit, Member, Stop, Workspace
from bot.vocabulary import (
    FREED_STOP_STATUSES,
    GroupVisitKind,
    GroupVisitStatus,
    NotificationKind,
    Role,
    StopStatus,
)

CALLED_OFF = "This {noun} was called off, so there's nothing to answer."


def answer_stop(
    session: Session, workspace: Workspace, host: Member, stop_id: int, confirm: bool, now: datetime
) -> Stop:
    """The host's one answer: confirmed, or declined (the stop is freed and the planner asked to
    replace it). A second click, or one after the morning was called off, changes nothing."""
    stop = get_stop(session, workspace, stop_id)
    if stop.host_id != host.id:
        raise NotAllowed(f"Only <@{stop.host.slack_user_id}> can answer for this stop.")
    visit = lock_group_visit(session, workspace, stop.group_visit_id)
    if visit.status == GroupVisitStatus.CANCELLED:
        raise DomainError(CALLED_OFF.format(noun=noun(visit)))
    if stop.status == StopStatus.LAPSED:
        raise DomainError(
            "No answer came in time, so the planner is finding another classroom. "
            "I've changed nothing; thank you all the same."
        )
    if stop.status != StopStatus.ASKED:
        raise DomainError(
            f"You already answered: this stop is {stop.status}. I've changed nothing."
        )
    if stop.starts_at <= now:
        raise DomainError("This stop's time has passed, so I've changed nothing.")
    move_stop(session, stop, (StopStatus.ASKED,),
              StopStatus.CONFIRMED if confirm else StopStatus.DECLINED, now)  # fmt: skip
    if not confirm:
        tell(session, workspace, NotificationKind.TEAM_STOP_DECLINED,
             visit.planner.slack_user_id, stop, now, expires_at=stop.starts_at)  # fmt: skip
    reshow(session, workspace, visit, now)
    return stop


def replace_stop(
    session: Session,
    workspace: Workspace,
    planner: Member,
    stop_id: int,
    form: StopForm,
    timing: Timing,
    now: datetime,
) -> Stop:
    """Another host, room and time for a declined stop, fitting between the others and before
    the debrief; the new host is asked as the first was."""
    declined = get_stop(session, workspace, stop_id)
    visit = lock_group_visit(session, workspace, declined.group_visit_id)
    _planner_only(visit, planner)
    if visit.status == GroupVisitStatus.CANCELLED:
        raise DomainError(f"This {noun(visit)} was called off.")
    if declined.status not in FREED_STOP_STATUSES:
        raise DomainError(f"This stop is {declined.status}: there's nothing to replace.")
    days = calendar.school_calendar(session, workspace)
    position = declined.position
    errors = check_stop(form, position, visit.day, days, timing, now)
    # The modal shows one stop: its errors go on its fields, whatever their position.
    errors = {key.replace(stop_field(position, ""), "stop_"): text for key, text in errors.items()}
    team = {member.slack_user_id for member in team_of(visit)}
    others = [stop for stop in route(visit) if stop.id != declined.id]
    if form.host in team:
        errors["stop_host"] = (
            "A host can't also be a participant."
            if visit.kind == GroupVisitKind.ROUND
            else "A host can't also be on the visiting team."
        )
    elif any(stop.host.slack_user_id == form.host for stop in others):
        errors["stop_host"] = "Each stop has its own host."
    start, end = read_time(form.start), read_time(form.end)
    if not errors and start is not None and end is not None:
        begins, finishes = days.at(visit.day, start), days.at(visit.day, end)
        if any(begins < stop.ends_at and stop.starts_at < finishes for stop in others):
            errors["stop_start"] = "That overlaps another stop on the route."
        elif finishes > visit.debrief_at:
            errors["stop_end"] = "End before the debrief."
    check(errors)
    assert form.host is not None and start is not None and end is not None
    move_stop(session, declined, FREED_STOP_STATUSES, StopStatus.REPLACED, now)
    host = member_for(session, workspace, form.host)
    stop = Stop(
        workspace_id=workspace.id,
        group_visit_id=visit.id,
        position=position,
        host_id=host.id,
        room=form.room.strip(),
        starts_at=days.at(visit.day, start),
        ends_at=days.at(visit.day, end),
    )
    session.add(stop)
    session.flush()
    session.expire(visit, ["stops"])
    ask_host(session, workspace, stop, now)
    reshow(session, workspace, visit, now)
    schedule_route(session, workspace, visit, days, timing, now)
    return stop


def cancel_team_visit(
    session: Session, workspace: Workspace, planner: Member, visit_id: int, now: datetime
) -> GroupVisit:
    """The planner calls the morning off before it starts: each host still on the route and each
    person on the team is told, and what was owed about the morning is withdrawn."""
    visit = lock_group_visit(session, workspace, visit_id)
    _planner_only(visit, planner)
    if visit.status == GroupVisitStatus.CANCELLED:
        raise DomainError(f"This {noun(visit)} is already called off.")
    if starts_at(visit) <= now:
        raise DomainError(f"This {noun(visit)} has started, so it can't be called off.")
    hosts = [stop.host for stop in route(visit)]
    for stop in route(visit):
        move_stop(
            session, stop, (StopStatus.ASKED, StopStatus.CONFIRMED), StopStatus.CANCELLED, now
        )
    visit.status = GroupVisitStatus.CANCELLED
    withdraw_route(session, visit)
    for person in [*hosts, *team_of(visit)]:
        tell(session, workspace, NotificationKind.TEAM_CANCELLED, person.slack_user_id, visit,
             now, expires_at=visit.debrief_at)  # fmt: skip
    reshow(session, workspace, visit, now)
    return visit


def _planner_only(visit: GroupVisit, member: Member) -> None:
    if member.id != visit.planner_id and member.role != Role.ADMIN:
        raise NotAllowed(f"Only the {noun(visit)}'s planner can change it.")


def lapse_unanswered_stops(
    session: Session, workspace: Workspace, timing: Timing, now: datetime
) -> int:
    """Give up the stops whose host hasn't answered in time, by the rule a one-to-one ask keeps
    (`answer_by`: when the route's reminders go, or a late ask's grace hours later), so the
    planner still has a school day to find another classroom and the team isn't sent to a room
    nobody agreed to. The planner is asked to replace each, as after a decline."""
    days = calendar.school_calendar(session, workspace)
    waiting = session.scalars(
        select(Stop)
        .join(GroupVisit, Stop.group_visit_id == GroupVisit.id)
        .where(
            Stop.workspace_id == workspace.id,
            Stop.status == StopStatus.ASKED,
            GroupVisit.status == GroupVisitStatus.PLANNED,
            Stop.starts_at <= now + timedelta(days=DAY_BEFORE_WINDOW_DAYS + 1),
        )
        .order_by(Stop.id)
    ).all()
    due = [
        stop.id
        for stop in waiting
        if answer_by(
            days, timing, starts_at(stop.group_visit), stop.asked_at or stop.group_visit.created_at
        )
        <= now
    ]
    return sum(_lapse_stop(session, workspace, stop_id, now) for stop_id in due)


def _lapse_stop(session: Session, workspace: Workspace, stop_id: int, now: datetime) -> bool:
    """Under the route's lock, unless the host answered (or the morning was called off) since."""
    stop = get_stop(session, workspace, stop_id)
    visit = lock_group_visit(session, workspace, stop.group_visit_id)
    session.refresh(stop)
    if stop.status != StopStatus.ASKED or visit.status != GroupVisitStatus.PLANNED:
        return False
    move_stop(session, stop, (StopStatus.ASKED,), StopStatus.LAPSED, now)
    tell(session, workspace, NotificationKind.TEAM_STOP_DECLINED, visit.planner.slack_user_id,
         stop, now, expires_at=stop.starts_at)  # fmt: skip
    reshow(session, workspace, visit, now)
    return True


def free_stops_of(session: Session, workspace: Workspace, host: Member, now: datetime) -> int:
    """Someone who left Slack can't host: each stop of theirs still to come is freed as if they
    had declined, and its planner asked to replace it."""
    upcoming = session.scalars(
        select(Stop.id)
        .join(GroupVisit, Stop.group_visit_id == GroupVisit.id)
        .where(
            Stop.host_id == host.id,
            Stop.status.in_((StopStatus.ASKED, StopStatus.CONFIRMED)),
            Stop.starts_at > now,
            GroupVisit.status == GroupVisitStatus.PLANNED,
        )
        .order_by(Stop.id)
    ).all()
    freed = 0
    for stop_id in upcoming:
        stop = get_stop(session, workspace, stop_id)
        visit = lock_group_visit(session, workspace, stop.group_visit_id)
        session.refresh(stop)
        if stop.status not in (StopStatus.ASKED, StopStatus.CONFIRMED):
            continue  # answered or replaced meanwhile
        move_stop(session, stop, (stop.status,), StopStatus.DECLINED, now)
        tell(session, workspace, NotificationKind.TEAM_STOP_DECLINED, visit.planner.slack_user_id,
             stop, now, expires_at=stop.starts_at)  # fmt: skip
        reshow(session, workspace, visit, now)
        freed += 1
    return freed
