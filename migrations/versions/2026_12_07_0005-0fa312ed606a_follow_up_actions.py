"""follow-up actions: actions, their texts, links, progress updates and history

- actions: owner (a department or a partner organisation), responsible staff member,
  status, dates, progress (by hand or rolled up from sub-actions by weight), public flag,
  and `version` for optimistic locking.
- action_texts: title and description per language, with a review status.
- action_signals, action_commitments, action_rounds: the links, many-to-many.
- action_updates, action_update_texts: dated progress updates per language.
- action_events: the history (who, when, old -> new).

Revision ID: 0fa312ed606a
Revises: 3c1d9e7a5b20
Create Date: 2026-12-07 04:22:45.639318
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0fa312ed606a"
down_revision = "3c1d9e7a5b20"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "actions",
        sa.Column("responsible_id", sa.Integer(), nullable=True),
        sa.Column("owner_department", sa.String(length=120), nullable=False),
        sa.Column("owner_organisation_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("stopped_reason", sa.Text(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("progress_mode", sa.String(length=8), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(owner_organisation_id IS NULL) <> (owner_department = '')",
            name=op.f("ck_actions_one_owner"),
        ),
        sa.CheckConstraint(
            "progress_mode IN ('manual','rollup')", name=op.f("ck_actions_progress_mode")
        ),
        sa.CheckConstraint(
            "status <> 'stopped' OR stopped_reason <> ''", name=op.f("ck_actions_stop_reason")
        ),
        sa.CheckConstraint(
            "status IN ('planned','in_progress','done','stopped')", name=op.f("ck_actions_status")
        ),
        sa.CheckConstraint(
            "due_on IS NULL OR starts_on IS NULL OR due_on >= starts_on",
            name=op.f("ck_actions_dates"),
        ),
        sa.CheckConstraint(
            "parent_id IS NULL OR parent_id <> id", name=op.f("ck_actions_not_own_parent")
        ),
        sa.CheckConstraint("progress >= 0 AND progress <= 100", name=op.f("ck_actions_progress")),
        sa.CheckConstraint("weight >= 1 AND weight <= 100", name=op.f("ck_actions_weight")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_actions_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_organisation_id"],
            ["organisations.id"],
            name=op.f("fk_actions_owner_organisation_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["actions.id"],
            name=op.f("fk_actions_parent_id_actions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["responsible_id"],
            ["users.id"],
            name=op.f("fk_actions_responsible_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actions")),
    )
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_actions_owner_organisation_id"), ["owner_organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_actions_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_actions_responsible_id"), ["responsible_id"], unique=False
        )
        batch_op.create_index("ix_actions_status_due", ["status", "due_on"], unique=False)

    op.create_table(
        "action_commitments",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("linked_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_action_commitments_action_id_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitments.id"],
            name=op.f("fk_action_commitments_commitment_id_commitments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["linked_by_id"],
            ["users.id"],
            name=op.f("fk_action_commitments_linked_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("action_id", "commitment_id", name=op.f("pk_action_commitments")),
    )
    with op.batch_alter_table("action_commitments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_action_commitments_commitment_id", ["commitment_id"], unique=False
        )

    op.create_table(
        "action_events",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("old", sa.String(length=300), nullable=False),
        sa.Column("new", sa.String(length=300), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_action_events_action_id_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_action_events_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_events")),
    )
    with op.batch_alter_table("action_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_events_action_id"), ["action_id"], unique=False)

    op.create_table(
        "action_texts",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("reviewed", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_action_texts_action_id_actions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_texts")),
        sa.UniqueConstraint("action_id", "locale", name=op.f("uq_action_texts_action_id_locale")),
    )
    op.create_table(
        "action_updates",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("next_on", sa.Date(), nullable=True),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "state IN ('submitted','approved')", name=op.f("ck_action_updates_state")
        ),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_action_updates_action_id_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["approved_by_id"],
            ["users.id"],
            name=op.f("fk_action_updates_approved_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_action_updates_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_updates")),
    )
    with op.batch_alter_table("action_updates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_action_updates_action_id"), ["action_id"], unique=False
        )

    op.create_table(
        "action_rounds",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("linked_by_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_action_rounds_action_id_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["linked_by_id"],
            ["users.id"],
            name=op.f("fk_action_rounds_linked_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_action_rounds_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_action_rounds_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_rounds")),
    )
    with op.batch_alter_table("action_rounds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_rounds_action_id"), ["action_id"], unique=False)
        batch_op.create_index("ix_action_rounds_round_id", ["round_id"], unique=False)

    op.create_table(
        "action_update_texts",
        sa.Column("update_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("happened", sa.Text(), nullable=False),
        sa.Column("next_steps", sa.Text(), nullable=False),
        sa.Column("reviewed", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["update_id"],
            ["action_updates.id"],
            name=op.f("fk_action_update_texts_update_id_action_updates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_update_texts")),
        sa.UniqueConstraint(
            "update_id", "locale", name=op.f("uq_action_update_texts_update_id_locale")
        ),
    )
    op.create_table(
        "action_signals",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("signal_id", sa.Integer(), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("linked_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_action_signals_action_id_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["linked_by_id"],
            ["users.id"],
            name=op.f("fk_action_signals_linked_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["signal_id"],
            ["signals.id"],
            name=op.f("fk_action_signals_signal_id_signals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("action_id", "signal_id", name=op.f("pk_action_signals")),
    )
    with op.batch_alter_table("action_signals", schema=None) as batch_op:
        batch_op.create_index("ix_action_signals_signal_id", ["signal_id"], unique=False)


def downgrade():
    with op.batch_alter_table("action_signals", schema=None) as batch_op:
        batch_op.drop_index("ix_action_signals_signal_id")

    op.drop_table("action_signals")
    op.drop_table("action_update_texts")
    with op.batch_alter_table("action_rounds", schema=None) as batch_op:
        batch_op.drop_index("ix_action_rounds_round_id")
        batch_op.drop_index(batch_op.f("ix_action_rounds_action_id"))

    op.drop_table("action_rounds")
    with op.batch_alter_table("action_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_updates_action_id"))

    op.drop_table("action_updates")
    op.drop_table("action_texts")
    with op.batch_alter_table("action_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_events_action_id"))

    op.drop_table("action_events")
    with op.batch_alter_table("action_commitments", schema=None) as batch_op:
        batch_op.drop_index("ix_action_commitments_commitment_id")

    op.drop_table("action_commitments")
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_index("ix_actions_status_due")
        batch_op.drop_index(batch_op.f("ix_actions_responsible_id"))
        batch_op.drop_index(batch_op.f("ix_actions_parent_id"))
        batch_op.drop_index(batch_op.f("ix_actions_owner_organisation_id"))

    op.drop_table("actions")
