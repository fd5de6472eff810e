"""Who keeps a school's own settings (its bell schedule, its PD minutes): one rule for all."""

from __future__ import annotations

from bot.models import Member, School
from bot.vocabulary import Role


def keeps_school(member: Member, school: School | None) -> bool:
    """Admins, and leaders of that school or of every school; with no school named yet,
    whether the member keeps any school's."""
    if member.role == Role.ADMIN:
        return True
    return member.role == Role.LEADER and (school is None or member.school_id in (None, school.id))
