"""Whether a visitor is free when a door is open: in their planning period, or needing cover.

A member marks their planning periods, and optionally the periods they teach, in their profile.
They teach the periods they marked as teaching or, when they marked only planning periods,
every other period of the day. A door that overlaps a period they teach needs cover; one that
doesn't is free time for them, "during your planning period" when it overlaps one. Without a
bell schedule at their school, or with no periods marked, nothing is said either way.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from zoneinfo import ZoneInfo

from bot.domain.bell_schedule import Period, day_type_on, day_types, labelled_periods
from bot.models import Member


class Freedom(Enum):
    UNKNOWN = "unknown"
    FREE = "free"
    PLANNING = "planning"
    NEEDS_COVER = "needs_cover"


def freedom(member: Member, starts_at: datetime, ends_at: datetime, zone: str) -> Freedom:
    """Whether `member` is free from `starts_at` to `ends_at` by their own school's bells, in
    the school time `zone`."""
    overlap = _overlap(member, starts_at, ends_at, zone)
    if overlap is None:
        return Freedom.UNKNOWN
    overlapping, planning, taught = overlap
    if any(name in taught for _, name in overlapping):
        return Freedom.NEEDS_COVER
    return Freedom.PLANNING if any(name in planning for _, name in overlapping) else Freedom.FREE


def taught_periods(member: Member, starts_at: datetime, ends_at: datetime, zone: str) -> list[str]:
    """The periods `member` teaches that a visit from `starts_at` to `ends_at` overlaps, by
    their names that day ("Period 2"): the classes someone must cover while they visit."""
    overlap = _overlap(member, starts_at, ends_at, zone)
    if overlap is None:
        return []
    overlapping, _, taught = overlap
    return [period.name for period, name in overlapping if name in taught]


def _overlap(
    member: Member, starts_at: datetime, ends_at: datetime, zone: str
) -> tuple[list[tuple[Period, str]], set[str], set[str]] | None:
    """The periods the span overlaps that day, the member's planning periods and those they
    teach that day; None when their timetable isn't known."""
    planning = set(member.planning_periods or ())
    teaching = set(member.teaching_periods or ())
    types = day_types(member.school)
    if not types or not (planning or teaching):
        return None
    start, end = starts_at.astimezone(ZoneInfo(zone)), ends_at.astimezone(ZoneInfo(zone))
    kind = day_type_on(types, start.date())
    that_day = [
        (period, name) for candidate, period, name in labelled_periods(types) if candidate is kind
    ]
    overlapping = [
        (period, name)
        for period, name in that_day
        if period.start < end.time() and start.time() < period.end
    ]
    taught = teaching or {name for _, name in that_day} - planning
    return overlapping, planning, taught
