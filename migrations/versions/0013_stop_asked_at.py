"""stops.asked_at: when a stop's host was asked, so an ask still unanswered when the team's
reminders go (or a late ask after its grace hours) can be given up and the planner told

Revision ID: 0013
Revises: 0010
Create Date: 2026-11-23

Stops asked before this column existed have none; they count from their group visit's creation.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("stops", sa.Column("asked_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    op.drop_column("stops", "asked_at")
