"""members.hosting_limit and hosting_per: how many visits a host is glad to host a week or a
month, so suggestions lean away from hosts who have had their fill

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("members", sa.Column("hosting_limit", sa.Integer(), nullable=True))
    op.add_column(
        "members",
        sa.Column("hosting_per", sa.String(length=8), nullable=False, server_default="week"),
    )


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("hosting_per")
        batch.drop_column("hosting_limit")
