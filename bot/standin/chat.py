"""chat.*, reactions.add and response_url posts: messages, checked and kept as Slack does.

Each handler takes the World and the decoded arguments and returns the success body (without
"ok"), or raises ApiError with the error Slack would give. The checks are the ones that bite
in production: posting where the bot is not a member, to a deactivated person, into an
archived channel, or with blocks Slack refuses. A response_url post goes through the same
content checks, so it lives beside the methods.
"""

from __future__ import annotations

from typing import Any

from bot.standin.arguments import ApiError, arg_bool, required
from bot.standin.directory import Channel
from bot.standin.state import SLACKBOT_ID, Handler, Message, ResponseTarget, World
from bot.standin.validation import message_problems

MAX_TEXT = 40_000


def _postable(world: World, target: str) -> Channel:
    """Where chat.postMessage lands: a user id means that person's DM, "#name" a channel name."""
    if target.startswith(("U", "W")):
        return world.open_dm(target)
    if target.startswith("#"):
        target = next((c.id for c in world.channels.values() if c.name == target[1:]), target)
    channel = world.channel(target)
    if channel.archived:
        raise ApiError("is_archived")
    if channel.im_user and world.users[channel.im_user].deleted:
        raise ApiError("user_disabled")
    if world.bot_user_id not in channel.members:
        raise ApiError("not_in_channel")
    return channel


def content(
    world: World, method: str, args: dict[str, Any], current: Message | None = None
) -> tuple[str, list[dict[str, Any]]]:
    """A message's text and blocks after Slack's checks; an update keeps what it leaves out."""
    text = args.get("text")
    blocks = args.get("blocks")
    if current is not None:
        text = current.text if text is None else text
        blocks = current.blocks if blocks is None else blocks
    text = "" if text is None else str(text)
    if blocks is not None:
        problems = message_problems(blocks)
        if problems:
            raise world.reject(method, "invalid_blocks", problems)
    if not text and not blocks and not args.get("attachments"):
        raise world.reject(method, "no_text", ["[ERROR] must provide text, blocks or attachments"])
    if len(text) > MAX_TEXT:
        raise world.reject(method, "msg_too_long", [f"[ERROR] text is over {MAX_TEXT} characters"])
    return text, world.stamp_ids(blocks or [])


def _metadata(world: World, method: str, args: dict[str, Any]) -> dict[str, Any] | None:
    """Message metadata must be {"event_type": str, "event_payload": object}, as Slack requires."""
    metadata = args.get("metadata")
    if metadata is None:
        return None
    if not isinstance(metadata, dict) or not isinstance(metadata.get("event_type"), str):
        raise world.reject(method, "invalid_metadata_format", ["[ERROR] metadata needs event_type"])
    if not isinstance(metadata.get("event_payload", {}), dict):
        raise world.reject(
            method, "invalid_metadata_format", ["[ERROR] event_payload is not an object"]
        )
    return metadata


def chat_post_message(world: World, args: dict[str, Any]) -> dict[str, Any]:
    channel = _postable(world, str(required(args, "channel")))
    text, blocks = content(world, "chat.postMessage", args)
    metadata = _metadata(world, "chat.postMessage", args)
    thread_ts = args.get("thread_ts") or None
    if thread_ts:
        parent = world.posts.get((channel.id, thread_ts))
        if parent is None:
            raise world.reject(
                "chat.postMessage", "thread_not_found", [f"[ERROR] no message {thread_ts}"]
            )
        thread_ts = parent.current.thread_ts or thread_ts
    message = world.post(
        Message(channel.id, world.next_ts(), text, blocks, thread_ts, metadata, world.bot_user_id)
    )
    return {"channel": channel.id, "ts": message.ts, "message": world.message_json(message)}


def chat_update(world: World, args: dict[str, Any]) -> dict[str, Any]:
    channel = world.channel(required(args, "channel"))
    post = world.find_post(channel.id, required(args, "ts"))
    if channel.archived:
        raise ApiError("is_archived")
    text, blocks = content(world, "chat.update", args, post.current)
    revised = post.revise(text, blocks, _metadata(world, "chat.update", args), world.next_ts())
    message = world.message_json(revised)
    return {"channel": channel.id, "ts": revised.ts, "text": text, "message": message}


def chat_post_ephemeral(world: World, args: dict[str, Any]) -> dict[str, Any]:
    channel = world.channel(required(args, "channel"))
    user = world.user(required(args, "user"))
    if channel.archived:
        raise ApiError("is_archived")
    if world.bot_user_id not in channel.members:
        raise ApiError("not_in_channel")
    if user.id not in channel.members or user.deleted:
        raise ApiError("user_not_in_channel")
    text, blocks = content(world, "chat.postEphemeral", args)
    message = Message(
        channel.id, world.next_ts(), text, blocks, args.get("thread_ts"), None, world.bot_user_id
    )
    world.ephemerals.setdefault(user.id, []).append(message)
    return {"message_ts": message.ts}


def chat_get_permalink(world: World, args: dict[str, Any]) -> dict[str, Any]:
    channel = world.channel(required(args, "channel"))
    message = world.find_post(channel.id, required(args, "message_ts")).current
    path = f"archives/{channel.id}/p{message.ts.replace('.', '')}"
    link = f"https://{world.team_domain}.slack.com/{path}"
    if message.thread_ts and message.thread_ts != message.ts:
        link += f"?thread_ts={message.thread_ts}&cid={channel.id}"
    return {"channel": channel.id, "permalink": link}


def reactions_add(world: World, args: dict[str, Any]) -> dict[str, Any]:
    """Accepted and forgotten: nobody's view of the world depends on the bot's reactions."""
    required(args, "channel")
    required(args, "name")
    return {}


def respond(world: World, target: ResponseTarget, payload: dict[str, Any]) -> tuple[int, dict]:
    """A message sent to a response_url: replace or delete the one it belongs to, or say more.

    Without replace_original or delete_original the answer is a new message: ephemeral unless
    response_type is "in_channel". The first new ephemeral becomes the message that later
    replace_original/delete_original calls act on (a slash command's answer, for instance).
    """
    bot = world.bot_user_id
    mine = world.ephemerals.setdefault(target.user_id, [])
    original = (
        next((m for m in mine if m.ts == target.message_ts), None) if target.ephemeral else None
    )
    post = (
        None if target.ephemeral else world.posts.get((target.channel_id, target.message_ts or ""))
    )
    if arg_bool(payload, "delete_original"):
        if original is not None:
            mine.remove(original)
        elif post is not None:
            del world.posts[(target.channel_id, post.current.ts)]
        return 200, {"ok": True}
    try:
        text, blocks = content(world, "response_url", payload)
        metadata = _metadata(world, "response_url", payload)
    except ApiError as error:
        return 400, {"ok": False, "error": error.error}
    if arg_bool(payload, "replace_original") and original is not None:
        mine[mine.index(original)] = Message(
            target.channel_id, original.ts, text, blocks, user=original.user
        )
    elif arg_bool(payload, "replace_original") and post is not None:
        post.revise(text, blocks, metadata, world.next_ts())
    elif payload.get("response_type") == "in_channel":
        world.post(Message(target.channel_id, world.next_ts(), text, blocks, None, metadata, bot))
    else:
        message = Message(target.channel_id, world.next_ts(), text, blocks, user=bot)
        mine.append(message)
        if target.message_ts is None:
            target.message_ts, target.ephemeral = message.ts, True
    return 200, {"ok": True}


def slackbot_says(world: World, user_id: str, channel_id: str, text: str) -> None:
    """An ephemeral from Slackbot, which is how Slack tells a person an app failed them."""
    world.ephemerals.setdefault(user_id, []).append(
        Message(channel_id, world.next_ts(), text, user=SLACKBOT_ID)
    )


METHODS: dict[str, Handler] = {
    "chat.postMessage": chat_post_message,
    "chat.update": chat_update,
    "chat.postEphemeral": chat_post_ephemeral,
    "chat.getPermalink": chat_get_permalink,
    "reactions.add": reactions_add,
}
