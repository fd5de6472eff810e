"""Short answers that aren't lists: a notice, the help, and the welcome at first use.

A notice is how a refusal, a confirmation or a pointer reaches a person: as an ephemeral
message after a click or a command, or as the modal that replaces a submitted one."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, SectionBlock

from bot.views import ids
from bot.views.messages import Message, compose
from bot.views.modals import modal
from bot.views.text import clip, mention
from bot.vocabulary import VisitStatus


def help_message() -> Message:
    text = (
        "*Open Door* gets you into each other's classrooms.\n"
        "• `/visit offer [when and what]` open your door, e.g. `/visit offer tomorrow 10:15 station rotation`\n"
        "• `/visit request` ask to see a practice\n"
        "• `/visit list [words]` upcoming open doors, e.g. `/visit list grade 6 math`\n"
        "• `/visit videos [words]` classroom videos hosts shared, by practice, e.g. `/visit videos station rotation`\n"
        "• `/visit mine` your visits, open doors and requests\n"
        "• `/visit profile` your school, grades, subjects and interests\n"
        "• `/visit nudges off` (or `on`) for the weekly suggestions\n"
        "• `/visit digest` the weekly digest, for coaches, leaders and team leads\n"
        "• `/visit hours` your PD hours this school year (`csv` for a file); leaders and admins "
        "export their school's with `/visit hours school` and set its minutes with "
        "`/visit hours minutes`\n"
        "• `/visit export` your schools' visits, open doors and requests as CSV files in a DM, "
        "for coaches, leaders and admins\n"
        "• `/visit teams` your teams; leaders and admins create them\n"
        "• `/visit team` plan a team visit: a route of 2–3 classrooms, each host confirms, "
        "then a debrief and the team's vote on what to try (coaches, leaders, admins)\n"
        "• `/visit round` open a coaching round: a problem of practice, 2–4 look-fors, a route "
        "of 2–3 classrooms, notes per look-for, then a debrief (describe, analyse, predict, next "
        "level of work) and the agreed next step (coaches, leaders, admins)\n"
        "• `/visit bells [school]` a school's bell schedule, so hosts pick periods and visitors "
        "see when they're free (leaders, admins)\n"
        "• `/visit walkthrough` log a walk-through: classrooms visited, look-fors, a tally or "
        "notes each, and a note to share with teachers you pick; `/visit walkthroughs` lists "
        "yours (coaches, leaders, admins)\n"
        "• `/visit checkin` schedule a monthly check-in on a school's goals: both of you are "
        "reminded, and your notes per goal show in your digest; `/visit checkins` lists and "
        "stops yours (coaches, leaders, admins)\n"
        "• `/visit forget me` delete your profile, reflections and notes (it asks first)\n"
        "• `/visit setup` for workspace admins (`/visit setup delete` deletes all of this "
        "workspace's data, after a confirmation)\n"
        "Visits are for growth, never evaluation."
    )
    return compose("How to use Open Door", [SectionBlock(text=text)])


def notice(text: str) -> Message:
    """A short ephemeral answer: a refusal, a confirmation, a pointer."""
    return compose(text, [SectionBlock(text=clip(text, 3000))])


def notice_modal(text: str) -> dict:
    """Replaces a submitted modal when the answer isn't about one field."""
    return modal(
        "notice", "Open Door", [SectionBlock(text=clip(text, 3000))], submit=None, close="Close"
    )


def welcome_message() -> Message:
    """Shown at first use, so a newcomer's profile feeds the matches and nudges from day one."""
    text = (
        "Welcome to Open Door! Tell me your school, grades, subjects and the practices you'd like "
        "to see, and I'll point you to open doors that fit."
    )
    return compose(text, [
        SectionBlock(text=text),
        ActionsBlock(elements=[ButtonElement(text="My profile", action_id=ids.OPEN_PROFILE, style="primary")]),
    ])  # fmt: skip


def already_answered(visitor: str, status: VisitStatus, by_host: bool, by_visitor: bool) -> str:
    """What the host's first answer to an ask decided, for the click that came second."""
    who = mention(visitor)
    if status == VisitStatus.CONFIRMED:
        return f"You already welcomed {who}."
    if status == VisitStatus.CANCELLED and by_host:
        return f"You already declined {who}."
    if status == VisitStatus.CANCELLED and by_visitor:
        return f"{who} has cancelled their visit."
    return f"This visit is already {status}."
