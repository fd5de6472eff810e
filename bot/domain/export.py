"""`/visit export`: a coach's or leader's record of their schools' visits, open doors and
requests, as plain rows a spreadsheet can take.

Only facts of the booking go in: who, where, when, which practices, how it stands. Nothing a
person wrote (reflections, notes, what visitors will see) and no count per person or score:
an export leaves Open Door, and what people wrote was shared with the bot, not with a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.domain.digest_scope import digest_schools
from bot.domain.errors import NotAllowed
from bot.models import Member, Offer, Request, Visit, Workspace
from bot.vocabulary import SCHOOL_WIDE_ROLES

Row = tuple[str, ...]

VISIT_COLUMNS: Row = ("date", "school", "host", "visitor", "practices", "status")
DOOR_COLUMNS: Row = ("date", "school", "host", "room", "practices", "seats", "taken", "status")
REQUEST_COLUMNS: Row = ("visitor", "school", "practices", "window", "status")


@dataclass(frozen=True)
class Export:
    """The reader's schools' records, oldest first, and how the schools are named."""

    scope: str
    visits: list[Row]
    doors: list[Row]
    requests: list[Row]


def ensure_may_export(member: Member) -> None:
    if member.role not in SCHOOL_WIDE_ROLES:
        raise NotAllowed("The export is for coaches, school leaders and admins.")


def export_for(session: Session, workspace: Workspace, reader: Member) -> Export:
    """The reader's school's records, or every school's for district staff (no school)."""
    ensure_may_export(reader)
    schools, scope = digest_schools(workspace, reader)
    zone = ZoneInfo(workspace.timezone)
    offers = session.scalars(
        select(Offer)
        .where(Offer.workspace_id == workspace.id, Offer.school_id.in_(schools))
        .options(
            selectinload(Offer.host),
            selectinload(Offer.school),
            selectinload(Offer.visits).selectinload(Visit.visitor),
        )
        .order_by(Offer.starts_at, Offer.id)
    ).all()
    requests = session.scalars(
        select(Request)
        .where(Request.workspace_id == workspace.id, Request.school_id.in_(schools))
        .options(selectinload(Request.visitor), selectinload(Request.school))
        .order_by(Request.window_start, Request.id)
    ).all()
    visits: list[Row] = [
        (_day(offer.starts_at, zone), offer.school.name, name_of(offer.host),
         name_of(visit.visitor), _listed(offer.practices), visit.status)
        for offer in offers
        for visit in offer.visits
    ]  # fmt: skip
    doors: list[Row] = [
        (_day(offer.starts_at, zone), offer.school.name, name_of(offer.host), offer.room,
         _listed(offer.practices), str(offer.seats), str(offer.seats_taken), offer.status)
        for offer in offers
        if offer.request_id is None
    ]  # fmt: skip
    asked: list[Row] = [
        (name_of(request.visitor), request.school.name if request.school else "",
         _listed(request.practices),
         f"{request.window_start.isoformat()} to {request.window_end.isoformat()}", request.status)
        for request in requests
    ]  # fmt: skip
    return Export(scope, visits, doors, asked)


def name_of(member: Member) -> str:
    """The name Slack gave us, else the Slack id: a file has no mentions to resolve."""
    return member.name or member.slack_user_id


def _day(instant: datetime, zone: ZoneInfo) -> str:
    return instant.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _listed(practices: list[str]) -> str:
    return "; ".join(practices)
