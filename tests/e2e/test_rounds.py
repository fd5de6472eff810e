"""Coaching rounds: a coach opens a round in one modal (problem of practice, look-fors,
participants, a route of classrooms each confirmed by its host, the debrief), participants write
descriptive notes per look-for, and the debrief the coach steps through (describe, analyse,
predict, next level of work) shows the group's notes by look-for, never by author or classroom,
and ends with the agreed next step, the round's data picture for leaders and coaches, and the next
round on the same problem showing it."""

from sqlalchemy import inspect, select

from bot.models import GroupVisit, RoundNote, Team
from tests.e2e.test_bad_input import setting
from tests.people import (
    COACH,
    HOST,
    HOST2,
    TEACHER3,
    VISITOR,
    dms_saying,
    press,
    run_jobs,
    set_up,
)

LEAD = "U0LEAD"
KIM = "U0KIM"
PARTICIPANTS = [VISITOR, TEACHER3]
PROBLEM = "Students rarely explain their reasoning to a peer"
LOOK_FORS = ["Students explain their reasoning aloud", "Teacher questions that ask why"]
# Wednesday: two classrooms, then the debrief at 11:30 (16:30 UTC). Tests start Monday 09:00.
ROUND = {
    "problem": PROBLEM,
    "look_fors": "\n".join(LOOK_FORS),
    "participants": PARTICIPANTS,
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
    "debrief_place": "The coaching room",
}
ASKED = "Could a coaching round visit your class"
ITINERARY = "Coaching round, Wed"
DEBRIEF = "Debrief: the coaching round"
PICTURE = "its data picture"
NOTES = {
    VISITOR: ["Four of six pairs said 'because' when explaining", "Asked 'how do you know?' twice"],
    TEACHER3: ["One student restated a peer's idea", "Wait time after each why-question"],
}


def open_round(stage, coach=COACH, **changes):
    stage.send.command(coach, "round")
    stage.settle()
    reply = stage.send.submit(coach, ROUND | changes)
    assert reply.status == 200, reply.body
    stage.settle()


def opened(stage, **changes):
    stage.slack.add_user(LEAD, "ms.lead")
    set_up(stage, leaders=[LEAD])
    open_round(stage, **changes)
    assert not stage.slack.modal_errors(COACH), stage.slack.modal_errors(COACH)


def confirmed(stage):
    opened(stage)
    for host in (HOST, HOST2):
        (ask,) = dms_saying(stage, host, ASKED)
        stage.send.click(host, "team_stop_confirm", message=ask)
        stage.settle()


def write_notes(stage, person, notes, message=None):
    shown = message or dms_saying(stage, person, ITINERARY)[0]
    stage.send.click(person, "round_notes", message=shown)
    stage.settle()
    stage.send.submit(person, {f"look_for_{n}": text for n, text in enumerate(notes)})
    stage.settle()


def the_round(stage):
    with stage.services.session_factory() as session:
        return session.scalars(select(GroupVisit).order_by(GroupVisit.id)).all()[-1]


def debrief_of(stage, person):
    (shown,) = dms_saying(stage, person, DEBRIEF)
    return shown


def step(stage, to):
    stage.send.click(COACH, f"round_step:{to}", message=debrief_of(stage, COACH))
    stage.settle()


def through_the_debrief(stage, frozen, next_step="Every lesson opens with a turn-and-explain"):
    confirmed(stage)
    for person in PARTICIPANTS:
        write_notes(stage, person, NOTES[person])
    run_jobs(stage, frozen, "2026-11-25 16:30:00")
    for to in ("analyse", "predict", "next"):
        step(stage, to)
    stage.send.click(COACH, "round_next_step", message=debrief_of(stage, COACH))
    stage.settle()
    stage.send.submit(COACH, {"next_step": "   "})
    assert "next step the group agreed" in stage.slack.modal_errors(COACH)["next_step"]
    stage.send.submit(COACH, {"next_step": next_step})
    stage.settle()


def test_a_coach_opens_a_round_in_one_modal_and_each_host_is_asked_to_agree(stage):
    opened(stage)
    for host in (HOST, HOST2):
        (ask,) = dms_saying(stage, host, ASKED)
        assert [b["text"] for b in ask.buttons()] == ["Confirm", "Decline"]
        assert PROBLEM in ask.plain() and LOOK_FORS[0] in ask.plain()
    for person in PARTICIPANTS:
        shown = dms_saying(stage, person, ITINERARY)[0]
        assert "waiting for the host" in shown.plain() and LOOK_FORS[1] in shown.plain()
        assert [b["text"] for b in shown.buttons()] == ["Write notes"]
    assert [b["text"] for b in dms_saying(stage, COACH, ITINERARY)[0].buttons()] == ["Call it off"]
    (ask,) = dms_saying(stage, HOST, ASKED)
    stage.send.click(HOST, "team_stop_confirm", message=ask)
    stage.settle()
    assert "confirmed" in dms_saying(stage, VISITOR, ITINERARY)[0].plain()
    round_ = the_round(stage)
    assert (round_.kind, round_.problem, round_.look_fors) == ("round", PROBLEM, LOOK_FORS)


def test_notes_are_written_per_look_for_with_the_judging_word_hint(stage, frozen):
    confirmed(stage)
    run_jobs(stage, frozen, "2026-11-25 13:59:00")
    assert not dms_saying(stage, VISITOR, "write notes per look-for")
    run_jobs(stage, frozen, "2026-11-25 14:00:00")  # the first classroom, 09:00 school time
    (prompt,) = dms_saying(stage, VISITOR, "write notes per look-for")
    stage.send.click(VISITOR, "round_notes", message=prompt)
    stage.settle()
    labels = [b["label"]["text"] for b in stage.slack.modal_stack(VISITOR)[-1]["blocks"][1:]]
    assert labels == LOOK_FORS
    stage.send.submit(VISITOR, {"look_for_0": "Great discussion", "look_for_1": "Asked why"})
    stage.settle()
    hinted = stage.slack.modal_stack(VISITOR)[-1]
    assert "“great” judge rather than describe" in hinted["blocks"][1]["text"]["text"]
    with stage.services.session_factory() as session:
        assert session.scalars(select(RoundNote)).all() == []
    stage.send.submit(VISITOR, {"look_for_0": "Great discussion", "look_for_1": "Asked why"})
    stage.settle()
    with stage.services.session_factory() as session:
        notes = session.scalars(select(RoundNote).order_by(RoundNote.look_for)).all()
        assert [(note.look_for, note.text) for note in notes] == [
            (0, "Great discussion"),
            (1, "Asked why"),
        ]
    columns = {
        column["name"] for column in inspect(stage.services.engine).get_columns("round_notes")
    }
    assert not columns & {"stop_id", "host_id"}, "notes are kept with the look-for only"


def test_the_debrief_shows_the_groups_notes_by_look_for_with_no_names(stage, frozen):
    confirmed(stage)
    for person in PARTICIPANTS:
        write_notes(stage, person, NOTES[person])
    run_jobs(stage, frozen, "2026-11-25 16:29:00")
    assert not dms_saying(stage, VISITOR, DEBRIEF)
    run_jobs(stage, frozen, "2026-11-25 16:30:00")
    for person in [*PARTICIPANTS, COACH]:
        shown = debrief_of(stage, person).plain()
        first, second = shown.index(LOOK_FORS[0]), shown.index(LOOK_FORS[1])
        for person_notes in NOTES.values():
            assert first < shown.index(person_notes[0]) < second < shown.index(person_notes[1])
        for name in (VISITOR, TEACHER3, HOST, HOST2, "204", "118"):
            assert name not in shown, (name, shown)
        assert "Describe." in shown
    assert [b["text"] for b in debrief_of(stage, COACH).buttons()] == ["Next: Analyse"]
    assert not debrief_of(stage, VISITOR).buttons()


def test_the_coach_steps_the_debrief_and_everyones_message_follows(stage, frozen):
    through_the_debrief(stage, frozen)
    round_ = the_round(stage)
    assert (round_.debrief_step, round_.next_step) == (
        "done",
        "Every lesson opens with a turn-and-explain",
    )
    for person in [*PARTICIPANTS, COACH]:
        (shown,) = dms_saying(stage, person, DEBRIEF)
        assert "Next step agreed." in shown.plain()
        assert "Every lesson opens with a turn-and-explain" in shown.plain()
        assert not shown.buttons()
    press(stage.send, COACH, "round_next_step", value=str(round_.id))  # a late click
    stage.settle()
    assert "already recorded" in stage.slack.ephemerals(COACH)[-1].plain()
    press(stage.send, VISITOR, "round_notes", value=str(round_.id))
    stage.settle()
    assert "notes are closed" in stage.slack.ephemerals(VISITOR)[-1].plain()
    assert the_round(stage).next_step == "Every lesson opens with a turn-and-explain"


def test_each_step_shows_its_prompt_to_everyone(stage, frozen):
    confirmed(stage)
    run_jobs(stage, frozen, "2026-11-25 16:30:00")
    for to, prompt in (("analyse", "What patterns"), ("predict", "If you were a student")):
        step(stage, to)
        for person in [*PARTICIPANTS, COACH]:
            assert prompt in debrief_of(stage, person).plain(), (person, to)
    step(stage, "next")
    assert "next level of work" in debrief_of(stage, TEACHER3).plain()
    assert [b["text"] for b in debrief_of(stage, COACH).buttons()] == ["Record the next step"]


def test_the_data_picture_reaches_leaders_and_coaches_with_counts_and_no_names(stage, frozen):
    through_the_debrief(stage, frozen)
    for reader in (COACH, LEAD):
        (shown,) = dms_saying(stage, reader, PICTURE)
        text = shown.plain()
        assert f"{LOOK_FORS[0]}: 2 notes" in text and f"{LOOK_FORS[1]}: 2 notes" in text
        assert "2 classrooms visited, 2 participants" in text
        assert "Every lesson opens with a turn-and-explain" in text
        for hidden in (HOST, HOST2, VISITOR, TEACHER3, *NOTES[VISITOR], *NOTES[TEACHER3]):
            assert hidden not in text, (hidden, text)
    assert not dms_saying(stage, VISITOR, PICTURE) and not dms_saying(stage, HOST, PICTURE)


def test_the_next_round_on_the_problem_continues_the_last_and_shows_its_next_step(stage, frozen):
    through_the_debrief(stage, frozen)
    first = the_round(stage)
    stage.send.command(COACH, "round")
    stage.settle()
    modal = str(stage.slack.modal_stack(COACH)[-1])
    assert "Every lesson opens with a turn-and-explain" in modal
    label = f"Nov 25, 2026: {PROBLEM}"
    stage.send.submit(COACH, ROUND | {"day": "2026-12-02", "previous": label})
    stage.settle()
    assert not stage.slack.modal_errors(COACH), stage.slack.modal_errors(COACH)
    second = the_round(stage)
    assert second.id != first.id and second.previous_id == first.id
    (itinerary,) = dms_saying(stage, VISITOR, "Coaching round, Wednesday December 2")
    assert "Last round's next step" in itinerary.plain()
    assert "Every lesson opens with a turn-and-explain" in itinerary.plain()


def test_a_teacher_cannot_open_a_round(stage):
    set_up(stage)
    stage.send.command(VISITOR, "round")
    stage.settle()
    assert not stage.slack.modal_stack(VISITOR)
    said = stage.slack.ephemerals(VISITOR)[-1].plain()
    assert "Only coaches, leaders, admins and team leads can open a coaching round" in said


def test_only_participants_write_notes_and_only_the_coach_moves_the_debrief(stage, frozen):
    confirmed(stage)
    round_id = str(the_round(stage).id)
    press(stage.send, HOST2, "round_notes", value=round_id)
    stage.settle()
    assert not stage.slack.modal_stack(HOST2)
    assert "Only the round's participants" in stage.slack.ephemerals(HOST2)[-1].plain()
    run_jobs(stage, frozen, "2026-11-25 16:30:00")
    press(stage.send, VISITOR, "round_step:analyse", value=round_id, on=debrief_of(stage, VISITOR))
    stage.settle()
    assert "Only the round's coach" in stage.slack.ephemerals(VISITOR)[-1].plain()
    assert "Describe." in debrief_of(stage, TEACHER3).plain()
    old = debrief_of(stage, COACH)
    step(stage, "analyse")
    press(stage.send, COACH, "round_step:analyse", value=round_id, on=old)  # a repeated click
    stage.settle()
    assert "already at “Analyse”" in stage.slack.ephemerals(COACH)[-1].plain()
    assert the_round(stage).debrief_step == "analyse"


def test_bad_input_comes_back_as_field_errors_and_nothing_is_opened(stage):
    set_up(stage)
    open_round(stage, problem="  ", look_fors="Only one look-for", stop1_host=VISITOR)
    errors = stage.slack.modal_errors(COACH)
    assert "problem of practice" in errors["problem"]
    assert "2 to 4 look-fors" in errors["look_fors"]
    assert "can't also be a participant" in errors["stop1_host"]
    open_round(stage, look_fors="\n".join(["x" * 151, "why"]), stop2_start="09:30")
    errors = stage.slack.modal_errors(COACH)
    assert "under 150 characters" in errors["look_fors"]
    assert "one after another" in errors["stop2_start"]
    open_round(stage, look_fors="a\nb\nc\nd\ne")
    assert "2 to 4 look-fors" in stage.slack.modal_errors(COACH)["look_fors"]
    with stage.services.session_factory() as session:
        assert session.scalars(select(GroupVisit)).all() == []
    assert not dms_saying(stage, HOST, ASKED)


def test_notes_written_during_the_debrief_show_in_everyones_debrief(stage, frozen):
    confirmed(stage)
    run_jobs(stage, frozen, "2026-11-25 16:30:00")
    assert "No notes on this look-for" in debrief_of(stage, VISITOR).plain()
    write_notes(stage, TEACHER3, NOTES[TEACHER3])
    for person in [*PARTICIPANTS, COACH]:
        assert NOTES[TEACHER3][1] in debrief_of(stage, person).plain()


def test_a_round_called_off_tells_hosts_and_participants_and_owes_nothing_more(stage, frozen):
    confirmed(stage)
    stage.send.click(COACH, "team_cancel", message=dms_saying(stage, COACH, ITINERARY)[0])
    stage.settle()
    for person in (HOST, HOST2, *PARTICIPANTS):
        assert dms_saying(stage, person, "The coaching round Wednesday November 25"), person
    run_jobs(stage, frozen, "2026-11-25 16:30:00")
    for person in PARTICIPANTS:
        assert not dms_saying(stage, person, "write notes per look-for")
        assert not dms_saying(stage, person, DEBRIEF)


def _team_led_by(stage, lead, members, name="6th grade"):
    """A leader makes a team in `/visit teams`; returns its id."""
    stage.send.command(LEAD, "teams")
    stage.settle()
    stage.send.click(LEAD, "new_team", message=stage.slack.ephemerals(LEAD)[-1])
    stage.settle()
    stage.send.submit(LEAD, {"name": name, "kind": "grade_level", "lead": lead,
                                     "members": members})  # fmt: skip
    stage.settle()
    with stage.services.session_factory() as session:
        return session.scalar(select(Team.id).where(Team.name == name))


TEAM_ROUTE = {key: value for key, value in ROUND.items() if key != "participants"}


def test_a_team_lead_opens_a_round_for_the_whole_team_in_one_step(stage, frozen):
    """Ms. Nguyen, a teacher who leads the 6th-grade team, picks her team: its members take part,
    and she steps the debrief and gets the data picture, as a coach would."""
    set_up_with_lead(stage)
    team_id = _team_led_by(stage, TEACHER3, [VISITOR, KIM])
    stage.send.command(TEACHER3, "round")
    stage.settle()
    labels = [
        b.get("label", {}).get("text") for b in stage.slack.modal_stack(TEACHER3)[-1]["blocks"]
    ]
    assert "Team" in labels and "Others taking part" in labels
    stage.send.submit(TEACHER3, TEAM_ROUTE | {"team_id": str(team_id)})
    stage.settle()
    assert not stage.slack.modal_errors(TEACHER3), stage.slack.modal_errors(TEACHER3)
    for person in (VISITOR, KIM):
        (shown,) = dms_saying(stage, person, ITINERARY)
        assert [b["text"] for b in shown.buttons()] == ["Write notes"], person
    (mine,) = dms_saying(stage, TEACHER3, ITINERARY)
    assert [b["text"] for b in mine.buttons()] == ["Call it off"]
    assert the_round(stage).team_id == team_id


def test_a_team_lead_opens_rounds_only_for_their_own_team(stage):
    set_up_with_lead(stage)
    _team_led_by(stage, TEACHER3, [VISITOR])
    other = _team_led_by(stage, HOST2, [KIM], name="7th grade")
    stage.send.command(TEACHER3, "round")
    stage.settle()
    forged = setting("view", "state", "values", "team_id", "team_id", "selected_option", "value",
                     str(other))  # fmt: skip
    stage.send.submit(TEACHER3, TEAM_ROUTE, tamper=forged)
    assert stage.slack.modal_errors(TEACHER3).get("team_id") == "Pick one of the teams in the list."
    with stage.services.session_factory() as session:
        assert session.scalar(select(GroupVisit.id)) is None


def set_up_with_lead(stage):
    stage.slack.add_user(LEAD, "ms.lead")
    stage.slack.add_user(KIM, "ms.kim")
    set_up(stage, leaders=[LEAD])
