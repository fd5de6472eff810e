"""Check-ins: a leader's recurring conversation with someone (often a school's leader) on that
school's goals, such as a blended-learning rollout: "monthly leader check-ins to evaluate
progress on specific blended goals".

A check-in recurs monthly on the Nth weekday at an hour, school time. The `check_ins` planning
job reminds both sides the school day before each one, and after it asks the leader for a short
note on progress against each goal. The notes are the leader's: only their digest shows them,
goal by goal, as the goals' history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain import calendar
from bot.domain.errors import NotFound, check
from bot.domain.members import member_for
from bot.domain.outbox import owe, withdraw
from bot.domain.timing import LATE_BY_AT_MOST, Timing, day_before_reminder
from bot.domain.walk_throughs import ensure_leads
from bot.models import CheckIn, CheckInNote, Member, Notification, School, Workspace
from bot.vocabulary import NotificationKind

MAX_GOALS, MAX_GOAL, MAX_NOTE = 10, 150, 500
ORDINALS = (1, 2, 3, 4)  # the first to fourth weekday of the month: every month has a fourth
HOURS = tuple(range(7, 18))
# A check-in's notes are asked for this long after it starts, once the conversation is over.
LENGTH = timedelta(hours=1)
HISTORY = 3  # notes per goal in the digest, newest first
SHOWN = 5  # check-ins in the digest
SCHEDULE = "schedule check-ins"


@dataclass
class CheckInForm:
    partner: str | None = None  # a Slack user id
    school: int | None = None
    goals: str = ""  # one a line
    ordinal: int | None = None
    weekday: int | None = None
    hour: int | None = None


@dataclass
class GoalHistory:
    goal: str
    notes: list[tuple[date, str]] = field(default_factory=list)  # newest first


@dataclass
class CheckInHistory:
    check_in: CheckIn
    goals: list[GoalHistory]


def nth_weekday(year: int, month: int, ordinal: int, weekday: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (ordinal - 1))


def days_of(check_in: CheckIn, first: date, last: date) -> list[date]:
    """The check-in's days from `first` to `last`, both included."""
    days, year, month = [], first.year, first.month
    while date(year, month, 1) <= last:
        day = nth_weekday(year, month, check_in.ordinal, check_in.weekday)
        if first <= day <= last:
            days.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def starts_at(workspace: Workspace, check_in: CheckIn, day: date) -> datetime:
    return calendar.to_utc(workspace, day, time(check_in.hour))


def next_day(workspace: Workspace, check_in: CheckIn, now: datetime) -> date:
    """The day of the next check-in still to start."""
    today = calendar.local_today(workspace, now)
    return next(
        day
        for day in days_of(check_in, today, today + timedelta(days=62))
        if starts_at(workspace, check_in, day) > now
    )


def schedule_check_in(
    session: Session, workspace: Workspace, leader: Member, form: CheckInForm, now: datetime
) -> CheckIn:
    """Save the recurring check-in; the planning job does the rest, month by month."""
    ensure_leads(leader, SCHEDULE)
    errors: dict[str, str] = {}
    if not form.partner:
        errors["partner"] = "Pick who the check-in is with."
    elif form.partner == leader.slack_user_id:
        errors["partner"] = "Pick the person you check in with, not yourself."
    school = session.get(School, form.school) if form.school is not None else None
    if school is None or school.workspace_id != workspace.id:
        errors["school"] = "Pick the school whose goals you check in on."
    goals = [line.strip() for line in form.goals.splitlines() if line.strip()]
    if not 1 <= len(goals) <= MAX_GOALS:
        errors["goals"] = f"Give 1 to {MAX_GOALS} goals, one a line."
    elif any(len(goal) > MAX_GOAL for goal in goals):
        errors["goals"] = f"Keep each goal under {MAX_GOAL} characters."
    elif len(set(goals)) != len(goals):
        errors["goals"] = "Each goal once, please."
    if form.ordinal not in ORDINALS:
        errors["ordinal"] = "Pick which week of the month."
    if form.weekday not in workspace.school_days:
        errors["weekday"] = "Pick one of the school's days."
    if form.hour not in HOURS:
        errors["hour"] = "Pick an hour of the school day."
    check(errors)
    assert form.partner and school and form.ordinal and form.weekday is not None and form.hour
    check_in = CheckIn(
        workspace_id=workspace.id,
        leader_id=leader.id,
        partner_id=member_for(session, workspace, form.partner).id,
        school_id=school.id,
        goals=goals,
        ordinal=form.ordinal,
        weekday=form.weekday,
        hour=form.hour,
        created_at=now,
    )
    session.add(check_in)
    session.flush()
    return check_in


def own_check_ins(session: Session, workspace: Workspace, leader: Member) -> list[CheckIn]:
    """The leader's check-ins still running, oldest first: `/visit checkins` lists them."""
    ensure_leads(leader, SCHEDULE)
    return list(
        session.scalars(
            select(CheckIn)
            .where(
                CheckIn.workspace_id == workspace.id,
                CheckIn.leader_id == leader.id,
                CheckIn.stopped_at.is_(None),
            )
            .order_by(CheckIn.id)
        )
    )


def stop_check_in(
    session: Session, workspace: Workspace, leader: Member, check_in_id: int, now: datetime
) -> CheckIn:
    """Its leader stops a recurring check-in: no more reminders or asks, the reminders not yet
    sent are called off, and the notes already written stay in the goals' history."""
    check_in = session.get(CheckIn, check_in_id)
    if check_in is None or check_in.workspace_id != workspace.id or check_in.leader_id != leader.id:
        raise NotFound("I can't find that check-in.")
    if check_in.stopped_at is None:
        check_in.stopped_at = now
        withdraw(session, check_in, (NotificationKind.CHECK_IN_REMINDER,))
    return check_in


def leaders_check_in(
    session: Session,
    workspace: Workspace,
    leader: Member,
    check_in_id: int,
    day: date,
    now: datetime,
) -> CheckIn:
    """The check-in of that day, for its own leader alone, once it has started."""
    check_in = session.get(CheckIn, check_in_id)
    if (
        check_in is None
        or check_in.workspace_id != workspace.id
        or check_in.leader_id != leader.id
        or day not in days_of(check_in, day, day)
        or starts_at(workspace, check_in, day) > now
    ):
        raise NotFound("I can't find that check-in.")
    return check_in


def notes_of(session: Session, check_in: CheckIn, day: date) -> dict[int, str]:
    rows = session.scalars(
        select(CheckInNote).where(CheckInNote.check_in_id == check_in.id, CheckInNote.day == day)
    )
    return {note.goal: note.text for note in rows}


def save_notes(
    session: Session,
    workspace: Workspace,
    leader: Member,
    check_in_id: int,
    day: date,
    notes: list[str],
    now: datetime,
) -> CheckIn:
    """One note per goal for that day's check-in; saving again replaces them."""
    check_in = leaders_check_in(session, workspace, leader, check_in_id, day, now)
    texts = [note.strip() for note in notes]
    check({f"goal_{place}": f"Keep it under {MAX_NOTE} characters."
           for place, text in enumerate(texts) if len(text) > MAX_NOTE})  # fmt: skip
    if not any(texts):
        check({"goal_0": "Write a note on at least one goal."})
    saved = {
        note.goal: note
        for note in session.scalars(
            select(CheckInNote).where(
                CheckInNote.check_in_id == check_in.id, CheckInNote.day == day
            )
        )
    }
    for place, text in enumerate(texts[: len(check_in.goals)]):
        note = saved.get(place)
        if note is None:
            session.add(CheckInNote(workspace_id=workspace.id, check_in_id=check_in.id, day=day,
                                    goal=place, text=text, created_at=now, updated_at=now))  # fmt: skip
        else:
            note.text, note.updated_at = text, now
    return check_in


def check_in_history(
    session: Session, workspace: Workspace, reader: Member
) -> list[CheckInHistory]:
    """The reader's own check-ins, each goal with its latest notes: only for the leader who
    holds them, so a digest never shows someone else's."""
    check_ins = session.scalars(
        select(CheckIn)
        .where(CheckIn.workspace_id == workspace.id, CheckIn.leader_id == reader.id)
        .order_by(CheckIn.id)
        .limit(SHOWN)
    ).all()
    histories = []
    for check_in in check_ins:
        goals = [GoalHistory(goal) for goal in check_in.goals]
        notes = session.scalars(
            select(CheckInNote)
            .where(CheckInNote.check_in_id == check_in.id, CheckInNote.text != "")
            .order_by(CheckInNote.day.desc())
        )
        for note in notes:
            if note.goal < len(goals) and len(goals[note.goal].notes) < HISTORY:
                goals[note.goal].notes.append((note.day, note.text))
        histories.append(CheckInHistory(check_in, goals))
    return histories


def plan_check_ins(session: Session, workspace: Workspace, timing: Timing, now: datetime) -> int:
    """Owe what each check-in near now needs: both sides' reminder once the school day before
    has come (until it starts), and the leader's ask for notes once it is over (for a week).
    Keys name the check-in's day, so each is owed once however often this runs."""
    days = calendar.school_calendar(session, workspace)
    today = calendar.local_today(workspace, now)
    planned = 0
    running = select(CheckIn).where(
        CheckIn.workspace_id == workspace.id, CheckIn.stopped_at.is_(None)
    )
    for check_in in session.scalars(running):
        for day in days_of(check_in, today - LATE_BY_AT_MOST, today + timedelta(days=8)):
            start = starts_at(workspace, check_in, day)
            payload = {"day": day.isoformat()}
            reminder = day_before_reminder(days, timing, start)
            if reminder is not None and reminder[0] <= now < start:
                for person in (check_in.leader, check_in.partner):
                    planned += _owe_once(session, workspace, NotificationKind.CHECK_IN_REMINDER,
                                         person, check_in, day, now, start, payload)  # fmt: skip
            if start + LENGTH <= now < start + LATE_BY_AT_MOST:
                planned += _owe_once(session, workspace, NotificationKind.CHECK_IN_NOTES,
                                     check_in.leader, check_in, day, now,
                                     now + LATE_BY_AT_MOST, payload)  # fmt: skip
    return planned


def _owe_once(
    session: Session,
    workspace: Workspace,
    kind: NotificationKind,
    person: Member,
    check_in: CheckIn,
    day: date,
    now: datetime,
    expires_at: datetime,
    payload: dict[str, str],
) -> int:
    key = f"{kind}:checkin:{check_in.id}:{person.slack_user_id}:{day.isoformat()}"
    if session.scalar(select(Notification.id).where(Notification.key == key)) is not None:
        return 0
    owe(session, workspace, kind=kind, recipient=person.slack_user_id, key=key, due_at=now,
        now=now, subject=check_in, payload=payload, expires_at=expires_at)  # fmt: skip
    return 1
