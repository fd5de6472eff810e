"""The stand-in's one workspace as tests set it up: its people and channels, and their names.

StandInSlack is put together from parts kept in modules of their own (what a person sees, what
Slack's client does, how Slack misbehaves); this is the part they all stand on. It declares the
World and the one lock around every use of it, which StandInSlack creates with the rest of its
state, and sets up the people and channels a test needs before the app runs.
"""

from __future__ import annotations

import copy
import threading

from bot.standin.directory import Channel, User, UserGroup
from bot.standin.state import World


class Workspace:
    """The people and channels of the stand-in's one workspace, set up by tests and the demo."""

    _lock: threading.Condition
    _world: World

    @property
    def bot_user_id(self) -> str:
        return self._world.bot_user_id

    def add_user(
        self,
        user_id: str,
        name: str,
        real_name: str | None = None,
        tz: str = "America/New_York",
        is_admin: bool = False,
        is_owner: bool = False,
        deleted: bool = False,
        *,
        guest: bool = False,
        is_bot: bool = False,
    ) -> None:
        with self._lock:
            self._world.users[user_id] = User(
                user_id, name, real_name or name, tz, is_admin, is_owner, deleted, is_bot, guest
            )

    def add_usergroup(self, group_id: str, handle: str, name: str, users: list[str]) -> None:
        with self._lock:
            self._world.usergroups[group_id] = UserGroup(group_id, handle, name, list(users))

    def join_channel(self, channel_id: str, *user_ids: str) -> None:
        with self._lock:
            self._world.channels[channel_id].members.update(user_ids)

    def add_channel(
        self,
        channel_id: str,
        name: str,
        is_private: bool = False,
        members: tuple[str, ...] | list[str] = (),
    ) -> None:
        with self._lock:
            self._world.channels[channel_id] = Channel(channel_id, name, is_private, set(members))

    def leave_channel(self, channel_id: str, *user_ids: str) -> None:
        with self._lock:
            self._world.channels[channel_id].members.difference_update(user_ids)

    def set_user_deleted(self, user_id: str, deleted: bool = True) -> None:
        with self._lock:
            self._world.user(user_id).deleted = deleted

    def archive_channel(self, channel_id: str) -> None:
        with self._lock:
            self._world.channels[channel_id].archived = True

    def user_name(self, user_id: str) -> str:
        return self._known(user_id).name

    def channel_name(self, channel_id: str) -> str:
        """The channel name Slack puts in payloads ("directmessage" for DMs)."""
        with self._lock:
            channel = self._world.channels.get(channel_id)
        if channel_id.startswith("D"):
            return "directmessage"
        return channel.name if channel else channel_id

    def _known(self, user_id: str) -> User:
        """A person of the workspace; anyone else cannot see or do anything in Slack."""
        with self._lock:
            if user_id not in self._world.users:
                raise AssertionError(
                    f"{user_id} is not in the stand-in workspace: add_user() first"
                )
            return copy.copy(self._world.users[user_id])
