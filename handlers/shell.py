"""How every listener is registered, so that what a person was told Slack-side is never lost.

Slack waits at most three seconds for the HTTP answer. A click that changes something is decided
before that answer: `decide_then_answer` runs the decision in one transaction (database only,
never Slack) and only then acknowledges, so a process that dies after the acknowledgement has
already committed the change, with every DM it owes in the outbox. The answer in place (an
ephemeral reply, Home, the modal) follows as a Bolt lazy listener in the lanes (`bot/lanes.py`),
reading the decision Bolt copied into the lazy request's context. A refusal is acknowledged too,
with its answer owed to the outbox a minute ahead and called off once given in place.

Listeners that change nothing (opening a modal, say) use `after_ack`: acknowledged at once, then
worked. Modal submissions run before their ack too, because their answer is the validation result.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from slack_bolt import Ack, BoltContext, BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy.orm import Session

from bot.domain.errors import DomainError
from bot.domain.outbox import answered, owe_answer
from bot.domain.timing import Timing
from bot.lanes import opens_modal
from bot.models import Member, Workspace
from bot.services import Services
from bot.views.csv_files import FilesMessage
from bot.views.messages import Message
from bot.views.notices import notice
from handlers.errors import SORRY, answer_error
from handlers.slack_io import action_value, actor, reply, team_id, user

log = logging.getLogger(__name__)
Work = Callable[[dict[str, Any], WebClient, Services], None]
Said = TypeVar("Said")
DECIDED = "opendoor_decided"
NOT_SENT = (
    "I couldn't send your file just now: Slack didn't take the upload. Nothing was changed; "
    "please try again in a minute."
)


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


@dataclass
class Acting:
    """What a listener works with: its transaction, and who acted, where, when, on what."""

    session: Session
    workspace: Workspace
    member: Member
    body: dict[str, Any]
    now: datetime
    timing: Timing

    @property
    def value(self) -> int:
        """The button's value: an id, checked against the workspace by the domain."""
        return action_value(self.body)


@contextmanager
def acting(services: Services, body: dict[str, Any]) -> Iterator[Acting]:
    """One unit of work for the person in `body`: the workspace and member are looked up (and
    the member marked as seen) the same way for every listener."""
    with services.unit_of_work() as session:
        workspace, member = actor(session, body)
        yield Acting(session, workspace, member, body, services.clock(), services.timing)


def opens(build: Callable[[Acting], dict[str, Any]]) -> Work:
    """A listener whose whole job is one modal: built in one read, then opened on the trigger
    (which expires three seconds after the click, so nothing else happens in between)."""

    def work(body: dict[str, Any], client: WebClient, services: Services) -> None:
        with acting(services, body) as act:
            view = build(act)
        client.views_open(trigger_id=body["trigger_id"], view=view)

    return work


def says(build: Callable[[Acting], Message]) -> Work:
    """A listener that answers the person who asked, and only them, after its read is done."""

    def work(body: dict[str, Any], client: WebClient, services: Services) -> None:
        with acting(services, body) as act:
            message = build(act)
        reply(client, body, message)

    return work


def sends_files(build: Callable[[Acting], FilesMessage]) -> Work:
    """A listener that answers with files in the person's DM: built in one read, then uploaded
    outside any transaction (Slack's upload flow, which `files_upload_v2` runs). It isn't owed
    to the outbox: the person is waiting for it, and a failed upload is told to them here, so
    they can ask again, rather than retried behind their back with data grown stale."""

    def work(body: dict[str, Any], client: WebClient, services: Services) -> None:
        with acting(services, body) as act:
            sent = build(act)
        try:
            dm = client.conversations_open(users=user(body)[0])["channel"]["id"]
            client.files_upload_v2(
                channel=dm,
                initial_comment=sent.comment,
                file_uploads=[
                    {"content": f.content, "filename": f.filename, "title": f.title}
                    for f in sent.files
                ],
            )
        except (SlackClientError, OSError) as error:  # OSError: the upload URL refused the bytes
            code = error.response.get("error") if isinstance(error, SlackApiError) else "upload"
            log.warning("could not send %d file(s) to a DM: %s", len(sent.files), code)
            reply(client, body, notice(NOT_SENT))
            return
        reply(client, body, notice("I've sent it to you in a direct message."))

    return work


@dataclass(frozen=True)
class Decided(Generic[Said]):
    """What the decision said (small, plain, deep-copyable), or the refusal to answer instead,
    and the refusal's owed copy in the outbox, if it could be written."""

    said: Said | None = None
    refusal: str = ""
    owed: int | None = None
    recorded: bool = True


Answer = Callable[[Said, dict[str, Any], WebClient, Services], None]


def decide_then_answer(decide: Callable[[Acting], Said], answer: Answer[Said]) -> dict[str, Any]:
    """Bolt's `ack=`/`lazy=` pair for a click that changes something: `decide` commits before
    the acknowledgement; `answer` tells the person, after it, with what `decide` returned."""

    def ack_decided(
        ack: Ack, body: dict[str, Any], context: BoltContext, services: Services
    ) -> BoltResponse | None:
        decided = _decided(decide, body, services)
        context[DECIDED] = decided
        if not decided.recorded:
            return BoltResponse(status=500, body="")  # the database failed: Slack says so
        ack()
        return None

    def answer_decided(
        body: dict[str, Any], client: WebClient, context: BoltContext, services: Services
    ) -> None:
        decided: Decided[Said] = context[DECIDED]
        try:
            if decided.refusal:
                reply(client, body, notice(decided.refusal))
            else:
                answer(decided.said, body, client, services)  # type: ignore[arg-type]
        except Exception as error:
            answer_error(error, body, None, client, log)
        if decided.owed is not None:
            with services.unit_of_work() as session:
                answered(session, decided.owed)

    return {"ack": ack_decided, "lazy": [answer_decided]}


def _decided(decide: Callable[[Acting], Said], body: dict[str, Any], services: Services) -> Decided:
    """Decide in one transaction; a refusal (or a surprise) is owed to the outbox instead, in a
    transaction of its own, since the decision's rolled back."""
    try:
        with acting(services, body) as act:
            return Decided(said=decide(act))
    except DomainError as refusal:
        text = refusal.message
    except Exception:
        log.exception("unexpected error deciding %s", _action(body).get("action_id"))
        text = SORRY
    try:
        with acting(services, body) as act:
            click_id = _action(body).get("action_ts") or f"{time.time():.6f}"
            owed = owe_answer(
                act.session, act.workspace, act.member.slack_user_id, click_id, text, act.now
            )
        return Decided(refusal=text, owed=owed)
    except DomainError:  # no workspace or member to owe it to; nothing changed either
        return Decided(refusal=text)
    except Exception:
        log.exception("could not owe the answer to a click in %s", team_id(body))
        return Decided(refusal=text, recorded=False)


def _action(body: dict[str, Any]) -> dict[str, Any]:
    actions = body.get("actions") or [{}]
    return actions[0]


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
