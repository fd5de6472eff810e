"""Turns one owed notification into one Slack call, rendering from the database as it is now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.delivery_followups import render_after_visit, subject_of
from bot.domain.requests import proposals
from bot.domain.timing import Timing
from bot.models import Notification, Offer, Request, Visit, Workspace
from bot.views import messages
from bot.views.messages import Message

METADATA_EVENT = "opendoor_notification"


class Defer(Exception):
    """Not yet: something this message hangs on (its card) has not been posted."""


@dataclass
class Outgoing:
    channel: str
    message: Message
    thread_ts: str | None = None
    update_ts: str | None = None
    on_posted: Callable[[str, str], None] | None = None
    broadcast: bool = False


def deliver(
    session: Session,
    client: WebClient,
    notification: Notification,
    now: datetime,
    timing: Timing,
    recovered: bool = False,
) -> str | None:
    """Send it; returns the message ts, or None when it no longer makes sense to send.

    Raises SlackApiError for the dispatcher to judge. A recovered claim (a dispatcher died after
    claiming it) first looks for the message in the conversation, by the id in its metadata.
    """
    outgoing = render(session, notification, now, timing)
    # End the reading transaction before talking to Slack: on SQLite every transaction holds the
    # write lock, and people's clicks must not wait behind a slow Slack call.
    session.commit()
    if outgoing is None:
        return None
    payload = {"text": outgoing.message.text, "blocks": outgoing.message.blocks}
    if outgoing.update_ts:
        client.chat_update(channel=outgoing.channel, ts=outgoing.update_ts, **payload)
        return outgoing.update_ts
    if recovered:
        found = find_posted(client, outgoing, notification)
        if found is not None:
            channel, ts = found
            if outgoing.on_posted:
                outgoing.on_posted(channel, ts)
            return ts
    response = client.chat_postMessage(
        channel=outgoing.channel,
        thread_ts=outgoing.thread_ts,
        reply_broadcast=outgoing.broadcast or None,
        metadata={
            "event_type": METADATA_EVENT,
            "event_payload": {"notification_id": notification.id},
        },
        unfurl_links=False,
        **payload,
    )
    ts, channel = response["ts"], response["channel"]
    if outgoing.on_posted:
        outgoing.on_posted(channel, ts)
    return ts


def find_posted(
    client: WebClient, outgoing: Outgoing, notification: Notification
) -> tuple[str, str] | None:
    """The message this notification already became, if Slack has it (the one window the database
    cannot close: Slack answered, then the process died before recording it)."""
    channel = outgoing.channel
    if channel.startswith("U"):
        channel = client.conversations_open(users=channel)["channel"]["id"]
    oldest = f"{notification.created_at.timestamp() - 1:.6f}"
    if outgoing.thread_ts:
        page = client.conversations_replies(channel=channel, ts=outgoing.thread_ts, oldest=oldest, limit=200,
                                            include_all_metadata=True)  # fmt: skip
    else:
        page = client.conversations_history(
            channel=channel, oldest=oldest, limit=200, include_all_metadata=True
        )
    for message in page.get("messages", []):
        meta = message.get("metadata") or {}
        if meta.get("event_type") == METADATA_EVENT and (
            meta.get("event_payload", {}).get("notification_id") == notification.id
        ):
            return channel, message["ts"]
    return None


def render(
    session: Session, notification: Notification, now: datetime, timing: Timing
) -> Outgoing | None:
    workspace = session.get(Workspace, notification.workspace_id)
    assert workspace is not None
    zone = workspace.timezone
    kind, to = notification.kind, notification.recipient
    if kind == "channel_hello":
        return Outgoing(to, messages.channel_hello("Try `/visit help` any time."))
    if kind == "offer_card":
        offer = subject_of(session, Offer, notification)
        _after_older_revisions(session, notification, now)
        return _card(offer, messages.offer_card(offer, zone, now))
    if kind == "request_card":
        request = subject_of(session, Request, notification)
        _after_older_revisions(session, notification, now)
        return _card(request, messages.request_card(request, proposals(session, request), zone))
    if kind == "approval_ask":
        return _approval_ask(session, subject_of(session, Visit, notification), zone, to)
    if kind == "approval_answered":
        visit = subject_of(session, Visit, notification)
        if visit.ask_ts is None or visit.ask_channel_id is None:
            return None
        return Outgoing(
            visit.ask_channel_id, messages.approval_answered(visit), update_ts=visit.ask_ts
        )
    if kind in VISIT_DMS:
        return Outgoing(to, VISIT_DMS[kind](subject_of(session, Visit, notification), zone))
    if kind == "door_shared":
        offer = subject_of(session, Offer, notification)
        if offer.status != "open" or offer.seats_left == 0 or offer.starts_at <= now:
            return None
        return Outgoing(
            to, messages.door_shared(offer, zone), thread_ts=offer.message_ts, broadcast=True
        )
    if kind in OFFER_DMS:
        return Outgoing(to, OFFER_DMS[kind](subject_of(session, Offer, notification), zone))
    message = render_after_visit(session, notification, workspace, now, timing)
    return Outgoing(to, message) if message is not None else None


VISIT_DMS: dict[str, Callable[[Visit, str], Message]] = {
    "visit_booked": messages.visit_booked,
    "visitor_coming": messages.visitor_coming,
    "visit_pending": messages.visit_pending,
    "visit_declined": messages.visit_declined,
    "visit_cancelled": messages.visit_cancelled,
}
OFFER_DMS: dict[str, Callable[[Offer, str], Message]] = {
    "hosting_proposed": messages.hosting_proposed,
    "hosting_not_needed": messages.hosting_not_needed,
    "hosting_declined": messages.hosting_declined,
    "hosting_withdrawn": messages.hosting_withdrawn,
}


def _after_older_revisions(session: Session, notification: Notification, now: datetime) -> None:
    """Card updates go out in revision order, so two dispatchers can't leave a stale card."""
    older = session.scalar(
        select(Notification.id).where(
            Notification.kind == notification.kind,
            Notification.subject_id == notification.subject_id,
            Notification.id < notification.id,
            Notification.state.in_(("pending", "sending")),
            Notification.due_at <= now,
        )
    )
    if older is not None:
        raise Defer()


def _card(card: Offer | Request, message: Message) -> Outgoing:
    def remember(channel: str, ts: str) -> None:
        card.channel_id, card.message_ts = channel, ts

    assert card.channel_id is not None
    return Outgoing(card.channel_id, message, update_ts=card.message_ts, on_posted=remember)


def _approval_ask(session: Session, visit: Visit, zone: str, to: str) -> Outgoing | None:
    """In the card's thread; straight to the host when the card can't be posted or reached."""
    if visit.status != "pending":
        return None
    offer = visit.offer

    def remember(channel: str, ts: str) -> None:
        visit.ask_channel_id, visit.ask_ts = channel, ts

    if to.startswith("U"):
        return Outgoing(to, messages.approval_ask(visit, zone), on_posted=remember)
    if offer.message_ts and offer.channel_id:
        return Outgoing(
            offer.channel_id,
            messages.approval_ask(visit, zone),
            thread_ts=offer.message_ts,
            on_posted=remember,
        )
    card_pending = session.scalar(
        select(Notification.id).where(
            Notification.kind == "offer_card",
            Notification.subject_id == offer.id,
            Notification.state.in_(("pending", "sending")),
        )
    )
    if card_pending is not None:
        raise Defer()
    return Outgoing(
        offer.host.slack_user_id, messages.approval_ask(visit, zone), on_posted=remember
    )
