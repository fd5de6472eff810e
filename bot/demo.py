"""`opendoor demo`: a scripted school week through the real app, with no Slack at all.

Everything runs for real: the Bolt app behind HTTP, signed requests, the database, the outbox,
and the local stand-in for Slack's Web API. Monday morning's flows are in `bot.demo_week`; here
the clock moves through the week, stopping wherever the scheduler owes someone a message, and
at the end it prints what each person would see, Home tabs included.
"""

from __future__ import annotations

import re
import tempfile
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from pathlib import Path

from bot.clock import SteppingClock
from bot.demo_groups import plan_group_visits, round_debrief, round_notes, team_votes
from bot.demo_timetable import cover_answered, plan_by_periods
from bot.demo_week import NGUYEN, PEOPLE, TEACHERS, ZONE, monday_morning, say, step
from bot.stage import VISITS_CHANNEL, Stage
from bot.standin.blocks import view_lines


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
            stage.slack.join_channel(VISITS_CHANNEL, *PEOPLE)  # the whole staff, Ms. Kim too
            monday_morning(stage, monday)
            plan_group_visits(stage, monday)
            plan_by_periods(stage, monday)
            _homes_on_monday(stage)
            _rest_of_week(stage, clock, monday)
            _show(stage)
    return 0


def _homes_on_monday(stage: Stage) -> None:
    """Each teacher's Home tab once the morning's bookings are made: the part that is theirs,
    what they visit, host and asked for (the week's open doors below it are the same for all)."""
    say("Still Monday morning. Each teacher opens Open Door's Home tab and sees their week:")
    for person in TEACHERS:
        step(stage, partial(stage.send.open_home, person))
        sections = "\n".join(view_lines(stage.slack.home(person) or {})).split("\n---\n")
        agenda = sections[1] if len(sections) > 1 else sections[0]
        print(f"  {PEOPLE[person][0]}:\n    " + _readable(agenda.replace("\n", "\n    ")))


def _rest_of_week(stage: Stage, clock: SteppingClock, monday: date) -> None:
    """The scheduled jobs at each moment someone is owed a message: the cover request, the day-before and the
    hour-before reminders, the reflection prompts as each visit ends, a nudge to reflect, the
    team's vote after its debrief, the round's notes and debrief, and Friday's digest to the coach
    and the principal."""
    tuesday, wednesday, friday = (monday + timedelta(days=n) for n in (1, 2, 4))
    _at(stage, clock, monday, 13, 0,
        "Monday 13:00. Principal Okafor, who coordinates cover, gets Tuesday's cover request: "
        "period by period, whose class is out visiting.")  # fmt: skip
    cover_answered(stage)
    _at(stage, clock, monday, 15, 0,
        "Monday 15:00. The scheduler sends tomorrow's reminders, and reads the staff list: "
        "Ms. Kim, who hasn't tried Open Door, gets one invitation with this week's open doors.")  # fmt: skip
    _at(stage, clock, tuesday, 9, 15,
        "Tuesday 9:15. An hour before the visit, Ms. Nguyen and Ms. Rivera are reminded again.")  # fmt: skip
    _at(stage, clock, tuesday, 11, 10,
        "Tuesday 11:10. The visit is over; Ms. Nguyen is asked to reflect, Ms. Rivera to add a note.")  # fmt: skip
    _reflect(stage)
    _at(stage, clock, tuesday, 15, 0,
        "Tuesday 15:00. Tomorrow's reminders: Ms. Nguyen's visit to Mr. Patel, and one reminder "
        "per person with the team's whole route.")  # fmt: skip
    _at(stage, clock, wednesday, 10, 40,
        "Wednesday 10:40. The team's route is over: one reflection prompt each for the morning.")  # fmt: skip
    _at(stage, clock, wednesday, 12, 0,
        "Wednesday 12:00. An hour before, Ms. Nguyen and Mr. Patel are reminded again.")  # fmt: skip
    _at(stage, clock, wednesday, 12, 30,
        "Wednesday 12:30. Lunch is over: the team is asked what it will try.")  # fmt: skip
    team_votes(stage)
    _at(stage, clock, wednesday, 13, 55,
        "Wednesday 13:55. Number talks are over; Ms. Nguyen is asked to reflect, Mr. Patel to add a note.")  # fmt: skip
    _at(stage, clock, wednesday, 15, 0,
        "Wednesday 15:00. Thursday is a no-visit date, so Friday's coaching round is the next "
        "school day's: each participant is reminded once, with the whole route.")  # fmt: skip
    _at(stage, clock, friday, 9, 0,
        "Friday 9:00. The round begins; each participant is asked for notes per look-for.")  # fmt: skip
    round_notes(stage)
    _at(stage, clock, friday, 11, 30,
        "Friday 11:30. The debrief: the group's notes by look-for, never by teacher or room.")  # fmt: skip
    round_debrief(stage)
    _at(stage, clock, friday, 14, 0,
        "Friday 14:00. Ms. Nguyen hasn't reflected on Wednesday yet and gets one gentle reminder. "
        "The weekly digest goes to Coach Diaz and to Principal Okafor, a school leader, and "
        "Ms. Nguyen gets her team's week.")  # fmt: skip
    for person in PEOPLE:
        step(stage, partial(stage.send.open_home, person))


def _reflect(stage: Stage) -> None:
    """A first save with judging words shows the hint; she describes instead, and it is saved."""
    send = stage.send
    prompt = next(m for m in stage.slack.dms(NGUYEN) if "How was your visit" in m.plain())
    step(stage, lambda: send.click(NGUYEN, "open_reflection", message=prompt))
    say('Ms. Nguyen writes "I loved it, great stations" and saves.')
    step(
        stage,
        lambda: send.submit(NGUYEN, {"noticed": "I loved it, great stations", "share": ["share"]}),
    )
    hint = next(
        line for line in view_lines(stage.slack.modal_stack(NGUYEN)[-1]) if ":bulb:" in line
    )
    say(f"  The modal says: {hint.replace(':bulb:', '').strip()}")
    say("She describes what she saw instead, and saves again.")
    step(
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
    say(f"  The modal says: {' '.join(view_lines(stage.slack.modal_stack(NGUYEN)[-1])[1:2])}")
    send.close_view(NGUYEN)


def _at(stage: Stage, clock: SteppingClock, day: date, hour: int, minute: int, text: str) -> None:
    from jobs.registry import run_all

    say(text)
    clock.move_to(datetime.combine(day, time(hour, minute), tzinfo=ZONE))
    with stage.services.session_factory() as session:
        run_all(session, stage.services.client, clock(), stage.services.timing)
    stage.settle(timeout=60)


def _show(stage: Stage) -> None:
    print("\n" + "=" * 72 + "\nWhat each person sees at the end of the week\n" + "=" * 72)
    lines = ["== #visits =="]
    for message in stage.slack.channel_messages(VISITS_CHANNEL):
        lines.append("  • " + message.plain().split("\n", 1)[-1].replace("\n", "\n    "))
        for reply in stage.slack.thread(VISITS_CHANNEL, message.ts)[1:]:
            lines.append("      ↳ " + reply.plain().split("\n", 1)[-1].replace("\n", "\n        "))
    print(_readable("\n".join(lines)))
    for person in PEOPLE:
        print("\n" + _readable(stage.slack.describe(person)))


def _readable(text: str) -> str:
    """As Slack renders it: dates in the reader's zone (here the school's), mentions as names."""
    text = re.sub(r"<!date\^\d+\^[^|]*\|([^>]*)>", r"\1", text)
    return re.sub(
        r"<@(U[0-9A-Z]+)>", lambda m: "@" + PEOPLE.get(m.group(1), (m.group(1),))[0], text
    )


def _next_monday(today: date) -> date:
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)
