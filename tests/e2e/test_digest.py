"""Flow 7: the coaches' and leaders' weekly digest: who visited whom, what practices spread, what
nobody answered, and participation as counts, never a ranking."""

from tests.people import (
    COACH,
    HOST,
    HOST2,
    TEACHER3,
    VISITOR,
    book,
    dms_saying,
    open_door,
    profile,
    run_jobs,
    set_up,
)


def test_the_weekly_digest_reaches_coaches_on_the_configured_day_and_hour(stage, frozen):
    set_up(stage, digest_weekday="4", digest_hour="14")
    profile(stage, TEACHER3, ["Number talks"])
    book(stage, VISITOR, open_door(stage))
    open_door(stage, host=HOST2, day="2026-11-25", practices=["Number talks"])
    run_jobs(stage, frozen, "2026-11-24 16:30:00")
    (message,) = dms_saying(stage, VISITOR, "How was your visit")
    stage.send.click(VISITOR, "open_reflection", message=message)
    stage.settle()
    stage.send.submit(VISITOR, {"noticed": "Students rotated on a timer.", "share": ["share"]})
    stage.settle()
    run_jobs(stage, frozen, "2026-11-27 18:59:00")  # Friday 13:59
    assert not dms_saying(stage, COACH, "Your week in visits")
    run_jobs(stage, frozen, "2026-11-27 19:00:00")  # Friday 14:00
    (digest,) = dms_saying(stage, COACH, "Your week in visits")
    text = digest.plain()
    assert "*Completed*\n1" in text
    assert "Station rotation: 1 visit" in text
    assert "rotated on a timer" in text, "a shared reflection appears"
    assert f"<@{TEACHER3}>" in text and "not yet" in text
    assert "score" not in text.lower().replace("no scores", "")
    run_jobs(stage, frozen, "2026-11-27 20:00:00")
    assert len(dms_saying(stage, COACH, "Your week in visits")) == 1


def test_digest_on_demand_is_for_coaches_and_leaders_only(stage):
    set_up(stage)
    stage.send.command(VISITOR, "digest")
    stage.settle()
    assert "for coaches and school leaders" in stage.slack.ephemerals(VISITOR)[-1].plain()
    stage.send.command(COACH, "digest")
    stage.settle()
    assert "Your week in visits" in stage.slack.ephemerals(COACH)[-1].plain()


def test_a_coach_shares_an_empty_open_door_again_from_the_digest(stage, frozen):
    from bot.stage import VISITS_CHANNEL

    set_up(stage)
    posted = open_door(stage, host=HOST2, day="2026-11-25", practices=["Number talks"])
    stage.send.command(COACH, "digest")
    stage.settle()
    digest = stage.slack.ephemerals(COACH)[-1]
    assert "Empty seats" in digest.plain()
    stage.send.click(COACH, "share_door", message=digest)
    stage.settle()
    (shared,) = stage.slack.thread(VISITS_CHANNEL, posted.ts)[1:]
    assert "Seats are still open" in shared.plain() and shared.buttons()[0]["action_id"] == "book"
    stage.send.click(VISITOR, "share_door", message=digest)
    stage.settle()
    assert "Only coaches" in stage.slack.ephemerals(VISITOR)[-1].plain()


def test_a_coach_back_from_leave_gets_the_digest_again(stage, frozen):
    set_up(stage)
    stage.slack.set_user_deleted(COACH, True)
    run_jobs(stage, frozen, "2026-11-27 19:00:00")
    stage.slack.set_user_deleted(COACH, False)
    stage.send.command(COACH, "digest")
    stage.settle()
    run_jobs(stage, frozen, "2026-12-04 19:00:00")
    assert dms_saying(stage, COACH, "Your week in visits")


def test_leaders_see_participation_counts_but_not_the_names_of_who_has_not_yet(stage, frozen):
    set_up(stage, coaches=[], leaders=[TEACHER3])
    stage.send.command(HOST, "profile")
    stage.settle()
    stage.send.submit(HOST, {"grades": ["6"]})
    stage.settle()
    stage.send.command(TEACHER3, "digest")
    stage.settle()
    digest = stage.slack.ephemerals(TEACHER3)[-1].plain()
    assert "Participation" in digest and "not yet visiting" not in digest


def test_the_digest_says_when_visitors_are_asked_whether_a_visit_happened(stage, frozen):
    set_up(stage)
    book(stage, VISITOR, open_door(stage))

    def unconfirmed_line():
        stage.send.command(COACH, "digest")
        stage.settle()
        (line,) = [
            line for line in stage.slack.ephemerals(COACH)[-1].plain().splitlines()
            if "not yet confirmed" in line
        ]  # fmt: skip
        return line

    run_jobs(stage, frozen, "2026-11-25 14:00:00")  # Wednesday, the day after the visit
    assert "I'll ask the visitor on Fri Nov 27" in unconfirmed_line()
    run_jobs(stage, frozen, "2026-11-27 16:00:00")  # Friday, after the check went out
    assert "I asked the visitor on Fri Nov 27" in unconfirmed_line()


def reflect(stage, who, noticed, **more):
    (message,) = dms_saying(stage, who, "How was your visit")
    stage.send.click(who, "open_reflection", message=message)
    stage.settle()
    stage.send.submit(who, {"noticed": noticed, **more})
    stage.settle()


def test_the_digest_counts_practices_tried_after_a_visit_naming_only_who_shared(stage, frozen):
    set_up(stage)
    posted = open_door(stage)
    book(stage, VISITOR, posted)
    book(stage, TEACHER3, posted)
    run_jobs(stage, frozen, "2026-11-24 16:10:00")
    reflect(stage, VISITOR, "Students rotated on a timer.", share=["share"])
    reflect(stage, TEACHER3, "Students rotated on a timer.")
    run_jobs(stage, frozen, "2026-12-08 15:00:00")
    for who in (VISITOR, TEACHER3):
        (follow_up,) = dms_saying(stage, who, "Did you try it?")
        stage.send.click(who, "follow_up_answer:tried", message=follow_up)
        stage.settle()
    stage.send.command(COACH, "digest")
    stage.settle()
    text = stage.slack.ephemerals(COACH)[-1].plain()
    assert "Practices tried after a visit" in text
    (tried,) = [line for line in text.splitlines() if line.startswith("• Station rotation: tried")]
    assert "tried 2 times" in tried
    assert f"<@{VISITOR}>" in tried, "who shared their reflection is named"
    assert f"<@{TEACHER3}>" not in tried, "who kept it private is only counted"


def join_school(stage, who, school):
    stage.send.command(who, "profile")
    stage.settle()
    picker = next(
        b for b in stage.slack.modal_stack(who)[-1]["blocks"] if b.get("block_id") == "school"
    )
    (option,) = [o for o in picker["element"]["options"] if o["text"]["text"] == school]
    stage.send.submit(who, {"school": option["value"]})
    stage.settle()


def test_a_district_coach_gets_each_school_with_totals(stage, frozen):
    set_up(stage, schools="Ranson Middle\nFeeder Elementary")
    for who, school in ((HOST, "Ranson Middle"), (VISITOR, "Ranson Middle"),
                        (HOST2, "Feeder Elementary"), (TEACHER3, "Feeder Elementary")):  # fmt: skip
        join_school(stage, who, school)
    book(stage, VISITOR, open_door(stage))
    book(stage, TEACHER3, open_door(stage, host=HOST2, day="2026-11-26"))
    run_jobs(stage, frozen, "2026-11-24 16:10:00")
    reflect(stage, VISITOR, "Students rotated on a timer.")
    stage.send.command(COACH, "digest")
    stage.settle()
    text = stage.slack.ephemerals(COACH)[-1].plain()
    assert "*By school*" in text
    assert "• Feeder Elementary: 0 completed, 1 coming, 0% of 2 teachers took part" in text
    assert "• Ranson Middle: 1 completed, 0 coming, 100% of 2 teachers took part" in text
    assert "*All schools:* 1 completed, 1 coming, 50% of 4 teachers took part" in text
    assert text.index("Feeder Elementary:") < text.index("Ranson Middle:"), "alphabetical"


def test_a_schools_participation_counts_its_own_teachers_wherever_they_visited(stage, frozen):
    set_up(stage, schools="Ranson Middle\nFeeder Elementary")
    for who, school in ((HOST, "Ranson Middle"), (TEACHER3, "Ranson Middle"),
                        (COACH, "Ranson Middle"), (VISITOR, "Feeder Elementary")):  # fmt: skip
        join_school(stage, who, school)
    book(stage, VISITOR, open_door(stage))  # a Feeder teacher visits a Ranson classroom
    run_jobs(stage, frozen, "2026-11-24 16:10:00")
    stage.send.command(COACH, "digest")
    stage.settle()
    text = stage.slack.ephemerals(COACH)[-1].plain()
    assert "(50% of 2 teachers)" in text, "Ranson's host took part; Feeder's visitor isn't Ranson's"
    assert "*Visited:* nobody yet" in text and f"*Hosted:* <@{HOST}>" in text
    assert f"not yet visiting or hosting: <@{TEACHER3}>" in text


def test_the_digest_shows_how_visits_spread_as_counts_never_names(stage, frozen):
    """Four hosts, seven visits, four of them in one classroom: the share of the busiest three
    is a number, with a gentle note; no host is named or put in order."""
    set_up(stage)
    visitors = [f"U0V{n}" for n in range(7)]
    for person in visitors:
        stage.slack.add_user(person, person.lower())
    busy = open_door(stage, host=HOST, seats="4")
    for person in visitors[:4]:
        book(stage, person, busy)
    for host, person in zip((HOST2, TEACHER3, VISITOR), visitors[4:], strict=True):
        book(stage, person, open_door(stage, host=host, seats="1"))
    run_jobs(stage, frozen, "2026-11-27 19:00:00")  # Friday 14:00
    (digest,) = dms_saying(stage, COACH, "Your week in visits")
    text = digest.plain()
    line = text.split("*How visits spread, last four weeks:*", 1)[1].split("\n", 1)[0]
    assert line == " 4 teachers hosted 7 visits; the three busiest classrooms had 86% of them."
    assert "Most visits go to a few classrooms" in text
    for host in (HOST, HOST2, TEACHER3, VISITOR):
        assert host not in line


def test_the_digest_lists_practices_asked_for_that_no_open_door_shows(stage, frozen):
    from tests.e2e.test_requests import ask

    set_up(stage)
    open_door(stage, host=HOST, practices=["Station rotation"])
    open_door(stage, host=HOST2, practices=["Number talks"])
    stage.send.command(HOST2, "mine")
    stage.settle()
    stage.send.click(HOST2, "cancel_offer", message=stage.slack.ephemerals(HOST2)[-1])
    stage.settle()
    ask(stage, who=VISITOR, practices=["Data conferences", "Station rotation"])
    ask(stage, who=TEACHER3, practices=["Data conferences", "Number talks"])
    stage.send.command(COACH, "digest")
    stage.settle()
    text = stage.slack.ephemerals(COACH)[-1].plain()
    listed = text.split("*Asked for, with no open door coming*", 1)[1]
    assert "• Data conferences: 2 requests · nobody has hosted it yet" in listed
    assert "• Number talks: 1 request · hosted before, no door coming" in listed
    assert "Station rotation" not in listed.split("_Someone", 1)[0], "a door is coming"
    for person in (VISITOR, TEACHER3, HOST2):
        assert person not in listed.split("_Someone", 1)[0], "no requester or host is named"
