"""outbox: look_first, and keys of messages owed before the key shapes changed

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

Messages owed before a deploy keep being owed once after it. Before this revision, reminders,
prompts, follow-ups, nudges and a few other direct messages were keyed without their recipient
(for example `host_reminder_day_before:offer:7`); the same message owed again under the current
shape (`host_reminder_day_before:offer:7:U0HOST`) would have been a second row and a second DM.
Each old key is rewritten to the shape that `bot/outbox/kinds.py` now declares; where a row with
that key already exists (owed again after the deploy), the old row, if still pending, is skipped.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

KEYED_BY_SUBJECT = (
    "reminder_day_before",
    "reminder_hour_before",
    "host_reminder_day_before",
    "host_reminder_hour_before",
    "reflection_prompt",
    "reflection_reminder",
    "host_prompt",
    "visit_check",
    "follow_up",
    "coach_helping",
    "help_asked",
)
# Old key → new key, given the row's recipient.
LEGACY = [
    (re.compile(rf"^({'|'.join(KEYED_BY_SUBJECT)}):(\w+):(\d+)$"), r"\1:\2:\3:{recipient}"),
    (re.compile(r"^nudge_visit:(\d+):(\d{4}-W\d{2})$"), r"nudge_visit:member:\1:{recipient}:\2"),
    (re.compile(r"^nudge_host:(\d+)$"), r"nudge_host:offer:\1:{recipient}"),
    (re.compile(r"^nudge_request:(\d+):\d+$"), r"nudge_request:request:\1:{recipient}"),
    (re.compile(r"^approval-ask-dm:(\d+)$"), r"approval_ask:visit:\1:{recipient}"),
]
LEGACY_KINDS = (*KEYED_BY_SUBJECT, "nudge_visit", "nudge_host", "nudge_request", "approval_ask")


def upgrade() -> None:
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(
            sa.Column("look_first", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    notifications = sa.table(
        "notifications",
        sa.column("id", sa.Integer),
        sa.column("key", sa.String),
        sa.column("kind", sa.String),
        sa.column("recipient", sa.String),
        sa.column("state", sa.String),
        sa.column("last_error", sa.Text),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(notifications.c.id, notifications.c.key, notifications.c.recipient).where(
            notifications.c.kind.in_(LEGACY_KINDS)
        )
    ).all()
    taken = {row.key for row in rows}
    for row in rows:
        new_key = current_key(row.key, row.recipient)
        if new_key is None:
            continue
        mine = notifications.update().where(notifications.c.id == row.id)
        if new_key in taken:  # owed again after the deploy: that row stands, this one goes quiet
            connection.execute(
                mine.where(notifications.c.state == "pending").values(
                    state="skipped", last_error="owed again under its current key"
                )
            )
            continue
        connection.execute(mine.values(key=new_key))
        taken.add(new_key)


def current_key(key: str, recipient: str) -> str | None:
    """The key this row would have today, or None when it already has today's shape."""
    for old, new in LEGACY:
        if old.match(key):
            return old.sub(new, key).replace("{recipient}", recipient)
    return None


def downgrade() -> None:
    with op.batch_alter_table("notifications") as batch:
        batch.drop_column("look_first")
