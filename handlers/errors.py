"""The one place that turns exceptions into answers people can act on."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient

from bot.domain.errors import DomainError, FieldErrors
from bot.views.notices import notice, notice_modal
from handlers.slack_io import reply

SORRY = (
    "Sorry, something went wrong on my side and I couldn't finish that. "
    "Nothing you saved before was lost; please try again in a moment."
)


log = logging.getLogger(__name__)


def register(app: App) -> None:
    app.error(answer_error)


def answer_error(
    error: Exception,
    body: dict[str, Any],
    response: BoltResponse | None,
    client: WebClient,
    logger: logging.Logger,
) -> None:
    """Refusals become a field error or a friendly note; surprises are logged and apologised for."""
    if not isinstance(error, DomainError):
        logger.exception(
            "unexpected error handling %s", body.get("type") or body.get("command"), exc_info=error
        )
    submitting = body.get("type") == "view_submission"
    if submitting and response is not None and isinstance(error, FieldErrors):
        _respond_json(
            response, {"response_action": "errors", "errors": _placed(body, error.errors)}
        )
    elif submitting and response is not None:
        text = error.message if isinstance(error, DomainError) else SORRY
        _respond_json(response, {"response_action": "update", "view": notice_modal(text)})
    elif body:
        reply(client, body, notice(error.message if isinstance(error, DomainError) else SORRY))


def _placed(body: dict[str, Any], errors: dict[str, str]) -> dict[str, str]:
    """Errors about fields this modal doesn't show go on its first input, so nothing typed is lost."""
    inputs = [
        block["block_id"]
        for block in body["view"].get("blocks", [])
        if block.get("type") == "input"
    ]
    placed: dict[str, str] = {}
    for field, message in errors.items():
        target = field if field in inputs else inputs[0]
        placed[target] = f"{placed[target]} {message}" if target in placed else message
    return placed


def _respond_json(response: BoltResponse, payload: dict[str, Any]) -> None:
    response.status = 200
    response.body = json.dumps(payload)
    response.headers["content-type"] = ["application/json;charset=utf-8"]
