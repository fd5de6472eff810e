"""The bell schedule modal, the period pickers it feeds, and the marks suggestions carry.

A modal can't grow rows as someone types, so it offers a few day types, each with its name, the
weekdays that run it and its periods one a line: enough for A/B days and early release."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    ContextBlock,
    MarkdownTextObject,
    Option,
    OptionGroup,
    StaticMultiSelectElement,
    StaticSelectElement,
)

from bot.domain.bell_schedule import (
    LINE_EXAMPLE,
    MAX_DAY_TYPES,
    DayType,
    day_types,
    labelled_periods,
)
from bot.domain.catalogue import WEEKDAYS
from bot.models import Member, School, Workspace
from bot.views import ids
from bot.views.modals import chosen, field_input, modal, options, text_field
from bot.views.text import clip, counted, escape


def bells_modal(workspace: Workspace, school: School) -> dict:
    types = day_types(school)
    blocks: list[Block] = [
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=(
                        f"*{escape(school.name)}*: one kind of day per box, its periods one a "
                        f"line in school time, like `{LINE_EXAMPLE}`. A school with one "
                        "schedule fills the first. Saving replaces the schedule; visits keep "
                        "their times."
                    )
                )
            ]
        )
    ]
    day_choices = options(
        [str(n) for n in workspace.school_days], {str(n): WEEKDAYS[n] for n in range(7)}
    )
    for i in range(MAX_DAY_TYPES):
        kind = types[i] if i < len(types) else None
        blocks += _day_type(i, kind, day_choices)
    return modal(ids.BELLS_MODAL, "Bell schedule", blocks, metadata={"school_id": school.id})


def _day_type(i: int, kind: DayType | None, day_choices: list[Option]) -> list[Block]:
    lines = "\n".join(
        f"{p.name} {p.start:%H:%M}-{p.end:%H:%M}" for p in (kind.periods if kind else ())
    )
    return [
        text_field(
            f"day_type_{i}_name",
            f"Kind of day {i + 1}",
            initial=kind.name if kind else "",
            max_length=40,
            placeholder="A day" if i == 0 else "B day" if i == 1 else "Early release",
        ),
        field_input(
            f"day_type_{i}_days",
            "On",
            CheckboxesElement(
                options=day_choices,
                initial_options=chosen(day_choices, [str(d) for d in kind.weekdays])
                if kind
                else None,
            ),
            optional=True,
            hint="Every school day, if none is ticked." if i == 0 else None,
        ),
        text_field(
            f"day_type_{i}_periods",
            "Periods",
            initial=lines,
            multiline=True,
            max_length=1500,
        ),
    ]


def _period_options(school: School | None) -> dict[str, list[Option]]:
    """Each day type's periods as options, by the day type's name."""
    groups: dict[str, list[Option]] = {}
    for kind, period, name in labelled_periods(day_types(school)):
        text = clip(f"{name} ({period.start:%H:%M}–{period.end:%H:%M})", 75)
        groups.setdefault(kind.name, []).append(Option(value=name, text=text))
    return groups


def _period_groups(school: School | None) -> list[OptionGroup]:
    return [
        OptionGroup(label=clip(name, 75), options=group)
        for name, group in _period_options(school).items()
    ]


def period_picker(school: School | None) -> list[Block]:
    """The offer form's shortcut: pick a period and its times are the visit's."""
    groups = _period_groups(school)
    if not groups:
        return []
    element = (
        StaticSelectElement(placeholder="Choose…", option_groups=groups)
        if len(groups) > 1
        else StaticSelectElement(
            placeholder="Choose…", options=[o for g in _period_options(school).values() for o in g]
        )
    )
    return [
        field_input(
            "period", "Period", element, optional=True, hint="Its times fill in the start and end."
        )
    ]


def my_periods(school: School | None, member: Member) -> list[Block]:
    """The profile's periods, for a school with a bell schedule."""
    groups = _period_groups(school)
    if not groups:
        return []
    blocks: list[Block] = []
    for field, label, picked, hint in (
        ("planning_periods", "My planning periods", member.planning_periods,
         "Open doors in them come first, and I'll say so."),
        ("teaching_periods", "Periods I teach", member.teaching_periods,
         "Optional: every other period, if left empty. A visit then needs cover."),
    ):  # fmt: skip
        flat = [option for group in _period_options(school).values() for option in group]
        initial = chosen(flat, picked)
        element = (
            StaticMultiSelectElement(
                placeholder="Choose…", option_groups=groups, initial_options=initial
            )
            if len(groups) > 1
            else StaticMultiSelectElement(
                placeholder="Choose…", options=flat, initial_options=initial
            )
        )
        blocks.append(field_input(field, label, element, optional=True, hint=hint))
    return blocks


def schedule_saved(school: School, types: list[DayType]) -> str:
    if not types:
        return f"{escape(school.name)} has no bell schedule now. Times are typed in as before."
    kinds = "; ".join(
        f"*{escape(kind.name)}* ({', '.join(WEEKDAYS[d][:3] for d in kind.weekdays)}): "
        f"{counted(len(kind.periods), 'period')}"
        for kind in types
    )
    return clip(
        f"Saved {escape(school.name)}'s bell schedule. {kinds}.\n\nHosts can now pick a period "
        "in `/visit offer`, and teachers can mark their planning periods in `/visit profile`.",
        3000,
    )
