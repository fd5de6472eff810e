"""Visit requests: the request modal, matches, asking the channel, "I can host", confirming."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain.requests import (
    HostingForm,
    RequestForm,
    ask_channel,
    confirm_time,
    create_request,
    decline_time,
    get_request,
    matching_offers,
    propose_time,
    withdraw_request,
)
from bot.services import Services
from bot.views import forms, ids
from bot.views.agenda import matches_modal, notice
from bot.views.messages import request_text
from handlers.home import publish_home
from handlers.offers import refresh_matches
from handlers.shell import after_ack
from handlers.slack_io import action_value, actor, form_values, metadata, reply


def register(app: App) -> None:
    app.view(ids.REQUEST_MODAL)(submit_request)
    app.view(ids.HOSTING_MODAL)(submit_hosting)
    app.action(ids.ASK_CHANNEL)(**after_ack(click_ask_channel))
    app.action(ids.CAN_HOST)(**after_ack(click_can_host, modal=True))
    app.action(ids.CONFIRM_TIME)(**after_ack(click_confirm_time))
    app.action(ids.DECLINE_TIME)(**after_ack(click_decline_time))
    app.action(ids.WITHDRAW_REQUEST)(**after_ack(click_withdraw))


def request_form(values: dict[str, Any]) -> RequestForm:
    return RequestForm(
        practices=values.get("practices") or [],
        grades=values.get("grades") or [],
        subjects=values.get("subjects") or [],
        window_start=values.get("window_start"),
        window_end=values.get("window_end"),
        any_school=values.get("scope") == "any",
        notes=values.get("notes") or "",
    )


def submit_request(ack: Ack, body: dict[str, Any], services: Services) -> None:
    """Save the request, then answer in the same modal: best matches, or "I've asked the channel"."""
    form = request_form(form_values(body["view"]))
    now = services.clock()
    with services.unit_of_work() as session:
        workspace, visitor = actor(session, body)
        request = create_request(session, workspace, visitor, form, now)
        offers = matching_offers(session, workspace, request, now)
        if not offers:
            ask_channel(session, workspace, visitor, request.id, now)
        view = matches_modal(request, offers, visitor, workspace.timezone, now, booked=set())
    ack(response_action="update", view=view)


def click_ask_channel(body: dict[str, Any], client: WebClient, services: Services) -> None:
    with services.unit_of_work() as session:
        workspace, visitor = actor(session, body)
        ask_channel(session, workspace, visitor, action_value(body), services.clock())
    if body.get("view", {}).get("callback_id") == ids.MATCHES_MODAL:
        refresh_matches(body, client, services)
    else:
        reply(
            client,
            body,
            notice("Posted in the visits channel. I'll DM you when a colleague offers."),
        )


def click_can_host(body: dict[str, Any], client: WebClient, services: Services) -> None:
    with services.unit_of_work() as session:
        workspace, _host = actor(session, body)
        request = get_request(session, workspace, action_value(body))
        view = forms.hosting_modal(workspace, request, request_text(request))
    client.views_open(trigger_id=body["trigger_id"], view=view)


def submit_hosting(ack: Ack, body: dict[str, Any], services: Services) -> None:
    values = form_values(body["view"])
    form = HostingForm(
        day=values.get("day"),
        start=values.get("start"),
        end=values.get("end"),
        room=values.get("room") or "",
        note=values.get("note") or "",
    )
    with services.unit_of_work() as session:
        workspace, host = actor(session, body)
        propose_time(session, workspace, host, metadata(body)["request_id"], form, services.clock())
    ack()


def click_confirm_time(body: dict[str, Any], client: WebClient, services: Services) -> None:
    with services.unit_of_work() as session:
        workspace, visitor = actor(session, body)
        visit = confirm_time(
            session, workspace, visitor, action_value(body), services.clock(), services.timing
        )
        host = visit.offer.host.slack_user_id
    _answer(
        body,
        client,
        services,
        f"Confirmed! You're visiting <@{host}>. The details are in your DMs.",
    )


def click_decline_time(body: dict[str, Any], client: WebClient, services: Services) -> None:
    with services.unit_of_work() as session:
        workspace, visitor = actor(session, body)
        offer = decline_time(session, workspace, visitor, action_value(body), services.clock())
        host = offer.host.slack_user_id
    _answer(body, client, services, f"Declined. I've thanked <@{host}>; your request stays open.")


def click_withdraw(body: dict[str, Any], client: WebClient, services: Services) -> None:
    with services.unit_of_work() as session:
        workspace, visitor = actor(session, body)
        withdraw_request(session, workspace, visitor, action_value(body), services.clock())
    _answer(body, client, services, "Your request is withdrawn.")


def _answer(body: dict[str, Any], client: WebClient, services: Services, text: str) -> None:
    if body.get("view", {}).get("type") == "home":
        publish_home(client, services, body)
    else:
        reply(
            client, body, notice(text), replace=body.get("container", {}).get("type") == "message"
        )
