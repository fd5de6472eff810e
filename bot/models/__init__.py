"""Database tables named after design.md's vocabulary; every row belongs to one workspace (team).

One module per area of the design, so a change to one kind of record is read in one place:

- `base`: the declarative `Base` and `UTCDateTime`, which every table uses.
- `workspaces`: `Workspace`, its `School`s, the `NoVisitDate`s it marked off, and its `Member`s.
- `teams`: `Team` and `TeamMember`.
- `visits`: one-to-one visits: `Request`, `Offer` (an open door), `Visit`, `Reflection`.
- `cover`: `CoverDay`, a school day's cover request.
- `notifications`: `Notification`, the outbox's row.
- `group_visits`: team visits and coaching rounds: `GroupVisit`, `Stop`, `GroupMember`,
  `GroupReflection`, `RoundNote`.
- `leadership`: leaders' own records: `WalkThrough`, `CheckIn`, `CheckInNote`.

Import models from here (`from bot.models import Offer`), not from the modules. Importing this
package imports every module, so `Base.metadata` holds every table: Alembic's env.py and the test
comparing the models with the migrations rely on that.
"""

from bot.models.base import Base, UTCDateTime
from bot.models.cover import CoverDay
from bot.models.group_visits import GroupMember, GroupReflection, GroupVisit, RoundNote, Stop
from bot.models.leadership import CheckIn, CheckInNote, WalkThrough
from bot.models.notifications import Notification
from bot.models.teams import Team, TeamMember
from bot.models.visits import Offer, Reflection, Request, Visit
from bot.models.workspaces import Member, NoVisitDate, School, Workspace

__all__ = [
    "Base",
    "CheckIn",
    "CheckInNote",
    "CoverDay",
    "GroupMember",
    "GroupReflection",
    "GroupVisit",
    "Member",
    "NoVisitDate",
    "Notification",
    "Offer",
    "Reflection",
    "Request",
    "RoundNote",
    "School",
    "Stop",
    "Team",
    "TeamMember",
    "UTCDateTime",
    "Visit",
    "WalkThrough",
    "Workspace",
]
