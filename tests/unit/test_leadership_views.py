"""A leader's own records as pure functions: which days a monthly check-in falls on, and the
walk-through and check-in views, judged by the stand-in's Block Kit checks."""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain.check_ins import CheckInHistory, GoalHistory, days_of, nth_weekday
from bot.models import CheckIn, School, WalkThrough
from bot.standin.blocks import on_screen
from bot.standin.validation import message_problems, view_problems
from bot.views import leadership
from bot.views.messages import compose
from tests.unit import scene
from tests.unit.scene import NOW, ZONE


def _walk(n: int = 0, words: str = "4 of 6 rooms") -> WalkThrough:
    return WalkThrough(
        id=n + 1,
        leader=scene.member("ULEAD", "Ms. Lead", "leader"),
        teachers=[f"UTEACHER{m}" for m in range(30)],
        look_fors=[f"Look-for {m} <b>" + "x" * 140 for m in range(6)],
        notes=[words * 30] * 6,
        shared_with=["UTEACHER1"],
        shared_note="Your stations ran on their own.",
        created_at=NOW - timedelta(days=n),
    )


def _check_in() -> CheckIn:
    return CheckIn(
        id=3,
        leader=scene.member("ULEAD", "Ms. Lead", "leader"),
        partner=scene.member("UPRINCIPAL", "Mr. Okafor", "leader"),
        school=School(id=1, name="Lincoln Middle"),
        goals=[f"Goal {n} " + "y" * 140 for n in range(10)],
        ordinal=3,
        weekday=1,
        hour=15,
    )


def test_a_monthly_check_in_falls_on_the_nth_weekday_of_each_month() -> None:
    assert nth_weekday(2026, 12, 3, 1) == date(2026, 12, 15)
    assert nth_weekday(2027, 3, 1, 0) == date(2027, 3, 1)
    assert nth_weekday(2027, 2, 4, 4) == date(2027, 2, 26)
    days = days_of(_check_in(), date(2026, 12, 16), date(2027, 3, 16))
    assert days == [date(2027, 1, 19), date(2027, 2, 16), date(2027, 3, 16)]


def test_ten_long_walk_throughs_stay_one_message_slack_accepts() -> None:
    message = leadership.walk_throughs_message([_walk(n) for n in range(10)], ZONE)
    assert message_problems(message.blocks) == []
    assert len(message.blocks) <= 50


def test_a_teacher_gets_the_shared_note_and_nothing_of_the_tallies() -> None:
    message = leadership.walk_through_note(_walk(), ZONE)
    assert message_problems(message.blocks) == []
    shown = on_screen(message.text, message.blocks)
    assert "Your stations ran on their own." in shown
    assert "4 of 6" not in shown and "Look-for" not in shown


def test_the_modals_and_messages_of_a_check_in_are_ones_slack_accepts() -> None:
    check_in, day = _check_in(), date(2026, 12, 15)
    views = [
        leadership.walk_through_modal(["Look-for " + "z" * 140] * 6),
        leadership.check_in_modal(scene.workspace(), 1),
        leadership.check_in_notes_modal(check_in, day, {0: "Two of five classes"}),
    ]
    assert all(view_problems(view) == [] for view in views)
    history = CheckInHistory(
        check_in, [GoalHistory(goal, [(day, "w" * 500)] * 3) for goal in check_in.goals]
    )
    for message in (
        leadership.check_in_reminder(check_in, NOW, ZONE),
        leadership.check_in_notes_prompt(check_in, day),
    ):
        assert message_problems(message.blocks) == []
    digest_part = compose("Check-ins", leadership.check_ins_blocks([history] * 5))
    assert message_problems(digest_part.blocks) == []
    assert "_no notes yet_" not in on_screen(digest_part.text, digest_part.blocks)
