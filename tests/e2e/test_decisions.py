"""A click's decision is taken once, under locks taken in one order: of racing clicks one wins and
the others are told what did happen; ids read from Slack are checked against the acting workspace;
a settled visit stays settled; booking a time offered to one's own request fulfils the request."""

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from bot.models import Member, Offer, Request, Visit
from bot.stage import SIGNING_SECRET, VISITS_CHANNEL
from bot.standin import SlackRequests
from tests.e2e.test_requests import ask, offer_to_host
from tests.people import (
    ADMIN,
    HOST,
    HOST2,
    VISITOR,
    book,
    card,
    dms_saying,
    open_door,
    press,
    run_jobs,
    set_up,
)

VISITORS = [f"U0ASKER{n}" for n in range(4)]


@pytest.mark.parametrize("each", [1, 5], ids=["accept-vs-decline", "5+5"])
def test_a_hosts_accept_and_decline_racing_give_each_visitor_one_outcome_and_no_apology(
    stage, each
):
    set_up(stage)
    posted = open_door(stage, approval=["yes"], seats=str(len(VISITORS)))
    for visitor in VISITORS:
        stage.slack.add_user(visitor, visitor.lower())
        stage.send.click(visitor, "book", message=posted)
    stage.settle()
    ask_message = stage.slack.thread(VISITS_CHANNEL, posted.ts)[-1]
    with stage.services.session_factory() as session:
        visit_ids = list(session.scalars(select(Visit.id).order_by(Visit.id)))
    clicks = [
        (action, str(visit_id))
        for visit_id in visit_ids
        for action in ["approve_visitor", "decline_visitor"] * each
    ]
    with ThreadPoolExecutor(max_workers=len(clicks)) as pool:
        replies = list(pool.map(lambda c: press(stage.send, HOST, *c, on=ask_message), clicks))
    assert [reply.status for reply in replies] == [200] * len(clicks), replies
    stage.settle()
    answers = [message.text for message in stage.slack.ephemerals(HOST)]
    assert not [answer for answer in answers if "Sorry" in answer], answers
    assert sum(answer.startswith("Done: you") for answer in answers) == len(VISITORS), answers
    with stage.services.session_factory() as session:
        outcome = dict(
            session.execute(select(Member.slack_user_id, Visit.status).join(Visit.visitor)).all()
        )
    for visitor in VISITORS:
        booked = dms_saying(stage, visitor, "You're booked")
        declined = dms_saying(stage, visitor, "can't take a visitor")
        assert outcome[visitor] in ("confirmed", "cancelled")
        told = (len(booked), len(declined))
        assert told == ((1, 0) if outcome[visitor] == "confirmed" else (0, 1)), (visitor, told)
        what = "welcomed" if outcome[visitor] == "confirmed" else "declined"
        heard = sorted(answer for answer in answers if f"<@{visitor}>" in answer)
        won = f"Done: you {what} <@{visitor}>. I've let them know."
        assert heard == [won, *[f"You already {what} <@{visitor}>."] * (2 * each - 1)], heard


def test_forged_modal_metadata_never_shows_another_workspaces_doors(stage):
    set_up(stage)
    open_door(stage, room="Ranson 204")
    other = SlackRequests(stage.send.app_url, SIGNING_SECRET, stage.slack, team_id="T0OTHER")
    other.command(ADMIN, "setup")
    stage.settle()
    other.submit(ADMIN, {"channel": VISITS_CHANNEL, "schools": "Other District School"})
    stage.settle()
    other.command(HOST, "offer")
    stage.settle()
    other.submit(HOST, {"day": "2026-11-24", "start": "10:15", "end": "11:00", "room": "9",
                        "practices": ["Station rotation"], "seats": "2"})  # fmt: skip
    stage.settle()
    other.command(VISITOR, "request")
    stage.settle()
    other.submit(VISITOR, {"practices": ["Station rotation"]})
    stage.settle()
    matches = stage.slack.modal_stack(VISITOR)[-1]
    with stage.services.session_factory() as session:
        ranson, theirs = session.scalars(select(Offer).order_by(Offer.id)).all()
        request_ids = list(session.scalars(select(Request.id)))
    meta = json.loads(matches["private_metadata"])
    assert meta["offer_ids"] == [theirs.id]
    forged = matches | {"private_metadata": json.dumps(meta | {"offer_ids": [ranson.id]})}
    assert press(other, VISITOR, "book", str(theirs.id), view=forged).status == 200
    stage.settle()
    assert "Ranson 204" not in json.dumps(stage.slack.modal_stack(VISITOR)[-1])
    forged = matches | {"private_metadata": json.dumps({"request_id": max(request_ids) + 1})}
    press(other, VISITOR, "ask_channel", str(max(request_ids)), view=forged)
    stage.settle()
    assert "Ranson 204" not in json.dumps(stage.slack.modal_stack(VISITOR)[-1])


def test_a_reflected_visit_cannot_be_flipped_to_missed(stage, frozen):
    set_up(stage)
    book(stage, VISITOR, open_door(stage))
    run_jobs(stage, frozen, "2026-11-24 16:30:00")
    (prompt,) = dms_saying(stage, VISITOR, "How was your visit")
    stage.send.click(VISITOR, "open_reflection", message=prompt)
    stage.settle()
    stage.send.submit(VISITOR, {"noticed": "Students rotated on a timer."})
    stage.settle()
    with stage.services.session_factory() as session:
        visit_id = session.scalars(select(Visit.id)).one()
    for person in (HOST, VISITOR):
        assert press(stage.send, person, "visit_missed", str(visit_id)).status == 200
        stage.settle()
        assert "already reflected" in stage.slack.ephemerals(person)[-1].plain()
    with stage.services.session_factory() as session:
        assert session.scalars(select(Visit.status)).one() == "completed"


def test_a_missed_visit_stays_missed_when_it_happened_is_clicked_later(stage, frozen):
    set_up(stage)
    book(stage, VISITOR, open_door(stage))
    run_jobs(stage, frozen, "2026-11-27 15:00:00")
    (check,) = dms_saying(stage, VISITOR, "happen?")
    stage.send.click(VISITOR, "visit_missed", message=check)
    stage.settle()
    with stage.services.session_factory() as session:
        visit_id = session.scalars(select(Visit.id)).one()
    press(stage.send, HOST, "visit_happened", str(visit_id))
    stage.settle()
    assert "already marked as missed" in stage.slack.ephemerals(HOST)[-1].plain()
    with stage.services.session_factory() as session:
        assert session.scalars(select(Visit.status)).one() == "missed"


def test_booking_a_time_offered_to_ones_own_request_fulfils_the_request(stage):
    set_up(stage)
    ask(stage, notes="Small-group data conferences")
    request_card = stage.slack.channel_messages(VISITS_CHANNEL)[-1]
    for host in (HOST, HOST2):
        offer_to_host(stage, host, request_card)
    with stage.services.session_factory() as session:
        mine, other = session.scalars(select(Offer).order_by(Offer.id)).all()
    assert press(stage.send, VISITOR, "book", str(mine.id)).status == 200
    stage.settle()
    assert "You're booked" in stage.slack.dms(VISITOR)[-1].plain()
    with stage.services.session_factory() as session:
        assert session.scalars(select(Request.status)).one() == "matched"
        assert session.get(Offer, other.id).status == "cancelled"
    assert f"Matched with <@{HOST}>" in card(stage, request_card.ts).plain()
    assert dms_saying(stage, HOST2, "settled on another time")
