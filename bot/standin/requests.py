"""Slack's side of the conversation: signed requests to the app, as Slack sends them.

Slash commands, button clicks, modal submissions and events reach the app as form-encoded or
JSON POSTs signed with the signing secret. Sending exactly those (and showing the app's
answers in the stand-in as Slack's client would) lets end-to-end tests and the demo run the
real Bolt app, signature checks included, with no Slack at hand.
"""

from __future__ import annotations

import copy
import itertools
import json
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from bot.standin.directory import dm_channel_id
from bot.standin.interaction import find_button, view_state
from bot.standin.state import Message
from bot.standin.transport import Reply, post, signature_headers
from bot.standin.web_api import StandInSlack

VERIFICATION_TOKEN = "standin-verification-token"
FORM = "application/x-www-form-urlencoded"
# Changes a payload after the client built it and before it is signed: what an old client, a bug
# or someone holding the signing secret could send, for tests of values no person could pick.
Tamper = Callable[[dict[str, Any]], None]


class SlackRequests:
    """Sends one workspace's requests to the app's request URL, signed as Slack signs them.

    Slack waits `timeout` (three) seconds for the app's answer; a slower app fails the test.
    A workspace in an Enterprise Grid org names its `enterprise_id` in every request, and says
    whether the app was installed for the whole org (`org_wide`), as Slack does.
    """

    def __init__(
        self,
        app_url: str,
        signing_secret: str,
        standin: StandInSlack,
        team_id: str = "T0001",
        team_domain: str = "school",
        api_app_id: str = "A0001",
        timeout: float = 3.0,
        *,
        enterprise_id: str | None = None,
        org_wide: bool = False,
    ) -> None:
        self.app_url = app_url
        self.enterprise_id = enterprise_id
        self.org_wide = org_wide
        self.standin = standin
        self.team_id = team_id
        self.team_domain = team_domain
        self.api_app_id = api_app_id
        self.timeout = timeout
        self._verifier = SignatureVerifier(signing_secret)
        self._event_ids = itertools.count(1)

    def command(
        self,
        user_id: str,
        text: str = "",
        command: str = "/visit",
        channel_id: str = "C0VISITS",
        channel_name: str = "visits",
    ) -> Reply:
        """A slash command; its immediate answer is shown to the person as Slack shows it."""
        response_url = self.standin.new_response_url(user_id, channel_id)
        fields = {
            "token": VERIFICATION_TOKEN,
            "team_id": self.team_id,
            "team_domain": self.team_domain,
            "channel_id": channel_id,
            "channel_name": channel_name,
            "user_id": user_id,
            "user_name": self.standin.user_name(user_id),
            "command": command,
            "text": text,
            "api_app_id": self.api_app_id,
            "is_enterprise_install": "true" if self.org_wide else "false",
            **self._org_fields(),
            "response_url": response_url,
            "trigger_id": self.standin.issue_trigger(user_id),
        }
        reply = self._signed(urlencode(fields), FORM)
        self.standin.show_command_answer(user_id, command, response_url, reply.status, reply.body)
        return reply

    def click(
        self,
        user_id: str,
        action_id: str,
        *,
        message: Message | dict[str, Any] | None = None,
        view: dict[str, Any] | None = None,
        value: str | None = None,
        block_id: str | None = None,
        channel_id: str | None = None,
        tamper: Tamper | None = None,
    ) -> Reply:
        """A block_actions payload for pressing a button on a message or in a modal/home tab.

        The message or view is looked up again, so the click acts on what is on screen now, and
        the test fails if that button (with that value) is not there.
        """
        payload = self._interaction(user_id, "block_actions")
        if message is not None and view is None:
            blocks = self._message_context(payload, user_id, message, channel_id)
        elif view is not None and message is None:
            current = self._current_view(user_id, view["id"])
            current["state"] = view_state(current, {}, submitting=False)
            payload.update(container={"type": "view", "view_id": current["id"]}, view=current)
            blocks = current["blocks"]
        else:
            raise ValueError("click() needs exactly one of message= or view=")
        block, button = find_button(blocks, action_id, value, block_id)
        action = {
            "action_id": action_id,
            "block_id": block["block_id"],
            "text": button["text"],
            "value": button.get("value"),
            "type": "button",
            "action_ts": f"{time.time():.6f}",
        }
        if button.get("style"):
            action["style"] = button["style"]
        payload["actions"] = [action]
        if tamper is not None:
            payload = copy.deepcopy(payload)  # the stand-in's own view stays as shown
            tamper(payload)
        return self._signed(urlencode({"payload": json.dumps(payload)}), FORM)

    def submit(
        self,
        user_id: str,
        values: dict[str, Any],
        view: dict[str, Any] | None = None,
        tamper: Tamper | None = None,
    ) -> Reply:
        """A view_submission of the person's top modal, then Slack's handling of the answer."""
        stack = self.standin.modal_stack(user_id)
        if not stack:
            raise AssertionError(f"{user_id} has no modal open to submit")
        current = stack[-1]
        if view is not None and view["id"] != current["id"]:
            raise AssertionError(
                f"view {view['id']} is not {user_id}'s top modal; only that one submits"
            )
        if not current.get("submit"):
            raise AssertionError(f"modal {current['id']} has no submit button")
        current["state"] = view_state(current, values)
        payload = self._interaction(user_id, "view_submission")
        payload.update(view=current, response_urls=[])
        if tamper is not None:
            payload = copy.deepcopy(payload)  # the stand-in's own view stays as shown
            tamper(payload)
        reply = self._signed(urlencode({"payload": json.dumps(payload)}), FORM)
        self.standin.apply_submission(user_id, current["state"], reply.status, reply.body)
        return reply

    def interaction(self, user_id: str, kind: str, fields: dict[str, Any]) -> Reply:
        """An interaction payload with fields the caller chose, signed and sent as Slack would: a
        button racing clicks have answered away, or a value or modal metadata edited by hand."""
        payload = self._interaction(user_id, kind) | fields
        return self._signed(urlencode({"payload": json.dumps(payload)}), FORM)

    def close_view(self, user_id: str) -> None:
        """The person closes their top modal (no view_closed is sent)."""
        self.standin.close_view(user_id)

    def event(
        self, event: dict[str, Any], retry_num: int | None = None, event_id: str | None = None
    ) -> Reply:
        """An Events API callback; retry_num makes it one of Slack's retries of that event_id."""
        envelope = {
            "token": VERIFICATION_TOKEN,
            "team_id": self.team_id,
            **({"enterprise_id": self.enterprise_id} if self.enterprise_id else {}),
            "api_app_id": self.api_app_id,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(self._event_ids):08d}",
            "event_time": int(time.time()),
            "authorizations": [
                {
                    "enterprise_id": self.enterprise_id,
                    "team_id": None if self.org_wide else self.team_id,
                    "user_id": self.standin.bot_user_id,
                    "is_bot": True,
                    "is_enterprise_install": self.org_wide,
                }
            ],
            "is_ext_shared_channel": False,
        }
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        return self._signed(json.dumps(envelope), "application/json", headers)

    def uninstall_app(self) -> Reply:
        """An admin removes the app: Slack revokes its tokens, then tells the app so."""
        self.standin.revoke_token("token_revoked")
        return self.event({"type": "app_uninstalled", "event_ts": f"{time.time():.6f}"})

    def revoke_tokens(self, bot: bool = True, people: tuple[str, ...] = ()) -> Reply:
        """Tokens revoked (the bot's, and/or those people granted): Slack lists whose, by user id."""
        if bot:
            self.standin.revoke_token("token_revoked")
        tokens: dict[str, list[str]] = {"oauth": list(people)}
        if bot:
            tokens["bot"] = [self.standin.bot_user_id]
        return self.event(
            {"type": "tokens_revoked", "tokens": tokens, "event_ts": f"{time.time():.6f}"}
        )

    def open_home(self, user_id: str) -> Reply:
        """The person opens the app's Home tab (carrying the published view, if any)."""
        event: dict[str, Any] = {
            "type": "app_home_opened",
            "user": user_id,
            "channel": dm_channel_id(user_id),
            "tab": "home",
            "event_ts": f"{time.time():.6f}",
        }
        home = self.standin.home(user_id)
        if home is not None:
            event["view"] = home
        return self.event(event)

    def raw(self, body: bytes, headers: dict[str, str]) -> Reply:
        """POST exactly these bytes and headers: for requests Slack would never sign this way."""
        return post(self.app_url, body, headers, self.timeout)

    def _signed(self, body: str, content_type: str, headers: dict[str, str] | None = None) -> Reply:
        """Sign and send as Slack does, with any extra headers (a retry's, say) after."""
        signed = signature_headers(self._verifier, body, content_type)
        return self.raw(body.encode(), {**signed, **(headers or {})})

    def _interaction(self, user_id: str, kind: str) -> dict[str, Any]:
        """The fields every interaction payload carries, with a fresh trigger_id."""
        name = self.standin.user_name(user_id)
        return {
            "type": kind,
            "user": {"id": user_id, "username": name, "name": name, "team_id": self.team_id},
            "api_app_id": self.api_app_id,
            "token": VERIFICATION_TOKEN,
            "trigger_id": self.standin.issue_trigger(user_id),
            "team": {"id": self.team_id, "domain": self.team_domain},
            "enterprise": (
                {"id": self.enterprise_id, "name": f"{self.enterprise_id} org"}
                if self.enterprise_id
                else None
            ),
            "is_enterprise_install": self.org_wide,
        }

    def _org_fields(self) -> dict[str, str]:
        """A slash command's word of the Enterprise org, if any."""
        if not self.enterprise_id:
            return {}
        return {"enterprise_id": self.enterprise_id, "enterprise_name": f"{self.enterprise_id} org"}

    def _message_context(
        self,
        payload: dict[str, Any],
        user_id: str,
        message: Message | dict[str, Any],
        channel_id: str | None,
    ) -> list[dict]:
        """Fill in the message side of block_actions; Slack omits `message` for ephemerals."""
        channel = channel_id or (
            message.channel if isinstance(message, Message) else message.get("channel")
        )
        ts = message.ts if isinstance(message, Message) else message["ts"]
        if not channel:
            raise ValueError("click() on a message dict without 'channel' needs channel_id=")
        found = self.standin.find_message(channel, ts)
        if found is None:
            raise AssertionError(f"message {ts} is no longer in {channel}; nobody can click on it")
        current, ephemeral = found
        payload.update(
            container={
                "type": "message",
                "message_ts": ts,
                "channel_id": channel,
                "is_ephemeral": ephemeral,
            },
            channel={"id": channel, "name": self.standin.channel_name(channel)},
            state={"values": {}},
            response_url=self.standin.new_response_url(user_id, channel, ts, ephemeral),
        )
        if not ephemeral:
            payload["message"] = current
        return current["blocks"]

    def _current_view(self, user_id: str, view_id: str) -> dict[str, Any]:
        """The view as it is now among the person's open modals and home tab."""
        for open_view in [*self.standin.modal_stack(user_id), self.standin.home(user_id)]:
            if open_view is not None and open_view["id"] == view_id:
                return open_view
        raise AssertionError(f"view {view_id} is not open for {user_id}")
