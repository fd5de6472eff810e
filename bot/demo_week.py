"""The demo's Monday morning, flow by flow, and the cast and helpers the whole demo shares.

`bot.demo` runs this morning, then moves the clock through the rest of the week. Each step here
needs what the one before left in the channel, so they run in order and in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.stage import VISITS_CHANNEL, Stage
from bot.standin import Message

ZONE = ZoneInfo("America/New_York")
PRINCIPAL, RIVERA, PATEL, CHEN, NGUYEN, DIAZ, KIM = (
    "U0OKAFOR", "U0RIVERA", "U0PATEL", "U0CHEN", "U0NGUYEN", "U0DIAZ", "U0KIM",
)  # fmt: skip
PEOPLE = {
    PRINCIPAL: ("Principal Okafor", True),
    RIVERA: ("Ms. Rivera", False),
    PATEL: ("Mr. Patel", False),
    CHEN: ("Mr. Chen", False),
    NGUYEN: ("Ms. Nguyen", False),
    DIAZ: ("Coach Diaz", False),
    KIM: ("Ms. Kim", False),
}
TEACHERS = (RIVERA, PATEL, CHEN, NGUYEN)


def monday_morning(stage: Stage, monday: date) -> None:
    """Setup, two open doors, a request the channel answers, bookings and a cancellation. The
    request is answered for the next Monday, so the week ends with a visit still to come."""
    thursday, next_monday = monday + timedelta(days=3), monday + timedelta(days=7)
    _set_up(stage, monday, no_visit_date=thursday)
    _open_doors(stage)
    _ask_the_channel(stage)
    rivera_card, patel_card, chen_card = stage.slack.channel_messages(VISITS_CHANNEL)[1:4]
    _take_seats(stage, rivera_card, patel_card)
    _host_the_request(stage, chen_card, closed=thursday, chosen=next_monday)
    _cancel_from_mine(stage)


def _set_up(stage: Stage, monday: date, no_visit_date: date) -> None:
    """An admin sets up first: nothing else answers before the workspace has a channel. The
    principal names herself a leader, so the digest comes to her as well as to the coach; the
    no-visit date is there so Ms. Rivera meets it later."""
    send = stage.send
    say(f"Monday {monday:%B} {monday.day}, 8:00. Principal Okafor sets Open Door up, "
         "naming Coach Diaz a coach and herself a school leader.")  # fmt: skip
    step(stage, lambda: send.command(PRINCIPAL, "setup"))
    step(
        stage,
        lambda: send.submit(
            PRINCIPAL,
            {
                "channel": VISITS_CHANNEL,
                "schools": "Ranson IB Middle",
                "coaches": [DIAZ],
                "leaders": [PRINCIPAL],
                "cover_coordinators": [PRINCIPAL],
                "no_visit_dates": no_visit_date.isoformat(),
            },
        ),
    )


def _open_doors(stage: Stage) -> None:
    """Two open doors, one with open seats and one whose host approves each visitor, so the
    week shows both ways of booking."""
    send = stage.send
    say(
        "Ms. Rivera opens her door: `/visit offer tuesday 10:15 station rotation room 204 grade 6`."
    )
    step(
        stage, lambda: send.command(RIVERA, "offer tuesday 10:15 station rotation room 204 grade 6")
    )
    step(
        stage,
        lambda: send.submit(
            RIVERA,
            {
                "subject": "Math",
                "seats": "2",
                "details": "Three stations; I run the teacher table.",
                "key_moment": "The first 15 minutes, when stations launch",
            },
        ),
    )
    say("Mr. Patel opens his door for number talks and approves each visitor.")
    step(
        stage,
        lambda: send.command(PATEL, "offer wednesday 13:00-13:45 number talks room 118 grade 7"),
    )
    step(stage, lambda: send.submit(PATEL, {"seats": "1", "approval": ["yes"], "feedback": "warm"}))


def _ask_the_channel(stage: Stage) -> None:
    """A request no open door fits, so it is posted to the channel for a host to answer."""
    send = stage.send
    say(
        "Mr. Chen asks to see small-group data conferences. Nothing fits, so the bot asks the channel."
    )
    step(stage, lambda: send.command(CHEN, "request"))
    step(
        stage,
        lambda: send.submit(
            CHEN,
            {
                "practices": ["Data conferences"],
                "grades": ["6"],
                "notes": "I'm starting data conferences with my 6th graders.",
            },
        ),
    )
    send.close_view(CHEN)


def _take_seats(stage: Stage, rivera_card: Message, patel_card: Message) -> None:
    """Booking from the channel's cards: two seats taken outright, one waiting for its host."""
    send = stage.send
    say("Ms. Nguyen and Mr. Chen each take a seat in Ms. Rivera's class.")
    step(stage, lambda: send.click(NGUYEN, "book", message=rivera_card))
    step(stage, lambda: send.click(CHEN, "book", message=rivera_card))
    say("Ms. Nguyen asks to visit Mr. Patel; he accepts in the card's thread.")
    step(stage, lambda: send.click(NGUYEN, "book", message=patel_card))
    ask = stage.slack.thread(VISITS_CHANNEL, patel_card.ts)[-1]
    step(stage, lambda: send.click(PATEL, "approve_visitor", message=ask))


def _host_the_request(stage: Stage, chen_card: Message, closed: date, chosen: date) -> None:
    """A host answers the request; the modal turns away the no-visit date, and the visitor
    confirms the time she picks instead."""
    send = stage.send
    say('Ms. Rivera answers Mr. Chen\'s request: "I can host". Thursday is a no-visit date, '
         "so she picks Monday next week.")  # fmt: skip
    step(stage, lambda: send.click(RIVERA, "can_host", message=chen_card))
    step(
        stage,
        lambda: send.submit(
            RIVERA, {"day": closed.isoformat(), "start": "09:00", "end": "09:45", "room": "204"}
        ),
    )
    say(f"  The modal says: {stage.slack.modal_errors(RIVERA).get('day')}")
    step(
        stage,
        lambda: send.submit(
            RIVERA, {"day": chosen.isoformat(), "note": "My data conferences run 9:00–9:45."}
        ),
    )
    step(stage, lambda: send.click(CHEN, "confirm_time", message=stage.slack.dms(CHEN)[-1]))


def _cancel_from_mine(stage: Stage) -> None:
    """A visitor cancels from `/visit mine`, which frees the seat the channel's card shows."""
    send = stage.send
    say("Mr. Chen can't make Tuesday after all and cancels it from `/visit mine`.")
    step(stage, lambda: send.command(CHEN, "mine"))
    mine = stage.slack.ephemerals(CHEN)[-1]
    tuesday = next(b for b in mine.buttons() if b["action_id"] == "cancel_visit")
    step(stage, lambda: send.click(CHEN, "cancel_visit", message=mine, value=tuesday["value"]))


def step(stage: Stage, action: Callable[[], Any]) -> None:
    """One person's action, then wait until the app has answered it and sent what it owed. The
    wait is long: a route's answers refresh every itinerary, paced as Slack paces `chat.update`."""
    action()
    stage.settle(timeout=60)


def say(text: str) -> None:
    print(f"\n▸ {text}")
