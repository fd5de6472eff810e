"""Sending one claimed notification: render it, pace it, make its one Slack call, record what
Slack's answer means.

Every step acts only while this dispatcher holds the row's lease: the lease is renewed before
the row is rendered, and the verdict is written under the row's lock only if the lease is still
this dispatcher's, so a row another dispatcher took over is left to that one. Slack is called
outside any transaction, so people's clicks never wait behind a slow Slack call.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.clock import Clock, system_clock
from bot.domain.timing import Timing
from bot.models import Notification, Workspace
from bot.outbox.checks import ask
from bot.outbox.claims import Claim, renew
from bot.outbox.delivery import deliver, render
from bot.outbox.outgoing import Defer, Lookup, Outgoing
from bot.outbox.pacing import POST, Pacer
from bot.outbox.verdicts import Verdict, judge
from bot.vocabulary import NotificationState
from bot.workspace_clients import for_workspace

log = logging.getLogger(__name__)

DEFER_DELAY = timedelta(seconds=5)
# A pass waits for Slack's rate limits inline up to this long; longer, and the message goes back
# to the queue untouched for a later pass.
MAX_INLINE_WAIT = 2.0


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
    renewed = renew(session, claim, lease_clock)
    if renewed is None:
        return 0
    claim = renewed
    notification = session.get(Notification, claim.id, populate_existing=True)
    workspace = session.get(Workspace, claim.workspace_id, populate_existing=True)
    assert notification is not None and workspace is not None
    if notification.expires_at is not None and now >= notification.expires_at:
        verdict = Verdict.skip("stale: its moment had passed")
        return _record(session, claim, notification, workspace, verdict, now)
    if workspace.uninstalled_at is not None:  # uninstalled since the claim: owed, not tried
        verdict = Verdict.later(notification.due_at)
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
    own = for_workspace(client, workspace.team_id, workspace.enterprise_id)
    return _call(session, own, claim, notification, workspace, outgoing, now, pacer)


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
