"""server-side sessions, sign-in requests, address changes

- user_sessions: one row per signed-in device; the cookie holds only its random key, so
  signing out ends a session for good and people can end their other devices.
- sign_in_requests: the sign-in page stores every request alike and the sign-in job
  sends the link, so the page tells nobody whether an address has an account.
- address_changes: a new e-mail address or phone number waits for the code sent to it.
- outbox_messages.retry_until: the new end of a retried message's retry period.

Existing signed-in cookies have no server-side session and are signed out once.

Revision ID: 57ffcb54f9f6
Revises: 5b8e2d71c9a3
Create Date: 2026-12-07 01:42:51.008228
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "57ffcb54f9f6"
down_revision = "5b8e2d71c9a3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sign_in_requests",
        sa.Column("channel", sa.String(length=5), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("request_key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_requests")),
    )
    op.create_index(
        op.f("ix_sign_in_requests_created_at"), "sign_in_requests", ["created_at"], unique=False
    )
    op.create_table(
        "address_changes",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=5), nullable=False),
        sa.Column("new_address", sa.String(length=254), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.CheckConstraint("channel IN ('email','sms')", name=op.f("ck_address_changes_channel")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_address_changes_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_address_changes")),
    )
    op.create_index(
        op.f("ix_address_changes_user_id"), "address_changes", ["user_id"], unique=False
    )
    op.create_table(
        "user_sessions",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("device", sa.String(length=80), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_user_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_sessions")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_user_sessions_key_hash")),
    )
    op.create_index(op.f("ix_user_sessions_user_id"), "user_sessions", ["user_id"], unique=False)
    # In place (recreate="never"): a batch copy on SQLite would rebuild the table.
    with op.batch_alter_table("outbox_messages", recreate="never") as batch_op:
        batch_op.add_column(sa.Column("retry_until", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("outbox_messages", recreate="never") as batch_op:
        batch_op.drop_column("retry_until")
    op.drop_index(op.f("ix_user_sessions_user_id"), table_name="user_sessions")
    op.drop_table("user_sessions")
    op.drop_index(op.f("ix_address_changes_user_id"), table_name="address_changes")
    op.drop_table("address_changes")
    op.drop_index(op.f("ix_sign_in_requests_created_at"), table_name="sign_in_requests")
    op.drop_table("sign_in_requests")
