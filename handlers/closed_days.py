"""*Cancel* and *Keep it* on the ask about a day setup closed, for hosts and for visitors."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.domain.closed_days import answer_as_host, answer_as_visitor
from bot.services import Services
from bot.views import ids
from bot.views.closed_days import host_answered, visitor_answered
from handlers.shell import after_ack
from handlers.slack_io import action_value, actor, reply


def register(app: App) -> None:
    app.action(ids.CLOSED_DAY_CANCEL_DOOR)(**after_ack(click_cancel_door))
    app.action(ids.CLOSED_DAY_KEEP_DOOR)(**after_ack(click_keep_door))
    app.action(ids.CLOSED_DAY_CANCEL_VISIT)(**after_ack(click_cancel_visit))
    app.action(ids.CLOSED_DAY_KEEP_VISIT)(**after_ack(click_keep_visit))


def click_cancel_door(body: dict[str, Any], client: WebClient, services: Services) -> None:
    _as_host(body, client, services, cancel=True)


def click_keep_door(body: dict[str, Any], client: WebClient, services: Services) -> None:
    _as_host(body, client, services, cancel=False)


def click_cancel_visit(body: dict[str, Any], client: WebClient, services: Services) -> None:
    _as_visitor(body, client, services, cancel=True)


def click_keep_visit(body: dict[str, Any], client: WebClient, services: Services) -> None:
    _as_visitor(body, client, services, cancel=False)


def _as_host(body: dict[str, Any], client: WebClient, services: Services, cancel: bool) -> None:
    """The answer replaces the ask, so its buttons can't be pressed twice; a refusal (a late
    click) is a note beside it, and the ask stays as it was."""
    with services.unit_of_work() as session:
        workspace, host = actor(session, body)
        offer = answer_as_host(
            session, workspace, host, action_value(body), cancel, services.clock()
        )
        message = host_answered(offer, workspace.timezone, cancelled=cancel)
    reply(client, body, message, replace=True)


def _as_visitor(body: dict[str, Any], client: WebClient, services: Services, cancel: bool) -> None:
    with services.unit_of_work() as session:
        workspace, visitor = actor(session, body)
        visit = answer_as_visitor(
            session, workspace, visitor, action_value(body), cancel, services.clock()
        )
        message = visitor_answered(visit, workspace.timezone, cancelled=cancel)
    reply(client, body, message, replace=True)
