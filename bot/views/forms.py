"""The forms about visits: opening a door, asking for a visit, and offering to host a request.

Each block id is the domain form field it feeds, so errors map back. Setup and profile are in
`setup_forms`; the modal and its inputs in `modals`."""

from __future__ import annotations

from datetime import date, time

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    DatePickerElement,
    NumberInputElement,
    RadioButtonsElement,
    SectionBlock,
    TimePickerElement,
    UrlInputElement,
)

from bot.domain.catalogue import FEEDBACK, GRADES, MAX_SEATS, PRACTICES, SUBJECTS
from bot.domain.offer_form import MAX_DETAILS, MAX_ROOM, MAX_SHORT_TEXT
from bot.domain.prefill import Prefill
from bot.models import Member, Request, School, Workspace
from bot.views import ids
from bot.views.bell_schedule import period_picker
from bot.views.modals import (
    field_input,
    modal,
    multi_field,
    options,
    school_picker,
    single_field,
    text_field,
)
from bot.views.text import clip


def _slot_blocks(
    zone: str,
    day: date | None,
    start: time | None,
    end: time | None,
    periods: list[Block] | None = None,
) -> list[Block]:
    """A day and times of day, entered in school time whoever fills them in; with a bell
    schedule's `periods` to pick from, the times may be left to the period."""
    hint = f"School time ({zone})." + (" Or pick a period above." if periods else "")
    return [
        field_input(
            "day", "Date", DatePickerElement(initial_date=day.isoformat() if day else None)
        ),
        *(periods or []),
        field_input(
            "start",
            "Starts",
            TimePickerElement(initial_time=start.strftime("%H:%M") if start else None),
            hint=hint,
            optional=bool(periods),
        ),
        field_input(
            "end",
            "Ends",
            TimePickerElement(initial_time=end.strftime("%H:%M") if end else None),
            optional=bool(periods),
        ),
    ]


def _door_class(prefill: Prefill) -> list[Block]:
    """Which class visitors will see, as far as `/visit offer …` already said."""
    return [
        text_field(
            "room",
            "Room",
            initial=prefill.room,
            max_length=MAX_ROOM,
            optional=False,
            placeholder="Room 204",
        ),
        single_field("grade", "Grade", GRADES, prefill.grade),
        single_field("subject", "Subject", SUBJECTS, None),
        multi_field("practices", "Practices visitors will see", PRACTICES, prefill.practices),
        text_field(
            "details",
            "What visitors will see",
            initial=prefill.details,
            multiline=True,
            max_length=MAX_DETAILS,
            placeholder="Students rotate through three stations; I run the teacher table.",
        ),
        text_field(
            "key_moment",
            "When the key moment happens",
            max_length=MAX_SHORT_TEXT,
            placeholder="The first 15 minutes, when stations launch",
        ),
    ]


def _door_visitors(prefill: Prefill) -> list[Block]:
    """How many may come, whether the host approves each, and what feedback they'd like."""
    feedback_options = options(list(FEEDBACK), FEEDBACK)
    approval = options(["yes"], {"yes": "I'd like to approve each visitor"})
    return [
        field_input(
            "seats",
            "Seats",
            NumberInputElement(
                is_decimal_allowed=False,
                initial_value=min(max(prefill.seats or 2, 1), MAX_SEATS),
                min_value=1,
                max_value=MAX_SEATS,
            ),
        ),
        field_input(
            "approval",
            "Visitors",
            CheckboxesElement(options=approval),
            optional=True,
            hint="Leave unticked and colleagues book a seat straight away.",
        ),
        field_input(
            "feedback",
            "Feedback I'd like",
            RadioButtonsElement(options=feedback_options, initial_option=feedback_options[1]),
        ),
        text_field(
            "look_fors",
            "My look-fors",
            multiline=True,
            max_length=MAX_DETAILS,
            hint="If you'd like notes on your own look-fors, list them here.",
        ),
        field_input(
            "video_url",
            "Video link",
            UrlInputElement(),
            optional=True,
            hint="A short video of the practice helps colleagues who can't come.",
        ),
    ]


def offer_modal(workspace: Workspace, member: Member, prefill: Prefill) -> dict:
    """Opening a door; the school is asked only where the workspace has more than one."""
    blocks: list[Block] = []
    if len(workspace.schools) > 1:
        blocks.append(school_picker(workspace, member.school_id))
    school = member.school or (workspace.schools[0] if len(workspace.schools) == 1 else None)
    blocks += _slot_blocks(
        workspace.timezone, prefill.day, prefill.start, prefill.end, period_picker(school)
    )
    blocks += _door_class(prefill)
    blocks += _door_visitors(prefill)
    return modal(ids.OFFER_MODAL, "Open your door", blocks, submit="Post")


def request_modal(member: Member, today: date) -> dict:
    scope = options(["school", "any"], {"school": "My school", "any": "Any school in the district"})
    blocks: list[Block] = [
        multi_field("practices", "Practices I'd like to see", PRACTICES, member.interests),
        multi_field("grades", "Grades", GRADES, member.grades),
        multi_field("subjects", "Subjects", SUBJECTS, member.subjects),
        field_input("window_start", "From", DatePickerElement(initial_date=today.isoformat())),
        field_input(
            "window_end",
            "Until",
            DatePickerElement(),
            optional=True,
            hint="Two weeks if left empty.",
        ),
        field_input("scope", "Where", RadioButtonsElement(options=scope, initial_option=scope[0])),
        text_field(
            "notes",
            "Notes",
            multiline=True,
            max_length=MAX_DETAILS,
            placeholder="I'm starting small-group data conferences and want to see one run.",
        ),
    ]
    return modal(ids.REQUEST_MODAL, "Ask for a visit", blocks, submit="Find open doors")


def hosting_modal(
    workspace: Workspace, request: Request, request_text: str, host_school: School | None
) -> dict:
    """A time to offer the visitor; a period of the host's own bell schedule may stand for it."""
    blocks: list[Block] = [
        SectionBlock(text=clip(request_text, 3000)),
        *_slot_blocks(workspace.timezone, None, None, None, period_picker(host_school)),
        text_field("room", "Room", max_length=MAX_ROOM, optional=False),
        text_field("note", "A note for the visitor", multiline=True, max_length=MAX_DETAILS),
    ]
    return modal(
        ids.HOSTING_MODAL,
        "Offer to host",
        blocks,
        submit="Offer this time",
        metadata={"request_id": request.id},
    )
