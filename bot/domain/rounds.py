"""Coaching rounds: a coach gathers a small group around one problem of practice and a few
look-fors, visits two or three classrooms, and debriefs: describe, analyse, predict, next level
of work.

A round is a group visit of kind 'round' and reuses the team visit's core: its route of stops,
each confirmed by its host (`team_answers.py` answers, replaces and calls off for both), its
itinerary kept current and its reminder (`team_route.py`). What is a round's own: the problem,
the look-fors, the round it continues, the notes and the stepped debrief (`round_debrief.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain import calendar
from bot.domain.errors import NotFound, check
from bot.domain.form_input import web_link
from bot.domain.team_route import schedule_route
from bot.domain.team_visit_form import GroupWords, StopForm, TeamVisitForm, read_plan
from bot.domain.team_visits import host_school, save_route, with_team
from bot.domain.timing import Timing
from bot.models import GroupVisit, Member, Workspace
from bot.vocabulary import GroupVisitKind, GroupVisitStatus

ROUND_WORDS = GroupWords(
    "coaching round",
    "participants",
    "Pick the round's participants.",
    "A host can't also be a participant.",
)
MIN_LOOK_FORS, MAX_LOOK_FORS, MAX_LOOK_FOR = 2, 4, 150
MAX_PROBLEM = 500
OPEN_A_ROUND = "open a coaching round"
# The earlier rounds a coach may say a new one continues: their latest, newest first.
EARLIER_ROUNDS = 20


@dataclass
class RoundForm:
    problem: str = ""
    look_fors: str = ""  # one a line
    participants: list[str] = field(default_factory=list)  # Slack user ids
    school: int | None = None
    day: str | None = None
    stops: list[StopForm] = field(default_factory=list)
    debrief_time: str | None = None
    debrief_place: str = ""
    previous: int | None = None  # the round this one continues
    team_id: int | None = None  # a team whose people all take part
    video_url: str = ""


def get_round(session: Session, workspace: Workspace, round_id: int) -> GroupVisit:
    visit = session.get(GroupVisit, round_id)
    if visit is None or visit.workspace_id != workspace.id or visit.kind != GroupVisitKind.ROUND:
        raise NotFound("I can't find that coaching round any more.")
    return visit


def read_look_fors(text: str) -> tuple[list[str], str]:
    """Two to four look-fors, one a line, each short enough to read at a glance; or the error."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not MIN_LOOK_FORS <= len(lines) <= MAX_LOOK_FORS:
        return [], f"Give {MIN_LOOK_FORS} to {MAX_LOOK_FORS} look-fors, one a line."
    if any(len(line) > MAX_LOOK_FOR for line in lines):
        return [], f"Keep each look-for under {MAX_LOOK_FOR} characters."
    if len(set(lines)) != len(lines):
        return [], "Each look-for once, please."
    return lines, ""


def earlier_rounds(session: Session, workspace: Workspace, coach: Member) -> list[GroupVisit]:
    """The coach's own rounds that went ahead, newest first: what a new round may continue."""
    return list(
        session.scalars(
            select(GroupVisit)
            .where(
                GroupVisit.workspace_id == workspace.id,
                GroupVisit.kind == GroupVisitKind.ROUND,
                GroupVisit.planner_id == coach.id,
                GroupVisit.status == GroupVisitStatus.PLANNED,
            )
            .order_by(GroupVisit.day.desc(), GroupVisit.id.desc())
            .limit(EARLIER_ROUNDS)
        )
    )


def open_round(
    session: Session,
    workspace: Workspace,
    coach: Member,
    form: RoundForm,
    timing: Timing,
    now: datetime,
) -> GroupVisit:
    """Save the round, ask each host to confirm their stop, and send each participant and the
    coach (or the team lead who opened it for their team) the itinerary; the reminder, the prompt to write notes and the debrief are owed now,
    each for its moment."""
    team, participants, errors = with_team(
        session, workspace, coach, form.team_id, form.participants, OPEN_A_ROUND
    )
    problem = form.problem.strip()
    if not problem:
        errors["problem"] = "Name the problem of practice the round looks into."
    elif len(problem) > MAX_PROBLEM:
        errors["problem"] = f"Keep the problem of practice under {MAX_PROBLEM} characters."
    look_fors, look_for_error = read_look_fors(form.look_fors)
    if look_for_error:
        errors["look_fors"] = look_for_error
    video_url = form.video_url.strip()
    if video_url and web_link(video_url) is None:
        errors["video_url"] = "Paste a full link that starts with https://"
    school = host_school(session, workspace, form.school, errors)
    days = calendar.school_calendar(session, workspace)
    route_form = TeamVisitForm(
        team=participants,
        day=form.day,
        stops=form.stops,
        debrief_time=form.debrief_time,
        debrief_place=form.debrief_place,
    )
    plan, route_errors = read_plan(route_form, days, timing, now, ROUND_WORDS)
    previous = None
    if form.previous is not None:
        earlier = {round_.id: round_ for round_ in earlier_rounds(session, workspace, coach)}
        previous = earlier.get(form.previous)
        if previous is None or (plan is not None and previous.day >= plan.day):
            errors["previous"] = "Pick one of your earlier rounds, or none."
    check(errors | route_errors)
    assert plan is not None and school is not None
    visit = GroupVisit(
        workspace_id=workspace.id,
        kind=GroupVisitKind.ROUND,
        planner_id=coach.id,
        team_id=team.id if team is not None else None,
        school_id=school.id,
        day=plan.day,
        debrief_at=plan.debrief_at,
        debrief_place=form.debrief_place.strip(),
        # A round has no poll: it closes, in the planning job's eyes, when its debrief starts.
        poll_options=[],
        poll_closes_at=plan.debrief_at,
        decision={},
        problem=problem,
        look_fors=look_fors,
        previous_id=previous.id if previous is not None else None,
        video_url=video_url,
        created_at=now,
    )
    save_route(session, workspace, visit, participants, plan, now)
    schedule_route(session, workspace, visit, days, timing, now)
    return visit
