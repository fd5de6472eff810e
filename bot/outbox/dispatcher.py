"""The outbox dispatcher: sends every notification that is due, once, whatever Slack answers.

A run makes passes: each claims a batch of due rows (`claims`) and sends them on a few threads
(`sending`), so one slow Slack call never holds up everyone else's messages. It passes again
while it finds work, and waits a little for what Slack's rate limits held back or what falls due
within seconds, rather than leaving it to the scheduler's next tick.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

from slack_sdk import WebClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.clock import Clock, system_clock
from bot.domain.installs import installed
from bot.domain.timing import DEFAULT_TIMING, Timing
from bot.models import Notification
from bot.outbox.claims import MAX_CLAIMS, Claim, claim_due
from bot.outbox.pacing import Pacer
from bot.outbox.sending import send_one
from bot.vocabulary import NotificationState

# A pass sends its claims on this many threads, each making at most four calls in turn.
SENDERS = MAX_CLAIMS // 4
# How long one run keeps draining what the rate limits hold back before returning.
RUN_BUDGET_SECONDS = 20.0
SOON = timedelta(seconds=5)
# The longest a run sleeps between passes: new work (another school's, a kick) and a stop are
# seen within it, whatever one school's rate limit says.
NAP = 0.25


def monotonic() -> float:
    """Rate limits are real seconds; freezegun, which stops `time.monotonic`, leaves this one."""
    return time.clock_gettime(time.CLOCK_MONOTONIC)


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
            installed(Notification.workspace_id),
        )
    )
    session.commit()
    return (due - moment).total_seconds() if due is not None else float("inf")


def _send_all(
    session: Session,
    client: WebClient,
    claims: list[Claim],
    now: datetime,
    timing: Timing,
    pacer: Pacer,
    lease_clock: Clock,
) -> int:
    """A lone claim is sent on the run's own session; several each get a session of their own on
    a sender thread, as a Session is not to be shared between threads."""
    if len(claims) == 1:
        return send_one(session, client, claims[0], now, timing, pacer, lease_clock)
    bind = session.get_bind()

    def send(claim: Claim) -> int:
        with Session(bind, expire_on_commit=False) as own:
            return send_one(own, client, claim, now, timing, pacer, lease_clock)

    with ThreadPoolExecutor(min(SENDERS, len(claims)), thread_name_prefix="outbox") as senders:
        return sum(senders.map(send, claims))
