"""A principal ends the staff meeting with "open your door, now": everyone at once, Slack slow.

Slack waits three seconds for each answer (SlackRequests fails a slower one) and a modal's
trigger expires three seconds after the click (the stand-in refuses a later views.open), so these
tests fail whenever an ack or a modal waits behind other people's Slack calls.
"""

from concurrent.futures import ThreadPoolExecutor

from bot.stage import VISITS_CHANNEL
from tests.people import HOST, open_door, set_up

# Seconds for every Web API call and response_url post: slow enough that work queued behind other
# people's Slack calls misses the three seconds, as it did before the lanes. (Everything here runs
# in one Python process, the stand-in and the senders too; `make bench` measures the bot alone.)
SLOW_SLACK = 1.0


def staff(stage, count, prefix="U0STAFF"):
    people = [f"{prefix}{n:03d}" for n in range(count)]
    for person in people:
        stage.slack.add_user(person, person.lower())
    return people


def at_once(actions):
    with ThreadPoolExecutor(len(actions)) as pool:
        return list(pool.map(lambda act: act(), actions))


def test_a_staff_opening_the_offer_form_at_once_all_get_it(stage):
    set_up(stage)
    people = staff(stage, 40)
    stage.slack.set_latency(SLOW_SLACK)
    replies = at_once([lambda p=p: stage.send.command(p, "offer") for p in people])
    assert [reply.status for reply in replies] == [200] * len(people)
    stage.settle(30)
    opened = [p for p in people if stage.slack.modal_stack(p)]
    assert opened == people, f"{len(people) - len(opened)} modals never opened"


def test_a_mixed_rush_of_lists_bookings_and_forms_is_answered_for_everyone(stage):
    set_up(stage)
    door = open_door(stage, HOST, seats="10")
    listers, bookers, hosts = (
        staff(stage, 15, "U0LIST"),
        staff(stage, 15, "U0BOOK"),
        staff(stage, 15, "U0OPEN"),
    )
    stage.slack.set_latency(SLOW_SLACK)
    replies = at_once(
        [lambda p=p: stage.send.command(p, "list") for p in listers]
        + [lambda p=p: stage.send.click(p, "book", message=door) for p in bookers]
        + [lambda p=p: stage.send.command(p, "offer") for p in hosts]
    )
    assert {reply.status for reply in replies} == {200}
    stage.settle(60)
    assert all(stage.slack.ephemerals(p) for p in listers), "every list was answered"
    booked = [p for p in bookers if any("booked" in m.plain() for m in stage.slack.dms(p))]
    full = [p for p in bookers if any("filled up" in m.plain() for m in stage.slack.ephemerals(p))]
    assert len(booked) == 10 and len(full) == 5
    assert all(stage.slack.modal_stack(p) for p in hosts)
    card = stage.slack.channel_messages(VISITS_CHANNEL)[-1]
    assert "Full" in card.plain()
