"""Members and their profiles: who they are, where they teach, what they want to see."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.domain.bell_schedule import day_types, labelled_periods
from bot.domain.catalogue import GRADES, PRACTICES, SUBJECTS
from bot.domain.errors import check
from bot.domain.host_load import read_limit
from bot.models import Member, Workspace
from bot.vocabulary import Role


@dataclass
class ProfileForm:
    school_id: int | None
    grades: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    interests: list[str] = field(default_factory=list)
    hosting: str | None = None  # a `host_load.LIMIT_CHOICES` value, or none
    planning_periods: list[str] = field(default_factory=list)
    teaching_periods: list[str] = field(default_factory=list)


def member_for(
    session: Session, workspace: Workspace, slack_user_id: str, name: str = ""
) -> Member:
    """The member for a Slack user, created on first contact (safe when two requests race)."""
    query = select(Member).where(
        Member.workspace_id == workspace.id, Member.slack_user_id == slack_user_id
    )
    member = session.scalar(query)
    if member is None:
        school_id = workspace.schools[0].id if len(workspace.schools) == 1 else None
        member = Member(
            workspace_id=workspace.id, slack_user_id=slack_user_id, name=name, school_id=school_id
        )
        try:
            with session.begin_nested():
                session.add(member)
        except IntegrityError:
            member = session.scalars(query).one()
    if name and member.name != name:
        member.name = name
    return member


def needs_welcome(session: Session, team_id: str, slack_user_id: str) -> bool:
    """Someone in a set-up workspace who hasn't filled in their profile yet."""
    workspace = session.scalar(select(Workspace).where(Workspace.team_id == team_id))
    if workspace is None or workspace.setup_at is None:
        return False
    saved = session.scalar(
        select(Member.profile_saved_at).where(
            Member.workspace_id == workspace.id, Member.slack_user_id == slack_user_id
        )
    )
    return saved is None


def reachable_coaches(session: Session, workspace: Workspace) -> list[Member]:
    """Every coach of the workspace whom a message can still reach, each school's and the
    district's (no school): who is told of requests, polls and what a team chose."""
    return list(
        session.scalars(
            select(Member)
            .where(
                Member.workspace_id == workspace.id,
                Member.role == Role.COACH,
                Member.undeliverable == "",
            )
            .order_by(Member.id)
        )
    )


def seen(member: Member) -> None:
    """The person just used Open Door in Slack, so they can be reached again."""
    member.undeliverable = ""


def _periods(
    workspace: Workspace, member: Member, form: ProfileForm, errors: dict[str, str]
) -> tuple[list[str], list[str]]:
    """The periods picked, checked against the school's bell schedule. Someone who changed
    school picked from the old one's: theirs are dropped, to pick again from the new school's."""
    if form.school_id != member.school_id:
        return [], []
    school = next((s for s in workspace.schools if s.id == form.school_id), None)
    names = {name for _, _, name in labelled_periods(day_types(school))}
    for field_name, picked in (
        ("planning_periods", form.planning_periods),
        ("teaching_periods", form.teaching_periods),
    ):
        if not set(picked) <= names:
            errors[field_name] = "Pick periods from the list."
    if set(form.planning_periods) & set(form.teaching_periods):
        errors["teaching_periods"] = "A period can't be both for planning and for teaching."
    return list(form.planning_periods), list(form.teaching_periods)


def save_profile(
    session: Session, workspace: Workspace, member: Member, form: ProfileForm, now: datetime
) -> Member:
    school_ids = {school.id for school in workspace.schools}
    errors: dict[str, str] = {}
    if form.school_id not in school_ids:
        errors["school"] = "Pick your school."
    if not set(form.grades) <= set(GRADES):
        errors["grades"] = "Pick grades from the list."
    if not set(form.subjects) <= set(SUBJECTS):
        errors["subjects"] = "Pick subjects from the list."
    if not set(form.interests) <= set(PRACTICES):
        errors["interests"] = "Pick practices from the list."
    limit = read_limit(form.hosting)
    if limit is None:
        errors["hosting"] = "Pick one of the choices, or none."
    planning, teaching = _periods(workspace, member, form, errors)
    check(errors)
    assert limit is not None
    member.hosting_limit, member.hosting_per = limit
    member.planning_periods, member.teaching_periods = planning, teaching
    member.school_id = form.school_id
    member.grades = list(form.grades)
    member.subjects = list(form.subjects)
    member.interests = list(form.interests)
    member.profile_saved_at = now
    return member
