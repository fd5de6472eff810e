"""Issue 11: a school's bell schedule with A/B days, members' planning periods, a host picking a
period for their open door, and suggestions that put doors in a visitor's free time first."""

from bot.stage import VISITS_CHANNEL
from tests.people import ADMIN, HOST, HOST2, TEACHER3, VISITOR, open_door, set_up

A_DAY = "Period 1 08:00-08:50\nPeriod 2 09:00-09:50\nPeriod 3 10:15-11:00\nPeriod 4 11:10-12:00"
B_DAY = "Period 1 08:00-08:50\nPeriod 2 09:00-09:50\nPeriod 3 10:30-11:15\nPeriod 4 11:25-12:10"
AB_WEEK = {
    "day_type_0_name": "A day",
    "day_type_0_days": ["0", "2", "4"],  # Monday, Wednesday, Friday
    "day_type_0_periods": A_DAY,
    "day_type_1_name": "B day",
    "day_type_1_days": ["1", "3"],
    "day_type_1_periods": B_DAY,
}


def bells(stage, who=ADMIN, words="", **values):
    stage.send.command(who, f"bells {words}".strip())
    stage.settle()
    reply = stage.send.submit(who, AB_WEEK | values)
    stage.settle()
    return reply


def periods(stage, who, planning, teaching=()):
    stage.send.command(who, "profile")
    stage.settle()
    stage.send.submit(who, {"planning_periods": planning, "teaching_periods": list(teaching)})
    stage.settle()


def test_an_admin_enters_ab_days_and_a_host_picks_a_period_instead_of_times(stage):
    set_up(stage)
    bells(stage)
    saved = str(stage.slack.modal_stack(ADMIN)[-1])
    assert (
        "Saved Ranson Middle's bell schedule" in saved and "*B day* (Tue, Thu): 4 periods" in saved
    )
    stage.send.command(HOST, "offer")
    stage.settle()
    form = stage.slack.modal_stack(HOST)[-1]
    picker = next(b for b in form["blocks"] if b.get("block_id") == "period")
    assert [g["label"]["text"] for g in picker["element"]["option_groups"]] == ["A day", "B day"]
    stage.send.submit(HOST, {"day": "2026-11-25", "period": "B day · Period 3", "room": "204",
                             "practices": ["Station rotation"], "seats": "2"})  # fmt: skip
    assert "Wed Nov 25 is an A day" in stage.slack.modal_errors(HOST)["period"]
    stage.send.submit(HOST, {"day": "2026-11-24", "period": "B day · Period 3"})
    stage.settle()
    card = stage.slack.channel_messages(VISITS_CHANNEL)[-1]
    assert "|Tue Nov 24, 10:30>" in card.plain() and "|11:15>" in card.plain()


def test_re_entering_the_schedule_keeps_every_door_and_visit_as_booked(stage):
    set_up(stage)
    bells(stage)
    door = open_door(stage, day="2026-11-24", start="10:30", end="11:15")
    bells(stage, day_type_1_periods=B_DAY.replace("10:30-11:15", "10:20-11:05"))
    stage.send.command(VISITOR, "list")
    stage.settle()
    listed = stage.slack.ephemerals(VISITOR)[-1].plain()
    assert "|Tue Nov 24, 10:30>" in listed
    assert door.plain().count("10:30") == listed.count("10:30")


def test_only_leaders_and_admins_keep_the_bell_schedule_and_bad_lines_are_field_errors(stage):
    set_up(stage, leaders=[HOST2])
    stage.send.command(HOST, "bells")
    stage.settle()
    assert "Only a school leader or an admin" in stage.slack.ephemerals(HOST)[-1].plain()
    stage.send.command(HOST2, "bells")
    stage.settle()
    stage.send.submit(HOST2, AB_WEEK | {"day_type_1_periods": "Period 1 08:00-08:50\nLunch"})
    assert "Line 2" in stage.slack.modal_errors(HOST2)["day_type_1_periods"]
    stage.send.submit(HOST2, AB_WEEK | {"day_type_1_days": ["0", "1"]})
    assert "A day already runs" in stage.slack.modal_errors(HOST2)["day_type_1_days"]
    stage.send.submit(HOST2, AB_WEEK | {"day_type_0_periods": "Period 1 09:00-08:00"})
    assert "should end after it starts" in stage.slack.modal_errors(HOST2)["day_type_0_periods"]
    stage.send.submit(HOST2, AB_WEEK)
    stage.settle()
    assert "Saved" in str(stage.slack.modal_stack(HOST2)[-1])


def test_doors_in_a_visitors_planning_period_come_first_and_others_say_they_need_cover(stage):
    """Mr. Chen plans in B-day period 3 and teaches the rest: Ms. Rivera's door in his period 2
    is sooner and fits as well, but Mr. Patel's in his planning period comes first."""
    set_up(stage)
    bells(stage)
    periods(stage, VISITOR, ["B day · Period 3"])
    open_door(stage, host=HOST, day="2026-11-24", start="09:00", end="09:50", grade="6")
    open_door(stage, host=HOST2, day="2026-11-24", start="10:30", end="11:15", grade="6")
    stage.send.command(VISITOR, "request")
    stage.settle()
    stage.send.submit(VISITOR, {"practices": ["Station rotation"], "grades": ["6"]})
    stage.settle()
    doors = [
        str(block["text"]["text"])
        for block in stage.slack.modal_stack(VISITOR)[-1]["blocks"]
        if block["type"] == "section" and "Host:" in str(block["text"]["text"])
    ]
    assert f"<@{HOST2}>" in doors[0] and "During your planning period" in doors[0]
    assert f"<@{HOST}>" in doors[1] and "Needs cover: you teach then" in doors[1]


def test_a_teacher_without_periods_marked_sees_no_timetable_marks(stage):
    set_up(stage)
    bells(stage)
    periods(stage, TEACHER3, [])
    open_door(stage, host=HOST, day="2026-11-24", start="09:00", end="09:50", grade="6")
    stage.send.command(TEACHER3, "request")
    stage.settle()
    stage.send.submit(TEACHER3, {"practices": ["Station rotation"]})
    stage.settle()
    shown = str(stage.slack.modal_stack(TEACHER3)[-1])
    assert "Host:" in shown and "planning period" not in shown and "Needs cover" not in shown
