"""A district's worth of data in a migrated database, for benchmarks at the issue's scale.

`fill_district` writes one set-up workspace (visits channel, schools, coaches and leaders, time
zone, school days) with members, open doors, visits in every status over the past months and the
coming weeks, reflections (some shared), requests (some unanswered) and, when asked, owed
messages in the outbox. Going through the domain would take hours at 50,000 visits, so rows go in
as bulk inserts (scripts/bulk_insert.py): Core executemany in chunks on SQLite, COPY on
PostgreSQL. The rows are made in scripts/district_rows.py, their ids counted on from the rows
already present so they can point at each other without reading them back.

    python scripts/district.py sqlite:///district.db [notifications]
"""

from __future__ import annotations

import random
import resource
import sys
import time as clock
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Connection, Engine, event, func, select
from sqlalchemy.orm import Session

from bot.db import make_engine, migrate
from bot.domain.digest import build_digest
from bot.domain.timing import DEFAULT_TIMING
from bot.models import Member, Notification, Offer, Reflection, Request, School, Visit, Workspace
from bot.views.digest import digest_message
from scripts.bulk_insert import bump_sequences, write
from scripts.district_rows import DistrictRows

ORDER = (Workspace, School, Member, Request, Offer, Visit, Reflection, Notification)


@dataclass
class District:
    """What was written, so a benchmark can find the workspace and say what it measured on."""

    team_id: str
    workspace_id: int
    schools: int
    members: int
    readers: int
    offers: int
    visits: int
    reflections: int
    requests: int
    notifications: int
    seconds: float

    def __str__(self) -> str:
        return (
            f"workspace {self.team_id} (id {self.workspace_id}): {self.schools} schools, "
            f"{self.members} members ({self.readers} coaches and leaders), {self.offers} open "
            f"doors, {self.visits} visits, {self.reflections} reflections, {self.requests} "
            f"requests, {self.notifications} notifications, filled in {self.seconds:.1f} s"
        )


def fill_district(
    url_or_engine: str | Engine,
    *,
    schools: int = 100,
    members: int = 5000,
    visits: int = 50000,
    reflections: int = 20000,
    notifications: int = 0,
    seed: int = 1,
    team_id: str = "T0DISTRICT",
    now: datetime | None = None,
) -> District:
    """Migrate, then write a district around `now` in one transaction (all of it or nothing)."""
    if members < 3 * schools + 3:
        raise ValueError("a district needs at least three members per school, and three more")
    started = clock.perf_counter()
    engine = make_engine(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
    migrate(engine)
    try:
        with engine.begin() as connection:
            first_ids = {
                model: (connection.scalar(select(func.max(model.id))) or 0) + 1 for model in ORDER
            }
            rows = DistrictRows(random.Random(seed), now or datetime.now(UTC), first_ids)
            district = _fill(
                connection, rows, team_id, schools, members, visits, reflections, notifications
            )
    finally:
        if isinstance(url_or_engine, str):
            engine.dispose()
    district.seconds = clock.perf_counter() - started
    return district


def _fill(
    connection: Connection, rows: DistrictRows, team_id: str, schools: int, members: int,
    visits: int, reflections: int, notifications: int,
) -> District:  # fmt: skip
    """Make every table's rows and write them in ORDER, parents first, as PostgreSQL checks each
    foreign key as its row goes in."""
    workspace = rows.workspace(team_id)
    write(connection, Workspace, [workspace])
    workspace_id = workspace["id"]
    school_rows = rows.schools(workspace_id, schools)
    write(connection, School, school_rows)
    school_ids = [school["id"] for school in school_rows]
    staff = rows.members(workspace_id, school_ids, members)
    write(connection, Member, staff)
    teachers = {school_id: [m for m in staff if m["school_id"] == school_id and
                            m["role"] == "teacher"] for school_id in school_ids}  # fmt: skip
    coaches = [m for m in staff if m["role"] == "coach"]
    requests, request_offers = rows.requests(workspace_id, teachers, coaches, members // 10)
    offers, visit_rows = rows.offers_and_visits(workspace_id, teachers, request_offers, visits)
    reflection_rows = rows.reflections(workspace_id, offers, visit_rows, reflections)
    write(connection, Request, requests)
    write(connection, Offer, offers)
    write(connection, Visit, visit_rows)
    write(connection, Reflection, reflection_rows)
    owed = rows.notifications(workspace_id, staff, notifications)
    written = write(connection, Notification, owed)
    bump_sequences(connection, ORDER)
    return District(
        team_id=team_id, workspace_id=workspace_id, schools=schools, members=len(staff),
        readers=sum(m["role"] in ("coach", "leader") for m in staff), offers=len(offers),
        visits=len(visit_rows), reflections=len(reflection_rows), requests=len(requests),
        notifications=written, seconds=0.0,
    )  # fmt: skip


@dataclass
class DigestRun:
    """Every coach's and leader's digest built once, as the outbox would render them."""

    digests: int
    seconds: float
    render_seconds: float
    statements: list[int]

    def __str__(self) -> str:
        return (
            f"{self.digests} digests built in {self.seconds:.2f} s "
            f"({1000 * self.seconds / max(self.digests, 1):.1f} ms each, of which "
            f"{self.render_seconds:.2f} s in digest_message), "
            f"{min(self.statements, default=0)}-{max(self.statements, default=0)} SQL statements "
            "per digest"
        )


def measure_digests(engine: Engine, team_id: str, now: datetime | None = None) -> DigestRun:
    """Build and render each reader's digest in its own session, counting SQL statements.

    Loading the workspace and the reader is the caller's work (the outbox finds them for its row),
    so only `build_digest` and `digest_message` are timed and counted.
    """
    now = now or datetime.now(UTC)
    counted: list[int] = []
    on = False

    def count(*_args: Any) -> None:
        if on:
            counted[-1] += 1

    event.listen(engine, "before_cursor_execute", count)
    seconds = render_seconds = 0.0
    try:
        with Session(engine) as session:
            workspace = session.scalars(select(Workspace).where(Workspace.team_id == team_id)).one()
            reader_ids = list(session.scalars(select(Member.id).where(
                Member.workspace_id == workspace.id, Member.role.in_(("coach", "leader")),
                Member.undeliverable == "").order_by(Member.id)))  # fmt: skip
        for reader_id in reader_ids:
            with Session(engine) as session:
                workspace = session.scalars(
                    select(Workspace).where(Workspace.team_id == team_id)
                ).one()
                reader = session.get_one(Member, reader_id)
                counted.append(0)
                on, started = True, clock.perf_counter()
                digest = build_digest(session, workspace, reader, DEFAULT_TIMING, now)
                built = clock.perf_counter()
                digest_message(digest, workspace.timezone)
                seconds += clock.perf_counter() - started
                render_seconds += clock.perf_counter() - built
                on = False
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return DigestRun(len(counted), seconds, render_seconds, counted)


def main() -> None:
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: python scripts/district.py DATABASE_URL [NOTIFICATIONS]")
    notifications = int(sys.argv[2]) if len(sys.argv) == 3 else 0
    engine = make_engine(sys.argv[1])
    district = fill_district(engine, notifications=notifications)
    print(district)
    print(measure_digests(engine, district.team_id))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of this process: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
