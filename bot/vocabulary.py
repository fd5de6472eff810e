"""design.md's states, roles and message kinds, each spelled once.

They are `StrEnum`s: stored in the database as the same plain strings as before (no data change),
equal to those strings when read back, and a typo is an AttributeError rather than a silent
mismatch."""

from __future__ import annotations

from enum import StrEnum


class OfferStatus(StrEnum):
    OPEN = "open"
    CANCELLED = "cancelled"


# What a Withdraw button on a time offered for a request showed (`12:offered`): nobody had taken
# it yet, so the click withdraws it only while that is still so (an open door's own statuses
# can't say it: a time taken stays open).
OFFERED_TIME = "offered"


# A forgotten member's `slack_user_id`, followed by their row's id: unique, and never a Slack id,
# so the person who comes back is a new member, and views name nobody (`/visit forget me`).
FORGOTTEN = "forgotten:"


class RequestStatus(StrEnum):
    OPEN = "open"
    MATCHED = "matched"
    WITHDRAWN = "withdrawn"
    CANCELLED = "cancelled"


class VisitStatus(StrEnum):
    PENDING = "pending"  # waiting for the host's approval; it holds a seat
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"  # by either side, declined by the host, or released by the bot
    COMPLETED = "completed"
    MISSED = "missed"


# A visit in either of these holds a seat (and the partial unique index on `visits`, in
# bot/models/visits.py, forbids two).
ACTIVE_VISIT_STATUSES = (VisitStatus.PENDING, VisitStatus.CONFIRMED)


class GroupVisitKind(StrEnum):
    TEAM_VISIT = "team_visit"
    ROUND = "round"


class GroupVisitStatus(StrEnum):
    PLANNED = "planned"
    CANCELLED = "cancelled"


class StopStatus(StrEnum):
    ASKED = "asked"  # waiting for its host's answer
    CONFIRMED = "confirmed"
    DECLINED = "declined"  # freed; the planner is asked to replace it
    LAPSED = "lapsed"  # no answer in time: freed the same way
    REPLACED = "replaced"  # declined, and another stop took its place
    CANCELLED = "cancelled"  # the whole group visit was called off


class DebriefStep(StrEnum):
    """A coaching round's debrief, stepped through by its coach; '' until the coach moves on."""

    DESCRIBE = "describe"
    ANALYSE = "analyse"
    PREDICT = "predict"
    NEXT = "next"  # the next level of work: the coach records the agreed next step
    DONE = "done"


DEBRIEF_STEPS = (DebriefStep.DESCRIBE, DebriefStep.ANALYSE, DebriefStep.PREDICT, DebriefStep.NEXT)


# A stop in either of these is on the route.
ROUTE_STOP_STATUSES = (StopStatus.ASKED, StopStatus.CONFIRMED)
# A stop in either of these was freed, and its planner may replace it.
FREED_STOP_STATUSES = (StopStatus.DECLINED, StopStatus.LAPSED)


class NotificationState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by a dispatcher, under its lease
    SENT = "sent"
    SKIPPED = "skipped"  # stale, or no longer worth sending
    FAILED = "failed"
    WITHDRAWN = "withdrawn"  # called off by what happened since


class Role(StrEnum):
    TEACHER = "teacher"
    COACH = "coach"
    LEADER = "leader"
    ADMIN = "admin"


# The roles that see a school's whole picture rather than their own classroom: they read the
# digest and the export, plan team visits for any team, take on requests, share doors again,
# and keep walk-throughs and check-ins. Everyone else is a teacher.
SCHOOL_WIDE_ROLES = (Role.COACH, Role.LEADER, Role.ADMIN)


class TeamKind(StrEnum):
    """What kind of team, as the practice names them; it changes only how a team is described."""

    MULTI_CLASSROOM = "multi_classroom"
    GRADE_LEVEL = "grade_level"
    FELLOWSHIP = "fellowship"
    OTHER = "other"


class NotificationKind(StrEnum):
    """Every message the outbox carries; each has its renderer and key shape in bot/outbox/kinds.py."""

    ADMIN_NOTICE = "admin_notice"
    APPROVAL_ANSWERED = "approval_answered"
    APPROVAL_ASK = "approval_ask"
    APPROVAL_REMINDER = "approval_reminder"
    ASK_LAPSED = "ask_lapsed"
    CHECK_IN_NOTES = "check_in_notes"
    CHECK_IN_REMINDER = "check_in_reminder"
    CHANNEL_HELLO = "channel_hello"
    CLICK_ANSWER = "click_answer"
    CLOSED_DAY_HOST = "closed_day_host"
    CLOSED_DAY_VISITOR = "closed_day_visitor"
    COACH_HELPING = "coach_helping"
    COVER_CHANGED = "cover_changed"
    COVER_REFRESH = "cover_refresh"
    COVER_REFUSED = "cover_refused"
    COVER_REQUEST = "cover_request"
    DIGEST = "digest"
    DM_REFRESH = "dm_refresh"
    DOOR_SHARED = "door_shared"
    FOLLOW_UP = "follow_up"
    HELP_ASKED = "help_asked"
    HOSTING_DECLINED = "hosting_declined"
    HOSTING_NOT_NEEDED = "hosting_not_needed"
    HOSTING_PROPOSED = "hosting_proposed"
    HOSTING_WITHDRAWN = "hosting_withdrawn"
    HOST_NOTE = "host_note"
    HOST_PROMPT = "host_prompt"
    HOST_REMINDER_DAY_BEFORE = "host_reminder_day_before"
    HOST_REMINDER_HOUR_BEFORE = "host_reminder_hour_before"
    INVITE = "invite"
    NUDGE_GIVE_BACK = "nudge_give_back"
    MEMBER_CHECK = "member_check"
    NUDGE_HOST = "nudge_host"
    NUDGE_REQUEST = "nudge_request"
    NUDGE_VISIT = "nudge_visit"
    OFFER_CARD = "offer_card"
    REFLECTION_PROMPT = "reflection_prompt"
    REFLECTION_REMINDER = "reflection_reminder"
    REFLECTION_SHARED = "reflection_shared"
    REMINDER_DAY_BEFORE = "reminder_day_before"
    REMINDER_HOUR_BEFORE = "reminder_hour_before"
    REQUEST_CARD = "request_card"
    ROUND_DEBRIEF = "round_debrief"
    ROUND_NOTES_PROMPT = "round_notes_prompt"
    ROUND_PICTURE = "round_picture"
    TEAM_DIGEST = "team_digest"
    TEAM_CANCELLED = "team_cancelled"
    TEAM_CLOSED_DAY = "team_closed_day"
    TEAM_DECISION = "team_decision"
    TEAM_FOLLOW_UP = "team_follow_up"
    TEAM_ITINERARY = "team_itinerary"
    TEAM_POLL = "team_poll"
    TEAM_POLL_OPEN = "team_poll_open"
    TEAM_QUESTION = "team_question"
    TEAM_REFLECTION_PROMPT = "team_reflection_prompt"
    TEAM_REFLECTION_SHARED = "team_reflection_shared"
    TEAM_REFRESH = "team_refresh"
    TEAM_REMINDER = "team_reminder"
    TEAM_HOST_REMINDER = "team_host_reminder"
    TEAM_STOP_ASK = "team_stop_ask"
    TEAM_STOP_DECLINED = "team_stop_declined"
    THANKS = "thanks"
    VISITOR_COMING = "visitor_coming"
    VISIT_BOOKED = "visit_booked"
    VISIT_CANCELLED = "visit_cancelled"
    VISIT_CHECK = "visit_check"
    VISIT_DECLINED = "visit_declined"
    VISIT_LAPSED = "visit_lapsed"
    VISIT_PENDING = "visit_pending"
    WALK_THROUGH_NOTE = "walk_through_note"
