"""The demo's group practices: a grade-level team's morning of visits and a coaching round.

Planned on Monday morning after the one-to-one flows, then carried through the week by
`bot.demo` at the moments the scheduler owes someone a message. The team is led by a teacher,
Ms. Nguyen, who plans for it herself; the round is the coach's.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from sqlalchemy import select

from bot.demo_week import CHEN, DIAZ, NGUYEN, PATEL, PRINCIPAL, RIVERA, say, step
from bot.models import Team
from bot.stage import Stage
from bot.standin import Message

TEAM_MEMBERS = (CHEN,)
ROUND_PARTICIPANTS = (RIVERA, PATEL)
LOOK_FORS = ("Students explain their reasoning aloud", "Teacher questions that ask why")
NOTES = {
    RIVERA: ("Four of six pairs said 'because' when explaining", "Asked 'how do you know?' twice"),
    PATEL: ("One student restated a peer's idea", "Waited after each why-question"),
}


def plan_group_visits(stage: Stage, monday: date) -> None:
    """A team formed and its Wednesday morning planned, then Friday's coaching round opened;
    each host confirms their classroom with one click."""
    _form_the_team(stage)
    _plan_the_team_visit(stage, monday + timedelta(days=2))
    _open_the_round(stage, monday + timedelta(days=4))


def _form_the_team(stage: Stage) -> None:
    send = stage.send
    say("Principal Okafor makes the 6th-grade team in `/visit teams`: Ms. Nguyen leads it, "
        "with Mr. Chen.")  # fmt: skip
    step(stage, lambda: send.command(PRINCIPAL, "teams"))
    listed = stage.slack.ephemerals(PRINCIPAL)[-1]
    step(stage, lambda: send.click(PRINCIPAL, "new_team", message=listed))
    step(
        stage,
        lambda: send.submit(
            PRINCIPAL,
            {
                "name": "6th grade",
                "kind": "grade_level",
                "lead": NGUYEN,
                "members": list(TEAM_MEMBERS),
            },
        ),
    )


def _plan_the_team_visit(stage: Stage, wednesday: date) -> None:
    send = stage.send
    with stage.services.session_factory() as session:
        team_id = session.scalar(select(Team.id).where(Team.name == "6th grade"))
    say("Ms. Nguyen plans the team's Wednesday morning in one modal: Ms. Rivera's room, then "
        "Mr. Patel's, then lunch together; the principal joins them. Nobody on the team clicks "
        "anything to be booked.")  # fmt: skip
    step(stage, lambda: send.command(NGUYEN, "team"))
    step(
        stage,
        lambda: send.submit(
            NGUYEN,
            {
                "team_id": str(team_id),
                "team": [PRINCIPAL],
                "school": "Ranson IB Middle",
                "day": wednesday.isoformat(),
                "stop1_host": RIVERA,
                "stop1_room": "204",
                "stop1_start": "09:00",
                "stop1_end": "09:40",
                "stop2_host": PATEL,
                "stop2_room": "118",
                "stop2_start": "09:50",
                "stop2_end": "10:30",
                "debrief_time": "11:30",
                "debrief_place": "Lunch in the library",
                "debrief_prompt": "Which routine would work first in our rooms?",
                "options": "Student-led stations\nNumber talks warm-up",
            },
        ),
    )
    _hosts_confirm(stage, (RIVERA, PATEL), "Could a team visit your class")


def _open_the_round(stage: Stage, friday: date) -> None:
    send = stage.send
    say("Coach Diaz opens Friday's coaching round: a problem of practice, two look-fors, "
        "Ms. Rivera and Mr. Patel as participants, Ms. Nguyen's and Mr. Chen's rooms.")  # fmt: skip
    step(stage, lambda: send.command(DIAZ, "round"))
    step(
        stage,
        lambda: send.submit(
            DIAZ,
            {
                "problem": "Students rarely explain their reasoning to a peer",
                "look_fors": "\n".join(LOOK_FORS),
                "participants": list(ROUND_PARTICIPANTS),
                "school": "Ranson IB Middle",
                "day": friday.isoformat(),
                "stop1_host": NGUYEN,
                "stop1_room": "112",
                "stop1_start": "09:00",
                "stop1_end": "09:40",
                "stop2_host": CHEN,
                "stop2_room": "210",
                "stop2_start": "09:50",
                "stop2_end": "10:30",
                "debrief_time": "11:30",
                "debrief_place": "The coaching room",
            },
        ),
    )
    _hosts_confirm(stage, (NGUYEN, CHEN), "Could a coaching round visit your class")


def _hosts_confirm(stage: Stage, hosts: tuple[str, ...], asked: str) -> None:
    for host in hosts:
        ask = next(m for m in stage.slack.dms(host) if asked in m.plain())
        step(stage, partial(stage.send.click, host, "team_stop_confirm", message=ask))
    say("  Both hosts confirm; every itinerary now says so.")


def team_votes(stage: Stage) -> None:
    """Each member votes on what to try; the lead closes the poll once all have."""
    for person in (NGUYEN, *TEAM_MEMBERS, PRINCIPAL):
        poll = next(
            (m for m in stage.slack.dms(person) if "what will the team try" in m.plain()), None
        )
        if poll is not None:
            step(stage, partial(stage.send.click, person, "team_vote:0", message=poll))
    closing = next(m for m in stage.slack.dms(NGUYEN) if "The team is voting" in m.plain())
    say("The team votes for student-led stations, and Ms. Nguyen closes the poll.")
    step(stage, lambda: stage.send.click(NGUYEN, "team_close_poll", message=closing))


def round_notes(stage: Stage) -> None:
    """Each participant writes descriptive notes per look-for from the prompt's button."""
    say("During the round, Ms. Rivera and Mr. Patel write notes per look-for.")
    for person, notes in NOTES.items():
        prompt = next(m for m in stage.slack.dms(person) if "write notes per look-for" in m.plain())
        step(stage, partial(stage.send.click, person, "round_notes", message=prompt))
        written = {f"look_for_{n}": text for n, text in enumerate(notes)}
        step(stage, partial(stage.send.submit, person, written))


def round_debrief(stage: Stage) -> None:
    """The coach steps the group from describing to the next level of work and records it."""
    say("At the debrief Coach Diaz steps the group through describe, analyse, predict and the "
        "next level of work, and records the step they agreed.")  # fmt: skip

    def debrief() -> Message:
        return next(m for m in stage.slack.dms(DIAZ) if "Debrief: the coaching round" in m.plain())

    for to in ("analyse", "predict", "next"):
        step(stage, partial(stage.send.click, DIAZ, f"round_step:{to}", message=debrief()))
    step(stage, partial(stage.send.click, DIAZ, "round_next_step", message=debrief()))
    step(
        stage,
        lambda: stage.send.submit(
            DIAZ, {"next_step": "Every lesson opens with a turn-and-explain"}
        ),
    )
