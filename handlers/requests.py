"""Visit requests: the request modal, matches, asking the channel, "I can host", confirming."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.domain.hosting import HostingForm, confirm_time, decline_time, propose_time
from bot.domain.matching import hosts_visited_this_term
from bot.domain.requests import (
    RequestForm,
    ask_channel,
    create_request,
    get_request,
    matching_offers,
    withdraw_request,
)
from bot.services import Services
from bot.views import forms, ids
from bot.views.agenda import matches_modal
from bot.views.cards import request_text
from handlers.answers import answer_in_place, answer_replacing
from handlers.shell import Acting, acting, after_ack, decide_then_answer, opens
from handlers.slack_io import form_values, metadata


def register(app: App) -> None:
    app.view(ids.REQUEST_MODAL)(submit_request)
    app.view(ids.HOSTING_MODAL)(submit_hosting)
    app.action(ids.ASK_CHANNEL)(**decide_then_answer(decide_ask_channel, answer_in_place))
    app.action(ids.CAN_HOST)(**after_ack(opens(hosting_modal), modal=True))
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
    with acting(services, body) as act:
        request = create_request(act.session, act.workspace, act.member, form, act.now)
        offers = matching_offers(act.session, act.workspace, request, act.now)
        seen = hosts_visited_this_term(act.session, act.workspace, act.member, act.now)
        if not offers:
            ask_channel(act.session, act.workspace, act.member, request.id, act.now)
        view = matches_modal(
            request, offers, act.member, act.workspace.timezone, act.now, set(), seen
        )
    ack(response_action="update", view=view)


def decide_ask_channel(click: Acting) -> str:
    ask_channel(click.session, click.workspace, click.member, click.value, click.now)
    return "Posted in the visits channel. I'll DM you when a colleague offers."


def hosting_modal(act: Acting) -> dict[str, Any]:
    """ "I can host" on a request card: a modal to propose a time to that visitor."""
    request = get_request(act.session, act.workspace, act.value)
    return forms.hosting_modal(act.workspace, request, request_text(request), act.member.school)


def submit_hosting(ack: Ack, body: dict[str, Any], services: Services) -> None:
    values = form_values(body["view"])
    form = HostingForm(
        day=values.get("day"),
        start=values.get("start"),
        end=values.get("end"),
        room=values.get("room") or "",
        note=values.get("note") or "",
        period=values.get("period"),
    )
    with acting(services, body) as act:
        request_id = metadata(body)["request_id"]
        propose_time(act.session, act.workspace, act.member, request_id, form, act.now)
    ack()


def decide_confirm_time(click: Acting) -> str:
    visit = confirm_time(
        click.session, click.workspace, click.member, click.value, click.now, click.timing
    )
    host = visit.offer.host.slack_user_id
    return f"Confirmed! You're visiting <@{host}>. The details are in your DMs."


def decide_decline_time(click: Acting) -> str:
    offer = decline_time(click.session, click.workspace, click.member, click.value, click.now)
    return f"Declined. I've thanked <@{offer.host.slack_user_id}>; your request stays open."


def decide_withdraw(click: Acting) -> str:
    withdraw_request(click.session, click.workspace, click.member, click.value, click.now)
    return "Your request is withdrawn."
