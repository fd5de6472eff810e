"""The giving-back nudge's example is a line `/visit offer` reads as it stands."""

from datetime import date, time

import pytest

from bot.domain.prefill import read_offer_text
from bot.views.giving_back import offer_example

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize("practice", ["Station rotation", "Number talks", "Data conferences"])
def test_the_example_fills_in_the_day_the_time_and_the_practice(practice):
    line = offer_example([practice])
    assert line.startswith("/visit offer ")
    prefill = read_offer_text(line.removeprefix("/visit offer "), MONDAY)
    assert prefill.day == date(2026, 11, 24) and prefill.start == time(10, 15)
    assert prefill.practices == [practice]
