"""How many visits a host is glad to host, and whether a door's host has had their fill.

A host says it in their profile, per week or per month (school time). Doors beyond it stay
open and bookable: the limit only moves their doors after others in suggestions, and keeps a
coach's *Share again* from pushing them. The count is the visits booked (asked, confirmed or
held) at their doors in the week or month of the door in question.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain import calendar
from bot.models import Member, Offer, Visit, Workspace
from bot.vocabulary import ACTIVE_VISIT_STATUSES, VisitStatus

PERIODS = ("week", "month")
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


def hosts_with_room(
    session: Session, workspace: Workspace, doors: Iterable[Offer]
) -> dict[int, bool]:
    """For each door, whether its host has room left in that door's week or month: always, for
    a host who set no limit."""
    doors = list(doors)
    limited = [door for door in doors if door.host.hosting_limit]
    room = {door.id: True for door in doors}
    if not limited:
        return room
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
        room[door.id] = count < (door.host.hosting_limit or 0)
    return room
