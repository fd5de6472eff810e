"""outbox: what follows a visit, and the digest, expire a week after they were due

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24

From this revision, prompts, the reflection reminder, the check, the follow-up and the digest are
owed with an `expires_at` a week after their due time (`Stale.A_WEEK_LATE` in
`bot/outbox/kinds.py`), so a dispatcher that was down over a holiday skips them instead of sending
a "did you try it?" months late. Rows of those kinds still waiting to be sent were owed without
one; they get the same expiry here, so a row owed before the deploy goes stale like one owed after
it. The week is added in Python, since SQLite and PostgreSQL add intervals differently.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

A_WEEK_LATE = (
    "reflection_prompt",
    "reflection_reminder",
    "host_prompt",
    "visit_check",
    "follow_up",
    "digest",
)
LATE_BY_AT_MOST = timedelta(days=7)


def upgrade() -> None:
    notifications = sa.table(
        "notifications",
        sa.column("id", sa.Integer),
        sa.column("kind", sa.String),
        sa.column("state", sa.String),
        sa.column("due_at", sa.DateTime),
        sa.column("expires_at", sa.DateTime),
    )
    connection = op.get_bind()
    unsent = connection.execute(
        sa.select(notifications.c.id, notifications.c.due_at).where(
            notifications.c.kind.in_(A_WEEK_LATE),
            notifications.c.state.in_(("pending", "sending")),
            notifications.c.expires_at.is_(None),
        )
    ).all()
    for row in unsent:
        connection.execute(
            notifications.update()
            .where(notifications.c.id == row.id)
            .values(expires_at=row.due_at + LATE_BY_AT_MOST)
        )


def downgrade() -> None:
    """Nothing to undo: the revision before reads `expires_at` on every kind and honours it."""
