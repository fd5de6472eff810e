"""Issue 12, export: `/visit export` gives a coach or leader their schools' records as CSV files
in a DM, through Slack's upload flow, and never what anyone wrote."""

from __future__ import annotations

import csv
import io

from tests.people import ADMIN, COACH, HOST, VISITOR, book, open_door, set_up


def rows(shared_file):
    return list(csv.reader(io.StringIO(shared_file.content)))


def export(stage, who=COACH):
    stage.send.command(who, "export")
    stage.settle()
    return stage.slack.ephemerals(who)[-1].plain()


def asked_for_a_visit(stage):
    stage.send.command(VISITOR, "request")
    stage.settle()
    stage.send.submit(VISITOR, {"practices": ["Number talks"], "notes": "My own private worry"})
    stage.settle()


def test_a_coach_gets_visits_open_doors_and_requests_as_csv_files_in_a_dm(stage):
    set_up(stage)
    posted = open_door(stage, room='=HYPERLINK("http://x.example")', details="Secret plan")
    book(stage, VISITOR, posted)
    asked_for_a_visit(stage)
    said = export(stage)
    assert "sent it to you in a direct message" in said
    visits, doors, requests = stage.slack.files(COACH)
    assert "Ranson Middle" in visits.comment and visits.filename == "visits-2026-11-23.csv"
    assert rows(visits) == [
        ["date", "school", "host", "visitor", "practices", "status"],
        ["2026-11-24 10:15", "Ranson Middle", "ms.rivera", "mr.chen", "Station rotation",
         "confirmed"],
    ]  # fmt: skip
    assert rows(doors)[1] == [
        "2026-11-24 10:15", "Ranson Middle", "ms.rivera", "'=HYPERLINK(\"http://x.example\")",
        "Station rotation", "2", "1", "open",
    ], "a cell that a spreadsheet would run as a formula starts with an apostrophe"  # fmt: skip
    assert rows(requests)[1][:3] == ["mr.chen", "Ranson Middle", "Number talks"]
    everything = "".join(f.content for f in (visits, doors, requests))
    assert "Secret plan" not in everything and "private worry" not in everything


def test_a_teacher_is_told_the_export_is_for_coaches_and_leaders(stage):
    set_up(stage)
    open_door(stage)
    assert "for coaches, school leaders and admins" in export(stage, who=HOST)
    assert not stage.slack.files(HOST)
    assert not stage.slack.calls("files.getUploadURLExternal")


def test_an_upload_slack_refuses_is_answered_plainly(stage):
    set_up(stage)
    stage.slack.fail_next("files.completeUploadExternal", "channel_not_found")
    said = export(stage, who=ADMIN)
    assert "couldn't send your file" in said and "try again" in said
    assert not stage.slack.files(ADMIN)
    assert export(stage, who=ADMIN).startswith("I've sent it"), "asking again works"
    assert len(stage.slack.files(ADMIN)) == 3
