"""Slack's word that the app was uninstalled from a workspace, or its bot token revoked.

Recorded before the acknowledgement (the database only), so the outbox's next pass already sends
nothing there; Slack retries an event it got no answer to, and recording it twice changes nothing.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.domain.installs import uninstall
from bot.services import Services
from handlers.slack_io import team_id


def register(app: App) -> None:
    app.event("app_uninstalled")(uninstalled)
    app.event("tokens_revoked")(tokens_revoked)


def uninstalled(ack: Ack, body: dict[str, Any], services: Services) -> None:
    with services.unit_of_work() as session:
        uninstall(session, team_id(body), services.clock())
    _forget_tokens(body, services)
    ack()


def tokens_revoked(
    ack: Ack, body: dict[str, Any], event: dict[str, Any], services: Services
) -> None:
    """Only the bot token matters: Open Door keeps no person's token, so a person revoking their
    own leaves the bot installed."""
    if event.get("tokens", {}).get("bot"):
        with services.unit_of_work() as session:
            uninstall(session, team_id(body), services.clock())
        _forget_tokens(body, services)
    ack()


def _forget_tokens(body: dict[str, Any], services: Services) -> None:
    """In OAuth mode the dead tokens leave the database; a reinstall stores new ones."""
    if services.installations is not None:
        team, enterprise = team_id(body), body.get("enterprise_id")
        services.installations.delete_installation(enterprise_id=enterprise, team_id=team)
        services.installations.delete_bot(enterprise_id=enterprise, team_id=team)
