"""What a booking plans, as a table: reminders, prompts, the check and the follow-up, in school
time, across weekends, no-visit dates, long closures and a DST change."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.calendar import SchoolCalendar
from bot.domain.followups import plan_visit
from bot.domain.timing import DEFAULT_TIMING, Timing
from bot.vocabulary import NotificationKind as K

NEW_YORK = ZoneInfo("America/New_York")
WEEKDAYS = frozenset(range(5))


def school(*closed: date, zone: ZoneInfo = NEW_YORK) -> SchoolCalendar:
    return SchoolCalendar(zone, WEEKDAYS, frozenset(closed))


def local(text: str, zone: ZoneInfo = NEW_YORK) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone).astimezone(UTC)


def planned(days: SchoolCalendar, starts: str, minutes: int = 45) -> dict[K, datetime]:
    start = local(starts, days.zone)
    plan = plan_visit(days, DEFAULT_TIMING, start, start + timedelta(minutes=minutes))
    return {item.kind: item.due.astimezone(days.zone).replace(tzinfo=None) for item in plan}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.mark.parametrize(
    ("case", "closed", "starts", "kind", "due"),
    [
        ("a Tuesday visit: the day before at 15:00", (), "2026-11-24 10:15", K.REMINDER_DAY_BEFORE, "2026-11-23 15:00"),
        ("the host hears then too", (), "2026-11-24 10:15", K.HOST_REMINDER_DAY_BEFORE, "2026-11-23 15:00"),
        ("an hour before", (), "2026-11-24 10:15", K.REMINDER_HOUR_BEFORE, "2026-11-24 09:15"),
        ("reflect ten minutes after it ends", (), "2026-11-24 10:15", K.REFLECTION_PROMPT, "2026-11-24 11:10"),
        ("the host's prompt at the same time", (), "2026-11-24 10:15", K.HOST_PROMPT, "2026-11-24 11:10"),
        ("a reflection reminder 48 hours on", (), "2026-11-24 10:15", K.REFLECTION_REMINDER, "2026-11-26 11:10"),
        ("the check three days on, mid-morning", (), "2026-11-24 10:15", K.VISIT_CHECK, "2026-11-27 10:00"),
        ("the follow-up two weeks on", (), "2026-11-24 10:15", K.FOLLOW_UP, "2026-12-08 10:00"),
        ("a Monday visit: reminded on Friday", (), "2026-11-30 10:15", K.REMINDER_DAY_BEFORE, "2026-11-27 15:00"),
        ("Friday closed: reminded on Thursday", (date(2026, 11, 27),), "2026-11-30 10:15", K.REMINDER_DAY_BEFORE, "2026-11-26 15:00"),
        ("a check due on a Saturday moves to Monday", (), "2026-11-25 10:15", K.VISIT_CHECK, "2026-11-30 10:00"),
        ("a check due on a closed day moves on", (date(2026, 11, 27),), "2026-11-24 10:15", K.VISIT_CHECK, "2026-11-30 10:00"),
        ("across the November DST change, still 15:00 school time", (), "2026-11-02 10:15", K.REMINDER_DAY_BEFORE, "2026-10-30 15:00"),
        ("a reflection reminder due on a Saturday moves to Monday mid-morning", (), "2026-11-26 10:15", K.REFLECTION_REMINDER, "2026-11-30 10:00"),
        ("one due after school hours moves to the next school morning", (), "2026-11-24 15:15", K.REFLECTION_REMINDER, "2026-11-27 10:00"),
        ("one due on a no-visit date moves to the next school day", (date(2026, 11, 26),), "2026-11-24 10:15", K.REFLECTION_REMINDER, "2026-11-27 10:00"),
    ],
)  # fmt: skip
def test_the_plan(case: str, closed: tuple[date, ...], starts: str, kind: K, due: str) -> None:
    assert planned(school(*closed), starts)[kind] == at(due), case


def test_after_a_long_closure_the_day_before_reminder_goes_that_morning() -> None:
    summer = [date(2026, 6, 20) + timedelta(days=n) for n in range(73)]  # to Aug 31
    plan = planned(school(*summer), "2026-09-01 10:15")  # a Tuesday, the first day back
    assert plan[K.REMINDER_DAY_BEFORE] == at("2026-09-01 08:00")


def test_a_visit_kept_on_a_closed_day_has_only_the_hour_before_reminder() -> None:
    plan = planned(
        school(date(2026, 11, 24), *[date(2026, 11, 17) + timedelta(days=n) for n in range(7)]),
        "2026-11-24 10:15",
    )
    assert K.REMINDER_DAY_BEFORE not in plan
    assert plan[K.REMINDER_HOUR_BEFORE] == at("2026-11-24 09:15")


def test_an_early_visit_gets_no_morning_reminder_after_its_hour_before_one() -> None:
    week_closed = [date(2026, 11, 16) + timedelta(days=n) for n in range(8)]
    plan = planned(school(*week_closed), "2026-11-24 08:30")
    assert K.REMINDER_DAY_BEFORE not in plan


def test_school_time_is_the_schools_own_zone() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    plan = planned(school(zone=tokyo), "2026-11-24 10:15")
    assert plan[K.REMINDER_DAY_BEFORE] == at("2026-11-23 15:00")


def test_every_message_is_for_the_visitor_or_the_host_once() -> None:
    start = local("2026-11-24 10:15")
    plan = plan_visit(school(), DEFAULT_TIMING, start, start + timedelta(minutes=45))
    assert len({item.kind for item in plan}) == len(plan) == 9
    reminders = [item for item in plan if item.expires is not None]
    assert all(item.expires > item.due for item in reminders)


def test_what_follows_a_visit_goes_stale_a_week_after_it_was_due() -> None:
    start = local("2026-11-24 10:15")
    plan = plan_visit(school(), DEFAULT_TIMING, start, start + timedelta(minutes=45))
    after = [item for item in plan if item.due > start]
    assert {item.kind for item in after} == {
        K.REFLECTION_PROMPT, K.HOST_PROMPT, K.REFLECTION_REMINDER, K.VISIT_CHECK, K.FOLLOW_UP
    }  # fmt: skip
    assert all(item.expires == item.due + timedelta(days=7) for item in after)


def test_later_messages_keep_to_short_school_hours() -> None:
    short = Timing(school_day_start_hour=8, school_day_end_hour=9)
    start = local("2026-11-24 08:15")
    plan = plan_visit(school(), short, start, start + timedelta(minutes=30))
    later = {item.kind: item.due.astimezone(NEW_YORK) for item in plan}
    assert later[K.VISIT_CHECK].replace(tzinfo=None) == at("2026-11-27 08:00")
    assert later[K.REFLECTION_REMINDER].replace(tzinfo=None) == at("2026-11-26 08:55")
