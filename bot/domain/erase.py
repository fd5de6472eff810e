"""Deleting all of one workspace's data, when its admin asks: the school's records are theirs.

Every row that belongs to the workspace goes, children before parents so both databases' foreign
keys hold, and nothing of any other workspace is touched: each statement names this workspace,
directly or through the team or group visit a row hangs from. The app stays installed; run
again, `/visit setup` starts afresh.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Delete, Table, delete, func, select
from sqlalchemy.orm import Session

from bot.domain.errors import NotAllowed
from bot.models import (
    Base,
    GroupMember,
    GroupVisit,
    Member,
    Offer,
    Reflection,
    Request,
    Team,
    TeamMember,
    Visit,
    Workspace,
)
from bot.vocabulary import Role

# What the confirmation counts, by the words it names one and several with.
COUNTED = (
    (("member", "members"), Member),
    (("open door", "open doors"), Offer),
    (("visit", "visits"), Visit),
    (("request", "requests"), Request),
    (("reflection", "reflections"), Reflection),
    (("team", "teams"), Team),
    (("team visit or coaching round", "team visits and coaching rounds"), GroupVisit),
)


@dataclass(frozen=True)
class WhatGoes:
    """How many of each kind of record deleting the workspace's data removes."""

    counts: tuple[tuple[tuple[str, str], int], ...]


def ensure_may_erase(member: Member) -> None:
    if member.role != Role.ADMIN:
        raise NotAllowed("Only a workspace admin can delete this workspace's data.")


def what_goes(session: Session, workspace: Workspace, admin: Member) -> WhatGoes:
    """What the admin is shown before they confirm."""
    ensure_may_erase(admin)
    counts = tuple(
        (
            words,
            session.scalar(
                select(func.count()).select_from(model).where(model.workspace_id == workspace.id)
            )
            or 0,
        )
        for words, model in COUNTED
    )
    return WhatGoes(counts)


def erase_workspace(session: Session, workspace: Workspace, admin: Member) -> WhatGoes:
    """Delete every row of the workspace in the caller's transaction; returns what went."""
    gone = what_goes(session, workspace, admin)
    session.flush()
    teams = select(Team.id).where(Team.workspace_id == workspace.id)
    groups = select(GroupVisit.id).where(GroupVisit.workspace_id == workspace.id)
    _delete(session, delete(TeamMember).where(TeamMember.team_id.in_(teams)))
    _delete(session, delete(GroupMember).where(GroupMember.group_visit_id.in_(groups)))
    for table in reversed(Base.metadata.sorted_tables):
        if "workspace_id" in table.c:
            _delete(session, delete(table).where(table.c.workspace_id == workspace.id))
    workspaces: Table = Workspace.__table__  # type: ignore[assignment]  # a mapped class's table
    _delete(session, delete(workspaces).where(workspaces.c.id == workspace.id))
    session.expunge_all()
    return gone


def _delete(session: Session, statement: Delete) -> None:
    """Straight to the database: the session's objects are let go of afterwards."""
    session.execute(statement, execution_options={"synchronize_session": False})
