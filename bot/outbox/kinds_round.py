"""Kinds of message a coaching round owes of its own: the prompt to write notes as the route
starts, the debrief (updated in place through `team_refresh`, like the itinerary) and the data
picture for the school's leaders and coaches. The route's own messages are the team visit's."""

from __future__ import annotations

from bot.domain.round_debrief import notes_by_look_for, picture, step_of
from bot.models import GroupVisit
from bot.outbox.outgoing import Outgoing, Owed
from bot.views import rounds
from bot.views.messages import Message
from bot.vocabulary import DebriefStep, GroupVisitStatus


def _round(owed: Owed) -> GroupVisit | None:
    """The round the message is about, while it is still on."""
    visit = owed.subject(GroupVisit)
    return visit if visit.status == GroupVisitStatus.PLANNED else None


def notes_prompt(owed: Owed) -> Outgoing | None:
    visit = _round(owed)
    if visit is None or step_of(visit) == DebriefStep.DONE:
        return None
    return owed.dm(rounds.notes_prompt(visit, owed.zone))


def debrief_message(owed_to: str, visit: GroupVisit, owed: Owed) -> Message:
    """The debrief as it is now, for one reader: the coach's carries the buttons."""
    grouped = notes_by_look_for(owed.session, visit)
    return rounds.debrief(visit, grouped, owed_to == visit.planner.slack_user_id, owed.zone)


def debrief(owed: Owed) -> Outgoing | None:
    visit = _round(owed)
    if visit is None:
        return None
    return owed.dm(debrief_message(owed.to, visit, owed))


def round_picture(owed: Owed) -> Outgoing | None:
    visit = owed.subject(GroupVisit)
    return owed.dm(rounds.picture(visit, picture(owed.session, visit)))
