"""Every kind of message the bot owes, in one registry.

Each kind has the shape of its idempotency key (the unique `Notification.key` that makes a retried
request or a second planner owe it once), when it goes stale unsent, and its renderer: the domain's
"is this still worth sending?" rule followed by its view. Key shapes are pinned: an end-to-end
test checks every row the flows write against them, and changing one needs a data migration
(see migrations/versions/0003), or a message owed before a deploy is owed again after it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from bot.outbox import checks
from bot.outbox import kinds_after_visit as after
from bot.outbox import kinds_booking as booking
from bot.outbox import kinds_closed_days as closed
from bot.outbox import kinds_cover as cover
from bot.outbox import kinds_leadership as leadership
from bot.outbox import kinds_round as round_
from bot.outbox import kinds_team as team
from bot.outbox.outgoing import Lookup, Outgoing, Owed
from bot.views import booking_dms
from bot.vocabulary import NotificationKind

Renderer = Callable[[Owed], Outgoing | Lookup | None]

# The shape of a direct message's key: once per kind, subject and person.
PERSONAL = "{kind}:{subject}:{id}:{recipient}"


class Stale(StrEnum):
    """When an unsent message is skipped instead of sent late (its `expires_at`)."""

    NEVER = "never: late is better than not at all"
    AT_VISIT_START = "when the visit starts"
    END_OF_SCHOOL_DAY = "at the end of the school day it is for"
    A_WEEK_LATE = "a week after it was due: the visit or the week it is about is too far back"
    AFTER_THE_MORNING = "when a team visit's morning is over (its debrief starts)"
    WHEN_THE_POLL_CLOSES = "when the team's poll on what to try closes"
    A_WEEK_AFTER_THE_DEBRIEF = "a week after a coaching round's debrief"
    WHEN_THE_CHECK_IN_STARTS = "when the leader's check-in it reminds of starts"


@dataclass(frozen=True)
class Kind:
    name: str
    keys: tuple[str, ...]
    render: Renderer
    stale: Stale = Stale.NEVER

    def key_matches(self, key: str) -> bool:
        return any(_pattern(shape.replace("{kind}", self.name)).match(key) for shape in self.keys)


def _pattern(shape: str) -> re.Pattern[str]:
    """Each {field} of a key shape is one colon-free part, except {about}, which may have colons."""
    parts = re.split(r"(\{\w+\})", shape)
    return re.compile(
        "^"
        + "".join(
            (".+" if part == "{about}" else "[^:]+") if part.startswith("{") else re.escape(part)
            for part in parts
        )
        + "$"
    )


def _personal(name: str, subject: str, render: Renderer, stale: Stale = Stale.NEVER) -> Kind:
    return Kind(name, (PERSONAL.replace("{subject}", subject),), render, stale)


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        # Channel cards and the approval thread (flows 1–3).
        Kind(
            NotificationKind.CHANNEL_HELLO,
            ("channel-hello:{workspace}:{channel}",),
            booking.channel_hello,
        ),
        Kind(NotificationKind.OFFER_CARD, ("offer-card:{id}:{revision}",), booking.offer_card),
        Kind(
            NotificationKind.REQUEST_CARD, ("request-card:{id}:{revision}",), booking.request_card
        ),
        # In the card's thread; to the host directly when the visits channel can't be reached.
        Kind(
            NotificationKind.APPROVAL_ASK,
            ("approval-ask:{id}", "approval_ask:visit:{id}:{recipient}"),
            booking.approval_ask,
        ),
        Kind(
            NotificationKind.APPROVAL_ANSWERED,
            ("approval-answered:{id}",),
            booking.approval_answered,
        ),
        # An ask waiting on its host: one reminder, then, unanswered, released (both sides told).
        _personal(NotificationKind.APPROVAL_REMINDER, "visit", booking.approval_reminder),
        _personal(NotificationKind.VISIT_LAPSED, "visit", booking.visit_lapsed),
        _personal(
            NotificationKind.ASK_LAPSED, "visit", booking.about_visit(booking_dms.ask_lapsed)
        ),
        Kind(NotificationKind.DOOR_SHARED, ("door_shared:offer:{id}:{day}",), booking.door_shared),
        # A DM with buttons on a visit, updated in place each time the visit changes.
        Kind(
            NotificationKind.DM_REFRESH, ("dm-refresh:{notification}:{status}",), booking.dm_refresh
        ),
        # Booking DMs: each says what happened at the time, so each is sent whatever came after.
        _personal(
            NotificationKind.VISIT_BOOKED, "visit", booking.about_visit(booking_dms.visit_booked)
        ),
        _personal(
            NotificationKind.VISITOR_COMING,
            "visit",
            booking.about_visit(booking_dms.visitor_coming),
        ),
        _personal(
            NotificationKind.VISIT_PENDING, "visit", booking.about_visit(booking_dms.visit_pending)
        ),
        _personal(
            NotificationKind.VISIT_DECLINED,
            "visit",
            booking.about_visit(booking_dms.visit_declined),
        ),
        _personal(
            NotificationKind.VISIT_CANCELLED,
            "visit",
            booking.about_visit(booking_dms.visit_cancelled),
        ),
        _personal(
            NotificationKind.HOSTING_PROPOSED,
            "offer",
            booking.about_offer(booking_dms.hosting_proposed),
        ),
        _personal(
            NotificationKind.HOSTING_NOT_NEEDED,
            "offer",
            booking.about_offer(booking_dms.hosting_not_needed),
        ),
        _personal(
            NotificationKind.HOSTING_DECLINED,
            "offer",
            booking.about_offer(booking_dms.hosting_declined),
        ),
        _personal(
            NotificationKind.HOSTING_WITHDRAWN,
            "offer",
            booking.about_offer(booking_dms.hosting_withdrawn),
        ),
        # A day setup closed after people booked it: each host and visitor decides.
        _personal(
            NotificationKind.CLOSED_DAY_HOST, "offer", closed.closed_day_host, Stale.AT_VISIT_START
        ),
        _personal(
            NotificationKind.CLOSED_DAY_VISITOR,
            "visit",
            closed.closed_day_visitor,
            Stale.AT_VISIT_START,
        ),
        # Before and after a visit (flows 4–5). What follows a visit goes stale a week late; what
        # carries a person's own words (thanks, a note, a call for help) is worth sending late.
        _personal(
            NotificationKind.REMINDER_DAY_BEFORE,
            "visit",
            after.visitor_reminder,
            Stale.END_OF_SCHOOL_DAY,
        ),
        _personal(
            NotificationKind.REMINDER_HOUR_BEFORE,
            "visit",
            after.visitor_reminder,
            Stale.AT_VISIT_START,
        ),
        _personal(
            NotificationKind.HOST_REMINDER_DAY_BEFORE,
            "offer",
            after.host_reminder,
            Stale.END_OF_SCHOOL_DAY,
        ),
        _personal(
            NotificationKind.HOST_REMINDER_HOUR_BEFORE,
            "offer",
            after.host_reminder,
            Stale.AT_VISIT_START,
        ),
        _personal(
            NotificationKind.REFLECTION_PROMPT, "visit", after.reflection_prompt, Stale.A_WEEK_LATE
        ),
        _personal(
            NotificationKind.REFLECTION_REMINDER,
            "visit",
            after.reflection_prompt,
            Stale.A_WEEK_LATE,
        ),
        _personal(NotificationKind.HOST_PROMPT, "offer", after.host_prompt, Stale.A_WEEK_LATE),
        _personal(NotificationKind.VISIT_CHECK, "visit", after.visit_check, Stale.A_WEEK_LATE),
        _personal(NotificationKind.FOLLOW_UP, "visit", after.follow_up, Stale.A_WEEK_LATE),
        # Each ask for a hand is its own message, keyed by when it was asked.
        Kind(
            NotificationKind.HELP_ASKED,
            ("help_asked:visit:{id}:{recipient}", "help_asked:visit:{id}:{recipient}:{asked}"),
            after.help_asked,
        ),
        # A first thanks once; an edited thank-you again, keyed by when it was edited.
        Kind(
            NotificationKind.THANKS,
            ("thanks:reflection:{id}:{recipient}", "thanks:reflection:{id}:{recipient}:{edited}"),
            after.thanks,
        ),
        _personal(NotificationKind.REFLECTION_SHARED, "reflection", after.thanks),
        _personal(NotificationKind.HOST_NOTE, "reflection", after.host_note),
        # Nudges (flow 6): due at once, stale when the school day ends.
        Kind(
            NotificationKind.NUDGE_VISIT,
            ("nudge_visit:member:{id}:{recipient}:{week}",),
            after.nudge_visit,
            Stale.END_OF_SCHOOL_DAY,
        ),
        _personal(NotificationKind.INVITE, "member", after.invite, Stale.END_OF_SCHOOL_DAY),
        Kind(
            NotificationKind.NUDGE_GIVE_BACK,
            ("nudge_give_back:member:{id}:{recipient}:{term}",),
            after.give_back,
            Stale.END_OF_SCHOOL_DAY,
        ),
        _personal(NotificationKind.NUDGE_HOST, "offer", after.nudge_host, Stale.END_OF_SCHOOL_DAY),
        _personal(
            NotificationKind.NUDGE_REQUEST, "request", after.nudge_request, Stale.END_OF_SCHOOL_DAY
        ),
        _personal(NotificationKind.COACH_HELPING, "request", after.coach_helping),
        # The digest (flow 7), once a week per reader; notices to admins, once per cause.
        Kind(NotificationKind.DIGEST, ("digest:{member}:{week}",), after.digest, Stale.A_WEEK_LATE),
        Kind(
            NotificationKind.TEAM_DIGEST,
            ("team_digest:{team}:{week}",),
            after.team_digest,
            Stale.A_WEEK_LATE,
        ),
        Kind(NotificationKind.ADMIN_NOTICE, ("admin_notice:{about}:{member}",), after.admin_notice),
        # Not a message: after a DM failed, whether the person is still there (users.info).
        Kind(
            NotificationKind.MEMBER_CHECK,
            ("member_check:member:{id}:{recipient}:{notification}",),
            checks.member_check,
        ),
        # Team visits: each host asked once; one itinerary per person, updated in place; one
        # reminder and one prompt per person for the whole route; the poll and its result.
        _personal(NotificationKind.TEAM_STOP_ASK, "stop", team.stop_ask, Stale.AT_VISIT_START),
        _personal(
            NotificationKind.TEAM_ITINERARY, "groupvisit", team.itinerary, Stale.AFTER_THE_MORNING
        ),
        Kind(
            NotificationKind.TEAM_REFRESH, ("team-refresh:{notification}:{revision}",), team.refresh
        ),
        _personal(
            NotificationKind.TEAM_STOP_DECLINED, "stop", team.stop_declined, Stale.AT_VISIT_START
        ),
        _personal(
            NotificationKind.TEAM_CANCELLED, "groupvisit", team.cancelled, Stale.AFTER_THE_MORNING
        ),
        _personal(
            NotificationKind.TEAM_CLOSED_DAY, "groupvisit", team.closed_day, Stale.AFTER_THE_MORNING
        ),
        _personal(
            NotificationKind.TEAM_REMINDER, "groupvisit", team.reminder, Stale.END_OF_SCHOOL_DAY
        ),
        _personal(
            NotificationKind.TEAM_HOST_REMINDER, "stop", team.host_reminder, Stale.END_OF_SCHOOL_DAY
        ),
        _personal(
            NotificationKind.TEAM_REFLECTION_PROMPT,
            "groupvisit",
            team.reflection_prompt,
            Stale.A_WEEK_LATE,
        ),
        _personal(
            NotificationKind.TEAM_REFLECTION_SHARED, "groupreflection", team.reflection_shared
        ),
        _personal(NotificationKind.TEAM_POLL, "groupvisit", team.poll, Stale.WHEN_THE_POLL_CLOSES),
        _personal(
            NotificationKind.TEAM_POLL_OPEN,
            "groupvisit",
            team.poll_open,
            Stale.WHEN_THE_POLL_CLOSES,
        ),
        _personal(NotificationKind.TEAM_DECISION, "groupvisit", team.decision),
        _personal(NotificationKind.TEAM_FOLLOW_UP, "groupvisit", team.follow_up, Stale.A_WEEK_LATE),
        # A person's own words to a host, each ask its own message.
        Kind(
            NotificationKind.TEAM_QUESTION,
            ("team_question:groupvisit:{id}:{recipient}:{asked}",),
            team.question,
        ),
        # Coaching rounds (their route's messages are the team visit's): the prompt to write
        # notes as the route starts, one debrief per person updated in place (team_refresh), the
        # data picture once per reader.
        _personal(
            NotificationKind.ROUND_NOTES_PROMPT,
            "groupvisit",
            round_.notes_prompt,
            Stale.AFTER_THE_MORNING,
        ),
        _personal(
            NotificationKind.ROUND_DEBRIEF,
            "groupvisit",
            round_.debrief,
            Stale.A_WEEK_AFTER_THE_DEBRIEF,
        ),
        _personal(NotificationKind.ROUND_PICTURE, "groupvisit", round_.round_picture),
        # Cover (issue 11): a coordinator's list for a day, updated in place as it changes, a
        # notice when its visits change, and a visitor told their cover was refused.
        _personal(
            NotificationKind.COVER_REQUEST, "coverday", cover.request, Stale.END_OF_SCHOOL_DAY
        ),
        Kind(
            NotificationKind.COVER_REFRESH,
            ("cover-refresh:{notification}:{revision}",),
            cover.refresh,
            Stale.END_OF_SCHOOL_DAY,
        ),
        Kind(
            NotificationKind.COVER_CHANGED,
            ("cover_changed:coverday:{id}:{recipient}:{revision}",),
            cover.changed,
            Stale.END_OF_SCHOOL_DAY,
        ),
        _personal(NotificationKind.COVER_REFUSED, "visit", cover.refused, Stale.AT_VISIT_START),
        # A leader's own records: a walk-through's shared note (the leader's words, worth sending
        # late); each check-in's reminder to both sides and ask for notes, keyed by its day.
        _personal(NotificationKind.WALK_THROUGH_NOTE, "walkthrough", leadership.walk_through_note),
        Kind(
            NotificationKind.CHECK_IN_REMINDER,
            ("{kind}:checkin:{id}:{recipient}:{day}",),
            leadership.check_in_reminder,
            Stale.WHEN_THE_CHECK_IN_STARTS,
        ),
        Kind(
            NotificationKind.CHECK_IN_NOTES,
            ("{kind}:checkin:{id}:{recipient}:{day}",),
            leadership.check_in_notes,
            Stale.A_WEEK_LATE,
        ),
        # Withdrawn once the click is answered in place; sent if a crash lost that answer.
        _personal(NotificationKind.CLICK_ANSWER, "click", booking.click_answer),
    )
}
