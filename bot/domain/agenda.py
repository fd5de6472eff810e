"""What one person has coming: visits, open doors, requests, times offered to them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Member, Offer, Request, Visit, Workspace
from bot.vocabulary import ACTIVE_VISIT_STATUSES, OfferStatus, RequestStatus


@dataclass
class Agenda:
    visiting: list[Visit]
    hosting: list[Offer]
    requests: list[Request]
    proposals: list[Offer]
    offered: list[Offer]

    @property
    def empty(self) -> bool:
        return not (
            self.visiting or self.hosting or self.requests or self.proposals or self.offered
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
    )
