"""Periodic planning jobs: they write what is owed into the outbox; the dispatcher sends it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db import planning_lock
from bot.domain.approvals import release_unanswered
from bot.domain.check_ins import plan_check_ins
from bot.domain.cover import plan_cover_requests
from bot.domain.digest import plan_digests
from bot.domain.installs import installed
from bot.domain.nudges import plan_nudges
from bot.domain.team_after import close_due_polls
from bot.domain.team_answers import lapse_unanswered_stops
from bot.domain.team_digest import plan_team_digests
from bot.domain.timing import DEFAULT_TIMING, Timing
from bot.models import Workspace

log = logging.getLogger(__name__)


def asks(
    session: Session, client: WebClient, now: datetime, timing: Timing = DEFAULT_TIMING
) -> int:
    """Asks whose host didn't answer in time are released (seats freed, both sides told), and
    so are a team visit's or round's stops (the planner asked to replace them)."""
    return _each_workspace(
        session,
        "asks",
        lambda workspace: (
            release_unanswered(session, workspace, timing, now)
            + lapse_unanswered_stops(session, workspace, timing, now)
        ),
    )


def nudges(
    session: Session, client: WebClient, now: datetime, timing: Timing = DEFAULT_TIMING
) -> int:
    """One workspace's trouble never stops the others' nudges."""
    return _each_workspace(
        session, "nudges", lambda workspace: plan_nudges(session, workspace, timing, now)
    )


def digests(
    session: Session, client: WebClient, now: datetime, timing: Timing = DEFAULT_TIMING
) -> int:
    """Each coach's and leader's digest of their schools, and each team lead's of their team."""
    return _each_workspace(
        session,
        "digests",
        lambda workspace: (
            plan_digests(session, workspace, now) + plan_team_digests(session, workspace, now)
        ),
    )


def polls(
    session: Session, client: WebClient, now: datetime, timing: Timing = DEFAULT_TIMING
) -> int:
    """Team visits' polls whose time has come are closed: the result recorded and sent."""
    return _each_workspace(
        session, "polls", lambda workspace: close_due_polls(session, workspace, now)
    )


def covers(
    session: Session, client: WebClient, now: datetime, timing: Timing = DEFAULT_TIMING
) -> int:
    """Each school's cover request for today and the next school day, once due, and an update
    of each one sent whose visits or answers changed."""
    return _each_workspace(
        session, "covers", lambda workspace: plan_cover_requests(session, workspace, timing, now)
    )


def check_ins(
    session: Session, client: WebClient, now: datetime, timing: Timing = DEFAULT_TIMING
) -> int:
    """Leaders' check-ins: both sides reminded the school day before, the leader asked after."""
    return _each_workspace(
        session, "check_ins", lambda workspace: plan_check_ins(session, workspace, timing, now)
    )


def _each_workspace(session: Session, job: str, plan: Callable[[Workspace], int]) -> int:
    planned = 0
    for workspace_id in session.scalars(select(Workspace.id).where(installed(Workspace.id))).all():
        try:
            planning_lock(session, job, workspace_id)
            planned += plan(session.get_one(Workspace, workspace_id))
            session.commit()
        except Exception:
            session.rollback()
            log.exception("planning failed for workspace %s", workspace_id)
    return planned
