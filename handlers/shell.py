"""How every listener after the first answer is registered: acknowledged at once, then worked.

Slack waits at most three seconds for the HTTP answer. The ack function below is the whole of
that answer and touches neither the database nor Slack; the listener's work runs afterwards as a
Bolt lazy listener, in the lanes (`bot/lanes.py`). Modal submissions are the exception: their
answer is the validation result, so they run before their ack (database only, never Slack).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.lanes import opens_modal
from bot.services import Services
from handlers.errors import answer_error

log = logging.getLogger(__name__)
Work = Callable[[dict[str, Any], WebClient, Services], None]


def ack_now(ack: Ack) -> None:
    ack()


def after_ack(work: Work, *, modal: bool = False, then: tuple[Work, ...] = ()) -> dict[str, Any]:
    """Bolt's `ack=`/`lazy=` pair for `work`; `modal=True` puts it in the lane that opens modals,
    and `then` runs beside it in the other lane (so a modal's thread does nothing but open it)."""
    lazy = _answering_failures(work)
    return {
        "ack": ack_now,
        "lazy": [opens_modal(lazy) if modal else lazy, *map(_answering_failures, then)],
    }


def _answering_failures(work: Work) -> Work:
    """A refusal or a surprise after the ack is answered to the person here: Bolt would only log
    it (with the exception's text) and leave them waiting."""

    @functools.wraps(work)
    def run(body: dict[str, Any], client: WebClient, services: Services) -> None:
        try:
            work(body, client, services)
        except Exception as error:
            answer_error(error, body, None, client, log)

    return run
