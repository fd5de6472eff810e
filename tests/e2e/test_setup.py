"""Flow 1: an admin sets Open Door up; anyone else is politely turned away."""

from bot.models import Member
from bot.stage import VISITS_CHANNEL
from tests.people import ADMIN, COACH, HOST, VISITOR, set_up


def test_admin_sets_up_and_the_bot_says_hello_in_the_visits_channel(stage):
    set_up(stage)
    joined = stage.slack.calls("conversations.join")
    assert [call.args["channel"] for call in joined] == [VISITS_CHANNEL]
    hello = stage.slack.channel_messages(VISITS_CHANNEL)
    assert len(hello) == 1 and "Open Door" in hello[0].plain()


def test_someone_who_is_not_an_admin_is_asked_to_ask_their_admin(stage):
    stage.send.command(VISITOR, "setup")
    stage.settle()
    assert not stage.slack.modal_stack(VISITOR)
    assert "Ask your admin" in stage.slack.ephemerals(VISITOR)[-1].plain()


def test_commands_before_setup_point_to_the_admin(stage):
    stage.send.command(VISITOR, "offer")
    stage.settle()
    assert "isn't set up" in stage.slack.ephemerals(VISITOR)[-1].plain()


def test_setup_again_shows_what_was_saved_and_roles_come_only_from_setup(stage):
    set_up(
        stage, schools="Ranson Middle\nFeeder Elementary", no_visit_dates="2026-12-21 to 2026-12-22"
    )
    stage.send.command(ADMIN, "setup")
    stage.settle()
    modal = stage.slack.modal_stack(ADMIN)[-1]
    blocks = {block.get("block_id"): block for block in modal["blocks"]}
    assert blocks["schools"]["element"]["initial_value"] == "Ranson Middle\nFeeder Elementary"
    assert blocks["no_visit_dates"]["element"]["initial_value"] == "2026-12-21 to 2026-12-22"
    assert blocks["coaches"]["element"]["initial_users"] == [COACH]
    stage.send.submit(ADMIN, {"coaches": [HOST]})
    stage.settle()
    with stage.services.session_factory() as session:
        roles = {m.slack_user_id: m.role for m in session.query(Member)}
    assert roles[HOST] == "coach" and roles[COACH] == "teacher" and roles[ADMIN] == "admin"
    assert len(stage.slack.channel_messages(VISITS_CHANNEL)) == 1, "hello is said once"


def test_a_private_channel_the_bot_cannot_join_is_a_field_error(stage):
    stage.slack.add_channel("C0SECRET", "secret", is_private=True)
    stage.send.command(ADMIN, "setup")
    stage.settle()
    stage.send.submit(ADMIN, {"channel": "C0SECRET", "schools": "Ranson"})
    assert "invite @Open Door" in stage.slack.modal_errors(ADMIN)["channel"]
    stage.send.submit(ADMIN, {"channel": VISITS_CHANNEL})
    assert not stage.slack.modal_errors(ADMIN)


def test_a_long_closure_survives_reopening_setup_unchanged(stage):
    set_up(stage, no_visit_dates="2026-12-21 to 2027-08-31\n2027-09-07")
    stage.send.command(ADMIN, "setup")
    stage.settle()
    stage.send.submit(ADMIN, {})
    assert not stage.slack.modal_errors(ADMIN)
    stage.send.command(ADMIN, "setup")
    stage.settle()
    modal = stage.slack.modal_stack(ADMIN)[-1]
    field = next(b for b in modal["blocks"] if b.get("block_id") == "no_visit_dates")
    assert field["element"]["initial_value"] == "2026-12-21 to 2027-08-31\n2027-09-07"


def test_an_unused_school_can_be_dropped_but_one_in_use_stays(stage):
    set_up(stage, schools="Ranson Middle\nFeeder Elementary\nTypo School")
    stage.send.command(HOST, "profile")
    stage.settle()
    school = next(
        b for b in stage.slack.modal_stack(HOST)[-1]["blocks"] if b.get("block_id") == "school"
    )
    feeder = next(
        o for o in school["element"]["options"] if o["text"]["text"] == "Feeder Elementary"
    )
    stage.send.submit(HOST, {"school": feeder["value"]})
    stage.settle()
    stage.send.command(ADMIN, "setup")
    stage.settle()
    stage.send.submit(ADMIN, {"schools": "Ranson Middle"})
    assert "Feeder Elementary" in stage.slack.modal_errors(ADMIN)["schools"]
    stage.send.submit(ADMIN, {"schools": "Ranson Middle\nFeeder Elementary"})
    assert not stage.slack.modal_errors(ADMIN)
    stage.settle()
    stage.send.command(VISITOR, "profile")
    stage.settle()
    school = next(
        b for b in stage.slack.modal_stack(VISITOR)[-1]["blocks"] if b.get("block_id") == "school"
    )
    assert [o["text"]["text"] for o in school["element"]["options"]] == [
        "Ranson Middle",
        "Feeder Elementary",
    ]
