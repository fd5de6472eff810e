"""Kinds of message around team visits: a host's ask, the itinerary kept current, the morning's
reminder and prompt, the poll and its result, the follow-up and a question to a host.

Each renders the team visit as it is when sent, and returns None when it no longer makes sense
(the morning was called off, the stop answered, the poll closed, the reflection written)."""

from __future__ import annotations

from sqlalchemy import select

from bot.domain.errors import DomainError
from bot.domain.team_after import membership, poll_choices, reflection_on
from bot.models import GroupReflection, GroupVisit, Member, Stop
from bot.outbox.kinds_round import debrief_message
from bot.outbox.outgoing import Outgoing, Owed
from bot.views import team_after, team_visits
from bot.vocabulary import (
    FREED_STOP_STATUSES,
    GroupVisitStatus,
    NotificationKind,
    StopStatus,
)


def _visit(owed: Owed) -> GroupVisit | None:
    """The team visit the message is about, while it is still on."""
    visit = owed.subject(GroupVisit)
    return visit if visit.status == GroupVisitStatus.PLANNED else None


def _recipient(owed: Owed) -> Member | None:
    return owed.session.scalar(
        select(Member).where(
            Member.workspace_id == owed.workspace.id, Member.slack_user_id == owed.to
        )
    )


def stop_ask(owed: Owed) -> Outgoing | None:
    stop = owed.subject(Stop)
    if stop.status != StopStatus.ASKED or stop.group_visit.status != GroupVisitStatus.PLANNED:
        return None
    return owed.dm(team_visits.stop_ask(stop, owed.zone))


def itinerary(owed: Owed) -> Outgoing | None:
    visit = _visit(owed)
    if visit is None:
        return None
    return owed.dm(
        team_visits.itinerary(
            visit, owed.zone, owed.to == visit.planner.slack_user_id, _participant(owed.to, visit)
        )
    )


def _participant(user_id: str, visit: GroupVisit) -> bool:
    return any(entry.member.slack_user_id == user_id for entry in visit.members)


def refresh(owed: Owed) -> Outgoing | None:
    """An itinerary, a host's ask or a round's debrief already sent, updated in place to show the route as it is
    now; one still going out waits for its ts, one never sent needs no update, and of several
    updates owed for one message only the newest goes."""
    sent = owed.message_to_update()
    if sent is None:
        return None
    if sent.kind == NotificationKind.TEAM_STOP_ASK:
        message = team_visits.stop_ask(owed.session.get_one(Stop, sent.subject_id), owed.zone)
    elif sent.kind == NotificationKind.TEAM_STOP_DECLINED:
        message = team_visits.stop_declined(owed.session.get_one(Stop, sent.subject_id), owed.zone)
    elif sent.kind == NotificationKind.ROUND_DEBRIEF:
        visit = owed.session.get_one(GroupVisit, sent.subject_id)
        message = debrief_message(sent.recipient, visit, owed)
    else:
        visit = owed.session.get_one(GroupVisit, sent.subject_id)
        planner = sent.recipient == visit.planner.slack_user_id
        message = team_visits.itinerary(
            visit, owed.zone, planner, _participant(sent.recipient, visit)
        )
    return Outgoing(sent.recipient, message, update_ts=sent.message_ts)


def stop_declined(owed: Owed) -> Outgoing | None:
    stop = owed.subject(Stop)
    freed = stop.status in FREED_STOP_STATUSES
    if not freed or stop.group_visit.status != GroupVisitStatus.PLANNED:
        return None
    return owed.dm(team_visits.stop_declined(stop, owed.zone))


def closed_day(owed: Owed) -> Outgoing | None:
    visit = _visit(owed)
    return owed.dm(team_visits.team_closed_day(visit, owed.zone)) if visit else None


def cancelled(owed: Owed) -> Outgoing | None:
    return owed.dm(team_visits.team_cancelled(owed.subject(GroupVisit), owed.zone))


def reminder(owed: Owed) -> Outgoing | None:
    visit = _visit(owed)
    return owed.dm(team_after.team_reminder(visit, owed.zone)) if visit else None


def host_reminder(owed: Owed) -> Outgoing | None:
    """Only a stop its host confirmed, on a morning still on, is worth a reminder."""
    stop = owed.subject(Stop)
    if stop.status != StopStatus.CONFIRMED or stop.group_visit.status != GroupVisitStatus.PLANNED:
        return None
    return owed.dm(team_after.host_reminder(stop, owed.zone))


def reflection_prompt(owed: Owed) -> Outgoing | None:
    visit = _visit(owed)
    person = _recipient(owed)
    if visit is None or person is None or reflection_on(owed.session, visit, person):
        return None
    return owed.dm(team_after.reflection_prompt(visit, owed.zone))


def reflection_shared(owed: Owed) -> Outgoing | None:
    reflection = owed.subject(GroupReflection)
    return owed.dm(team_after.reflection_shared(reflection)) if reflection.shared else None


def poll(owed: Owed) -> Outgoing | None:
    visit = _visit(owed)
    person = _recipient(owed)
    if visit is None or person is None or visit.decided_at is not None:
        return None
    choices = poll_choices(visit)
    try:
        mine = membership(owed.session, visit, person).vote
    except DomainError:
        return None
    return owed.dm(team_after.poll(visit, choices, mine)) if choices else None


def poll_open(owed: Owed) -> Outgoing | None:
    visit = _visit(owed)
    if visit is None or visit.decided_at is not None or not poll_choices(visit):
        return None
    return owed.dm(team_after.poll_open(visit, owed.zone))


def decision(owed: Owed) -> Outgoing | None:
    return owed.dm(team_after.decision(owed.subject(GroupVisit)))


def follow_up(owed: Owed) -> Outgoing | None:
    visit = _visit(owed)
    return owed.dm(team_after.follow_up(visit, owed.timing.follow_up_days)) if visit else None


def question(owed: Owed) -> Outgoing | None:
    visit = owed.subject(GroupVisit)
    payload = owed.notification.payload
    stop = next(
        (s for s in visit.stops
         if s.status == StopStatus.CONFIRMED and s.host.slack_user_id == owed.to),
        None,
    )  # fmt: skip
    return owed.dm(
        team_after.question(
            visit, stop, str(payload.get("asker", "")), str(payload.get("words", "")), owed.zone
        )
    )
