"""School calendar input: no-visit dates as admins paste them."""

from datetime import date

import pytest

from bot.domain.no_visit_dates import parse_no_visit_dates


def test_single_dates_and_ranges_one_per_line_or_comma():
    days = parse_no_visit_dates("2026-12-21 to 2026-12-23\n2027-01-04, 2026-12-22")
    assert days == [date(2026, 12, 21), date(2026, 12, 22), date(2026, 12, 23), date(2027, 1, 4)]


@pytest.mark.parametrize(
    "text", ["next tuesday", "2026-02-30", "2026-12-23 to 2026-12-21", "2026-01-01 to 2027-06-01"]
)
def test_unreadable_or_impossible_dates_say_what_is_wrong(text):
    with pytest.raises(ValueError, match="“"):
        parse_no_visit_dates(text)
