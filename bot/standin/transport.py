"""How a request reaches the app from Slack: signed, with Slack's user agent, and a time limit.

SlackRequests decides what a command, a click or an event says; this is the part every one of
them shares on the way: the signature Bolt checks, the POST itself, and Slack giving up on an
app that does not answer in time. Kept apart so the payloads read without HTTP in the way.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from slack_sdk.signature import SignatureVerifier

SLACK_USER_AGENT = "Slackbot 1.0 (+https://api.slack.com/robots)"


@dataclass(frozen=True)
class Reply:
    """The app's HTTP answer to one request: status, raw body, and the body as JSON if it is."""

    status: int
    body: str
    json: dict[str, Any] | None


def signature_headers(verifier: SignatureVerifier, body: str, content_type: str) -> dict[str, str]:
    """Sign at call time with time.time(), so frozen test clocks sign in their frozen time."""
    timestamp = str(int(time.time()))
    signature = verifier.generate_signature(timestamp=timestamp, body=body) or ""
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature,
    }


def post(app_url: str, body: bytes, headers: dict[str, str], timeout: float) -> Reply:
    """POST exactly these bytes and headers as Slack does, waiting `timeout` for the answer."""
    request = urllib.request.Request(
        app_url,
        data=body,
        method="POST",
        headers={"User-Agent": SLACK_USER_AGENT, **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, data = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, data = error.code, error.read()
    except TimeoutError as error:
        raise AssertionError(f"the app did not answer within {timeout}s; Slack gives up") from error
    text = data.decode()
    try:
        parsed = json.loads(text) if text.lstrip().startswith("{") else None
    except ValueError:
        parsed = None
    return Reply(status, text, parsed)
