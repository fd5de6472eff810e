"""Every scheduled job, so `serve`'s scheduler and `opendoor jobs run --at` run the same list."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from jobs.dispatch import dispatch_due

log = logging.getLogger(__name__)

Job = Callable[[Session, WebClient, datetime], int]

JOBS: dict[str, Job] = {
    "outbox": dispatch_due,
}


def run_all(session: Session, client: WebClient, now: datetime) -> dict[str, int | None]:
    """Run each job once at `now`; a failing job is logged as None and the others still run."""
    results: dict[str, int | None] = {}
    for name, job in JOBS.items():
        try:
            results[name] = job(session, client, now)
        except Exception:
            log.exception("job %s failed at %s", name, now.isoformat())
            session.rollback()
            results[name] = None
    return results
