"""Slack as it is on a bad day: slow answers, rate limits, and faults where the app cannot tell
what happened (posted but answered 500, posted but never answered, one person unreachable).

Timing assertions only prove that a delay happened, or bound it far above what it should be.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.standin import StandInSlack
from tests.standin.builders import ADA, BOB, GONE, TOKEN, error_of

METADATA = {"event_type": "notification", "event_payload": {"notification_id": 7}}


def refusal(method: Callable[..., Any], **kwargs: Any) -> SlackApiError:
    """The SlackApiError a WebClient call raised, for its status and headers."""
    with pytest.raises(SlackApiError) as raised:
        method(**kwargs)
    return raised.value


# -- latency ----------------------------------------------------------------------------------


def test_every_answer_takes_the_latency_and_calls_are_recorded_on_arrival(
    standin: StandInSlack, client: WebClient
) -> None:
    standin.set_latency(0.3)
    started = time.time()
    client.chat_postMessage(channel="C0VISITS", text="hi")
    answered = time.time()
    assert answered - started >= 0.3
    (call,) = standin.calls("chat.postMessage")
    assert started <= call.at < answered - 0.25, "Call.at is when the call arrived"

    url = standin.new_response_url(ADA, "C0VISITS")
    started = time.time()
    assert WebhookClient(url).send(text="Looking...").status_code == 200
    assert time.time() - started >= 0.3
    assert [m.text for m in standin.ephemerals(ADA)] == ["Looking..."]

    with pytest.raises(ValueError):
        standin.set_latency(-1)


def test_concurrent_calls_wait_side_by_side_not_in_turn() -> None:
    latency, callers = 0.5, 20
    with StandInSlack(latency=latency) as slack:
        slack.add_channel("C0VISITS", "visits", members=("UBOT",))

        def post(n: int) -> float:
            began = time.monotonic()
            WebClient(token=TOKEN, base_url=slack.base_url).chat_postMessage(
                channel="C0VISITS", text=f"message {n}"
            )
            return time.monotonic() - began

        started = time.monotonic()
        with ThreadPoolExecutor(callers) as pool:
            each = list(pool.map(post, range(callers)))
        elapsed = time.monotonic() - started
        assert min(each) >= latency
        assert elapsed < callers * latency / 2, "the calls took their latency one after another"
        assert len(slack.channel_messages("C0VISITS")) == callers


# -- rate limits ------------------------------------------------------------------------------


def test_posting_to_one_channel_is_limited_and_refused_posts_do_nothing(
    standin: StandInSlack, client: WebClient
) -> None:
    standin.enforce_rate_limits(per_channel_per_second=1.0, burst=2, workspace_per_minute=None)
    for n in range(2):
        client.chat_postMessage(channel="C0VISITS", text=f"burst {n}")
    limited = refusal(client.chat_postMessage, channel="C0VISITS", text="one too many")
    assert limited.response.status_code == 429 and limited.response["error"] == "ratelimited"
    assert limited.response.headers["Retry-After"] == "1"
    by_name = refusal(client.chat_postMessage, channel="#visits", text="the same channel")
    assert by_name.response.status_code == 429
    assert [m.text for m in standin.channel_messages("C0VISITS")] == ["burst 0", "burst 1"]

    client.chat_postMessage(channel=ADA, text="a DM is another channel")
    client.chat_postMessage(channel="D0ADA", text="the same DM, by its id")
    assert refusal(client.chat_postMessage, channel=ADA, text="x").response.status_code == 429
    assert [m.text for m in standin.dms(ADA)] == [
        "a DM is another channel",
        "the same DM, by its id",
    ]
    assert client.conversations_history(channel="C0VISITS")["ok"], "only posting is per channel"
    assert standin.rate_limited_count() == standin.rate_limited_count("chat.postMessage") == 3
    assert len(standin.calls("chat.postMessage")) == 7, "refused calls are still recorded"


def test_a_retry_after_retry_after_seconds_is_let_through(
    standin: StandInSlack, client: WebClient
) -> None:
    standin.enforce_rate_limits(per_channel_per_second=2.0, burst=1, workspace_per_minute=None)
    client.chat_postMessage(channel="C0VISITS", text="first")
    limited = refusal(client.chat_postMessage, channel="C0VISITS", text="second")
    time.sleep(int(limited.response.headers["Retry-After"]))
    assert client.chat_postMessage(channel="C0VISITS", text="second")["ok"]


def test_the_workspace_limit_counts_every_method_and_can_be_lifted(
    standin: StandInSlack, client: WebClient
) -> None:
    standin.fail_next("auth.test", status=429)
    assert refusal(client.auth_test).response.status_code == 429
    standin.enforce_rate_limits(workspace_per_minute=6, workspace_burst=3)
    client.auth_test()
    client.users_info(user=ADA)
    client.chat_postMessage(channel="C0VISITS", text="third call")
    limited = refusal(client.conversations_info, channel="C0VISITS")
    assert limited.response.status_code == 429
    assert limited.response.headers["Retry-After"] == "10", "one call every ten seconds"
    assert standin.rate_limited_count() == standin.rate_limited_count("conversations.info") == 1
    assert standin.rate_limited_count("auth.test") == 0, "fail_next's 429s are the test's own"

    standin.disable_rate_limits()
    assert client.conversations_info(channel="C0VISITS")["ok"]
    assert standin.rate_limited_count() == 1
    standin.reset_calls()
    assert standin.rate_limited_count() == 0


# -- faults where the app cannot tell what happened ------------------------------------------


def test_posted_then_a_server_error(standin: StandInSlack, client: WebClient) -> None:
    standin.fail_after_posting(status=503, when=lambda args: args["channel"] != GONE)
    assert error_of(client.chat_postMessage, channel=GONE, text="x") == "user_disabled"
    failed = refusal(client.chat_postMessage, channel=ADA, text="Booked", metadata=METADATA)
    assert failed.response.status_code == 503
    assert [m.text for m in standin.dms(ADA)] == ["Booked"], "posted all the same"
    history = client.conversations_history(channel="D0ADA", include_all_metadata=True)
    assert history["messages"][0]["metadata"] == METADATA
    assert client.chat_postMessage(channel=ADA, text="once only")["ok"]

    standin.fail_after_posting("chat.update", times=2)
    ts = standin.dms(ADA)[0].ts
    for text in ("Edited", "Edited again"):
        failed = refusal(client.chat_update, channel="D0ADA", ts=ts, text=text)
        assert (failed.response.status_code, failed.response["error"]) == (500, "internal_error")
    assert standin.dms(ADA)[0].text == "Edited again"
    assert client.chat_update(channel="D0ADA", ts=ts, text="Edited at last")["ok"]


def test_posted_then_no_answer_in_time(standin: StandInSlack) -> None:
    impatient = WebClient(token=TOKEN, base_url=standin.base_url, timeout=0.3, retry_handlers=[])
    standin.hang_after_posting(5)
    with pytest.raises(TimeoutError):
        impatient.chat_postMessage(channel=BOB, text="Booked", metadata=METADATA)
    assert [m.text for m in standin.dms(BOB)] == ["Booked"]
    assert impatient.chat_postMessage(channel=BOB, text="next one")["ok"], "one hang only"

    standin.hang_after_posting(0.5, method="conversations.open")
    patient = WebClient(token=TOKEN, base_url=standin.base_url, timeout=10)
    started = time.monotonic()
    assert patient.conversations_open(users=ADA)["channel"]["id"] == "D0ADA"
    assert time.monotonic() - started >= 0.5, "a hang of some seconds ends with the real answer"


def test_posted_then_no_answer_until_slack_stops_holds_up_nobody_else() -> None:
    slack = StandInSlack().start()
    slack.add_user(ADA, "ada")
    slack.add_user(BOB, "bob")
    slack.hang_after_posting(when=lambda args: args["channel"] == ADA)
    outcome: list[Exception] = []

    def post_to_ada() -> None:
        client = WebClient(token=TOKEN, base_url=slack.base_url, retry_handlers=[])
        try:
            client.chat_postMessage(channel=ADA, text="Booked")
        except Exception as error:
            outcome.append(error)

    waiting = threading.Thread(target=post_to_ada)
    waiting.start()
    slack.wait_for("chat.postMessage")
    other = WebClient(token=TOKEN, base_url=slack.base_url, timeout=5)
    assert other.chat_postMessage(channel=BOB, text="not held up")["ok"]
    assert waiting.is_alive(), "answered before the stand-in stopped"
    slack.stop()
    waiting.join(timeout=5)
    assert not waiting.is_alive()
    assert isinstance(outcome[0], ConnectionError), "the connection closed unanswered"
    assert [m.text for m in slack.dms(ADA)] == ["Booked"]


def test_one_recipient_refused_however_addressed(standin: StandInSlack, client: WebClient) -> None:
    standin.refuse_recipient(BOB)
    assert error_of(client.chat_postMessage, channel=BOB, text="x") == "channel_not_found"
    assert error_of(client.chat_postMessage, channel="D0BOB", text="x") == "channel_not_found"
    assert error_of(client.conversations_open, users=BOB) == "channel_not_found"
    assert client.chat_postMessage(channel=ADA, text="others are reached")["ok"]
    assert client.users_info(user=BOB)["ok"], "only calls to their DM are refused"
    assert standin.dms(BOB) == []

    standin.refuse_recipient(BOB, None)
    ts = client.chat_postMessage(channel=BOB, text="reachable again")["ts"]
    standin.refuse_recipient(BOB, "user_disabled", times=2)
    assert error_of(client.chat_update, channel="D0BOB", ts=ts, text="x") == "user_disabled"
    assert error_of(client.chat_postMessage, channel=BOB, text="x") == "user_disabled"
    assert client.chat_postMessage(channel=BOB, text="after two refusals")["ok"]
    assert [m.text for m in standin.dms(BOB)] == ["reachable again", "after two refusals"]
