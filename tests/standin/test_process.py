"""`python -m bot.standin` as benchmarks use it: a subprocess that says where it listens, answers
WebClients from other processes, and exits 0 when told to stop."""

from __future__ import annotations

import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.standin.__main__ import main

ROOT = Path(__file__).resolve().parents[2]


def launch(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot.standin", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def first_line(process: subprocess.Popen[str]) -> str:
    """The line the stand-in prints once it listens; a test failure if it never comes."""
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], 20)
    assert ready, "the stand-in printed nothing within 20 seconds"
    return process.stdout.readline()


@pytest.fixture
def standin_process() -> Iterator[subprocess.Popen[str]]:
    process = launch(
        "--latency", "0.1", "--rate-limits", "--team-id", "T0PROC",
        "--user", "U0ADA:ada", "--user", "U0BOB:bob", "--channel", "C0VISITS:visits",
    )  # fmt: skip
    yield process
    if process.poll() is None:
        process.kill()
    process.wait()
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_serves_webclients_until_told_to_stop(
    standin_process: subprocess.Popen[str], stop: signal.Signals
) -> None:
    line = first_line(standin_process)
    assert line.endswith("\n") and len(line.split()) == 2, line
    base_url, token = line.split()
    assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/api/")
    client = WebClient(token=token, base_url=base_url)

    started = time.monotonic()
    assert client.auth_test()["team_id"] == "T0PROC"
    assert time.monotonic() - started >= 0.1, "--latency"
    assert client.chat_postMessage(channel="U0ADA", text="hi Ada")["channel"] == "D0ADA"

    statuses = []
    for n in range(6):
        try:
            statuses.append(client.chat_postMessage(channel="C0VISITS", text=f"{n}").status_code)
        except SlackApiError as error:
            statuses.append(error.response.status_code)
    assert statuses[0] == 200, "the bot is a member of --channel channels"
    assert 429 in statuses, "--rate-limits: about one post a second per channel"

    standin_process.send_signal(stop)
    assert standin_process.wait(timeout=10) == 0


def test_a_port_in_use_is_a_plain_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        process = launch("--port", str(taken.getsockname()[1]))
        _, err = process.communicate(timeout=20)
    assert process.returncode == 1
    assert err.startswith("cannot listen on 127.0.0.1:"), err


def test_malformed_people_and_channels_are_usage_errors(capsys: pytest.CaptureFixture) -> None:
    for args in (["--user", "U0ADA"], ["--channel", ":visits"], ["--latency", "-1"]):
        with pytest.raises(SystemExit) as exited:
            main(args)
        assert exited.value.code == 2
    assert "expected ID:name, got 'U0ADA'" in capsys.readouterr().err
