"""commitment register as a policy officer's tool

- commitments.progress_note: where progress stands, in staff's words (internal).
- commitments.council_url: the commitment's page in the council information system.
- commitment_texts: title and description per language other than Dutch, with a review
  status (Dutch stays in the commitments row).
- commitment_events: the history (who, when, old -> new).

`commitments` is altered in place (recreate="never"): on SQLite a batch copy would drop and
rebuild it and cascade-delete its links (see the commitment version migration).

Revision ID: 8d4f2a6c1e93
Revises: 0fa312ed606a
Create Date: 2026-12-07 05:20:00
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "8d4f2a6c1e93"
down_revision = "0fa312ed606a"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("commitments", recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("progress_note", sa.Text(), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("council_url", sa.String(length=500), server_default="", nullable=False)
        )
    op.create_table(
        "commitment_texts",
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("reviewed", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitments.id"],
            name=op.f("fk_commitment_texts_commitment_id_commitments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment_texts")),
        sa.UniqueConstraint(
            "commitment_id", "locale", name=op.f("uq_commitment_texts_commitment_id_locale")
        ),
    )
    op.create_table(
        "commitment_events",
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("old", sa.String(length=300), nullable=False),
        sa.Column("new", sa.String(length=300), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitments.id"],
            name=op.f("fk_commitment_events_commitment_id_commitments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_commitment_events_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment_events")),
    )
    with op.batch_alter_table("commitment_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commitment_events_commitment_id"), ["commitment_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("commitment_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitment_events_commitment_id"))
    op.drop_table("commitment_events")
    op.drop_table("commitment_texts")
    with op.batch_alter_table("commitments", recreate="never") as batch_op:
        batch_op.drop_column("council_url")
        batch_op.drop_column("progress_note")
