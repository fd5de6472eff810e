"""`opendoor demo`: a scripted school week through the real app, with no Slack at all.

Everything runs for real: the Bolt app behind HTTP, signed requests, the database, the outbox,
and the local stand-in for Slack's Web API. At the end it prints what each person would see.
"""

from __future__ import annotations

import re
import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.clock import SteppingClock
from bot.stage import VISITS_CHANNEL, Stage
from bot.standin import Message

ZONE = ZoneInfo("America/New_York")
PRINCIPAL, RIVERA, PATEL, CHEN, NGUYEN, DIAZ = (
    "U0OKAFOR", "U0RIVERA", "U0PATEL", "U0CHEN", "U0NGUYEN", "U0DIAZ",
)  # fmt: skip
PEOPLE = {
    PRINCIPAL: ("Principal Okafor", True),
    RIVERA: ("Ms. Rivera", False),
    PATEL: ("Mr. Patel", False),
    CHEN: ("Mr. Chen", False),
    NGUYEN: ("Ms. Nguyen", False),
    DIAZ: ("Coach Diaz", False),
}


def run_demo() -> int:
    monday = _next_monday(datetime.now(UTC).astimezone(ZONE).date())
    clock = SteppingClock(datetime.combine(monday, time(8, 0), tzinfo=ZONE))
    with tempfile.TemporaryDirectory() as folder:
        database = f"sqlite:///{Path(folder) / 'demo.db'}"
        with Stage(database, clock=clock) as stage:
            for user_id, (name, admin) in PEOPLE.items():
                stage.slack.add_user(
                    user_id, re.sub(r"[^a-z]+", ".", name.lower()), real_name=name, is_admin=admin
                )
            _week(stage, monday)
            _after(stage, clock, monday)
            _show(stage)
    return 0


def _week(stage: Stage, monday: date) -> None:
    """Monday morning, flow by flow: each step needs what the one before left in the channel."""
    thursday, friday = monday + timedelta(days=3), monday + timedelta(days=4)
    _set_up(stage, monday, no_visit_date=thursday)
    _open_doors(stage)
    _ask_the_channel(stage)
    rivera_card, patel_card, chen_card = stage.slack.channel_messages(VISITS_CHANNEL)[1:4]
    _take_seats(stage, rivera_card, patel_card)
    _host_the_request(stage, chen_card, closed=thursday, chosen=friday)
    _cancel_from_mine(stage)


def _set_up(stage: Stage, monday: date, no_visit_date: date) -> None:
    """An admin sets up first: nothing else answers before the workspace has a channel. The
    no-visit date is there so Ms. Rivera meets it later."""
    send = stage.send
    _say(f"Monday {monday:%B} {monday.day}, 8:00. Principal Okafor sets Open Door up.")
    _step(stage, lambda: send.command(PRINCIPAL, "setup"))
    _step(
        stage,
        lambda: send.submit(
            PRINCIPAL,
            {
                "channel": VISITS_CHANNEL,
                "schools": "Ranson IB Middle",
                "coaches": [DIAZ],
                "no_visit_dates": no_visit_date.isoformat(),
            },
        ),
    )


def _open_doors(stage: Stage) -> None:
    """Two open doors, one with open seats and one whose host approves each visitor, so the
    week shows both ways of booking."""
    send = stage.send
    _say(
        "Ms. Rivera opens her door: `/visit offer tuesday 10:15 station rotation room 204 grade 6`."
    )
    _step(
        stage, lambda: send.command(RIVERA, "offer tuesday 10:15 station rotation room 204 grade 6")
    )
    _step(
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
    _say("Mr. Patel opens his door for number talks and approves each visitor.")
    _step(
        stage,
        lambda: send.command(PATEL, "offer wednesday 13:00-13:45 number talks room 118 grade 7"),
    )
    _step(
        stage, lambda: send.submit(PATEL, {"seats": "1", "approval": ["yes"], "feedback": "warm"})
    )


def _ask_the_channel(stage: Stage) -> None:
    """A request no open door fits, so it is posted to the channel for a host to answer."""
    send = stage.send
    _say(
        "Mr. Chen asks to see small-group data conferences. Nothing fits, so the bot asks the channel."
    )
    _step(stage, lambda: send.command(CHEN, "request"))
    _step(
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
    _say("Ms. Nguyen and Mr. Chen each take a seat in Ms. Rivera's class.")
    _step(stage, lambda: send.click(NGUYEN, "book", message=rivera_card))
    _step(stage, lambda: send.click(CHEN, "book", message=rivera_card))
    _say("Ms. Nguyen asks to visit Mr. Patel; he accepts in the card's thread.")
    _step(stage, lambda: send.click(NGUYEN, "book", message=patel_card))
    ask = stage.slack.thread(VISITS_CHANNEL, patel_card.ts)[-1]
    _step(stage, lambda: send.click(PATEL, "approve_visitor", message=ask))


def _host_the_request(stage: Stage, chen_card: Message, closed: date, chosen: date) -> None:
    """A host answers the request; the modal turns away the no-visit date, and the visitor
    confirms the time she picks instead."""
    send = stage.send
    _say(
        'Ms. Rivera answers Mr. Chen\'s request: "I can host". Thursday is a no-visit date, so she picks Friday.'
    )
    _step(stage, lambda: send.click(RIVERA, "can_host", message=chen_card))
    _step(
        stage,
        lambda: send.submit(
            RIVERA, {"day": closed.isoformat(), "start": "09:00", "end": "09:45", "room": "204"}
        ),
    )
    _say(f"  The modal says: {stage.slack.modal_errors(RIVERA).get('day')}")
    _step(
        stage,
        lambda: send.submit(
            RIVERA, {"day": chosen.isoformat(), "note": "My data conferences run 9:00–9:45."}
        ),
    )
    _step(stage, lambda: send.click(CHEN, "confirm_time", message=stage.slack.dms(CHEN)[-1]))


def _cancel_from_mine(stage: Stage) -> None:
    """A visitor cancels from `/visit mine`, which frees the seat the channel's card shows."""
    send = stage.send
    _say("Mr. Chen can't make Tuesday after all and cancels it from `/visit mine`.")
    _step(stage, lambda: send.command(CHEN, "mine"))
    mine = stage.slack.ephemerals(CHEN)[-1]
    tuesday = next(b for b in mine.buttons() if b["action_id"] == "cancel_visit")
    _step(stage, lambda: send.click(CHEN, "cancel_visit", message=mine, value=tuesday["value"]))


def _after(stage: Stage, clock: SteppingClock, monday: date) -> None:
    """The rest of the week, by the scheduled jobs: a reminder, a reflection, thanks, the digest."""
    send = stage.send
    _at(stage, clock, monday, 15, 0, "Monday 15:00. The scheduler sends tomorrow's reminders.")
    _at(stage, clock, monday + timedelta(days=1), 11, 10,
        "Tuesday 11:10. The visit is over; Ms. Nguyen is asked to reflect, Ms. Rivera to add a note.")  # fmt: skip
    prompt = next(m for m in stage.slack.dms(NGUYEN) if "How was your visit" in m.plain())
    _step(stage, lambda: send.click(NGUYEN, "open_reflection", message=prompt))
    _say(
        'Ms. Nguyen writes "I loved it"; the bot gently asks her to describe instead, and she does.'
    )
    _step(
        stage,
        lambda: send.submit(NGUYEN, {"noticed": "I loved it, great stations", "share": ["share"]}),
    )
    _step(
        stage,
        lambda: send.submit(
            NGUYEN,
            {
                "noticed": "Students moved stations on a visual timer; the teacher table worked on fractions.",
                "will_try": "A visual timer for my own rotations next week",
                "thanks": "Thank you for letting me in!",
                "share": ["share"],
            },
        ),
    )
    send.close_view(NGUYEN)
    _at(
        stage,
        clock,
        monday + timedelta(days=4),
        14,
        0,
        "Friday 14:00. Coach Diaz's weekly digest arrives.",
    )
    for person in PEOPLE:
        _step(stage, lambda person=person: send.open_home(person))


def _at(stage: Stage, clock: SteppingClock, day: date, hour: int, minute: int, text: str) -> None:
    from jobs.registry import run_all

    _say(text)
    clock.move_to(datetime.combine(day, time(hour, minute), tzinfo=ZONE))
    with stage.services.session_factory() as session:
        run_all(session, stage.services.client, clock(), stage.services.timing)
    stage.settle()


def _show(stage: Stage) -> None:
    print("\n" + "=" * 72 + "\nWhat each person sees at the end of the week\n" + "=" * 72)
    lines = ["== #visits =="]
    for message in stage.slack.channel_messages(VISITS_CHANNEL):
        lines.append("  • " + message.plain().split("\n", 1)[-1].replace("\n", "\n    "))
        for reply in stage.slack.thread(VISITS_CHANNEL, message.ts)[1:]:
            lines.append("      ↳ " + reply.plain().split("\n", 1)[-1].replace("\n", "\n        "))
    print(_readable(stage, "\n".join(lines)))
    for person in (RIVERA, PATEL, CHEN, NGUYEN, DIAZ):
        print("\n" + _readable(stage, stage.slack.describe(person)))


def _readable(stage: Stage, text: str) -> str:
    """As Slack renders it: dates in the reader's zone (here the school's), mentions as names."""
    text = re.sub(r"<!date\^\d+\^[^|]*\|([^>]*)>", r"\1", text)
    return re.sub(
        r"<@(U[0-9A-Z]+)>", lambda m: "@" + PEOPLE.get(m.group(1), (m.group(1),))[0], text
    )


def _step(stage: Stage, action) -> None:
    action()
    stage.settle()


def _say(text: str) -> None:
    print(f"\n▸ {text}")


def _next_monday(today: date) -> date:
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)
