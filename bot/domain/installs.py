"""Whether the app is installed in a workspace: Slack says when it is uninstalled, and a new
install (or a bot token that works again) says it is back.

An uninstalled workspace keeps every row (people, visits, reflections) until an admin asks for
them to be deleted, and what it was owed stays owed: the outbox claims nothing for it meanwhile,
so nothing fails in a loop against a dead token, and after a reinstall each message goes out or,
past its moment, expires as any late message does.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from bot.models import Workspace


def uninstall(session: Session, team_id: str, now: datetime) -> bool:
    """Stop everything for the team at once; True when this changed anything."""
    workspace = _workspace(session, team_id)
    if workspace is None or workspace.uninstalled_at is not None:
        return False
    workspace.uninstalled_at = now
    return True


def reinstall(session: Session, team_id: str) -> bool:
    """The app is installed again: what is still owed goes out; True when this changed anything."""
    workspace = _workspace(session, team_id)
    if workspace is None or workspace.uninstalled_at is None:
        return False
    workspace.uninstalled_at = None
    workspace.paused_since = workspace.paused_until = None
    workspace.pause_reason = ""
    return True


def installed(workspace_id: InstrumentedAttribute[int]) -> ColumnElement[bool]:
    """For queries over notifications or workspaces: the app is installed there (was never
    uninstalled, or has been installed again)."""
    gone = select(Workspace.id).where(Workspace.uninstalled_at.is_not(None))
    return workspace_id.not_in(gone)


def _workspace(session: Session, team_id: str) -> Workspace | None:
    return session.scalar(select(Workspace).where(Workspace.team_id == team_id))
