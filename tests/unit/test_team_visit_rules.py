"""A team visit's plan as a pure function of the school calendar, the timing and the clock."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.domain.calendar import SchoolCalendar
from bot.domain.team_visit_form import StopForm, TeamVisitForm, read_plan
from bot.domain.timing import DEFAULT_TIMING

DAYS = SchoolCalendar(
    ZoneInfo("America/New_York"), frozenset(range(5)), frozenset({date(2026, 11, 26)})
)
NOW = datetime(2026, 11, 23, 14, tzinfo=UTC)  # Monday 09:00 in New York


def form(**changes):
    base = TeamVisitForm(
        team=["U0CHEN", "U0NGUYEN"],
        school=1,
        day="2026-11-25",
        stops=[StopForm("U0RIVERA", "204", "09:00", "09:40"),
               StopForm("U0PATEL", "118", "09:50", "10:30"), StopForm()],
        debrief_time="11:30",
    )  # fmt: skip
    for key, value in changes.items():
        setattr(base, key, value)
    return base


def test_a_good_plan_has_its_stops_in_order_in_school_time():
    plan, errors = read_plan(form(), DAYS, DEFAULT_TIMING, NOW)
    assert errors == {} and plan is not None
    assert [stop.starts_at.hour for stop in plan.stops] == [14, 14]  # 09:00 and 09:50 EST
    assert plan.debrief_at == datetime(2026, 11, 25, 16, 30, tzinfo=UTC)


def test_one_stop_is_not_a_route():
    _, errors = read_plan(form(stops=[StopForm("U0RIVERA", "204", "09:00", "09:40")]), DAYS,
                          DEFAULT_TIMING, NOW)  # fmt: skip
    assert "stop2_host" in errors


def test_overlapping_stops_and_a_host_on_the_team_are_refused():
    stops = [
        StopForm("U0CHEN", "204", "09:00", "10:00"),
        StopForm("U0PATEL", "118", "09:30", "10:30"),
    ]
    _, errors = read_plan(form(stops=stops), DAYS, DEFAULT_TIMING, NOW)
    assert set(errors) == {"stop1_host", "stop2_start"}


def test_one_host_for_two_stops_is_refused():
    stops = [
        StopForm("U0RIVERA", "204", "09:00", "09:40"),
        StopForm("U0RIVERA", "205", "10:00", "10:30"),
    ]
    _, errors = read_plan(form(stops=stops), DAYS, DEFAULT_TIMING, NOW)
    assert set(errors) == {"stop2_host"}


def test_the_day_must_be_ahead_a_school_day_open_to_visits_and_within_two_years():
    for day, words in (("2026-11-20", "passed"), ("2026-11-28", "no visits"),
                       ("2026-11-26", "no visits"), ("2029-01-10", "two years")):  # fmt: skip
        _, errors = read_plan(form(day=day), DAYS, DEFAULT_TIMING, NOW)
        assert words in errors["day"], (day, errors)


def test_times_stay_in_school_hours_and_the_debrief_follows_the_route():
    stops = [
        StopForm("U0RIVERA", "204", "07:00", "07:40"),
        StopForm("U0PATEL", "118", "15:00", "16:30"),
    ]
    _, errors = read_plan(form(stops=stops, debrief_time="10:00"), DAYS, DEFAULT_TIMING, NOW)
    assert set(errors) == {"stop1_start", "stop2_end"}
    _, errors = read_plan(form(debrief_time="10:00"), DAYS, DEFAULT_TIMING, NOW)
    assert set(errors) == {"debrief_time"}


def test_poll_options_fit_on_a_button_and_are_few():
    _, errors = read_plan(form(options="x" * 76), DAYS, DEFAULT_TIMING, NOW)
    assert "options" in errors
    _, errors = read_plan(form(options="\n".join("abcdef")), DAYS, DEFAULT_TIMING, NOW)
    assert "options" in errors
    _, errors = read_plan(form(options="A\nA"), DAYS, DEFAULT_TIMING, NOW)
    assert "options" in errors
    plan, errors = read_plan(form(options="A\n\nB\n"), DAYS, DEFAULT_TIMING, NOW)
    assert plan is not None and plan.options == ["A", "B"]
