"""Kinds of message around cover: the day's list for a coordinator, kept current in place, the
notice when its visits change, and a visitor's word that cover was refused."""

from __future__ import annotations

from sqlalchemy import select

from bot.domain.cover import REFUSED, cover_lines
from bot.models import CoverDay, Member, Visit
from bot.outbox.outgoing import Outgoing, Owed
from bot.views import cover
from bot.views.messages import Message
from bot.vocabulary import ACTIVE_VISIT_STATUSES


def _list(owed: Owed, cover_day: CoverDay, recipient: str) -> Message | None:
    """The day's list as it is now, for someone who still coordinates cover."""
    coordinator = owed.session.scalar(
        select(Member).where(
            Member.workspace_id == owed.workspace.id, Member.slack_user_id == recipient
        )
    )
    if coordinator is None or not coordinator.coordinates_cover:
        return None
    lines = cover_lines(owed.session, owed.workspace, cover_day.school, cover_day.day)
    return cover.cover_request(cover_day.school, cover_day.day, lines, owed.zone)


def request(owed: Owed) -> Outgoing | None:
    return owed.dm(_list(owed, owed.subject(CoverDay), owed.to))


def refresh(owed: Owed) -> Outgoing | None:
    """A list already sent, updated in place; of several updates owed only the newest goes."""
    sent = owed.message_to_update()
    if sent is None:
        return None
    message = _list(owed, owed.session.get_one(CoverDay, sent.subject_id), sent.recipient)
    return Outgoing(sent.recipient, message, update_ts=sent.message_ts) if message else None


def changed(owed: Owed) -> Outgoing | None:
    cover_day = owed.subject(CoverDay)
    return owed.dm(cover.cover_changed(cover_day.school, cover_day.day))


def refused(owed: Owed) -> Outgoing | None:
    """Not sent once the visit is off, or the coordinator found cover after all."""
    visit = owed.subject(Visit)
    if visit.status not in ACTIVE_VISIT_STATUSES or visit.cover_status != REFUSED:
        return None
    return owed.dm(cover.cover_refused(visit, owed.zone))
