"""Whether visits spread across classrooms, and which asked-for practices no classroom offers.

A peer-visit culture fails quietly when the same few admired teachers get every visit, and when
colleagues ask to see a practice nobody opens a door for. Both are shown to coaches and leaders
as counts: how many teachers hosted, what share of visits went to the busiest three classrooms
(a number, never their names or an order), and the practices asked for with no open door coming.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, cast, exists, func, literal, select
from sqlalchemy.orm import Session

from bot.domain.digest_scope import SchoolIds, recent_visits
from bot.models import Member, Offer, Request, Workspace
from bot.vocabulary import OfferStatus, RequestStatus

BUSIEST = 3  # the share of visits the busiest three classrooms had
CONCENTRATED_SHARE = 60  # percent: at or above it, the digest suggests inviting new hosts
CONCENTRATED_VISITS = 6  # below this many visits a share says little
IN_DEMAND_LISTED = 5


@dataclass(frozen=True)
class Spread:
    """Visits of the last four weeks at the reader's schools: how many, how many teachers hosted
    them, and the share (in percent) the three busiest classrooms had."""

    visits: int
    hosts: int
    busiest_share: int

    @property
    def concentrated(self) -> bool:
        return (
            self.visits >= CONCENTRATED_VISITS
            and self.hosts > 1
            and self.busiest_share >= CONCENTRATED_SHARE
        )


@dataclass(frozen=True)
class InDemand:
    """A practice colleagues asked to see with no open door coming that shows it: how many open
    requests name it, and whether anyone in the district has ever hosted it."""

    practice: str
    requests: int
    hosted_before: bool


def visit_spread(session: Session, schools: SchoolIds, now: datetime) -> Spread:
    """The participation window's visits (`recent_visits`) counted per host in SQL: only the
    counts, never who, leave the database."""
    recent = recent_visits(schools, now)
    per_host = session.execute(
        select(func.count()).select_from(recent).group_by(recent.c.host_id)
    ).scalars()
    counts = sorted(per_host, reverse=True)
    total = sum(counts)
    share = round(100 * sum(counts[:BUSIEST]) / total) if total else 0
    return Spread(visits=total, hosts=len(counts), busiest_share=share)


def practices_in_demand(
    session: Session, workspace: Workspace, schools: SchoolIds, now: datetime
) -> list[InDemand]:
    """Practices named by open requests of the reader's schools (counted per request) that no
    open door still to come shows anywhere in the workspace, most asked for first. A visitor may
    cross the district, so any school's door answers the need."""
    asked: Counter[str] = Counter()
    requested = session.scalars(
        select(Request.practices)
        .join(Member, Request.visitor_id == Member.id)
        .where(
            Request.workspace_id == workspace.id,
            Request.status == RequestStatus.OPEN,
            Member.school_id.in_(schools),
        )
    )
    for practices in requested:
        asked.update(set(practices))
    coming = session.scalars(
        select(Offer.practices).where(
            Offer.workspace_id == workspace.id,
            Offer.status == OfferStatus.OPEN,
            Offer.starts_at > now,
        )
    )
    offered = {practice for practices in coming for practice in practices}
    wanted = sorted(
        ((practice, count) for practice, count in asked.items() if practice not in offered),
        key=lambda item: (-item[1], item[0].lower()),
    )[:IN_DEMAND_LISTED]
    hosted = _hosted_before(session, workspace, [practice for practice, _ in wanted])
    return [
        InDemand(practice, count, found)
        for (practice, count), found in zip(wanted, hosted, strict=True)
    ]


def _hosted_before(session: Session, workspace: Workspace, practices: list[str]) -> list[bool]:
    """For each practice, whether any door of the workspace, past or future, showed it: matched
    in the practices' JSON text, the one test both databases run alike. One statement however
    many practices (none too), so a digest's statements never depend on its data."""
    checks = []
    for practice in practices:
        pattern = json.dumps(practice).replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
        checks.append(
            exists().where(
                Offer.workspace_id == workspace.id,
                cast(Offer.practices, String).like(f"%{pattern}%", escape="\\"),
            )
        )
    row = session.execute(select(literal(True), *checks)).one()
    return [bool(found) for found in row[1:]]
