"""Issue 10: an open door's video stays findable after its date, in `/visit videos` and the digest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.models import GroupVisit, Member, Offer
from bot.stage import SIGNING_SECRET, VISITS_CHANNEL
from bot.standin import SlackRequests
from tests.people import (
    ADMIN,
    COACH,
    HOST,
    HOST2,
    VISITOR,
    dms_saying,
    open_door,
    run_jobs,
    school,
    set_up,
)

ROTATION = "https://video.example/rivera-rotation"
NUMBER_TALKS = "https://video.example/patel-number-talks?t=30&list=a"


def videos(stage, who=VISITOR, words=""):
    """What `who` is answered to `/visit videos [words]`, as they see it."""
    stage.send.command(who, f"videos {words}".strip())
    stage.settle()
    return stage.slack.ephemerals(who)[-1]


def watch(url):
    return f"<{url.replace('&', '&amp;')}|Watch>"


def old_door(stage, video_url, *, day, host=HOST, practices=("Station rotation",), **changes):
    """An open door written straight into the database, as rows from before today's checks were
    (a link the form would now refuse) or a district's years of doors would be."""
    stage.send.command(host, "mine")  # so the host is a member, as a first command makes them
    stage.settle()
    with stage.services.session_factory() as session:
        workspace = school(session)
        member = session.scalars(select(Member).where(Member.slack_user_id == host)).one()
        starts = datetime.fromisoformat(day).replace(tzinfo=UTC)
        session.add(Offer(
            workspace_id=workspace.id, school_id=workspace.schools[0].id, host_id=member.id,
            room="204", starts_at=starts, ends_at=starts + timedelta(minutes=45), grade="6",
            subject="Math", practices=list(practices), details="", seats=2,
            video_url=video_url, created_at=starts - timedelta(days=2), **changes,
        ))  # fmt: skip
        session.commit()


def test_a_past_doors_video_is_listed_under_its_practice(stage, frozen):
    set_up(stage)
    open_door(stage, host=HOST, grade="6", subject="Math", video_url=ROTATION)
    frozen.move_to("2027-01-12 15:00:00")  # seven weeks after the door
    stage.send.command(VISITOR, "list")
    stage.settle()
    assert "No upcoming open doors" in stage.slack.ephemerals(VISITOR)[-1].plain()
    listed = videos(stage).plain()
    assert "*Station rotation*\n• Grade 6 Math" in listed, "under its practice's heading"
    assert watch(ROTATION) in listed
    assert f"<@{HOST}>" in listed and "Ranson Middle" in listed and "Tue Nov 24, 2026" in listed
    assert "score" not in listed.lower() and "rank" not in listed.lower()


def test_a_cancelled_doors_video_stays_listed(stage):
    set_up(stage)
    open_door(stage, host=HOST, video_url=ROTATION)
    stage.send.command(HOST, "mine")
    stage.settle()
    stage.send.click(HOST, "cancel_offer", message=stage.slack.ephemerals(HOST)[-1])
    stage.settle()
    with stage.services.session_factory() as session:
        assert session.scalars(select(Offer.status)).one() == "cancelled"
    assert watch(ROTATION) in videos(stage).plain()


def test_words_narrow_videos_by_practice_grade_host_or_details(stage):
    set_up(stage)
    open_door(stage, host=HOST, grade="6", subject="Math", video_url=ROTATION)
    open_door(stage, host=HOST2, day="2026-11-25", grade="3", practices=["Number talks"],
              details="Dot images, then a string of sums.", video_url=NUMBER_TALKS)  # fmt: skip
    both = videos(stage).plain()
    assert watch(ROTATION) in both and watch(NUMBER_TALKS) in both
    assert both.index("*Number talks*") < both.index("*Station rotation*"), "practices A to Z"
    for words, shown, hidden in (
        ("number talks", NUMBER_TALKS, ROTATION),
        ("grade 6", ROTATION, NUMBER_TALKS),
        ("patel", NUMBER_TALKS, ROTATION),
        ("dot images", NUMBER_TALKS, ROTATION),
    ):
        listed = videos(stage, words=words).plain()
        assert watch(shown) in listed and watch(hidden) not in listed, words
    nothing = videos(stage, words="chemistry \x00lab").plain()
    assert "No classroom videos matching “chemistry lab”" in nothing, "words are cleaned"
    assert "/visit offer" in nothing and "video link" in nothing


def test_a_door_without_a_video_is_not_listed(stage):
    set_up(stage)
    open_door(stage, host=HOST)
    listed = videos(stage).plain()
    assert "Station rotation" not in listed
    assert "No classroom videos yet" in listed and "`/visit offer`" in listed
    stage.send.command(VISITOR, "help")
    stage.settle()
    assert "/visit videos" in stage.slack.ephemerals(VISITOR)[-1].plain()


def test_another_workspaces_videos_never_show(stage):
    set_up(stage)
    open_door(stage, host=HOST, video_url=ROTATION)
    other = SlackRequests(stage.send.app_url, SIGNING_SECRET, stage.slack, team_id="T0OTHER")
    other.command(ADMIN, "setup")
    stage.settle()
    other.submit(ADMIN, {"channel": VISITS_CHANNEL, "schools": "Other District School"})
    stage.settle()
    other.command(HOST2, "offer")
    stage.settle()
    other.submit(HOST2, {"day": "2026-11-25", "start": "10:15", "end": "11:00", "room": "9",
                         "practices": ["Number talks"], "seats": "2", "video_url": NUMBER_TALKS})  # fmt: skip
    stage.settle()
    listed = videos(stage).plain()
    assert watch(ROTATION) in listed and watch(NUMBER_TALKS) not in listed
    other.command(VISITOR, "videos")
    stage.settle()
    theirs = stage.slack.ephemerals(VISITOR)[-1].plain()
    assert watch(NUMBER_TALKS) in theirs and watch(ROTATION) not in theirs


def test_the_digest_shows_the_weeks_new_videos_to_the_coach_not_last_months(stage, frozen):
    set_up(stage)
    open_door(stage, host=HOST, video_url=ROTATION)
    run_jobs(stage, frozen, "2026-11-27 19:00:00")  # Friday 14:00
    (first,) = dms_saying(stage, COACH, "Your week in visits")
    assert "*Can't visit? Watch it*" in first.plain() and watch(ROTATION) in first.plain()
    frozen.move_to("2026-12-14 14:00:00")  # Monday, three weeks on
    new = [f"https://video.example/talks-{n}" for n in range(4)]
    for n, url in enumerate(new):
        open_door(stage, host=HOST2, day="2026-12-15", start=f"1{n}:00", end=f"1{n}:45",
                  practices=["Number talks"], video_url=url)  # fmt: skip
    run_jobs(stage, frozen, "2026-12-18 19:00:00")
    digest = dms_saying(stage, COACH, "Your week in visits")[-1].plain()
    assert watch(ROTATION) not in digest, "last month's video was last month's news"
    assert sum(watch(url) in digest for url in new) == 3, "a few at most"
    assert "…and 1 more video: `/visit videos` lists them all." in digest
    assert watch(new[3]) in digest and watch(new[0]) not in digest, "the newest first"


def test_many_videos_are_clipped_to_one_message_slack_accepts(stage):
    set_up(stage)
    practices = ("Station rotation", "Number talks", "Exit tickets")
    for n in range(60):
        url = f"https://video.example/{n:02d}/" + "v" * 460  # near the 500 characters allowed
        old_door(stage, url, day=f"2026-{(n % 11) + 1:02d}-{(n % 27) + 1:02d} 15:00:00",
                 practices=[practices[n % 3]])  # fmt: skip
    answer = videos(stage)
    assert not stage.slack.validation_errors
    assert len(answer.blocks) <= 50
    sections = [block["text"]["text"] for block in answer.blocks if block["type"] == "section"]
    assert all(len(text) <= 3000 for text in sections)
    assert len(sections) > 3, "a practice's videos run on into further sections"
    shown = answer.plain().count("|Watch>")
    assert 0 < shown < 60
    assert f"…and {60 - shown} more: narrow it with words" in answer.plain()


def test_a_javascript_link_in_an_old_row_is_never_a_link(stage, frozen):
    set_up(stage)
    old_door(stage, "javascript:alert(document.cookie)//https://x", day="2026-11-24 15:00:00")
    old_door(stage, " JavaScript:alert(1)", day="2026-11-25 15:00:00")
    old_door(stage, ROTATION, day="2026-11-26 15:00:00")
    listed = videos(stage).plain()
    assert watch(ROTATION) in listed
    assert "javascript" not in listed.lower() and listed.count("|Watch>") == 1
    assert "more" not in listed, "a link never shown is not counted as one to narrow down to"
    run_jobs(stage, frozen, "2026-11-27 19:00:00")
    (digest,) = dms_saying(stage, COACH, "Your week in visits")
    assert "javascript" not in digest.plain().lower() and watch(ROTATION) in digest.plain()


ROUND_VIDEO = "https://video.example/round-turn-and-explain"


def test_a_coaching_rounds_video_is_listed_after_the_round_and_words_find_it(stage, frozen):
    """Under the round's problem of practice, with the coach who shared it; merged with doors'
    videos newest first; words about its problem or look-fors narrow to it."""
    from tests.e2e.test_rounds import PROBLEM, open_round

    set_up(stage)
    open_door(stage, host=HOST, video_url=ROTATION)  # Tuesday Nov 24
    open_round(stage, video_url=ROUND_VIDEO)  # Wednesday Nov 25
    assert not stage.slack.modal_errors(COACH), stage.slack.modal_errors(COACH)
    frozen.move_to("2027-01-12 15:00:00")
    listed = videos(stage).plain()
    assert f"*{PROBLEM}*\n• Coaching round · <@{COACH}>" in listed, listed
    assert "Wed Nov 25, 2026" in listed and watch(ROUND_VIDEO) in listed
    assert listed.index("*Station rotation*") < listed.index(PROBLEM), "headings A to Z"
    for words in ("reasoning", "questions that ask why", "coaching round"):
        narrowed = videos(stage, words=words).plain()
        assert watch(ROUND_VIDEO) in narrowed and watch(ROTATION) not in narrowed, words


def test_a_rounds_video_link_must_be_a_web_link(stage):
    from tests.e2e.test_rounds import open_round

    set_up(stage)
    open_round(stage, video_url="https:// not a link")
    assert stage.slack.modal_errors(COACH).get("video_url") == (
        "Paste a full link that starts with https://"
    )
    with stage.services.session_factory() as session:
        assert session.scalar(select(GroupVisit.id)) is None


def test_the_digest_shows_a_rounds_new_video(stage, frozen):
    from tests.e2e.test_rounds import PROBLEM, open_round

    set_up(stage)
    open_round(stage, video_url=ROUND_VIDEO)
    run_jobs(stage, frozen, "2026-11-27 19:00:00")  # Friday 14:00
    (digest,) = dms_saying(stage, COACH, "Your week in visits")
    assert "Can't visit? Watch it" in digest.plain() and watch(ROUND_VIDEO) in digest.plain()
    assert PROBLEM in digest.plain()
