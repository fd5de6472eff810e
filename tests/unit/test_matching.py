"""The order one visitor's suggestions come in, as a table: fit, then a host new to them, then
the soonest; and the school terms that "new to you" counts within."""

from datetime import UTC, date, datetime

import pytest

from bot.domain.matching import Candidate, ranked, term_start

MON, TUE, WED = (datetime(2026, 11, day, 15, tzinfo=UTC) for day in (23, 24, 25))


def door(offer_id: int, fit: int, new: bool, when: datetime) -> Candidate:
    return Candidate(fit=fit, new_to_you=new, starts_at=when, offer_id=offer_id)


@pytest.mark.parametrize(
    ("doors", "order", "why"),
    [
        ([door(1, 4, False, MON), door(2, 4, True, TUE)], [2, 1], "equal fit: a new host first"),
        ([door(1, 6, False, TUE), door(2, 4, True, MON)], [1, 2], "a better fit stays first"),
        ([door(1, 4, True, WED), door(2, 4, True, MON)], [2, 1], "both new: the soonest"),
        ([door(1, 4, False, WED), door(2, 4, False, MON)], [2, 1], "both seen: the soonest"),
        ([door(2, 4, True, MON), door(1, 4, True, MON)], [1, 2], "all else equal: the door's id"),
        (
            [door(1, 5, False, MON), door(2, 4, True, MON), door(3, 5, True, WED)],
            [3, 1, 2],
            "fit, then newness, then time",
        ),
        ([], [], "nothing to rank"),
    ],
)
def test_the_matching_order(doors, order, why):
    assert [c.offer_id for c in ranked(doors)] == order, why


@pytest.mark.parametrize(
    ("day", "start"),
    [
        (date(2026, 11, 23), date(2026, 8, 1)),
        (date(2026, 8, 1), date(2026, 8, 1)),
        (date(2026, 7, 31), date(2026, 1, 1)),
        (date(2027, 1, 1), date(2027, 1, 1)),
        (date(2027, 3, 15), date(2027, 1, 1)),
    ],
)
def test_terms_are_the_school_years_halves(day, start):
    assert term_start(day) == start


def loaded(offer_id: int, fit: int, new: bool, when: datetime, room: bool) -> Candidate:
    return Candidate(fit=fit, new_to_you=new, starts_at=when, offer_id=offer_id, has_room=room)


@pytest.mark.parametrize(
    ("doors", "order", "why"),
    [
        (
            [loaded(1, 4, True, MON, False), loaded(2, 4, True, TUE, True)],
            [2, 1],
            "equal fit: a host with room first, though later",
        ),
        (
            [loaded(1, 4, True, MON, False), loaded(2, 4, False, TUE, True)],
            [2, 1],
            "load weighs before newness",
        ),
        (
            [loaded(1, 6, False, MON, False), loaded(2, 4, True, TUE, True)],
            [1, 2],
            "a better fit stays first, whoever hosts it",
        ),
    ],
)
def test_hosts_who_have_had_their_fill_come_after_equal_fits(doors, order, why):
    assert [c.offer_id for c in ranked(doors)] == order, why
