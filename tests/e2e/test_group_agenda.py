"""Team visits and coaching rounds on each person's Home tab and in `/visit mine`: their part in
each (on the team, hosting a stop, planned it) and how far the hosts have answered, with a host's
Confirm and Decline working from Home as from the DM."""

from tests.e2e.test_rounds import open_round
from tests.people import ADMIN, COACH, HOST, HOST2, TEACHER3, VISITOR, dms_saying, run_jobs
from tests.team_visit_steps import ASKED, planned

SECTION = "Team visits and coaching rounds"


def home(stage, person):
    stage.send.open_home(person)
    stage.settle()
    return stage.slack.home(person) or {}


def home_text(stage, person):
    return str(home(stage, person))


def mine(stage, person):
    stage.send.command(person, "mine")
    stage.settle()
    return stage.slack.ephemerals(person)[-1].plain()


def test_each_person_sees_their_part_in_a_team_visit(stage):
    planned(stage)
    for person in (VISITOR, TEACHER3):
        shown = home_text(stage, person)
        assert SECTION in shown and "You're on the team." in shown, person
        assert "0 of 2 stops confirmed" in shown
    planner = mine(stage, ADMIN)
    assert "You planned it" in planner and "Team visit" in planner
    hosting = home_text(stage, HOST)
    assert "You host stop *1.*" in hosting and "waiting for the host" in hosting


def test_a_host_confirms_from_home_and_everyone_sees_it(stage):
    planned(stage)
    blocks = home(stage, HOST)["blocks"]
    buttons = [
        element
        for block in blocks
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"] == "team_stop_confirm"
    ]
    assert len(buttons) == 1
    stage.send.click(HOST, "team_stop_confirm", view=home(stage, HOST), value=buttons[0]["value"])
    stage.settle()
    assert "1 of 2 stops confirmed" in str(stage.slack.home(HOST))
    assert "team_stop_confirm" not in str(stage.slack.home(HOST)), "answered: no buttons"
    assert "confirmed" in dms_saying(stage, HOST, ASKED)[0].plain()
    assert "1 of 2 stops confirmed" in mine(stage, VISITOR)


def test_a_round_shows_to_its_participants_and_hosts_until_its_debrief(stage, frozen):
    from tests.people import set_up

    set_up(stage)
    open_round(stage)
    assert "You take part." in home_text(stage, VISITOR)
    assert "You host stop *2.*" in home_text(stage, HOST2)
    assert "Coaching round" in mine(stage, COACH)
    run_jobs(stage, frozen, "2026-11-25 16:31:00")  # the debrief has started
    assert SECTION not in home_text(stage, VISITOR)


def test_a_called_off_team_visit_leaves_everyones_home(stage):
    planned(stage)
    (shown,) = dms_saying(stage, ADMIN, "Team visit, Wed")
    stage.send.click(ADMIN, "team_cancel", message=shown)
    stage.settle()
    for person in (VISITOR, HOST, ADMIN):
        assert SECTION not in home_text(stage, person), person
