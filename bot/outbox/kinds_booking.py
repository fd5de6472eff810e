"""Kinds of message around open doors, requests and bookings: channel cards, asks, booking DMs."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from bot.domain import calendar
from bot.domain.approvals import answer_by, other_doors
from bot.domain.closed_days import still_closed
from bot.domain.requests import proposals
from bot.models import Notification, Offer, Request, Visit
from bot.outbox.outgoing import Defer, Outgoing, Owed
from bot.views import booking_dms, cards, followups
from bot.views.messages import Message
from bot.views.notices import notice
from bot.vocabulary import NotificationKind, NotificationState, OfferStatus, VisitStatus


def channel_hello(owed: Owed) -> Outgoing:
    return Outgoing(owed.to, cards.channel_hello("Try `/visit help` any time."))


def offer_card(owed: Owed) -> Outgoing | None:
    offer = owed.subject(Offer)
    if _superseded(owed):
        return None
    closed_day = still_closed(owed.session, owed.workspace, offer)
    return _card(offer, cards.offer_card(offer, owed.zone, owed.now, closed_day))


def request_card(owed: Owed) -> Outgoing | None:
    request = owed.subject(Request)
    if _superseded(owed):
        return None
    message = cards.request_card(request, proposals(owed.session, request), owed.zone)
    return _card(request, message)


def approval_ask(owed: Owed) -> Outgoing | None:
    """In the card's thread; straight to the host when the card can't be posted or reached."""
    visit = owed.subject(Visit)
    if visit.status != VisitStatus.PENDING:
        return None
    offer = visit.offer
    message = cards.approval_ask(visit, owed.zone)

    def remember(channel: str, ts: str) -> None:
        visit.ask_channel_id, visit.ask_ts = channel, ts

    if owed.to.startswith("U"):
        return Outgoing(owed.to, message, on_posted=remember)
    if offer.message_ts and offer.channel_id:
        return Outgoing(offer.channel_id, message, thread_ts=offer.message_ts, on_posted=remember)
    card_pending = owed.session.scalar(
        select(Notification.id).where(
            Notification.kind == NotificationKind.OFFER_CARD,
            Notification.subject_id == offer.id,
            Notification.state.in_((NotificationState.PENDING, NotificationState.SENDING)),
        )
    )
    if card_pending is not None:
        raise Defer()
    return Outgoing(offer.host.slack_user_id, message, on_posted=remember)


def approval_answered(owed: Owed) -> Outgoing | None:
    visit = owed.subject(Visit)
    if visit.ask_ts is None or visit.ask_channel_id is None:
        return None
    return Outgoing(visit.ask_channel_id, cards.approval_answered(visit), update_ts=visit.ask_ts)


def approval_reminder(owed: Owed) -> Outgoing | None:
    """Only while the ask still waits: an answer, a withdrawal or the release skips it."""
    visit = owed.subject(Visit)
    if visit.status != VisitStatus.PENDING:
        return None
    days = calendar.school_calendar(owed.session, owed.workspace)
    by = answer_by(days, owed.timing, visit.offer.starts_at, visit.created_at)
    return owed.dm(booking_dms.approval_reminder(visit, owed.zone, by))


def visit_lapsed(owed: Owed) -> Outgoing | None:
    """The doors suggested are looked for at send time, so each still has a seat."""
    visit = owed.subject(Visit)
    doors = other_doors(owed.session, owed.workspace, visit, owed.now)
    return owed.dm(booking_dms.visit_lapsed(visit, owed.zone, doors))


def door_shared(owed: Owed) -> Outgoing | None:
    offer = owed.subject(Offer)
    if offer.status != OfferStatus.OPEN or offer.seats_left == 0 or offer.starts_at <= owed.now:
        return None
    if still_closed(owed.session, owed.workspace, offer):
        return None
    message = cards.door_shared(offer, owed.zone)
    return Outgoing(owed.to, message, thread_ts=offer.message_ts, broadcast=True)


# How each DM that `reshow` updates is rendered again, from the visit as it is now.
RESHOWN: dict[str, Callable[[Visit, str], Message]] = {
    NotificationKind.VISIT_PENDING: booking_dms.visit_pending,
    NotificationKind.VISIT_BOOKED: booking_dms.visit_booked,
    NotificationKind.VISITOR_COMING: booking_dms.visitor_coming,
    NotificationKind.REMINDER_DAY_BEFORE: lambda visit, zone: followups.visitor_reminder(
        visit, zone, soon=False
    ),
    NotificationKind.REMINDER_HOUR_BEFORE: lambda visit, zone: followups.visitor_reminder(
        visit, zone, soon=True
    ),
}


def dm_refresh(owed: Owed) -> Outgoing | None:
    """A DM already sent about a visit, updated in place to show the visit as it is now; one
    still going out waits for its ts, and one that never went out needs no update."""
    sent = owed.subject(Notification)
    if sent.state == NotificationState.SENDING:
        raise Defer()
    if sent.state != NotificationState.SENT or sent.message_ts is None:
        return None
    visit = owed.session.get(Visit, sent.subject_id)
    if visit is None:
        raise LookupError(f"Visit {sent.subject_id} is gone")
    message = RESHOWN[sent.kind](visit, owed.zone)
    return Outgoing(sent.recipient, message, update_ts=sent.message_ts)


def about_visit(view: Callable[[Visit, str], Message]) -> Callable[[Owed], Outgoing | None]:
    """A DM about one visit, sent whatever became of it since: it says what happened then."""
    return lambda owed: owed.dm(view(owed.subject(Visit), owed.zone))


def about_offer(view: Callable[[Offer, str], Message]) -> Callable[[Owed], Outgoing | None]:
    return lambda owed: owed.dm(view(owed.subject(Offer), owed.zone))


def _superseded(owed: Owed) -> bool:
    """A newer revision of the same card is owed: it will show the card as it is then, so this
    one is skipped (a burst of bookings updates a card once, not once each). Revisions go out in
    order anyway: a card's channel gets one message at a time (see the dispatcher's claims)."""
    notification = owed.notification
    newer = owed.session.scalar(
        select(Notification.id).where(
            Notification.kind == notification.kind,
            Notification.subject_id == notification.subject_id,
            Notification.id > notification.id,
            Notification.state == NotificationState.PENDING,
        )
    )
    return newer is not None


def _card(card: Offer | Request, message: Message) -> Outgoing:
    def remember(channel: str, ts: str) -> None:
        card.channel_id, card.message_ts = channel, ts

    assert card.channel_id is not None
    return Outgoing(card.channel_id, message, update_ts=card.message_ts, on_posted=remember)


def click_answer(owed: Owed) -> Outgoing | None:
    """A refusal a click was acknowledged with: its in-place answer was lost to a crash."""
    return owed.dm(notice(owed.notification.payload.get("text", "")))
