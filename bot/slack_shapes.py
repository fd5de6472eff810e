"""The shape a signed request from Slack must have before Bolt and the listeners read it.

A signature says who sent a body, not that it is whole: a truncated retry, an old client or a
bug on either side can send something Slack documents no shape for (a list, a click with no
action, a submitted modal with no state). Bolt and the listeners index into payloads as Slack
documents them, so such a body would fail deep inside with a traceback. `problem` names what is
wrong in a few words, never quoting the body, so the server can answer 400 with one short line.

The body is read the way Bolt reads it (`slack_bolt.request.internals.parse_body`), so what is
checked here is exactly what Bolt is then given, once `for_bolt` has mended the one body Bolt
misreads.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

JsonObject = dict[str, Any]


def problem(body: bytes, content_type: str | None) -> str | None:
    """What is wrong with this signed body, or None when Bolt and the listeners can read it."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "body is not UTF-8"
    if content_type == "application/json" or text.startswith("{"):
        return _event_problem(_json(text))
    fields = dict(parse_qsl(text, keep_blank_values=True))
    if "payload" in fields:
        return _interaction_problem(_json(fields["payload"]))
    return _command_problem(fields)


def for_bolt(body: bytes, content_type: str | None) -> bytes:
    """The body as Bolt should be given it. Bolt takes any form body with the word "payload" in it
    for an interaction and, finding no `payload` field, drops it, so `/visit list payload` went
    unanswered: in a slash command the word is percent-encoded, the same fields once decoded."""
    if content_type == "application/json" or body.startswith(b"{"):
        return body
    if "payload" in dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True)):
        return body
    return body.replace(b"payload", b"p%61yload")


class _NotJson:
    """What `_json` gives for text that isn't JSON, told apart from JSON's own values."""


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return _NotJson()


def _kind(value: Any) -> str:
    return "not JSON" if isinstance(value, _NotJson) else f"a JSON {type(value).__name__}"


def _text(value: Any) -> bool:
    return isinstance(value, str) and value != ""


def _has_id(value: Any) -> bool:
    return isinstance(value, dict) and _text(value.get("id"))


def _event_problem(envelope: Any) -> str | None:
    if not isinstance(envelope, dict):
        return f"events body is {_kind(envelope)}, not an object"
    kind = envelope.get("type")
    if kind == "url_verification":
        return None if _text(envelope.get("challenge")) else "url_verification without a challenge"
    if kind != "event_callback":
        return "events body of an unknown type"
    event = envelope.get("event")
    if not isinstance(event, dict) or not _text(event.get("type")):
        return "event_callback without an event"
    if not _text(envelope.get("team_id")):
        return "event_callback without a team"
    if ("user" in event or event["type"] == "app_home_opened") and not _text(event.get("user")):
        return "event without a user id"
    return None


def _command_problem(fields: dict[str, str]) -> str | None:
    if not fields.get("command", "").startswith("/"):
        return "form body is neither a slash command nor an interaction"
    missing = [name for name in ("team_id", "user_id", "trigger_id") if not fields.get(name)]
    return f"slash command without {', '.join(missing)}" if missing else None


def _interaction_problem(payload: Any) -> str | None:
    if not isinstance(payload, dict):
        return f"interaction payload is {_kind(payload)}, not an object"
    kind = payload.get("type")
    if not _text(kind):
        return "interaction without a type"
    if not _has_id(payload.get("user")):
        return f"{kind} without a user"
    if not _team_known(payload):
        return f"{kind} without a team"
    for part in ("view", "container", "message", "channel", "state"):
        if payload.get(part) is not None and not isinstance(payload[part], dict):
            return f"{kind} whose {part} is not an object"
    if kind == "block_actions":
        return _actions_problem(payload.get("actions")) or _view_problem(payload, submitted=False)
    if kind in ("view_submission", "view_closed"):
        return _view_problem(payload, submitted=kind == "view_submission")
    return None


def _team_known(payload: JsonObject) -> bool:
    view = payload.get("view")
    return (
        _has_id(payload.get("team"))
        or _text(payload["user"].get("team_id"))
        or (isinstance(view, dict) and _text(view.get("team_id")))
    )


def _actions_problem(actions: Any) -> str | None:
    if not isinstance(actions, list) or not actions:
        return "block_actions without actions"
    for action in actions:
        if not isinstance(action, dict) or not _text(action.get("action_id")):
            return "block_actions with an action that has no action_id"
        if action.get("value") is not None and not isinstance(action["value"], str):
            return "block_actions with a value that is not text"
    return None


def _view_problem(payload: JsonObject, submitted: bool) -> str | None:
    view = payload.get("view")
    if view is None and not submitted and payload["type"] == "block_actions":
        return None
    if not isinstance(view, dict) or not _text(view.get("id")):
        return f"{payload['type']} without a view"
    if not isinstance(view.get("private_metadata", ""), str):
        return f"{payload['type']} whose private_metadata is not text"
    state = view.get("state")
    if state is None and not submitted:
        return None
    if not isinstance(state, dict) or not isinstance(state.get("values"), dict):
        return f"{payload['type']} whose view has no state"
    for block in state["values"].values():
        if not isinstance(block, dict) or not all(_element_ok(e) for e in block.values()):
            return f"{payload['type']} with an input of an unknown shape"
    return None


_ONE_TEXT = ("value", "selected_date", "selected_time", "selected_user", "selected_conversation",
             "selected_channel")  # fmt: skip
_MANY_TEXTS = ("selected_users", "selected_conversations", "selected_channels")


def _element_ok(state: Any) -> bool:
    """One input's state as Slack sends it: text where text belongs, options with text values."""
    if not isinstance(state, dict) or not _text(state.get("type")):
        return False
    one = state.get("selected_option")
    many = state.get("selected_options")
    return (
        all(state.get(key) is None or isinstance(state[key], str) for key in _ONE_TEXT)
        and all(_texts(state.get(key)) for key in _MANY_TEXTS)
        and (one is None or _option_ok(one))
        and (many is None or (isinstance(many, list) and all(map(_option_ok, many))))
    )


def _texts(value: Any) -> bool:
    return value is None or (isinstance(value, list) and all(isinstance(v, str) for v in value))


def _option_ok(option: Any) -> bool:
    return isinstance(option, dict) and isinstance(option.get("value"), str)
