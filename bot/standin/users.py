"""auth.test, users.* and usergroups.*: who the bot is, and who is in the workspace, as Slack
answers.

Each handler takes the World and the decoded arguments and returns the success body (without
"ok"), or raises ApiError with the error Slack would give. users.list pages with Slack's
cursors, so the app's paging is exercised as it is against a large workspace.
"""

from __future__ import annotations

import base64
from typing import Any

from bot.standin.arguments import ApiError, arg_int, required
from bot.standin.state import Handler, World


def auth_test(world: World, args: dict[str, Any]) -> dict[str, Any]:
    return {
        "url": f"https://{world.team_domain}.slack.com/",
        "team": world.team_domain,
        "user": world.users[world.bot_user_id].name,
        "team_id": world.team_id,
        "user_id": world.bot_user_id,
        "bot_id": world.bot_id,
        "is_enterprise_install": False,
    }


def users_info(world: World, args: dict[str, Any]) -> dict[str, Any]:
    return {"user": world.user(required(args, "user")).to_api(world.team_id)}


def users_list(world: World, args: dict[str, Any]) -> dict[str, Any]:
    """All members including Slackbot and the bot itself, as Slack lists them, with cursors."""
    members = list(world.users.values())
    start = 0
    if args.get("cursor"):
        after = base64.b64decode(str(args["cursor"])).decode().removeprefix("user:")
        start = next((i for i, u in enumerate(members) if u.id == after), len(members))
    limit = arg_int(args, "limit", 0) or len(members)
    page = members[start : start + limit]
    rest = members[start + limit :]
    cursor = base64.b64encode(f"user:{rest[0].id}".encode()).decode() if rest else ""
    return {
        "members": [u.to_api(world.team_id) for u in page],
        "cache_ts": 1700000000,
        "response_metadata": {"next_cursor": cursor},
    }


def usergroups_list(world: World, args: dict[str, Any]) -> dict[str, Any]:
    return {"usergroups": [group.to_api(world.team_id) for group in world.usergroups.values()]}


def usergroups_users_list(world: World, args: dict[str, Any]) -> dict[str, Any]:
    group = world.usergroups.get(required(args, "usergroup"))
    if group is None:
        raise ApiError("no_such_subteam")
    return {"users": list(group.users)}


METHODS: dict[str, Handler] = {
    "auth.test": auth_test,
    "users.info": users_info,
    "users.list": users_list,
    "usergroups.list": usergroups_list,
    "usergroups.users.list": usergroups_users_list,
}
