"""What every modal is made of: the modal itself and the inputs people fill in.

Every modal (the forms, the reflections, the matches, a notice) goes through `modal`, so each is
checked against Slack's limits when it is built. The input builders give each input the
`block_id` and `action_id` of the domain form field it feeds, so a `FieldErrors` from the domain
maps straight back onto the modal."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence

from slack_sdk.models.blocks import (
    Block,
    InputBlock,
    InputInteractiveElement,
    Option,
    PlainTextInputElement,
    StaticMultiSelectElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.models import Workspace
from bot.views.text import clip


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


def options(values: Iterable[str], labels: dict[str, str] | None = None) -> list[Option]:
    """Options whose value is what the form stores; the label, if any, is what people read."""
    return [
        Option(value=value, text=clip((labels or {}).get(value, value), 75)) for value in values
    ]


def chosen(choices: Sequence[Option], values: Iterable[str]) -> list[Option] | None:
    """The options already chosen, or None: Slack refuses an empty list of initial options."""
    wanted = set(values)
    picked = [option for option in choices if option.value in wanted]
    return picked or None


def field_input(
    field: str,
    label: str,
    element: InputInteractiveElement,
    *,
    optional: bool = False,
    hint: str | None = None,
) -> InputBlock:
    """An input keyed by the form field it feeds, both as its block and as its action."""
    element.action_id = field
    return InputBlock(block_id=field, label=label, element=element, optional=optional, hint=hint)


def text_field(
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
    return field_input(field, label, element, optional=optional, hint=hint)


def multi_field(
    field: str,
    label: str,
    values: Sequence[str],
    initial: Iterable[str],
    *,
    optional: bool = True,
    hint: str | None = None,
) -> InputBlock:
    choices = options(values)
    element = StaticMultiSelectElement(
        placeholder="Choose…", options=choices, initial_options=chosen(choices, initial)
    )
    return field_input(field, label, element, optional=optional, hint=hint)


def single_field(
    field: str,
    label: str,
    values: Sequence[str],
    initial: str | None,
    *,
    optional: bool = True,
    labels: dict[str, str] | None = None,
) -> InputBlock:
    choices = options(values, labels)
    picked = chosen(choices, [initial] if initial else [])
    element = StaticSelectElement(
        placeholder="Choose…", options=choices, initial_option=picked[0] if picked else None
    )
    return field_input(field, label, element, optional=optional)


def school_picker(workspace: Workspace, school_id: int | None) -> InputBlock:
    """The workspace's schools by name; the form stores the school's id."""
    names = {str(school.id): school.name for school in workspace.schools}
    return single_field(
        "school",
        "School",
        list(names),
        str(school_id) if school_id else None,
        optional=False,
        labels=names,
    )
