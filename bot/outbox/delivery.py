"""Turns one owed notification into one Slack call, rendering from the database as it is now."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.domain.timing import Timing
from bot.models import Notification, Workspace
from bot.outbox.kinds import KINDS
from bot.outbox.outgoing import Lookup, Outgoing, Owed

METADATA_EVENT = "opendoor_notification"


def render(
    session: Session, notification: Notification, now: datetime, timing: Timing
) -> Outgoing | Lookup | None:
    """The message as it should read now (or the check to make), or None when it is no longer
    worth sending."""
    workspace = session.get(Workspace, notification.workspace_id)
    assert workspace is not None
    kind = KINDS.get(notification.kind)
    if kind is None:
        raise ValueError(f"no renderer for notification kind {notification.kind!r}")
    return kind.render(Owed(session, notification, workspace, now, timing))


def deliver(
    client: WebClient, outgoing: Outgoing, notification_id: int, created_at: datetime, look: bool
) -> str:
    """Make the call; returns the message's ts. Raises SlackApiError for the dispatcher to judge.

    `look` is set when an earlier try may have gone out (its dispatcher died, or Slack answered
    5xx or not at all after taking the message): the message is looked for first, by the id in its
    metadata, and only posted when it isn't there.
    """
    text, blocks = outgoing.message.text, outgoing.message.blocks
    if outgoing.update_ts:
        channel = outgoing.channel
        if channel.startswith("U"):  # a DM is updated in its conversation, never by user id
            channel = client.conversations_open(users=channel)["channel"]["id"]
        client.chat_update(channel=channel, ts=outgoing.update_ts, text=text, blocks=blocks)
        return outgoing.update_ts
    if look:
        found = find_posted(client, outgoing, notification_id, created_at)
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
            "event_payload": {"notification_id": notification_id},
        },
        unfurl_links=False,
        text=text,
        blocks=blocks,
    )
    ts, channel = str(response["ts"]), str(response["channel"])
    if outgoing.on_posted:
        outgoing.on_posted(channel, ts)
    return ts


def find_posted(
    client: WebClient, outgoing: Outgoing, notification_id: int, created_at: datetime
) -> tuple[str, str] | None:
    """The message this notification already became, if Slack has it."""
    channel = outgoing.channel
    if channel.startswith("U"):
        channel = client.conversations_open(users=channel)["channel"]["id"]
    oldest = f"{created_at.timestamp() - 1:.6f}"
    if outgoing.thread_ts:
        page = client.conversations_replies(channel=channel, ts=outgoing.thread_ts, oldest=oldest,
                                            limit=200, include_all_metadata=True)  # fmt: skip
    else:
        page = client.conversations_history(
            channel=channel, oldest=oldest, limit=200, include_all_metadata=True
        )
    messages: list[dict[str, Any]] = page.get("messages", [])
    for message in messages:
        meta = message.get("metadata") or {}
        if meta.get("event_type") == METADATA_EVENT and (
            meta.get("event_payload", {}).get("notification_id") == notification_id
        ):
            return channel, message["ts"]
    return None
