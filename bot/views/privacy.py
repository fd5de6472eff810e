"""What `/visit forget me` says: what goes and what stays, before and after the person confirms."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, ConfirmObject, SectionBlock

from bot.domain.erase import WhatGoes
from bot.views import ids
from bot.views.messages import Message, compose
from bot.views.notices import notice
from bot.views.text import clip, counted

GOES = (
    "*What goes:* your profile (name, school choice, grades, subjects, interests, periods, "
    "hosting limit), your reflections and notes (after visits, team visits and rounds), the notes "
    "on your requests, what your open doors said visitors would see, your team memberships, your "
    "walk-throughs and check-in notes, and your name on walk-throughs shared with you. Your "
    "upcoming visits and open doors, your open requests and your check-ins are called off, and "
    "the people involved are told."
)
STAYS = (
    "*What stays, naming no one:* that each past visit happened, so your school's counts, the "
    "digest's history and your colleagues' PD hours stay right."
)
USAGE = "Use `/visit forget me` to delete your Open Door data. It asks before it deletes anything."


def forget_me_message() -> Message:
    """The ephemeral answer to `/visit forget me`: nothing happens until *Forget me* is confirmed."""
    button = ButtonElement(
        text="Forget me",
        action_id=ids.FORGET_ME,
        value="me",
        style="danger",
        confirm=ConfirmObject(
            title="Forget you?",
            text="Your profile, reflections and notes are deleted for good. This can't be undone.",
            confirm="Forget me",
            deny="Keep my data",
        ),
    )
    return compose(
        "Forget me: what goes and what stays",
        [SectionBlock(text=GOES), SectionBlock(text=STAYS), ActionsBlock(elements=[button])],
    )


def forgotten() -> Message:
    return notice(
        "Done: Open Door has forgotten you. If you use it again, you start afresh as a new member."
    )


def forget_usage() -> Message:
    return notice(USAGE)


def erase_message(goes: WhatGoes) -> Message:
    """`/visit setup delete`: what deleting the workspace's data removes, before the admin
    confirms it."""
    listed = ", ".join(counted(count, *words) for words, count in goes.counts)
    text = (
        f"*Delete all of this workspace's data?* That is {listed}, with every reflection, note, "
        "check-in, walk-through, schedule, message history and setting. Other workspaces are "
        "not touched, and Open Door stays installed: `/visit setup` starts afresh."
    )
    button = ButtonElement(
        text="Delete all of this workspace's data",
        action_id=ids.ERASE_WORKSPACE,
        value="all",
        style="danger",
        confirm=ConfirmObject(
            title="Delete everything?",
            text=clip(
                f"{listed}, and everything else Open Door keeps here. This can't be undone.", 300
            ),
            confirm="Delete it all",
            deny="Keep it",
        ),
    )
    return compose(
        "Delete all of this workspace's data?",
        [SectionBlock(text=clip(text, 3000)), ActionsBlock(elements=[button])],
    )


def erased(goes: WhatGoes) -> str:
    total = sum(count for _, count in goes.counts)
    return (
        f"Deleted all of this workspace's data ({counted(total, 'record')} named above, and "
        "everything that hung from them). Run `/visit setup` to start again."
    )
