"""A team visit's morning and after: the reminder with the whole route, the reflection prompt and
modal, the poll and its result, the follow-up and the question to a host."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    Option,
    SectionBlock,
    StaticSelectElement,
)

from bot.models import GroupReflection, GroupVisit, Member, Stop
from bot.views import ids
from bot.views.messages import Message, compose, context
from bot.views.modals import field_input, modal, text_field
from bot.views.team_visits import (
    about_the_stop,
    at,
    debrief_text,
    morning,
    noun,
    round_text,
    route_text,
    stop_line,
)
from bot.views.text import clip, counted, mention, quoted
from bot.vocabulary import GroupVisitKind

FOLLOW_UP_WORDS = {"tried": "Tried it", "not_yet": "Not yet", "need_help": "Need help"}


def team_reminder(visit: GroupVisit, zone: str) -> Message:
    """One reminder for the morning, with every stop on the route."""
    return compose(
        f"Coming up: your {noun(visit)} {morning(visit)}",
        [
            SectionBlock(text=f":busstop: *Coming up: your {noun(visit)} {morning(visit)}*"),
            *([SectionBlock(text=round_text(visit))] if visit.kind == GroupVisitKind.ROUND else []),
            SectionBlock(text=route_text(visit, zone, marks=False)),
            SectionBlock(text=debrief_text(visit, zone)),
        ],
    )


def host_reminder(stop: Stop, zone: str) -> Message:
    """To a host, the school day before: their stop, who is coming and, for a round, what the
    group looks for."""
    visit = stop.group_visit
    group = "a coaching round's group" if visit.kind == GroupVisitKind.ROUND else "a team"
    blocks = about_the_stop(stop, zone, f"*Coming up:* {group} visits your class {morning(visit)},")
    return compose(f"Coming up: {group} visits your class {morning(visit)}", blocks)


def reflection_prompt(visit: GroupVisit, zone: str) -> Message:
    button = ButtonElement(text="Reflect", action_id=ids.TEAM_REFLECT, value=str(visit.id),
                           style="primary")  # fmt: skip
    return compose(
        f"How was the route {morning(visit)}?",
        [
            SectionBlock(
                text=f":pencil: While the route {morning(visit)} is fresh: what did you notice, "
                "what do you wonder, what will you try? It stays private to you unless you "
                "share it with the hosts."
            ),
            SectionBlock(text=route_text(visit, zone, marks=False)),
            ActionsBlock(elements=[button]),
        ],
    )


def reflection_modal(visit: GroupVisit, saved: GroupReflection | None) -> dict:
    share = [Option(value="share", text="Share it with the route's hosts")]
    shared = share if saved is not None and saved.shared else None
    blocks: list[Block] = [
        context(f"The route {morning(visit)}. Describe what you saw and heard, not how good it was."),
        text_field("noticed", "I noticed (I saw, I heard…)", multiline=True, max_length=2000,
                   initial=saved.noticed if saved else ""),
        text_field("wondered", "I wondered", multiline=True, max_length=2000,
                   initial=saved.wondered if saved else ""),
        text_field("will_try", "I will try (and when)", multiline=True, max_length=2000,
                   initial=saved.will_try if saved else ""),
        field_input("share", "Sharing", CheckboxesElement(options=share, initial_options=shared),
                    optional=True),
    ]  # fmt: skip
    return modal(ids.TEAM_REFLECTION_MODAL, "Reflect on the route", blocks,
                 metadata={"group_visit_id": visit.id})  # fmt: skip


def reflection_shared(reflection: GroupReflection) -> Message:
    visit = reflection.group_visit
    parts = [
        f"*{label}:* {quoted(text, 900)}"
        for label, text in (("Noticed", reflection.noticed), ("Wondered", reflection.wondered),
                            ("Will try", reflection.will_try))
        if text
    ]  # fmt: skip
    return compose(
        f"{reflection.author.name or 'A visitor'} shared a reflection on the team visit",
        [
            SectionBlock(
                text=f":sparkles: {mention(reflection.author.slack_user_id)} shared their "
                f"reflection on the team visit {morning(visit)}:"
            ),
            SectionBlock(text=clip("\n".join(parts), 3000)),
        ],
    )


def poll(visit: GroupVisit, choices: list[str], mine: str) -> Message:
    """The team's vote on what to try: one button per option; a vote may be changed."""
    buttons = [
        ButtonElement(text=clip(choice, 75), action_id=f"{ids.TEAM_VOTE}:{n}", value=str(visit.id),
                      style="primary" if choice == mine else None)
        for n, choice in enumerate(choices)
    ]  # fmt: skip
    voted = (
        f"Your vote: *{quoted(mine, 200)}*. You can change it until the poll closes."
        if mine
        else ""
    )
    closed = visit.decided_at is not None
    blocks: list[Block] = [
        SectionBlock(
            text=f":ballot_box_with_ballot: After the team visit {morning(visit)}: what will the "
            "team try? One vote each."
        )
    ]
    if closed:
        blocks.append(context("The poll is closed; the team's choice is recorded."))
    elif buttons:
        blocks.append(ActionsBlock(elements=buttons))
    if voted:
        blocks.append(context(voted))
    return compose(f"What will the team try after {morning(visit)}?", blocks)


def poll_open(visit: GroupVisit, zone: str) -> Message:
    """To the planner: the team is voting; closing records the result now."""
    blocks: list[Block] = [
        SectionBlock(
            text=f":ballot_box_with_ballot: The team is voting on what to try after the team "
            f"visit {morning(visit)}. The poll closes {at(visit.poll_closes_at, zone, with_day=True)}, "
            "or when you close it."
        )
    ]
    if visit.decided_at is None:
        blocks.append(ActionsBlock(elements=[ButtonElement(
            text="Close the poll", action_id=ids.TEAM_CLOSE_POLL, value=str(visit.id))]))  # fmt: skip
    else:
        blocks.append(context("The poll is closed."))
    return compose(f"The team is voting on what to try after {morning(visit)}", blocks)


def decision(visit: GroupVisit) -> Message:
    """The result as counts per option, most votes first (the options, never the people)."""
    ranked = sorted(visit.decision.items(), key=lambda item: -item[1])
    lines = [f"• {quoted(choice, 200)}: {counted(count, 'vote')}" for choice, count in ranked]
    return compose(
        f"The team's choice after the team visit {morning(visit)}",
        [
            SectionBlock(
                text=f":dart: The team decided what to try after the team visit {morning(visit)}:"
            ),
            SectionBlock(text=clip("\n".join(lines) or "Nobody voted.", 3000)),
        ],
    )


def follow_up(visit: GroupVisit, days: int) -> Message:
    value = str(visit.id)
    return compose(
        "Did the team try it?",
        [
            SectionBlock(
                text=f":seedling: It's been {counted(days, 'day')} since the team visit "
                f"{morning(visit)}. Did you try it in your class?"
            ),
            ActionsBlock(elements=[
                ButtonElement(text="Tried it", action_id=f"{ids.TEAM_FOLLOW_UP}:tried", value=value),
                ButtonElement(text="Not yet", action_id=f"{ids.TEAM_FOLLOW_UP}:not_yet", value=value),
                ButtonElement(text="Need help", action_id=ids.TEAM_NEED_HELP, value=value),
                ButtonElement(text="Ask a host", action_id=ids.TEAM_ASK, value=value),
            ]),
        ],
    )  # fmt: skip


def follow_up_answered(visit: GroupVisit, answer: str) -> Message:
    thanks = {"tried": "Great that you tried it!", "not_yet": "Thanks. There's time."}[answer]
    return compose(
        thanks,
        [
            SectionBlock(
                text=f"{thanks} If something got stuck, a host from {morning(visit)} can help."
            ),
            ActionsBlock(elements=[ButtonElement(text="Ask a host", action_id=ids.TEAM_ASK,
                                                 value=str(visit.id))]),
        ],
    )  # fmt: skip


def ask_modal(visit: GroupVisit, hosts: list[Member], need_help: bool) -> dict:
    choices = [Option(value=str(host.id), text=clip(host.name or host.slack_user_id, 75))
               for host in hosts]  # fmt: skip
    blocks: list[Block] = [
        context(f"Go back and ask a host from the team visit {morning(visit)}."),
        field_input("host", "Host", StaticSelectElement(placeholder="Choose…", options=choices)),
        text_field("question", "What happened, and what would you like to ask?", multiline=True,
                   max_length=1000, optional=False),
    ]  # fmt: skip
    return modal(ids.TEAM_ASK_MODAL, "Ask a host", blocks, submit="Send",
                 metadata={"group_visit_id": visit.id, "need_help": need_help})  # fmt: skip


def question(visit: GroupVisit, stop: Stop | None, asker: str, words: str, zone: str) -> Message:
    where = f"\nYour stop: {stop_line(stop, zone)}" if stop is not None else ""
    return compose(
        "A question from a team that visited you",
        [
            SectionBlock(
                text=f":raising_hand: {mention(asker)}, from the team that visited {morning(visit)}, "
                f"went back to try it and asks:{where}"
            ),
            SectionBlock(text=f">{quoted(words, 2000)}"),
            context("Reply to them directly; Open Door passes on only this message."),
        ],
    )
