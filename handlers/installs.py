"""Slack's word that the app was uninstalled, or its bot token revoked, or (in an Enterprise
Grid org) taken from or given to some of the org's workspaces.

Recorded before the acknowledgement (the database only), so the outbox's next pass already sends
nothing there; Slack retries an event it got no answer to, and recording it twice changes nothing.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.domain.installs import reinstall, uninstall, uninstall_org
from bot.services import Services
from handlers.slack_io import enterprise_id, team_id


def register(app: App) -> None:
    app.event("app_uninstalled")(uninstalled)
    app.event("tokens_revoked")(tokens_revoked)
    app.event("team_access_revoked")(team_access_revoked)
    app.event("team_access_granted")(team_access_granted)


def uninstalled(ack: Ack, body: dict[str, Any], context: BoltContext, services: Services) -> None:
    _stop(body, context, services)
    ack()


def tokens_revoked(
    ack: Ack,
    body: dict[str, Any],
    event: dict[str, Any],
    context: BoltContext,
    services: Services,
) -> None:
    """Only the bot token matters: Open Door keeps no person's token, so a person revoking their
    own leaves the bot installed."""
    if event.get("tokens", {}).get("bot"):
        _stop(body, context, services)
    ack()


def team_access_revoked(ack: Ack, event: dict[str, Any], services: Services) -> None:
    """An org-wide install no longer reaches these workspaces; the org's token still works for
    the others, so it stays."""
    with services.unit_of_work() as session:
        for team in _team_ids(event):
            uninstall(session, team, services.clock())
    ack()


def team_access_granted(ack: Ack, event: dict[str, Any], services: Services) -> None:
    """An org-wide install reaches these workspaces (again): what they are owed goes out."""
    with services.unit_of_work() as session:
        resumed = [team for team in _team_ids(event) if reinstall(session, team)]
    if resumed:
        services.outbox.kick()
    ack()


def _stop(body: dict[str, Any], context: BoltContext, services: Services) -> None:
    """The workspace's install, or the whole org's when it was installed org-wide, is gone; in
    OAuth mode its dead tokens leave the database, and a reinstall stores new ones."""
    org = enterprise_id(body)
    whole_org = org if context.is_enterprise_install else None
    team = None if whole_org else team_id(body)
    with services.unit_of_work() as session:
        if whole_org is not None:
            uninstall_org(session, whole_org, services.clock())
        else:
            uninstall(session, team_id(body), services.clock())
    if services.installations is not None:
        services.installations.delete_installation(enterprise_id=org, team_id=team)
        services.installations.delete_bot(enterprise_id=org, team_id=team)


def _team_ids(event: dict[str, Any]) -> list[str]:
    """The event's workspace ids; anything else in the list names no workspace."""
    teams = event.get("team_ids")
    return [team for team in teams if isinstance(team, str)] if isinstance(teams, list) else []
