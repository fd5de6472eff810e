"""Steps of a team visit that its tests and others (PD hours) play: a planned morning of two stops,
each host answering, and the itinerary each person is shown."""

from tests.people import (
    ADMIN,
    HOST,
    HOST2,
    TEACHER3,
    VISITOR,
    dms_saying,
    set_up,
)

KIM = "U0KIM"
TEAM = [VISITOR, TEACHER3]
# Wednesday: two stops, then lunch. Monday 09:00 in New York is when every test starts.
PLAN = {
    "team": TEAM,
    "school": "Ranson Middle",
    "day": "2026-11-25",
    "stop1_host": HOST,
    "stop1_room": "204",
    "stop1_start": "09:00",
    "stop1_end": "09:40",
    "stop2_host": HOST2,
    "stop2_room": "118",
    "stop2_start": "09:50",
    "stop2_end": "10:30",
    "debrief_time": "11:30",
    "debrief_place": "Lunch in the library",
    "debrief_prompt": "Which station would work first in our rooms?",
    "options": "Teacher-led station\nExit tickets by station",
}
ASKED = "Could a team visit your class"
ITINERARY = "Team visit, Wed"


def plan(stage, planner=ADMIN, **changes):
    stage.send.command(planner, "team")
    stage.settle()
    reply = stage.send.submit(planner, PLAN | changes)
    assert reply.status == 200, reply.body
    stage.settle()
    return reply


def planned(stage, **changes):
    set_up(stage)
    stage.slack.add_user(KIM, "ms.kim")
    plan(stage, **changes)
    assert not stage.slack.modal_errors(ADMIN), stage.slack.modal_errors(ADMIN)


def answer(stage, host, action):
    (ask,) = dms_saying(stage, host, ASKED)
    reply = stage.send.click(host, action, message=ask)
    stage.settle()
    return reply


def itinerary(stage, person):
    (shown,) = dms_saying(stage, person, ITINERARY)
    return shown


def replace_stop_two(stage, host=KIM):
    (declined,) = dms_saying(stage, ADMIN, "can't host stop 2")
    stage.send.click(ADMIN, "team_replace", message=declined)
    stage.settle()
    stage.send.submit(ADMIN, {"stop_host": host, "stop_room": "112"})
    stage.settle()


def confirmed_route(stage):
    planned(stage)
    answer(stage, HOST, "team_stop_confirm")
    answer(stage, HOST2, "team_stop_confirm")
