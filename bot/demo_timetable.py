"""The demo's timetable: the principal enters the school's A/B-day bell schedule, Mr. Chen marks
his planning period, Mr. Patel opens a door by picking a period, and Mr. Chen books it though he
teaches then, so Tuesday's cover request reaches the principal, who coordinates cover."""

from __future__ import annotations

from datetime import date, timedelta

from bot.demo_week import CHEN, PATEL, PRINCIPAL, say, step
from bot.stage import VISITS_CHANNEL, Stage

A_DAY = "Period 1 08:00-08:50\nPeriod 2 09:00-09:50\nPeriod 3 10:00-10:50\nPeriod 4 11:00-11:50"
B_DAY = "Period 1 08:00-08:50\nPeriod 2 09:00-09:50\nPeriod 3 10:15-11:00\nPeriod 4 11:25-12:10"


def plan_by_periods(stage: Stage, monday: date) -> None:
    send = stage.send
    say("Principal Okafor enters the bell schedule with `/visit bells`: A days on Monday, "
        "Wednesday and Friday, B days on Tuesday and Thursday.")  # fmt: skip
    step(stage, lambda: send.command(PRINCIPAL, "bells"))
    step(stage, lambda: send.submit(PRINCIPAL, {
        "day_type_0_name": "A day", "day_type_0_days": ["0", "2", "4"], "day_type_0_periods": A_DAY,
        "day_type_1_name": "B day", "day_type_1_days": ["1", "3"], "day_type_1_periods": B_DAY,
    }))  # fmt: skip
    send.close_view(PRINCIPAL)
    say("Mr. Chen marks B-day period 3 as his planning period in `/visit profile`.")
    step(stage, lambda: send.command(CHEN, "profile"))
    step(stage, lambda: send.submit(CHEN, {"planning_periods": ["B day · Period 3"]}))
    tuesday = monday + timedelta(days=1)
    say(
        "Mr. Patel opens his door on Tuesday by picking *B day · Period 4* instead of typing times."
    )
    step(stage, lambda: send.command(PATEL, "offer"))
    step(stage, lambda: send.submit(PATEL, {
        "day": tuesday.isoformat(), "period": "B day · Period 4", "room": "118", "grade": "7",
        "practices": ["Number talks"], "seats": "2",
    }))  # fmt: skip
    card = stage.slack.channel_messages(VISITS_CHANNEL)[-1]
    say("Mr. Chen books it: he teaches period 4, so Open Door marks it as needing cover.")
    step(stage, lambda: send.click(CHEN, "book", message=card))


def cover_answered(stage: Stage) -> None:
    """The principal arranges cover for Mr. Chen's class from the list itself."""
    listed = next(m for m in stage.slack.dms(PRINCIPAL) if "Cover for" in m.plain())
    say(
        "  She arranges it and marks the line *Covered*; the list shows it, and so does Mr. Chen's visit."
    )
    step(stage, lambda: stage.send.click(PRINCIPAL, "cover_covered", message=listed))
