"""Bell schedules, members' planning and teaching periods, coverage coordinators, and cover
requests: schools.bell_schedule, members.planning_periods / teaching_periods /
coordinates_cover, visits.cover_status / cover_by_id, and cover_days

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "schools", sa.Column("bell_schedule", sa.JSON(), nullable=False, server_default="[]")
    )
    for column in ("planning_periods", "teaching_periods"):
        op.add_column("members", sa.Column(column, sa.JSON(), nullable=False, server_default="[]"))
    op.add_column(
        "members",
        sa.Column("coordinates_cover", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "visits",
        sa.Column("cover_status", sa.String(length=16), nullable=False, server_default=""),
    )
    with op.batch_alter_table("visits") as batch:
        batch.add_column(sa.Column("cover_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_visits_cover_by_id_members", "members", ["cover_by_id"], ["id"]
        )
    op.create_table(
        "cover_days",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("visits", sa.JSON(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"], ["workspaces.id"], name="fk_cover_days_workspace_id_workspaces"
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name="fk_cover_days_school_id_schools"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_cover_days"),
        sa.UniqueConstraint("school_id", "day", name="uq_cover_days_school_id"),
    )
    op.create_index("ix_cover_days_workspace_id", "cover_days", ["workspace_id"])


def downgrade() -> None:
    op.drop_index("ix_cover_days_workspace_id", table_name="cover_days")
    op.drop_table("cover_days")
    with op.batch_alter_table("visits") as batch:
        batch.drop_constraint("fk_visits_cover_by_id_members", type_="foreignkey")
        batch.drop_column("cover_by_id")
        batch.drop_column("cover_status")
    with op.batch_alter_table("members") as batch:
        batch.drop_column("coordinates_cover")
        batch.drop_column("teaching_periods")
        batch.drop_column("planning_periods")
    with op.batch_alter_table("schools") as batch:
        batch.drop_column("bell_schedule")
