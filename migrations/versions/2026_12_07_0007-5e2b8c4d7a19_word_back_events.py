"""word back: pending news for the people who raised a signal linked to an action

- action_word_back: one row per person and piece of news (a public update, a status
  change, done); the word-back job bundles a person's pending rows into one message a
  day and marks them sent in the same transaction.

Revision ID: 5e2b8c4d7a19
Revises: 8d4f2a6c1e93
Create Date: 2026-12-07 05:30:00
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5e2b8c4d7a19"
down_revision = "8d4f2a6c1e93"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "action_word_back",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("signal_id", sa.Integer(), nullable=False),
        sa.Column("submitter_id", sa.Integer(), nullable=False),
        sa.Column("update_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("released", sa.Boolean(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('update','status','done')", name=op.f("ck_action_word_back_kind")
        ),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"],
            name=op.f("fk_action_word_back_action_id_actions"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["signal_id"], ["signals.id"],
            name=op.f("fk_action_word_back_signal_id_signals"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["submitter_id"], ["signal_submitters.id"],
            name=op.f("fk_action_word_back_submitter_id_signal_submitters"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["update_id"], ["action_updates.id"],
            name=op.f("fk_action_word_back_update_id_action_updates"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_word_back")),
    )
    with op.batch_alter_table("action_word_back", schema=None) as batch_op:
        batch_op.create_index("ix_action_word_back_pending", ["sent_at", "action_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_action_word_back_signal_id"), ["signal_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_action_word_back_submitter_id"), ["submitter_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("action_word_back", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_word_back_submitter_id"))
        batch_op.drop_index(batch_op.f("ix_action_word_back_signal_id"))
        batch_op.drop_index("ix_action_word_back_pending")
    op.drop_table("action_word_back")
