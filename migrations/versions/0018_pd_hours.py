"""workspaces.pd_*_minutes: what a completed visit made, a visit hosted, a team visit and a
coaching round each count for toward professional-development hours

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

DEFAULTS = {
    "pd_visit_minutes": "45",
    "pd_hosted_minutes": "45",
    "pd_team_visit_minutes": "180",
    "pd_round_minutes": "120",
}


def upgrade() -> None:
    for column, minutes in DEFAULTS.items():
        op.add_column(
            "workspaces",
            sa.Column(column, sa.Integer(), nullable=False, server_default=minutes),
        )


def downgrade() -> None:
    with op.batch_alter_table("workspaces") as batch:
        for column in reversed(DEFAULTS):
            batch.drop_column(column)
