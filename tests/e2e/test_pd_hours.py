"""Issue 12, PD hours: completed visits count toward professional-development hours, at the
minutes setup gives each kind; a member sees and exports their own record, a leader their
school's, alphabetically, never ranked."""

from __future__ import annotations

import csv
import io

from tests.people import (
    ADMIN,
    COACH,
    HOST,
    HOST2,
    TEACHER3,
    VISITOR,
    book,
    dms_saying,
    open_door,
    run_jobs,
    set_up,
)


def hours(stage, who, words=""):
    stage.send.command(who, f"hours {words}".strip())
    stage.settle()
    return stage.slack.ephemerals(who)[-1]


def rows(shared_file):
    return list(csv.reader(io.StringIO(shared_file.content)))


def a_completed_visit(stage, frozen):
    """Chen visits Rivera on Tuesday and says on Friday's check that it happened."""
    book(stage, VISITOR, open_door(stage))
    run_jobs(stage, frozen, "2026-11-27 15:00:00")
    (check,) = dms_saying(stage, VISITOR, "happen? Plans change")
    stage.send.click(VISITOR, "visit_happened", message=check)
    stage.settle()


def test_a_member_sees_their_completed_visits_at_the_minutes_setup_gives(stage, frozen):
    set_up(stage, pd_visit="60")
    assert "Visits made: 0 × 60 min = 0 h" in hours(stage, VISITOR).plain(), "nothing yet"
    a_completed_visit(stage, frozen)
    mine = hours(stage, VISITOR).plain()
    assert "since Aug 1, 2026" in mine
    assert "Visits made: 1 × 60 min = 1 h" in mine and "Total: 1 h" in mine
    hosted = hours(stage, HOST).plain()
    assert "Visits hosted: 1 × 45 min = 0.75 h" in hosted and "Total: 0.75 h" in hosted
    assert "rank" in hosted and "nobody is ranked" in hosted


def test_export_csv_sends_the_members_own_record_as_a_file(stage, frozen):
    set_up(stage)
    a_completed_visit(stage, frozen)
    stage.send.click(VISITOR, "pd_hours_csv", message=hours(stage, VISITOR))
    stage.settle()
    (record,) = stage.slack.files(VISITOR)
    assert rows(record) == [
        ["kind", "completed", "minutes each", "hours"],
        ["Visits made", "1", "45", "0.75"],
        ["Visits hosted", "0", "45", "0"],
        ["Team visits", "0", "180", "0"],
        ["Coaching rounds", "0", "120", "0"],
        ["Total", "", "", "0.75"],
    ]
    hours(stage, VISITOR, "csv")
    assert len(stage.slack.files(VISITOR)) == 2, "/visit hours csv sends the same"


def test_a_leader_exports_the_school_alphabetically_and_a_teacher_cannot(stage, frozen):
    set_up(stage, leaders=[TEACHER3])
    a_completed_visit(stage, frozen)
    assert "leaders and admins" in hours(stage, HOST, "school").plain()
    assert not stage.slack.files(HOST)
    hours(stage, TEACHER3, "school")
    (school,) = stage.slack.files(TEACHER3)
    table = rows(school)
    assert table[0] == ["member", "visits made", "visits hosted", "team visits",
                        "coaching rounds", "total hours"]  # fmt: skip
    names = [row[0] for row in table[1:]]
    assert names == sorted(names, key=str.lower), "A to Z, never by hours"
    assert ["mr.chen", "1", "0", "0", "0", "0.75"] in table
    assert ["ms.rivera", "0", "1", "0", "0", "0.75"] in table
    assert {ADMIN, COACH}.isdisjoint(school.content), "names, not Slack ids"


def test_an_unknown_word_after_hours_says_how_to_use_it(stage):
    set_up(stage)
    assert "`/visit hours csv`" in hours(stage, VISITOR, "top").plain()


def test_a_schools_leaders_set_its_own_minutes_over_setups(stage):
    """Ranson's leader counts a visit made as an hour there; Lincoln keeps setup's 45 minutes."""
    set_up(stage, schools="Ranson Middle\nLincoln Elementary", leaders=[HOST2])
    for person, school in ((VISITOR, "Ranson Middle"), (HOST2, "Ranson Middle"),
                           (TEACHER3, "Lincoln Elementary")):  # fmt: skip
        stage.send.command(person, "profile")
        stage.settle()
        stage.send.submit(person, {"school": school})
        stage.settle()
    stage.send.command(HOST, "hours minutes")
    stage.settle()
    assert "set by its leaders and admins" in stage.slack.ephemerals(HOST)[-1].plain()
    stage.send.command(HOST2, "hours minutes lincoln")
    stage.settle()
    assert "set by its leaders and admins" in stage.slack.ephemerals(HOST2)[-1].plain()
    stage.send.command(HOST2, "hours minutes")
    stage.settle()
    assert "Ranson Middle" in str(stage.slack.modal_stack(HOST2)[-1])
    stage.send.submit(HOST2, {"pd_visit": "60"})
    stage.settle()
    saved = str(stage.slack.modal_stack(HOST2)[-1])
    assert "Saved Ranson Middle's PD minutes: visit made 60 min, visit hosted 45 min" in saved
    assert "Visits made: 0 × 60 min" in hours(stage, VISITOR).plain()
    assert "Visits hosted: 0 × 45 min" in hours(stage, VISITOR).plain(), "the rest as setup says"
    assert "Visits made: 0 × 45 min" in hours(stage, TEACHER3).plain(), "another school's own"
    stage.send.command(ADMIN, "hours minutes lincoln")
    stage.settle()
    assert "Lincoln Elementary" in str(stage.slack.modal_stack(ADMIN)[-1])


def test_a_team_visit_and_a_round_count_for_their_members_once_their_debrief_has_passed(
    stage, frozen
):
    """Wednesday's team visit and Thursday's coaching round, each with VISITOR and TEACHER3, count
    from their debriefs on, at setup's minutes; their hosts are not members and count none."""
    from tests import team_visit_steps as team_visits
    from tests.e2e import test_rounds as rounds

    team_visits.confirmed_route(stage)
    rounds.open_round(stage, day="2026-11-26")
    for host in (HOST, HOST2):
        (ask,) = dms_saying(stage, host, rounds.ASKED)
        stage.send.click(host, "team_stop_confirm", message=ask)
        # Each answer updates the round's itinerary in every DM it went to. With the team visit's
        # updates just before (20 in all), that passes Slack's burst, and the outbox keeps to 50
        # chat.update calls a minute, which can take longer than ten seconds.
        stage.settle(timeout=30)
    before = hours(stage, VISITOR).plain()
    assert "Team visits: 0 × 180 min" in before and "Coaching rounds: 0 × 120 min" in before

    run_jobs(stage, frozen, "2026-11-25 17:00:00")  # Wednesday, after the team's debrief
    assert "Team visits: 1 × 180 min = 3 h" in hours(stage, VISITOR).plain()
    assert "Coaching rounds: 0 × 120 min" in hours(stage, VISITOR).plain(), "not yet Thursday"

    run_jobs(stage, frozen, "2026-11-27 15:00:00")
    for member in (VISITOR, TEACHER3):
        record = hours(stage, member).plain()
        assert "Team visits: 1 × 180 min = 3 h" in record, record
        assert "Coaching rounds: 1 × 120 min = 2 h" in record, record
        assert "Total: 5 h" in record, record
    host = hours(stage, HOST).plain()
    assert "Team visits: 0" in host and "Coaching rounds: 0" in host
