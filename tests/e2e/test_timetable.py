"""Issue 11: a school's bell schedule with A/B days, members' planning periods, a host picking a
period for their open door, and suggestions that put doors in a visitor's free time first."""

from bot.stage import VISITS_CHANNEL
from tests.people import (
    ADMIN,
    HOST,
    HOST2,
    TEACHER3,
    VISITOR,
    book,
    dms_saying,
    open_door,
    press,
    run_jobs,
    set_up,
)

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


def test_a_host_answering_a_request_offers_a_period_of_their_own_schedule(stage):
    set_up(stage)
    bells(stage)
    stage.send.command(VISITOR, "request")
    stage.settle()
    stage.send.submit(VISITOR, {"practices": ["Station rotation"], "grades": ["6"]})
    stage.settle()
    request_card = stage.slack.channel_messages(VISITS_CHANNEL)[-1]
    stage.send.click(HOST, "can_host", message=request_card)
    stage.settle()
    form = stage.slack.modal_stack(HOST)[-1]
    assert any(b.get("block_id") == "period" for b in form["blocks"])
    stage.send.submit(HOST, {"day": "2026-11-26", "period": "A day · Period 3", "room": "204"})
    assert "Thu Nov 26 is a B day" in stage.slack.modal_errors(HOST)["period"]
    stage.send.submit(HOST, {"day": "2026-11-26", "period": "B day · Period 2", "room": "204"})
    stage.settle()
    proposal = stage.slack.dms(VISITOR)[-1].plain()
    assert f"<@{HOST}> can host you" in proposal
    assert "|Thu Nov 26, 09:00>" in proposal and "|09:50>" in proposal, "period 2 on a B day"


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
    is sooner and fits as well, but Mr. Patel's in his planning period comes first. On
    Wednesday, an A day, 10:30 falls in A-day period 3, which he teaches."""
    set_up(stage)
    bells(stage)
    periods(stage, VISITOR, ["B day · Period 3"])
    open_door(stage, host=HOST, day="2026-11-24", start="09:00", end="09:50", grade="6")
    open_door(stage, host=HOST2, day="2026-11-24", start="10:30", end="11:15", grade="6")
    open_door(stage, host=TEACHER3, day="2026-11-25", start="10:30", end="11:00", grade="6")
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
    assert f"<@{TEACHER3}>" in doors[2] and "Needs cover" in doors[2]


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


def cover_list(stage, coordinator):
    (listed,) = dms_saying(stage, coordinator, "Cover for Tuesday Nov 24")
    return listed


def test_a_coverage_day_the_coordinator_answers_and_a_late_cancellation_updates(stage, frozen):
    """Mr. Chen teaches B-day periods 1, 2 and 4. His Tuesday period-2 visit needs cover: Ms.
    Nguyen, who coordinates cover, gets Tuesday's list at 13:00 on Monday. A second visit booked
    after that joins the list in place, with a notice, and leaves it when he cancels it. She
    can't cover the first: he is told and decides; nothing is cancelled for him."""
    set_up(stage, cover_coordinators=[TEACHER3])
    bells(stage)
    periods(stage, VISITOR, ["B day · Period 3"])
    book(stage, VISITOR, open_door(stage, host=HOST, day="2026-11-24", start="09:00", end="09:50"))
    book(stage, HOST2, open_door(stage, host=HOST, day="2026-11-24", start="10:30", end="11:15",
                                 room="205"))  # fmt: skip
    run_jobs(stage, frozen, "2026-11-23 17:59:00")  # 12:59 school time
    assert not dms_saying(stage, TEACHER3, "Cover for"), "not before the hour"
    stage.send.command(VISITOR, "mine")
    stage.settle()
    assert "Cover for your class: asked" in stage.slack.ephemerals(VISITOR)[-1].plain()
    run_jobs(stage, frozen, "2026-11-23 18:00:00")
    listed = cover_list(stage, TEACHER3)
    assert "*Period 2*" in listed.plain() and f"<@{VISITOR}>'s class" in listed.plain()
    assert f"<@{HOST2}>" not in listed.plain(), "a visitor with no timetable is not listed"
    late = open_door(stage, host=HOST2, day="2026-11-24", start="11:25", end="12:10", room="301")
    book(stage, VISITOR, late)
    run_jobs(stage, frozen, "2026-11-23 19:00:00")
    listed = cover_list(stage, TEACHER3)
    assert "*Period 4*" in listed.plain() and "2 visits take a teacher out" in listed.plain()
    assert len(dms_saying(stage, TEACHER3, "cover list for Tuesday Nov 24")) == 1
    visit_ids = [b["value"] for b in listed.buttons() if b["action_id"] == "cover_refused"]
    press(stage.send, VISITOR, "cancel_visit", value=f"{visit_ids[1]}:confirmed")
    stage.settle()
    run_jobs(stage, frozen, "2026-11-23 20:00:00")
    listed = cover_list(stage, TEACHER3)
    assert "*Period 4*" not in listed.plain() and "1 visit takes" in listed.plain()
    assert len(dms_saying(stage, TEACHER3, "cover list for Tuesday Nov 24")) == 2
    stage.send.click(TEACHER3, "cover_refused", message=listed, value=visit_ids[0])
    stage.settle()
    assert "Marked as not covered" in stage.slack.ephemerals(TEACHER3)[-1].plain()
    (told,) = dms_saying(stage, VISITOR, "Cover can't be arranged")
    assert [b["text"] for b in told.buttons()] == ["Cancel this visit"]
    stage.send.command(VISITOR, "mine")
    stage.settle()
    mine = stage.slack.ephemerals(VISITOR)[-1].plain()
    assert "can't be arranged" in mine and "Waiting" not in mine, "still booked, his to decide"
    assert "Can't be covered" in cover_list(stage, TEACHER3).plain(), "her list shows it at once"


def test_only_a_coordinator_answers_for_cover(stage, frozen):
    set_up(stage, cover_coordinators=[TEACHER3])
    bells(stage)
    periods(stage, VISITOR, ["B day · Period 3"])
    book(stage, VISITOR, open_door(stage, host=HOST, day="2026-11-24", start="09:00", end="09:50"))
    run_jobs(stage, frozen, "2026-11-23 18:00:00")
    listed = cover_list(stage, TEACHER3)
    visit_id = next(b["value"] for b in listed.buttons() if b["action_id"] == "cover_covered")
    press(stage.send, VISITOR, "cover_covered", value=visit_id)
    stage.settle()
    assert "Only the school's coverage coordinators" in stage.slack.ephemerals(VISITOR)[-1].plain()
