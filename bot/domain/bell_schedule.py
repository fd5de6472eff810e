"""A school's bell schedule: named periods with times, per day type (A/B days, early release).

Entered once by an admin or a leader, it lets a host pick "Period 3" instead of typing times,
and lets suggestions tell a visitor whether a door falls in their planning period or needs
cover (`free_periods.py`). It is kept on the school as plain data: re-entering it replaces it,
and nothing booked refers to a period, so no visit is lost or moved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from bot.domain.catalogue import WEEKDAYS
from bot.domain.errors import FieldErrors, NotAllowed, NotFound
from bot.domain.school_roles import keeps_school
from bot.models import Member, School, Workspace

MAX_DAY_TYPES = 4
MAX_PERIODS = 15
MAX_NAME = 40
_LINE = re.compile(
    r"^(?P<name>.+?)\s+(?P<start>\d{1,2}[:.]\d{2})\s*(?:-|–|—|to)\s*(?P<end>\d{1,2}[:.]\d{2})$",
    re.ASCII | re.IGNORECASE,
)
LINE_EXAMPLE = "Period 3 10:15-11:00"


@dataclass(frozen=True)
class Period:
    name: str
    start: time
    end: time


@dataclass(frozen=True)
class DayType:
    """One kind of school day: its name ("A day"), the weekdays that run it, and its periods."""

    name: str
    weekdays: tuple[int, ...]
    periods: tuple[Period, ...]


@dataclass
class BellForm:
    """The modal as filled in: per day type row, a name, the weekdays ticked and period lines."""

    names: list[str]
    weekdays: list[list[int]]
    periods: list[str]


def day_types(school: School | None) -> list[DayType]:
    """The school's saved schedule; none when it has no schedule."""
    if school is None:
        return []
    return [
        DayType(
            name=row["name"],
            weekdays=tuple(row["weekdays"]),
            periods=tuple(
                Period(p["name"], time.fromisoformat(p["start"]), time.fromisoformat(p["end"]))
                for p in row["periods"]
            ),
        )
        for row in school.bell_schedule or []
    ]


def day_type_on(types: list[DayType], day: date) -> DayType | None:
    return next((kind for kind in types if day.weekday() in kind.weekdays), None)


def label(types: list[DayType], kind: DayType, period: Period) -> str:
    """How a period is named to people: "A day · Period 3", or "Period 3" with one day type."""
    return period.name if len(types) == 1 else f"{kind.name} · {period.name}"


def labelled_periods(types: list[DayType]) -> list[tuple[DayType, Period, str]]:
    return [(kind, period, label(types, kind, period)) for kind in types for period in kind.periods]


def period_times(types: list[DayType], day: date, chosen: str) -> tuple[time, time] | str:
    """The start and end of the period `chosen` on `day`, or what to change."""
    kind = day_type_on(types, day)
    for candidate, period, name in labelled_periods(types):
        if name == chosen and candidate is kind:
            return period.start, period.end
    if kind is None:
        return f"{WEEKDAYS[day.weekday()]} has no periods in the bell schedule: type the times."
    return f"{day:%a %b %d} is {_article(kind.name)}: pick one of its periods, or type the times."


def _article(name: str) -> str:
    return f"an {name}" if name[:1].lower() in "aeiou" else f"a {name}"


def ensure_may_edit(member: Member, school: School) -> None:
    """Those who keep a school's settings (`keeps_school`) keep its bell schedule."""
    if not keeps_school(member, school):
        raise NotAllowed("Only a school leader or an admin can change the bell schedule.")


def school_named(
    workspace: Workspace, member: Member, words: str, command: str = "/visit bells"
) -> School | str:
    """The school a per-school command (`/visit bells [school]`) is about, or what to say: the
    named one, else the member's own, else the only one."""
    wanted = words.strip().lower()
    if wanted:
        found = [school for school in workspace.schools if wanted in school.name.lower()]
        if len(found) == 1:
            return found[0]
        return f"I couldn't tell which school “{words.strip()}” is. {_which(workspace, command)}"
    if member.school is not None:
        return member.school
    if len(workspace.schools) == 1:
        return workspace.schools[0]
    return f"Which school? {_which(workspace, command)}"


def _which(workspace: Workspace, command: str) -> str:
    names = ", ".join(school.name for school in workspace.schools)
    return f"Say one, for example `{command} {workspace.schools[0].name}` (schools: {names})."


def read_bell_form(workspace: Workspace, form: BellForm) -> tuple[list[DayType], dict[str, str]]:
    """The day types the rows describe, or what to change, keyed by each row's field."""
    types: list[DayType] = []
    errors: dict[str, str] = {}
    filled = [i for i in range(len(form.names)) if form.names[i].strip() or form.periods[i].strip()]
    taken_days: dict[int, str] = {}
    for i in filled:
        name = form.names[i].strip() or ("Every day" if len(filled) == 1 else "")
        if not name:
            errors[f"day_type_{i}_name"] = "Name this kind of day, for example “B day”."
            continue
        if len(name) > MAX_NAME:
            errors[f"day_type_{i}_name"] = f"Keep the name under {MAX_NAME} characters."
            continue
        if any(kind.name.lower() == name.lower() for kind in types):
            errors[f"day_type_{i}_name"] = "Another kind of day already has this name."
            continue
        weekdays = tuple(sorted(set(form.weekdays[i]) or set(workspace.school_days)))
        if not set(weekdays) <= set(workspace.school_days):
            errors[f"day_type_{i}_days"] = "Pick school days."
            continue
        clash = next((taken_days[d] for d in weekdays if d in taken_days), None)
        if clash is not None:
            errors[f"day_type_{i}_days"] = f"{clash} already runs on one of these days."
            continue
        periods, problem = read_periods(form.periods[i])
        if problem:
            errors[f"day_type_{i}_periods"] = problem
            continue
        taken_days.update(dict.fromkeys(weekdays, name))
        types.append(DayType(name, weekdays, tuple(periods)))
    return types, errors


def read_periods(text: str) -> tuple[list[Period], str]:
    """One period a line, "name start-end" in 24-hour school time, in order, not overlapping."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return [], f"List this day's periods, one a line, like “{LINE_EXAMPLE}”."
    if len(lines) > MAX_PERIODS:
        return [], f"A day can have at most {MAX_PERIODS} periods."
    periods: list[Period] = []
    for number, line in enumerate(lines, start=1):
        match = _LINE.match(line)
        start = _clock(match["start"]) if match else None
        end = _clock(match["end"]) if match else None
        if match is None or start is None or end is None:
            return [], f"Line {number}: write a name and its times, like “{LINE_EXAMPLE}”."
        name = match["name"].strip()
        if len(name) > MAX_NAME:
            return [], f"Line {number}: keep the period's name under {MAX_NAME} characters."
        if end <= start:
            return [], f"Line {number}: {name} should end after it starts."
        if any(p.name.lower() == name.lower() for p in periods):
            return [], f"Line {number}: another period is already called {name}."
        if periods and start < periods[-1].end:
            return [], f"Line {number}: {name} starts before {periods[-1].name} ends."
        periods.append(Period(name, start, end))
    return periods, ""


def _clock(text: str) -> time | None:
    hours, minutes = (int(part) for part in text.replace(".", ":").split(":"))
    return time(hours, minutes) if hours < 24 and minutes < 60 else None


def save_bell_schedule(
    workspace: Workspace, editor: Member, school_id: object, form: BellForm
) -> tuple[School, list[DayType]]:
    """Replace the school's schedule. Visits keep their times; members' periods are kept by
    name, so a period that keeps its name keeps who is free in it."""
    school = next((school for school in workspace.schools if school.id == school_id), None)
    if school is None:
        raise NotFound("I can't find that school any more. Run `/visit bells` again.")
    ensure_may_edit(editor, school)
    types, errors = read_bell_form(workspace, form)
    if errors:
        raise FieldErrors(errors)
    school.bell_schedule = [_row(kind) for kind in types]
    return school, types


def _row(kind: DayType) -> dict[str, Any]:
    return {
        "name": kind.name,
        "weekdays": list(kind.weekdays),
        "periods": [
            {
                "name": p.name,
                "start": p.start.isoformat("minutes"),
                "end": p.end.isoformat("minutes"),
            }
            for p in kind.periods
        ],
    }
