"""What Slack's client does for SlackRequests: triggers, the message clicked, the answers shown.

SlackRequests plays the person; the stand-in plays the client in between, which issues
trigger_ids, puts the message as it is now into a click's payload, and shows the app's answer
to a command or a submission as Slack would, Slackbot's error included.
"""

from __future__ import annotations

import copy
import json
import time
from typing import Any

from bot.standin import chat, views
from bot.standin.state import Trigger
from bot.standin.workspace import Workspace


class ClientSide(Workspace):
    """The client's part of each interaction, between a person's hands and the app."""

    def issue_trigger(self, user_id: str) -> str:
        """A trigger_id for one interaction of this person: usable once, for three seconds."""
        with self._lock:
            trigger_id = f"{int(time.time())}.{self._world.new_id('')}"
            self._world.triggers[trigger_id] = Trigger(user_id, time.time())
            return trigger_id

    def trigger_user(self, trigger_id: str) -> str | None:
        """Whose interaction a trigger_id came with (benchmarks match views.open to the click)."""
        with self._lock:
            trigger = self._world.triggers.get(trigger_id)
            return trigger.user_id if trigger else None

    def find_message(self, channel_id: str, ts: str) -> tuple[dict[str, Any], bool] | None:
        """The message at channel+ts now, as Slack puts it in payloads, and if it is ephemeral."""
        with self._lock:
            post = self._world.posts.get((channel_id, ts))
            if post is not None:
                return copy.deepcopy(self._world.message_json(post.current)), False
            for messages in self._world.ephemerals.values():
                for message in messages:
                    if (message.channel, message.ts) == (channel_id, ts):
                        return copy.deepcopy(self._world.message_json(message)), True
        return None

    def show_command_answer(
        self, user_id: str, command: str, response_url: str, status: int, body: str
    ) -> None:
        """Show the app's ack of a slash command as Slack does; a failure is Slackbot's to tell."""
        token = response_url.rsplit("/", 1)[-1]
        with self._lock:
            target = self._world.response_targets[token]
            if status != 200:
                self._world.validation_errors.append(f"{command}: app answered HTTP {status}")
                chat.slackbot_says(
                    self._world,
                    user_id,
                    target.channel_id,
                    f'{command} failed with the error "http_service_error"',
                )
            elif body.strip():
                payload = json.loads(body) if body.lstrip().startswith("{") else {"text": body}
                chat.respond(self._world, target, payload)

    def apply_submission(self, user_id: str, state: dict[str, Any], status: int, body: str) -> None:
        """Keep the submitted state in the top modal and apply the app's answer to the stack."""
        with self._lock:
            views.apply_submission(self._world, user_id, state, status, body)

    def close_view(self, user_id: str) -> None:
        """The person closes their top modal."""
        with self._lock:
            stack = self._world.stacks.get(user_id, [])
            if stack:
                stack.pop()
            self._world.modal_errors.pop(user_id, None)
