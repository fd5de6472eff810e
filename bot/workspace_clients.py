"""Which token a call outside a listener uses: the token of the workspace it is for.

Listeners get Bolt's per-request client, authorized for the workspace the request came from.
The outbox and the jobs work for every workspace in turn, so in OAuth mode the deployment's
client has no token of its own and hands out, per workspace, a client with that workspace's
token. In single-workspace mode there is one token and the client is used as it is.
"""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.installations import EncryptedInstallationStore


class InstallationsClient(WebClient):
    """OAuth mode's deployment client: Slack's address and timeouts, and every workspace's
    installation to take a token from (`for_team`)."""

    def __init__(self, installations: EncryptedInstallationStore, **options: Any) -> None:
        super().__init__(**options)
        self.installations = installations

    def for_team(self, team_id: str, enterprise_id: str | None) -> WebClient:
        """A client with the workspace's bot token (its own, or its Enterprise org's); with none
        installed, a call is refused as `not_authed`, which the outbox treats as a token Slack
        refused."""
        bot = self.installations.bot_for(team_id, enterprise_id)
        return WebClient(
            token=bot.bot_token if bot is not None else None,
            base_url=self.base_url,
            timeout=self.timeout,
            retry_handlers=self.retry_handlers,
        )


def for_workspace(client: WebClient, team_id: str, enterprise_id: str | None) -> WebClient:
    """The client to call Slack with for this workspace."""
    if isinstance(client, InstallationsClient):
        return client.for_team(team_id, enterprise_id)
    return client
