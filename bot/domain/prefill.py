"""Read "/visit offer tomorrow 10:15 station rotation" into the offer form's first values.

Each value read fits its field as the offer form will check it: Slack refuses to open a modal
whose initial value is longer than its input allows, and a date past the form's horizon would
only come back as an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from bot.domain.catalogue import GRADES, MAX_SEATS, PRACTICES
from bot.domain.form_input import read_date, too_far
from bot.domain.offer_form import MAX_DETAILS, MAX_ROOM

DEFAULT_LENGTH = timedelta(minutes=45)
_DAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
_TIME = r"(\d{1,2})(?::(\d{2}))?\s*(am|pm)?"
_RANGE = re.compile(rf"^{_TIME}\s*(?:-|–|to)\s*{_TIME}$", re.I | re.ASCII)
_ONE_TIME = re.compile(rf"^{_TIME}$", re.I | re.ASCII)
_MONTH_DAY = re.compile(r"(\d{1,2})/(\d{1,2})", re.ASCII)


@dataclass
class Prefill:
    day: date | None = None
    start: time | None = None
    end: time | None = None
    room: str = ""
    grade: str | None = None
    seats: int | None = None
    practices: list[str] = field(default_factory=list)
    details: str = ""


def read_offer_text(text: str, today: date) -> Prefill:
    """Take what can be understood; whatever is left over becomes "what visitors will see"."""
    prefill = Prefill()
    words = text.split()
    rest: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        lower = word.lower().strip(",.")
        if prefill.day is None and (day := _day(lower, today)):
            prefill.day = day
        elif prefill.start is None and (
            times := _times([w.lower().strip(",.") for w in words[index : index + 5]])
        ):
            prefill.start, prefill.end, used = times
            index += used - 1
        elif (
            lower in ("room", "rm")
            and index + 1 < len(words)
            and len(words[index + 1].strip(",.")) <= MAX_ROOM
        ):
            prefill.room = words[index + 1].strip(",.")
            index += 1
        elif lower == "grade" and index + 1 < len(words) and words[index + 1].upper() in _grades():
            prefill.grade = _grades()[words[index + 1].upper()]
            index += 1
        elif (
            lower.isascii()
            and lower.isdigit()
            and 1 <= int(lower) <= MAX_SEATS
            and index + 1 < len(words)
            and words[index + 1].lower() in ("seats", "seat")
        ):
            prefill.seats = int(lower)
            index += 1
        else:
            rest.append(word)
        index += 1
    prefill.practices, leftover = _practices(rest)
    prefill.details = " ".join(leftover)[:MAX_DETAILS]
    if prefill.start and prefill.end is None:
        prefill.end = (datetime.combine(today, prefill.start) + DEFAULT_LENGTH).time()
    return prefill


def _grades() -> dict[str, str]:
    return {grade.upper(): grade for grade in GRADES}


def _day(word: str, today: date) -> date | None:
    if word == "today":
        return today
    if word == "tomorrow":
        return today + timedelta(days=1)
    if word in _DAYS:
        return today + timedelta(days=(_DAYS[word] - today.weekday()) % 7)
    picked = read_date(word)
    if picked is not None:
        return None if too_far(picked, today) else picked
    month_day = _MONTH_DAY.fullmatch(word)
    if month_day:
        month, day = int(month_day.group(1)), int(month_day.group(2))
        for year in (today.year, today.year + 1):  # 2/29 may be a date only next year, or not
            try:
                candidate = date(year, month, day)
            except ValueError:
                continue
            if candidate >= today:
                return candidate
    return None


def _times(ahead: list[str]) -> tuple[time, time | None, int] | None:
    """A time or range starting at this word ("10:15", "2 pm", "9-9:45am", "10:00 to 10:40")."""
    for used in range(min(len(ahead), 5), 0, -1):
        match = _RANGE.match(" ".join(ahead[:used]))
        if match:
            start = _clock(match.group(1), match.group(2), match.group(3) or match.group(6))
            end = _clock(match.group(4), match.group(5), match.group(6))
            if start and end:
                return start, end, used
    for used in (2, 1):
        match = _ONE_TIME.match(" ".join(ahead[:used]))
        if match and (match.group(2) or match.group(3)):
            start = _clock(match.group(1), match.group(2), match.group(3))
            if start:
                return start, None, used
    return None


def _clock(hours: str, minutes: str | None, meridiem: str | None) -> time | None:
    hour, minute = int(hours), int(minutes or 0)
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem.lower() == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _practices(words: list[str]) -> tuple[list[str], list[str]]:
    """Find catalogue practices by their words (longest first), leaving the other words alone."""
    tokens = [
        (token, index)
        for index, word in enumerate(words)
        for token in word.lower().strip(",.").replace("-", " ").split()
    ]
    used: set[int] = set()
    found: list[str] = []
    for practice in sorted(PRACTICES, key=len, reverse=True):
        target = practice.lower().replace("-", " ").split()
        for start in range(len(tokens) - len(target) + 1):
            window = tokens[start : start + len(target)]
            owners = {index for _, index in window}
            if [token for token, _ in window] == target and not owners & used:
                found.append(practice)
                used |= owners
                break
    return found, [word for index, word in enumerate(words) if index not in used]
