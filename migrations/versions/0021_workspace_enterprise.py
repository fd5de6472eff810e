"""workspaces.enterprise_id: the Enterprise Grid org a workspace belongs to, so that scheduled
messages find an org-wide install's token

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("workspaces", sa.Column("enterprise_id", sa.String(32), nullable=True))
    op.create_index("ix_workspaces_enterprise_id", "workspaces", ["enterprise_id"])


def downgrade() -> None:
    op.drop_index("ix_workspaces_enterprise_id", table_name="workspaces")
    with op.batch_alter_table("workspaces") as batch:
        batch.drop_column("enterprise_id")
