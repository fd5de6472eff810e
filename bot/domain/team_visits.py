"""Team visits: a team's morning at a host school, planned in one form by a coach, leader or admin.

The planner names the team (people, not a Team: nobody on it clicks anything to be booked), the
host school, the morning, two or three stops in order (a host, a room, a time each) and the
debrief. Each host is asked once to confirm their stop (`team_route.py` holds the answers, the
replacement of a declined stop and calling it off); what follows the morning is in
`team_after.py`. `read_plan` is the form's rules as a pure function of the calendar and the clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from bot.domain import calendar
from bot.domain.calendar import SchoolCalendar
from bot.domain.errors import NotAllowed, check
from bot.domain.form_input import TOO_FAR, read_date, read_time, too_far
from bot.domain.members import member_for
from bot.domain.team_route import DEBRIEF_MINUTES, ask_host, owe_itineraries, schedule_route
from bot.domain.timing import Timing, in_school_hours_or_next
from bot.models import GroupMember, GroupVisit, Member, School, Stop, Workspace
from bot.vocabulary import GroupVisitKind, Role

PLANNERS = (Role.COACH, Role.LEADER, Role.ADMIN)
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


def stop_field(position: int, part: str) -> str:
    """The form field (and modal block id) of one part of the stop at `position` (from 1)."""
    return f"stop{position}_{part}"


def ensure_may_plan(member: Member) -> None:
    if member.role not in PLANNERS:
        raise NotAllowed("Only coaches, leaders and admins can plan a team visit.")


def read_plan(
    form: TeamVisitForm, days: SchoolCalendar, timing: Timing, now: datetime
) -> tuple[Plan | None, dict[str, str]]:
    """The plan the form describes, or the field errors to fix, all at once."""
    errors: dict[str, str] = {}
    team = set(form.team)
    if not team:
        errors["team"] = "Pick the people on the team."
    elif len(team) > MAX_TEAM:
        errors["team"] = f"A team visit takes at most {MAX_TEAM} people."
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
    stops = _read_stops(form, day if "day" not in errors else None, days, timing, now, errors)
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
            errors[stop_field(position, "host")] = "A host can't also be on the visiting team."
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
) -> list[RouteStop]:
    """Two or three stops, in order, within the school day, one after another, each its own host."""
    filled = [(n, stop) for n, stop in enumerate(form.stops[:MAX_STOPS], start=1) if not stop.blank]
    if len(filled) < MIN_STOPS:
        missing = len(filled) + 1
        errors[stop_field(missing, "host")] = f"A team visit has {MIN_STOPS} or {MAX_STOPS} stops."
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


def plan_team_visit(
    session: Session,
    workspace: Workspace,
    planner: Member,
    form: TeamVisitForm,
    timing: Timing,
    now: datetime,
) -> GroupVisit:
    """Save the team visit, ask each host to confirm their stop, and send the team the itinerary;
    the reminder, the prompt, the poll and the follow-up are owed now, each for its moment."""
    ensure_may_plan(planner)
    school = session.get(School, form.school) if form.school else None
    errors: dict[str, str] = {}
    if school is None or school.workspace_id != workspace.id:
        errors["school"] = "Pick the host school."
    days = calendar.school_calendar(session, workspace)
    plan, route_errors = read_plan(form, days, timing, now)
    check(errors | route_errors)
    assert plan is not None and school is not None
    poll_closes_at = in_school_hours_or_next(
        days, timing, plan.debrief_at + timedelta(minutes=DEBRIEF_MINUTES, hours=24)
    )
    visit = GroupVisit(
        workspace_id=workspace.id,
        kind=GroupVisitKind.TEAM_VISIT,
        planner_id=planner.id,
        school_id=school.id,
        day=plan.day,
        debrief_at=plan.debrief_at,
        debrief_place=form.debrief_place.strip(),
        debrief_prompt=form.debrief_prompt.strip(),
        poll_options=plan.options,
        poll_closes_at=poll_closes_at,
        decision={},
        created_at=now,
    )
    session.add(visit)
    session.flush()
    for user_id in dict.fromkeys(form.team):
        member = member_for(session, workspace, user_id)
        session.add(GroupMember(group_visit_id=visit.id, member_id=member.id))
    for position, route_stop in enumerate(plan.stops, start=1):
        host = member_for(session, workspace, route_stop.host)
        session.add(
            Stop(
                workspace_id=workspace.id,
                group_visit_id=visit.id,
                position=position,
                host_id=host.id,
                room=route_stop.room,
                starts_at=route_stop.starts_at,
                ends_at=route_stop.ends_at,
            )
        )
    session.flush()
    session.refresh(visit)
    for stop in visit.stops:
        ask_host(session, workspace, stop, now)
    owe_itineraries(session, workspace, visit, now)
    schedule_route(session, workspace, visit, days, timing, now)
    return visit
