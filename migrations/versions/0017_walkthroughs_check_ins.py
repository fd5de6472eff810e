"""walk_throughs, check_ins and check_in_notes: a leader's own records of classrooms walked
(look-fors with a tally or a few words each) and of recurring check-ins on a school's goals

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "walk_throughs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=False),
        sa.Column("teachers", sa.JSON(), nullable=False),
        sa.Column("look_fors", sa.JSON(), nullable=False),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.Column("shared_with", sa.JSON(), nullable=False),
        sa.Column("shared_note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["leader_id"], ["members.id"], name=op.f("fk_walk_throughs_leader_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_walk_throughs_workspace_id_workspaces"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_walk_throughs")),
    )
    op.create_index(
        "ix_walk_throughs_leader_id", "walk_throughs", ["leader_id", "created_at"], unique=False
    )
    op.create_table(
        "check_ins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("goals", sa.JSON(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("stopped_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["leader_id"], ["members.id"], name=op.f("fk_check_ins_leader_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["members.id"], name=op.f("fk_check_ins_partner_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_check_ins_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"], ["workspaces.id"], name=op.f("fk_check_ins_workspace_id_workspaces")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_ins")),
    )
    op.create_index(op.f("ix_check_ins_leader_id"), "check_ins", ["leader_id"], unique=False)
    op.create_index(op.f("ix_check_ins_workspace_id"), "check_ins", ["workspace_id"], unique=False)
    op.create_table(
        "check_in_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("check_in_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("goal", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["check_in_id"],
            ["check_ins.id"],
            name=op.f("fk_check_in_notes_check_in_id_check_ins"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_check_in_notes_workspace_id_workspaces"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_in_notes")),
        sa.UniqueConstraint(
            "check_in_id", "day", "goal", name=op.f("uq_check_in_notes_check_in_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("check_in_notes")
    op.drop_index(op.f("ix_check_ins_workspace_id"), table_name="check_ins")
    op.drop_index(op.f("ix_check_ins_leader_id"), table_name="check_ins")
    op.drop_table("check_ins")
    op.drop_index("ix_walk_throughs_leader_id", table_name="walk_throughs")
    op.drop_table("walk_throughs")
