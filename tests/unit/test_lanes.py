"""Work after an ack runs in lanes: opening a modal never queues behind anything else."""

import threading

from bot.lanes import Lanes, opens_modal


def test_opening_a_modal_never_waits_behind_other_work():
    lanes = Lanes(modal_threads=1, listener_threads=1)
    slack_is_slow = threading.Event()
    lanes.submit(lambda: slack_is_slow.wait(5))
    lanes.submit(lambda: slack_is_slow.wait(5))
    opened = threading.Event()
    lanes.submit(opens_modal(lambda: opened.set()))
    assert opened.wait(1), "the modal lane was free while the other lane was busy"
    assert not lanes.wait_idle(0.05), "the slow work is still going"
    slack_is_slow.set()
    assert lanes.wait_idle(5)
    lanes.shutdown()
