"""team visits: a group's morning at a host school, its route of stops, its members and reflections

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23

A team visit (`group_visits`, kind 'team_visit'; coaching rounds will reuse the table as 'round')
has a route of stops, each a classroom and time confirmed by its host, the people on it with
their vote on what to try and their follow-up answer, and what each wrote after the route. 0007
is another change's; the two are chained at merge.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def upgrade() -> None:
    op.create_table(
        "group_visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("planner_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("debrief_at", sa.DateTime(), nullable=False),
        sa.Column("debrief_place", sa.String(length=120), nullable=False),
        sa.Column("debrief_prompt", sa.Text(), nullable=False),
        sa.Column("poll_options", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("poll_closes_at", sa.DateTime(), nullable=False),
        sa.Column("decision", sa.JSON(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _fk("group_visits", "planner_id", "members"),
        _fk("group_visits", "school_id", "schools"),
        _fk("group_visits", "workspace_id", "workspaces"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_visits")),
    )
    op.create_index(
        op.f("ix_group_visits_workspace_id"), "group_visits", ["workspace_id"], unique=False
    )
    op.create_table(
        "stops",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("group_visit_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("host_id", sa.Integer(), nullable=False),
        sa.Column("room", sa.String(length=120), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        _fk("stops", "group_visit_id", "group_visits"),
        _fk("stops", "host_id", "members"),
        _fk("stops", "workspace_id", "workspaces"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stops")),
    )
    op.create_index(op.f("ix_stops_group_visit_id"), "stops", ["group_visit_id"], unique=False)
    op.create_table(
        "group_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_visit_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("vote", sa.String(length=200), nullable=False),
        sa.Column("follow_up", sa.String(length=16), nullable=False),
        _fk("group_members", "group_visit_id", "group_visits"),
        _fk("group_members", "member_id", "members"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_members")),
        sa.UniqueConstraint(
            "group_visit_id", "member_id", name=op.f("uq_group_members_group_visit_id")
        ),
    )
    op.create_table(
        "group_reflections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("group_visit_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("noticed", sa.Text(), nullable=False),
        sa.Column("wondered", sa.Text(), nullable=False),
        sa.Column("will_try", sa.Text(), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _fk("group_reflections", "author_id", "members"),
        _fk("group_reflections", "group_visit_id", "group_visits"),
        _fk("group_reflections", "workspace_id", "workspaces"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_reflections")),
        sa.UniqueConstraint(
            "group_visit_id", "author_id", name=op.f("uq_group_reflections_group_visit_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("group_reflections")
    op.drop_table("group_members")
    op.drop_index(op.f("ix_stops_group_visit_id"), table_name="stops")
    op.drop_table("stops")
    op.drop_index(op.f("ix_group_visits_workspace_id"), table_name="group_visits")
    op.drop_table("group_visits")
