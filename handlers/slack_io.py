"""Reading Slack payloads and answering people: the small vocabulary every listener shares."""

from __future__ import annotations

import json
from typing import Any

from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient
from sqlalchemy.orm import Session

from bot.domain.members import member_for, seen
from bot.domain.workspaces import require_workspace
from bot.models import Member, Workspace
from bot.views.messages import Message


def team_id(body: dict[str, Any]) -> str:
    team = body.get("team")
    if isinstance(team, dict) and team.get("id"):
        return team["id"]
    return body.get("team_id") or body.get("user", {}).get("team_id") or body["view"]["team_id"]


def user(body: dict[str, Any]) -> tuple[str, str]:
    """The acting person's Slack id and a readable name, whatever the payload's shape."""
    if "user_id" in body:
        return body["user_id"], body.get("user_name", "")
    if "event" in body:
        return body["event"]["user"], ""
    person = body.get("user") or {}
    if isinstance(person, str):
        return person, ""
    return person["id"], person.get("name") or person.get("username") or ""


def actor(session: Session, body: dict[str, Any]) -> tuple[Workspace, Member]:
    workspace = require_workspace(session, team_id(body))
    user_id, name = user(body)
    member = member_for(session, workspace, user_id, name)
    seen(member)
    return workspace, member


def action_value(body: dict[str, Any]) -> int:
    return int(body["actions"][0]["value"])


def metadata(body: dict[str, Any]) -> dict[str, Any]:
    return json.loads(body["view"].get("private_metadata") or "{}")


def form_values(view: dict[str, Any]) -> dict[str, Any]:
    """Flatten view.state into {block_id: value}; block ids are the domain form's field names."""
    values: dict[str, Any] = {}
    for block_id, actions in view.get("state", {}).get("values", {}).items():
        for state in actions.values():
            values[block_id] = _element_value(state)
    return values


def _element_value(state: dict[str, Any]) -> Any:
    kind = state.get("type")
    if kind in ("static_select", "radio_buttons"):
        option = state.get("selected_option")
        return option["value"] if option else None
    if kind in ("multi_static_select", "checkboxes"):
        return [option["value"] for option in state.get("selected_options") or []]
    if kind == "datepicker":
        return state.get("selected_date")
    if kind == "timepicker":
        return state.get("selected_time")
    if kind == "users_select":
        return state.get("selected_user")
    if kind == "multi_users_select":
        return state.get("selected_users") or []
    if kind == "conversations_select":
        return state.get("selected_conversation")
    if kind == "channels_select":
        return state.get("selected_channel")
    return state.get("value") or ""


def reply(client: WebClient, body: dict[str, Any], message: Message, replace: bool = False) -> None:
    """An answer only the acting person sees: ephemeral where Slack gave a response_url, else a DM."""
    url = body.get("response_url") or next(
        (entry.get("response_url") for entry in body.get("response_urls") or []), None
    )
    if url:
        WebhookClient(url).send(
            text=message.text,
            blocks=message.blocks,
            response_type="ephemeral",
            replace_original=replace,
        )
        return
    client.chat_postMessage(channel=user(body)[0], text=message.text, blocks=message.blocks)
