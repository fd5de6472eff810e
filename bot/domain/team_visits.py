"""Team visits: a team's morning at a host school, planned in one form by a coach, leader or admin.

The planner names the team (people, not a Team: nobody on it clicks anything to be booked), the
host school, the morning, two or three stops in order (a host, a room, a time each) and the
debrief. Each host is asked once to confirm their stop (`team_answers.py` holds the answers, the
replacement of a declined stop and calling it off); what follows the morning is in
`team_after.py`. The form and its rules are in `team_visit_form.py`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain import calendar
from bot.domain.errors import NotAllowed, check
from bot.domain.members import member_for
from bot.domain.team_route import DEBRIEF_MINUTES, ask_host, owe_itineraries, schedule_route
from bot.domain.team_visit_form import Plan, TeamVisitForm, read_plan
from bot.domain.teams import led_by
from bot.domain.timing import Timing, in_school_hours_or_next
from bot.models import GroupMember, GroupVisit, Member, School, Stop, Team, Workspace
from bot.vocabulary import SCHOOL_WIDE_ROLES, GroupVisitKind


def ensure_may_plan(member: Member, teams: list[Team], what: str = "plan a team visit") -> None:
    """Coaches, leaders and admins plan for anyone; a team's lead plans for their team."""
    if member.role not in SCHOOL_WIDE_ROLES and not teams:
        raise NotAllowed(f"Only coaches, leaders, admins and team leads can {what}.")


def teams_to_plan_for(session: Session, workspace: Workspace, member: Member) -> list[Team]:
    """Every team, for a coach, leader or admin; the teams they lead, for anyone else."""
    if member.role in SCHOOL_WIDE_ROLES:
        return list(
            session.scalars(
                select(Team).where(Team.workspace_id == workspace.id).order_by(Team.name)
            )
        )
    return led_by(session, member)


def with_team(
    session: Session,
    workspace: Workspace,
    planner: Member,
    team_id: int | None,
    picked: list[str],
    what: str = "plan a team visit",
) -> tuple[Team | None, list[str], dict[str, str]]:
    """The team picked, and everyone coming: its people (its lead too, unless planning) and
    those picked by hand. A team lead who isn't a coach, leader or admin plans for their own
    team only, so they must pick it; anyone else may pick none."""
    teams = teams_to_plan_for(session, workspace, planner)
    ensure_may_plan(planner, teams, what)
    if team_id is None:
        if planner.role in SCHOOL_WIDE_ROLES:
            return None, picked, {}
        return None, picked, {"team_id": "Pick your team."}
    team = next((team for team in teams if team.id == team_id), None)
    if team is None:
        return None, picked, {"team_id": "Pick one of the teams in the list."}
    people = [member.slack_user_id for member in team.members]
    if team.lead_id != planner.id:
        people.append(team.lead.slack_user_id)
    return team, list(dict.fromkeys([*people, *picked])), {}


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
    team, form.team, errors = with_team(session, workspace, planner, form.team_id, form.team)
    school = host_school(session, workspace, form.school, errors)
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
        team_id=team.id if team else None,
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
    save_route(session, workspace, visit, form.team, plan, now)
    schedule_route(session, workspace, visit, days, timing, now)
    return visit


def host_school(
    session: Session, workspace: Workspace, school_id: int | None, errors: dict[str, str]
) -> School | None:
    """The school the route is at, one of the workspace's, or a field error."""
    school = session.get(School, school_id) if school_id else None
    if school is None or school.workspace_id != workspace.id:
        errors["school"] = "Pick the host school."
        return None
    return school


def save_route(
    session: Session,
    workspace: Workspace,
    visit: GroupVisit,
    people: list[str],
    plan: Plan,
    now: datetime,
) -> None:
    """A new group visit (a team visit or a coaching round) saved with its people and its route;
    each host is asked to confirm their stop, and each person and the planner get the itinerary."""
    session.add(visit)
    session.flush()
    for user_id in dict.fromkeys(people):
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
