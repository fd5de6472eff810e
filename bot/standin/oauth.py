"""oauth.v2.access, and the person on Slack's side of an install who clicks *Allow*.

Slack's install: the app's /slack/install page links to slack.com's authorize URL with a state;
the person allows it; Slack redirects their browser to the app's redirect URL with a one-time
code and that state; the app exchanges the code (with its client id and secret, in HTTP basic
auth) at oauth.v2.access for the bot token. A workspace install answers with `team`; an
Enterprise org-wide install with `team: null`, the `enterprise`, and `is_enterprise_install`.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlparse

from bot.standin.arguments import ApiError, required
from bot.standin.state import World


@dataclass(frozen=True)
class Grant:
    """What one *Allow* granted: a bot token for a workspace, or for a whole Enterprise org."""

    bot_token: str
    team_id: str | None
    enterprise_id: str | None
    installer: str
    scope: str

    @property
    def org_wide(self) -> bool:
        return self.team_id is None


@dataclass(frozen=True)
class Approval:
    """Where Slack sends the person's browser back to: the app's redirect, code and state."""

    code: str
    state: str
    redirect_uri: str


# Methods that must name the workspace when called with an org-wide token (Slack's docs: "team_id
# ... required if org token is used").
NAME_THE_WORKSPACE = frozenset({"users.list", "usergroups.list", "usergroups.users.list"})


def refused_for_org(grant: Grant | None, method: str, args: dict[str, Any]) -> str | None:
    """An org-wide token calling a per-workspace list without saying which workspace."""
    if grant is not None and grant.org_wide and method in NAME_THE_WORKSPACE:
        return None if args.get("team_id") else "missing_argument"
    return None


def allow(world: World, authorize_url: str, grant: Grant) -> Approval:
    """The person allows the install the authorize URL asks for (its state comes back as is)."""
    query = parse_qs(urlparse(authorize_url).query)
    code = f"code-{secrets.token_hex(8)}"
    world.install_codes[code] = grant
    return Approval(code, query.get("state", [""])[0], query.get("redirect_uri", [""])[0])


def oauth_v2_access(world: World, args: dict[str, Any]) -> dict[str, Any]:
    grant = world.install_codes.pop(required(args, "code"), None)
    if grant is None:
        raise ApiError("invalid_code")
    world.grants[grant.bot_token] = grant
    enterprise = (
        {"id": grant.enterprise_id, "name": f"{grant.enterprise_id} org"}
        if grant.enterprise_id
        else None
    )
    return {
        "access_token": grant.bot_token,
        "token_type": "bot",
        "scope": grant.scope,
        "bot_user_id": world.bot_user_id,
        "app_id": world.app_id,
        "team": {"id": grant.team_id, "name": f"{grant.team_id} school"} if grant.team_id else None,
        "enterprise": enterprise,
        "authed_user": {"id": grant.installer},
        "is_enterprise_install": grant.org_wide,
    }


def client_of(authorization: str | None) -> tuple[str, str] | None:
    """The client id and secret from an HTTP basic Authorization value, if it is one."""
    if not authorization or not authorization.startswith("Basic "):
        return None
    try:
        pair = base64.b64decode(authorization.removeprefix("Basic ")).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, _, secret = pair.partition(":")
    return client_id, secret


def auth_test_for(world: World, grant: Grant) -> dict[str, Any]:
    """auth.test with an installed token: the workspace (or org) it was granted for."""
    return {
        "url": f"https://{(grant.team_id or grant.enterprise_id or '').lower()}.slack.com/",
        "team": grant.team_id or "",
        "user": world.users[world.bot_user_id].name,
        "team_id": grant.team_id or "",
        "enterprise_id": grant.enterprise_id,
        "user_id": world.bot_user_id,
        "bot_id": world.bot_id,
        "is_enterprise_install": grant.org_wide,
    }


METHODS = {"oauth.v2.access": oauth_v2_access}
