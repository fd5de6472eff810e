"""A leader's own records on screen: the walk-through modal and list, the note a teacher gets
when the leader shares one, the check-in modal, its reminder, the ask for notes per goal, and the
goals' history in the leader's digest.

A teacher's DM carries the shared note alone: the tallies and notes per look-for are only ever
rendered for the leader who wrote them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    DividerBlock,
    SectionBlock,
    UserMultiSelectElement,
    UserSelectElement,
)

from bot.domain.catalogue import WEEKDAYS
from bot.domain.check_ins import HOURS, ORDINALS, CheckInHistory
from bot.models import CheckIn, WalkThrough, Workspace
from bot.views import ids
from bot.views.messages import Message, compose, context
from bot.views.modals import field_input, modal, school_picker, single_field, text_field
from bot.views.notices import notice
from bot.views.text import clip, counted, day_label, escape, mention, quoted

ORDINAL_NAMES = {1: "First", 2: "Second", 3: "Third", 4: "Fourth"}
MAX_LISTED = 40  # check-ins listed, one block each, inside a message's fifty
NOT_A_SCORE = "A walk-through is your own record: no scores, nothing shared unless you share it."


def walk_through_modal(look_fors: Sequence[str]) -> dict:
    """Look-fors come prefilled with the leader's last walk-through's, as most walks repeat them."""
    blocks: list[Block] = [
        context(
            "Log a walk-through: the classrooms you walked, the look-fors you watched for, and "
            "a tally (“4 of 6 rooms”) or a few descriptive words for each. It stays yours."
        ),
        field_input("teachers", "Teachers visited",
                    UserMultiSelectElement(placeholder="Choose teachers…", max_selected_items=30)),
        text_field("look_fors", "Look-fors, one a line (1–6)", multiline=True, max_length=950,
                   optional=False, initial="\n".join(look_fors),
                   placeholder="Students working at three stations"),
        text_field("notes", "Tally or notes, one line per look-for", multiline=True,
                   max_length=1900, hint="In the look-fors' order, e.g. “4 of 6 rooms” or “pairs "
                   "explain their thinking”. A blank line skips a look-for."),
        field_input("shared_with", "Share a note with", optional=True,
                    element=UserMultiSelectElement(placeholder="Teachers you visited…",
                                                   max_selected_items=30)),
        text_field("shared_note", "The note they get", multiline=True, max_length=1000,
                   hint="Only this note reaches them: never your tallies, never a score."),
    ]  # fmt: skip
    return modal(ids.WALK_THROUGH_MODAL, "Log a walk-through", blocks)


def walk_through_saved(walk: WalkThrough) -> str:
    shared = (
        f" I've sent your note to {', '.join(mention(t) for t in walk.shared_with)}, and only "
        "the note."
        if walk.shared_with
        else ""
    )
    return (f"Saved: your walk-through of {counted(len(walk.teachers), 'classroom')}. "
            f"`/visit walkthroughs` shows your recent ones.{shared}")  # fmt: skip


def walk_throughs_message(walks: Sequence[WalkThrough], zone: str) -> Message:
    """The leader's recent walk-throughs, each in one section clipped to Slack's limit."""
    if not walks:
        return notice("No walk-throughs yet. `/visit walkthrough` logs one.")
    blocks: list[Block] = [SectionBlock(text="*Your recent walk-throughs*")]
    for walk in walks:
        lines = [
            f"*{day_label(walk.created_at, zone)}:* "
            + ", ".join(mention(teacher) for teacher in walk.teachers)
        ]
        lines += [
            f"• {escape(look_for)}: {quoted(note, 300) if note else '_no note_'}"
            for look_for, note in zip(walk.look_fors, walk.notes, strict=False)
        ]
        if walk.shared_with:
            lines.append(f"_Shared a note with {', '.join(mention(t) for t in walk.shared_with)}_")
        blocks += [DividerBlock(), SectionBlock(text=clip("\n".join(lines), 3000))]
    blocks.append(context(NOT_A_SCORE))
    return compose("Your recent walk-throughs", blocks[:50])


def walk_through_note(walk: WalkThrough, zone: str) -> Message:
    """What a teacher visited gets: the leader's shared note, and nothing of the tallies."""
    leader = mention(walk.leader.slack_user_id)
    return compose(
        f"A note from {walk.leader.name or 'your leader'} after their walk-through",
        [
            SectionBlock(
                text=clip(
                    f":footprints: {leader} walked through your classroom on "
                    f"{day_label(walk.created_at, zone)} and shared a note with you:\n"
                    f"{quoted(walk.shared_note, 1000)}",
                    3000,
                )
            ),
            context("Visits are for growth, never evaluation."),
        ],
    )


def check_in_modal(workspace: Workspace, school_id: int | None) -> dict:
    weekdays = {str(day): WEEKDAYS[day] for day in sorted(workspace.school_days)}
    blocks: list[Block] = [
        context("Schedule a recurring check-in on a school's goals. I'll remind you both the "
                "school day before, and after each one ask you for a short note per goal."),
        field_input("partner", "With", UserSelectElement(placeholder="Choose a person…")),
        school_picker(workspace, school_id),
        text_field("goals", "Goals, one a line (up to 10)", multiline=True, max_length=1600,
                   optional=False, placeholder="Station rotation in every 6th grade math class"),
        single_field("ordinal", "Monthly, on the", [str(n) for n in ORDINALS], "1",
                     optional=False, labels={str(n): ORDINAL_NAMES[n] for n in ORDINALS}),
        single_field("weekday", "Day", list(weekdays), None, optional=False, labels=weekdays),
        single_field("hour", "At (school time)", [str(h) for h in HOURS], "15", optional=False,
                     labels={str(h): f"{h}:00" for h in HOURS}),
    ]  # fmt: skip
    return modal(ids.CHECK_IN_MODAL, "Schedule a check-in", blocks, submit="Schedule")


def cadence(check_in: CheckIn) -> str:
    return (f"the {ORDINAL_NAMES[check_in.ordinal].lower()} {WEEKDAYS[check_in.weekday]} of "
            f"each month at {check_in.hour}:00")  # fmt: skip


def at(instant: datetime, zone: str) -> str:
    """Each reader's own zone; the fallback is school time."""
    return f"<!date^{int(instant.timestamp())}^{{date_short_pretty}} {{time}}|{day_label(instant, zone)}>"


def check_in_scheduled(check_in: CheckIn, first: datetime, zone: str) -> str:
    return (
        f"Scheduled: your check-in with {mention(check_in.partner.slack_user_id)} on "
        f"{escape(check_in.school.name)}'s goals, {cadence(check_in)} (school time). The first "
        f"is {at(first, zone)}. I'll remind you both the school day before."
    )


def check_ins_message(
    check_ins: Sequence[CheckIn], upcoming: Sequence[datetime], zone: str
) -> Message:
    """The leader's running check-ins, each with its next date and *Stop*."""
    if not check_ins:
        text = "You have no check-ins running. `/visit checkin` schedules one."
        return compose(text, [SectionBlock(text=text)])
    blocks: list[Block] = [SectionBlock(text="*Your check-ins*")]
    for check_in, next_at in list(zip(check_ins, upcoming, strict=True))[:MAX_LISTED]:
        text = (
            f"With {mention(check_in.partner.slack_user_id)} on "
            f"{escape(check_in.school.name)}'s goals, {cadence(check_in)}. Next: "
            f"{at(next_at, zone)}\n{_goals(check_in)}"
        )
        stop = ButtonElement(
            text="Stop",
            action_id=ids.STOP_CHECK_IN,
            value=str(check_in.id),
            style="danger",
            confirm=ConfirmObject(
                title="Stop this check-in?",
                text="No more reminders. The notes you wrote stay in your digest's history.",
                confirm="Stop it",
                deny="Keep it",
            ),
        )
        blocks.append(SectionBlock(text=clip(text, 3000), accessory=stop))
    return compose("Your check-ins", blocks)


def check_in_stopped(check_in: CheckIn) -> str:
    return (
        f"Stopped your check-in with {mention(check_in.partner.slack_user_id)} on "
        f"{escape(check_in.school.name)}'s goals. Its notes stay in your digest."
    )


def _goals(check_in: CheckIn) -> str:
    return "\n".join(f"• {escape(goal)}" for goal in check_in.goals)


def check_in_reminder(check_in: CheckIn, starts: datetime, zone: str) -> Message:
    """To both sides, each named to the other."""
    leader, partner = check_in.leader.slack_user_id, check_in.partner.slack_user_id
    return compose(
        f"Check-in on {check_in.school.name}'s goals, {day_label(starts, zone)}",
        [
            SectionBlock(
                text=clip(
                    f":calendar: Your check-in, {mention(leader)} with {mention(partner)}, on "
                    f"{escape(check_in.school.name)}'s goals is {at(starts, zone)}.\n*Goals*\n"
                    f"{_goals(check_in)}",
                    3000,
                )
            )
        ],
    )


def check_in_notes_prompt(check_in: CheckIn, day: date) -> Message:
    partner = mention(check_in.partner.slack_user_id)
    return compose(
        f"How is {check_in.school.name} doing on its goals?",
        [
            SectionBlock(
                text=clip(
                    f":memo: After your check-in with {partner} on {day:%a %b} {day.day}: a short "
                    f"note on progress against each goal? Your digest keeps each goal's history.\n"
                    f"{_goals(check_in)}",
                    3000,
                )
            ),
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text="Note progress",
                        action_id=ids.CHECK_IN_NOTES,
                        style="primary",
                        value=f"{check_in.id}:{day.isoformat()}",
                    )
                ]
            ),
        ],
    )


def check_in_notes_modal(check_in: CheckIn, day: date, saved: dict[int, str]) -> dict:
    blocks: list[Block] = [
        context(f"Your check-in with {check_in.partner.name or 'your colleague'} on "
                f"{day:%A %B} {day.day}: progress against each goal. Only you see these.")
    ]  # fmt: skip
    for place, goal in enumerate(check_in.goals):
        blocks.append(text_field(f"goal_{place}", clip(goal, 150), multiline=True,
                                 max_length=500, initial=saved.get(place, "")))  # fmt: skip
    return modal(ids.CHECK_IN_NOTES_MODAL, "Progress on goals", blocks,
                 metadata={"check_in_id": check_in.id, "day": day.isoformat()})  # fmt: skip


def check_ins_blocks(histories: Sequence[CheckInHistory]) -> list[Block]:
    """The digest's part: the reader's own check-ins, each goal with its latest notes."""
    blocks: list[Block] = []
    for history in histories:
        check_in = history.check_in
        lines = [f"*Check-ins with {mention(check_in.partner.slack_user_id)}: "
                 f"{escape(check_in.school.name)}* ({cadence(check_in)})"]  # fmt: skip
        for goal in history.goals:
            notes = "; ".join(
                f"{day:%b} {day.day}: {quoted(text, 200)}" for day, text in goal.notes
            )
            lines.append(f"• {escape(goal.goal)}: {notes or '_no notes yet_'}")
        blocks.append(SectionBlock(text=clip("\n".join(lines), 3000)))
    return blocks
