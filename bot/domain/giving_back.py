"""Giving back: a teacher who has visited several colleagues but never opened a door is asked,
kindly and once a term, to open theirs.

Many teachers visit and never host, and a visit culture that only takes runs out of doors. The
ask comes with the practices they went to see, so its one-line `/visit offer` example is theirs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from bot.domain import calendar
from bot.domain.matching import term_start
from bot.models import Member, Notification, Offer, Visit, Workspace
from bot.vocabulary import NotificationKind, Role, VisitStatus

VISITS_BEFORE_ASKING = 3  # completed visits: "several"
PRACTICES_NAMED = 3


@dataclass(frozen=True)
class Giver:
    member: Member
    visits: int
    practices: list[str]  # the practices they went to see, most seen first


def term_key(workspace: Workspace, now: datetime) -> str:
    """The school term `now` falls in, as the nudge's key names it: once a term, per person."""
    return term_start(calendar.local_today(workspace, now)).isoformat()


def givers(session: Session, workspace: Workspace, now: datetime) -> list[Giver]:
    """Teachers with enough completed visits and no door of their own ever (open, past or
    cancelled, a time offered for a request too), not muted, reachable, not yet asked this
    term."""
    asked = select(Notification.recipient).where(
        Notification.workspace_id == workspace.id,
        Notification.kind == NotificationKind.NUDGE_GIVE_BACK,
        Notification.key.like(f"%:{term_key(workspace, now)}"),
    )
    completed = (
        select(Visit.visitor_id, func.count().label("visits"))
        .where(Visit.workspace_id == workspace.id, Visit.status == VisitStatus.COMPLETED)
        .group_by(Visit.visitor_id)
        .having(func.count() >= VISITS_BEFORE_ASKING)
        .subquery()
    )
    rows = session.execute(
        select(Member, completed.c.visits)
        .join(completed, completed.c.visitor_id == Member.id)
        .where(
            Member.workspace_id == workspace.id,
            Member.role == Role.TEACHER,
            Member.nudges_muted.is_(False),
            Member.undeliverable == "",
            ~exists().where(Offer.host_id == Member.id),
            Member.slack_user_id.not_in(asked),
        )
        .order_by(Member.id)
    ).all()
    return [Giver(member, visits, _practices_seen(session, member)) for member, visits in rows]


def _practices_seen(session: Session, member: Member) -> list[str]:
    seen: Counter[str] = Counter()
    for practices in session.scalars(
        select(Offer.practices)
        .join(Visit, Visit.offer_id == Offer.id)
        .where(Visit.visitor_id == member.id, Visit.status == VisitStatus.COMPLETED)
    ):
        seen.update(practices)
    return [practice for practice, _ in seen.most_common(PRACTICES_NAMED)]
