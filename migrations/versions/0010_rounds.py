"""coaching rounds: a round is a group visit (kind 'round') with a problem of practice, look-fors,
a stepped debrief, an agreed next step and the round it continues; its notes per look-for

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23

A round reuses the team visit's rows: its route of stops (each confirmed by its host), its people
and its debrief. Notes are kept per look-for in `round_notes`, never with a stop or a host.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing team visits need values for the new NOT NULL columns; batch mode lets SQLite add
    # the foreign key to the round it continues.
    with op.batch_alter_table("group_visits") as batch:
        batch.add_column(sa.Column("problem", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("look_fors", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(
            sa.Column("debrief_step", sa.String(length=16), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("next_step", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("previous_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_group_visits_previous_id_group_visits"),
            "group_visits",
            ["previous_id"],
            ["id"],
        )
    op.create_table(
        "round_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("group_visit_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("look_for", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["members.id"], name=op.f("fk_round_notes_author_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["group_visit_id"],
            ["group_visits.id"],
            name=op.f("fk_round_notes_group_visit_id_group_visits"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"], ["workspaces.id"], name=op.f("fk_round_notes_workspace_id_workspaces")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round_notes")),
        sa.UniqueConstraint(
            "group_visit_id", "author_id", "look_for", name=op.f("uq_round_notes_group_visit_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("round_notes")
    with op.batch_alter_table("group_visits") as batch:
        batch.drop_constraint(op.f("fk_group_visits_previous_id_group_visits"), type_="foreignkey")
        batch.drop_column("previous_id")
        batch.drop_column("next_step")
        batch.drop_column("debrief_step")
        batch.drop_column("look_fors")
        batch.drop_column("problem")
