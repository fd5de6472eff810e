"""Answering a person where their click came from: the Home tab, the matches modal or a message.

One place, so every listener answers the same way whichever surface showed the button; listener
modules share it instead of importing one another.
"""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.domain import calendar
from bot.domain.agenda import agenda_for
from bot.domain.errors import NotFound
from bot.domain.matching import hosts_visited_this_term
from bot.domain.open_doors import upcoming_offers
from bot.domain.requests import get_request, matching_offers
from bot.models import Offer
from bot.services import Services
from bot.views import ids
from bot.views.agenda import home_view, matches_modal
from bot.views.messages import Message
from bot.views.notices import notice
from bot.vocabulary import ACTIVE_VISIT_STATUSES
from handlers.shell import acting
from handlers.slack_io import metadata, reply


def answer_in_place(
    said: str | Message,
    body: dict[str, Any],
    client: WebClient,
    services: Services,
    replace: bool = False,
) -> None:
    """Home is published again and the matches modal redrawn, showing what the click changed;
    on a message, `said` is the answer only the clicker sees (in place of it with `replace`)."""
    view = body.get("view") or {}
    if view.get("type") == "home":
        publish_home(client, services, body)
    elif view.get("callback_id") == ids.MATCHES_MODAL:
        refresh_matches(body, client, services)
    else:
        reply(client, body, notice(said) if isinstance(said, str) else said, replace=replace)


def publish_home(client: WebClient, services: Services, body: dict[str, Any]) -> None:
    with acting(services, body) as act:
        end = calendar.week_end(act.workspace, act.now)
        week = [
            offer
            for offer in upcoming_offers(act.session, act.workspace, act.now, limit=15)
            if offer.starts_at < end
        ]
        agenda = agenda_for(act.session, act.workspace, act.member, act.now)
        view = home_view(agenda, act.member, week, act.workspace.timezone, act.now)
        user_id = act.member.slack_user_id
    client.views_publish(user_id=user_id, view=view)


def refresh_matches(body: dict[str, Any], client: WebClient, services: Services) -> None:
    """Show the matches modal again with what is booked now, in place. Its metadata came back
    from Slack, so only the clicker's own request, and doors of their own workspace, are shown."""
    meta = metadata(body)
    with acting(services, body) as act:
        session, workspace, visitor, now = act.session, act.workspace, act.member, act.now
        request_ids = _ids([meta.get("request_id")])
        request = get_request(session, workspace, request_ids[0]) if request_ids else None
        if request is None or request.visitor_id != visitor.id:
            raise NotFound("I can't find that request any more.")
        offers = [session.get(Offer, offer_id) for offer_id in _ids(meta.get("offer_ids"))]
        shown = [
            offer for offer in offers if offer is not None and offer.workspace_id == workspace.id
        ] or matching_offers(session, workspace, request, now)
        booked = {
            visit.offer_id
            for offer in shown
            for visit in offer.visits
            if visit.visitor_id == visitor.id and visit.status in ACTIVE_VISIT_STATUSES
        }
        seen = hosts_visited_this_term(session, workspace, visitor, now)
        view = matches_modal(request, shown, visitor, workspace.timezone, now, booked, seen)
    client.views_update(view_id=body["view"]["id"], view=view)


def _ids(raw: Any) -> list[int]:
    """Whole numbers only: anything else in forged metadata is ignored."""
    if not isinstance(raw, list):
        return []
    return [value for value in raw if type(value) is int]


def answer_replacing(
    said: str | Message, body: dict[str, Any], client: WebClient, services: Services
) -> None:
    """As `answer_in_place`, the answer taking the place of the message whose button was pressed
    (a DM's question, once answered, is not asked again)."""
    answer_in_place(said, body, client, services, replace=True)
