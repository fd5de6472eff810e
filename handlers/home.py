"""The App Home tab: my agenda, this week's open doors, and buttons to offer and request."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.domain import calendar
from bot.domain.errors import NotSetUp
from bot.domain.prefill import Prefill
from bot.services import Services
from bot.views import forms, ids, setup_forms
from bot.views.agenda import not_set_up_home
from handlers.answers import publish_home
from handlers.shell import Acting, ack_now, after_ack, opens


def register(app: App) -> None:
    app.event("app_home_opened")(ack=ack_now, lazy=[home_opened])
    app.action(ids.OPEN_OFFER)(**after_ack(opens(offer_modal), modal=True))
    app.action(ids.OPEN_REQUEST)(**after_ack(opens(request_modal), modal=True))
    app.action(ids.OPEN_PROFILE)(**after_ack(opens(profile_modal), modal=True))


def home_opened(
    body: dict[str, Any], event: dict[str, Any], client: WebClient, services: Services
) -> None:
    """Before setup the tab itself says so: a DM every time someone opens it would be noise."""
    if event.get("tab", "home") != "home":
        return
    try:
        publish_home(client, services, body)
    except NotSetUp as not_yet:
        client.views_publish(user_id=event["user"], view=not_set_up_home(not_yet.message))


def offer_modal(act: Acting) -> dict[str, Any]:
    return forms.offer_modal(act.workspace, act.member, Prefill())


def request_modal(act: Acting) -> dict[str, Any]:
    return forms.request_modal(act.member, calendar.local_today(act.workspace, act.now))


def profile_modal(act: Acting) -> dict[str, Any]:
    return setup_forms.profile_modal(act.workspace, act.member)
