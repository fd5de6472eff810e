"""After a team visit's morning: each person's reflection on the route, the team's poll on what
to try (its result recorded with the team visit and sent to the planner and the coaches), the
follow-up two weeks on, and going back to ask a host.

A reflection is private to its author unless they share it, and then only the route's hosts
see it. A question to a host travels in its message alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.errors import DomainError, FieldErrors, NotAllowed
from bot.domain.members import reachable_coaches
from bot.domain.outbox import tell
from bot.domain.team_route import get_group_visit, lock_group_visit, team_of
from bot.models import GroupMember, GroupReflection, GroupVisit, Member, Stop, Workspace
from bot.vocabulary import GroupVisitKind, GroupVisitStatus, NotificationKind, Role, StopStatus

MAX_TEXT = 2000
MAX_QUESTION = 1000
FOLLOW_UP_ANSWERS = ("tried", "not_yet", "need_help")


@dataclass
class RouteReflectionForm:
    noticed: str = ""
    wondered: str = ""
    will_try: str = ""
    share: bool = False


def poll_choices(visit: GroupVisit) -> list[str]:
    """What the team chooses from: the planner's options, else what each stop showed."""
    if visit.poll_options:
        return list(visit.poll_options)
    return [f"What we saw in {stop.host.name or 'stop ' + str(stop.position)}'s room {stop.room}"[:75]
            for stop in confirmed_stops(visit)]  # fmt: skip


def confirmed_stops(visit: GroupVisit) -> list[Stop]:
    return [stop for stop in visit.stops if stop.status == StopStatus.CONFIRMED]


def membership(session: Session, visit: GroupVisit, member: Member) -> GroupMember:
    entry = session.scalar(
        select(GroupMember).where(
            GroupMember.group_visit_id == visit.id, GroupMember.member_id == member.id
        )
    )
    if entry is None:
        raise NotAllowed("Only the people on this team visit can answer this.")
    return entry


def reflection_on(session: Session, visit: GroupVisit, author: Member) -> GroupReflection | None:
    return session.scalar(
        select(GroupReflection).where(
            GroupReflection.group_visit_id == visit.id, GroupReflection.author_id == author.id
        )
    )


def save_route_reflection(
    session: Session,
    workspace: Workspace,
    author: Member,
    visit_id: int,
    form: RouteReflectionForm,
    now: datetime,
) -> GroupReflection:
    """Saved (or edited) for its author alone; sharing it, once, sends it to the route's hosts."""
    visit = get_group_visit(session, workspace, visit_id)
    membership(session, visit, author)
    errors = {
        name: f"Keep it under {MAX_TEXT} characters."
        for name, text in (
            ("noticed", form.noticed),
            ("wondered", form.wondered),
            ("will_try", form.will_try),
        )
        if len(text) > MAX_TEXT
    }
    if not (form.noticed.strip() or form.wondered.strip() or form.will_try.strip()):
        errors["noticed"] = "Write at least one of these."
    if errors:
        raise FieldErrors(errors)
    reflection = reflection_on(session, visit, author)
    if reflection is None:
        reflection = GroupReflection(
            workspace_id=workspace.id, group_visit_id=visit.id, author_id=author.id, created_at=now
        )
        session.add(reflection)
    was_shared = bool(reflection.shared)
    reflection.noticed, reflection.wondered = form.noticed.strip(), form.wondered.strip()
    reflection.will_try, reflection.shared = form.will_try.strip(), form.share
    reflection.updated_at = now
    session.flush()
    if form.share and not was_shared:
        for stop in confirmed_stops(visit):
            tell(session, workspace, NotificationKind.TEAM_REFLECTION_SHARED,
                 stop.host.slack_user_id, reflection, now)  # fmt: skip
    return reflection


def vote(
    session: Session,
    workspace: Workspace,
    member: Member,
    visit_id: int,
    choice: int,
    now: datetime,
) -> tuple[GroupVisit, str]:
    """One vote per person, changed as often as they like until the poll closes."""
    visit = lock_group_visit(session, workspace, visit_id)
    entry = membership(session, visit, member)
    if visit.status == GroupVisitStatus.CANCELLED:
        raise DomainError("This team visit was called off.")
    if visit.decided_at is not None:
        raise DomainError(
            "The poll has closed; the team's choice is recorded. I've changed nothing."
        )
    choices = poll_choices(visit)
    if not 0 <= choice < len(choices):
        raise DomainError("That option isn't on this poll any more.")
    entry.vote = choices[choice]
    return visit, entry.vote


def close_poll(
    session: Session, workspace: Workspace, visit: GroupVisit, now: datetime, closer: Member | None
) -> dict[str, int]:
    """Record the votes per option with the team visit, once, and tell the planner and the
    coaches. `closer` is the planner (or an admin) closing it early, or None when its time came."""
    visit = lock_group_visit(session, workspace, visit.id)
    if closer is not None and closer.id != visit.planner_id and closer.role != Role.ADMIN:
        raise NotAllowed("Only the team visit's planner can close its poll.")
    if visit.status == GroupVisitStatus.CANCELLED:
        raise DomainError("This team visit was called off.")
    if visit.decided_at is not None:
        raise DomainError("The poll is already closed; the team's choice is recorded.")
    votes = [entry.vote for entry in visit.members if entry.vote]
    visit.decision = {choice: votes.count(choice) for choice in poll_choices(visit)}
    visit.decided_at = now
    # A planner who closed it sees the result in place of their button, so only others are told.
    told_already = closer.id if closer is not None else None
    readers = [visit.planner, *_coaches_for(session, workspace, visit)]
    for reader in (reader for reader in readers if reader.id != told_already):
        tell(session, workspace, NotificationKind.TEAM_DECISION, reader.slack_user_id, visit, now)
    return visit.decision


def close_due_polls(session: Session, workspace: Workspace, now: datetime) -> int:
    """The planning job: polls whose closing time has passed are closed and their result sent."""
    due = session.scalars(
        select(GroupVisit).where(
            GroupVisit.workspace_id == workspace.id,
            GroupVisit.kind == GroupVisitKind.TEAM_VISIT,
            GroupVisit.status == GroupVisitStatus.PLANNED,
            GroupVisit.decided_at.is_(None),
            GroupVisit.poll_closes_at <= now,
        )
    ).all()
    for visit in due:
        close_poll(session, workspace, visit, now, None)
    return len(due)


def answer_team_follow_up(
    session: Session, workspace: Workspace, member: Member, visit_id: int, answer: str
) -> GroupVisit:
    if answer not in FOLLOW_UP_ANSWERS:
        raise DomainError("That answer isn't one I know.")
    visit = get_group_visit(session, workspace, visit_id)
    membership(session, visit, member).follow_up = answer
    return visit


def ask_a_host(
    session: Session,
    workspace: Workspace,
    member: Member,
    visit_id: int,
    host_id: int | None,
    question: str,
    need_help: bool,
    now: datetime,
) -> Member:
    """Go back and ask: the member's words reach the host they picked, with the team visit's
    context; each ask is its own message. Only a host of a confirmed stop can be asked."""
    visit = get_group_visit(session, workspace, visit_id)
    entry = membership(session, visit, member)
    hosts = {stop.host.id: stop.host for stop in confirmed_stops(visit)}
    errors: dict[str, str] = {}
    if host_id not in hosts:
        errors["host"] = "Pick one of the route's hosts."
    if not question.strip():
        errors["question"] = "Write your question."
    elif len(question) > MAX_QUESTION:
        errors["question"] = f"Keep it under {MAX_QUESTION} characters."
    if errors:
        raise FieldErrors(errors)
    assert host_id is not None
    if need_help:
        entry.follow_up = "need_help"
    host = hosts[host_id]
    tell(session, workspace, NotificationKind.TEAM_QUESTION, host.slack_user_id, visit, now,
         payload={"asker": member.slack_user_id, "words": question.strip()},
         key_suffix=f":{now.timestamp():.0f}")  # fmt: skip
    return host


def _coaches_for(session: Session, workspace: Workspace, visit: GroupVisit) -> list[Member]:
    """The coaches of the team's schools (and the host school's), else the district's, without
    the planner, who hears anyway."""
    schools = {member.school_id for member in team_of(visit)} | {visit.school_id}
    coaches = [c for c in reachable_coaches(session, workspace) if c.id != visit.planner_id]
    own = [coach for coach in coaches if coach.school_id in schools]
    return own or [coach for coach in coaches if coach.school_id is None]
