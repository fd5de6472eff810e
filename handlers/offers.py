"""Open doors and bookings: the offer modal, "Ask to visit", host approval, cancels."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain.bookings import book, cancel_visit, decide
from bot.domain.offers import OfferForm, cancel_offer, create_offer
from bot.domain.requests import get_request, matching_offers
from bot.models import Offer
from bot.services import Services
from bot.views import ids
from bot.views.agenda import matches_modal, notice
from handlers.home import publish_home
from handlers.shell import after_ack
from handlers.slack_io import action_value, actor, form_id, form_values, metadata, reply


def register(app: App) -> None:
    app.view(ids.OFFER_MODAL)(submit_offer)
    app.action(ids.BOOK)(**after_ack(click_book))
    app.action(ids.APPROVE)(**after_ack(click_approve))
    app.action(ids.DECLINE)(**after_ack(click_decline))
    app.action(ids.CANCEL_VISIT)(**after_ack(click_cancel_visit))
    app.action(ids.CANCEL_OFFER)(**after_ack(click_cancel_offer))
    app.action(ids.CALENDAR_LINK)(ack_link)
    app.action(ids.VIDEO_LINK)(ack_link)


def offer_form(values: dict[str, Any]) -> OfferForm:
    return OfferForm(
        day=values.get("day"),
        start=values.get("start"),
        end=values.get("end"),
        room=values.get("room") or "",
        grade=values.get("grade"),
        subject=values.get("subject"),
        practices=values.get("practices") or [],
        details=values.get("details") or "",
        key_moment=values.get("key_moment") or "",
        seats=values.get("seats") or "",
        approval="yes" in (values.get("approval") or []),
        feedback=values.get("feedback") or "warm",
        look_fors=values.get("look_fors") or "",
        video_url=values.get("video_url") or "",
        school_id=form_id(values, "school"),
    )


def submit_offer(ack: Ack, body: dict[str, Any], services: Services) -> None:
    form = offer_form(form_values(body["view"]))
    with services.unit_of_work() as session:
        workspace, host = actor(session, body)
        create_offer(session, workspace, host, form, services.clock())
    ack()


def click_book(body: dict[str, Any], client: WebClient, services: Services) -> None:
    offer_id = action_value(body)
    with services.unit_of_work() as session:
        workspace, visitor = actor(session, body)
        visit = book(session, workspace, visitor, offer_id, services.clock(), services.timing)
        pending = visit.status == "pending"
        host = visit.offer.host.slack_user_id
    if body.get("view", {}).get("callback_id") == ids.MATCHES_MODAL:
        refresh_matches(body, client, services)
    elif body.get("view", {}).get("type") == "home":
        publish_home(client, services, body)
    elif pending:
        reply(
            client,
            body,
            notice(f"I've asked <@{host}> if you can visit. You'll hear back in a DM."),
        )
    else:
        reply(
            client, body, notice(f"You're booked to visit <@{host}>! The details are in your DMs.")
        )


def refresh_matches(body: dict[str, Any], client: WebClient, services: Services) -> None:
    """Show the matches modal again with what is booked now, in place."""
    meta = metadata(body)
    now = services.clock()
    with services.unit_of_work() as session:
        workspace, visitor = actor(session, body)
        request = get_request(session, workspace, meta["request_id"])
        offers = [session.get(Offer, offer_id) for offer_id in meta.get("offer_ids", [])]
        shown = [offer for offer in offers if offer is not None] or matching_offers(
            session, workspace, request, now
        )
        booked = {
            visit.offer_id
            for offer in shown
            for visit in offer.visits
            if visit.visitor_id == visitor.id and visit.status in ("pending", "confirmed")
        }
        view = matches_modal(request, shown, visitor, workspace.timezone, now, booked)
    client.views_update(view_id=body["view"]["id"], view=view)


def click_approve(body: dict[str, Any], client: WebClient, services: Services) -> None:
    _decide(body, client, services, accept=True)


def click_decline(body: dict[str, Any], client: WebClient, services: Services) -> None:
    _decide(body, client, services, accept=False)


def _decide(body: dict[str, Any], client: WebClient, services: Services, accept: bool) -> None:
    with services.unit_of_work() as session:
        workspace, host = actor(session, body)
        visit = decide(
            session, workspace, host, action_value(body), accept, services.clock(), services.timing
        )
        visitor = visit.visitor.slack_user_id
    word = "welcomed" if accept else "declined"
    reply(client, body, notice(f"Done: you {word} <@{visitor}>. I've let them know."))


def click_cancel_visit(body: dict[str, Any], client: WebClient, services: Services) -> None:
    with services.unit_of_work() as session:
        workspace, member = actor(session, body)
        cancel_visit(session, workspace, member, action_value(body), services.clock())
    _after_cancel(
        body, client, services, "Cancelled. I've freed the seat and told the other person."
    )


def click_cancel_offer(body: dict[str, Any], client: WebClient, services: Services) -> None:
    with services.unit_of_work() as session:
        workspace, host = actor(session, body)
        cancel_offer(session, workspace, host, action_value(body), services.clock())
    _after_cancel(
        body, client, services, "Your open door is cancelled. I've told everyone who booked."
    )


def _after_cancel(body: dict[str, Any], client: WebClient, services: Services, text: str) -> None:
    if body.get("view", {}).get("type") == "home":
        publish_home(client, services, body)
    else:
        reply(client, body, notice(text))


def ack_link(ack: Ack) -> None:
    """Link buttons still send an action; acknowledging it keeps Slack from showing an error."""
