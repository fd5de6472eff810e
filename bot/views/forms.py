"""Modals people fill in. Each block id is the domain form field it feeds, so errors map back."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, time

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    ContextBlock,
    ConversationFilter,
    ConversationSelectElement,
    DatePickerElement,
    InputBlock,
    InputInteractiveElement,
    MarkdownTextObject,
    NumberInputElement,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    SectionBlock,
    StaticMultiSelectElement,
    StaticSelectElement,
    TimePickerElement,
    UrlInputElement,
    UserMultiSelectElement,
)
from slack_sdk.models.views import View

from bot.domain.catalogue import (
    FEEDBACK,
    GRADES,
    MAX_SEATS,
    PRACTICES,
    SUBJECTS,
    TIMEZONES,
    WEEKDAYS,
)
from bot.domain.offer_form import MAX_DETAILS, MAX_ROOM, MAX_SHORT_TEXT
from bot.domain.prefill import Prefill
from bot.models import Member, Request, Workspace
from bot.views import ids
from bot.views.text import clip


def _options(values: Iterable[str], labels: dict[str, str] | None = None) -> list[Option]:
    return [
        Option(value=value, text=clip((labels or {}).get(value, value), 75)) for value in values
    ]


def _chosen(options: Sequence[Option], values: Iterable[str]) -> list[Option] | None:
    wanted = set(values)
    picked = [option for option in options if option.value in wanted]
    return picked or None


def _input(
    field: str,
    label: str,
    element: InputInteractiveElement,
    *,
    optional: bool = False,
    hint: str | None = None,
) -> InputBlock:
    element.action_id = field
    return InputBlock(block_id=field, label=label, element=element, optional=optional, hint=hint)


def _text(
    field: str,
    label: str,
    *,
    initial: str = "",
    multiline: bool = False,
    max_length: int = 300,
    optional: bool = True,
    hint: str | None = None,
    placeholder: str | None = None,
) -> InputBlock:
    element = PlainTextInputElement(
        # Slack refuses to open a modal whose initial value is longer than its input allows.
        initial_value=initial[:max_length] or None,
        multiline=multiline,
        max_length=max_length,
        placeholder=placeholder,
    )
    return _input(field, label, element, optional=optional, hint=hint)


def _multi(
    field: str,
    label: str,
    values: Sequence[str],
    initial: Iterable[str],
    *,
    optional: bool = True,
    hint: str | None = None,
) -> InputBlock:
    options = _options(values)
    element = StaticMultiSelectElement(
        placeholder="Choose…", options=options, initial_options=_chosen(options, initial)
    )
    return _input(field, label, element, optional=optional, hint=hint)


def _single(
    field: str,
    label: str,
    values: Sequence[str],
    initial: str | None,
    *,
    optional: bool = True,
    labels: dict[str, str] | None = None,
) -> InputBlock:
    options = _options(values, labels)
    chosen = _chosen(options, [initial] if initial else [])
    element = StaticSelectElement(
        placeholder="Choose…", options=options, initial_option=chosen[0] if chosen else None
    )
    return _input(field, label, element, optional=optional)


def _school_picker(workspace: Workspace, chosen: int | None) -> InputBlock:
    names = {str(school.id): school.name for school in workspace.schools}
    return _single(
        "school",
        "School",
        list(names),
        str(chosen) if chosen else None,
        optional=False,
        labels=names,
    )


def modal(
    callback_id: str,
    title: str,
    blocks: list[Block],
    *,
    submit: str | None = "Save",
    metadata: Mapping[str, object] | None = None,
    close: str = "Cancel",
) -> dict:
    """Every modal goes through here, so each is validated against Slack's limits when built
    (slack-sdk's `to_dict` validates every object it turns into JSON)."""
    view = View(
        type="modal",
        callback_id=callback_id,
        title=title,
        submit=submit,
        close=close,
        blocks=blocks,
        private_metadata=json.dumps(metadata or {}),
    )
    return view.to_dict()


def setup_modal(
    workspace: Workspace | None, default_zone: str, roles: dict[str, list[str]], no_visit_text: str
) -> dict:
    zone = workspace.timezone if workspace else default_zone
    zones = list(TIMEZONES) if zone in TIMEZONES else [zone, *TIMEZONES]
    day_options = _options(
        [str(n) for n in range(7)], {str(n): day for n, day in enumerate(WEEKDAYS)}
    )
    days = workspace.school_days if workspace else [0, 1, 2, 3, 4]
    schools = "\n".join(school.name for school in workspace.schools) if workspace else ""
    channel = ConversationSelectElement(
        placeholder="Pick a channel",
        initial_conversation=workspace.visits_channel_id if workspace else None,
        filter=ConversationFilter(include=["public", "private"], exclude_bot_users=True),
    )
    blocks: list[Block] = [
        SectionBlock(
            text="Set up Open Door for your schools. You can run `/visit setup` again to change anything."
        ),
        _input(
            "channel",
            "Visits channel",
            channel,
            hint="Open doors and requests are posted here. I'll join it. For a private channel, invite me first.",
        ),
        _text(
            "schools",
            "Schools",
            initial=schools,
            multiline=True,
            max_length=3000,
            optional=False,
            hint="One per line. A one-school workspace needs just its name.",
        ),
        _input(
            "coaches",
            "Coaches and multi-classroom leaders",
            UserMultiSelectElement(
                placeholder="Choose people", initial_users=roles.get("coach") or None
            ),
            optional=True,
            hint="They get the weekly digest and help match requests.",
        ),
        _input(
            "leaders",
            "School leaders",
            UserMultiSelectElement(
                placeholder="Choose people", initial_users=roles.get("leader") or None
            ),
            optional=True,
        ),
        _single("timezone", "Time zone", zones, zone, optional=False),
        _input(
            "school_days",
            "School days",
            CheckboxesElement(
                options=day_options,
                initial_options=_chosen(day_options, [str(day) for day in days]),
            ),
            optional=True,
        ),
        _text(
            "no_visit_dates",
            "No-visit dates",
            initial=no_visit_text,
            multiline=True,
            max_length=3000,
            hint="One date or range per line, like 2026-12-21 to 2027-01-01 (testing days, holidays).",
        ),
        _single(
            "digest_weekday",
            "Weekly digest day",
            [str(n) for n in range(5)],
            str(workspace.digest_weekday if workspace else 4),
            optional=False,
            labels={str(n): day for n, day in enumerate(WEEKDAYS[:5])},
        ),
        _single(
            "digest_hour",
            "Weekly digest time",
            [str(hour) for hour in range(6, 19)],
            str(workspace.digest_hour if workspace else 14),
            optional=False,
            labels={str(hour): f"{hour:02d}:00" for hour in range(6, 19)},
        ),
    ]
    return modal(ids.SETUP_MODAL, "Set up Open Door", blocks)


def profile_modal(workspace: Workspace, member: Member) -> dict:
    blocks: list[Block] = [
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=f"Your role: *{member.role}*. Roles are set by your admin in `/visit setup`."
                )
            ]
        ),
        _school_picker(workspace, member.school_id),
        _multi("grades", "Grades I teach", GRADES, member.grades),
        _multi("subjects", "Subjects I teach", SUBJECTS, member.subjects),
        _multi(
            "interests",
            "Practices I'd like to see",
            PRACTICES,
            member.interests,
            hint="I'll point you to open doors that match.",
        ),
    ]
    return modal(ids.PROFILE_MODAL, "Your profile", blocks)


def _slot_blocks(zone: str, day: date | None, start: time | None, end: time | None) -> list[Block]:
    hint = f"School time ({zone})."
    return [
        _input("day", "Date", DatePickerElement(initial_date=day.isoformat() if day else None)),
        _input(
            "start",
            "Starts",
            TimePickerElement(initial_time=start.strftime("%H:%M") if start else None),
            hint=hint,
        ),
        _input(
            "end", "Ends", TimePickerElement(initial_time=end.strftime("%H:%M") if end else None)
        ),
    ]


def offer_modal(workspace: Workspace, member: Member, prefill: Prefill) -> dict:
    feedback_options = _options(list(FEEDBACK), FEEDBACK)
    approval = _options(["yes"], {"yes": "I'd like to approve each visitor"})
    blocks: list[Block] = []
    if len(workspace.schools) > 1:
        blocks.append(_school_picker(workspace, member.school_id))
    blocks += _slot_blocks(workspace.timezone, prefill.day, prefill.start, prefill.end)
    blocks += [
        _text(
            "room",
            "Room",
            initial=prefill.room,
            max_length=MAX_ROOM,
            optional=False,
            placeholder="Room 204",
        ),
        _single("grade", "Grade", GRADES, prefill.grade),
        _single("subject", "Subject", SUBJECTS, None),
        _multi("practices", "Practices visitors will see", PRACTICES, prefill.practices),
        _text(
            "details",
            "What visitors will see",
            initial=prefill.details,
            multiline=True,
            max_length=MAX_DETAILS,
            placeholder="Students rotate through three stations; I run the teacher table.",
        ),
        _text(
            "key_moment",
            "When the key moment happens",
            max_length=MAX_SHORT_TEXT,
            placeholder="The first 15 minutes, when stations launch",
        ),
        _input(
            "seats",
            "Seats",
            NumberInputElement(
                is_decimal_allowed=False,
                initial_value=min(max(prefill.seats or 2, 1), MAX_SEATS),
                min_value=1,
                max_value=MAX_SEATS,
            ),
        ),
        _input(
            "approval",
            "Visitors",
            CheckboxesElement(options=approval),
            optional=True,
            hint="Leave unticked and colleagues book a seat straight away.",
        ),
        _input(
            "feedback",
            "Feedback I'd like",
            RadioButtonsElement(options=feedback_options, initial_option=feedback_options[1]),
        ),
        _text(
            "look_fors",
            "My look-fors",
            multiline=True,
            max_length=MAX_DETAILS,
            hint="If you'd like notes on your own look-fors, list them here.",
        ),
        _input(
            "video_url",
            "Video link",
            UrlInputElement(),
            optional=True,
            hint="A short video of the practice helps colleagues who can't come.",
        ),
    ]
    return modal(ids.OFFER_MODAL, "Open your door", blocks, submit="Post")


def request_modal(member: Member, today: date) -> dict:
    scope = _options(
        ["school", "any"], {"school": "My school", "any": "Any school in the district"}
    )
    blocks: list[Block] = [
        _multi("practices", "Practices I'd like to see", PRACTICES, member.interests),
        _multi("grades", "Grades", GRADES, member.grades),
        _multi("subjects", "Subjects", SUBJECTS, member.subjects),
        _input("window_start", "From", DatePickerElement(initial_date=today.isoformat())),
        _input(
            "window_end",
            "Until",
            DatePickerElement(),
            optional=True,
            hint="Two weeks if left empty.",
        ),
        _input("scope", "Where", RadioButtonsElement(options=scope, initial_option=scope[0])),
        _text(
            "notes",
            "Notes",
            multiline=True,
            max_length=MAX_DETAILS,
            placeholder="I'm starting small-group data conferences and want to see one run.",
        ),
    ]
    return modal(ids.REQUEST_MODAL, "Ask for a visit", blocks, submit="Find open doors")


def hosting_modal(workspace: Workspace, request: Request, request_text: str) -> dict:
    blocks: list[Block] = [
        SectionBlock(text=clip(request_text, 3000)),
        *_slot_blocks(workspace.timezone, None, None, None),
        _text("room", "Room", max_length=MAX_ROOM, optional=False),
        _text("note", "A note for the visitor", multiline=True, max_length=MAX_DETAILS),
    ]
    return modal(
        ids.HOSTING_MODAL,
        "Offer to host",
        blocks,
        submit="Offer this time",
        metadata={"request_id": request.id},
    )
