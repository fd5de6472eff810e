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
from bot.views.agenda import matches_modal
from bot.views.messages import request_text
from handlers.answers import answer_in_place, answer_replacing
from handlers.shell import Click, after_ack, decide_then_answer
from handlers.slack_io import action_value, actor, form_values, metadata


def register(app: App) -> None:
    app.view(ids.REQUEST_MODAL)(submit_request)
    app.view(ids.HOSTING_MODAL)(submit_hosting)
    app.action(ids.ASK_CHANNEL)(**decide_then_answer(decide_ask_channel, answer_in_place))
    app.action(ids.CAN_HOST)(**after_ack(click_can_host, modal=True))
    app.action(ids.CONFIRM_TIME)(**decide_then_answer(decide_confirm_time, answer_replacing))
    app.action(ids.DECLINE_TIME)(**decide_then_answer(decide_decline_time, answer_replacing))
    app.action(ids.WITHDRAW_REQUEST)(**decide_then_answer(decide_withdraw, answer_replacing))


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


def decide_ask_channel(click: Click) -> str:
    ask_channel(click.session, click.workspace, click.member, click.value, click.now)
    return "Posted in the visits channel. I'll DM you when a colleague offers."


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


def decide_confirm_time(click: Click) -> str:
    visit = confirm_time(
        click.session, click.workspace, click.member, click.value, click.now, click.timing
    )
    host = visit.offer.host.slack_user_id
    return f"Confirmed! You're visiting <@{host}>. The details are in your DMs."


def decide_decline_time(click: Click) -> str:
    offer = decline_time(click.session, click.workspace, click.member, click.value, click.now)
    return f"Declined. I've thanked <@{offer.host.slack_user_id}>; your request stays open."


def decide_withdraw(click: Click) -> str:
    withdraw_request(click.session, click.workspace, click.member, click.value, click.now)
    return "Your request is withdrawn."
