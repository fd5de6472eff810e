"""reflections follow-ups nudges digests

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "reflections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("hoped", sa.Text(), nullable=False),
        sa.Column("noticed", sa.Text(), nullable=False),
        sa.Column("wondered", sa.Text(), nullable=False),
        sa.Column("will_try", sa.Text(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("thanks", sa.Text(), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["members.id"], name=op.f("fk_reflections_author_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name=op.f("fk_reflections_offer_id_offers")
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visits.id"], name=op.f("fk_reflections_visit_id_visits")
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"], ["workspaces.id"], name=op.f("fk_reflections_workspace_id_workspaces")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reflections")),
        sa.UniqueConstraint("offer_id", "author_id", name=op.f("uq_reflections_offer_id")),
    )
    op.create_index(
        op.f("ix_reflections_workspace_id"), "reflections", ["workspace_id"], unique=False
    )
    # Existing rows need values for the new NOT NULL columns; batch mode lets SQLite add the
    # foreign key by rebuilding the table, and is a plain ALTER on PostgreSQL.
    with op.batch_alter_table("members") as batch:
        batch.add_column(
            sa.Column("nudges_muted", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("undeliverable", sa.String(length=64), nullable=False, server_default="")
        )
    op.add_column("notifications", sa.Column("expires_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("requests") as batch:
        batch.add_column(sa.Column("helper_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_requests_helper_id_members"), "members", ["helper_id"], ["id"]
        )
    op.add_column(
        "visits", sa.Column("follow_up", sa.String(length=16), nullable=False, server_default="")
    )
    with op.batch_alter_table("workspaces") as batch:
        batch.add_column(
            sa.Column("digest_weekday", sa.Integer(), nullable=False, server_default="4")
        )
        batch.add_column(
            sa.Column("digest_hour", sa.Integer(), nullable=False, server_default="14")
        )
        batch.add_column(sa.Column("paused_until", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("paused_since", sa.DateTime(), nullable=True))
        batch.add_column(
            sa.Column("pause_reason", sa.String(length=64), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("channel_problem", sa.String(length=64), nullable=False, server_default="")
        )


def downgrade() -> None:

    op.drop_column("workspaces", "channel_problem")
    op.drop_column("workspaces", "pause_reason")
    op.drop_column("workspaces", "paused_since")
    op.drop_column("workspaces", "paused_until")
    op.drop_column("workspaces", "digest_hour")
    op.drop_column("workspaces", "digest_weekday")
    op.drop_column("visits", "follow_up")
    with op.batch_alter_table("requests") as batch:
        batch.drop_constraint(op.f("fk_requests_helper_id_members"), type_="foreignkey")
        batch.drop_column("helper_id")
    op.drop_column("notifications", "expires_at")
    op.drop_column("members", "undeliverable")
    op.drop_column("members", "nudges_muted")
    op.drop_index(op.f("ix_reflections_workspace_id"), table_name="reflections")
    op.drop_table("reflections")
