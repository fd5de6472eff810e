"""Kinds of message a leader's own records owe: a walk-through's shared note to a teacher, a
check-in's reminder to both sides and its ask for notes to the leader. The day of a check-in
is in the payload (and the key), so each month's is its own message."""

from __future__ import annotations

from datetime import date

from bot.domain.check_ins import starts_at
from bot.models import CheckIn, WalkThrough
from bot.outbox.outgoing import Outgoing, Owed
from bot.views import leadership


def walk_through_note(owed: Owed) -> Outgoing | None:
    """Only the shared note: the renderer reads nothing else of the walk-through."""
    walk = owed.subject(WalkThrough)
    if owed.to not in walk.shared_with:
        return None
    return owed.dm(leadership.walk_through_note(walk, owed.zone))


def _day(owed: Owed) -> date:
    return date.fromisoformat(owed.notification.payload["day"])


def check_in_reminder(owed: Owed) -> Outgoing | None:
    """Not sent once its leader has stopped the check-in."""
    check_in = owed.subject(CheckIn)
    if check_in.stopped_at is not None:
        return None
    starts = starts_at(owed.workspace, check_in, _day(owed))
    return owed.dm(leadership.check_in_reminder(check_in, starts, owed.zone))


def check_in_notes(owed: Owed) -> Outgoing | None:
    return owed.dm(leadership.check_in_notes_prompt(owed.subject(CheckIn), _day(owed)))
