"""Messages the bot owes, recorded in the caller's transaction so none is lost if Slack is down."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.db import insert_unless_present
from bot.models import Notification, Offer, Request, Visit, Workspace
from bot.vocabulary import ACTIVE_VISIT_STATUSES, NotificationKind, NotificationState

# How long a click's answer has to reach the person in place before its owed copy is due.
ANSWER_GRACE = timedelta(minutes=1)
# Set in a session's `info` when its transaction owes a message, so the outbox is woken only then.
OWED = "opendoor.owed"


def owe(
    session: Session,
    workspace: Workspace,
    *,
    kind: str,
    recipient: str,
    key: str,
    due_at: datetime,
    now: datetime,
    subject: Offer | Request | Any | None = None,
    payload: dict[str, Any] | None = None,
    expires_at: datetime | None = None,
) -> int:
    """Record one message (returns its id); the same key twice yields the first row, so a retry
    or a second planner never doubles it. One INSERT for a new key, however many race for it."""
    session.info[OWED] = True
    created = insert_unless_present(
        session,
        Notification.__table__,  # type: ignore[arg-type]  # a mapped class's table is a Table
        {
            "workspace_id": workspace.id,
            "key": key,
            "kind": kind,
            "recipient": recipient,
            "subject_type": type(subject).__name__.lower() if subject is not None else "",
            "subject_id": getattr(subject, "id", None),
            "payload": payload or {},
            "due_at": due_at,
            "expires_at": expires_at,
            "created_at": now,
        },
        unique="key",
    )
    if created is not None:
        return created
    existing = session.scalars(select(Notification).where(Notification.key == key)).one()
    if _called_off(existing):
        existing.state, existing.due_at, existing.expires_at = (
            NotificationState.PENDING,
            due_at,
            expires_at,
        )
        existing.attempts, existing.last_error, existing.claimed_until = 0, "", None
    return existing.id


def _called_off(notification: Notification) -> bool:
    """Owed again after it was withdrawn (a seat refilled) or went stale unsent (planned anew)."""
    stale = notification.state == NotificationState.SKIPPED and notification.last_error.startswith(
        "stale"
    )
    return notification.state == NotificationState.WITHDRAWN or stale


def refresh_card(
    session: Session, workspace: Workspace, card: Offer | Request, now: datetime
) -> None:
    """Owe a fresh render of a channel card; each change gets its own revision so none is missed."""
    if card.channel_id is None:
        return
    session.flush()
    card.card_revision += 1
    kind = type(card).__name__.lower()
    owe(
        session,
        workspace,
        kind=f"{kind}_card",
        recipient=card.channel_id,
        key=f"{kind}-card:{card.id}:{card.card_revision}",
        due_at=now,
        now=now,
        subject=card,
    )


def tell(
    session: Session,
    workspace: Workspace,
    kind: str,
    recipient: str,
    subject: Any,
    now: datetime,
    payload: dict[str, Any] | None = None,
    key_suffix: str = "",
    due_at: datetime | None = None,
    expires_at: datetime | None = None,
) -> None:
    """Owe a direct message about `subject` (now, unless `due_at` says later); the key makes it
    once per kind, person and subject."""
    session.flush()
    owe(
        session,
        workspace,
        kind=kind,
        recipient=recipient,
        key=f"{kind}:{type(subject).__name__.lower()}:{subject.id}:{recipient}{key_suffix}",
        due_at=due_at or now,
        now=now,
        subject=subject,
        payload=payload,
        expires_at=expires_at,
    )


def owe_answer(
    session: Session, workspace: Workspace, recipient: str, click: str, text: str, now: datetime
) -> int:
    """Owe, a little later, the answer a click was acknowledged with but not yet given: a crash
    before the answer then costs a late DM, never silence. `answered` calls it off."""
    return owe(
        session,
        workspace,
        kind=NotificationKind.CLICK_ANSWER,
        recipient=recipient,
        key=f"click_answer:click:{click}:{recipient}",
        due_at=now + ANSWER_GRACE,
        now=now,
        payload={"text": text},
    )


def answered(session: Session, notification_id: int) -> None:
    """The click was answered in place, so its owed copy is not needed."""
    session.execute(
        update(Notification)
        .where(Notification.id == notification_id, Notification.state == NotificationState.PENDING)
        .values(state=NotificationState.WITHDRAWN)
        .execution_options(synchronize_session=False)
    )


def withdraw(session: Session, subject: Any, kinds: tuple[str, ...] | None = None) -> None:
    """A change of plan: what was owed about this visit, offer or team visit (of these kinds;
    by default those a cancelled visit no longer needs) and not yet sent is called off."""
    session.flush()
    session.execute(
        update(Notification)
        .where(
            Notification.subject_type == type(subject).__name__.lower(),
            Notification.subject_id == subject.id,
            Notification.state == NotificationState.PENDING,
            Notification.kind.in_(kinds if kinds is not None else WITHDRAWN_ON_CANCEL),
        )
        .values(state=NotificationState.WITHDRAWN)
        .execution_options(synchronize_session=False)
    )


WITHDRAWN_ON_CANCEL = (
    NotificationKind.APPROVAL_REMINDER,
    NotificationKind.REMINDER_DAY_BEFORE,
    NotificationKind.REMINDER_HOUR_BEFORE,
    NotificationKind.HOST_REMINDER_DAY_BEFORE,
    NotificationKind.HOST_REMINDER_HOUR_BEFORE,
    NotificationKind.REFLECTION_PROMPT,
    NotificationKind.REFLECTION_REMINDER,
    NotificationKind.HOST_PROMPT,
    NotificationKind.VISIT_CHECK,
    NotificationKind.FOLLOW_UP,
)


# The DMs that show a visit with buttons acting on it: shown again whenever the visit changes.
RESHOWN_ON_CHANGE = (
    NotificationKind.VISIT_PENDING,
    NotificationKind.VISIT_BOOKED,
    NotificationKind.VISITOR_COMING,
    NotificationKind.REMINDER_DAY_BEFORE,
    NotificationKind.REMINDER_HOUR_BEFORE,
)
# The DMs that show their door's seats (the host's "is coming"): shown again when they change.
SHOWS_SEATS = (NotificationKind.VISITOR_COMING,)
SHOWN = (NotificationState.SENT, NotificationState.SENDING)


def reshow(session: Session, workspace: Workspace, visit: Visit, now: datetime) -> None:
    """Owe an update of each DM already sent (or going out) about this visit, so that it shows
    the visit as it is now with only the buttons that still apply. A DM not sent yet needs
    none: it is rendered from the visit as it is when it goes."""
    session.flush()
    shown = session.scalars(
        select(Notification).where(
            Notification.subject_type == "visit",
            Notification.subject_id == visit.id,
            Notification.kind.in_(RESHOWN_ON_CHANGE),
            Notification.state.in_(SHOWN),
        )
    ).all()
    for dm in shown:
        _refresh(session, workspace, dm, now)


def seats_changed(session: Session, workspace: Workspace, offer: Offer, now: datetime) -> None:
    """A seat of this door was taken or freed: its card, and each sent DM that shows its seats
    for a visit still on (the host's "is coming", one per visitor), are owed a fresh render, so
    none still says Full beside a free seat. A visit called off had its own DMs reshown then."""
    refresh_card(session, workspace, offer, now)
    session.flush()
    shown = session.scalars(
        select(Notification)
        .join(Visit, Notification.subject_id == Visit.id)
        .where(
            Notification.subject_type == "visit",
            Visit.offer_id == offer.id,
            Visit.status.in_(ACTIVE_VISIT_STATUSES),
            Notification.kind.in_(SHOWS_SEATS),
            Notification.state.in_(SHOWN),
        )
        .order_by(Notification.id)
    ).all()
    for dm in shown:
        _refresh(session, workspace, dm, now)


def _refresh(session: Session, workspace: Workspace, dm: Notification, now: datetime) -> None:
    """Owe one update of a sent DM, unless one is owed already and not yet claimed: it renders
    what is current when it goes, so a burst of changes (bookings, a cancel, an answer) updates
    the DM once. That one is locked until this commits, so no dispatcher claims it meanwhile
    and renders what came before; one already claimed gets a successor. Each refresh's key is
    the DM's and its place among the DM's refreshes, so a retried change never doubles it."""
    refreshes = select(Notification.id).where(
        Notification.kind == NotificationKind.DM_REFRESH,
        Notification.subject_type == "notification",
        Notification.subject_id == dm.id,
    )
    waiting = session.scalars(
        refreshes.where(Notification.state == NotificationState.PENDING).with_for_update()
    ).first()
    if waiting is not None:
        return
    count = session.scalar(select(func.count()).select_from(refreshes.subquery())) or 0
    owe(
        session,
        workspace,
        kind=NotificationKind.DM_REFRESH,
        recipient=dm.recipient,
        key=f"dm-refresh:{dm.id}:{count + 1}",
        due_at=now,
        now=now,
        subject=dm,
    )


def where_asked(offer: Offer) -> str:
    """Where a host is asked to approve a visitor: the card's thread, or the host's DM for a door
    whose card never reached a channel. The ask and its closing must name the same place."""
    return offer.channel_id or offer.host.slack_user_id


def close_ask(session: Session, workspace: Workspace, visit: Visit, now: datetime) -> None:
    """Owe the update of the ask where it was posted: the welcome, or a neutral closed ask."""
    owe(
        session,
        workspace,
        kind=NotificationKind.APPROVAL_ANSWERED,
        recipient=where_asked(visit.offer),
        key=f"approval-answered:{visit.id}",
        due_at=now,
        now=now,
        subject=visit,
    )
