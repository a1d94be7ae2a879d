"""participation steps: contact wishes, result steps, responses.step

The record that a member took part is written apart from their answers, in steps of at
least five respondents (stem.surveys.rounds.participation): no transaction id, row order
or time pairs a response with an invitation. A step also freezes the round's figures, so
two moments never differ by fewer than five people.

- contact_wishes: "contact me" ticked in an anonymous round, kept by resume key until a step.
- result_steps: the figures after each step.
- responses.step: the step that counted a response (NULL while it waits).

Existing submitted responses were counted before steps existed: they become step 1 of their
round, with the figures built when the round is next refreshed.

Revision ID: 5444fe80af77
Revises: 57ffcb54f9f6
Create Date: 2026-12-07 02:14:00.000000
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5444fe80af77"
down_revision = "57ffcb54f9f6"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "contact_wishes",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("resume_key_hash", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"], ["questions.id"], name=op.f("fk_contact_wishes_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_contact_wishes_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_wishes")),
        sa.UniqueConstraint(
            "round_id", "question_id", "resume_key_hash",
            name=op.f("uq_contact_wishes_round_id_question_id_resume_key_hash"),
        ),
    )
    op.create_index(
        op.f("ix_contact_wishes_resume_key_hash"), "contact_wishes", ["resume_key_hash"],
        unique=False,
    )
    op.create_table(
        "result_steps",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("respondents", sa.Integer(), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_result_steps_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_result_steps")),
        sa.UniqueConstraint("round_id", "number", name=op.f("uq_result_steps_round_id_number")),
    )
    op.create_index(op.f("ix_result_steps_round_id"), "result_steps", ["round_id"], unique=False)
    # In place (recreate="never"): a batch copy on SQLite would rebuild responses and, with
    # foreign keys on, cascade-delete every answer.
    with op.batch_alter_table("responses", recreate="never") as batch_op:
        batch_op.add_column(sa.Column("step", sa.Integer(), nullable=True))
    op.execute("UPDATE responses SET step = 1 WHERE status = 'submitted'")


def downgrade():
    with op.batch_alter_table("responses", recreate="never") as batch_op:
        batch_op.drop_column("step")
    op.drop_index(op.f("ix_result_steps_round_id"), table_name="result_steps")
    op.drop_table("result_steps")
    op.drop_index(op.f("ix_contact_wishes_resume_key_hash"), table_name="contact_wishes")
    op.drop_table("contact_wishes")
