"""The outbox dispatcher: sends every notification that is due, once, whatever Slack answers."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from bot.delivery import Defer, deliver
from bot.domain.timing import DEFAULT_TIMING, Timing
from bot.domain.unreachable import (
    ask_host_directly,
    mark_channel_unreachable,
    mark_member_unreachable,
    pause_workspace,
    resume_workspace,
)
from bot.models import Notification, Workspace

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 5
MAX_PASSES = 3
BASE_BACKOFF = timedelta(seconds=30)
DEFER_DELAY = timedelta(seconds=5)
TOKEN_PAUSE = timedelta(minutes=15)
RECIPIENT_ERRORS = {
    "user_not_found",
    "user_disabled",
    "channel_not_found",
    "not_in_channel",
    "is_archived",
    "cannot_dm_bot",
}
TOKEN_ERRORS = {"account_inactive", "token_revoked", "invalid_auth", "not_authed"}


def _claimable(now: datetime):
    return or_(
        and_(Notification.state == "pending", Notification.due_at <= now),
        and_(Notification.state == "sending", Notification.claimed_until < now),
    )


def dispatch_due(
    session: Session,
    client: WebClient,
    now: datetime,
    timing: Timing = DEFAULT_TIMING,
    limit: int = 200,
) -> int:
    """Send what is due at `now`; returns how many went out. One failure never stops the rest.

    Sending can owe more (a failed DM tells the other side; a resumed workspace tells its
    admins), so it passes again while the last pass found work, a few times at most.
    """
    sent = 0
    for _ in range(MAX_PASSES):
        due = session.scalars(
            select(Notification.id).where(_claimable(now)).order_by(Notification.id).limit(limit)
        ).all()
        session.commit()
        if not due:
            break
        for notification_id in due:
            claimed, recovered = _claim(session, notification_id, now)
            if claimed:
                sent += _send(session, client, notification_id, now, timing, recovered)
    return sent


def _claim(session: Session, notification_id: int, now: datetime) -> tuple[bool, bool]:
    """A lease, taken atomically, so two dispatchers never send the same message. A claim whose
    lease ran out (its dispatcher died mid-send) is recovered, and recovery looks before it sends."""
    before = session.scalar(select(Notification.state).where(Notification.id == notification_id))
    claimed = session.execute(
        update(Notification)
        .where(Notification.id == notification_id, _claimable(now))
        .values(state="sending", claimed_until=now + LEASE, attempts=Notification.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return claimed.rowcount == 1, before == "sending"


def _send(
    session: Session,
    client: WebClient,
    notification_id: int,
    now: datetime,
    timing: Timing,
    recovered: bool,
) -> int:
    notification = session.get(Notification, notification_id, populate_existing=True)
    assert notification is not None
    workspace = session.get(Workspace, notification.workspace_id, populate_existing=True)
    assert workspace is not None
    if notification.expires_at is not None and now >= notification.expires_at:
        notification.state, notification.last_error = "skipped", "stale: its moment had passed"
        session.commit()
        return 0
    if workspace.paused_until is not None and now < workspace.paused_until:
        _again(notification, workspace.paused_until, counted=False)
        session.commit()
        return 0
    try:
        ts = deliver(session, client, notification, now, timing, recovered)
    except Defer:
        _again(notification, now + DEFER_DELAY, counted=False)
    except SlackApiError as error:
        _judge(session, workspace, notification, error, now)
    except LookupError as error:
        notification.state, notification.last_error = "skipped", str(error)
    except Exception as error:  # a bug in one view must not stop everyone else's messages
        log.exception("notification %s failed", notification.id)
        _retry(notification, f"{type(error).__name__}: {error}", now)
    else:
        if ts and notification.recipient == workspace.visits_channel_id:
            workspace.channel_problem = ""
        notification.state = "sent" if ts else "skipped"
        notification.sent_at, notification.message_ts = now, ts
        notification.last_error = "" if ts else "no longer relevant"
        if workspace.paused_since is not None:
            resume_workspace(session, workspace, now)
        session.commit()
        return 1 if ts else 0
    session.commit()
    return 0


def _judge(
    session: Session,
    workspace: Workspace,
    notification: Notification,
    error: SlackApiError,
    now: datetime,
) -> None:
    """Slack's errors are answers about the world: wait, retry, or stop for that recipient."""
    code = error.response.get("error", "") if error.response is not None else ""
    status = error.response.status_code if error.response is not None else 0
    if status == 429 or code == "ratelimited":
        wait = int(error.response.headers.get("Retry-After", "1") or 1)
        notification.last_error = f"ratelimited; retry after {wait}s"
        _again(notification, now + timedelta(seconds=wait), counted=False)
    elif code in RECIPIENT_ERRORS:
        notification.state, notification.last_error = "failed", code
        log.warning("notification %s undeliverable: %s", notification.id, code)
        if notification.recipient.startswith("U"):
            mark_member_unreachable(session, workspace, notification.recipient, code, now)
        else:
            mark_channel_unreachable(session, workspace, notification.recipient, code, now)
            if notification.kind == "approval_ask" and notification.subject_id is not None:
                ask_host_directly(session, workspace, notification.subject_id, now)
    elif code in TOKEN_ERRORS:
        notification.last_error = code
        log.error("Slack refused the bot token (%s); holding messages", code)
        pause_workspace(workspace, code, now + TOKEN_PAUSE, now)
        _again(notification, now + TOKEN_PAUSE, counted=False)
    else:
        _retry(notification, code or f"HTTP {status}", now)


def _retry(notification: Notification, reason: str, now: datetime) -> None:
    notification.last_error = reason
    if notification.attempts >= MAX_ATTEMPTS:
        notification.state = "failed"
        log.error(
            "notification %s failed after %s attempts: %s",
            notification.id,
            notification.attempts,
            reason,
        )
        return
    _again(notification, now + BASE_BACKOFF * 2 ** (notification.attempts - 1), counted=True)


def _again(notification: Notification, due_at: datetime, counted: bool) -> None:
    notification.state, notification.due_at, notification.claimed_until = "pending", due_at, None
    if not counted:
        notification.attempts -= 1
