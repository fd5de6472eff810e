"""What people receive around a visit: reminders, reflection prompts, thanks, follow-ups, nudges."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    SectionBlock,
)

from bot.models import Member, Offer, Reflection, Request, Visit
from bot.views import ids
from bot.views.cards import request_text
from bot.views.messages import Message, cancel_visit_button, compose, context, while_still
from bot.views.text import (
    calendar_url,
    clip,
    counted,
    day_label,
    door_marks,
    mention,
    offer_summary,
    quoted,
    what,
    which_visit,
)
from bot.vocabulary import VisitStatus


def _reflect_button(visit: Visit) -> ButtonElement:
    return ButtonElement(
        text="Reflect", action_id=ids.OPEN_REFLECTION, value=str(visit.id), style="primary"
    )


def visitor_reminder(visit: Visit, zone: str, soon: bool) -> Message:
    offer = visit.offer
    lead = "In about an hour" if soon else "Coming up"
    return compose(
        f"{lead}: your visit to {offer.host.name}, {day_label(offer.starts_at, zone)}",
        [
            SectionBlock(
                text=f":alarm_clock: *{lead}:* your visit to {mention(offer.host.slack_user_id)}."
            ),
            SectionBlock(text=offer_summary(offer, zone)),
            *(
                [SectionBlock(text=f"*Key moment:* {quoted(offer.key_moment, 300)}")]
                if offer.key_moment
                else []
            ),
            while_still(
                visit,
                VisitStatus.CONFIRMED,
                [
                    ButtonElement(
                        text="Add to calendar", action_id=ids.CALENDAR_LINK, url=calendar_url(offer)
                    ),
                    cancel_visit_button(visit, shown=VisitStatus.CONFIRMED),
                ],
            ),
        ],
    )


def host_reminder(offer: Offer, zone: str, soon: bool) -> Message:
    visitors = [visit.visitor for visit in offer.visits if visit.status == VisitStatus.CONFIRMED]
    who = ", ".join(mention(member.slack_user_id) for member in visitors[:20])
    lead = "In about an hour" if soon else "Coming up"
    cancel = ButtonElement(
        text="Can't make it", action_id=ids.CANCEL_OFFER, value=str(offer.id), style="danger",
        confirm=ConfirmObject(title="Cancel your open door?", text="I'll tell every visitor.",
                              confirm="Cancel it", deny="Keep it"),
    )  # fmt: skip
    return compose(
        f"{lead}: you're hosting {counted(len(visitors), 'visitor')}, {day_label(offer.starts_at, zone)}",
        [
            SectionBlock(text=f":door: *{lead}:* you're hosting {who}."),
            SectionBlock(text=offer_summary(offer, zone)),
            ActionsBlock(elements=[cancel]),
        ],
    )


def reflection_prompt(visit: Visit, zone: str, again: bool) -> Message:
    """Names the visit (its day and practice): a person may have two to reflect on."""
    host, which = mention(visit.offer.host.slack_user_id), which_visit(visit.offer, zone)
    text = (
        f"No pressure: if you'd like to capture what you saw in {host}'s class {which}, "
        "here it is again."
        if again
        else f":seedling: How was your visit to {host} {which}? Three minutes now, while it's "
        "fresh: what you noticed, what you wondered, what you'll try."
    )
    return compose(text, [SectionBlock(text=text), ActionsBlock(elements=[_reflect_button(visit)])])


def host_prompt(offer: Offer, zone: str) -> Message:
    text = (
        f":pray: Thank you for opening your door on {day_label(offer.starts_at, zone)}! "
        "What did you hope your visitors would see? Anything you'd like to add for them?"
    )
    button = ButtonElement(text="Reflect", action_id=ids.OPEN_HOST_REFLECTION, value=str(offer.id))
    return compose(text, [SectionBlock(text=text), ActionsBlock(elements=[button])])


def thanks(reflection: Reflection, zone: str, first: bool) -> Message:
    """To the host: the thank-you always; the reflection only as shared and as the host asked."""
    visitor = mention(reflection.author.slack_user_id)
    feedback = reflection.offer.feedback
    blocks: list[Block] = []
    if first:
        blocks.append(
            SectionBlock(
                text=f":sparkles: {visitor} visited your class and says thank you."
                + (f"\n> {quoted(reflection.thanks, 800)}" if reflection.thanks else "")
            )
        )
    if reflection.shared and feedback != "none":
        lines = [f"*{visitor} shared what they noticed:*", f"> {quoted(reflection.noticed, 1000)}"]
        if reflection.will_try:
            lines.append(f"*They'll try:* {quoted(reflection.will_try, 500)}")
        if feedback == "lookfors":
            if reflection.wondered:
                lines.append(f"*They wondered:* {quoted(reflection.wondered, 500)}")
            if reflection.question:
                lines.append(f"*A question for you:* {quoted(reflection.question, 500)}")
        blocks.append(SectionBlock(text=clip("\n".join(lines), 3000)))
    if not blocks:
        blocks.append(SectionBlock(text=f"{visitor} updated their reflection."))
    return compose(f"{reflection.author.name} says thank you", blocks)


def host_note(reflection: Reflection, zone: str) -> Message:
    host = mention(reflection.author.slack_user_id)
    text = f":memo: A note from {host} after your visit:\n> {quoted(reflection.thanks, 1500)}"
    return compose(f"A note from {reflection.author.name}", [SectionBlock(text=text)])


def visit_check(visit: Visit, zone: str) -> Message:
    host = mention(visit.offer.host.slack_user_id)
    text = f"Did your visit to {host} {which_visit(visit.offer, zone)} happen? Plans change; either answer is fine."
    return compose(text, [
        SectionBlock(text=text),
        ActionsBlock(elements=[
            ButtonElement(text="It happened", action_id=ids.VISIT_HAPPENED, value=str(visit.id), style="primary"),
            ButtonElement(text="It didn't happen", action_id=ids.VISIT_MISSED, value=str(visit.id)),
        ]),
    ])  # fmt: skip


def follow_up(visit: Visit, reflection: Reflection | None, zone: str, days: int) -> Message:
    host = mention(visit.offer.host.slack_user_id)
    plan = (
        f"\nYou planned to try: _{quoted(reflection.will_try, 400)}_"
        if reflection and reflection.will_try
        else ""
    )
    ago = "Two weeks ago" if days == 14 else f"{counted(days, 'day')} ago"
    text = f":repeat: {ago}, {which_visit(visit.offer, zone)}, you visited {host}.{plan}\nDid you try it?"
    answers = [("Tried it", "tried"), ("Not yet", "not_yet"), ("Need help", "need_help")]
    buttons = [
        ButtonElement(text=label, action_id=f"{ids.FOLLOW_UP}:{answer}", value=str(visit.id))
        for label, answer in answers
    ]
    return compose(
        clip(text, 3000),
        [
            SectionBlock(text=clip(text, 3000)),
            ActionsBlock(elements=buttons),
            context(
                "“Need help” lets you tell the host (and, if you like, your coach) what got in the way."
            ),
        ],
    )


def help_asked(visit: Visit, reflection: Reflection | None, words: str, to_coach: bool) -> Message:
    """The host gets the visitor's words and the question they wrote for the host; a coach the
    visitor chose to tell gets the words alone, as the rest of a reflection is private."""
    visitor = mention(visit.visitor.slack_user_id)
    host = mention(visit.offer.host.slack_user_id)
    if to_coach:
        text = (f":handshake: {visitor} tried {what(visit.offer)}, which they saw in {host}'s class, "
                "and would love a hand. They asked me to tell you too.")  # fmt: skip
    else:
        text = f":handshake: {visitor} tried what they saw in your class and would love a hand."
    if words:
        text += f"\n*What got in the way:* {quoted(words, 1000)}"
    question = reflection.question if reflection and not to_coach else ""
    if question:
        text += f"\n*Their question for you:* {quoted(question, 1000)}"
    text += "\nA quick DM or another visit often helps it click."
    return compose(
        f"{visit.visitor.name} would love your help", [SectionBlock(text=clip(text, 3000))]
    )


def follow_up_answered(answer: str, visit: Visit) -> Message:
    host = mention(visit.offer.host.slack_user_id)
    if answer == "tried":
        return compose(
            "Wonderful!",
            [
                SectionBlock(
                    text=f":tada: Wonderful! I'll let your coach count one more practice that travelled. Tell {host} how it went?"
                )
            ],
        )
    return compose(
        "No rush",
        [
            SectionBlock(
                text="No rush. When you're ready, `/visit list` shows open doors if you'd like another look."
            )
        ],
    )


def nudge_visit(
    member: Member,
    offers: list[Offer],
    zone: str,
    first: bool = False,
    seen: set[int] | frozenset[int] = frozenset(),
) -> Message:
    """`first` for someone who has never visited: "it's been a while" would not be true of them.
    A door whose host isn't among those they visited this term (`seen`) is marked new to them."""
    opening = (
        ":wave: Ready for a first visit? Colleagues have opened their doors, and these match what you'd like to see:"
        if first
        else ":wave: It's been a while since your last visit. These open doors match what you'd like to see:"
    )
    blocks: list[Block] = [SectionBlock(text=opening)]
    for offer in offers:
        blocks.append(
            SectionBlock(
                text=clip(offer_summary(offer, zone) + door_marks(offer, member, zone, seen), 3000),
                accessory=ButtonElement(
                    text="Ask to visit", action_id=ids.BOOK, value=str(offer.id)
                ),
            )
        )
    blocks.append(context("You get at most one of these a week. `/visit nudges off` stops them."))
    return compose("Open doors that match your interests", blocks)


def invite(member: Member, offers: list[Offer], zone: str) -> Message:
    """The one invitation to someone on the staff list who has never used Open Door: what it is,
    what they could see this week, and their profile one click away."""
    school = f" at {member.school.name}" if member.school else ""
    blocks: list[Block] = [
        SectionBlock(
            text=(
                f":wave: Hi {member.name or 'there'}! Colleagues{school} open their classroom doors "
                "to each other with Open Door: a short visit to see a practice in action. It's for "
                "growth, never evaluation, and there's nothing to prepare."
            )
        ),
        SectionBlock(
            text="Open doors you could visit this week:"
            if offers
            else "This week's open doors have filled up, but colleagues open new ones most weeks."
        ),
    ]
    for offer in offers:
        blocks.append(
            SectionBlock(
                text=offer_summary(offer, zone),
                accessory=ButtonElement(
                    text="Ask to visit", action_id=ids.BOOK, value=str(offer.id)
                ),
            )
        )
    blocks += [
        ActionsBlock(
            elements=[
                ButtonElement(
                    text="Tell me what you'd like to see",
                    action_id=ids.OPEN_PROFILE,
                    style="primary",
                )
            ]
        ),
        context(
            "This is the only invitation I'll send. With a profile, I'll point you to open doors "
            "that match. `/visit nudges off` stops all nudges."
        ),
    ]
    return compose("You're invited to visit a colleague's classroom", blocks)


def nudge_host(offer: Offer, zone: str) -> Message:
    text = (
        f":sunflower: Nobody made it to your open door on {day_label(offer.starts_at, zone)}. That happens, "
        "and it still matters that you opened it. A tip: colleagues book more when the card says what "
        "they'll see and when the key moment is, and a short video link helps those who can't come."
    )
    return compose(
        "Thank you for opening your door",
        [SectionBlock(text=text), context("`/visit nudges off` stops these.")],
    )


def nudge_request(request: Request, zone: str, school_days: int) -> Message:
    return compose(
        f"A request is waiting for a host: {request.visitor.name}",
        [
            SectionBlock(text=f":hourglass_flowing_sand: This request has waited {school_days} school days without a host:"),
            SectionBlock(text=request_text(request)),
            ActionsBlock(elements=[ButtonElement(text="I'll help", action_id=ids.HELP_REQUEST, value=str(request.id), style="primary")]),
        ],
    )  # fmt: skip


def coach_helping(request: Request, zone: str) -> Message:
    coach = mention(request.helper.slack_user_id) if request.helper else "A coach"
    text = f":raised_hands: {coach} is helping find a host for your request. You'll hear from them soon."
    return compose(text, [SectionBlock(text=text)])


def admin_notice(facts: dict[str, Any]) -> Message:
    """The admins' notice, worded from the facts the domain stored (ids, codes, a time) when it
    is sent. A notice owed before facts were stored carries its finished `text`."""
    about = facts.get("about")
    if about == "member_left":
        why = "deactivated" if facts["why"] == "deactivated" else "no longer known to Slack"
        text = (
            f"{mention(facts['member'])} has left this Slack workspace ({why}). I've called off "
            "their upcoming visits and open doors and told the people involved."
        )
    elif about == "channel_unreachable":
        text = (
            f"I can't post in <#{facts['channel']}> ({facts['code']}). Open doors and requests "
            "aren't reaching the channel: invite me back, or pick another channel with "
            "`/visit setup`."
        )
    elif about == "token_refused":
        since = datetime.fromisoformat(facts["since"])
        text = (
            f"Slack refused my token ({facts['code']}) from {since:%Y-%m-%d %H:%M} UTC until now, "
            "so I held every message. They're going out now; nothing was lost."
        )
    else:
        text = facts.get("text", "")
    return compose(text, [SectionBlock(text=clip(text, 3000))])
