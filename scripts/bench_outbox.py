"""The outbox against the issue's targets: claiming stays cheap however much is owed for later,
and a backlog drains at the rate Slack's limits allow, none lost and none sent twice.

    python scripts/bench_outbox.py [DATABASE_URL]

Without a URL it runs on SQLite in a temporary folder. A PostgreSQL URL names a database the
benchmark owns: its `public` schema is dropped and made again before every fill. Each figure is a
median over several runs with its range, because one run on a shared machine says little.
Timings are printed, never asserted: these are measurements, not tests. The claim's cost is
measured in bench_claim.py, the drain in bench_drain.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.bench_claim import measure_claim_growth
from scripts.bench_drain import measure_drain


def main() -> None:
    """The issue's two targets, then the shipped default of 300 posts a minute."""
    if len(sys.argv) > 2:
        sys.exit("usage: python scripts/bench_outbox.py [DATABASE_URL]")
    url = sys.argv[1] if len(sys.argv) == 2 else None
    print(measure_claim_growth(url), flush=True)
    print(measure_drain(url), flush=True)
    default = {"repeats": 2, "messages": 300, "people": 75, "per_minute": 300}
    print(measure_drain(url, **default), flush=True)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
