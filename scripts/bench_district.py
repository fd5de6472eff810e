"""A district's week at full scale: what its digests cost, and what a serving process holding it
weighs.

    python scripts/bench_district.py [DATABASE_URL]

Fills a district (100 schools, 5,000 members, 50,000 visits, 20,000 reflections) with
scripts/district.py, builds every coach's and leader's digest, then starts a real `opendoor
serve` on that database, drives it with signed slash commands from the stand-in Slack, and reads
its resident memory from /proc. Without a URL it runs on SQLite in a temporary folder; a
PostgreSQL URL names a database the benchmark owns and wipes (see bench_support.fresh_database).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select, text

from bot.db import make_engine
from bot.models import Member
from bot.standin import SlackRequests, StandInSlack
from scripts.bench_support import Spread, dialect, fresh_database
from scripts.district import District, fill_district, measure_digests
from scripts.district_rows import CHANNEL

SECRET = "bench-district-secret"
# The ceiling for a serving process holding a district.
RESIDENT_LIMIT_MB = 200
MIB = 2**20
# What a busy morning asks of one process: (subcommand, how many, asked by readers or teachers).
COMMANDS = (("help", 50, False), ("list", 50, False), ("mine", 20, False), ("digest", 20, True),
            ("offer", 20, False))  # fmt: skip


@dataclass
class DigestScale:
    """Every reader's digest built `runs` times over: the whole round, one digest, and the SQL
    statements one digest sends (the same for all, if the queries don't grow with the district)."""

    database: str
    digests: int
    total_seconds: Spread
    ms_per_digest: Spread
    statements: Spread

    def __str__(self) -> str:
        return (
            f"digests on {self.database}: {self.digests} per round, {self.total_seconds} s a "
            f"round, {self.ms_per_digest} ms each, {self.statements} SQL statements each"
        )


def measure_digest_scale(database: str, team_id: str, runs: int = 3) -> DigestScale:
    """measure_digests `runs` times on one filled database; the first round is timed like the
    rest, as the outbox meets a cold cache every Friday too."""
    engine = make_engine(database)
    try:
        rounds = [measure_digests(engine, team_id) for _ in range(runs)]
    finally:
        engine.dispose()
    return DigestScale(
        database=dialect(database),
        digests=rounds[0].digests,
        total_seconds=Spread.of([r.seconds for r in rounds]),
        ms_per_digest=Spread.of([1000 * r.seconds / r.digests for r in rounds]),
        statements=Spread.of([n for r in rounds for n in r.statements]),
    )


@dataclass
class Resident:
    """What /proc says of a process: resident now (VmRSS) and at its peak (VmHWM), in MiB."""

    rss: float
    peak: float

    @classmethod
    def of(cls, pid: int) -> Resident:
        fields = dict(
            line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
        )
        return cls(*(int(fields[name].split()[0]) / 1024 for name in ("VmRSS", "VmHWM")))


@dataclass
class ServingMemory:
    """A serving process's memory once started and after answering a morning's commands."""

    database: str
    commands: int
    answered: Spread
    troubles: int
    started: list[Resident]
    driven: list[Resident]

    def __str__(self) -> str:
        def spread(of: list[Resident], pick: Callable[[Resident], float]) -> Spread:
            return Spread.of([pick(r) for r in of])

        peak = spread(self.driven, lambda r: r.peak)
        verdict = "met" if peak.high * MIB < RESIDENT_LIMIT_MB * 1e6 else "MISSED"
        return (
            f"opendoor serve on {self.database}, {len(self.driven)} runs, {self.commands} commands"
            f" each ({self.answered} s to answer them all; {self.troubles} apologies or answers"
            " Slack refused):\n"
            f"  started: VmRSS {spread(self.started, lambda r: r.rss)} MiB, "
            f"VmHWM {spread(self.started, lambda r: r.peak)} MiB\n"
            f"  driven:  VmRSS {spread(self.driven, lambda r: r.rss)} MiB, VmHWM {peak} MiB "
            f"(target < {RESIDENT_LIMIT_MB} MB resident: {verdict})"
        )


def measure_serving_memory(database: str, district: District, runs: int = 3) -> ServingMemory:
    """`runs` fresh `opendoor serve` processes on the filled district, each driven the same way."""
    engine = make_engine(database)
    with engine.connect() as connection:
        people = connection.execute(select(Member.slack_user_id, Member.role, Member.name)).all()
    engine.dispose()
    readers = [p.slack_user_id for p in people if p.role in ("coach", "leader")]
    teachers = [p.slack_user_id for p in people if p.role == "teacher"]
    started, driven, answered, troubles = [], [], [], []
    for _ in range(runs):
        with StandInSlack(team_id=district.team_id) as slack:
            for person in people:
                slack.add_user(person.slack_user_id, person.name.lower(), person.name)
            slack.add_channel(CHANNEL, "visits", members=[slack.bot_user_id])
            before, after, seconds, trouble = _serve_and_drive(
                slack, database, district, readers, teachers
            )
        troubles.append(trouble)
        started.append(before)
        driven.append(after)
        answered.append(seconds)
    total = sum(count for _name, count, _readers in COMMANDS)
    return ServingMemory(
        dialect(database), total, Spread.of(answered), sum(troubles), started, driven
    )


def _serve_and_drive(
    slack: StandInSlack,
    database: str,
    district: District,
    readers: list[str],
    teachers: list[str],
) -> tuple[Resident, Resident, float, int]:
    """Memory once listening, then after every command's answer reached Slack, and how many
    answers were apologies or refused by Slack (a fast wrong answer would flatter the figure).
    The process runs in an empty folder, so no .env of the checkout changes its settings."""
    port = _free_port()
    env = os.environ | {
        "SLACK_BOT_TOKEN": slack.bot_token, "SLACK_SIGNING_SECRET": SECRET, "SLACK_APP_TOKEN": "",
        "SLACK_API_URL": slack.base_url, "DATABASE_URL": database, "PORT": str(port),
        "OPENDOOR_HOST": "127.0.0.1", "OPENDOOR_SCHEDULER": "false", "LOG_LEVEL": "WARNING",
    }  # fmt: skip
    with tempfile.TemporaryDirectory() as folder, open(Path(folder) / "stderr", "w+b") as errors:
        server = subprocess.Popen([sys.executable, "-m", "bot", "serve"], cwd=folder, env=env,
                                  stdout=subprocess.DEVNULL, stderr=errors)  # fmt: skip
        try:
            _wait_for_port(port, server, errors)
            before = Resident.of(server.pid)
            send = SlackRequests(f"http://127.0.0.1:{port}/slack/events", SECRET, slack,
                                 team_id=district.team_id, timeout=30)  # fmt: skip
            asks = [(name, _nth(readers if by_readers else teachers, n))
                    for name, count, by_readers in COMMANDS for n in range(count)]  # fmt: skip
            began = time.monotonic()
            with ThreadPoolExecutor(8) as pool:
                list(pool.map(lambda ask: send.command(ask[1], ask[0], channel_id=CHANNEL), asks))
            offers = sum(count for name, count, _ in COMMANDS if name == "offer")
            slack.wait_for("response_url", count=len(asks) - offers, timeout=300)
            slack.wait_for("views.open", count=offers, timeout=60)
            seconds = time.monotonic() - began
            after = Resident.of(server.pid)
            troubles = len(slack.validation_errors) + sum(
                "something went wrong" in message.plain()
                for person in {person for _name, person in asks}
                for message in slack.ephemerals(person)
            )
            return before, after, seconds, troubles
        finally:
            server.terminate()
            server.wait(timeout=60)


def _nth(people: list[str], n: int) -> str:
    """Different people ask, as in a school, going round again only in a small district."""
    return people[n % len(people)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for_port(port: int, server: subprocess.Popen[bytes], errors: object) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            errors.seek(0)  # type: ignore[attr-defined]
            raise RuntimeError(f"opendoor serve exited: {errors.read().decode()}")  # type: ignore[attr-defined]
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError("opendoor serve did not start listening within 60 s")


def analyze(database: str) -> None:
    """PostgreSQL plans from statistics that a COPY leaves stale until autovacuum comes round;
    a district in production has had them for months, so the benchmark gathers them first."""
    engine = make_engine(database)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE"))
    engine.dispose()


def print_district(url: str | None) -> None:
    """Fill a district, then print its digests' cost and a serving process's memory."""
    with fresh_database(url) as database:
        district = fill_district(database)
        analyze(database)
        print(district, flush=True)
        print(measure_digest_scale(database, district.team_id), flush=True)
        print(measure_serving_memory(database, district), flush=True)


def main() -> None:
    if len(sys.argv) > 2:
        sys.exit("usage: python scripts/bench_district.py [DATABASE_URL]")
    print_district(sys.argv[1] if len(sys.argv) == 2 else None)


if __name__ == "__main__":
    main()
