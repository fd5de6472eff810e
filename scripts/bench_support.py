"""What the benchmark sections share: an empty database for every fill, and figures reported as
a median with its range, because one run on a shared machine says little."""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from bot.db import make_engine


@dataclass(frozen=True)
class Spread:
    """A median with the lowest and highest run beside it, so a noisy figure shows as one."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        return cls(statistics.median(values), min(values), max(values))

    def __str__(self) -> str:
        return f"{self.median:.2f} ({self.low:.2f}–{self.high:.2f})"


@contextmanager
def fresh_database(url: str | None) -> Iterator[str]:
    """An empty database for one fill: a new SQLite file, or the given PostgreSQL database with
    its schema dropped, so no run inherits another's rows (or their statistics)."""
    if url is None or url.startswith("sqlite"):
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'bench.db'}"
        return
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    yield url


def dialect(url: str | None) -> str:
    return "sqlite" if url is None else url.split(":", 1)[0].split("+", 1)[0]
