"""A small school built from unsaved rows, so views can be rendered as pure functions.

Every column a view reads is set here: unsaved rows don't get their column defaults."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.models import Member, Offer, Reflection, Request, School, Visit, Workspace

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # Monday 09:00 in New York
ZONE = "America/New_York"


def workspace() -> Workspace:
    space = Workspace(
        id=1,
        team_id="T1",
        visits_channel_id="CVISITS",
        timezone=ZONE,
        school_days=[0, 1, 2, 3, 4],
        user_groups=[],
    )
    space.schools = [
        School(id=1, name="Lincoln Middle"),
        School(id=2, name="Washington Elementary"),
    ]
    return space


def member(user_id: str = "UHOST", name: str = "Ms. Rivera", role: str = "teacher") -> Member:
    return Member(
        id=abs(hash(user_id)) % 10_000,
        slack_user_id=user_id,
        name=name,
        role=role,
        school_id=1,
        grades=["6"],
        subjects=["Math"],
        interests=["Small-group instruction"],
        nudges_muted=False,
        undeliverable="",
    )


def offer(host: Member | None = None, *, seats: int = 2, taken: int = 0, **changes) -> Offer:
    door = Offer(
        id=7,
        school_id=1,
        school=School(id=1, name="Lincoln Middle"),
        host=host or member(),
        room="204",
        starts_at=NOW + timedelta(days=1),
        ends_at=NOW + timedelta(days=1, minutes=45),
        grade="6",
        subject="Math",
        practices=["Small-group instruction"],
        details="Math talks in small groups <script>",
        key_moment="the last ten minutes",
        seats=seats,
        seats_taken=taken,
        approval_required=False,
        feedback="warm",
        look_fors="",
        video_url="",
        status="open",
        card_revision=0,
        created_at=NOW,
    )
    for name, value in changes.items():
        setattr(door, name, value)
    return door


def visit(
    door: Offer | None = None, visitor: Member | None = None, status: str = "confirmed"
) -> Visit:
    door = door or offer()
    seat = Visit(
        id=11,
        offer=door,
        visitor=visitor or member("UVISITOR", "Mr. Chen"),
        status=status,
        cancel_reason="",
        follow_up="",
        created_at=NOW,
    )
    return seat


def reflection(seat: Visit | None = None, *, shared: bool = False) -> Reflection:
    seat = seat or visit()
    return Reflection(
        id=5,
        offer=seat.offer,
        visit=seat,
        author=seat.visitor,
        hoped="to see groups",
        noticed="every student spoke",
        wondered="how groups are chosen",
        will_try="talk moves",
        question="",
        thanks="Thank you!",
        shared=shared,
        created_at=NOW,
    )


def request(visitor: Member | None = None) -> Request:
    return Request(
        id=3,
        visitor=visitor or member("UVISITOR", "Mr. Chen"),
        practices=["Small-group instruction"],
        grades=["6"],
        subjects=["Math"],
        window_start=NOW.date(),
        window_end=NOW.date() + timedelta(days=14),
        any_school=False,
        notes="starting data conferences",
        status="open",
        card_revision=0,
        created_at=NOW,
    )
