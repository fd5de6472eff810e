"""Walk-throughs: a leader's quick pass through classrooms, watching for a few look-fors and
keeping a tally ("4 of 6 rooms") or a few descriptive words for each.

A walk-through is the leader's own record, for seeing needs across a school. Nobody else ever
reads it: a teacher visited gets only the note the leader chose to share with them, never the
tallies, and nothing here is a score of anyone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.errors import NotAllowed, check
from bot.domain.outbox import tell
from bot.models import Member, WalkThrough, Workspace
from bot.vocabulary import SCHOOL_WIDE_ROLES, NotificationKind

MAX_TEACHERS = 30
MAX_LOOK_FORS, MAX_LOOK_FOR = 6, 150
MAX_NOTE = 300  # one look-for's tally or words
MAX_SHARED_NOTE = 1000
RECENT = 10  # walk-throughs `/visit walkthroughs` lists


@dataclass
class WalkThroughForm:
    teachers: list[str] = field(default_factory=list)  # Slack user ids
    look_fors: str = ""  # one a line
    notes: str = ""  # one a line, in the look-fors' order
    shared_with: list[str] = field(default_factory=list)  # Slack user ids, among `teachers`
    shared_note: str = ""


def ensure_leads(member: Member, doing: str) -> None:
    """Walk-throughs and check-ins are for the people who lead a school's learning."""
    if member.role not in SCHOOL_WIDE_ROLES:
        raise NotAllowed(f"Only coaches, school leaders and admins {doing}.")


def last_look_fors(session: Session, workspace: Workspace, leader: Member) -> list[str]:
    """The look-fors of the leader's latest walk-through: most walks watch for the same ones."""
    latest = session.scalars(
        select(WalkThrough.look_fors)
        .where(WalkThrough.workspace_id == workspace.id, WalkThrough.leader_id == leader.id)
        .order_by(WalkThrough.created_at.desc(), WalkThrough.id.desc())
        .limit(1)
    ).first()
    return list(latest or [])


def recent_walk_throughs(
    session: Session, workspace: Workspace, leader: Member
) -> list[WalkThrough]:
    """The leader's own, newest first; nobody sees another's."""
    ensure_leads(leader, "keep walk-throughs")
    return list(
        session.scalars(
            select(WalkThrough)
            .where(WalkThrough.workspace_id == workspace.id, WalkThrough.leader_id == leader.id)
            .order_by(WalkThrough.created_at.desc(), WalkThrough.id.desc())
            .limit(RECENT)
        )
    )


def save_walk_through(
    session: Session, workspace: Workspace, leader: Member, form: WalkThroughForm, now: datetime
) -> WalkThrough:
    """Keep the walk-through for the leader, and owe each teacher they chose the shared note."""
    ensure_leads(leader, "keep walk-throughs")
    look_fors, notes, errors = _read(form)
    shared_with = list(dict.fromkeys(form.shared_with))
    shared_note = form.shared_note.strip()
    if set(shared_with) - set(form.teachers):
        errors["shared_with"] = "Share only with teachers you visited on this walk-through."
    elif shared_with and not shared_note:
        errors["shared_note"] = "Write the note to share, or clear who to share it with."
    elif shared_note and not shared_with:
        errors["shared_with"] = "Pick who to share the note with, or clear the note."
    if len(shared_note) > MAX_SHARED_NOTE:
        errors["shared_note"] = f"Keep the shared note under {MAX_SHARED_NOTE} characters."
    check(errors)
    walk = WalkThrough(
        workspace_id=workspace.id,
        leader_id=leader.id,
        teachers=list(dict.fromkeys(form.teachers)),
        look_fors=look_fors,
        notes=notes,
        shared_with=shared_with,
        shared_note=shared_note,
        created_at=now,
    )
    session.add(walk)
    for teacher in shared_with:
        tell(session, workspace, NotificationKind.WALK_THROUGH_NOTE, teacher, walk, now)
    return walk


def _read(form: WalkThroughForm) -> tuple[list[str], list[str], dict[str, str]]:
    """The look-fors and their notes, padded so each look-for has one; or the field errors."""
    errors: dict[str, str] = {}
    if not form.teachers:
        errors["teachers"] = "Pick the teachers whose classrooms you walked through."
    elif len(set(form.teachers)) > MAX_TEACHERS:
        errors["teachers"] = f"One walk-through holds up to {MAX_TEACHERS} classrooms."
    look_fors = [line.strip() for line in form.look_fors.splitlines() if line.strip()]
    notes = [line.strip() for line in form.notes.splitlines()]
    while notes and not notes[-1]:
        notes.pop()
    if not 1 <= len(look_fors) <= MAX_LOOK_FORS:
        errors["look_fors"] = f"Give 1 to {MAX_LOOK_FORS} look-fors, one a line."
    elif any(len(line) > MAX_LOOK_FOR for line in look_fors):
        errors["look_fors"] = f"Keep each look-for under {MAX_LOOK_FOR} characters."
    elif len(set(look_fors)) != len(look_fors):
        errors["look_fors"] = "Each look-for once, please."
    elif len(notes) > len(look_fors):
        errors["notes"] = (
            f"One line per look-for: you have {len(look_fors)} look-fors and {len(notes)} lines."
        )
    if any(len(line) > MAX_NOTE for line in notes):
        errors["notes"] = f"Keep each line under {MAX_NOTE} characters."
    return look_fors, notes + [""] * (len(look_fors) - len(notes)), errors
