"""The outbox dispatcher: sends every notification that is due, once, whatever Slack answers.

Any number of dispatchers (one per `opendoor serve` process, plus cron's `opendoor jobs run`) may
share one database. Each pass takes a batch of due rows with `FOR UPDATE SKIP LOCKED` on
PostgreSQL (SQLite's `BEGIN IMMEDIATE` serializes the same step), at most one per channel and a
fair share per workspace, leases them from the clock at that moment, and sends them on a few
threads, so one slow Slack call never holds up everyone else's messages.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from bot.clock import Clock, system_clock
from bot.db import changed
from bot.domain.timing import DEFAULT_TIMING, Timing
from bot.models import Notification, Workspace
from bot.outbox.checks import ask
from bot.outbox.delivery import deliver, render
from bot.outbox.outgoing import Defer, Lookup, Outgoing
from bot.outbox.pacing import POST, Pacer
from bot.outbox.verdicts import Verdict, judge
from bot.vocabulary import NotificationState

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
PER_WORKSPACE = 25
SENDERS = 8
# A pass's claims are all sent well within one lease: at most MAX_CLAIMS / SENDERS calls in turn.
MAX_CLAIMS = SENDERS * 4
DEFER_DELAY = timedelta(seconds=5)
# A pass waits for Slack's rate limits inline up to this long; longer, and the message goes back
# to the queue untouched for a later pass.
MAX_INLINE_WAIT = 2.0
# How long one run keeps draining what the rate limits hold back before returning.
RUN_BUDGET_SECONDS = 20.0
SOON = timedelta(seconds=5)
# The longest a run sleeps between passes: new work (another school's, a kick) and a stop are
# seen within it, whatever one school's rate limit says.
NAP = 0.25


def monotonic() -> float:
    """Rate limits are real seconds; freezegun, which stops `time.monotonic`, leaves this one."""
    return time.clock_gettime(time.CLOCK_MONOTONIC)


@dataclass(frozen=True)
class Claim:
    id: int
    workspace_id: int
    recipient: str
    look: bool
    until: datetime  # the lease this dispatcher holds; it acts on the row only while it holds it


def dispatch_due(
    session: Session,
    client: WebClient,
    now: datetime,
    timing: Timing = DEFAULT_TIMING,
    *,
    pacer: Pacer | None = None,
    lease_clock: Clock = system_clock,
    budget: float = RUN_BUDGET_SECONDS,
    between_passes: Callable[[], bool] = lambda: True,
) -> int:
    """Send what is due at `now`; returns how many went out. One failure never stops the rest.

    Passes repeat while they find work: sending can owe more (a failed DM tells the other side),
    and rate limits hold messages back for a moment. Each pass sees `now` moved on by the time the
    run has taken, so what the limits held back (or a 429 put off) is due again within the run.
    `between_passes` may pause the run, and returning False ends it.
    """
    pacer = pacer or Pacer(clock=monotonic)
    started = monotonic()
    sent = 0
    while between_passes():
        elapsed = monotonic() - started
        moment = now + timedelta(seconds=elapsed)
        claims, held_back = claim_due(session, moment, pacer, lease_clock)
        if claims:
            sent += _send_all(session, client, claims, moment, timing, pacer, lease_clock)
            continue
        wait = min([*held_back, _soon_due(session, moment)])
        if wait == float("inf") or elapsed + wait > budget:
            return sent
        time.sleep(min(wait, NAP))
    return sent


def _soon_due(session: Session, moment: datetime) -> float:
    """Seconds until the next message falls due, when that is within SOON (a 429's Retry-After,
    a deferral): worth waiting for in this run rather than the scheduler's next tick."""
    due = session.scalar(
        select(func.min(Notification.due_at)).where(
            Notification.state == NotificationState.PENDING,
            Notification.due_at > moment,
            Notification.due_at <= moment + SOON,
        )
    )
    session.commit()
    return (due - moment).total_seconds() if due is not None else float("inf")


def _claimable(now: datetime):
    return or_(
        and_(Notification.state == NotificationState.PENDING, Notification.due_at <= now),
        and_(Notification.state == NotificationState.SENDING, Notification.claimed_until < now),
    )


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
        .where(queued)
        .subquery()
    )
    share = (
        func.row_number()
        .over(partition_by=heads.c.workspace_id, order_by=(heads.c.due_at, heads.c.id))
        .label("share")
    )
    fair = select(heads.c.id, share).where(heads.c.place == 1).subquery()
    rows = session.execute(
        select(
            Notification.id,
            Notification.workspace_id,
            Notification.recipient,
            Notification.state,
            Notification.look_first,
        )
        .where(
            Notification.id.in_(select(fair.c.id).where(fair.c.share <= PER_WORKSPACE)),
            _claimable(now),
        )
        .order_by(Notification.due_at, Notification.id)
        .limit(MAX_CLAIMS)
        .with_for_update(skip_locked=True)
    ).all()
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
    until = max(now, lease_clock()) + LEASE
    if picked:
        claimed = changed(
            session,
            update(Notification)
            .where(Notification.id.in_([row_id for row_id, *_ in picked]), _claimable(now))
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
        assert claimed == len(picked), "rows locked for this claim changed under it"
    session.commit()
    return [Claim(*row, until) for row in picked], held_back


def _send_all(
    session: Session,
    client: WebClient,
    claims: list[Claim],
    now: datetime,
    timing: Timing,
    pacer: Pacer,
    lease_clock: Clock,
) -> int:
    if len(claims) == 1:
        return send_one(session, client, claims[0], now, timing, pacer, lease_clock)
    bind = session.get_bind()

    def send(claim: Claim) -> int:
        with Session(bind, expire_on_commit=False) as own:
            return send_one(own, client, claim, now, timing, pacer, lease_clock)

    with ThreadPoolExecutor(min(SENDERS, len(claims)), thread_name_prefix="outbox") as senders:
        return sum(senders.map(send, claims))


def send_one(
    session: Session,
    client: WebClient,
    claim: Claim,
    now: datetime,
    timing: Timing,
    pacer: Pacer,
    lease_clock: Clock = system_clock,
) -> int:
    """Render, pace, call Slack (a post, an update, or a check on a person), record the verdict.
    Returns 1 when a message went out.

    The lease is renewed first, on the condition that this dispatcher still holds it: a claim
    that waited too long and was taken over by another dispatcher is left to that one.
    """
    renewed = _renewed(session, claim, lease_clock)
    if renewed is None:
        return 0
    claim = renewed
    notification = session.get(Notification, claim.id, populate_existing=True)
    workspace = session.get(Workspace, claim.workspace_id, populate_existing=True)
    assert notification is not None and workspace is not None
    if notification.expires_at is not None and now >= notification.expires_at:
        verdict = Verdict.skip("stale: its moment had passed")
        return _record(session, claim, notification, workspace, verdict, now)
    if workspace.paused_until is not None and now < workspace.paused_until:
        verdict = Verdict.later(workspace.paused_until)
        return _record(session, claim, notification, workspace, verdict, now)
    try:
        outgoing = render(session, notification, now, timing)
    except Defer:
        return _record(
            session, claim, notification, workspace, Verdict.later(now + DEFER_DELAY), now
        )
    except LookupError as gone:
        return _record(session, claim, notification, workspace, Verdict.skip(str(gone)), now)
    except Exception as error:  # a bug in one view must not stop everyone else's messages
        log.exception("notification %s could not be rendered", notification.id)
        verdict = Verdict.retry(notification, f"could not render: {type(error).__name__}", now)
        return _record(session, claim, notification, workspace, verdict, now)
    # End the reading transaction before talking to Slack: on SQLite every transaction holds the
    # write lock, and people's clicks must not wait behind a slow Slack call.
    session.commit()
    if outgoing is None:
        return _record(
            session, claim, notification, workspace, Verdict.skip("no longer relevant"), now
        )
    if outgoing.method != POST:  # its post was paced at the claim; an update keeps to its own tier
        wait = pacer.wait(workspace.id, outgoing.method, outgoing.channel)
        if wait > MAX_INLINE_WAIT:
            return _record(session, claim, notification, workspace, Verdict.later(now), now)
        time.sleep(wait)
        pacer.take(workspace.id, outgoing.method, outgoing.channel)
    return _call(session, client, claim, notification, workspace, outgoing, now, pacer)


def _call(
    session: Session,
    client: WebClient,
    claim: Claim,
    notification: Notification,
    workspace: Workspace,
    outgoing: Outgoing | Lookup,
    now: datetime,
    pacer: Pacer,
) -> int:
    if isinstance(outgoing, Lookup):
        verdict = ask(client, outgoing, notification, now)
        if verdict.retry_after is not None:
            pacer.hold(workspace.id, outgoing.method, verdict.retry_after)
        return _record(session, claim, notification, workspace, verdict, now)
    try:
        ts = deliver(client, outgoing, notification.id, notification.created_at, claim.look)
    except SlackApiError as error:
        verdict = judge(error, notification, now)
        if verdict.retry_after is not None:
            pacer.hold(workspace.id, outgoing.method, verdict.retry_after)
    except OSError as error:  # timeouts and dropped connections: it may have gone out
        log.warning(
            "notification %s: no answer from Slack (%s)", notification.id, type(error).__name__
        )
        verdict = Verdict.retry(
            notification, f"no answer ({type(error).__name__})", now, uncertain=True
        )
    else:
        verdict = Verdict.sent(ts)
    return _record(session, claim, notification, workspace, verdict, now)


def _record(
    session: Session,
    claim: Claim,
    notification: Notification,
    workspace: Workspace,
    verdict: Verdict,
    now: datetime,
) -> int:
    """Write the verdict, only while this dispatcher still holds the lease (checked under the
    row's lock): after a takeover, the other dispatcher's outcome stands. Returns 1 when a
    message went out (an answered check is done, but no message)."""
    held = session.scalar(
        select(Notification.claimed_until)
        .where(Notification.id == claim.id, Notification.state == NotificationState.SENDING)
        .with_for_update()
    )
    if held != claim.until:
        session.rollback()
        return 0
    verdict.apply(session, notification, workspace, now)
    session.commit()
    return 1 if verdict.state == NotificationState.SENT and verdict.ts is not None else 0


def _renewed(session: Session, claim: Claim, lease_clock: Clock) -> Claim | None:
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
