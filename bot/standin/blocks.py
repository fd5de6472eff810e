"""Reading Block Kit the way a person reads it on screen.

Tests should assert on what someone sees ("the DM says the visit is confirmed and offers
a Cancel button"), not on the exact JSON the app built. These helpers flatten blocks into
readable text and find the interactive elements, for both messages and views.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Block = dict[str, Any]

# Elements that keep a value in view.state (everything interactive except buttons and links).
# fmt: off
STATEFUL_ELEMENTS = frozenset({
    "plain_text_input", "email_text_input", "url_text_input", "number_input", "rich_text_input",
    "static_select", "external_select", "radio_buttons", "multi_static_select",
    "multi_external_select", "checkboxes", "datepicker", "timepicker", "datetimepicker",
    "users_select", "multi_users_select", "conversations_select", "multi_conversations_select",
    "channels_select", "multi_channels_select",
})
# fmt: on


def text_of(obj: Any) -> str:
    """The string inside a text object ({"type": "mrkdwn", "text": ...}), or "" if absent."""
    if isinstance(obj, dict):
        return str(obj.get("text", ""))
    return ""


def iter_elements(blocks: list[Block]) -> Iterator[tuple[Block, dict[str, Any]]]:
    """Every interactive element with the block holding it, in reading order."""
    for block in blocks:
        if block.get("type") in ("actions", "context_actions"):
            for element in block.get("elements", []):
                yield block, element
        elif block.get("type") == "section" and isinstance(block.get("accessory"), dict):
            yield block, block["accessory"]
        elif block.get("type") == "input" and isinstance(block.get("element"), dict):
            yield block, block["element"]


def buttons(blocks: list[Block]) -> list[dict[str, Any]]:
    """The buttons a person can press, each with its label as plain text and its block_id."""
    found = []
    for block, element in iter_elements(blocks):
        if element.get("type") == "button":
            found.append(
                {
                    "action_id": element.get("action_id"),
                    "value": element.get("value"),
                    "block_id": block.get("block_id"),
                    "text": text_of(element.get("text")),
                    "style": element.get("style"),
                    "url": element.get("url"),
                }
            )
    return found


def _element_text(element: dict[str, Any]) -> str:
    """How an element shows up on screen: a button's label, a select's choice or placeholder."""
    kind = element.get("type")
    if kind == "button":
        return f"[{text_of(element.get('text'))}]"
    if kind == "overflow":
        return "[...]"
    if kind == "image":
        return f"(image: {element.get('alt_text', '')})"
    if kind in ("mrkdwn", "plain_text"):
        return text_of(element)
    chosen = element.get("initial_option") or {}
    shown = text_of(chosen.get("text")) or text_of(element.get("placeholder"))
    return f"<{kind}: {shown}>" if shown else f"<{kind}>"


def _rich_text(elements: list[Any]) -> str:
    """The visible characters of a rich_text block's nested elements."""
    parts = []
    for element in elements:
        if not isinstance(element, dict):
            continue
        if "elements" in element:
            parts.append(_rich_text(element["elements"]))
        elif element.get("type") == "user":
            parts.append(f"<@{element.get('user_id')}>")
        elif element.get("type") == "link":
            parts.append(element.get("text") or element.get("url", ""))
        else:
            parts.append(str(element.get("text", "")))
    return "".join(parts)


def _typed(entry: dict[str, Any]) -> str:
    """What a person has entered in an input, from its view.state entry."""
    for key, value in entry.items():
        if key == "type" or value in (None, "", []):
            continue
        if isinstance(value, dict):
            return text_of(value.get("text"))
        if isinstance(value, list):
            return ", ".join(
                text_of(v.get("text")) if isinstance(v, dict) else str(v) for v in value
            )
        return str(value)
    return ""


def block_lines(blocks: list[Block], state: dict[str, Any] | None = None) -> list[str]:
    """One or more readable lines per block, in the order Slack draws them.

    With a view's state.values, inputs show what the person has entered.
    """
    lines: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind in ("section", "header", "markdown"):
            text = block.get("text")
            lines.append(text if isinstance(text, str) else text_of(text))
            lines.extend(text_of(field) for field in block.get("fields", []))
            if isinstance(block.get("accessory"), dict):
                lines.append(_element_text(block["accessory"]))
        elif kind in ("context", "actions", "context_actions"):
            lines.append(" ".join(_element_text(e) for e in block.get("elements", [])))
        elif kind == "input":
            element = block.get("element", {})
            entry = (state or {}).get(block.get("block_id", ""), {}).get(element.get("action_id"))
            shown = _typed(entry) if entry else ""
            lines.append(f"{text_of(block.get('label'))}: {shown or _element_text(element)}")
            if block.get("hint"):
                lines.append(text_of(block["hint"]))
        elif kind == "rich_text":
            lines.append(_rich_text(block.get("elements", [])))
        elif kind == "image":
            lines.append(f"(image: {block.get('alt_text', '')})")
        elif kind == "divider":
            lines.append("---")
    return [line for line in lines if line]


def flatten(text: str, blocks: list[Block]) -> str:
    """A message's fallback text and all its block text as one string to search in."""
    return "\n".join(line for line in [text, *block_lines(blocks)] if line)


def on_screen(text: str, blocks: list[Block]) -> str:
    """What a person reads of a message: its blocks if any (the text is then only a fallback)."""
    return "\n".join(block_lines(blocks)) or text


def view_lines(view: dict[str, Any]) -> list[str]:
    """A modal or home tab as a person sees it: title, blocks, then the footer buttons."""
    lines = []
    if view.get("title"):
        lines.append(f"« {text_of(view['title'])} »")
    lines.extend(block_lines(view.get("blocks", []), view.get("state", {}).get("values")))
    footer = [f"[{text_of(view[key])}]" for key in ("close", "submit") if view.get(key)]
    if footer:
        lines.append(" ".join(footer))
    return lines


def render_screen(heading: str, sections: dict[str, list[str]]) -> str:
    """A person's screen as indented text: a heading, then each section's items as bullets."""
    lines = [f"== {heading} =="]
    for title, items in sections.items():
        lines.append(f"{title}:" if items else f"{title}: (none)")
        for item in items:
            first, *rest = item.splitlines() or [""]
            lines.append(f"  • {first}")
            lines.extend(f"    {line}" for line in rest)
    return "\n".join(lines)
