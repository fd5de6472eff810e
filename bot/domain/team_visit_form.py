"""A team visit's planning form and its rules, as pure functions of the school calendar, the
deployment's timing and the clock: two or three stops in order within school hours, each its own
host off the visiting team, on a day the school takes visits, and the debrief after the route.
A coaching round's people, route and debrief are read by the same rules, in its own words."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from bot.domain.calendar import SchoolCalendar
from bot.domain.form_input import TOO_FAR, read_date, read_time, too_far
from bot.domain.timing import Timing

MIN_STOPS, MAX_STOPS = 2, 3
MAX_TEAM = 12
MAX_OPTIONS = 5
MAX_OPTION = 75  # a poll option is a button's text
MAX_ROOM, MAX_PLACE, MAX_PROMPT = 120, 120, 1000


@dataclass
class StopForm:
    host: str | None = None  # a Slack user id
    room: str = ""
    start: str | None = None
    end: str | None = None

    @property
    def blank(self) -> bool:
        return not (self.host or self.room.strip() or self.start or self.end)


@dataclass
class TeamVisitForm:
    team: list[str] = field(default_factory=list)  # Slack user ids
    team_id: int | None = None  # one of the planner's teams: its people join `team`
    school: int | None = None
    day: str | None = None
    stops: list[StopForm] = field(default_factory=list)
    debrief_time: str | None = None
    debrief_place: str = ""
    debrief_prompt: str = ""
    options: str = ""  # what the team may decide to try, one a line


@dataclass(frozen=True)
class RouteStop:
    host: str
    room: str
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Plan:
    day: date
    stops: list[RouteStop]
    debrief_at: datetime
    options: list[str]


@dataclass(frozen=True)
class GroupWords:
    """What a kind of group visit is called in its form's errors, and its people's field."""

    noun: str
    people: str  # the form field (and modal block id) of the people on it
    pick_people: str
    host_among_people: str


TEAM_WORDS = GroupWords(
    "team visit",
    "team",
    "Pick the people on the team.",
    "A host can't also be on the visiting team.",
)


def stop_field(position: int, part: str) -> str:
    """The form field (and modal block id) of one part of the stop at `position` (from 1)."""
    return f"stop{position}_{part}"


def read_plan(
    form: TeamVisitForm,
    days: SchoolCalendar,
    timing: Timing,
    now: datetime,
    words: GroupWords = TEAM_WORDS,
) -> tuple[Plan | None, dict[str, str]]:
    """The plan the form describes, or the field errors to fix, all at once. A coaching round
    reads its people, route and debrief through here too, in its own `words`."""
    errors: dict[str, str] = {}
    team = set(form.team)
    if not team:
        errors[words.people] = words.pick_people
    elif len(team) > MAX_TEAM:
        errors[words.people] = f"A {words.noun} takes at most {MAX_TEAM} people."
    today = days.day_of(now)
    day = read_date(form.day)
    if day is None:
        errors["day"] = "Pick the morning of the visit."
    elif day < today:
        errors["day"] = "That date has passed."
    elif too_far(day, today):
        errors["day"] = TOO_FAR
    elif not days.is_open(day):
        errors["day"] = (
            "The school takes no visits that day (not a school day, or a no-visit date)."
        )
    stops = _read_stops(
        form, day if "day" not in errors else None, days, timing, now, errors, words.noun
    )
    debrief = read_time(form.debrief_time)
    debrief_at = None
    if debrief is None:
        errors["debrief_time"] = "Pick when the debrief starts."
    elif day is not None and "day" not in errors:
        debrief_at = days.at(day, debrief)
        if stops and debrief_at < max(stop.ends_at for stop in stops):
            errors["debrief_time"] = "The debrief starts after the last stop ends."
        elif debrief.hour >= min(timing.school_day_end_hour, 23):
            errors["debrief_time"] = "Start the debrief within the school day."
    if len(form.debrief_place) > MAX_PLACE:
        errors["debrief_place"] = f"Keep the place under {MAX_PLACE} characters."
    if len(form.debrief_prompt) > MAX_PROMPT:
        errors["debrief_prompt"] = f"Keep the prompt under {MAX_PROMPT} characters."
    options = [line.strip() for line in form.options.splitlines() if line.strip()]
    if len(options) > MAX_OPTIONS:
        errors["options"] = f"Give at most {MAX_OPTIONS} options, one a line."
    elif any(len(option) > MAX_OPTION for option in options):
        errors["options"] = f"Keep each option under {MAX_OPTION} characters."
    elif len(set(options)) != len(options):
        errors["options"] = "Each option once, please."
    hosts = {stop.host for stop in stops}
    for position, stop in enumerate(form.stops, start=1):
        if stop.host and stop.host in team:
            errors[stop_field(position, "host")] = words.host_among_people
    if errors or day is None or debrief_at is None:
        return None, errors
    assert len(hosts) == len(stops)
    return Plan(day, stops, debrief_at, options), errors


def _read_stops(
    form: TeamVisitForm,
    day: date | None,
    days: SchoolCalendar,
    timing: Timing,
    now: datetime,
    errors: dict[str, str],
    noun: str,
) -> list[RouteStop]:
    """Two or three stops, in order, within the school day, one after another, each its own host."""
    filled = [(n, stop) for n, stop in enumerate(form.stops[:MAX_STOPS], start=1) if not stop.blank]
    if len(filled) < MIN_STOPS:
        missing = len(filled) + 1
        errors[stop_field(missing, "host")] = f"A {noun} has {MIN_STOPS} or {MAX_STOPS} stops."
    route: list[RouteStop] = []
    seen: set[str] = set()
    for position, stop in filled:
        stop_errors = check_stop(stop, position, day, days, timing, now)
        if stop.host and stop.host in seen:
            stop_errors[stop_field(position, "host")] = "Each stop has its own host."
        errors.update(stop_errors)
        if stop.host:
            seen.add(stop.host)
        if stop_errors or day is None:
            continue
        assert stop.host is not None
        starts_at = days.at(day, read_time(stop.start) or time(0))
        ends_at = days.at(day, read_time(stop.end) or time(0))
        if route and starts_at < route[-1].ends_at:
            errors[stop_field(position, "start")] = (
                "Stops go one after another: start this one after the one before ends."
            )
            continue
        route.append(RouteStop(stop.host, stop.room.strip(), starts_at, ends_at))
    return route


def check_stop(
    stop: StopForm,
    position: int,
    day: date | None,
    days: SchoolCalendar,
    timing: Timing,
    now: datetime,
) -> dict[str, str]:
    """One stop's own rules: a host, a room, a start before its end, within school hours."""
    errors: dict[str, str] = {}
    if not stop.host:
        errors[stop_field(position, "host")] = "Pick who hosts this stop."
    if not stop.room.strip():
        errors[stop_field(position, "room")] = "Say which room."
    elif len(stop.room) > MAX_ROOM:
        errors[stop_field(position, "room")] = f"Keep the room under {MAX_ROOM} characters."
    start, end = read_time(stop.start), read_time(stop.end)
    opens, closes = time(timing.school_day_start_hour), time(min(timing.school_day_end_hour, 23))
    if start is None:
        errors[stop_field(position, "start")] = "Pick a start time."
    elif not opens <= start < closes:
        errors[stop_field(position, "start")] = (
            f"Pick a time within school hours ({opens:%H:%M}–{closes:%H:%M})."
        )
    elif day is not None and days.at(day, start) <= now:
        errors[stop_field(position, "start")] = "That time has passed."
    if end is None:
        errors[stop_field(position, "end")] = "Pick an end time."
    elif start is not None and end <= start:
        errors[stop_field(position, "end")] = "End after the start."
    elif end > closes:
        errors[stop_field(position, "end")] = f"End within school hours (by {closes:%H:%M})."
    return errors
