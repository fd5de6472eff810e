"""What a person's hands do in Slack's client: press a button, fill in a modal.

Slack, not the app, builds view.state from what is on screen, so a test that hands the app
a hand-written state can pass against a modal no person could submit. These helpers build the
state from the view's own elements and refuse what the client would not let a person do:
press a button that is not there, choose an option not offered, leave a required input empty.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.standin.blocks import STATEFUL_ELEMENTS, Block, buttons, iter_elements, text_of

_TEXT_INPUTS = {"plain_text_input", "email_text_input", "url_text_input", "number_input"}
_ONE_OPTION = {"static_select", "external_select", "radio_buttons"}
_MANY_OPTIONS = {"multi_static_select", "multi_external_select", "checkboxes"}
_PICKED = {
    "users_select": ("selected_user", "initial_user"),
    "multi_users_select": ("selected_users", "initial_users"),
    "conversations_select": ("selected_conversation", "initial_conversation"),
    "multi_conversations_select": ("selected_conversations", "initial_conversations"),
    "channels_select": ("selected_channel", "initial_channel"),
    "multi_channels_select": ("selected_channels", "initial_channels"),
}
_UNSET = object()


def find_button(
    blocks: list[Block], action_id: str, value: str | None = None, block_id: str | None = None
) -> tuple[Block, dict[str, Any]]:
    """The button a person would press, with its block; fails the test if it is not on screen."""
    for block, element in iter_elements(blocks):
        if (
            element.get("type") == "button"
            and element.get("action_id") == action_id
            and (value is None or element.get("value") == value)
            and (block_id is None or block.get("block_id") == block_id)
        ):
            return block, element
    wanted = action_id + (f" (value {value!r})" if value is not None else "")
    shown = [f"{b['text']!r} {b['action_id']}={b['value']!r}" for b in buttons(blocks)]
    raise AssertionError(f"no button {wanted} on screen; buttons shown: {shown or 'none'}")


def view_state(
    view: dict[str, Any], values: dict[str, Any], *, submitting: bool = True
) -> dict[str, Any]:
    """view.state as Slack builds it from what is on screen.

    That is the given value where the test types one, else what was typed before (kept in the
    view's state since an earlier submit), else the element's initial value. `values` maps
    block_id to a plain value (a string, a list of strings, a date, a time...), or, for a block
    holding several inputs, to a dict of action_id to value. When submitting, an empty required
    input fails the test, since the client would not send the form.
    """
    stateful = [
        (b, e)
        for b, e in iter_elements(view.get("blocks", []))
        if e.get("type") in STATEFUL_ELEMENTS
    ]
    known = {str(block.get("block_id")) for block, _ in stateful}
    unknown = set(values) - known
    if unknown:
        raise AssertionError(
            f"no input block {sorted(unknown)} in the view; inputs: {sorted(known)}"
        )
    typed = view.get("state", {}).get("values", {})
    state: dict[str, dict[str, Any]] = {}
    for block, element in stateful:
        block_id, action_id = block["block_id"], element["action_id"]
        given = values.get(block_id, _UNSET)
        if given is not _UNSET and sum(b is block for b, _ in stateful) > 1:
            if not isinstance(given, dict):
                raise AssertionError(f"block {block_id!r} has several inputs: map action_ids")
            given = given.get(action_id, _UNSET)
        if given is _UNSET and action_id in typed.get(block_id, {}):
            entry = typed[block_id][action_id]
        else:
            entry = _element_value(element, given)
        empty = all(v in (None, [], "") for k, v in entry.items() if k != "type")
        if submitting and block.get("type") == "input" and not block.get("optional") and empty:
            label = text_of(block.get("label"))
            raise AssertionError(
                f"required input {block_id!r} ({label}) is empty; Slack won't submit"
            )
        state.setdefault(block_id, {})[action_id] = entry
    return {"values": state}


def _element_value(element: dict[str, Any], given: Any = _UNSET) -> dict[str, Any]:
    """One element's state entry, from what the person gave or else from its initial value."""
    kind = element["type"]
    if kind in _TEXT_INPUTS:
        text = element.get("initial_value") if given is _UNSET else given
        text = None if text in (None, "") else str(text)
        _check_text(element, text)
        return {"type": kind, "value": text}
    if kind == "rich_text_input":
        if given is _UNSET:
            return {"type": kind, "rich_text_value": element.get("initial_value")}
        section = {"type": "rich_text_section", "elements": [{"type": "text", "text": str(given)}]}
        return {"type": kind, "rich_text_value": {"type": "rich_text", "elements": [section]}}
    if kind in _ONE_OPTION:
        chosen = element.get("initial_option") if given is _UNSET else _option(element, given)
        return {"type": kind, "selected_option": chosen}
    if kind in _MANY_OPTIONS:
        if given is _UNSET:
            return {"type": kind, "selected_options": element.get("initial_options", [])}
        return {"type": kind, "selected_options": [_option(element, g) for g in _listed(given)]}
    if kind == "datepicker":
        day = element.get("initial_date") if given is _UNSET else given
        return {"type": kind, "selected_date": day.isoformat() if isinstance(day, dt.date) else day}
    if kind == "timepicker":
        at = element.get("initial_time") if given is _UNSET else given
        return {
            "type": kind,
            "selected_time": at.strftime("%H:%M") if isinstance(at, dt.time) else at,
        }
    if kind == "datetimepicker":
        moment = element.get("initial_date_time") if given is _UNSET else given
        stamp = int(moment.timestamp()) if isinstance(moment, dt.datetime) else moment
        return {"type": kind, "selected_date_time": stamp}
    key, initial = _PICKED[kind]
    picked = element.get(initial) if given is _UNSET else given
    if kind.startswith("multi_"):
        picked = _listed(picked or [])
    return {"type": kind, key: picked}


def _listed(given: Any) -> list[Any]:
    return list(given) if isinstance(given, (list, tuple, set)) else [given]


def _option(element: dict[str, Any], given: Any) -> dict[str, Any]:
    """The offered option whose value or label is `given`; external selects take anything."""
    wanted = given.get("value") if isinstance(given, dict) else given
    offered = list(element.get("options", []))
    for group in element.get("option_groups", []):
        offered.extend(group.get("options", []))
    for option in offered:
        if wanted in (option.get("value"), text_of(option.get("text"))):
            return option
    if element["type"].endswith("external_select"):
        return (
            given
            if isinstance(given, dict)
            else {"text": {"type": "plain_text", "text": str(given)}, "value": str(given)}
        )
    choices = [o.get("value") for o in offered]
    raise AssertionError(
        f"{wanted!r} is not offered by {element.get('action_id')!r}; options: {choices}"
    )


def _check_text(element: dict[str, Any], text: str | None) -> None:
    """The client-side checks Slack runs before it lets a person submit typed text."""
    if text is None:
        return
    kind, action_id = element["type"], element.get("action_id")
    if len(text) > element.get("max_length", 3000) or len(text) < element.get("min_length", 0):
        raise AssertionError(f"{action_id!r}: {len(text)} characters is outside the allowed length")
    if kind == "number_input":
        try:
            number = float(text) if element.get("is_decimal_allowed") else int(text)
        except ValueError:
            raise AssertionError(f"{action_id!r}: {text!r} is not an allowed number") from None
        low, high = element.get("min_value"), element.get("max_value")
        if (low is not None and number < float(low)) or (high is not None and number > float(high)):
            raise AssertionError(f"{action_id!r}: {text} is outside {low}..{high}")
    if kind == "email_text_input" and "@" not in text:
        raise AssertionError(f"{action_id!r}: {text!r} is not an email address")
    if kind == "url_text_input" and not text.startswith(("http://", "https://")):
        raise AssertionError(f"{action_id!r}: {text!r} is not a URL")
