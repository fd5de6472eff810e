"""A whole staff at once: acks and modal opens of a real `opendoor serve`, beside a bare Bolt app.

Two processes are measured in the same run, each on the same server (cheroot, the same threads):
`opendoor serve` (its scheduler off, so only people's requests load it) and `scripts/bare_bolt.py`,
a Bolt app that only acknowledges. This process plays Slack: the stand-in Web API, answering every
call after `latency` seconds, and the people, who send signed requests all at once: `/visit help`,
`/visit list`, an *Ask to visit* click and `/visit offer`, in turn.

    python scripts/bench_burst.py [DATABASE_URL]
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.standin import SlackRequests, StandInSlack

SECRET = "bench-signing-secret"
TEAM = "T0BENCH"
CHANNEL = "C0VISITS"
ADMIN, COACH = "U0ADMIN", "U0COACH"
HOSTS = [f"U0HOST{n:02d}" for n in range(30)]
KINDS = ("help", "list", "click", "offer")
TRIGGER_LIFETIME = 3.0
BARE = "bare Bolt app"
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Burst:
    """One burst of `people` requests sent at once, as each person experienced it."""

    acks_ms: list[float]
    failed_acks: int
    opens_ms: list[float]
    modals_missed: int


@dataclass
class Row:
    app: str
    people: int
    runs: list[Burst]

    def median(self, pick: Callable[[Burst], float]) -> tuple[float, float, float]:
        values = [pick(run) for run in self.runs]
        return statistics.median(values), min(values), max(values)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else float("nan")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError("server did not start listening")


@contextmanager
def process(command: list[str], env: dict[str, str], port: int) -> Iterator[subprocess.Popen]:
    """A server for the length of the block; its log goes to the terminal, never to a pipe that
    nobody reads (a full pipe would stall it mid-benchmark)."""
    running = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    try:
        wait_for_port(port, running)
        yield running
    finally:
        running.terminate()
        running.wait(timeout=60)


def serve_env(slack: StandInSlack, database_url: str, port: int, workers: int) -> dict[str, str]:
    return os.environ | {
        "OPENDOOR_WORKERS": str(workers),
        "SLACK_BOT_TOKEN": slack.bot_token,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_APP_TOKEN": "",
        "SLACK_API_URL": slack.base_url,
        "DATABASE_URL": database_url,
        "PORT": str(port),
        "OPENDOOR_HOST": "127.0.0.1",
        "OPENDOOR_SCHEDULER": "false",
        "LOG_LEVEL": "WARNING",
    }


def set_up_school(send: SlackRequests, slack: StandInSlack) -> None:
    """Setup, then thirty open doors with ten seats each, for the clicks to land on."""
    send.command(ADMIN, "setup")
    slack.wait_for("views.open", timeout=30)
    send.submit(ADMIN, {"channel": CHANNEL, "schools": "Bench Middle", "coaches": [COACH]})
    day = datetime.now(UTC).date() + timedelta(days=7)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    for n, host in enumerate(HOSTS):
        send.command(host, "offer")
        slack.wait_for("views.open", count=2 + n, timeout=30)
        send.submit(host, {"day": day.isoformat(), "start": f"{8 + n % 6:02d}:00",
                           "end": f"{8 + n % 6:02d}:45", "room": str(100 + n),
                           "practices": ["Station rotation"], "seats": "10"})  # fmt: skip
    deadline = time.monotonic() + 60
    while len(slack.channel_messages(CHANNEL)) < 1 + len(HOSTS) and time.monotonic() < deadline:
        time.sleep(0.1)


def burst(send: SlackRequests, slack: StandInSlack, people: list[str]) -> Burst:
    """Everyone at once; then how long each waited for the ack and, for offers, the modal."""
    cards = [
        card
        for card in slack.channel_messages(CHANNEL)
        if any(button.get("action_id") == "book" for button in card.buttons())
    ]
    started: dict[str, float] = {}
    gate = threading.Barrier(len(people))

    def act(n: int) -> float | None:
        person, kind = people[n], KINDS[n % len(KINDS)]
        gate.wait()
        started[person] = time.time()
        try:
            if kind == "click":
                reply = send.click(person, "book", message=cards[n % len(cards)])
            else:
                reply = send.command(person, kind)
        except AssertionError:  # no answer within Slack's three seconds
            return None
        return (time.time() - started[person]) * 1000 if reply.status == 200 else None

    with ThreadPoolExecutor(len(people)) as pool:
        acks = list(pool.map(act, range(len(people))))
    offers = [p for n, p in enumerate(people) if KINDS[n % len(KINDS)] == "offer"]
    time.sleep(TRIGGER_LIFETIME + 1)
    opened_at: dict[str, float] = {}
    for call in slack.calls("views.open"):
        user = slack.trigger_user(str(call.args.get("trigger_id")))
        if user in started:
            opened_at.setdefault(user, call.at)
    opens = [(opened_at[p] - started[p]) * 1000 for p in offers if p in opened_at]
    missed = sum(1 for p in offers if not slack.modal_stack(p))
    return Burst([a for a in acks if a is not None], acks.count(None), opens, missed)


def measure(
    database_url: str, sizes: tuple[int, ...], runs: int, latency: float, workers: int
) -> list[Row]:
    """Open Door with `workers` processes, and the bare app, take turns at each burst size."""
    rows: list[Row] = []
    with StandInSlack(team_id=TEAM) as slack:
        slack.add_user(ADMIN, "principal", is_admin=True)
        for person in (COACH, *HOSTS):
            slack.add_user(person, person.lower())
        slack.add_channel(CHANNEL, "visits")
        people = iter(f"U0P{n:05d}" for n in range(10**5))
        bot_port, bare_port = free_port(), free_port()
        bare_cmd = [sys.executable, "scripts/bare_bolt.py", str(bare_port), SECRET,
                    slack.base_url, slack.bot_token]  # fmt: skip
        serve_cmd = [sys.executable, "-m", "bot", "serve"]
        ours = f"Open Door, {workers} process{'es' if workers > 1 else ''}"
        with (
            process(serve_cmd, serve_env(slack, database_url, bot_port, workers), bot_port),
            process(bare_cmd, dict(os.environ), bare_port),
        ):
            senders = {
                ours: SlackRequests(
                    f"http://127.0.0.1:{bot_port}/slack/events", SECRET, slack, team_id=TEAM
                ),
                BARE: SlackRequests(
                    f"http://127.0.0.1:{bare_port}/slack/events", SECRET, slack, team_id=TEAM
                ),
            }
            set_up_school(senders[ours], slack)
            slack.set_latency(latency)
            for size in sizes:
                measured = {name: Row(name, size, []) for name in senders}
                for _ in range(runs):
                    for name, send in senders.items():
                        crowd = [next(people) for _ in range(size)]
                        for person in crowd:
                            slack.add_user(person, person.lower())
                        measured[name].runs.append(burst(send, slack, crowd))
                rows.extend(measured.values())
    return rows


def report(rows: list[Row], latency: float) -> str:
    lines = [
        f"Slack answering every call in {latency * 1000:.0f} ms; median of {len(rows[0].runs)} "
        "runs (min–max).",
        "",
        "| at once | app | ack p50 | ack p99 | failed acks | click to views.open p50 | p99 | "
        "modals not opened |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        cells = [
            _cell(row, lambda b: percentile(b.acks_ms, 0.5)),
            _cell(row, lambda b: percentile(b.acks_ms, 0.99)),
            _cell(row, lambda b: b.failed_acks, ""),
        ]
        if row.app != BARE:
            cells += [
                _cell(row, lambda b: percentile(b.opens_ms, 0.5)),
                _cell(row, lambda b: percentile(b.opens_ms, 0.99)),
                _cell(row, lambda b: b.modals_missed, ""),
            ]
        else:
            cells += ["—", "—", "—"]
        lines.append(f"| {row.people} | {row.app} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _cell(row: Row, pick: Callable[[Burst], float], unit: str = " ms") -> str:
    mid, low, high = row.median(pick)
    return f"{mid:.0f}{unit} ({low:.0f}–{high:.0f})"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{Path(folder) / 'burst.db'}"
        latency = 0.15
        rows = [
            row
            for workers in (1, 2)
            for row in measure(url, (20, 100), runs=5, latency=latency, workers=workers)
        ]
        print(report(rows, latency))


if __name__ == "__main__":
    main()
