"""The school's real staff: participation counts it, and staff who never used Open Door are
invited once. Staff lists are read from the stand-in Slack as from Slack (users.list,
conversations.members, usergroups.*), through the scheduled jobs."""

from __future__ import annotations

from sqlalchemy import select

from bot.models import Member, School
from bot.stage import VISITS_CHANNEL
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

NEWCOMER = "U0KIM"
GUEST = "U0GUEST"
OTHER_BOT = "U0POLLY"
GONE = "U0GONE"
WEDNESDAY = "2026-11-25 15:00:00"  # 10:00 in New York


def _whole_staff(stage) -> None:
    """A newcomer who has never used Open Door, a guest, another app's bot and a deactivated
    account, all in the visits channel, as a school's channel really is."""
    stage.slack.add_user(NEWCOMER, "ms.kim", real_name="Grace Kim")
    stage.slack.add_user(GUEST, "sub.jones", guest=True)
    stage.slack.add_user(OTHER_BOT, "polly", is_bot=True)
    stage.slack.add_user(GONE, "mr.gone", deleted=True)
    stage.slack.join_channel(VISITS_CHANNEL, NEWCOMER, GUEST, OTHER_BOT, GONE)


def _digest(stage, frozen, reader: str = COACH) -> str:
    run_jobs(stage, frozen, "2026-11-27 19:00:00")  # Friday 14:00, the digest hour
    (digest,) = dms_saying(stage, reader, "Your week in visits")
    return digest.plain()


def test_participation_counts_the_staff_on_the_list_not_only_who_used_open_door(stage, frozen):
    _whole_staff(stage)
    set_up(stage)
    book(stage, VISITOR, open_door(stage))
    text = _digest(stage, frozen)
    # Teachers on the visits channel: Rivera, Chen, Patel, Nguyen and Kim. The admin and coach
    # have their own roles; the guest, the bot and the deactivated account are left out.
    assert "40% of 5 teachers" in text, text
    assert f"<@{NEWCOMER}>" in text.split("not yet visiting or hosting")[1]
    for left_out in (GUEST, OTHER_BOT, GONE):
        assert f"<@{left_out}>" not in text


def test_a_leader_sees_the_share_but_not_the_names_of_who_has_not_taken_part(stage, frozen):
    _whole_staff(stage)
    set_up(stage, leaders=[HOST2])
    book(stage, VISITOR, open_door(stage))
    text = _digest(stage, frozen, reader=HOST2)
    assert "% of 4 teachers" in text, "Patel is a leader now, so four teachers count"
    assert "not yet visiting" not in text and f"<@{NEWCOMER}>" not in text


def test_someone_who_leaves_the_staff_list_stops_counting(stage, frozen):
    _whole_staff(stage)
    set_up(stage)
    run_jobs(stage, frozen, WEDNESDAY)
    stage.slack.leave_channel(VISITS_CHANNEL, NEWCOMER)
    text = _digest(stage, frozen)  # two days later: the list is read again first
    assert "of 4 teachers" in text and f"<@{NEWCOMER}>" not in text


def test_each_school_names_its_own_staff_channel_or_user_group(stage, frozen):
    stage.slack.add_user(NEWCOMER, "ms.kim")
    stage.slack.add_user("U0LEE", "mr.lee")
    stage.slack.add_channel("C0RANSON", "ranson-staff", members=[HOST, VISITOR, NEWCOMER])
    stage.slack.add_usergroup("S0HILL", "hill-staff", "Hillside staff", [HOST2, TEACHER3, "U0LEE"])
    set_up(stage, schools="Ranson Middle\nHillside Elementary")
    run_jobs(stage, frozen, "2026-11-23 15:00:00")  # the user groups are read for setup to offer
    with stage.services.session_factory() as session:
        ranson, hillside = session.scalars(select(School).order_by(School.id)).all()
    stage.send.command(ADMIN, "setup")
    stage.settle()
    view = stage.slack.modal_stack(ADMIN)[-1]
    labels = [block.get("label", {}).get("text") for block in view["blocks"]]
    assert "Hillside Elementary: or a user group" in labels
    reply = stage.send.submit(
        ADMIN,
        {
            "channel": VISITS_CHANNEL,
            "schools": "Ranson Middle\nHillside Elementary",
            "coaches": [COACH],
            f"staff_channel_{ranson.id}": "C0RANSON",
            f"staff_group_{hillside.id}": "S0HILL",
        },
    )
    assert reply.status == 200 and not stage.slack.modal_errors(ADMIN)
    stage.settle()
    run_jobs(stage, frozen, "2026-11-23 15:05:00")  # read again at once: setup changed the lists
    with stage.services.session_factory() as session:
        schools = {
            member.slack_user_id: member.school_id
            for member in session.scalars(select(Member).where(Member.on_roster.is_(True)))
        }
    assert schools[NEWCOMER] == ranson.id, "a newcomer joins the school whose list names them"
    assert schools["U0LEE"] == hillside.id
    assert COACH not in schools, "the coach is on neither list"
    text = _digest(stage, frozen)
    assert "Hillside Elementary: 0 completed, 0 coming, 0% of 3 teachers" in text
    assert "Ranson Middle: 0 completed, 0 coming, 0% of 3 teachers" in text


def test_a_staff_list_that_cant_be_read_keeps_the_last_roster_and_setup_says_why(stage, frozen):
    stage.slack.add_user(NEWCOMER, "ms.kim")
    stage.slack.add_channel("C0STAFF", "staff", is_private=True, members=[HOST, NEWCOMER])
    set_up(stage)
    run_jobs(stage, frozen, "2026-11-23 15:00:00")
    with stage.services.session_factory() as session:
        (ranson,) = session.scalars(select(School)).all()
    stage.send.command(ADMIN, "setup")
    stage.settle()
    stage.send.submit(
        ADMIN,
        {"channel": VISITS_CHANNEL, "schools": "Ranson Middle", "coaches": [COACH],
         f"staff_channel_{ranson.id}": "C0STAFF"},
    )  # fmt: skip
    stage.settle()
    run_jobs(stage, frozen, "2026-11-23 15:05:00")
    with stage.services.session_factory() as session:
        assert session.get_one(School, ranson.id).roster_problem == "channel_not_found"
        on_roster = set(session.scalars(select(Member.slack_user_id).where(Member.on_roster)))
    assert {HOST, VISITOR, TEACHER3} <= on_roster, "the last roster stands"
    stage.send.command(ADMIN, "setup")
    stage.settle()
    hint = next(
        block.get("hint", {}).get("text", "")
        for block in stage.slack.modal_stack(ADMIN)[-1]["blocks"]
        if block.get("block_id") == f"staff_channel_{ranson.id}"
    )
    assert "invite @Open Door" in hint


def test_staff_who_never_used_open_door_are_invited_once_with_this_weeks_doors(stage, frozen):
    _whole_staff(stage)
    set_up(stage)
    run_jobs(stage, frozen, "2026-11-23 15:00:00")
    assert not dms_saying(stage, NEWCOMER, "invited"), "no door is open yet: nothing to invite to"
    open_door(stage, host=HOST, day="2026-11-26")
    run_jobs(stage, frozen, WEDNESDAY)
    (invite,) = dms_saying(stage, NEWCOMER, "Open doors you could visit this week")
    assert "Hi Grace Kim" in invite.plain() and "never evaluation" in invite.plain()
    for not_invited in (GUEST, OTHER_BOT, GONE, HOST, ADMIN):
        assert not dms_saying(stage, not_invited, "Open doors you could visit this week")
    stage.send.click(NEWCOMER, "open_profile_modal", message=invite)
    stage.settle()
    assert stage.slack.modal_stack(NEWCOMER)[-1]["callback_id"] == "profile"
    open_door(stage, host=HOST2, day="2026-12-03")
    run_jobs(stage, frozen, "2026-12-02 15:00:00")
    assert len(dms_saying(stage, NEWCOMER, "Open doors you could visit this week")) == 1


def test_no_invitation_after_nudges_off_or_once_someone_found_open_door(stage, frozen):
    _whole_staff(stage)
    stage.slack.add_user("U0LEE", "mr.lee")
    stage.slack.join_channel(VISITS_CHANNEL, "U0LEE")
    set_up(stage)
    stage.send.command(NEWCOMER, "nudges off")
    stage.settle()
    stage.send.command("U0LEE", "profile")
    stage.settle()
    stage.send.submit("U0LEE", {"interests": ["Number talks"]})
    stage.settle()
    open_door(stage, host=HOST, day="2026-11-26")
    run_jobs(stage, frozen, WEDNESDAY)
    assert not dms_saying(stage, NEWCOMER, "Open doors you could visit this week")
    assert not dms_saying(stage, "U0LEE", "Open doors you could visit this week")
    assert dms_saying(stage, TEACHER3, "Open doors you could visit this week"), (
        "Nguyen, on the list and new to Open Door, is invited"
    )


def test_a_deactivated_member_on_the_list_is_checked_before_anything_is_released(stage, frozen):
    set_up(stage)
    book(stage, VISITOR, open_door(stage, host=HOST2, day="2026-12-03"))
    stage.settle()
    stage.slack.set_user_deleted(HOST2)
    stage.slack.reset_calls()
    run_jobs(stage, frozen, "2026-11-24 15:00:00")  # nothing is owed to Patel for days
    assert not [
        c for c in stage.slack.calls("chat.postMessage") if c.args.get("channel") == "D0PATEL"
    ]
    asked = [call for call in stage.slack.calls("users.info") if call.args.get("user") == HOST2]
    assert asked, "the staff list showed the account deactivated; Slack was asked again"
    (told,) = dms_saying(stage, VISITOR, "is off")
    assert "is no longer in this Slack workspace" in told.plain(), "only then is Chen told"
    assert dms_saying(stage, ADMIN, "has left")


def test_a_rate_limited_directory_is_waited_out_and_a_failed_reading_is_tried_again(stage, frozen):
    """Slack's directory methods are Tier 2: a 429 is waited out as Retry-After says; a reading
    that fails outright keeps its lease, and the lists are read when it runs out."""
    _whole_staff(stage)
    set_up(stage)
    stage.slack.fail_next("users.list", status=429, headers={"Retry-After": "1"})
    run_jobs(stage, frozen, "2026-11-23 15:00:00")
    assert _on_roster(stage) >= {NEWCOMER, HOST}
    stage.slack.leave_channel(VISITS_CHANNEL, NEWCOMER)
    stage.slack.fail_next("users.list", error="internal_error", status=500)
    run_jobs(stage, frozen, "2026-11-24 15:01:00")  # a day after the last reading
    assert NEWCOMER in _on_roster(stage), "a reading that failed changes nothing"
    run_jobs(stage, frozen, "2026-11-24 15:21:00")
    assert NEWCOMER in _on_roster(stage), "the lease holds for half an hour"
    run_jobs(stage, frozen, "2026-11-24 15:32:00")
    assert NEWCOMER not in _on_roster(stage)


def test_instances_racing_for_the_staff_lists_read_them_once(stage, frozen):
    from concurrent.futures import ThreadPoolExecutor

    from jobs.roster import rosters

    _whole_staff(stage)
    set_up(stage)
    stage.slack.reset_calls()

    def one_instance(_: int) -> int:
        with stage.services.session_factory() as session:
            return rosters(session, stage.services.client, stage.services.clock())

    with ThreadPoolExecutor(4) as pool:
        read = list(pool.map(one_instance, range(4)))
    assert sum(read) == 1
    assert len(stage.slack.calls("usergroups.list")) == 1


def _on_roster(stage) -> set[str]:
    with stage.services.session_factory() as session:
        return set(session.scalars(select(Member.slack_user_id).where(Member.on_roster)))
