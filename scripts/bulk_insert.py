"""Rows written in bulk, for filling a benchmark's database at a scale that would take hours
through the domain: Core executemany in chunks on SQLite, COPY on PostgreSQL. The rows carry
their own ids, so PostgreSQL's sequences are moved past them afterwards."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import UTC
from itertools import islice
from typing import Any

from sqlalchemy import JSON, Connection, Table, text

from bot.models import UTCDateTime

CHUNK = 5000


def write(connection: Connection, model: type, rows: Iterable[dict]) -> int:
    """Insert in chunks, so a million rows never sit in memory at once."""
    table: Table = model.__table__  # type: ignore[attr-defined]
    written = 0
    iterator = iter(rows)
    while chunk := list(islice(iterator, CHUNK)):
        if connection.dialect.name == "postgresql":
            _copy(connection, table, chunk)
        else:
            connection.execute(table.insert(), chunk)
        written += len(chunk)
    return written


def _copy(connection: Connection, table: Table, rows: list[dict]) -> None:
    """COPY bypasses SQLAlchemy's types, so stored forms are made here: JSON text, naive UTC."""
    columns = list(rows[0])
    stored = [_storing(table.c[name].type) for name in columns]
    pairs = list(zip(columns, stored, strict=True))
    raw = connection.connection.driver_connection
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    with raw.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
        for row in rows:
            copy.write_row([
                row[name] if store is None or row[name] is None else store(row[name])
                for name, store in pairs
            ])  # fmt: skip


def _storing(kind: Any) -> Callable[[Any], Any] | None:
    """How a column's value is stored, or None when psycopg's own conversion is right."""
    if isinstance(kind, JSON):
        return json.dumps
    if isinstance(kind, UTCDateTime):
        return lambda value: value.astimezone(UTC).replace(tzinfo=None)
    return None


def bump_sequences(connection: Connection, models: Iterable[type]) -> None:
    """Ids were chosen by the caller, so PostgreSQL's sequences must move past them for later
    inserts."""
    if connection.dialect.name != "postgresql":
        return
    for model in models:
        name = model.__tablename__  # type: ignore[attr-defined]
        connection.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {name}), false)"))  # fmt: skip
