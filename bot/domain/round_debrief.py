"""A coaching round's notes and debrief: each participant's descriptive notes per look-for, the
debrief the coach steps through (describe, analyse, predict, next level of work), the next step
agreed at its end, and the round's data picture for the school's leaders and coaches.

Notes are about practice, not people. They are kept with their look-for only, never with a stop
or its host, and shown grouped by look-for in an order that follows neither author nor classroom.
The data picture carries counts and the next step: no host's name, no note's words.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.domain.errors import DomainError, FieldErrors, NotAllowed
from bot.domain.outbox import tell
from bot.domain.reflections import JudgingWords, judging_words
from bot.domain.rounds import get_round
from bot.domain.team_route import lock_group_visit, reshow, team_of
from bot.models import GroupVisit, Member, RoundNote, Workspace
from bot.vocabulary import (
    DEBRIEF_STEPS,
    DebriefStep,
    GroupVisitStatus,
    NotificationKind,
    Role,
    StopStatus,
)

MAX_NOTE = 1000
MAX_NEXT_STEP = 1000
CALLED_OFF = "This coaching round was called off."


@dataclass(frozen=True)
class LookForNotes:
    look_for: str
    notes: list[str]


@dataclass(frozen=True)
class RoundPicture:
    """What a round adds up to, for the school's leaders and coaches: no names, no notes."""

    problem: str
    notes_per_look_for: list[tuple[str, int]]
    classrooms: int
    participants: int
    next_step: str


def step_of(visit: GroupVisit) -> DebriefStep:
    """Where the debrief is: it starts by describing."""
    return DebriefStep(visit.debrief_step) if visit.debrief_step else DebriefStep.DESCRIBE


def is_participant(visit: GroupVisit, member: Member) -> bool:
    return any(person.id == member.id for person in team_of(visit))


def ensure_participant(visit: GroupVisit, member: Member) -> None:
    if not is_participant(visit, member):
        raise NotAllowed("Only the round's participants write notes on it.")


def ensure_coach(visit: GroupVisit, member: Member) -> None:
    if member.id != visit.planner_id:
        raise NotAllowed("Only the round's coach moves its debrief along.")


def notes_of(session: Session, visit: GroupVisit, author: Member) -> dict[int, str]:
    """The author's own notes, by look-for: to edit them, and for nobody else."""
    rows = session.scalars(
        select(RoundNote).where(
            RoundNote.group_visit_id == visit.id, RoundNote.author_id == author.id
        )
    )
    return {note.look_for: note.text for note in rows}


def may_write_notes(
    session: Session, workspace: Workspace, member: Member, round_id: int
) -> GroupVisit:
    visit = get_round(session, workspace, round_id)
    ensure_participant(visit, member)
    if visit.status == GroupVisitStatus.CANCELLED:
        raise DomainError(CALLED_OFF)
    if step_of(visit) == DebriefStep.DONE:
        raise DomainError(
            "This round's debrief is over and its next step recorded: notes are closed."
        )
    return visit


def save_notes(
    session: Session,
    workspace: Workspace,
    author: Member,
    round_id: int,
    notes: list[str],
    now: datetime,
    keep_words: bool = False,
) -> GroupVisit:
    """The author's notes, one per look-for (an empty one removes theirs). Judging words get a
    gentle hint first; saving again keeps them. A debrief already under way shows them at once."""
    visit = may_write_notes(session, workspace, author, round_id)
    errors = {
        f"look_for_{n}": f"Keep it under {MAX_NOTE} characters."
        for n, text in enumerate(notes)
        if len(text) > MAX_NOTE
    }
    if not any(text.strip() for text in notes):
        errors["look_for_0"] = "Write what you saw or heard for at least one look-for."
    if errors:
        raise FieldErrors(errors)
    words = judging_words(*notes)
    if words and not keep_words:
        raise JudgingWords(words)
    saved = {
        note.look_for: note
        for note in session.scalars(
            select(RoundNote).where(
                RoundNote.group_visit_id == visit.id, RoundNote.author_id == author.id
            )
        )
    }
    for place, text in enumerate(notes[: len(visit.look_fors)]):
        note = saved.get(place)
        if not text.strip():
            if note is not None:
                session.delete(note)
            continue
        if note is None:
            note = RoundNote(workspace_id=workspace.id, group_visit_id=visit.id,
                             author_id=author.id, look_for=place, created_at=now)  # fmt: skip
            session.add(note)
        note.text, note.updated_at = text.strip(), now
    session.flush()
    if now >= visit.debrief_at:
        reshow(session, workspace, visit, now, debrief_only=True)
    return visit


def notes_by_look_for(session: Session, visit: GroupVisit) -> list[LookForNotes]:
    """The group's notes under each look-for, shuffled the same way every time (by a hash of the
    round and the note), so neither author nor classroom can be read from their order."""
    notes = session.scalars(select(RoundNote).where(RoundNote.group_visit_id == visit.id)).all()

    def shuffled(note: RoundNote) -> str:
        return hashlib.sha256(f"{visit.id}:{note.id}".encode()).hexdigest()

    return [
        LookForNotes(look_for, [note.text for note in sorted(notes, key=shuffled)
                                if note.look_for == place])
        for place, look_for in enumerate(visit.look_fors)
    ]  # fmt: skip


def advance(
    session: Session, workspace: Workspace, coach: Member, round_id: int, to: str, now: datetime
) -> GroupVisit:
    """The coach moves the debrief one step on; everyone's debrief message follows in place. A
    late or repeated click finds the debrief elsewhere and changes nothing."""
    visit = lock_group_visit(session, workspace, get_round(session, workspace, round_id).id)
    ensure_coach(visit, coach)
    if visit.status == GroupVisitStatus.CANCELLED:
        raise DomainError(CALLED_OFF)
    if now < visit.debrief_at:
        raise DomainError("The debrief hasn't started yet, so I've changed nothing.")
    current = step_of(visit)
    ahead = DEBRIEF_STEPS[DEBRIEF_STEPS.index(current) + 1 :] if current in DEBRIEF_STEPS else ()
    if not ahead or to != ahead[0]:
        raise DomainError(
            f"The debrief is already at “{STEP_NAMES[current]}”, so I've changed nothing."
        )
    visit.debrief_step = ahead[0]
    reshow(session, workspace, visit, now, debrief_only=True)
    return visit


def ensure_may_record(visit: GroupVisit, coach: Member) -> None:
    ensure_coach(visit, coach)
    if visit.status == GroupVisitStatus.CANCELLED:
        raise DomainError(CALLED_OFF)
    if step_of(visit) == DebriefStep.DONE:
        raise DomainError("The next step is already recorded, so I've changed nothing.")
    if step_of(visit) != DebriefStep.NEXT:
        raise DomainError("Record the next step once the debrief reaches the next level of work.")


def record_next_step(
    session: Session, workspace: Workspace, coach: Member, round_id: int, text: str, now: datetime
) -> GroupVisit:
    """The agreed next step, saved with the round; the debrief closes, and the round's data
    picture goes to the school's leaders and coaches, once."""
    visit = lock_group_visit(session, workspace, get_round(session, workspace, round_id).id)
    ensure_may_record(visit, coach)
    step = text.strip()
    if not step:
        raise FieldErrors({"next_step": "Write the next step the group agreed."})
    if len(step) > MAX_NEXT_STEP:
        raise FieldErrors({"next_step": f"Keep it under {MAX_NEXT_STEP} characters."})
    visit.next_step, visit.debrief_step = step, DebriefStep.DONE
    reshow(session, workspace, visit, now, debrief_only=True)
    for reader in picture_readers(session, workspace, visit):
        tell(session, workspace, NotificationKind.ROUND_PICTURE, reader.slack_user_id, visit, now)
    return visit


def picture(session: Session, visit: GroupVisit) -> RoundPicture:
    grouped = notes_by_look_for(session, visit)
    classrooms = sum(1 for stop in visit.stops if stop.status == StopStatus.CONFIRMED)
    return RoundPicture(
        problem=visit.problem,
        notes_per_look_for=[(group.look_for, len(group.notes)) for group in grouped],
        classrooms=classrooms,
        participants=len(visit.members),
        next_step=visit.next_step,
    )


def picture_readers(session: Session, workspace: Workspace, visit: GroupVisit) -> list[Member]:
    """The round's coach, and the leaders and coaches of its school (or of the whole district)."""
    readers = session.scalars(
        select(Member)
        .where(
            Member.workspace_id == workspace.id,
            Member.role.in_((Role.LEADER, Role.COACH)),
            Member.undeliverable == "",
            or_(Member.school_id == visit.school_id, Member.school_id.is_(None)),
            Member.id != visit.planner_id,
        )
        .order_by(Member.id)
    ).all()
    return [visit.planner, *readers]


STEP_NAMES = {
    DebriefStep.DESCRIBE: "Describe",
    DebriefStep.ANALYSE: "Analyse",
    DebriefStep.PREDICT: "Predict",
    DebriefStep.NEXT: "Next level of work",
    DebriefStep.DONE: "Next step agreed",
}
