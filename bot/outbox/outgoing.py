"""What rendering a notification produces, and what a renderer may read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.timing import Timing
from bot.models import Notification, Workspace
from bot.views.messages import Message
from bot.vocabulary import NotificationState

T = TypeVar("T")


class Defer(Exception):
    """Not yet: something this message hangs on (its card, an older revision) hasn't gone out."""


@dataclass
class Outgoing:
    """One Slack call: a post (in a thread, or broadcast from it) or an update of a message."""

    channel: str
    message: Message
    thread_ts: str | None = None
    update_ts: str | None = None
    on_posted: Callable[[str, str], None] | None = None
    broadcast: bool = False

    @property
    def method(self) -> str:
        return "chat.update" if self.update_ts else "chat.postMessage"


@dataclass
class Lookup:
    """Not a message: asking Slack whether a person is still in the workspace (users.info).

    Asked outside any transaction, like every Slack call of the outbox; the dispatcher records
    what Slack said (see bot/outbox/checks.py)."""

    user: str
    method = "users.info"

    @property
    def channel(self) -> str:
        """Pacing counts the call against the person, as it counts a post against its channel."""
        return self.user


@dataclass
class Owed:
    """A notification about to be rendered, with the database as it is now."""

    session: Session
    notification: Notification
    workspace: Workspace
    now: datetime
    timing: Timing

    @property
    def zone(self) -> str:
        return self.workspace.timezone

    @property
    def to(self) -> str:
        return self.notification.recipient

    def subject(self, model: type[T]) -> T:
        """The row the message is about; gone means skip it (recorded as such, never retried)."""
        subject = self.session.get(model, self.notification.subject_id)
        if subject is None:
            raise LookupError(f"{model.__name__} {self.notification.subject_id} is gone")
        return subject

    def dm(self, message: Message | None) -> Outgoing | None:
        return Outgoing(self.to, message) if message is not None else None

    def message_to_update(self) -> Notification | None:
        """For an update in place: the message it updates, once that has gone out (one still
        going out waits for its ts), or None when it never went out or a newer update of it is
        owed, since of several updates of one message only the newest goes."""
        sent = self.subject(Notification)
        if sent.state == NotificationState.SENDING:
            raise Defer()
        if sent.state != NotificationState.SENT or sent.message_ts is None:
            return None
        newer = self.session.scalar(
            select(Notification.id).where(
                Notification.kind == self.notification.kind,
                Notification.subject_id == sent.id,
                Notification.id > self.notification.id,
                Notification.state == NotificationState.PENDING,
            )
        )
        return sent if newer is None else None
