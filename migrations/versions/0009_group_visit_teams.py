"""group visits planned for a team: the team's lead sees what it decided

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23

A team visit planned by picking a team (`/visit team`) brings all its people and records the
team, so the team lead's digest can show what the team decided to try. Visits planned by picking
people keep no team.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("group_visits") as batch:
        batch.add_column(sa.Column("team_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_group_visits_team_id_teams"), "teams", ["team_id"], ["id"]
        )
        batch.create_index(op.f("ix_group_visits_team_id"), ["team_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("group_visits") as batch:
        batch.drop_index(op.f("ix_group_visits_team_id"))
        batch.drop_constraint(op.f("fk_group_visits_team_id_teams"), type_="foreignkey")
        batch.drop_column("team_id")
