"""Claiming due notifications: which rows a dispatcher may take now, and the lease it holds them by.

Any number of dispatchers (one per `opendoor serve` process, plus cron's `opendoor jobs run`) may
share one database. Each pass takes a batch of due rows with `FOR UPDATE SKIP LOCKED` on
PostgreSQL (SQLite's `BEGIN IMMEDIATE` serializes the same step), at most one per channel and a
fair share per workspace, and leases them from the clock at that moment: only the dispatcher
holding a row's lease sends it or records what happened.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, Select, and_, func, or_, select, update
from sqlalchemy.orm import Session

from bot.clock import Clock, system_clock
from bot.db import changed
from bot.domain.installs import installed
from bot.models import Notification
from bot.outbox.pacing import POST, Pacer
from bot.vocabulary import NotificationState

LEASE = timedelta(minutes=2)
PER_WORKSPACE = 25
# A pass's claims are all sent well within one lease: the dispatcher sends them on
# MAX_CLAIMS // 4 threads, so each makes at most four calls in turn.
MAX_CLAIMS = 32


@dataclass(frozen=True)
class Claim:
    id: int
    workspace_id: int
    recipient: str
    look: bool
    until: datetime  # the lease this dispatcher holds; it acts on the row only while it holds it


def _claimable(now: datetime):
    return or_(
        and_(Notification.state == NotificationState.PENDING, Notification.due_at <= now),
        and_(Notification.state == NotificationState.SENDING, Notification.claimed_until < now),
    )


def _fair_heads(now: datetime) -> Select[Any]:
    """The ids a pass may claim: each channel's head (its oldest message still queued, whether
    due or being sent), and of those, a fair share per workspace, oldest first. Nothing is
    claimed for a workspace the app was uninstalled from: its messages wait for a reinstall."""
    queued = or_(
        and_(Notification.state == NotificationState.PENDING, Notification.due_at <= now),
        Notification.state == NotificationState.SENDING,
    )
    place = (
        func.row_number()
        .over(
            partition_by=(Notification.workspace_id, Notification.recipient),
            order_by=(Notification.due_at, Notification.id),
        )
        .label("place")
    )
    heads = (
        select(Notification.id, Notification.workspace_id, Notification.due_at, place)
        .where(queued, installed(Notification.workspace_id))
        .subquery()
    )
    share = (
        func.row_number()
        .over(partition_by=heads.c.workspace_id, order_by=(heads.c.due_at, heads.c.id))
        .label("share")
    )
    fair = select(heads.c.id, share).where(heads.c.place == 1).subquery()
    return select(fair.c.id).where(fair.c.share <= PER_WORKSPACE)


def _paced(
    rows: Sequence[Row[int, int, str, str, bool]], pacer: Pacer
) -> tuple[list[tuple[int, int, str, bool]], list[float]]:
    """The rows Slack's rate limits let through now, and how long each row held back waits."""
    picked: list[tuple[int, int, str, bool]] = []
    held_back: list[float] = []
    for row in rows:
        wait = pacer.wait(row.workspace_id, POST, row.recipient)
        if wait > 0:
            held_back.append(wait)
            continue
        pacer.take(row.workspace_id, POST, row.recipient)  # spent as it is picked: no overdraw
        look = row.state == NotificationState.SENDING or row.look_first
        picked.append((row.id, row.workspace_id, row.recipient, look))
    return picked, held_back


def _lease(session: Session, ids: list[int], now: datetime, until: datetime) -> None:
    """Mark the picked rows `sending` until `until`; a row taken over after its lease ran out is
    marked to be looked for before it is resent."""
    claimed = changed(
        session,
        update(Notification)
        .where(Notification.id.in_(ids), _claimable(now))
        .values(
            state=NotificationState.SENDING,
            claimed_until=until,
            attempts=Notification.attempts + 1,
            look_first=or_(
                Notification.look_first, Notification.state == NotificationState.SENDING
            ),
        )
        .execution_options(synchronize_session=False),
    )
    assert claimed == len(ids), "rows locked for this claim changed under it"


def claim_due(
    session: Session, now: datetime, pacer: Pacer, lease_clock: Clock = system_clock
) -> tuple[list[Claim], list[float]]:
    """Lease a batch of due rows; also returns how long each row held back by a rate limit waits.

    Only the head of each channel's queue (the oldest message still owed to that person or
    channel) can be claimed, whichever dispatcher holds the rest: so a person's messages arrive
    in the order they were owed, never two at once, however many processes send. A fair share
    of heads per workspace goes into a pass, and at most MAX_CLAIMS in all.

    The lease runs from the clock's time at this claim (or `now`, for a run at a later instant),
    so a long run's last claims are as safe as its first. Rows another dispatcher has locked are
    skipped, not waited for. A row whose lease ran out (its dispatcher died mid-send) is taken
    again, marked to be looked for before it is resent.
    """
    rows = session.execute(
        select(
            Notification.id,
            Notification.workspace_id,
            Notification.recipient,
            Notification.state,
            Notification.look_first,
        )
        .where(Notification.id.in_(_fair_heads(now)), _claimable(now))
        .order_by(Notification.due_at, Notification.id)
        .limit(MAX_CLAIMS)
        .with_for_update(skip_locked=True)
    ).all()
    picked, held_back = _paced(rows, pacer)
    until = max(now, lease_clock()) + LEASE
    if picked:
        _lease(session, [row_id for row_id, *_ in picked], now, until)
    session.commit()
    return [Claim(*row, until) for row in picked], held_back


def renew(session: Session, claim: Claim, lease_clock: Clock) -> Claim | None:
    """The claim with a fresh lease, or None when another dispatcher has taken the row over."""
    until = max(claim.until - LEASE, lease_clock()) + LEASE
    renewed = changed(
        session,
        update(Notification)
        .where(
            Notification.id == claim.id,
            Notification.state == NotificationState.SENDING,
            Notification.claimed_until == claim.until,
        )
        .values(claimed_until=until)
        .execution_options(synchronize_session=False),
    )
    session.commit()
    return replace(claim, until=until) if renewed == 1 else None
