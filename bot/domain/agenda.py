"""What one person has coming: visits, open doors, requests, times offered to them, and the
team visits and coaching rounds they are on, host a classroom of, or planned."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session, selectinload

from bot.models import GroupMember, GroupVisit, Member, Offer, Request, Stop, Visit, Workspace
from bot.vocabulary import (
    ACTIVE_VISIT_STATUSES,
    ROUTE_STOP_STATUSES,
    GroupVisitStatus,
    OfferStatus,
    RequestStatus,
)


@dataclass
class GroupPart:
    """A team visit or coaching round, and the person's part in it: the stop they host (if any),
    whether they are on the team (or take part in the round), whether they planned it."""

    visit: GroupVisit
    stop: Stop | None
    on_it: bool
    planned: bool


@dataclass
class Agenda:
    visiting: list[Visit]
    hosting: list[Offer]
    requests: list[Request]
    proposals: list[Offer]
    offered: list[Offer]
    group_visits: list[GroupPart]

    @property
    def empty(self) -> bool:
        return not (
            self.visiting
            or self.hosting
            or self.requests
            or self.proposals
            or self.offered
            or self.group_visits
        )


def agenda_for(session: Session, workspace: Workspace, member: Member, now: datetime) -> Agenda:
    visiting = session.scalars(
        select(Visit)
        .join(Offer, Visit.offer_id == Offer.id)
        .where(
            Visit.visitor_id == member.id,
            Visit.status.in_(ACTIVE_VISIT_STATUSES),
            Offer.ends_at > now,
        )
        .order_by(Offer.starts_at)
    )
    hosting = session.scalars(
        select(Offer)
        .where(
            Offer.host_id == member.id,
            Offer.status == OfferStatus.OPEN,
            Offer.ends_at > now,
        )
        .order_by(Offer.starts_at)
    ).all()
    requests = session.scalars(
        select(Request)
        .where(Request.visitor_id == member.id, Request.status == RequestStatus.OPEN)
        .order_by(Request.created_at)
    )
    proposals = session.scalars(
        select(Offer)
        .join(Request, Offer.request_id == Request.id)
        .where(
            Request.visitor_id == member.id,
            Request.status == RequestStatus.OPEN,
            Offer.status == OfferStatus.OPEN,
            Offer.seats_taken == 0,
            Offer.starts_at > now,
        )
        .order_by(Offer.starts_at)
    )
    return Agenda(
        visiting=list(visiting),
        hosting=[offer for offer in hosting if offer.request_id is None or offer.seats_taken > 0],
        requests=list(requests),
        proposals=list(proposals),
        offered=[
            offer
            for offer in hosting
            if offer.request is not None
            and offer.seats_taken == 0
            and offer.request.status == RequestStatus.OPEN
            and offer.starts_at > now
        ],
        group_visits=group_parts(session, member, now),
    )


def group_parts(session: Session, member: Member, now: datetime) -> list[GroupPart]:
    """The planned team visits and rounds whose debrief is still ahead that the person is on,
    hosts a stop of (asked or confirmed) or planned, soonest first."""
    visits = session.scalars(
        select(GroupVisit)
        .where(
            GroupVisit.workspace_id == member.workspace_id,
            GroupVisit.status == GroupVisitStatus.PLANNED,
            GroupVisit.debrief_at > now,
            or_(
                GroupVisit.planner_id == member.id,
                exists().where(
                    GroupMember.group_visit_id == GroupVisit.id,
                    GroupMember.member_id == member.id,
                ),
                exists().where(
                    Stop.group_visit_id == GroupVisit.id,
                    Stop.host_id == member.id,
                    Stop.status.in_(ROUTE_STOP_STATUSES),
                ),
            ),
        )
        .options(selectinload(GroupVisit.stops), selectinload(GroupVisit.members))
        .order_by(GroupVisit.day, GroupVisit.id)
    )
    return [
        GroupPart(
            visit=visit,
            stop=next(
                (
                    stop
                    for stop in visit.stops
                    if stop.host_id == member.id and stop.status in ROUTE_STOP_STATUSES
                ),
                None,
            ),
            on_it=any(entry.member_id == member.id for entry in visit.members),
            planned=visit.planner_id == member.id,
        )
        for visit in visits
    ]
