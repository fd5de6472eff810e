"""Whether the app is installed in a workspace: Slack says when it is uninstalled, and a new
install (or a bot token that works again) says it is back.

In an Enterprise Grid org the app can be installed once for the whole org: then the org's
uninstall stops each of its workspaces, and the org taking the app away from some workspaces (or
giving it back) stops (or resumes) just those.

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
    return _uninstall(_workspaces(session, Workspace.team_id == team_id), now) > 0


def reinstall(session: Session, team_id: str) -> bool:
    """The app is installed again: what is still owed goes out; True when this changed anything."""
    return _reinstall(_workspaces(session, Workspace.team_id == team_id)) > 0


def uninstall_org(session: Session, enterprise_id: str, now: datetime) -> int:
    """An org-wide install removed: every workspace of the org stops; returns how many did."""
    return _uninstall(_workspaces(session, Workspace.enterprise_id == enterprise_id), now)


def reinstall_org(session: Session, enterprise_id: str) -> int:
    """Installed for the whole org again: each of its workspaces resumes; returns how many did."""
    return _reinstall(_workspaces(session, Workspace.enterprise_id == enterprise_id))


def _uninstall(workspaces: list[Workspace], now: datetime) -> int:
    stopped = [workspace for workspace in workspaces if workspace.uninstalled_at is None]
    for workspace in stopped:
        workspace.uninstalled_at = now
    return len(stopped)


def _reinstall(workspaces: list[Workspace]) -> int:
    resumed = [workspace for workspace in workspaces if workspace.uninstalled_at is not None]
    for workspace in resumed:
        workspace.uninstalled_at = None
        workspace.paused_since = workspace.paused_until = None
        workspace.pause_reason = ""
    return len(resumed)


def installed(workspace_id: InstrumentedAttribute[int]) -> ColumnElement[bool]:
    """For queries over notifications or workspaces: the app is installed there (was never
    uninstalled, or has been installed again)."""
    gone = select(Workspace.id).where(Workspace.uninstalled_at.is_not(None))
    return workspace_id.not_in(gone)


def _workspaces(session: Session, which: ColumnElement[bool]) -> list[Workspace]:
    return list(session.scalars(select(Workspace).where(which)))


def note_org(workspace: Workspace, enterprise_id: str | None) -> None:
    """Remember the Enterprise org a workspace is part of, as its requests say: an org-wide
    install's token is the org's, so scheduled work finds it through the org."""
    if enterprise_id and workspace.enterprise_id != enterprise_id:
        workspace.enterprise_id = enterprise_id
