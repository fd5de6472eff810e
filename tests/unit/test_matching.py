"""The order one visitor's suggestions come in, as a table: fit, then a host new to them, then
the soonest; and the school terms that "new to you" counts within."""

from datetime import UTC, date, datetime

import pytest

from bot.domain.host_load import Load, load_of
from bot.domain.matching import Candidate, ranked, term_start

ROOM, NEAR, FULL = Load.ROOM, Load.NEAR, Load.FULL
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


def loaded(offer_id: int, fit: int, new: bool, when: datetime, load: Load) -> Candidate:
    return Candidate(fit=fit, new_to_you=new, starts_at=when, offer_id=offer_id, load=load)


@pytest.mark.parametrize(
    ("doors", "order", "why"),
    [
        (
            [loaded(1, 4, True, MON, FULL), loaded(2, 4, True, TUE, ROOM)],
            [2, 1],
            "equal fit: a host with room first, though later",
        ),
        (
            [loaded(1, 4, True, MON, FULL), loaded(2, 4, False, TUE, ROOM)],
            [2, 1],
            "load weighs before newness",
        ),
        (
            [loaded(1, 6, False, MON, FULL), loaded(2, 4, True, TUE, ROOM)],
            [1, 2],
            "a better fit stays first, whoever hosts it",
        ),
        (
            [loaded(1, 4, True, MON, NEAR), loaded(2, 4, True, TUE, ROOM)],
            [2, 1],
            "equal fit: a host halfway to their limit after one with room",
        ),
        (
            [loaded(1, 4, True, MON, FULL), loaded(2, 4, True, TUE, NEAR)],
            [2, 1],
            "near comes before full",
        ),
        (
            [loaded(1, 4, False, MON, NEAR), loaded(2, 4, True, TUE, NEAR)],
            [2, 1],
            "equally loaded: the host new to you",
        ),
    ],
)
def test_hosts_who_have_had_their_fill_come_after_equal_fits(doors, order, why):
    assert [c.offer_id for c in ranked(doors)] == order, why


@pytest.mark.parametrize(
    ("booked", "limit", "load"),
    [(0, 1, ROOM), (1, 1, FULL), (0, 2, ROOM), (1, 2, NEAR), (2, 2, FULL), (3, 2, FULL),
     (2, 5, ROOM), (3, 5, NEAR), (4, 5, NEAR), (5, 5, FULL), (3, 8, ROOM), (4, 8, NEAR)],
)  # fmt: skip
def test_a_host_is_near_their_limit_from_half_of_it(booked, limit, load):
    assert load_of(booked, limit) is load
