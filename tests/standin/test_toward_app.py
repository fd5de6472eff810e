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
from collections.abc import Iterator
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
from slack_sdk.signature import SignatureVerifier

from bot.standin import SlackRequests, StandInSlack
from tests.standin.builders import ADA, TOKEN, button, offer_modal, section

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
