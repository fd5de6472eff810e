"""The stand-in behaves like Slack where Open Door depends on it.

Web API round trips go through slack_sdk's real WebClient. Requests toward the app are checked
twice: as bytes against a recording server, and end to end against a real Bolt app over HTTP,
asserting on what people see.
"""

from __future__ import annotations

import json
import urllib.request

import freezegun
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.standin import StandInSlack
from tests.standin.builders import ADA, BOB, GONE, TOKEN, button, error_of, modal, section

# -- Web API round trips ----------------------------------------------------------------------


def test_identity_and_people_answer_in_slacks_shapes(client: WebClient) -> None:
    assert client.auth_test()["user_id"] == "UBOT"
    ada = client.users_info(user=ADA)["user"]
    assert (ada["tz"], ada["is_admin"], ada["profile"]["real_name"]) == (
        "Europe/London",
        True,
        "Ada Lovelace",
    )
    assert isinstance(ada["tz_offset"], int)
    gone = client.users_info(user=GONE)["user"]
    assert gone["deleted"] is True and "tz" not in gone, "Slack drops a deactivated user's tz"

    first = client.users_list(limit=2)
    rest = client.users_list(limit=100, cursor=first["response_metadata"]["next_cursor"])
    ids = [u["id"] for u in first["members"] + rest["members"]]
    assert sorted(ids) == sorted([ADA, BOB, GONE, "UBOT", "USLACKBOT"])
    assert error_of(client.users_info, user="U0NOBODY") == "user_not_found"


def test_a_dm_is_posted_updated_and_read_back(standin: StandInSlack, client: WebClient) -> None:
    assert client.conversations_open(users=ADA)["channel"]["id"] == "D0ADA"
    blocks = [
        {**section("*Room 12* open door"), "fields": [{"type": "mrkdwn", "text": "Grade 6"}]},
        {
            "type": "actions",
            "block_id": "offer",
            "elements": [button("book", "Ask to visit", "o-1")],
        },
    ]
    metadata = {"event_type": "offer_posted", "event_payload": {"offer_id": 1}}
    posted = client.chat_postMessage(channel=ADA, text="A door", blocks=blocks, metadata=metadata)
    assert posted["channel"] == "D0ADA" and posted["message"]["metadata"] == metadata
    second = client.chat_postMessage(channel="D0ADA", text="Second")
    assert float(second["ts"]) > float(posted["ts"]) and len(posted["ts"].split(".")[1]) == 6

    client.chat_update(channel="D0ADA", ts=posted["ts"], text="Booked", blocks=blocks[:1])
    history = client.conversations_history(channel="D0ADA", include_all_metadata=True)["messages"]
    assert [m["text"] for m in history] == ["Second", "Booked"]
    assert history[1]["metadata"] == metadata and "edited" in history[1]
    assert client.conversations_history(channel="D0ADA", limit=1)["has_more"] is True

    first = standin.dms(ADA)[0]
    assert "Room 12" in first.plain() and "Grade 6" in first.plain() and first.buttons() == []
    assert [v.text for v in standin.versions("D0ADA", posted["ts"])] == ["A door", "Booked"]
    (call,) = standin.wait_for("chat.postMessage", lambda args: args["channel"] == ADA)
    assert call.args["blocks"][1]["block_id"] == "offer"


def test_form_encoded_calls_are_decoded(standin: StandInSlack, client: WebClient) -> None:
    blocks = [{"type": "actions", "elements": [button("book", "Ask to visit", "o-1")]}]
    form = {"channel": "C0VISITS", "text": "Hi", "blocks": json.dumps(blocks)}
    client.api_call("chat.postMessage", params=form)
    (shown,) = standin.channel_messages("C0VISITS")
    assert shown.buttons()[0]["text"] == "Ask to visit"
    assert shown.buttons()[0]["block_id"], "Slack fills in a block_id the app left out"
    query = f"{standin.base_url}conversations.history?channel=C0VISITS&token={TOKEN}"
    with urllib.request.urlopen(query) as answer:
        assert json.load(answer)["messages"][0]["text"] == "Hi"


def test_threads_ephemerals_and_permalinks(standin: StandInSlack, client: WebClient) -> None:
    post = client.chat_postMessage
    parent = post(channel="C0VISITS", text="Open door: room 12")["ts"]
    post(channel="C0VISITS", thread_ts=parent, text="Ada asks to visit")
    replies = client.conversations_replies(channel="C0VISITS", ts=parent)["messages"]
    assert [m["text"] for m in replies] == ["Open door: room 12", "Ada asks to visit"]
    assert replies[0]["reply_count"] == 1
    assert len(standin.thread("C0VISITS", parent)) == 2
    assert [m.text for m in standin.channel_messages("C0VISITS")] == ["Open door: room 12"]
    link = client.chat_getPermalink(channel="C0VISITS", message_ts=parent)["permalink"]
    assert link == f"https://school.slack.com/archives/C0VISITS/p{parent.replace('.', '')}"
    assert error_of(post, channel="C0VISITS", thread_ts="1.000001", text="x") == "thread_not_found"

    client.chat_postEphemeral(channel="C0VISITS", user=ADA, text="Only you can see this")
    assert [m.text for m in standin.ephemerals(ADA)] == ["Only you can see this"]
    ephemeral = client.chat_postEphemeral
    assert error_of(ephemeral, channel="C0VISITS", user=GONE, text="x") == "user_not_in_channel"
    assert client.reactions_add(channel="C0VISITS", timestamp=parent, name="eyes")["ok"]


def test_recipient_errors_are_slacks(standin: StandInSlack, client: WebClient) -> None:
    post = client.chat_postMessage
    assert error_of(post, channel=GONE, text="hi") == "user_disabled"
    assert error_of(post, channel="U0NOBODY", text="hi") == "user_not_found"
    assert error_of(post, channel="C0NOPE", text="hi") == "channel_not_found"
    assert error_of(post, channel="C0LOUNGE", text="hi") == "not_in_channel"
    assert client.conversations_info(channel="C0VISITS")["channel"]["name"] == "visits"
    assert error_of(client.conversations_info, channel="G0LEADS") == "channel_not_found"
    assert (
        error_of(client.conversations_join, channel="G0LEADS")
        == "method_not_supported_for_channel_type"
    )
    assert (
        error_of(client.chat_update, channel="C0VISITS", ts="1.5", text="x") == "message_not_found"
    )

    assert client.conversations_join(channel="C0LOUNGE")["channel"]["is_member"] is True
    post(channel="C0LOUNGE", text="hello")
    standin.archive_channel("C0LOUNGE")
    assert error_of(client.conversations_join, channel="C0LOUNGE") == "is_archived"
    assert error_of(post, channel="C0LOUNGE", text="hi") == "is_archived"
    standin.set_user_deleted(BOB)
    assert error_of(post, channel=BOB, text="hi") == "user_disabled"


def test_block_kit_limits_are_enforced(standin: StandInSlack, client: WebClient) -> None:
    post = client.chat_postMessage
    divider = {"type": "divider"}
    with pytest.raises(SlackApiError) as raised:
        post(channel="C0VISITS", text="x", blocks=[divider] * 51)
    assert raised.value.response["error"] == "invalid_blocks"
    assert "no more than 50 items" in raised.value.response["response_metadata"]["messages"][0]
    empty = {"channel": "C0VISITS", "text": ""}
    assert error_of(client.api_call, "chat.postMessage", json=empty) == "no_text"
    for bad in (
        section("x" * 3001),
        {"type": "section", "fields": [{"type": "mrkdwn", "text": "f"}] * 11},
        {"type": "actions", "elements": [button("b", "x" * 76, "v")]},
    ):
        assert error_of(post, channel="C0VISITS", text="x", blocks=[bad]) == "invalid_blocks"

    trigger = standin.issue_trigger(ADA)
    too_long = modal("A title longer than 24 chars", private_metadata="m" * 3001)
    with pytest.raises(SlackApiError) as raised:
        client.views_open(trigger_id=trigger, view=too_long)
    assert raised.value.response["error"] == "invalid_arguments"
    problems = " ".join(raised.value.response["response_metadata"]["messages"])
    assert "/view/title/text" in problems and "/view/private_metadata" in problems
    crowded = modal(blocks=[divider] * 101)
    assert error_of(client.views_open, trigger_id=trigger, view=crowded) == "invalid_arguments"
    assert len(standin.validation_errors) == 7
    assert client.views_open(trigger_id=trigger, view=modal())["ok"], "refusals spare the trigger"


def test_modals_need_fresh_triggers_and_stack_three_deep(
    standin: StandInSlack, client: WebClient
) -> None:
    with freezegun.freeze_time("2024-05-01 12:00:00") as clock:
        trigger = standin.issue_trigger(ADA)
        opened = client.views_open(trigger_id=trigger, view=modal(external_id="offer-form"))["view"]
        assert opened["id"].startswith("V") and opened["hash"]
        assert error_of(client.views_open, trigger_id=trigger, view=modal()) == "expired_trigger_id"
        assert error_of(client.views_open, trigger_id="9.9", view=modal()) == "invalid_trigger_id"
        late = standin.issue_trigger(ADA)
        clock.tick(4)
        assert error_of(client.views_open, trigger_id=late, view=modal()) == "expired_trigger_id"

    for title in ("Second", "Third"):
        client.views_push(trigger_id=standin.issue_trigger(ADA), view=modal(title))
    fourth = {"trigger_id": standin.issue_trigger(ADA), "view": modal("Fourth")}
    assert error_of(client.views_push, **fourth) == "push_limit_reached"
    titles = [v["title"]["text"] for v in standin.modal_stack(ADA)]
    assert titles == ["Open your door", "Second", "Third"]

    updated = client.views_update(external_id="offer-form", view=modal("Door opened"))["view"]
    assert updated["id"] == opened["id"]
    assert standin.modal_stack(ADA)[0]["title"]["text"] == "Door opened"
    stale = {"view_id": opened["id"], "hash": opened["hash"], "view": modal()}
    assert error_of(client.views_update, **stale) == "hash_conflict"

    client.views_publish(user_id=ADA, view={"type": "home", "blocks": [section("Your visits")]})
    assert standin.home(ADA)["blocks"][0]["text"]["text"] == "Your visits"
    screen = standin.describe(ADA)
    assert "Open modal (top of 3):\n  • « Third »" in screen
    assert "Home tab:\n  • Your visits" in screen


def test_rate_limits_and_outages_surface_as_slack_api_errors(
    standin: StandInSlack, client: WebClient
) -> None:
    standin.fail_next("chat.postMessage", "ratelimited", status=429, headers={"Retry-After": "3"})
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C0VISITS", text="hi")
    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "3"
    assert client.chat_postMessage(channel="C0VISITS", text="hi")["ok"]

    standin.fail_next("chat.postMessage", status=503, when=lambda args: args["channel"] == BOB)
    assert client.chat_postMessage(channel=ADA, text="not this one")["ok"]
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel=BOB, text="hi")
    assert raised.value.response.status_code == 503
    assert len(standin.calls("chat.postMessage")) == 4


def test_auth_failures(standin: StandInSlack, client: WebClient) -> None:
    assert error_of(WebClient(base_url=standin.base_url).auth_test) == "not_authed"
    stranger = WebClient(token="xoxb-other", base_url=standin.base_url)
    assert error_of(stranger.auth_test) == "invalid_auth"
    assert error_of(client.api_call, "chat.teleport") == "unknown_method"
    standin.revoke_token()
    assert error_of(client.chat_postMessage, channel="C0VISITS", text="hi") == "token_revoked"


def test_wait_for_explains_what_did_arrive(standin: StandInSlack, client: WebClient) -> None:
    client.auth_test()
    expected = r"(?s)expected 1 chat.postMessage call\(s\).*auth.test"
    with pytest.raises(AssertionError, match=expected):
        standin.wait_for("chat.postMessage", timeout=0.05)
    standin.reset_calls()
    assert standin.calls() == []


def test_response_urls_replace_delete_and_post(standin: StandInSlack, client: WebClient) -> None:
    posted = client.chat_postMessage(channel="C0VISITS", text="Open door")["ts"]
    on_message = WebhookClient(standin.new_response_url(ADA, "C0VISITS", posted))
    on_message.send(text="Booked", replace_original=True)
    assert [m.text for m in standin.channel_messages("C0VISITS")] == ["Booked"]

    command = WebhookClient(standin.new_response_url(ADA, "C0VISITS"))
    command.send(text="Looking for doors...")
    command.send(text="Found 2 doors", replace_original=True)
    assert [m.text for m in standin.ephemerals(ADA)] == ["Found 2 doors"]
    command.send(text="Ada opened a door", response_type="in_channel")
    command.send(text="", delete_original=True)
    assert standin.ephemerals(ADA) == []
    assert [m.text for m in standin.channel_messages("C0VISITS")] == ["Booked", "Ada opened a door"]
    assert command.send(text="fifth").status_code == 200
    assert command.send(text="sixth").status_code == 404, "Slack allows five uses"
    assert len(standin.calls("response_url")) == 7
