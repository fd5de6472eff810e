"""staff rosters: where each school's staff list is read from, and who is on it

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23

Participation was counted against the people who had used Open Door. From this revision a school
names a channel or user group as its staff list (a one-school workspace uses the visits channel),
Open Door reads it daily, and members on it (`on_roster`) are the staff the digest counts and the
newcomers it invites. Existing rows start off the roster: nothing changes for a school until its
list is first read.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workspaces") as batch:
        batch.add_column(sa.Column("roster_due_at", sa.DateTime(), nullable=True))
        batch.add_column(
            sa.Column("user_groups", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
    with op.batch_alter_table("schools") as batch:
        batch.add_column(sa.Column("staff_channel_id", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("staff_usergroup_id", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("roster_read_at", sa.DateTime(), nullable=True))
        batch.add_column(
            sa.Column("roster_problem", sa.String(length=64), nullable=False, server_default="")
        )
    with op.batch_alter_table("members") as batch:
        batch.add_column(
            sa.Column("on_roster", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("on_roster")
    with op.batch_alter_table("schools") as batch:
        for column in (
            "roster_problem",
            "roster_read_at",
            "staff_usergroup_id",
            "staff_channel_id",
        ):
            batch.drop_column(column)
    with op.batch_alter_table("workspaces") as batch:
        batch.drop_column("user_groups")
        batch.drop_column("roster_due_at")
