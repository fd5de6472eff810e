"""The people of the test school, and the steps most scenarios start with."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.outbox import owe
from bot.models import Workspace
from bot.stage import VISITS_CHANNEL, Stage
from bot.standin import Message, Reply, SlackRequests

ADMIN = "U0ADMIN"
HOST = "U0RIVERA"
VISITOR = "U0CHEN"
HOST2 = "U0PATEL"
COACH = "U0DIAZ"
TEACHER3 = "U0NGUYEN"

PEOPLE = {
    ADMIN: ("principal.okafor", True),
    HOST: ("ms.rivera", False),
    VISITOR: ("mr.chen", False),
    HOST2: ("mr.patel", False),
    COACH: ("coach.diaz", False),
    TEACHER3: ("ms.nguyen", False),
}


# Setup's answer waits on Slack (it joins the visits channel, so a channel it can't join is a
# field error), unlike a click's ack: steps that merely set a scene give it this long on a busy
# CI machine. Every other request keeps Slack's three seconds.
SETUP_ANSWER_SECONDS = 10.0


def set_up(
    stage: Stage,
    schools: str = "Ranson Middle",
    send: SlackRequests | None = None,
    **values: Any,
) -> None:
    """The admin runs `/visit setup` and saves it (in the stage's workspace unless `send` is
    another workspace's)."""
    send = send or stage.send
    send.command(ADMIN, "setup")
    stage.settle()
    form = {"channel": VISITS_CHANNEL, "schools": schools, "coaches": [COACH]} | values
    slack_waits, send.timeout = send.timeout, SETUP_ANSWER_SECONDS
    try:
        reply = send.submit(ADMIN, form)
    finally:
        send.timeout = slack_waits
    assert reply.status == 200, reply.body
    assert not stage.slack.modal_errors(ADMIN), stage.slack.modal_errors(ADMIN)
    stage.settle()


def open_door(
    stage: Stage,
    host: str = HOST,
    text: str = "",
    send: SlackRequests | None = None,
    **values: Any,
) -> Message:
    """A host posts an open door (in another workspace with `send`); returns its card as the
    channel sees it."""
    send = send or stage.send
    send.command(host, f"offer {text}".strip())
    stage.settle()
    form = {
        "day": "2026-11-24",
        "start": "10:15",
        "end": "11:00",
        "room": "204",
        "practices": ["Station rotation"],
        "details": "Three stations; I run the teacher table.",
        "seats": "2",
    } | values
    reply = send.submit(host, form)
    assert reply.status == 200, reply.body
    assert not stage.slack.modal_errors(host), stage.slack.modal_errors(host)
    stage.settle()
    return stage.slack.channel_messages(VISITS_CHANNEL)[-1]


def profile(stage: Stage, who: str, interests: list[str]) -> None:
    """The member saves their profile with what they want to see (the practices matched)."""
    stage.send.command(who, "profile")
    stage.settle()
    stage.send.submit(who, {"interests": interests})
    stage.settle()


def card(stage: Stage, ts: str) -> Message:
    """The card as it is now, after any updates."""
    return next(m for m in stage.slack.channel_messages(VISITS_CHANNEL) if m.ts == ts)


def run_jobs(stage: Stage, frozen: Any, instant: str) -> dict[str, int | None]:
    """Travel to `instant` (UTC) and run every scheduled job once, as the scheduler or cron would."""
    from jobs.registry import run_all

    frozen.move_to(instant)
    stage.settle()
    with stage.services.session_factory() as session:
        results = run_all(
            session, stage.services.client, stage.services.clock(), stage.services.timing
        )
    stage.settle()
    return results


def book(stage: Stage, visitor: str, posted: Message) -> None:
    stage.send.click(visitor, "book", message=posted)
    stage.settle()


def dms_saying(stage: Stage, person: str, words: str) -> list[Message]:
    return [message for message in stage.slack.dms(person) if words in message.plain()]


def school(session: Session) -> Workspace:
    """The test school's Workspace row."""
    return session.scalars(select(Workspace).where(Workspace.team_id == "T0SCHOOL")).one()


def owe_notes(
    session: Session, workspace: Workspace, recipients: list[str], now: datetime, tag: str = "note"
) -> list[int]:
    """Messages owed straight into the outbox, as any domain change writes them: '{tag} {n}'."""
    ids = [
        owe(session, workspace, kind="admin_notice", recipient=recipient,
            key=f"admin_notice:{tag}-{n}:0", due_at=now, now=now, payload={"text": f"{tag} {n}"})
        for n, recipient in enumerate(recipients)
    ]  # fmt: skip
    session.commit()
    return ids


def press(
    send: SlackRequests,
    user_id: str,
    action_id: str,
    value: str,
    *,
    view: dict[str, Any] | None = None,
    on: Message | None = None,
) -> Reply:
    """A click built from what the test says rather than from what is on screen: a button that
    racing clicks will have answered away, or a value or modal metadata changed by hand, as a
    forger would. On a modal with `view`, else on the message `on` (else in the visits channel)."""
    fields: dict[str, Any] = {
        "actions": [{"action_id": action_id, "block_id": "pressed", "value": value,
                     "type": "button", "action_ts": f"{time.time():.6f}"}]
    }  # fmt: skip
    if view is not None:
        fields |= {"container": {"type": "view", "view_id": view["id"]}, "view": view}
    else:
        channel = on.channel if on is not None else VISITS_CHANNEL
        ts = on.ts if on is not None else None
        fields |= {
            "container": {"type": "message", "message_ts": ts, "channel_id": channel},
            "channel": {"id": channel},
            "response_url": send.standin.new_response_url(user_id, channel, ts),
        }
    return send.interaction(user_id, "block_actions", fields)
