"""A group visit's rows and the messages they owe: found, locked in the one order (the group
visit, then its stops), its hosts asked, its itinerary shown and kept current, its morning planned.

Every change to a group visit (a host's answer, a replacement, calling it off) locks the group
visit's row first, so of two racing changes the second reads what the first decided.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.db import changed
from bot.domain.calendar import SchoolCalendar
from bot.domain.errors import DomainError, NotFound
from bot.domain.outbox import owe, withdraw
from bot.domain.timing import LATE_BY_AT_MOST, Timing, day_before_reminder, next_school_moment
from bot.models import GroupVisit, Member, Notification, Stop, Workspace
from bot.vocabulary import (
    ROUTE_STOP_STATUSES,
    GroupVisitKind,
    NotificationKind,
    NotificationState,
    StopStatus,
)

# How long the debrief is taken to last: the poll on what to try goes when it ends.
DEBRIEF_MINUTES = 60
# A round's debrief message, unsent a week after the debrief, is not sent at all.
A_WEEK = timedelta(days=7)


def get_group_visit(session: Session, workspace: Workspace, visit_id: int) -> GroupVisit:
    visit = session.get(GroupVisit, visit_id)
    if visit is None or visit.workspace_id != workspace.id:
        raise NotFound("I can't find that team visit any more.")
    return visit


def noun(visit: GroupVisit) -> str:
    """What the group visit is called in what the bot says: a team visit, or a coaching round."""
    return "coaching round" if visit.kind == GroupVisitKind.ROUND else "team visit"


def get_stop(session: Session, workspace: Workspace, stop_id: int) -> Stop:
    stop = session.get(Stop, stop_id)
    if stop is None or stop.workspace_id != workspace.id:
        raise NotFound("I can't find that stop any more.")
    return stop


def lock_group_visit(session: Session, workspace: Workspace, visit_id: int) -> GroupVisit:
    """The group visit, read again under lock, then its stops: the order every change takes."""
    visit = get_group_visit(session, workspace, visit_id)
    session.scalars(
        select(GroupVisit)
        .where(GroupVisit.id == visit.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    session.scalars(
        select(Stop)
        .where(Stop.group_visit_id == visit.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    session.expire(visit, ["stops"])
    return visit


def move_stop(session: Session, stop: Stop, frm: tuple[str, ...], to: str, now: datetime) -> None:
    """A stop from one status to another, once: a second answer finds it moved already."""
    moved = changed(
        session,
        update(Stop)
        .where(Stop.id == stop.id, Stop.status.in_(frm))
        .values(status=to, answered_at=now)
        .execution_options(synchronize_session=False),
    )
    session.refresh(stop)
    if moved != 1:
        raise DomainError(f"This stop is already {stop.status}.")


def route(visit: GroupVisit) -> list[Stop]:
    """The stops on the route now: asked or confirmed, in order."""
    return [stop for stop in visit.stops if stop.status in ROUTE_STOP_STATUSES]


def team_of(visit: GroupVisit) -> list[Member]:
    return [entry.member for entry in visit.members]


def told_of_route(visit: GroupVisit) -> list[Member]:
    """Who sees the itinerary: each team member, and the planner."""
    people = team_of(visit)
    return people + ([visit.planner] if visit.planner not in people else [])


def starts_at(visit: GroupVisit) -> datetime:
    return min(stop.starts_at for stop in route(visit) or visit.stops)


def ends_at(visit: GroupVisit) -> datetime:
    return max(stop.ends_at for stop in route(visit) or visit.stops)


def ask_host(session: Session, workspace: Workspace, stop: Stop, now: datetime) -> None:
    """One DM to the stop's host asking them to confirm or decline it; stale once it starts."""
    stop.asked_at = now
    _owe_about(session, workspace, NotificationKind.TEAM_STOP_ASK, stop.host, stop, now, None,
               stop.starts_at)  # fmt: skip


def owe_itineraries(
    session: Session, workspace: Workspace, visit: GroupVisit, now: datetime
) -> None:
    """One itinerary to each person on the team and the planner, updated in place as hosts answer."""
    for person in told_of_route(visit):
        _owe_about(session, workspace, NotificationKind.TEAM_ITINERARY, person, visit, now, None,
                   visit.debrief_at)  # fmt: skip


def reshow(
    session: Session,
    workspace: Workspace,
    visit: GroupVisit,
    now: datetime,
    *,
    debrief_only: bool = False,
) -> None:
    """Owe an update of every itinerary, host ask, ask to replace a stop and round debrief already
    sent, once per change: each shows the group visit as it is when the update goes. One not sent
    yet needs none. A change to a round's debrief alone (`debrief_only`) updates only the debrief
    messages, sparing Slack's rate limits the route's messages that show nothing new."""
    session.flush()
    visit.revision += 1
    stop_ids = [stop.id for stop in visit.stops]
    about_visit = (
        (NotificationKind.ROUND_DEBRIEF,)
        if debrief_only
        else (NotificationKind.TEAM_ITINERARY, NotificationKind.ROUND_DEBRIEF)
    )
    about_stops = (
        ()
        if debrief_only
        else (NotificationKind.TEAM_STOP_ASK, NotificationKind.TEAM_STOP_DECLINED)
    )
    shown = session.scalars(
        select(Notification).where(
            Notification.workspace_id == workspace.id,
            or_(
                Notification.kind.in_(about_visit)
                & (Notification.subject_type == "groupvisit")
                & (Notification.subject_id == visit.id),
                Notification.kind.in_(about_stops)
                & (Notification.subject_type == "stop")
                & Notification.subject_id.in_(stop_ids),
            ),
            Notification.state.in_((NotificationState.SENT, NotificationState.SENDING)),
        )
    ).all()
    for dm in shown:
        owe(session, workspace, kind=NotificationKind.TEAM_REFRESH, recipient=dm.recipient,
            key=f"team-refresh:{dm.id}:{visit.revision}", due_at=now, now=now, subject=dm)  # fmt: skip


def schedule_route(
    session: Session,
    workspace: Workspace,
    visit: GroupVisit,
    days: SchoolCalendar,
    timing: Timing,
    now: datetime,
) -> None:
    """What the morning sets in motion, for each person once: the reminder the school day before
    (the whole route in one message); then for a team visit the reflection prompt after the last
    stop, the poll after the debrief and the follow-up two weeks on; for a coaching round the
    prompt to write notes as the route starts and the debrief when it starts. A change of route
    moves what is still pending."""
    first, last = starts_at(visit), ends_at(visit)
    team = team_of(visit)
    reminder = day_before_reminder(days, timing, first)
    if reminder is not None and reminder[0] > now:
        for person in team:
            _owe_about(session, workspace, NotificationKind.TEAM_REMINDER, person, visit, now,
                       reminder[0], reminder[1])  # fmt: skip
        for stop in route(visit):  # sent only if confirmed by then: see kinds_team.host_reminder
            _owe_about(session, workspace, NotificationKind.TEAM_HOST_REMINDER, stop.host, stop,
                       now, reminder[0], reminder[1])  # fmt: skip
    if visit.kind == GroupVisitKind.ROUND:
        for person in team:
            _owe_about(session, workspace, NotificationKind.ROUND_NOTES_PROMPT, person, visit,
                       now, first, visit.debrief_at)  # fmt: skip
        for person in told_of_route(visit):
            _owe_about(session, workspace, NotificationKind.ROUND_DEBRIEF, person, visit, now,
                       visit.debrief_at, visit.debrief_at + A_WEEK)  # fmt: skip
        return
    prompt_at = last + timedelta(minutes=timing.reflection_delay_minutes)
    poll_at = visit.debrief_at + timedelta(minutes=DEBRIEF_MINUTES)
    follow_up_at = next_school_moment(
        days, visit.debrief_at + timedelta(days=timing.follow_up_days), timing.mid_morning_hour
    )
    for person in team:
        _owe_about(session, workspace, NotificationKind.TEAM_REFLECTION_PROMPT, person, visit,
                   now, prompt_at, prompt_at + LATE_BY_AT_MOST)  # fmt: skip
        _owe_about(session, workspace, NotificationKind.TEAM_POLL, person, visit, now, poll_at,
                   visit.poll_closes_at)  # fmt: skip
        _owe_about(session, workspace, NotificationKind.TEAM_FOLLOW_UP, person, visit, now,
                   follow_up_at, follow_up_at + LATE_BY_AT_MOST)  # fmt: skip
    _owe_about(session, workspace, NotificationKind.TEAM_POLL_OPEN, visit.planner, visit, now,
               poll_at, visit.poll_closes_at)  # fmt: skip


def _owe_about(
    session: Session,
    workspace: Workspace,
    kind: NotificationKind,
    person: Member,
    subject: GroupVisit | Stop,
    now: datetime,
    due_at: datetime | None,
    expires_at: datetime | None,
) -> None:
    """A DM about a group visit or a stop, keyed once per kind, subject and person; owed again,
    a row still pending takes the new times (the route changed)."""
    session.flush()
    due = due_at or now
    key = f"{kind}:{type(subject).__name__.lower()}:{subject.id}:{person.slack_user_id}"
    row_id = owe(session, workspace, kind=kind, recipient=person.slack_user_id, key=key,
                 due_at=due, now=now, subject=subject, expires_at=expires_at)  # fmt: skip
    session.execute(
        update(Notification)
        .where(Notification.id == row_id, Notification.state == NotificationState.PENDING)
        .values(due_at=due, expires_at=expires_at)
        .execution_options(synchronize_session=False)
    )


def withdraw_route(session: Session, visit: GroupVisit) -> None:
    """Called off: what was owed about the morning and not yet sent is withdrawn."""
    withdraw(session, visit, ROUTE_KINDS)


# What a group visit owes its people around the morning, withdrawn if it is called off.
ROUTE_KINDS = (
    NotificationKind.TEAM_REMINDER,
    NotificationKind.TEAM_REFLECTION_PROMPT,
    NotificationKind.TEAM_POLL,
    NotificationKind.TEAM_POLL_OPEN,
    NotificationKind.TEAM_FOLLOW_UP,
    NotificationKind.ROUND_NOTES_PROMPT,
    NotificationKind.ROUND_DEBRIEF,
)
STOP_ASKED = (StopStatus.ASKED,)
