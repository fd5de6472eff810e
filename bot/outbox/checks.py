"""Checks on people: after a DM fails, is the person still in the workspace?

A `member_check` row sits in the person's own queue, so it is asked after the DM that failed and
before the next one. The dispatcher asks Slack (`users.info`) outside any transaction. Only a
clear answer that they have left (`deleted`, or `user_not_found`) releases their visits; a check
that fails or goes unanswered is tried again with the usual backoff, and meanwhile nothing is
cancelled.
"""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.domain.unreachable import member_left
from bot.models import Member, Notification
from bot.outbox.outgoing import Lookup, Owed
from bot.outbox.verdicts import RECIPIENT_ERRORS, Verdict, judge

log = logging.getLogger(__name__)


def member_check(owed: Owed) -> Lookup | None:
    """Skipped when the mark is gone: a DM got through, or the person used Open Door again."""
    member = owed.subject(Member)
    return Lookup(owed.to) if member.undeliverable else None


def ask(client: WebClient, lookup: Lookup, notification: Notification, now: datetime) -> Verdict:
    """What Slack says about the person, as a verdict on the check."""
    try:
        user = client.users_info(user=lookup.user)["user"]
    except SlackApiError as error:
        response = error.response
        code = response.get("error", "") if response is not None else ""
        if code == "user_not_found":
            return _left(code)
        if code in RECIPIENT_ERRORS:  # about a DM, not this question: just ask again later
            return Verdict.retry(notification, code, now)
        return judge(error, notification, now)
    except OSError as error:
        log.warning("check %s: no answer from Slack (%s)", notification.id, type(error).__name__)
        return Verdict.retry(notification, f"no answer ({type(error).__name__})", now)
    return _left("deactivated") if user.get("deleted") else Verdict.checked()


def _left(why: str) -> Verdict:
    verdict = Verdict.checked()
    verdict.consequence = lambda session, workspace, notification, when: member_left(
        session, workspace, notification.recipient, why, when
    )
    return verdict
