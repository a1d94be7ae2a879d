"""signal_submitters: the signal a merged submitter raised, and a deleted account

- origin_signal_id: set when a merge moves a submitter to the surviving signal, so that
  messages name the reference the person knows and its page shows the survivor's reply.
- account_deleted_at: the person deleted their account; staff pages say no reply can go.

Revision ID: 3c1d9e7a5b20
Revises: b7c3d9e1f205
Create Date: 2026-12-07 04:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3c1d9e7a5b20"
down_revision = "b7c3d9e1f205"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("signal_submitters", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin_signal_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("account_deleted_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.create_index(
            batch_op.f("ix_signal_submitters_origin_signal_id"), ["origin_signal_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_signal_submitters_origin_signal_id_signals"),
            "signals",
            ["origin_signal_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("signal_submitters", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_signal_submitters_origin_signal_id_signals"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_signal_submitters_origin_signal_id"))
        batch_op.drop_column("account_deleted_at")
        batch_op.drop_column("origin_signal_id")
