"""Logging for a deployment: one format for the whole process, and no library noise.

Libraries log at WARNING and above only, whatever LOG_LEVEL says: below that they say things
nobody acts on, or log request bodies (see `bot.app.bolt_logger`) and SQL parameters.
"""

from __future__ import annotations

import logging

from pythonjsonlogger.json import JsonFormatter

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
QUIET_LIBRARIES = ("apscheduler", "slack_sdk", "cheroot", "urllib3", "alembic", "sqlalchemy")


def configure_logging(log_format: str = "text", level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    if log_format == "json":
        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            )
        )
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)
    # A tick skipped because the last one is still running is the design (one at a time), not news.
    logging.getLogger("apscheduler.scheduler").setLevel(logging.ERROR)
