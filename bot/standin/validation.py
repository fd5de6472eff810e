"""The Block Kit rules Slack enforces, so a test fails where production would.

Slack answers a message with bad blocks "invalid_blocks" and a view with bad blocks
"invalid_arguments", each with response_metadata.messages naming the broken field by JSON
pointer. The limits below are Slack's published ones; the checks cover what Open Door
uses (sections, headers, context, actions, inputs, buttons, selects, text inputs, pickers).
"""

from __future__ import annotations

import re
from typing import Any

from bot.standin.blocks import STATEFUL_ELEMENTS

MESSAGE_BLOCK_LIMIT = 50
VIEW_BLOCK_LIMIT = 100

# fmt: off
_BLOCK_TYPES = frozenset({
    "section", "divider", "image", "actions", "context", "header", "input", "rich_text", "video",
    "file", "markdown", "table", "context_actions",
})
# fmt: on
_INPUT_ELEMENTS = STATEFUL_ELEMENTS | {"file_input"}
_OPTION_LIMITS = {"static_select": 100, "multi_static_select": 100, "overflow": 5,
                  "checkboxes": 10, "radio_buttons": 10}  # fmt: skip
_PLAIN_OPTIONS = frozenset({"static_select", "multi_static_select", "overflow"})


class _Checker:
    """Collects Slack-style problem messages while walking a payload."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, pointer: str, problem: str) -> None:
        self.problems.append(f"[ERROR] {problem} [json-pointer:{pointer}]")

    def text(self, obj: Any, pointer: str, limit: int, *, plain_only: bool = False) -> None:
        """A text object: the right type, not empty, not too long."""
        if not isinstance(obj, dict):
            self.add(pointer, "must provide an object")
            return
        allowed = ("plain_text",) if plain_only else ("plain_text", "mrkdwn")
        if obj.get("type") not in allowed:
            self.add(f"{pointer}/type", f"must be one of {', '.join(allowed)}")
        self.length(obj.get("text"), f"{pointer}/text", limit, required=True)

    def length(self, value: Any, pointer: str, limit: int, *, required: bool = False) -> None:
        if value is None:
            if required:
                self.add(pointer, "must provide a string")
        elif not isinstance(value, str):
            self.add(pointer, "must be a string")
        elif required and not value:
            self.add(pointer, "must be more than 0 characters")
        elif len(value) > limit:
            self.add(pointer, f"must be less than {limit + 1} characters")

    def count(self, items: Any, pointer: str, limit: int, minimum: int = 0) -> list[Any]:
        """A list within its item limits; returns it (or [] if it is not a list)."""
        if items is None and minimum == 0:
            return []
        if not isinstance(items, list):
            self.add(pointer, "must be an array")
            return []
        if len(items) > limit:
            self.add(pointer, f"no more than {limit} items allowed")
        if len(items) < minimum:
            self.add(pointer, f"must provide at least {minimum} items")
        return items

    def blocks(self, blocks: Any, pointer: str, limit: int) -> None:
        block_ids: set[str] = set()
        for i, block in enumerate(self.count(blocks, pointer, limit)):
            at = f"{pointer}/{i}"
            if not isinstance(block, dict) or block.get("type") not in _BLOCK_TYPES:
                self.add(at, "unsupported type or missing type")
                continue
            block_id = block.get("block_id")
            if block_id is not None:
                self.length(block_id, f"{at}/block_id", 255, required=True)
                if block_id in block_ids:
                    self.add(f"{at}/block_id", f"duplicate block_id {block_id!r}")
                block_ids.add(block_id)
            self.block(block, at)

    def block(self, block: dict[str, Any], at: str) -> None:
        kind = block["type"]
        if kind == "section":
            if "text" not in block and "fields" not in block:
                self.add(at, "must provide either text or fields")
            if "text" in block:
                self.text(block["text"], f"{at}/text", 3000)
            for j, item in enumerate(self.count(block.get("fields"), f"{at}/fields", 10)):
                self.text(item, f"{at}/fields/{j}", 2000)
            if "accessory" in block:
                self.element(block["accessory"], f"{at}/accessory")
        elif kind == "header":
            self.text(block.get("text"), f"{at}/text", 150, plain_only=True)
        elif kind == "actions":
            elements = self.count(block.get("elements"), f"{at}/elements", 25, minimum=1)
            action_ids = [e.get("action_id") for e in elements if isinstance(e, dict)]
            for action_id in {a for a in action_ids if a is not None and action_ids.count(a) > 1}:
                self.add(f"{at}/elements", f"duplicate action_id {action_id!r}")
            for j, element in enumerate(elements):
                self.element(element, f"{at}/elements/{j}")
        elif kind == "context":
            for j, item in enumerate(self.count(block.get("elements"), f"{at}/elements", 10, 1)):
                if isinstance(item, dict) and item.get("type") == "image":
                    self.length(
                        item.get("alt_text"), f"{at}/elements/{j}/alt_text", 2000, required=True
                    )
                else:
                    self.text(item, f"{at}/elements/{j}", 3000)
        elif kind == "input":
            self.text(block.get("label"), f"{at}/label", 2000, plain_only=True)
            element = block.get("element")
            if not isinstance(element, dict) or element.get("type") not in _INPUT_ELEMENTS:
                self.add(f"{at}/element", "must provide an input element")
            else:
                self.element(element, f"{at}/element")
        elif kind == "image":
            self.length(block.get("alt_text"), f"{at}/alt_text", 2000, required=True)

    def element(self, element: Any, at: str) -> None:
        if not isinstance(element, dict) or not isinstance(element.get("type"), str):
            self.add(at, "must provide an element with a type")
            return
        kind = element["type"]
        self.length(element.get("action_id"), f"{at}/action_id", 255)
        if kind == "button":
            self.text(element.get("text"), f"{at}/text", 75, plain_only=True)
            self.length(element.get("value"), f"{at}/value", 2000)
            self.length(element.get("url"), f"{at}/url", 3000)
            if element.get("style") not in (None, "primary", "danger"):
                self.add(f"{at}/style", "must be one of primary, danger")
        if "placeholder" in element:
            self.text(element["placeholder"], f"{at}/placeholder", 150, plain_only=True)
        if kind in _OPTION_LIMITS:
            self.options(element, at)
        if kind == "plain_text_input":
            limit = min(element.get("max_length") or 3000, 3000)
            self.length(element.get("initial_value"), f"{at}/initial_value", limit)
        formats = {
            "datepicker": ("initial_date", r"\d{4}-\d{2}-\d{2}", "YYYY-MM-DD"),
            "timepicker": ("initial_time", r"\d{2}:\d{2}", "HH:mm"),
        }
        if kind in formats:
            key, pattern, shown = formats[kind]
            if key in element and not re.fullmatch(pattern, str(element[key])):
                self.add(f"{at}/{key}", f"must match the format {shown}")

    def options(self, element: dict[str, Any], at: str) -> None:
        """Options: within limits, and any initial option must be one of them, as Slack demands."""
        kind = element["type"]
        options = list(self.count(element.get("options"), f"{at}/options", _OPTION_LIMITS[kind]))
        for g, group in enumerate(
            self.count(element.get("option_groups"), f"{at}/option_groups", 100)
        ):
            options.extend(self.count(group.get("options"), f"{at}/option_groups/{g}/options", 100))
        if not options:
            self.add(f"{at}/options", "must provide options or option_groups")
        for j, option in enumerate(options):
            if not isinstance(option, dict):
                self.add(f"{at}/options/{j}", "must provide an object")
                continue
            plain_only = kind in _PLAIN_OPTIONS
            self.text(option.get("text"), f"{at}/options/{j}/text", 75, plain_only=plain_only)
            self.length(option.get("value"), f"{at}/options/{j}/value", 150, required=True)
        values = {o.get("value") for o in options if isinstance(o, dict)}
        initial = element.get("initial_options") or [element.get("initial_option")]
        for chosen in initial:
            if isinstance(chosen, dict) and chosen.get("value") not in values:
                self.add(f"{at}/initial_option", "must match one of the provided options")


def message_problems(blocks: Any) -> list[str]:
    """What Slack would object to in a message's blocks (empty when it would accept them)."""
    checker = _Checker()
    checker.blocks(blocks, "/blocks", MESSAGE_BLOCK_LIMIT)
    return checker.problems


def view_problems(view: Any) -> list[str]:
    """What Slack would object to in a modal or home tab (empty when it would accept it)."""
    checker = _Checker()
    if not isinstance(view, dict) or view.get("type") not in ("modal", "home"):
        checker.add("/view/type", "must be one of modal, home")
        return checker.problems
    if view["type"] == "modal":
        checker.text(view.get("title"), "/view/title", 24, plain_only=True)
        for key in ("submit", "close"):
            if key in view:
                checker.text(view[key], f"/view/{key}", 24, plain_only=True)
        has_input = any(
            isinstance(b, dict) and b.get("type") == "input" for b in view.get("blocks", [])
        )
        if has_input and "submit" not in view:
            checker.add("/view/submit", "must provide submit when the view has input blocks")
    checker.blocks(view.get("blocks"), "/view/blocks", VIEW_BLOCK_LIMIT)
    checker.length(view.get("private_metadata"), "/view/private_metadata", 3000)
    checker.length(view.get("callback_id"), "/view/callback_id", 255)
    checker.length(view.get("external_id"), "/view/external_id", 255)
    return checker.problems
