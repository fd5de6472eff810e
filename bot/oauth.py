"""OAuth mode's install flow: Bolt's OAuthSettings on the project's own stores.

Bolt serves /slack/install (a page with *Add to Slack*, and a state kept both in the database
and in the browser's cookie) and /slack/oauth_redirect (which exchanges Slack's code at
oauth.v2.access and saves the installation). Each request after that is authorized with the
token of the workspace, or Enterprise org, it comes from.
"""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import BoltResponse
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings

from bot.domain.installs import reinstall, reinstall_org
from bot.installations import STATE_SECONDS, state_store
from bot.services import Services

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"


def oauth_settings(services: Services) -> OAuthSettings | None:
    """None in single-workspace mode (SLACK_BOT_TOKEN)."""
    settings = services.settings
    if services.installations is None:
        return None
    return OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=settings.slack_scopes,
        redirect_uri=settings.slack_redirect_uri or None,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=services.installations,
        installation_store_bot_only=True,
        state_store=state_store(services.engine),
        state_expiration_seconds=STATE_SECONDS,
        callback_options=CallbackOptions(success=_installed(services), failure=_not_installed),
    )


def _installed(services: Services) -> Callable[[SuccessArgs], BoltResponse]:
    """A workspace installed again, or every workspace of an Enterprise org installed again
    org-wide, gets what it is still owed (an uninstall held it back)."""

    def success(args: SuccessArgs) -> BoltResponse:
        installed = args.installation
        with services.unit_of_work() as session:
            if installed.is_enterprise_install and installed.enterprise_id:
                reinstall_org(session, installed.enterprise_id)
            elif installed.team_id:
                reinstall(session, installed.team_id)
        services.outbox.kick()
        return args.default.success(args)

    return success


def _not_installed(args: FailureArgs) -> BoltResponse:
    """Bolt's own page: the person is told the install failed and can start again."""
    return args.default.failure(args)
