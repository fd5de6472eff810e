"""APScheduler only triggers the jobs in `jobs.registry`; the jobs themselves know nothing of it."""

from __future__ import annotations

from apscheduler.schedulers.background import BackgroundScheduler

from bot.services import Services
from jobs.registry import jobs_for

MISFIRE_GRACE_SECONDS = 60


def start_scheduler(services: Services) -> BackgroundScheduler:
    """Each job runs every few seconds with one instance at most; missed runs coalesce into one."""
    scheduler = BackgroundScheduler(
        timezone="UTC",
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": MISFIRE_GRACE_SECONDS,
        },
    )
    for name, job in jobs_for(services.timing).items():

        def run(job=job) -> None:
            with services.session_factory() as session:
                job(session, services.client, services.clock())

        scheduler.add_job(
            run, "interval", seconds=services.settings.opendoor_dispatch_seconds, id=name
        )
    scheduler.start()
    return scheduler
