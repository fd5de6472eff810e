"""Classroom videos that outlive a door: the links hosts shared, findable after the date passes.

A video is a `VideoItem`, whatever it came from: the practice it shows, a short title, who is in
it, their school, when it was filmed (or the day it was for), and the link. Open doors
(`offer_videos`) and coaching rounds (`round_videos`) are its sources, functions of one shape
in `SOURCES`, and `find_videos` merges them, newest first.

Nothing here ranks or scores a video: the only order is by date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, joinedload, selectinload

from bot.domain.digest_scope import SchoolIds
from bot.domain.form_input import web_link
from bot.domain.open_doors import SEARCH_BATCH, mentions_every
from bot.models import GroupVisit, Offer, Workspace
from bot.vocabulary import GroupVisitKind

VIDEOS_LISTED = 30  # the most `/visit videos` loads; the message may show fewer to fit
DIGEST_VIDEOS = 3  # "a few at most" in the weekly digest, with a count of the rest
OTHER_PRACTICE = ""  # the group of a video that names no practice from the catalogue


@dataclass(frozen=True)
class VideoItem:
    """One video as people find it: grouped under `practice`, among all it shows in `practices`."""

    practice: str
    practices: tuple[str, ...]
    title: str
    who: str  # the Slack id of who shared it: an open door's host, a round's coach
    school: str
    when: datetime
    url: str
    source: str = "open door"


@dataclass
class Videos:
    """The newest matching videos (at most the number asked for) and how many matched in all."""

    items: list[VideoItem]
    total: int


def has_web_link(column: InstrumentedAttribute[str] = Offer.video_url) -> ColumnElement[bool]:
    """In SQL, the rows whose video link at least starts as a web link; `web_link` has the last
    word on each row read."""
    url = func.lower(column)
    return or_(url.like("http://%"), url.like("https://%"))


def offer_videos(session: Session, workspace: Workspace, terms: list[str], limit: int) -> Videos:
    """Videos of the workspace's open doors, past and future, newest first, mentioning every
    term the way `/visit list` matches words (practice, subject, grade, host, details…).

    A cancelled door keeps its video: it still shows a real classroom, and its host shared it.
    Times offered for one person's request are theirs alone, so their videos are not listed.
    Doors with a video are few beside all doors; they are read a batch at a time, so the count
    of the rest is exact without loading every door at once."""
    query = (
        select(Offer)
        .where(Offer.workspace_id == workspace.id, Offer.request_id.is_(None), has_web_link())
        .options(selectinload(Offer.host), selectinload(Offer.school))
        .order_by(Offer.starts_at.desc(), Offer.id.desc())
        .execution_options(yield_per=SEARCH_BATCH)
    )
    found: list[VideoItem] = []
    total = 0
    for offer in session.scalars(query):
        if terms and not mentions_every(offer, terms):
            continue
        item = offer_video(offer, terms)
        if item is None:
            continue
        total += 1
        if len(found) < limit:
            found.append(item)
    return Videos(found, total)


def offer_video(offer: Offer, terms: Iterable[str] = ()) -> VideoItem | None:
    """An open door's video, grouped under the first of its practices the words name (so a
    search for a practice finds it under that practice), else its first; None without a link."""
    url = web_link(offer.video_url)
    if url is None:
        return None
    named = [p for p in offer.practices if any(term in p.lower() for term in terms)]
    practice = (named or offer.practices or [OTHER_PRACTICE])[0]
    klass = " ".join(part for part in (f"Grade {offer.grade}" if offer.grade else "",
                                       offer.subject) if part)  # fmt: skip
    return VideoItem(
        practice=practice,
        practices=tuple(offer.practices),
        title=klass,
        who=offer.host.slack_user_id,
        school=offer.school.name,
        when=offer.starts_at,
        url=url,
    )


def round_videos(session: Session, workspace: Workspace, terms: list[str], limit: int) -> Videos:
    """Videos coaches shared with their coaching rounds, newest first, mentioning every term in
    the round's problem of practice, look-fors, school or coach. A round looks into a problem of
    practice rather than a practice from the catalogue, so its video is found under that problem.
    Like a cancelled door's, a called-off round's video stays: its coach chose to share it."""
    query = (
        select(GroupVisit)
        .where(
            GroupVisit.workspace_id == workspace.id,
            GroupVisit.kind == GroupVisitKind.ROUND,
            has_web_link(GroupVisit.video_url),
        )
        .options(selectinload(GroupVisit.planner), selectinload(GroupVisit.school))
        .order_by(GroupVisit.debrief_at.desc(), GroupVisit.id.desc())
        .execution_options(yield_per=SEARCH_BATCH)
    )
    found: list[VideoItem] = []
    total = 0
    for visit in session.scalars(query):
        said = " ".join([visit.problem, *visit.look_fors, visit.school.name,
                         visit.planner.name, "coaching round"]).lower()  # fmt: skip
        item = round_video(visit)
        if item is None or not all(term in said for term in terms):
            continue
        total += 1
        if len(found) < limit:
            found.append(item)
    return Videos(found, total)


def round_video(visit: GroupVisit) -> VideoItem | None:
    url = web_link(visit.video_url)
    if url is None:
        return None
    return VideoItem(
        practice=visit.problem,
        practices=(visit.problem,),
        title="Coaching round",
        who=visit.planner.slack_user_id,
        school=visit.school.name,
        when=visit.debrief_at,
        url=url,
        source="coaching round",
    )


Source = Callable[[Session, Workspace, list[str], int], Videos]
SOURCES: tuple[Source, ...] = (offer_videos, round_videos)


def find_videos(
    session: Session, workspace: Workspace, words: str, limit: int = VIDEOS_LISTED
) -> Videos:
    """`/visit videos [words]`: every source's newest matching videos, merged newest first."""
    terms = [term.lower() for term in words.split()]
    items: list[VideoItem] = []
    total = 0
    for source in SOURCES:
        found = source(session, workspace, terms, limit)
        items += found.items
        total += found.total
    items.sort(key=lambda item: item.when, reverse=True)
    return Videos(items[:limit], total)


def new_videos(session: Session, schools: SchoolIds, now: datetime) -> Videos:
    """The digest's "Can't visit? Watch it": videos of the schools' open doors and coaching
    rounds that took place or were posted in the past week, newest first, the first few and the
    count of all, one statement per source whatever the district's size."""
    week_ago = now - timedelta(days=7)
    doors = session.execute(
        select(Offer, func.count().over())
        .where(
            Offer.school_id.in_(schools),
            Offer.request_id.is_(None),
            has_web_link(),
            or_(
                (Offer.starts_at > week_ago) & (Offer.starts_at <= now),
                Offer.created_at > week_ago,
            ),
        )
        .options(joinedload(Offer.host), joinedload(Offer.school))
        .order_by(Offer.starts_at.desc(), Offer.id.desc())
        .limit(DIGEST_VIDEOS)
    ).all()
    rounds = session.execute(
        select(GroupVisit, func.count().over())
        .where(
            GroupVisit.school_id.in_(schools),
            GroupVisit.kind == GroupVisitKind.ROUND,
            has_web_link(GroupVisit.video_url),
            or_(
                (GroupVisit.debrief_at > week_ago) & (GroupVisit.debrief_at <= now),
                GroupVisit.created_at > week_ago,
            ),
        )
        .options(joinedload(GroupVisit.planner), joinedload(GroupVisit.school))
        .order_by(GroupVisit.debrief_at.desc(), GroupVisit.id.desc())
        .limit(DIGEST_VIDEOS)
    ).all()
    # The count is SQL's: a row whose link only starts like a web link ("https:// x") is counted
    # among "the rest" though never shown; the forms have refused such links all along.
    items = [item for offer, _ in doors if (item := offer_video(offer)) is not None]
    items += [item for visit, _ in rounds if (item := round_video(visit)) is not None]
    items.sort(key=lambda item: item.when, reverse=True)
    total = (doors[0][1] if doors else 0) + (rounds[0][1] if rounds else 0)
    return Videos(items[:DIGEST_VIDEOS], total)
