"""The one source of "now", injected so tests and `jobs run --at` can choose the instant."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The real time, always timezone-aware UTC (freezegun moves it in tests)."""
    return datetime.now(UTC)


def fixed_clock(instant: datetime) -> Clock:
    """A clock stopped at `instant`, for batch runs that must all agree on one moment."""
    aware = instant if instant.tzinfo else instant.replace(tzinfo=UTC)
    return lambda: aware.astimezone(UTC)


class SteppingClock:
    """A clock a script moves by hand, so `opendoor demo` can walk through a school week."""

    def __init__(self, start: datetime) -> None:
        self._now = start.astimezone(UTC)

    def __call__(self) -> datetime:
        return self._now

    def move_to(self, instant: datetime) -> None:
        self._now = instant.astimezone(UTC)
