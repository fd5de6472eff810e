"""A team lead's weekly digest: their team, not a whole school. Visits inside the team, who took
part, the practices travelling through it and what its members tried, with who hasn't visited or
hosted yet for the lead's eyes only. Counts and names in alphabetical order, never a score.

Teams are small (at most a hundred people), so each figure is one bounded statement.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from bot.domain.digest import digest_week
from bot.domain.digest_scope import HOSTED, PARTICIPATION_DAYS, VISITED, participation
from bot.domain.outbox import owe
from bot.domain.timing import LATE_BY_AT_MOST
from bot.models import (
    GroupVisit,
    Member,
    Notification,
    Offer,
    School,
    Team,
    TeamMember,
    Visit,
    Workspace,
)
from bot.vocabulary import ACTIVE_VISIT_STATUSES, NotificationKind, VisitStatus

WEEK = timedelta(days=7)
LISTED = 10
TOOK_PLACE = (VisitStatus.CONFIRMED, VisitStatus.COMPLETED)


@dataclass
class TeamWeek:
    team: Team
    size: int = 0
    inside: list[Visit] = field(default_factory=list)
    inside_total: int = 0
    coming: int = 0
    visited: list[str] = field(default_factory=list)
    hosted: list[str] = field(default_factory=list)
    not_yet: list[str] = field(default_factory=list)
    practices: list[tuple[str, int]] = field(default_factory=list)
    tried: list[tuple[str, int]] = field(default_factory=list)
    decisions: list[GroupVisit] = field(default_factory=list)

    @property
    def took_part(self) -> int:
        return self.size - len(self.not_yet)

    @property
    def participation(self) -> int:
        return round(100 * self.took_part / self.size) if self.size else 0


def build_team_week(session: Session, team: Team, now: datetime) -> TeamWeek:
    people = {
        member.id: member
        for member in session.scalars(
            select(Member)
            .join(TeamMember, TeamMember.member_id == Member.id)
            .where(TeamMember.team_id == team.id)
        )
    }
    week = TeamWeek(team=team, size=len(people))
    recent = session.execute(
        select(Visit.visitor_id, Offer.practices, Visit.follow_up)
        .join(Offer, Visit.offer_id == Offer.id)
        .where(
            Visit.workspace_id == team.workspace_id,
            Visit.status.in_(TOOK_PLACE),
            Offer.starts_at > now - timedelta(days=PARTICIPATION_DAYS),
            Offer.starts_at <= now,
            Visit.visitor_id.in_(people),
        )
    ).all()
    took_part = participation(
        select(School.id).where(School.workspace_id == team.workspace_id), now
    )
    parts = session.execute(
        select(took_part.c.member_id, took_part.c.part).where(took_part.c.member_id.in_(people))
    ).all()
    visited = {member_id for member_id, part in parts if part == VISITED}
    hosted = {member_id for member_id, part in parts if part == HOSTED}
    practices: Counter[str] = Counter()
    tried: Counter[str] = Counter()
    for _visitor, offer_practices, follow_up in recent:
        practices.update(offer_practices)
        if follow_up == "tried":
            tried.update(offer_practices)
    week.visited, week.hosted = _names(people, visited), _names(people, hosted)
    week.not_yet = _names(people, set(people) - visited - hosted)
    week.decisions = list(
        session.scalars(
            select(GroupVisit)
            .where(
                GroupVisit.team_id == team.id,
                GroupVisit.decided_at > now - timedelta(days=PARTICIPATION_DAYS),
                GroupVisit.decided_at <= now,
            )
            .order_by(GroupVisit.day)
            .limit(LISTED)
        )
    )
    week.practices = _top(practices)
    week.tried = _top(tried)
    inside = (
        select(Visit)
        .join(Offer, Visit.offer_id == Offer.id)
        .where(
            Visit.visitor_id.in_(people),
            Offer.host_id.in_(people),
            Visit.status.in_(TOOK_PLACE),
            Offer.starts_at > now - WEEK,
            Offer.starts_at <= now,
        )
    )
    week.inside_total = session.scalar(select(func.count()).select_from(inside.subquery())) or 0
    week.inside = list(
        session.scalars(
            inside.options(
                selectinload(Visit.offer).selectinload(Offer.host), selectinload(Visit.visitor)
            )
            .order_by(Offer.starts_at)
            .limit(LISTED)
        )
    )
    week.coming = (
        session.scalar(
            select(func.count())
            .select_from(Visit)
            .join(Offer, Visit.offer_id == Offer.id)
            .where(
                Visit.visitor_id.in_(people),
                Visit.status.in_(ACTIVE_VISIT_STATUSES),
                Offer.starts_at > now,
                Offer.starts_at <= now + WEEK,
            )
        )
        or 0
    )
    return week


def plan_team_digests(session: Session, workspace: Workspace, now: datetime) -> int:
    """Owe each team's lead the team's week, at the workspace's digest moment, once a week."""
    week = digest_week(workspace, now)
    if week is None:
        return 0
    planned = 0
    teams = session.scalars(
        select(Team)
        .join(Member, Team.lead_id == Member.id)
        .where(Team.workspace_id == workspace.id, Member.undeliverable == "")
        .options(selectinload(Team.lead))
    )
    for team in teams:
        key = f"team_digest:{team.id}:{week}"
        if session.scalar(select(Notification.id).where(Notification.key == key)) is None:
            owe(session, workspace, kind=NotificationKind.TEAM_DIGEST,
                recipient=team.lead.slack_user_id, key=key, due_at=now, now=now, subject=team,
                expires_at=now + LATE_BY_AT_MOST)  # fmt: skip
            planned += 1
    return planned


def _names(people: dict[int, Member], ids: set[int]) -> list[str]:
    chosen = sorted((people[i] for i in ids), key=lambda m: (m.name.lower(), m.id))
    return [member.slack_user_id for member in chosen]


def _top(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:5]
