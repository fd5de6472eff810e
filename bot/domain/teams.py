"""Teams: a multi-classroom leader with their teachers, a grade-level team, a fellowship across
schools. Teams are real groups with a lead, so a team lead sees their team rather than a whole
school: the lead gets the team's digest, and team visits and rounds can be planned for it in one
step. Admins and leaders create teams; a lead may rename their own team and change who is in it,
but not hand it to someone else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from bot.domain.errors import DomainError, NotAllowed, check
from bot.domain.members import member_for
from bot.models import Member, Team, TeamMember, Workspace
from bot.vocabulary import Role, TeamKind

MANAGERS = (Role.ADMIN, Role.LEADER)
MAX_NAME = 80
MAX_MEMBERS = 100


@dataclass
class TeamForm:
    name: str
    kind: str
    lead: str | None
    members: list[str] = field(default_factory=list)


def may_manage(member: Member) -> bool:
    return member.role in MANAGERS


def ensure_may_manage(member: Member) -> None:
    if not may_manage(member):
        raise NotAllowed("Teams are set up by your school leaders and admins.")


def save_team(
    session: Session,
    workspace: Workspace,
    actor: Member,
    form: TeamForm,
    now: datetime,
    team_id: int | None = None,
) -> Team:
    """Create a team, or change one. The lead is never also counted as a member."""
    team = _team(session, workspace, team_id) if team_id is not None else None
    if not may_manage(actor) and (team is None or team.lead_id != actor.id):
        raise NotAllowed("Teams are set up by your school leaders and admins.")
    lead_changes = team is not None and form.lead != team.lead.slack_user_id
    check(_errors(session, workspace, form, team, lead_changes and not may_manage(actor)))
    assert form.lead is not None
    lead = member_for(session, workspace, form.lead)
    if team is None:
        team = Team(workspace_id=workspace.id, created_at=now, name="", kind="", lead_id=lead.id)
        session.add(team)
    team.name, team.kind, team.lead_id = form.name.strip(), form.kind, lead.id
    session.flush()
    wanted = {member_for(session, workspace, user).id for user in form.members} - {lead.id}
    session.execute(delete(TeamMember).where(TeamMember.team_id == team.id))
    session.add_all(TeamMember(team_id=team.id, member_id=member_id) for member_id in wanted)
    session.flush()
    session.expire(team, ["members", "lead"])
    return team


def delete_team(session: Session, workspace: Workspace, actor: Member, team_id: int) -> str:
    """Only the team goes: its people, their visits and reflections stay. Returns its name."""
    ensure_may_manage(actor)
    team = _team(session, workspace, team_id)
    name = team.name
    session.execute(delete(TeamMember).where(TeamMember.team_id == team.id))
    session.delete(team)
    session.flush()
    return name


def teams_seen_by(session: Session, workspace: Workspace, member: Member) -> list[Team]:
    """Admins and leaders see every team; others the teams they lead or belong to."""
    query = (
        select(Team)
        .where(Team.workspace_id == workspace.id)
        .options(selectinload(Team.lead), selectinload(Team.members))
        .order_by(func.lower(Team.name))
    )
    if not may_manage(member):
        belongs = exists().where(TeamMember.team_id == Team.id, TeamMember.member_id == member.id)
        query = query.where(or_(Team.lead_id == member.id, belongs))
    return list(session.scalars(query))


def led_by(session: Session, member: Member) -> list[Team]:
    return list(session.scalars(select(Team).where(Team.lead_id == member.id).order_by(Team.name)))


def team_for_editing(session: Session, workspace: Workspace, actor: Member, team_id: int) -> Team:
    team = _team(session, workspace, team_id)
    if not may_manage(actor) and team.lead_id != actor.id:
        raise NotAllowed("Only school leaders, admins and the team's lead can change a team.")
    return team


def _team(session: Session, workspace: Workspace, team_id: int) -> Team:
    team = session.get(Team, team_id)
    if team is None or team.workspace_id != workspace.id:
        raise DomainError("I can't find that team any more.")
    return team


def _errors(
    session: Session,
    workspace: Workspace,
    form: TeamForm,
    team: Team | None,
    lead_locked: bool,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = form.name.strip()
    if not name:
        errors["name"] = "Give the team a name."
    elif len(name) > MAX_NAME:
        errors["name"] = f"Keep the name under {MAX_NAME} characters."
    else:
        taken = session.scalar(
            select(Team.id).where(
                Team.workspace_id == workspace.id,
                func.lower(Team.name) == name.lower(),
                Team.id != (team.id if team else -1),
            )
        )
        if taken is not None:
            errors["name"] = "Another team has that name. Pick another."
    if form.kind not in set(TeamKind):
        errors["kind"] = "Pick what kind of team it is."
    if not form.lead:
        errors["lead"] = "Pick the team's lead."
    elif lead_locked:
        errors["lead"] = "Only a school leader or admin can hand the team to a new lead."
    members = set(form.members) - {form.lead}
    if not members:
        errors["members"] = "Add at least one person besides the lead."
    elif len(members) > MAX_MEMBERS:
        errors["members"] = f"A team holds up to {MAX_MEMBERS} people."
    return errors
