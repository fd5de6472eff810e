"""`/visit` and its subcommands. Each acknowledges at once, then opens a modal or answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.domain import calendar
from bot.domain.agenda import agenda_for
from bot.domain.digest import build_digest
from bot.domain.members import needs_welcome
from bot.domain.nudges import set_muted
from bot.domain.offers import upcoming_offers
from bot.domain.prefill import read_offer_text
from bot.domain.workspaces import ensure_may_run_setup, find_workspace, saved_setup
from bot.services import Services
from bot.views import forms
from bot.views.agenda import (
    MAX_LISTED,
    help_message,
    list_message,
    mine_message,
    notice,
    welcome_message,
)
from bot.views.digest import digest_message
from handlers.shell import after_ack
from handlers.slack_io import actor, reply, team_id, user

Subcommand = Callable[[Services, WebClient, dict[str, Any], str], None]


def register(app: App) -> None:
    """Subcommands that open a modal get the modal lane: their trigger expires in 3 seconds."""
    app.command("/visit", matchers=[opens_a_modal])(
        **after_ack(open_modal, modal=True, then=(welcome_newcomer,))
    )
    app.command("/visit")(**after_ack(answer))


def opens_a_modal(body: dict[str, Any]) -> bool:
    return _subcommand(body)[0] in MODALS


def open_modal(body: dict[str, Any], client: WebClient, services: Services) -> None:
    name, rest = _subcommand(body)
    MODALS[name](services, client, body, rest)


def welcome_newcomer(body: dict[str, Any], client: WebClient, services: Services) -> None:
    """Someone offering or asking before they filled in their profile gets a way to it."""
    if _subcommand(body)[0] not in ("offer", "request"):
        return
    with services.unit_of_work() as session:
        welcome = needs_welcome(session, team_id(body), user(body)[0])
    if welcome:
        reply(client, body, welcome_message())


def answer(body: dict[str, Any], client: WebClient, services: Services) -> None:
    name, rest = _subcommand(body)
    ANSWERS.get(name, show_help)(services, client, body, rest)


def _subcommand(body: dict[str, Any]) -> tuple[str, str]:
    name, _, rest = str(body.get("text") or "").strip().partition(" ")
    return name.lower(), rest.strip()


def show_help(services: Services, client: WebClient, body: dict[str, Any], _rest: str) -> None:
    reply(client, body, help_message())


def open_setup(services: Services, client: WebClient, body: dict[str, Any], _rest: str) -> None:
    user_id, _ = user(body)
    profile = client.users_info(user=user_id)["user"]
    slack_admin = bool(profile.get("is_admin") or profile.get("is_owner"))
    with services.unit_of_work() as session:
        ensure_may_run_setup(session, team_id(body), user_id, slack_admin)
        workspace = find_workspace(session, team_id(body))
        roles, closed = saved_setup(session, workspace)
        view = forms.setup_modal(workspace, services.settings.opendoor_timezone, roles, closed)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def open_profile(services: Services, client: WebClient, body: dict[str, Any], _rest: str) -> None:
    with services.unit_of_work() as session:
        workspace, member = actor(session, body)
        view = forms.profile_modal(workspace, member)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def open_offer(services: Services, client: WebClient, body: dict[str, Any], rest: str) -> None:
    with services.unit_of_work() as session:
        workspace, member = actor(session, body)
        prefill = read_offer_text(rest, calendar.local_today(workspace, services.clock()))
        view = forms.offer_modal(workspace, member, prefill)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def open_request(services: Services, client: WebClient, body: dict[str, Any], _rest: str) -> None:
    with services.unit_of_work() as session:
        workspace, member = actor(session, body)
        view = forms.request_modal(member, calendar.local_today(workspace, services.clock()))
    client.views_open(trigger_id=body["trigger_id"], view=view)


def show_list(services: Services, client: WebClient, body: dict[str, Any], rest: str) -> None:
    now = services.clock()
    with services.unit_of_work() as session:
        workspace, member = actor(session, body)
        offers = upcoming_offers(session, workspace, now, rest, limit=MAX_LISTED + 1)
        message = list_message(offers, member, rest, workspace.timezone, now)
    reply(client, body, message)


def show_mine(services: Services, client: WebClient, body: dict[str, Any], _rest: str) -> None:
    with services.unit_of_work() as session:
        workspace, member = actor(session, body)
        message = mine_message(
            agenda_for(session, workspace, member, services.clock()), member, workspace.timezone
        )
    reply(client, body, message)


def set_nudges(services: Services, client: WebClient, body: dict[str, Any], rest: str) -> None:
    wanted = rest.lower().strip()
    if wanted not in ("on", "off"):
        reply(
            client,
            body,
            notice("Use `/visit nudges off` to stop nudges, `/visit nudges on` to resume."),
        )
        return
    with services.unit_of_work() as session:
        _workspace, member = actor(session, body)
        set_muted(member, wanted == "off")
    text = (
        "Nudges are off. Reminders about visits you booked still come."
        if wanted == "off"
        else "Nudges are on."
    )
    reply(client, body, notice(text))


def show_digest(services: Services, client: WebClient, body: dict[str, Any], _rest: str) -> None:
    with services.unit_of_work() as session:
        workspace, member = actor(session, body)
        digest = build_digest(session, workspace, member, services.timing, services.clock())
        message = digest_message(digest, workspace.timezone)
    reply(client, body, message)


MODALS: dict[str, Subcommand] = {
    "setup": open_setup,
    "profile": open_profile,
    "offer": open_offer,
    "request": open_request,
}
ANSWERS: dict[str, Subcommand] = {
    "help": show_help,
    "list": show_list,
    "mine": show_mine,
    "nudges": set_nudges,
    "digest": show_digest,
}
