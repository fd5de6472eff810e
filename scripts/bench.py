"""`make bench`: every benchmark behind docs/benchmarks.md, printed for the tables there.

SQLite in a temporary folder by default. BENCH_DATABASE_URL=postgresql+psycopg://... measures
PostgreSQL instead: its public schema is dropped and rebuilt for each section, so point it at a
database kept for benchmarks. Tests never assert on timings; these numbers are read by people.

Sections: a whole staff at once (burst), the outbox at scale (claim cost and a rate-limited
drain), and a district (digests and the memory of a serving process).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.bench_burst import measure as measure_burst
from scripts.bench_burst import report as burst_report
from scripts.bench_claim import measure_claim_growth
from scripts.bench_district import print_district
from scripts.bench_drain import measure_drain
from scripts.bench_support import fresh_database

LATENCY = 0.15  # a usual round trip from a district's server to Slack


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL")
    print(f"# Open Door benchmarks on {url.split(':')[0] if url else 'sqlite'}\n", flush=True)
    rows = []
    for workers in (1, 2):
        with fresh_database(url) as database:
            rows += measure_burst(database, (20, 100), runs=5, latency=LATENCY, workers=workers)
    print(burst_report(rows, LATENCY), "\n", flush=True)
    print(measure_claim_growth(url), "\n", flush=True)
    print(measure_drain(url), "\n", flush=True)
    print(measure_drain(url, repeats=2, messages=300, people=75, per_minute=300), "\n", flush=True)
    print_district(url)


if __name__ == "__main__":
    main()
