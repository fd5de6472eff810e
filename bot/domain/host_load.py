"""How many visits a host is glad to host, and how near a door's host is to it.

A host says it in their profile, per week or per month (school time). Doors beyond it stay
open and bookable: the limit only moves a host's doors after others in suggestions once they
are halfway there, further once they have had their fill, and keeps a coach's *Share again*
from pushing a host who has. The count is the visits booked (asked, confirmed or held) or
completed at their doors in the week or month of the door in question.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from enum import IntEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain import calendar
from bot.models import Member, Offer, Visit, Workspace
from bot.vocabulary import ACTIVE_VISIT_STATUSES, VisitStatus

PERIODS = ("week", "month")


class Load(IntEnum):
    """A host's load in a door's week or month, in the order suggestions weigh it."""

    ROOM = 0  # under half their limit, or no limit
    NEAR = 1  # half their limit or more
    FULL = 2  # at their limit or over it


NO_LIMIT = "none"
# The choices the profile offers: no limit, or "count/period".
LIMIT_CHOICES = (
    NO_LIMIT, "1/week", "2/week", "3/week", "5/week", "1/month", "2/month", "4/month", "8/month",
)  # fmt: skip


def read_limit(choice: str | None) -> tuple[int | None, str] | None:
    """A profile's choice as (limit, period); (None, "week") for none; None if not a choice."""
    if not choice or choice == NO_LIMIT:
        return None, "week"
    if choice not in LIMIT_CHOICES:
        return None
    count, period = choice.split("/")
    return int(count), period


def limit_choice(member: Member) -> str:
    return f"{member.hosting_limit}/{member.hosting_per}" if member.hosting_limit else NO_LIMIT


def _period(workspace: Workspace, starts_at: datetime, per: str) -> tuple[date, date]:
    """The local week (Monday to Sunday) or calendar month a door falls in, as [first, next)."""
    day = starts_at.astimezone(calendar.zone(workspace)).date()
    if per == "month":
        first = day.replace(day=1)
        return first, (first + timedelta(days=32)).replace(day=1)
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=7)


def host_loads(session: Session, workspace: Workspace, doors: Iterable[Offer]) -> dict[int, Load]:
    """For each door, its host's load in that door's week or month."""
    doors = list(doors)
    limited = [door for door in doors if door.host.hosting_limit]
    loads = {door.id: Load.ROOM for door in doors}
    if not limited:
        return loads
    booked = session.execute(
        select(Offer.host_id, Offer.starts_at)
        .join(Visit, Visit.offer_id == Offer.id)
        .where(
            Offer.host_id.in_({door.host_id for door in limited}),
            Visit.status.in_((*ACTIVE_VISIT_STATUSES, VisitStatus.COMPLETED)),
            Offer.starts_at >= min(door.starts_at for door in limited) - timedelta(days=31),
            Offer.starts_at <= max(door.starts_at for door in limited) + timedelta(days=31),
        )
    ).all()
    for door in limited:
        first, after = _period(workspace, door.starts_at, door.host.hosting_per)
        count = sum(
            1
            for host_id, starts_at in booked
            if host_id == door.host_id
            and first <= starts_at.astimezone(calendar.zone(workspace)).date() < after
        )
        loads[door.id] = load_of(count, door.host.hosting_limit or 0)
    return loads


def load_of(booked: int, limit: int) -> Load:
    if booked >= limit:
        return Load.FULL
    return Load.NEAR if 2 * booked >= limit else Load.ROOM
