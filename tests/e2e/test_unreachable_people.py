"""A DM Slack won't deliver is a question, not an answer: only a person who has left loses visits.

A host with two open doors and four visitors; one DM to the host fails. The bot asks Slack
(users.info) whether the host is still there, and only a deactivated or unknown person's visits
are released, the other side told kindly and the admins told.
"""

from sqlalchemy import select

from bot.domain.outbox import owe
from bot.models import Member, Notification, Offer, School, Visit
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
    school,
    set_up,
)

LEE, KIM, ADAMS = "U0LEE", "U0KIM", "U0ADAMS"


def two_doors_four_visitors(stage):
    """The host's two open doors, three seats each, with two visitors on each; returns the
    first door's card."""
    for person, name in ((LEE, "ms.lee"), (KIM, "mr.kim"), (ADAMS, "ms.adams")):
        stage.slack.add_user(person, name)
    set_up(stage)
    first = open_door(stage, seats="3")
    second = open_door(stage, day="2026-11-25", seats="3")
    for visitor, door in ((VISITOR, first), (HOST2, first), (TEACHER3, second), (LEE, second)):
        book(stage, visitor, door)
    return first


def statuses(stage):
    with stage.services.session_factory() as session:
        doors = sorted(session.scalars(select(Offer.status)))
        visits = sorted(session.scalars(select(Visit.status)))
        return doors, visits


def mark_of(stage, person):
    with stage.services.session_factory() as session:
        return session.scalars(
            select(Member.undeliverable).where(Member.slack_user_id == person)
        ).one()


def users_info_asked(stage, person):
    return [call for call in stage.slack.calls("users.info") if call.args.get("user") == person]


def test_one_undeliverable_dm_cancels_nothing_and_is_tried_again(stage, frozen):
    first = two_doors_four_visitors(stage)
    # The new "is coming" DM and the updates of the door's two others (their seats line)
    stage.slack.refuse_recipient(HOST, "channel_not_found", times=3)
    book(stage, KIM, first)
    assert statuses(stage) == (["open", "open"], ["confirmed"] * 5)
    assert users_info_asked(stage, HOST), "the bot asked Slack whether the host is still there"
    for person in (VISITOR, HOST2, TEACHER3, LEE, KIM):
        assert not dms_saying(stage, person, "is off"), person
    assert not dms_saying(stage, ADMIN, "left"), "nobody left, so the admins hear nothing"
    run_jobs(stage, frozen, "2026-11-23 14:01:00")
    assert dms_saying(stage, HOST, f"<@{KIM}> is coming"), "the DM went out on its second try"
    assert mark_of(stage, HOST) == "", "a DM that went out shows the host can be reached"


def test_a_dm_that_keeps_failing_is_tried_five_times_then_reported_in_the_digest(stage, frozen):
    first = two_doors_four_visitors(stage)
    stage.slack.refuse_recipient(HOST, "channel_not_found")
    book(stage, KIM, first)
    for minute in ("01", "03", "06", "11", "20"):  # tries at 30 s, 1, 2 and 4 minutes' backoff
        run_jobs(stage, frozen, f"2026-11-23 14:{minute}:00")
    with stage.services.session_factory() as session:
        failed = session.scalars(
            select(Notification).where(Notification.state == "failed").order_by(Notification.id)
        ).all()
    assert [(n.kind, n.recipient, n.attempts) for n in failed] == [
        ("visitor_coming", HOST, 5),
        ("dm_refresh", HOST, 5),  # the door's two other "is coming" DMs, showing its seats
        ("dm_refresh", HOST, 5),
    ]
    assert statuses(stage) == (["open", "open"], ["confirmed"] * 5), "still nothing cancelled"
    stage.send.command(ADMIN, "digest")
    stage.settle()
    assert f"couldn't be delivered this week (to <@{HOST}>)" in (
        stage.slack.ephemerals(ADMIN)[-1].plain()
    )


def test_a_deactivated_host_s_visits_are_released_kindly_and_the_admins_told(stage, frozen):
    first = two_doors_four_visitors(stage)
    stage.slack.set_user_deleted(HOST)
    book(stage, KIM, first)
    assert statuses(stage) == (["cancelled", "cancelled"], ["cancelled"] * 5)
    for person in (VISITOR, HOST2, TEACHER3, LEE, KIM):
        (told,) = dms_saying(stage, person, "is off")
        assert "is no longer in this Slack workspace" in told.plain(), person
    (notice,) = dms_saying(stage, ADMIN, "has left")
    assert f"<@{HOST}>" in notice.plain()
    with stage.services.session_factory() as session:
        stored = session.scalars(
            select(Notification.payload).where(Notification.kind == "admin_notice")
        ).one()
    assert stored == {"about": "member_left", "member": HOST, "why": "deactivated"}, (
        "the domain stores facts; the view writes the words and the markup"
    )
    assert mark_of(stage, HOST) == "left:deactivated"


def test_someone_slack_no_longer_knows_has_left_too(stage, frozen):
    first = two_doors_four_visitors(stage)
    stage.slack.refuse_recipient(HOST, "user_not_found")
    stage.slack.fail_next("users.info", "user_not_found", when=lambda a: a.get("user") == HOST)
    book(stage, KIM, first)
    assert statuses(stage) == (["cancelled", "cancelled"], ["cancelled"] * 5)
    assert dms_saying(stage, ADMIN, "has left")
    assert mark_of(stage, HOST) == "left:user_not_found"


def test_when_users_info_fails_nothing_is_cancelled_and_slack_is_asked_again(stage, frozen):
    first = two_doors_four_visitors(stage)
    stage.slack.set_user_deleted(HOST)
    stage.slack.fail_next("users.info", "internal_error", status=500, times=1)
    book(stage, KIM, first)
    assert len(users_info_asked(stage, HOST)) == 1
    assert statuses(stage) == (["open", "open"], ["confirmed"] * 5)
    assert not dms_saying(stage, VISITOR, "is off")
    run_jobs(stage, frozen, "2026-11-23 14:01:00")
    assert len(users_info_asked(stage, HOST)) == 2
    assert statuses(stage) == (["cancelled", "cancelled"], ["cancelled"] * 5)


def test_a_person_who_acts_again_gets_new_messages(stage, frozen):
    first = two_doors_four_visitors(stage)
    stage.slack.refuse_recipient(HOST, "channel_not_found")
    book(stage, KIM, first)
    assert mark_of(stage, HOST) == "channel_not_found"
    stage.slack.refuse_recipient(HOST, None)
    stage.send.command(HOST, "mine")
    stage.settle()
    assert mark_of(stage, HOST) == ""
    mine = stage.slack.ephemerals(HOST)[-1].plain()
    assert "Full" in mine and "1 of 3 seats left" in mine, "both open doors still stand"
    book(stage, ADAMS, open_door(stage, day="2026-11-30"))
    assert dms_saying(stage, HOST, f"<@{ADAMS}> is coming"), "new messages reach the host at once"


def test_a_person_who_left_and_came_back_gets_new_messages(stage, frozen):
    two_doors_four_visitors(stage)
    stage.slack.set_user_deleted(HOST)
    run_jobs(stage, frozen, "2026-11-23 20:00:00")  # the host's day-before reminder fails
    assert mark_of(stage, HOST) == "left:deactivated"
    stage.slack.set_user_deleted(HOST, False)
    stage.send.command(HOST, "mine")
    stage.settle()
    assert mark_of(stage, HOST) == ""
    book(stage, ADAMS, open_door(stage, day="2026-11-30"))
    assert dms_saying(stage, HOST, f"<@{ADAMS}> is coming")


def test_a_coach_sees_only_their_schools_failed_dms_and_admins_see_all(stage, frozen):
    set_up(stage, schools="Ranson Middle\nHillside Elementary", coaches=[COACH, HOST2])
    for person in (COACH, HOST2, VISITOR, TEACHER3):
        stage.send.command(person, "mine")
    stage.settle()
    with stage.services.session_factory() as session:
        workspace = school(session)
        ranson, hillside = (
            session.scalars(select(School).where(School.name == name)).one()
            for name in ("Ranson Middle", "Hillside Elementary")
        )
        for person, where in ((COACH, ranson), (VISITOR, ranson), (HOST2, hillside),
                              (TEACHER3, hillside)):  # fmt: skip
            member = session.scalars(select(Member).where(Member.slack_user_id == person)).one()
            member.school_id = where.id
        now = stage.services.clock()
        for person in (VISITOR, TEACHER3):
            owed = owe(session, workspace, kind="admin_notice", recipient=person,
                       key=f"admin_notice:lost:{person}", due_at=now, now=now)  # fmt: skip
            failed = session.get(Notification, owed)
            failed.state, failed.attempts, failed.last_error = "failed", 5, "fatal_error"
        session.commit()

    def digest_of(reader):
        stage.send.command(reader, "digest")
        stage.settle()
        return stage.slack.ephemerals(reader)[-1].plain()

    assert "1 message couldn't be delivered this week (to <@U0CHEN>)" in digest_of(COACH)
    assert "1 message couldn't be delivered this week (to <@U0NGUYEN>)" in digest_of(HOST2)
    assert "2 messages couldn't be delivered this week (to <@U0CHEN>, <@U0NGUYEN>)" in (
        digest_of(ADMIN)
    )
