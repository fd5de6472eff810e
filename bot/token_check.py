"""Single-workspace mode's reinstall: the bot token in the settings answers again.

Slack sends no event when an app without OAuth is installed again; its admin puts the new bot
token in `.env` and restarts. So at start the token is tried once (`auth.test`), and if it
works, the outbox's next pass sends the workspace it belongs to what it is still owed.
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.domain.installs import reinstall
from bot.services import Services

log = logging.getLogger(__name__)


def resume_if_reinstalled(services: Services) -> bool:
    """True when the token works for a workspace that had been uninstalled, now resumed."""
    if not services.settings.slack_bot_token:
        return False
    try:
        team_id = services.client.auth_test()["team_id"]
    except (SlackApiError, OSError) as error:
        log.warning("the bot token could not be checked at start (%s)", type(error).__name__)
        return False
    with services.unit_of_work() as session:
        resumed = reinstall(session, team_id)
    if resumed:
        log.info("installed again in workspace %s: the outbox sends what it is owed", team_id)
    return resumed
