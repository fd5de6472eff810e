"""Every scheduled job, so `serve`'s scheduler and `opendoor jobs run --at` run the same list."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.domain.timing import DEFAULT_TIMING, Timing
from bot.outbox.dispatcher import dispatch_due
from jobs import plan
from jobs.roster import rosters

log = logging.getLogger(__name__)

Job = Callable[[Session, WebClient, datetime], int]


def planning_jobs(timing: Timing = DEFAULT_TIMING) -> dict[str, Job]:
    """Jobs that write what is owed; any number of instances may run them at once. Staff lists
    are read first, so newcomers are invited in the same run; unanswered asks are released
    before nudges, so a seat they free can show in the nudges planned next."""
    return {
        "rosters": rosters,
        "asks": partial(plan.asks, timing=timing),
        "nudges": partial(plan.nudges, timing=timing),
        "digests": partial(plan.digests, timing=timing),
        "polls": partial(plan.polls, timing=timing),
        "covers": partial(plan.covers, timing=timing),
        "check_ins": partial(plan.check_ins, timing=timing),
    }


def jobs_for(timing: Timing = DEFAULT_TIMING) -> dict[str, Job]:
    """In order: planning first, so what it owes goes out in the same run."""
    return {**planning_jobs(timing), "outbox": partial(dispatch_due, timing=timing)}


def run_all(
    session: Session, client: WebClient, now: datetime, timing: Timing = DEFAULT_TIMING
) -> dict[str, int | None]:
    """Run each job once at `now`; a failing job is logged as None and the others still run."""
    results: dict[str, int | None] = {}
    for name, job in jobs_for(timing).items():
        try:
            results[name] = job(session, client, now)
        except Exception:
            log.exception("job %s failed at %s", name, now.isoformat())
            session.rollback()
            results[name] = None
    return results
