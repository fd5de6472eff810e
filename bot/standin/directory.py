"""Who and where in the stand-in workspace: its members and conversations.

users.* and conversations.* return these objects and every other method checks against them
(a deactivated person, a private channel the bot is not in), so their Slack shapes live here,
beside the rule that names the bot's DM with each person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@dataclass
class User:
    """A workspace member; deleted members stay, as in Slack, with most fields gone."""

    id: str
    name: str
    real_name: str
    tz: str = "America/New_York"
    is_admin: bool = False
    is_owner: bool = False
    deleted: bool = False
    is_bot: bool = False
    guest: bool = False

    def to_api(self, team_id: str) -> dict[str, Any]:
        """The user object users.info and users.list return."""
        profile = {
            "real_name": self.real_name,
            "real_name_normalized": self.real_name,
            "display_name": self.name,
            "display_name_normalized": self.name,
            "team": team_id,
        }
        user: dict[str, Any] = {
            "id": self.id,
            "team_id": team_id,
            "name": self.name,
            "deleted": self.deleted,
            "profile": profile,
            "is_bot": self.is_bot,
            "is_app_user": False,
            "updated": 1700000000,
        }
        if self.deleted:  # Slack drops real_name, tz and the role flags of deactivated users
            return user
        offset, label = _zone(self.tz)
        user.update(
            real_name=self.real_name,
            tz=self.tz,
            tz_label=label,
            tz_offset=offset,
            is_admin=self.is_admin,
            is_owner=self.is_owner,
            is_primary_owner=False,
            is_restricted=self.guest,
            is_ultra_restricted=False,
        )
        return user


@dataclass
class UserGroup:
    """A user group (@handle): setup may name one as a school's staff list."""

    id: str
    handle: str
    name: str
    users: list[str] = field(default_factory=list)

    def to_api(self, team_id: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "team_id": team_id,
            "is_usergroup": True,
            "name": self.name,
            "handle": self.handle,
            "date_delete": 0,
            "user_count": len(self.users),
        }


def _zone(tz: str) -> tuple[int, str]:
    """The UTC offset in seconds and the zone's name at the (possibly frozen) current time."""
    try:
        now = datetime.now(ZoneInfo(tz))
    except (ZoneInfoNotFoundError, ValueError):
        return 0, tz
    offset = now.utcoffset()
    return int(offset.total_seconds()) if offset else 0, now.tzname() or tz


@dataclass
class Channel:
    """A conversation: a public or private channel, or a DM between the bot and one person."""

    id: str
    name: str
    is_private: bool = False
    members: set[str] = field(default_factory=set)
    archived: bool = False
    im_user: str | None = None

    def to_api(self, bot_user_id: str) -> dict[str, Any]:
        """The conversation object conversations.info and conversations.join return."""
        if self.im_user:
            return {
                "id": self.id,
                "created": 1700000000,
                "is_im": True,
                "is_org_shared": False,
                "user": self.im_user,
                "is_user_deleted": False,
                "priority": 0,
            }
        return {
            "id": self.id,
            "name": self.name,
            "name_normalized": self.name,
            "is_channel": not self.is_private,
            "is_group": False,
            "is_im": False,
            "is_mpim": False,
            "is_private": self.is_private,
            "is_archived": self.archived,
            "is_general": False,
            "is_member": bot_user_id in self.members,
            "created": 1700000000,
            "creator": "",
            "topic": {"value": "", "creator": "", "last_set": 0},
            "purpose": {"value": "", "creator": "", "last_set": 0},
        }


def dm_channel_id(user_id: str) -> str:
    """The id of the bot's DM with a person: "D" and the user id without its leading letter."""
    return "D" + user_id[1:]
