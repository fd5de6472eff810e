"""Kinds of message about a day setup closed: the ask to each host and visitor of its doors.

Rendered from the database as it is when sent: an ask about a door already cancelled, a visit
already called off, or a day open again is skipped, so nobody is asked about what's settled.
"""

from __future__ import annotations

from bot.domain.closed_days import still_closed
from bot.models import Offer, Visit
from bot.outbox.outgoing import Outgoing, Owed
from bot.views import closed_days
from bot.vocabulary import ACTIVE_VISIT_STATUSES, OfferStatus


def closed_day_host(owed: Owed) -> Outgoing | None:
    offer = owed.subject(Offer)
    if offer.status != OfferStatus.OPEN or not still_closed(owed.session, owed.workspace, offer):
        return None
    return owed.dm(closed_days.closed_day_host(offer, owed.zone))


def closed_day_visitor(owed: Owed) -> Outgoing | None:
    visit = owed.subject(Visit)
    if visit.status not in ACTIVE_VISIT_STATUSES:
        return None
    if not still_closed(owed.session, owed.workspace, visit.offer):
        return None
    return owed.dm(closed_days.closed_day_visitor(visit, owed.zone))
