"""APScheduler only triggers the jobs in `jobs.registry`; the jobs themselves know nothing of it."""

from __future__ import annotations

from apscheduler.schedulers.background import BackgroundScheduler

from bot.services import Services
from jobs.registry import planning_jobs

MISFIRE_GRACE_SECONDS = 60


def start_scheduler(services: Services) -> BackgroundScheduler:
    """Each job runs every few seconds with one instance at most; missed runs coalesce into one.
    Planning is safe on every instance at once: each workspace is planned under a lock, and what
    it owes has a unique key."""
    scheduler = BackgroundScheduler(
        timezone="UTC",
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": MISFIRE_GRACE_SECONDS,
        },
    )
    every = services.settings.opendoor_dispatch_seconds
    for name, job in planning_jobs(services.timing).items():

        def run(job=job) -> None:
            with services.session_factory() as session:
                job(session, services.client, services.clock())
            services.outbox.kick()

        scheduler.add_job(run, "interval", seconds=every, id=name)
    # The process's one dispatcher (the outbox runner), not a second one of the scheduler's own.
    scheduler.add_job(services.outbox.kick, "interval", seconds=every, id="outbox")
    scheduler.start()
    return scheduler
