"""What the dispatcher makes of each answer Slack can give, as a table: sent later, retried
(looking first when it may have gone out), held for the workspace, or failed, and what follows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.slack_response import SlackResponse

from bot.models import Notification
from bot.outbox.verdicts import BASE_BACKOFF, MAX_ATTEMPTS, TOKEN_PAUSE, judge
from bot.vocabulary import NotificationState as State

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


def slack_says(
    status: int, error: str = "", headers: dict[str, str] | None = None
) -> SlackApiError:
    response = SlackResponse(
        client=None,
        http_verb="POST",
        api_url="https://slack.test/api/chat.postMessage",
        req_args={},
        data={"ok": False, "error": error} if error else {},
        headers=headers or {},
        status_code=status,
    )
    return SlackApiError(error or f"HTTP {status}", response)


def note(recipient: str = "U1", attempts: int = 1) -> Notification:
    return Notification(id=9, recipient=recipient, attempts=attempts, kind="visit_booked")


@pytest.mark.parametrize(
    ("case", "error", "state", "due_in", "look", "follows"),
    [
        ("a 429 waits Retry-After, not counted as a try", slack_says(429, "ratelimited", {"Retry-After": "7"}), State.PENDING, 7, False, False),
        ("an odd Retry-After waits a second", slack_says(429, "ratelimited", {"Retry-After": "soon"}), State.PENDING, 1, False, False),
        ("a 500 may have posted: retried, looked for first", slack_says(500), State.PENDING, 30, True, False),
        ("a 503 likewise", slack_says(503, "service_unavailable"), State.PENDING, 30, True, False),
        ("a plain error is retried without looking", slack_says(200, "invalid_blocks"), State.PENDING, 30, False, False),
        ("a person's DM failing is retried, and the person checked", slack_says(200, "channel_not_found"), State.PENDING, 30, False, True),
        ("user_disabled likewise: nothing cancelled by itself", slack_says(200, "user_disabled"), State.PENDING, 30, False, True),
        ("a revoked token holds the workspace", slack_says(200, "token_revoked"), State.PENDING, TOKEN_PAUSE.total_seconds(), False, True),
    ],
)  # fmt: skip
def test_each_answer(case, error, state, due_in, look, follows) -> None:
    verdict = judge(error, note(), NOW)
    assert verdict.state == state, case
    assert verdict.due_at == NOW + timedelta(seconds=due_in), case
    assert verdict.uncertain is look, case
    assert (verdict.consequence is not None) is follows, case


def test_the_channel_refusing_fails_at_once_and_marks_the_channel() -> None:
    verdict = judge(slack_says(200, "not_in_channel"), note("CVISITS"), NOW)
    assert verdict.state == State.FAILED and verdict.consequence is not None


def test_a_rate_limit_does_not_use_up_a_try() -> None:
    assert judge(slack_says(429, "ratelimited"), note(), NOW).counted is False
    assert judge(slack_says(500), note(), NOW).counted is True


def test_backoff_grows_then_the_message_fails_for_the_digest() -> None:
    waits = [judge(slack_says(500), note(attempts=n), NOW).due_at for n in (1, 2, 3)]
    assert waits == [NOW + BASE_BACKOFF * 2**n for n in range(3)]
    last = judge(slack_says(500), note(attempts=MAX_ATTEMPTS), NOW)
    assert last.state == State.FAILED and last.uncertain is True
