"""Small Block Kit builders for the stand-in's tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from slack_sdk.errors import SlackApiError

TOKEN = "xoxb-standin"
ADA, BOB, GONE = "U0ADA", "U0BOB", "U0GONE"


def error_of(method: Callable[..., Any], *args: Any, **kwargs: Any) -> str:
    """The Slack error a WebClient method raised."""
    with pytest.raises(SlackApiError) as raised:
        method(*args, **kwargs)
    return raised.value.response["error"]


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def button(action_id: str, label: str, value: str) -> dict[str, Any]:
    text = {"type": "plain_text", "text": label}
    return {"type": "button", "action_id": action_id, "text": text, "value": value}


def modal(title: str = "Open your door", **extra: Any) -> dict[str, Any]:
    return {"type": "modal", "title": {"type": "plain_text", "text": title}, "blocks": [], **extra}


def offer_modal(title: str = "Open your door") -> dict[str, Any]:
    """A modal with a date, a select with an initial option, and a required text input."""
    seats = [{"text": {"type": "plain_text", "text": str(n)}, "value": str(n)} for n in (1, 2, 3)]

    def field(block_id: str, label: str, element: dict[str, Any]) -> dict[str, Any]:
        label_text = {"type": "plain_text", "text": label}
        return {"type": "input", "block_id": block_id, "label": label_text, "element": element}

    return {
        **modal(title),
        "callback_id": "offer",
        "submit": {"type": "plain_text", "text": "Open"},
        "blocks": [
            field("when", "Day", {"type": "datepicker", "action_id": "day"}),
            field(
                "seats",
                "Seats",
                {
                    "type": "static_select",
                    "action_id": "n",
                    "options": seats,
                    "initial_option": seats[0],
                },
            ),
            field(
                "see", "What visitors will see", {"type": "plain_text_input", "action_id": "text"}
            ),
        ],
    }
