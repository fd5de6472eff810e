"""What the dispatcher makes of each try: Slack's answers are answers about the world.

A verdict says what becomes of the row (sent, skipped, tried again later, or failed) and what
else follows in the same transaction: a person marked and checked on, a channel marked
unreachable, a workspace paused or resumed. `judge` turns each Slack error into one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk.errors import SlackApiError
from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.domain.unreachable import (
    ask_host_directly,
    mark_channel_unreachable,
    note_undeliverable,
    pause_workspace,
    reached,
    resume_workspace,
)
from bot.models import Notification, Workspace
from bot.vocabulary import NotificationKind, NotificationState

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BASE_BACKOFF = timedelta(seconds=30)
TOKEN_PAUSE = timedelta(minutes=15)
MAX_RETRY_AFTER = 3600
RECIPIENT_ERRORS = {
    "user_not_found",
    "user_disabled",
    "channel_not_found",
    "not_in_channel",
    "is_archived",
    "cannot_dm_bot",
}
TOKEN_ERRORS = {"account_inactive", "token_revoked", "invalid_auth", "not_authed"}

Consequence = Callable[[Session, Workspace, Notification, datetime], None]


@dataclass
class Verdict:
    state: str
    reason: str = ""
    ts: str | None = None
    due_at: datetime | None = None
    counted: bool = True
    uncertain: bool = False
    retry_after: float | None = None
    consequence: Consequence | None = None

    @classmethod
    def sent(cls, ts: str) -> Verdict:
        return cls(NotificationState.SENT, ts=ts)

    @classmethod
    def checked(cls) -> Verdict:
        """Slack answered a check on a person (bot/outbox/checks.py): done, with no message."""
        return cls(NotificationState.SENT)

    @classmethod
    def skip(cls, reason: str) -> Verdict:
        return cls(NotificationState.SKIPPED, reason)

    @classmethod
    def later(cls, due_at: datetime, reason: str | None = None) -> Verdict:
        """Not this time, and it doesn't count as a try (a pause, a rate limit, a deferral)."""
        return cls(NotificationState.PENDING, reason or "", due_at=due_at, counted=False)

    @classmethod
    def retry(
        cls, notification: Notification, reason: str, now: datetime, uncertain: bool = False
    ) -> Verdict:
        """A failed try: again later with a growing backoff, then failed (listed in the digest).
        `uncertain` means it may have gone out, so the next try looks before it posts."""
        if notification.attempts >= MAX_ATTEMPTS:
            log.error(
                "notification %s failed after %s attempts: %s",
                notification.id,
                notification.attempts,
                reason,
            )
            return cls(NotificationState.FAILED, reason, uncertain=uncertain)
        due = now + BASE_BACKOFF * 2 ** (notification.attempts - 1)
        return cls(NotificationState.PENDING, reason, due_at=due, uncertain=uncertain)

    def apply(
        self, session: Session, notification: Notification, workspace: Workspace, now: datetime
    ) -> None:
        notification.state, notification.claimed_until = self.state, None
        if self.reason or self.state != NotificationState.PENDING:
            notification.last_error = self.reason
        if self.due_at is not None:
            notification.due_at = self.due_at
        if not self.counted:
            notification.attempts -= 1
            if self.due_at is not None:
                _keep_behind(session, notification, self.due_at)
        notification.look_first = notification.look_first or self.uncertain
        if self.state == NotificationState.SENT:
            notification.sent_at, notification.message_ts = now, self.ts
            notification.look_first = False
            if notification.recipient == workspace.visits_channel_id:
                workspace.channel_problem = ""
            elif self.ts is not None and notification.recipient.startswith("U"):
                reached(session, workspace, notification.recipient)
            if workspace.paused_since is not None:
                resume_workspace(session, workspace, now)
        elif self.state == NotificationState.SKIPPED:
            notification.sent_at = now
        if self.consequence is not None:
            self.consequence(session, workspace, notification, now)


def _keep_behind(session: Session, held: Notification, until: datetime) -> None:
    """A message put off (a rate limit, a paused token, a deferral) keeps its place: what was
    owed to the same person or channel after it is put off as long, so it can't overtake.
    The queue's order is (due_at, id), so equal times leave the older message first."""
    session.execute(
        update(Notification)
        .where(
            Notification.workspace_id == held.workspace_id,
            Notification.recipient == held.recipient,
            Notification.state == NotificationState.PENDING,
            Notification.id > held.id,
            Notification.due_at < until,
        )
        .values(due_at=until)
        .execution_options(synchronize_session=False)
    )


def judge(error: SlackApiError, notification: Notification, now: datetime) -> Verdict:
    response = error.response
    code = response.get("error", "") if response is not None else ""
    status = response.status_code if response is not None else 0
    if status == 429 or code == "ratelimited":
        wait = _retry_after(response.headers if response is not None else {})
        verdict = Verdict.later(now + timedelta(seconds=wait), f"ratelimited; retry after {wait}s")
        verdict.retry_after = wait
        return verdict
    if code in RECIPIENT_ERRORS:
        log.warning("notification %s undeliverable: %s", notification.id, code)
        if notification.recipient.startswith("U"):
            # Not by itself a reason to give up on the person: tried again like any other
            # error, while the outbox asks Slack whether they are still there.
            verdict = Verdict.retry(notification, code, now)
            verdict.consequence = _undeliverable(code)
            return verdict
        return Verdict(NotificationState.FAILED, code, consequence=_channel_unreachable(code))
    if code in TOKEN_ERRORS:
        log.error("Slack refused the bot token (%s); holding messages", code)
        verdict = Verdict.later(now + TOKEN_PAUSE, code)
        verdict.consequence = lambda _s, workspace, _n, when: pause_workspace(
            workspace, code, when + TOKEN_PAUSE, when
        )
        return verdict
    return Verdict.retry(notification, code or f"HTTP {status}", now, uncertain=status >= 500)


def _retry_after(headers: Mapping[str, str]) -> int:
    """Slack's Retry-After in whole seconds; a missing or odd header waits a second, and no
    answer holds a workspace back more than an hour."""
    raw = str(headers.get("Retry-After", "")).strip()
    return min(int(raw), MAX_RETRY_AFTER) if raw.isascii() and raw.isdigit() else 1


def _undeliverable(code: str) -> Consequence:
    def note(
        session: Session, workspace: Workspace, notification: Notification, now: datetime
    ) -> None:
        note_undeliverable(session, workspace, notification.recipient, code, notification, now)

    return note


def _channel_unreachable(code: str) -> Consequence:
    def mark(
        session: Session, workspace: Workspace, notification: Notification, now: datetime
    ) -> None:
        mark_channel_unreachable(session, workspace, notification.recipient, code, now)
        if (
            notification.kind == NotificationKind.APPROVAL_ASK
            and notification.subject_id is not None
        ):
            ask_host_directly(session, workspace, notification.subject_id, now)

    return mark
