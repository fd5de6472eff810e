"""The small Slack workspace the stand-in answers from, and the records tests read back.

The Web API handlers change this world and the "what a person sees" queries read it, so both
share one model. Nothing here locks: StandInSlack holds one lock around every use of a World.
Who is in the workspace (members, conversations) is in directory.py; this is what happens in it.
"""

from __future__ import annotations

import copy
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.standin.arguments import ApiError
from bot.standin.blocks import Block, buttons, flatten, iter_elements
from bot.standin.directory import Channel, User, UserGroup, dm_channel_id

if TYPE_CHECKING:
    from bot.standin.files import Upload

SLACKBOT_ID = "USLACKBOT"


@dataclass(frozen=True)
class Call:
    """One request that reached the stand-in: the method name and its decoded arguments."""

    method: str
    args: dict[str, Any]
    at: float
    token: str | None = None  # which installation's token made the call


# A test's condition on a call's arguments: which calls to wait for, or to fail on purpose.
ArgsPredicate = Callable[[dict[str, Any]], bool]


@dataclass
class Message:
    """One message as a person sees it now (the current version, if it was edited)."""

    channel: str
    ts: str
    text: str = ""
    blocks: list[Block] = field(default_factory=list)
    thread_ts: str | None = None
    metadata: dict[str, Any] | None = None
    user: str = ""
    files: list[str] = field(default_factory=list)  # ids of the files shared with it

    def plain(self) -> str:
        """Text and every block's visible text in one string, for `"confirmed" in m.plain()`."""
        return flatten(self.text, self.blocks)

    def buttons(self) -> list[dict[str, Any]]:
        """The buttons on this message (action_id, value, block_id, text, style, url)."""
        return buttons(self.blocks)


@dataclass
class Post:
    """A message the bot posted, with every version it had (chat.update appends one)."""

    versions: list[Message]
    edited_ts: str | None = None

    @property
    def current(self) -> Message:
        return self.versions[-1]

    def revise(
        self, text: str, blocks: list[Block], metadata: dict[str, Any] | None, edited_ts: str
    ) -> Message:
        """Add a version with new content; place, thread and author stay, as in an edit."""
        now = self.current
        metadata = now.metadata if metadata is None else metadata
        self.versions.append(
            Message(now.channel, now.ts, text, blocks, now.thread_ts, metadata, now.user, now.files)
        )
        self.edited_ts = edited_ts
        return self.current


@dataclass
class ResponseTarget:
    """Where a response_url leads: a person in a conversation, maybe the message it came from."""

    user_id: str
    channel_id: str
    message_ts: str | None = None
    ephemeral: bool = False
    uses: int = 0


@dataclass
class Trigger:
    """A trigger_id Slack gave the app with one interaction: valid once, for three seconds."""

    user_id: str
    issued_at: float
    used: bool = False


class World:
    """Everything the stand-in knows; every method expects the caller to hold the lock."""

    def __init__(
        self, team_id: str, team_domain: str, bot_user_id: str, bot_id: str, app_id: str
    ) -> None:
        self.team_id = team_id
        self.team_domain = team_domain
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.app_id = app_id
        self.users: dict[str, User] = {
            bot_user_id: User(bot_user_id, "opendoor", "Open Door", is_bot=True),
            SLACKBOT_ID: User(SLACKBOT_ID, "slackbot", "Slackbot"),
        }
        self.channels: dict[str, Channel] = {}
        self.usergroups: dict[str, UserGroup] = {}
        self.posts: dict[tuple[str, str], Post] = {}
        self.ephemerals: dict[str, list[Message]] = {}
        self.views: dict[str, dict[str, Any]] = {}
        self.view_owner: dict[str, str] = {}
        self.stacks: dict[str, list[str]] = {}
        self.homes: dict[str, str] = {}
        self.modal_errors: dict[str, dict[str, str]] = {}
        self.triggers: dict[str, Trigger] = {}
        self.response_targets: dict[str, ResponseTarget] = {}
        self.validation_errors: list[str] = []
        self.uploads: dict[str, Upload] = {}
        self.upload_root = ""  # where upload URLs point: the serving stand-in's /upload/
        # OAuth installs (bot/standin/oauth.py): codes not yet exchanged, and the tokens granted.
        self.install_codes: dict[str, Any] = {}
        self.grants: dict[str, Any] = {}
        self._serial = itertools.count(1)
        self._last_micros = 0

    def next_ts(self) -> str:
        """A message ts from the (possibly frozen) clock, strictly increasing like Slack's."""
        micros = max(int(time.time() * 1_000_000), self._last_micros + 100)
        self._last_micros = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def new_id(self, prefix: str) -> str:
        """A fresh id in Slack's style: a type letter and upper-case characters."""
        return f"{prefix}{next(self._serial):08X}"

    def user(self, user_id: str) -> User:
        if user_id not in self.users:
            raise ApiError("user_not_found")
        return self.users[user_id]

    def channel(self, channel_id: str) -> Channel:
        """A conversation the bot can see: private channels it is not in are hidden, as in Slack."""
        found = self.channels.get(channel_id)
        if found is None and channel_id.startswith("D"):
            user_id = next((u for u in self.users if dm_channel_id(u) == channel_id), None)
            if user_id is not None:
                found = self.open_dm(user_id)
        if found is None or (found.is_private and self.bot_user_id not in found.members):
            raise ApiError("channel_not_found")
        return found

    def open_dm(self, user_id: str) -> Channel:
        """The bot's DM with a person, created on first use like conversations.open does."""
        user = self.user(user_id)
        if user.deleted:
            raise ApiError("user_disabled")
        channel_id = dm_channel_id(user_id)
        if channel_id not in self.channels:
            self.channels[channel_id] = Channel(
                channel_id, channel_id, True, {user_id, self.bot_user_id}, im_user=user_id
            )
        return self.channels[channel_id]

    def stamp_ids(self, blocks: list[Block]) -> list[Block]:
        """A copy of blocks with the block_ids and action_ids Slack adds where the app left none."""
        stamped = copy.deepcopy(blocks)
        for block in stamped:
            block.setdefault("block_id", self.new_id("b"))
        for _, element in iter_elements(stamped):
            if element.get("type") != "image":
                element.setdefault("action_id", self.new_id("a"))
        return stamped

    def post(self, message: Message) -> Message:
        self.posts[(message.channel, message.ts)] = Post([message])
        return message

    def find_post(self, channel_id: str, ts: str) -> Post:
        post = self.posts.get((channel_id, ts))
        if post is None:
            raise ApiError("message_not_found")
        return post

    def top_level(self, channel_id: str) -> list[Message]:
        """Current versions of a conversation's messages outside threads, oldest first."""
        return [
            post.current
            for (channel, _), post in self.posts.items()
            if channel == channel_id and post.current.thread_ts in (None, post.current.ts)
        ]

    def thread(self, channel_id: str, ts: str) -> list[Message]:
        """A thread's parent and replies, oldest first."""
        return [
            post.current
            for (channel, msg_ts), post in self.posts.items()
            if channel == channel_id and (msg_ts == ts or post.current.thread_ts == ts)
        ]

    def message_json(self, message: Message) -> dict[str, Any]:
        """A message as Slack returns it from history and sends it in interaction payloads."""
        data: dict[str, Any] = {
            "type": "message",
            "user": message.user,
            "bot_id": self.bot_id,
            "app_id": self.app_id,
            "text": message.text,
            "ts": message.ts,
            "team": self.team_id,
            "blocks": message.blocks,
        }
        if message.metadata is not None:
            data["metadata"] = message.metadata
        if message.thread_ts:
            data["thread_ts"] = message.thread_ts
        if message.files:
            data["files"] = [self.uploads[file_id].to_api() for file_id in message.files]
        post = self.posts.get((message.channel, message.ts))
        if post and post.edited_ts:
            data["edited"] = {"user": message.user, "ts": post.edited_ts}
        replies = [m for m in self.thread(message.channel, message.ts) if m.ts != message.ts]
        if replies and message.thread_ts in (None, message.ts):
            data.update(
                thread_ts=message.ts,
                reply_count=len(replies),
                reply_users=[self.bot_user_id],
                latest_reply=replies[-1].ts,
            )
        return data

    def reject(self, method: str, error: str, messages: list[str]) -> ApiError:
        """Record a validation failure (tests read validation_errors) and build its error answer."""
        self.validation_errors.append(f"{method}: {error}: " + "; ".join(messages))
        return ApiError(error, response_metadata={"messages": messages})


# A Web API method: changes the World as the decoded arguments ask and returns the success body
# (without "ok"), or raises ApiError with the error Slack would give.
Handler = Callable[[World, dict[str, Any]], dict[str, Any]]
