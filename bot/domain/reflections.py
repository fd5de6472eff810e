"""Reflections and what follows a visit: thanks, "did it happen?", "did you try it?".

Reflections are private to their author. What reaches the host is decided by the author (share)
and by the feedback the host asked for; coaches only ever see what was shared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.errors import DomainError, FieldErrors, NotAllowed, check
from bot.domain.members import reachable_coaches
from bot.domain.offers import get_offer
from bot.domain.outbox import tell
from bot.domain.visits import get_visit, lock_visit
from bot.models import Member, Offer, Reflection, Visit, Workspace
from bot.vocabulary import NotificationKind, VisitStatus

MAX_TEXT = 2000
FOLLOW_UP_ANSWERS = ("tried", "not_yet")
MAX_HELP_TEXT = 1000
_JUDGING = re.compile(
    r"\b(good|great|bad|should(?:n't)?|i liked|i loved|i didn't like|nice|amazing|awesome|poor|"
    r"wrong|terrible|excellent|perfect|better|worse|best|worst|boring|weak|strong)\b",
    re.IGNORECASE,
)


class JudgingWords(DomainError):
    """Not a refusal: a nudge to describe rather than judge. The author may keep their words."""

    def __init__(self, words: list[str]) -> None:
        quoted = ", ".join(f"“{word}”" for word in words)
        super().__init__(
            f"A small nudge: {quoted} judge rather than describe. Could you say what you saw and "
            'heard instead ("Students explained their thinking to a partner")? '
            "If you'd rather keep your words, just save again."
        )
        self.words = words


@dataclass
class ReflectionForm:
    noticed: str = ""
    wondered: str = ""
    will_try: str = ""
    question: str = ""
    thanks: str = ""
    share: bool = False


def judging_words(*texts: str) -> list[str]:
    found: list[str] = []
    for text in texts:
        for match in _JUDGING.finditer(text):
            word = match.group(0).lower()
            if word not in found:
                found.append(word)
    return found


def reflection_of(session: Session, offer: Offer, author: Member) -> Reflection | None:
    return session.scalar(
        select(Reflection).where(Reflection.offer_id == offer.id, Reflection.author_id == author.id)
    )


def save_reflection(
    session: Session,
    workspace: Workspace,
    author: Member,
    visit_id: int,
    form: ReflectionForm,
    now: datetime,
    keep_words: bool = False,
) -> Reflection:
    """Save (or edit) the visitor's reflection; the host gets the thank-you and what was shared."""
    visit = get_visit(session, workspace, visit_id)
    if visit.visitor_id != author.id:
        raise NotAllowed("Only the visitor can reflect on this visit.")
    if visit.status not in (VisitStatus.CONFIRMED, VisitStatus.COMPLETED):
        raise DomainError(f"This visit was {visit.status}, so there's nothing to reflect on.")
    if visit.offer.starts_at > now:
        raise DomainError("You can reflect once the visit has happened.")
    errors: dict[str, str] = {}
    if not form.noticed.strip():
        errors["noticed"] = "Write down one thing you saw or heard."
    for field in ("noticed", "wondered", "will_try", "question", "thanks"):
        if len(getattr(form, field)) > MAX_TEXT:
            errors[field] = f"Keep this under {MAX_TEXT} characters."
    check(errors)
    words = judging_words(form.noticed, form.wondered)
    if words and not keep_words:
        raise JudgingWords(words)
    reflection = reflection_of(session, visit.offer, author)
    first = reflection is None
    was_shared, old_thanks = (reflection.shared, reflection.thanks) if reflection else (False, "")
    if reflection is None:
        reflection = Reflection(
            workspace_id=workspace.id,
            offer_id=visit.offer_id,
            visit_id=visit.id,
            author_id=author.id,
            created_at=now,
        )
        session.add(reflection)
    reflection.noticed, reflection.wondered = form.noticed.strip(), form.wondered.strip()
    reflection.will_try, reflection.question = form.will_try.strip(), form.question.strip()
    reflection.thanks = form.thanks.strip()
    reflection.shared = form.share and visit.offer.feedback != "none"
    reflection.updated_at = now
    visit.status = VisitStatus.COMPLETED
    session.flush()
    host = visit.offer.host.slack_user_id
    new_thanks = reflection.thanks and reflection.thanks != old_thanks
    if first or new_thanks:
        suffix = "" if first else f":{int(now.timestamp())}"
        tell(session, workspace, NotificationKind.THANKS, host, reflection, now, key_suffix=suffix)
    elif reflection.shared and not was_shared:
        tell(session, workspace, NotificationKind.REFLECTION_SHARED, host, reflection, now)
    return reflection


def save_host_note(
    session: Session,
    workspace: Workspace,
    host: Member,
    offer_id: int,
    hoped: str,
    note: str,
    send_note: bool,
    now: datetime,
) -> Reflection:
    """The host's own short reflection; the note can go to the visitors who came."""
    offer = get_offer(session, workspace, offer_id)
    if offer.host_id != host.id:
        raise NotAllowed("Only the host can write this reflection.")
    errors = {
        field: f"Keep this under {MAX_TEXT} characters."
        for field, text in (("hoped", hoped), ("note", note))
        if len(text) > MAX_TEXT
    }
    if send_note and not note.strip():
        errors["note"] = "Write the note you'd like to send, or untick sending it."
    check(errors)
    reflection = reflection_of(session, offer, host) or Reflection(
        workspace_id=workspace.id, offer_id=offer.id, author_id=host.id, created_at=now
    )
    session.add(reflection)
    reflection.hoped, reflection.thanks = hoped.strip(), note.strip()
    reflection.shared = send_note
    reflection.updated_at = now
    session.flush()
    if send_note:
        for visit in offer.visits:
            if visit.status in (VisitStatus.CONFIRMED, VisitStatus.COMPLETED):
                tell(
                    session,
                    workspace,
                    NotificationKind.HOST_NOTE,
                    visit.visitor.slack_user_id,
                    reflection,
                    now,
                )
    return reflection


def answer_visit_check(
    session: Session,
    workspace: Workspace,
    member: Member,
    visit_id: int,
    happened: bool,
    now: datetime,
) -> Visit:
    """A visit nobody reflected on is asked about rather than counted as done. The first answer
    settles it: a visit reflected on, or already answered, is not flipped by a later click."""
    visit = lock_visit(session, workspace, visit_id)
    if member.id not in (visit.visitor_id, visit.offer.host_id):
        raise NotAllowed("Only the visitor or the host can answer this.")
    outcome = VisitStatus.COMPLETED if happened else VisitStatus.MISSED
    if visit.status == VisitStatus.CONFIRMED:
        visit.status = outcome
        visit.decided_at = now
        return visit
    if reflection_of(session, visit.offer, visit.visitor) is not None:
        raise DomainError(
            "The visitor already reflected on this visit, so it stays counted as a visit."
        )
    if visit.status == outcome:
        return visit
    if visit.status in (VisitStatus.COMPLETED, VisitStatus.MISSED):
        raise DomainError(f"This visit was already marked as {visit.status}.")
    raise DomainError(f"This visit was {visit.status}.")


def answer_follow_up(
    session: Session,
    workspace: Workspace,
    visitor: Member,
    visit_id: int,
    answer: str,
    now: datetime,
) -> Visit:
    """ "Did you try it?": tried it, or not yet. Need help has its own step (`ask_for_help`)."""
    visit = _visitors_own(session, workspace, visitor, visit_id)
    if answer not in FOLLOW_UP_ANSWERS:
        raise DomainError("I didn't understand that answer.")
    visit.follow_up = answer
    return visit


def ask_for_help(
    session: Session,
    workspace: Workspace,
    visitor: Member,
    visit_id: int,
    got_in_the_way: str,
    tell_coach: bool,
    now: datetime,
) -> list[Member]:
    """Need help: the visitor's own words about what got in the way go to the host and, only if
    the visitor asks, to their school's coaches. The words travel in those messages alone (their
    payload), never into the digest or a record others read. Returns the coaches told."""
    visit = _visitors_own(session, workspace, visitor, visit_id)
    words = got_in_the_way.strip()
    if not words:
        raise FieldErrors(
            {"got_in_the_way": "Say in a line what got in the way, so the host can help."}
        )
    if len(words) > MAX_HELP_TEXT:
        raise FieldErrors({"got_in_the_way": f"Keep this under {MAX_HELP_TEXT} characters."})
    visit.follow_up = "need_help"
    coaches = _coaches_of(session, workspace, visitor) if tell_coach else []
    asked = f":{int(now.timestamp())}"  # each ask is its own message: new words go out too
    for recipient in [visit.offer.host, *coaches]:
        tell(session, workspace, NotificationKind.HELP_ASKED, recipient.slack_user_id, visit, now,
             payload={"words": words}, key_suffix=asked)  # fmt: skip
    return coaches


def _visitors_own(session: Session, workspace: Workspace, visitor: Member, visit_id: int) -> Visit:
    visit = get_visit(session, workspace, visit_id)
    if visit.visitor_id != visitor.id:
        raise NotAllowed("Only the visitor can answer this.")
    return visit


def _coaches_of(session: Session, workspace: Workspace, member: Member) -> list[Member]:
    """The coaches of the member's school who can be reached; district coaches (no school) when
    the school has none, so a visitor who asks is never left unheard."""
    coaches = [c for c in reachable_coaches(session, workspace) if c.id != member.id]
    own = [coach for coach in coaches if member.school_id and coach.school_id == member.school_id]
    return own or [coach for coach in coaches if coach.school_id is None]
