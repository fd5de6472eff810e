"""`opendoor serve` as a deployment runs it: a process that migrates, listens and answers."""

import os
import signal
import socket
import subprocess
import sys
import time

from cryptography.fernet import Fernet
from sqlalchemy import inspect

from bot.db import make_engine
from bot.standin import SlackRequests, StandInSlack, browser

SECRET = "serve-test-secret"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_serve(tmp_path, port: int, slack: StandInSlack, **settings: str) -> subprocess.Popen:
    """`python -m bot` as a deployment runs it, against the stand-in, its database in tmp_path
    unless `settings` (environment variables) say otherwise."""
    env = (
        os.environ
        | {
            "SLACK_BOT_TOKEN": slack.bot_token,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_APP_TOKEN": "",
            "SLACK_API_URL": slack.base_url,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
            "PORT": str(port),
        }
        | settings
    )
    return subprocess.Popen([sys.executable, "-m", "bot"], env=env, cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip


def test_serve_applies_migrations_and_answers_signed_requests(tmp_path):
    port = free_port()
    database = f"sqlite:///{tmp_path / 'serve.db'}"
    with StandInSlack(team_id="T0SERVE") as slack:
        slack.add_user("U0TEACH", "teacher")
        server = start_serve(tmp_path, port, slack, DATABASE_URL=database)
        try:
            wait_for_port(port, server)
            send = SlackRequests(
                f"http://127.0.0.1:{port}/slack/events", SECRET, slack, team_id="T0SERVE"
            )
            assert send.command("U0TEACH", "help").status == 200
            slack.wait_for("response_url")
            assert "/visit offer" in slack.ephemerals("U0TEACH")[-1].plain()
        finally:
            server.terminate()
            server.wait(timeout=10)
    engine = make_engine(database)
    assert {"offers", "visits", "notifications", "reflections"} <= set(
        inspect(engine).get_table_names()
    )
    engine.dispose()


def test_serve_in_oauth_mode_installs_a_workspace_then_answers_it_with_its_token(tmp_path):
    port = free_port()
    with StandInSlack(team_id="T0SERVE") as slack:
        slack.add_user("U0PRINCIPAL", "principal", is_admin=True)
        slack.oauth_client = ("1.2", "client-secret")
        server = start_serve(
            tmp_path,
            port,
            slack,
            SLACK_BOT_TOKEN="",
            SLACK_CLIENT_ID="1.2",
            SLACK_CLIENT_SECRET="client-secret",
            OPENDOOR_TOKEN_KEYS=Fernet.generate_key().decode(),
        )
        try:
            wait_for_port(port, server)
            page = browser.install(
                f"http://127.0.0.1:{port}", slack, team_id="T0SERVE", bot_token="xoxb-granted"
            )
            assert page.status == 200, page.body
            send = SlackRequests(
                f"http://127.0.0.1:{port}/slack/events", SECRET, slack, team_id="T0SERVE"
            )
            assert send.command("U0PRINCIPAL", "setup").status == 200
            slack.wait_for("views.open")
        finally:
            server.terminate()
            server.wait(timeout=10)
    assert [call.token for call in slack.calls("views.open")] == ["xoxb-granted"]


def wait_for_port(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(server.stderr.read().decode())
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError("opendoor serve did not start listening")


def test_sigterm_finishes_what_was_acknowledged_and_start_up_says_one_fact_a_line(tmp_path):
    port = free_port()
    with StandInSlack(team_id="T0SERVE") as slack:
        slack.add_user("U0PRINCIPAL", "principal", is_admin=True)
        server = start_serve(tmp_path, port, slack)
        wait_for_port(port, server)
        # Opening setup asks Slack who the person is, then opens the modal: with each call taking
        # a second, the signal comes while the first is still on its way.
        slack.set_latency(1.0)
        send = SlackRequests(
            f"http://127.0.0.1:{port}/slack/events", SECRET, slack, team_id="T0SERVE"
        )
        assert send.command("U0PRINCIPAL", "setup").status == 200
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
        log = server.stderr.read().decode().splitlines()
        assert slack.modal_stack("U0PRINCIPAL"), "the acknowledged work was finished first"
    assert all(" INFO opendoor: " in line for line in log), log
    facts = [line.split(" opendoor: ", 1)[1] for line in log]
    assert [fact.split(" ", 1)[0] for fact in facts] == [
        "Open", "database:", "processes:", "scheduler:", "logs:", "listening", "stopping:", "stopped"
    ]  # fmt: skip
