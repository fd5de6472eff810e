"""The stand-in behaves like Slack where Open Door depends on it.

Web API round trips go through slack_sdk's real WebClient. Requests toward the app are checked
twice: as bytes against a recording server, and end to end against a real Bolt app over HTTP,
asserting on what people see.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qsl
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import freezegun
import pytest
from slack_bolt import Ack, App, Respond
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier
from slack_sdk.webhook import WebhookClient

from bot.standin import SlackRequests, StandInSlack

TOKEN = "xoxb-standin"
ADA, BOB, GONE = "U0ADA", "U0BOB", "U0GONE"


@pytest.fixture
def standin() -> Iterator[StandInSlack]:
    with StandInSlack() as slack:
        slack.add_user(ADA, "ada", "Ada Lovelace", tz="Europe/London", is_admin=True)
        slack.add_user(BOB, "bob", "Bob Moses")
        slack.add_user(GONE, "gone", deleted=True)
        slack.add_channel("C0VISITS", "visits", members=(ADA, BOB, "UBOT"))
        slack.add_channel("C0LOUNGE", "lounge", members=(ADA,))
        slack.add_channel("G0LEADS", "leads", is_private=True, members=(ADA,))
        yield slack


@pytest.fixture
def client(standin: StandInSlack) -> WebClient:
    return WebClient(token=TOKEN, base_url=standin.base_url)


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


# -- requests toward the app, as bytes ---------------------------------------------------------


class RecordingApp:
    """An HTTP endpoint that records what Slack sent and answers what the test tells it to."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], str]] = []
        self.answer = (200, "")
        self.delay = 0.0
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                recorder.received.append((dict(self.headers), body))
                time.sleep(recorder.delay)
                status, text = recorder.answer
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(text.encode())

            def log_message(self, format: str, *args: Any) -> None:
                """No access log in test output."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/slack/events"

    def payload(self) -> dict[str, Any]:
        """The last interaction payload received."""
        return json.loads(dict(parse_qsl(self.received[-1][1]))["payload"])


@pytest.fixture
def app() -> Iterator[RecordingApp]:
    recording = RecordingApp()
    thread = threading.Thread(target=recording.server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield recording
    recording.server.shutdown()
    recording.server.server_close()
    thread.join()


def test_requests_are_signed_and_shaped_like_slacks(
    standin: StandInSlack, app: RecordingApp
) -> None:
    slack = SlackRequests(app.url, "secret", standin)
    verifier = SignatureVerifier("secret")
    with freezegun.freeze_time("2024-05-01 12:00:00"):
        app.answer = (200, '{"response_type": "in_channel", "text": "Ada opened a door"}')
        slack.command(ADA, "offer")
        headers, body = app.received[-1]
        assert headers["X-Slack-Request-Timestamp"] == "1714564800"
        assert verifier.is_valid(
            body, headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
        )
    fields = dict(parse_qsl(body))
    assert fields["command"] == "/visit" and fields["user_name"] == "ada"
    assert fields["trigger_id"] and fields["response_url"].startswith(
        standin.root_url + "response/"
    )
    assert [m.text for m in standin.channel_messages("C0VISITS")] == ["Ada opened a door"]

    app.answer = (500, "")
    slack.command(ADA, "offer")
    assert standin.ephemerals(ADA)[-1].user == "USLACKBOT"
    assert "/visit failed" in standin.ephemerals(ADA)[-1].text and standin.validation_errors

    app.answer = (200, "")
    slack.event({"type": "app_mention", "user": ADA, "text": "hi"}, retry_num=1, event_id="Ev1")
    headers, body = app.received[-1]
    assert (headers["X-Slack-Retry-Num"], headers["X-Slack-Retry-Reason"]) == ("1", "http_timeout")
    envelope = json.loads(body)
    assert envelope["event_id"] == "Ev1" and envelope["authorizations"][0]["user_id"] == "UBOT"

    app.delay = 0.2
    with pytest.raises(AssertionError, match=r"did not answer within 0\.1s"):
        SlackRequests(app.url, "secret", standin, timeout=0.1).command(ADA, "offer")
    with pytest.raises(AssertionError, match="no longer in"):
        slack.click(ADA, "book", message={"channel": "C0VISITS", "ts": "1.000001"})


def test_clicks_carry_where_the_button_was(
    standin: StandInSlack, client: WebClient, app: RecordingApp
) -> None:
    slack = SlackRequests(app.url, "secret", standin)
    client.chat_postEphemeral(
        channel="C0VISITS",
        user=ADA,
        text="Doors",
        blocks=[{"type": "actions", "elements": [button("book", "Book", "o-1")]}],
    )
    slack.click(ADA, "book", message=standin.ephemerals(ADA)[0], value="o-1")
    payload = app.payload()
    assert payload["container"]["is_ephemeral"] is True and "message" not in payload
    assert payload["actions"][0]["text"]["text"] == "Book" and payload["response_url"]

    home = {
        "type": "home",
        "blocks": [{"type": "actions", "elements": [button("refresh", "Refresh", "r")]}],
    }
    client.views_publish(user_id=ADA, view=home)
    slack.click(ADA, "refresh", view=standin.home(ADA))
    payload = app.payload()
    assert payload["container"] == {"type": "view", "view_id": standin.home(ADA)["id"]}
    assert "response_url" not in payload and payload["view"]["type"] == "home"


def test_slack_applies_view_submission_answers(
    standin: StandInSlack, client: WebClient, app: RecordingApp
) -> None:
    slack = SlackRequests(app.url, "secret", standin)
    client.views_open(trigger_id=standin.issue_trigger(ADA), view=offer_modal())
    with pytest.raises(AssertionError, match="required input 'see'"):
        slack.submit(ADA, {"when": "2024-05-02"})
    with pytest.raises(AssertionError, match="no input block"):
        slack.submit(ADA, {"where": "Room 12"})

    app.answer = (
        200,
        json.dumps({"response_action": "update", "view": offer_modal("Check your door")}),
    )
    slack.submit(ADA, {"when": dt.date(2024, 5, 2), "see": "Station rotation"})
    assert app.payload()["view"]["state"]["values"]["seats"]["n"]["selected_option"]["value"] == "1"
    assert [v["title"]["text"] for v in standin.modal_stack(ADA)] == ["Check your door"]

    app.answer = (
        200,
        json.dumps({"response_action": "push", "view": offer_modal("One more thing")}),
    )
    slack.submit(ADA, {"seats": "3"})
    values = app.payload()["view"]["state"]["values"]
    assert values["see"]["text"]["value"] == "Station rotation", "what was typed stays typed"
    assert values["seats"]["n"]["selected_option"]["value"] == "3"
    assert len(standin.modal_stack(ADA)) == 2

    app.answer = (200, json.dumps({"response_action": "errors", "errors": {"nowhere": "x"}}))
    slack.submit(ADA, {"when": "2024-05-02", "see": "Station rotation"})
    assert (
        standin.modal_errors(ADA) == {}
        and "errors must name input blocks" in standin.validation_errors[-1]
    )

    app.answer = (200, json.dumps({"response_action": "clear"}))
    slack.submit(ADA, {})
    assert standin.modal_stack(ADA) == []


# -- end to end with a real Bolt app ----------------------------------------------------------


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No access log in test output."""


def build_app(standin: StandInSlack) -> App:
    """A tiny Open Door: /visit opens the offer modal; the DM it sends has two buttons."""
    app = App(signing_secret="secret", client=WebClient(token=TOKEN, base_url=standin.base_url))

    @app.command("/visit")
    def visit(ack: Ack, body: dict, command: dict, client: WebClient) -> None:
        if command["text"] == "help":
            ack("Try `/visit offer`")
            return
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=offer_modal())

    @app.view("offer")
    def offer(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        values = view["state"]["values"]
        see = values["see"]["text"]["value"]
        if len(see) < 10:
            ack(response_action="errors", errors={"see": "Say a bit more"})
            return
        ack()
        day = values["when"]["day"]["selected_date"]
        seats = values["seats"]["n"]["selected_option"]["value"]
        buttons = [button("confirm", "Confirm", "door-1"), button("cancel", "Cancel", "door-1")]
        client.chat_postMessage(
            channel=body["user"]["id"],
            text=f"Your door is open on {day}",
            blocks=[
                section(f"Open on {day}: {see} ({seats} seats)"),
                {"type": "actions", "elements": buttons},
            ],
            metadata={"event_type": "offer_opened", "event_payload": {"offer_id": 1}},
        )

    @app.action("confirm")
    def confirm(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        where = body["container"]
        offer_id = body["message"]["metadata"]["event_payload"]["offer_id"]
        text = f"Offer {offer_id} confirmed"
        client.chat_update(
            channel=where["channel_id"], ts=where["message_ts"], text=text, blocks=[]
        )

    @app.action("cancel")
    def cancel(ack: Ack, respond: Respond) -> None:
        ack()
        respond(text="Your door is closed", replace_original=True)

    @app.event("app_home_opened")
    def home(event: dict, client: WebClient) -> None:
        view = {"type": "home", "blocks": [section("No visits yet")]}
        client.views_publish(user_id=event["user"], view=view)

    return app


@pytest.fixture
def slack(standin: StandInSlack) -> Iterator[SlackRequests]:
    handler = SlackRequestHandler(build_app(standin))
    server = make_server("127.0.0.1", 0, handler, _ThreadingWSGIServer, _QuietHandler)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield SlackRequests(f"http://127.0.0.1:{server.server_port}/slack/events", "secret", standin)
    server.shutdown()
    server.server_close()
    thread.join()


def test_a_teacher_opens_a_door_from_command_to_dm(
    standin: StandInSlack, slack: SlackRequests
) -> None:
    with freezegun.freeze_time("2024-05-01 08:00:00"):
        assert slack.command(ADA, "help").status == 200, "signed inside the frozen time"
    assert standin.ephemerals(ADA)[-1].text == "Try `/visit offer`"

    assert slack.command(ADA, "offer").status == 200
    standin.wait_for("views.open")
    assert standin.modal_stack(ADA)[-1]["title"]["text"] == "Open your door"
    with pytest.raises(AssertionError, match="not offered"):
        slack.submit(ADA, {"when": dt.date(2024, 5, 2), "seats": "7", "see": "Station rotation"})

    reply = slack.submit(ADA, {"when": dt.date(2024, 5, 2), "seats": "2", "see": "Rotation"})
    assert reply.json == {"response_action": "errors", "errors": {"see": "Say a bit more"}}
    assert standin.modal_errors(ADA) == {"see": "Say a bit more"}
    assert "! see: Say a bit more" in standin.describe(ADA)

    reply = slack.submit(ADA, {"see": "Station rotation, period 3"})
    assert (reply.status, reply.body) == (200, "")
    assert standin.modal_stack(ADA) == []
    standin.wait_for("chat.postMessage", lambda args: args["channel"] == ADA)
    (dm,) = standin.dms(ADA)
    assert "Open on 2024-05-02: Station rotation, period 3 (2 seats)" in dm.plain()
    assert [b["text"] for b in dm.buttons()] == ["Confirm", "Cancel"]

    with pytest.raises(AssertionError, match="no button book"):
        slack.click(ADA, "book", message=dm)
    slack.click(ADA, "confirm", message=dm)
    standin.wait_for("chat.update")
    assert standin.dms(ADA)[0].text == "Offer 1 confirmed"

    slack.command(ADA, "offer")
    standin.wait_for("views.open", count=2)
    slack.submit(ADA, {"when": "2024-05-03", "see": "Small-group data conferences"})
    standin.wait_for("chat.postMessage", count=2)
    slack.click(ADA, "cancel", message=standin.dms(ADA)[1], value="door-1")
    standin.wait_for("response_url")
    assert [m.text for m in standin.dms(ADA)] == ["Offer 1 confirmed", "Your door is closed"]

    assert slack.open_home(ADA).status == 200
    standin.wait_for("views.publish")
    assert "Home tab:\n  • No visits yet" in standin.describe(ADA)
    assert standin.validation_errors == []


def test_unsigned_requests_are_refused(slack: SlackRequests) -> None:
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": "1700000000",
        "X-Slack-Signature": "v0=bad",
    }
    assert slack.raw(b"command=%2Fvisit&user_id=U0ADA", headers).status == 401
