"""How open doors are ordered for one visitor: doors they are free for first (no class of theirs
to cover), then fit, then hosts further from the visits they are glad to host, then a host new
to them, then the soonest.

Spreading visits means steering people to classrooms they haven't seen, without ever hiding a
door: a host the visitor already visited this term still appears, after the hosts new to them
that fit as well. Fit stays first, so a visitor who names a practice still sees the door that
shows it best, whoever hosts it. The order is for that one visitor's suggestions; nothing here is
kept, shown to anyone else, or scored per teacher.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain import calendar
from bot.domain.free_periods import Freedom, freedom
from bot.domain.host_load import Load, host_loads
from bot.models import Member, Offer, Visit, Workspace
from bot.vocabulary import ACTIVE_VISIT_STATUSES, VisitStatus

SPRING_TERM_MONTH, FALL_TERM_MONTH = 1, 8  # a school year's halves: January–July, August–December


@dataclass(frozen=True)
class Candidate:
    """One open door as the ranking sees it: how well it fits, whether its host is new to the
    visitor, and when it is (the tie-breakers are the soonest, then the door's id)."""

    fit: int
    new_to_you: bool
    starts_at: datetime
    offer_id: int
    load: Load = Load.ROOM  # how near its host is then to the visits they're glad to host
    needs_cover: bool = False  # the visitor teaches then, by their school's bell schedule


def ranked(candidates: list[Candidate]) -> list[Candidate]:
    """Doors the visitor is free for before doors that need cover; then the best fit; among
    equal fits, hosts with room before hosts near their limit before hosts who have had their
    fill, then hosts new to the visitor, then the soonest."""
    return sorted(
        candidates,
        key=lambda c: (c.needs_cover, -c.fit, c.load, not c.new_to_you, c.starts_at, c.offer_id),
    )


def rank_doors(
    session: Session,
    workspace: Workspace,
    visitor: Member,
    doors: Iterable[Offer],
    fit: Callable[[Offer], int],
    seen: set[int],
) -> list[Offer]:
    """`doors` in `ranked` order for `visitor`, by their timetable, the caller's measure of fit,
    the hosts' load and the hosts already `seen`."""
    by_id = {door.id: door for door in doors}
    loads = host_loads(session, workspace, by_id.values())
    candidates = [
        Candidate(
            fit(door), door.host_id not in seen, door.starts_at, door.id, loads[door.id],
            freedom(visitor, door.starts_at, door.ends_at, workspace.timezone) is Freedom.NEEDS_COVER,
        )
        for door in by_id.values()
    ]  # fmt: skip
    return [by_id[candidate.offer_id] for candidate in ranked(candidates)]


def term_start(day: date) -> date:
    """The first day of the school term `day` falls in: August 1 or January 1."""
    month = FALL_TERM_MONTH if day.month >= FALL_TERM_MONTH else SPRING_TERM_MONTH
    return date(day.year, month, 1)


def hosts_visited_this_term(
    session: Session, workspace: Workspace, visitor: Member, now: datetime
) -> set[int]:
    """The members whose classroom the visitor visited, or is booked to visit, this term."""
    since = calendar.to_utc(workspace, term_start(calendar.local_today(workspace, now)), time(0))
    return set(
        session.scalars(
            select(Offer.host_id)
            .join(Visit, Visit.offer_id == Offer.id)
            .where(
                Visit.visitor_id == visitor.id,
                Visit.status.in_((*ACTIVE_VISIT_STATUSES, VisitStatus.COMPLETED)),
                Offer.starts_at >= since,
            )
        )
    )
