"""teams: named groups of members with a lead, each with its own digest

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23

A multi-classroom leader made a "coach" saw the whole school rather than their team. Teams are
real from this revision: an admin or leader names one, its lead and its members; a member can be
in several; the lead gets the team's digest.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["lead_id"], ["members.id"], name=op.f("fk_teams_lead_id_members")),
        sa.ForeignKeyConstraint(
            ["workspace_id"], ["workspaces.id"], name=op.f("fk_teams_workspace_id_workspaces")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
        sa.UniqueConstraint("workspace_id", "name", name=op.f("uq_teams_workspace_id")),
    )
    op.create_index(op.f("ix_teams_lead_id"), "teams", ["lead_id"], unique=False)
    op.create_table(
        "team_members",
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_team_members_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_team_members_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("team_id", "member_id", name=op.f("pk_team_members")),
    )
    op.create_index("ix_team_members_member_id", "team_members", ["member_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_team_members_member_id", table_name="team_members")
    op.drop_table("team_members")
    op.drop_index(op.f("ix_teams_lead_id"), table_name="teams")
    op.drop_table("teams")
