"""conversations.*: opening DMs, joining channels and reading history, as Slack answers.

Each handler takes the World and the decoded arguments and returns the success body (without
"ok"), or raises ApiError with the error Slack would give. The checks that bite in production
are here: reading history where the bot is not a member, joining a private or archived channel.
"""

from __future__ import annotations

import base64
from typing import Any

from bot.standin.arguments import ApiError, arg_bool, arg_int, required
from bot.standin.directory import Channel, dm_channel_id
from bot.standin.state import Handler, Message, World


def conversations_open(world: World, args: dict[str, Any]) -> dict[str, Any]:
    users = args.get("users") or ""
    user_ids = users if isinstance(users, list) else [u for u in str(users).split(",") if u]
    if len(user_ids) != 1:
        raise ApiError(
            "invalid_arguments",
            response_metadata={
                "messages": ["[ERROR] the stand-in opens one-person DMs only [json-pointer:/users]"]
            },
        )
    already = dm_channel_id(user_ids[0]) in world.channels
    channel = world.open_dm(user_ids[0])
    body: dict[str, Any] = {
        "channel": channel.to_api(world.bot_user_id)
        if arg_bool(args, "return_im")
        else {"id": channel.id}
    }
    if already:
        body.update(no_op=True, already_open=True)
    return body


def conversations_join(world: World, args: dict[str, Any]) -> dict[str, Any]:
    channel = world.channels.get(required(args, "channel"))
    if channel is None:
        raise ApiError("channel_not_found")
    if channel.is_private or channel.im_user:
        raise ApiError("method_not_supported_for_channel_type")
    if channel.archived:
        raise ApiError("is_archived")
    body: dict[str, Any] = {}
    if world.bot_user_id in channel.members:
        body = {
            "warning": "already_in_channel",
            "response_metadata": {"warnings": ["already_in_channel"]},
        }
    channel.members.add(world.bot_user_id)
    return {"channel": channel.to_api(world.bot_user_id), **body}


def conversations_info(world: World, args: dict[str, Any]) -> dict[str, Any]:
    channel = world.channel(required(args, "channel"))
    info = channel.to_api(world.bot_user_id)
    if arg_bool(args, "include_num_members") and not channel.im_user:
        info["num_members"] = len(channel.members)
    return {"channel": info}


def _readable(world: World, channel_id: str) -> Channel:
    """A conversation whose history the bot may read: it must be a member, as bot tokens must."""
    channel = world.channel(channel_id)
    if world.bot_user_id not in channel.members:
        raise ApiError("not_in_channel")
    return channel


def _page(world: World, messages: list[Message], args: dict[str, Any], newest_first: bool) -> dict:
    """Filter by oldest/latest (exclusive unless inclusive), then cut to limit with a cursor."""
    inclusive = arg_bool(args, "inclusive")
    oldest = float(args.get("oldest") or 0)
    latest = float(args.get("latest") or "inf")
    if args.get("cursor"):
        boundary = float(base64.b64decode(str(args["cursor"])).decode().removeprefix("next_ts:"))
        latest, oldest = (boundary, oldest) if newest_first else (latest, boundary)
        inclusive = False

    def inside(ts: float) -> bool:
        return oldest <= ts <= latest if inclusive else oldest < ts < latest

    kept = [m for m in messages if inside(float(m.ts))]
    if newest_first:
        kept.reverse()
    limit = arg_int(args, "limit", 100)
    page, has_more = kept[:limit], len(kept) > limit
    cursor = base64.b64encode(f"next_ts:{page[-1].ts}".encode()).decode() if has_more else ""
    return {
        "messages": [world.message_json(m) for m in page],
        "has_more": has_more,
        "response_metadata": {"next_cursor": cursor},
    }


def conversations_history(world: World, args: dict[str, Any]) -> dict[str, Any]:
    """Top-level messages, newest first, metadata included whatever include_all_metadata says."""
    channel = _readable(world, required(args, "channel"))
    return {**_page(world, world.top_level(channel.id), args, newest_first=True), "pin_count": 0}


def conversations_replies(world: World, args: dict[str, Any]) -> dict[str, Any]:
    channel = _readable(world, required(args, "channel"))
    ts = required(args, "ts")
    if (channel.id, ts) not in world.posts:
        raise ApiError("thread_not_found")
    parent = world.posts[(channel.id, ts)].current
    return _page(world, world.thread(channel.id, parent.thread_ts or ts), args, newest_first=False)


def conversations_members(world: World, args: dict[str, Any]) -> dict[str, Any]:
    """A channel's members, paged with cursors; a private channel only if the bot is in it."""
    channel = world.channel(required(args, "channel"))
    members = sorted(channel.members)
    start = 0
    if args.get("cursor"):
        after = base64.b64decode(str(args["cursor"])).decode().removeprefix("member:")
        start = next((i for i, m in enumerate(members) if m == after), len(members))
    limit = arg_int(args, "limit", 100)
    page, rest = members[start : start + limit], members[start + limit :]
    cursor = base64.b64encode(f"member:{rest[0]}".encode()).decode() if rest else ""
    return {"members": page, "response_metadata": {"next_cursor": cursor}}


METHODS: dict[str, Handler] = {
    "conversations.open": conversations_open,
    "conversations.join": conversations_join,
    "conversations.info": conversations_info,
    "conversations.history": conversations_history,
    "conversations.replies": conversations_replies,
    "conversations.members": conversations_members,
}
