"""schools.pd_minutes: the minutes each kind of completed visit counts for toward PD hours at a
school whose leaders set their own, over the workspace's

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "schools", sa.Column("pd_minutes", sa.JSON(), nullable=False, server_default="{}")
    )


def downgrade() -> None:
    with op.batch_alter_table("schools") as batch:
        batch.drop_column("pd_minutes")
