"""`/visit offer <text>` understands dates, times, rooms, grades, seats and practices."""

from datetime import date, time

import pytest

from bot.domain.prefill import read_offer_text

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "day", "start", "end"),
    [
        ("tomorrow 10:15", date(2026, 11, 24), time(10, 15), time(11, 0)),
        ("friday 9-9:45am", date(2026, 11, 27), time(9, 0), time(9, 45)),
        ("11/30 2pm", date(2026, 11, 30), time(14, 0), time(14, 45)),
        ("2026-12-01 1:30 pm", date(2026, 12, 1), time(13, 30), time(14, 15)),
        ("today 10:00 to 10:40", MONDAY, time(10, 0), time(10, 40)),
        ("monday 8am", MONDAY, time(8, 0), time(8, 45)),
    ],
)
def test_dates_and_times(text, day, start, end):
    prefill = read_offer_text(text, MONDAY)
    assert (prefill.day, prefill.start, prefill.end) == (day, start, end)


def test_practices_rooms_grades_and_seats_are_picked_out():
    prefill = read_offer_text(
        "tue 10:15 small-group instruction room 204 grade 6 3 seats with data", MONDAY
    )
    assert prefill.practices == ["Small-group instruction"]
    assert (prefill.room, prefill.grade, prefill.seats) == ("204", "6", 3)
    assert prefill.details == "with data"


def test_words_it_does_not_understand_become_what_visitors_will_see():
    prefill = read_offer_text("come see my kids debate", MONDAY)
    assert prefill.day is None and prefill.practices == []
    assert prefill.details == "come see my kids debate"


def test_nonsense_times_are_left_alone():
    prefill = read_offer_text("25:99 13pm", MONDAY)
    assert prefill.start is None
