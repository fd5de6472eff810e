"""Coaching rounds on screen: the modal `/visit round` opens, the prompt and modal to write notes
per look-for, the debrief message the coach steps through (updated in place for everyone), the
small modal for the agreed next step, and the round's data picture.

The route's own messages (a host's ask, the itinerary, the reminder) are the team visit's, in
`team_visits.py`, which shows a round's problem and look-fors on them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    DatePickerElement,
    DividerBlock,
    HeaderBlock,
    SectionBlock,
    UrlInputElement,
    UserMultiSelectElement,
)

from bot.domain.round_debrief import STEP_NAMES, LookForNotes, RoundPicture
from bot.models import GroupVisit, Member, Team, Workspace
from bot.views import ids
from bot.views.messages import Message, compose, context
from bot.views.modals import field_input, modal, school_picker, single_field, text_field
from bot.views.team_visits import at, morning, round_text, route_inputs, team_picker
from bot.views.text import clip, counted, quoted
from bot.vocabulary import DEBRIEF_STEPS, DebriefStep

# What the group talks about at each step of the debrief.
STEP_PROMPTS = {
    DebriefStep.DESCRIBE: "What did we see and hear? Evidence only, look-for by look-for: "
    "“Students explained…”, not “It was good”.",
    DebriefStep.ANALYSE: "What patterns do we see across the classrooms? How do they connect "
    "to the problem of practice?",
    DebriefStep.PREDICT: "If you were a student in these classrooms, what would you be learning? "
    "What would you be able to do?",
    DebriefStep.NEXT: "What is the next level of work? Agree one next step the school will take "
    "before the next round.",
    DebriefStep.DONE: "The group agreed its next step. Thank you for the round.",
}
NOTE_CHARS = 280  # one note as the debrief shows it
LOOK_FOR_NOTES = 2900  # all the notes under one look-for, within a section's 3000


def round_modal(
    workspace: Workspace,
    coach: Member,
    today: date,
    earlier: list[GroupVisit],
    teams: Sequence[Team] = (),
) -> dict:
    """One modal for the whole round: the problem and look-fors, the participants (a team picked
    brings all its people), the route of two or three classrooms, the debrief and, optionally,
    the earlier round it continues."""
    blocks: list[Block] = [
        context(
            "Open a coaching round: a small group visits two or three classrooms around one "
            "problem of practice, writes descriptive notes per look-for, then debriefs: describe, "
            "analyse, predict, next level of work. Each host is asked to confirm their stop."
        ),
        text_field("problem", "Problem of practice", multiline=True, max_length=500,
                   optional=False, placeholder="Students rarely explain their reasoning to a peer"),
        text_field("look_fors", "Look-fors, one a line (2–4)", multiline=True, max_length=620,
                   optional=False, hint="Each under 150 characters: what you'd see or hear."),
    ]  # fmt: skip
    if teams:
        blocks.append(team_picker(coach, teams))
    blocks.append(field_input(
        "participants", "Others taking part" if teams else "Participants",
        UserMultiSelectElement(placeholder="Choose people…", max_selected_items=12),
        optional=bool(teams)))  # fmt: skip
    if earlier:
        latest = earlier[0]
        if latest.next_step:
            blocks.append(context(clip(
                f"*Your last round* ({latest.day:%b} {latest.day.day}, "
                f"{quoted(latest.problem, 200)}) *agreed:* {quoted(latest.next_step, 1000)}",
                3000)))  # fmt: skip
        labels = {str(round_.id): _round_label(round_) for round_ in earlier}
        blocks.append(
            single_field("previous", "Continues the round of…", list(labels), None, labels=labels)
        )
    blocks += [
        school_picker(workspace, coach.school_id),
        field_input("day", "Day of the round", DatePickerElement(initial_date=today.isoformat())),
    ]
    blocks += route_inputs("Classroom", "The coaching room")
    blocks.append(field_input(
        "video_url", "Video link", UrlInputElement(), optional=True,
        hint="A video of a classroom on the route, shared with its host's agreement, stays in "
             "`/visit videos` after the round."))  # fmt: skip
    return modal(ids.ROUND_MODAL, "Open a coaching round", blocks, submit="Open it")


def _round_label(round_: GroupVisit) -> str:
    return clip(f"{round_.day:%b} {round_.day.day}, {round_.day.year}: {round_.problem}", 75)


def round_opened(visit: GroupVisit) -> str:
    return (
        f"Opened: the coaching round {morning(visit)}. I've asked each host to confirm their "
        "stop, and sent the participants the itinerary; it updates as hosts answer."
    )


def notes_button(visit: GroupVisit) -> ButtonElement:
    return ButtonElement(text="Write notes", action_id=ids.ROUND_NOTES, value=str(visit.id),
                         style="primary")  # fmt: skip


def notes_prompt(visit: GroupVisit, zone: str) -> Message:
    """As the route starts: notes per look-for, descriptive, about practice."""
    return compose(
        f"The coaching round {morning(visit)} starts: write notes per look-for",
        [
            SectionBlock(
                text=f":eyes: The coaching round {morning(visit)} starts. As you watch, write what "
                "you see and hear for each look-for: descriptive, not judging. Notes are kept "
                "with the look-for only, never with a classroom or a name."
            ),
            SectionBlock(text=round_text(visit)),
            ActionsBlock(elements=[notes_button(visit)]),
        ],
    )


def notes_modal(visit: GroupVisit, saved: dict[int, str], hint: str | None = None) -> dict:
    """One input per look-for; `saved` holds the author's notes (or what they typed, shown again
    with the judging-word hint, so nothing is lost)."""
    blocks: list[Block] = [
        context(
            f"The coaching round {morning(visit)}. Describe what you saw and heard, not how "
            "good it was. Your notes are shown by look-for, without your name or the classroom's."
        )
    ]
    if hint:
        blocks.append(SectionBlock(text=f":bulb: {hint}"))
    for place, look_for in enumerate(visit.look_fors):
        blocks.append(text_field(f"look_for_{place}", clip(look_for, 150), multiline=True,
                                 max_length=1000, initial=saved.get(place, "")))  # fmt: skip
    return modal(ids.ROUND_NOTES_MODAL, "Notes per look-for", blocks,
                 metadata={"group_visit_id": visit.id, "hinted": bool(hint)})  # fmt: skip


def _notes_text(group: LookForNotes) -> str:
    if not group.notes:
        return f"*{quoted(group.look_for, 150)}*\n_No notes on this look-for._"
    lines = "\n".join(f"• {quoted(note, NOTE_CHARS)}" for note in group.notes)
    return clip(f"*{quoted(group.look_for, 150)}* ({counted(len(group.notes), 'note')})\n{lines}",
                LOOK_FOR_NOTES)  # fmt: skip


def debrief(visit: GroupVisit, grouped: list[LookForNotes], for_coach: bool, zone: str) -> Message:
    """Everyone's one debrief message, updated in place as the coach moves it on: the group's
    notes by look-for (no names), the steps, and the current step's prompt."""
    step = DebriefStep(visit.debrief_step) if visit.debrief_step else DebriefStep.DESCRIBE
    marks = []
    for each in DEBRIEF_STEPS:
        here = each == step
        done = step == DebriefStep.DONE or DEBRIEF_STEPS.index(each) < (
            DEBRIEF_STEPS.index(step) if step in DEBRIEF_STEPS else len(DEBRIEF_STEPS)
        )
        mark = ":arrow_forward:" if here else (":white_check_mark:" if done else ":white_circle:")
        marks.append(f"{mark} {STEP_NAMES[each]}")
    place = f" ({quoted(visit.debrief_place, 120)})" if visit.debrief_place else ""
    blocks: list[Block] = [
        SectionBlock(
            text=f":speech_balloon: *Debrief of the coaching round {morning(visit)}*, "
            f"{at(visit.debrief_at, zone)}{place}\n*Problem of practice:* "
            f"{quoted(visit.problem, 500)}"
        ),
        HeaderBlock(text="The group's notes, by look-for"),
        *[SectionBlock(text=_notes_text(group)) for group in grouped],
        DividerBlock(),
        context("   ".join(marks)),
        SectionBlock(text=f"*{STEP_NAMES[step]}.* {STEP_PROMPTS[step]}"),
    ]
    if step == DebriefStep.DONE:
        blocks.append(SectionBlock(text=f"*Next step:* {quoted(visit.next_step, 1000)}"))
    elif for_coach and step == DebriefStep.NEXT:
        blocks.append(ActionsBlock(elements=[ButtonElement(
            text="Record the next step", action_id=ids.ROUND_NEXT_STEP, value=str(visit.id),
            style="primary")]))  # fmt: skip
    elif for_coach:
        after = DEBRIEF_STEPS[DEBRIEF_STEPS.index(step) + 1]
        blocks.append(ActionsBlock(elements=[ButtonElement(
            text=f"Next: {STEP_NAMES[after]}", action_id=f"{ids.ROUND_STEP}:{after}",
            value=str(visit.id), style="primary")]))  # fmt: skip
    blocks.append(context(
        f"{counted(len(visit.members), 'participant')}; notes are shown by look-for only, "
        "without the name of their author or of a classroom."))  # fmt: skip
    return compose(f"Debrief: the coaching round {morning(visit)} — {STEP_NAMES[step]}", blocks)


def next_step_modal(visit: GroupVisit) -> dict:
    blocks: list[Block] = [
        context(f"The coaching round {morning(visit)}: {quoted(visit.problem, 500)}"),
        text_field("next_step", "The next step the group agreed", multiline=True,
                   max_length=1000, optional=False,
                   hint="The next round on this problem shows it."),
    ]  # fmt: skip
    return modal(ids.ROUND_NEXT_STEP_MODAL, "The next step", blocks, submit="Save it",
                 metadata={"group_visit_id": visit.id})  # fmt: skip


def picture(visit: GroupVisit, shown: RoundPicture) -> Message:
    """For the school's leaders and coaches: counts and the next step; no names, no notes."""
    counts = "\n".join(
        f"• {quoted(look_for, 150)}: {counted(count, 'note')}"
        for look_for, count in shown.notes_per_look_for
    )
    return compose(
        f"The coaching round {morning(visit)}: its data picture",
        [
            SectionBlock(
                text=f":bar_chart: *The coaching round {morning(visit)}: its data picture*\n"
                f"*Problem of practice:* {quoted(shown.problem, 500)}"
            ),
            SectionBlock(
                text=clip(
                    f"{counted(shown.classrooms, 'classroom')} visited, "
                    f"{counted(shown.participants, 'participant')}.\n"
                    f"*Notes per look-for:*\n{counts}",
                    3000,
                )
            ),
            SectionBlock(text=f"*Next step agreed:* {quoted(shown.next_step, 1000)}"),
        ],
    )
