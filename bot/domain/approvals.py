"""A host's approval of a visitor, around the answer itself: closing the ask in the channel.

What the channel shows is public, so it only ever says a welcome: an ask that ends any other
way (declined, withdrawn, lapsed) is closed without naming the visitor, who hears by DM.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.outbox import owe
from bot.models import Visit, Workspace
from bot.vocabulary import NotificationKind


def close_ask(session: Session, workspace: Workspace, visit: Visit, now: datetime) -> None:
    """Owe the update of the ask where it was posted: the welcome, or a neutral closed ask."""
    offer = visit.offer
    owe(
        session,
        workspace,
        kind=NotificationKind.APPROVAL_ANSWERED,
        recipient=offer.channel_id or offer.host.slack_user_id,
        key=f"approval-answered:{visit.id}",
        due_at=now,
        now=now,
        subject=visit,
    )
