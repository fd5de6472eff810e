"""The open-door form as a host fills it: its fields, their limits, and what to change.

Reading and checking the form is kept apart from saving the door, so the same rules (a slot in
school time, the room's and details' limits) serve the offer form, an offer to host a request,
and the text a host pastes into `/visit offer`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain import calendar
from bot.domain.bell_schedule import day_types, period_times
from bot.domain.catalogue import FEEDBACK, GRADES, MAX_SEATS, PRACTICES, SUBJECTS
from bot.domain.form_input import (
    TOO_FAR,
    read_date,
    read_time,
    too_far,
    web_link,
    whole_number,
)
from bot.models import Member, School, Workspace

MAX_ROOM = 80
MAX_DETAILS = 1500
MAX_SHORT_TEXT = 300


@dataclass
class OfferForm:
    day: str | None
    start: str | None
    end: str | None
    room: str = ""
    grade: str | None = None
    subject: str | None = None
    practices: list[str] = field(default_factory=list)
    details: str = ""
    key_moment: str = ""
    seats: str = "2"
    approval: bool = False
    feedback: str = "warm"
    look_fors: str = ""
    video_url: str = ""
    school_id: int | None = None
    period: str | None = None  # a bell schedule period whose times are the visit's

    def school_for(self, host: Member) -> int | None:
        """The school picked, or else the host's own."""
        return self.school_id or host.school_id


@dataclass
class Slot:
    starts_at: datetime
    ends_at: datetime


def read_slot(
    session: Session,
    workspace: Workspace,
    day: str | None,
    start: str | None,
    end: str | None,
    now: datetime,
) -> tuple[Slot | None, dict[str, str]]:
    """Turn the form's date and times into a school-time slot, or say what to change."""
    errors: dict[str, str] = {}
    parsed_day = read_date(day)
    starts = read_time(start)
    ends = read_time(end)
    if parsed_day is None:
        errors["day"] = "Pick a date."
    elif too_far(parsed_day, calendar.local_today(workspace, now)):
        errors["day"] = TOO_FAR
        return None, errors
    if starts is None:
        errors["start"] = "Pick a start time."
    if ends is None:
        errors["end"] = "Pick an end time."
    if errors or parsed_day is None or starts is None or ends is None:
        return None, errors
    slot = Slot(
        calendar.to_utc(workspace, parsed_day, starts), calendar.to_utc(workspace, parsed_day, ends)
    )
    if slot.ends_at <= slot.starts_at:
        errors["end"] = "The visit should end after it starts."
    if slot.starts_at <= now:
        errors["day" if parsed_day < calendar.local_today(workspace, now) else "start"] = (
            "That time has already passed. Pick a time later than now."
        )
    reason = calendar.day_closed_reason(session, workspace, parsed_day)
    if reason and "day" not in errors:
        errors["day"] = reason
    return slot, errors


def period_filled(workspace: Workspace, host: Member, form: OfferForm) -> dict[str, str]:
    """With a period picked, its times on the chosen day become the start and end (what was
    typed gives way to it); what to change if that day doesn't run the period."""
    school_id = form.school_for(host)
    school = next((school for school in workspace.schools if school.id == school_id), None)
    times = period_times_on(school, form.day, form.period)
    if isinstance(times, str):
        return {"period": times}
    if times is not None:
        form.start, form.end = times
    return {}


def period_times_on(
    school: School | None, day_text: str | None, period: str | None
) -> tuple[str, str] | str | None:
    """A picked period's start and end ("HH:MM") on the day given; what to change when that
    day doesn't run it; None when no period (or no readable day) was given."""
    day = read_date(day_text)
    if not period or day is None:
        return None
    times = period_times(day_types(school), day, period)
    if isinstance(times, str):
        return times
    start, end = times
    return start.strftime("%H:%M"), end.strftime("%H:%M")


def offer_form_errors(workspace: Workspace, host: Member, form: OfferForm) -> dict[str, str]:
    """What to change in every field but the date and times, keyed by field: the school, seats,
    room, what visitors will see, and the feedback the host asks for."""
    errors: dict[str, str] = {}
    if form.school_for(host) not in {school.id for school in workspace.schools}:
        errors["school"] = "Pick the school where the visit happens."
    seats = whole_number(form.seats)
    if seats is None or not 1 <= seats <= MAX_SEATS:
        errors["seats"] = f"Seats should be a whole number from 1 to {MAX_SEATS}."
    if not form.room.strip():
        errors["room"] = "Say where visitors should go (a room number or name)."
    elif len(form.room) > MAX_ROOM:
        errors["room"] = f"Keep the room under {MAX_ROOM} characters."
    if form.grade and form.grade not in GRADES:
        errors["grade"] = "Pick a grade from the list."
    if form.subject and form.subject not in SUBJECTS:
        errors["subject"] = "Pick a subject from the list."
    if not set(form.practices) <= set(PRACTICES):
        errors["practices"] = "Pick practices from the list."
    if not form.practices and not form.details.strip():
        errors["practices"] = "Pick a practice or say what visitors will see."
    if len(form.details) > MAX_DETAILS:
        errors["details"] = f"Keep this under {MAX_DETAILS} characters."
    if len(form.key_moment) > MAX_SHORT_TEXT:
        errors["key_moment"] = f"Keep this under {MAX_SHORT_TEXT} characters."
    if form.feedback not in FEEDBACK:
        errors["feedback"] = "Pick the feedback you'd like."
    elif form.feedback == "lookfors" and not form.look_fors.strip():
        errors["look_fors"] = "List the look-fors you'd like notes on, or pick other feedback."
    if len(form.look_fors) > MAX_DETAILS:
        errors["look_fors"] = f"Keep this under {MAX_DETAILS} characters."
    if form.video_url and web_link(form.video_url) is None:
        errors["video_url"] = "Paste a full link that starts with https://"
    return errors
