"""Flow 1: an admin sets Open Door up; anyone else is politely turned away."""

from bot.stage import VISITS_CHANNEL
from tests.people import VISITOR, set_up


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
