"""round summary versions; synthetic audio clips

- round_summary_versions: the earlier texts of a published summary, with who replaced them
  and when (members read the newest text in round_summaries).
- question_audio.synthetic: a clip spoken by a computer voice (the demo's), which members
  are told about beside the play button.

Revision ID: b7c3d9e1f205
Revises: 5444fe80af77
Create Date: 2026-12-07 04:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b7c3d9e1f205"
down_revision = "5444fe80af77"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "round_summary_versions",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("replaced_by_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["replaced_by_id"], ["users.id"],
            name=op.f("fk_round_summary_versions_replaced_by_id_users"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"],
            name=op.f("fk_round_summary_versions_round_id_rounds"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round_summary_versions")),
    )
    op.create_index(
        op.f("ix_round_summary_versions_round_id"), "round_summary_versions", ["round_id"],
        unique=False,
    )
    with op.batch_alter_table("question_audio") as batch_op:
        batch_op.add_column(
            sa.Column("synthetic", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("question_audio") as batch_op:
        batch_op.drop_column("synthetic")
    op.drop_index(op.f("ix_round_summary_versions_round_id"), table_name="round_summary_versions")
    op.drop_table("round_summary_versions")
