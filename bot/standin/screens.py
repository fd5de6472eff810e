"""What a person sees in the stand-in Slack: their DMs, ephemerals, modals and home tab.

Tests assert on what people would see rather than on the calls the app made, so a message
posted and then replaced, or a modal the app answered with errors, reads as it would on screen.
Every answer is a copy, taken under the lock, so a test cannot change the stand-in by accident.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from bot.standin.blocks import on_screen, render_screen, view_lines
from bot.standin.directory import dm_channel_id
from bot.standin.state import Message
from bot.standin.workspace import Workspace


@dataclass(frozen=True)
class SharedFile:
    """A file as the person who got it sees it: its name, title, content and the comment."""

    filename: str
    title: str
    content: str
    comment: str


class Screens(Workspace):
    """Each person's view of the workspace, as Slack's client would show it."""

    def dms(self, user_id: str) -> list[Message]:
        return self.channel_messages(dm_channel_id(user_id))

    def files(self, user_id: str) -> list[SharedFile]:
        """The files shared in the person's DM, oldest first, with their content as text."""
        with self._lock:
            return [
                SharedFile(upload.filename, upload.title, (upload.data or b"").decode(), m.text)
                for m in self._world.top_level(dm_channel_id(user_id))
                for upload in (self._world.uploads[file_id] for file_id in m.files)
            ]

    def channel_messages(self, channel_id: str) -> list[Message]:
        with self._lock:
            return copy.deepcopy(self._world.top_level(channel_id))

    def thread(self, channel_id: str, ts: str) -> list[Message]:
        with self._lock:
            return copy.deepcopy(self._world.thread(channel_id, ts))

    def versions(self, channel_id: str, ts: str) -> list[Message]:
        """Every version a message had, oldest first (chat.update and replace_original add one)."""
        with self._lock:
            return copy.deepcopy(self._world.find_post(channel_id, ts).versions)

    def ephemerals(self, user_id: str) -> list[Message]:
        with self._lock:
            return copy.deepcopy(self._world.ephemerals.get(user_id, []))

    def modal_stack(self, user_id: str) -> list[dict[str, Any]]:
        with self._lock:
            stack = self._world.stacks.get(user_id, [])
            return [copy.deepcopy(self._world.views[view_id]) for view_id in stack]

    def home(self, user_id: str) -> dict[str, Any] | None:
        with self._lock:
            view_id = self._world.homes.get(user_id)
            return copy.deepcopy(self._world.views[view_id]) if view_id else None

    def modal_errors(self, user_id: str) -> dict[str, str]:
        """The errors the app last showed beside the inputs of the person's top modal."""
        with self._lock:
            return dict(self._world.modal_errors.get(user_id, {}))

    def describe(self, user_id: str) -> str:
        """Everything one person can see, as readable text: DMs, ephemerals, modal, home tab."""
        user = self._known(user_id)
        heading = f"{user.real_name} (@{user.name}, {user_id})"
        sections = {
            "Direct messages": [
                on_screen(m.text, m.blocks) + "".join(f"\n[file {f}]" for f in self._names(m.files))
                for m in self.dms(user_id)
            ],
            "Only visible to you": [
                f"in {self._where(m.channel)}: {on_screen(m.text, m.blocks)}"
                for m in self.ephemerals(user_id)
            ],
        }
        stack = self.modal_stack(user_id)
        if stack:
            errors = [f"! {block}: {error}" for block, error in self.modal_errors(user_id).items()]
            modal = "\n".join(view_lines(stack[-1]) + errors)
            sections[f"Open modal (top of {len(stack)})"] = [modal]
        home = self.home(user_id)
        if home:
            sections["Home tab"] = ["\n".join(view_lines(home))]
        return render_screen(heading, sections)

    def _names(self, file_ids: list[str]) -> list[str]:
        with self._lock:
            return [self._world.uploads[file_id].filename for file_id in file_ids]

    def _where(self, channel_id: str) -> str:
        return "your DM" if channel_id.startswith("D") else f"#{self.channel_name(channel_id)}"
