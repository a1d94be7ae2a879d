"""translation desk: requests, translators' languages, glossary, Dutch versions of signals

- translation_requests: one text into one language, with a snapshot of the source, where it
  is used and by when; status requested -> draft -> reviewed; `version` for optimistic locking;
  one open request per (kind, id, field, target language).
- translator_languages: the languages of a translator (each paired with Dutch).
- glossary_terms, glossary_translations: agreed translations, or "keep the Dutch word".
- signal_translations: a signal's text in Dutch, written back from a reviewed request.
- users.role may be 'translator'.

Revision ID: 5e2a7c91d4b3
Revises: 5e2a7c41d9b3
Create Date: 2026-12-07 05:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "5e2a7c91d4b3"
down_revision = "5e2a7c41d9b3"
branch_labels = None
depends_on = None

OLD_ROLES = "role IN ('member','partner','staff','admin')"
NEW_ROLES = "role IN ('member','partner','staff','admin','translator')"
KINDS = (
    "source_kind IN ('signal','reply','action','action_update','summary','survey_text',"
    "'commitment')"
)


def upgrade():
    op.create_table(
        "translation_requests",
        sa.Column("source_kind", sa.String(length=20), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("source_locale", sa.String(length=8), nullable=False),
        sa.Column("target_locale", sa.String(length=8), nullable=False),
        sa.Column("used_for", sa.String(length=200), nullable=False),
        sa.Column("needed_by", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("draft_text", sa.Text(), nullable=False),
        sa.Column("machine", sa.Boolean(), nullable=False),
        sa.Column("translator_id", sa.Integer(), nullable=True),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('requested','draft','reviewed')",
            name=op.f("ck_translation_requests_status"),
        ),
        sa.CheckConstraint(KINDS, name=op.f("ck_translation_requests_source_kind")),
        sa.CheckConstraint(
            "source_locale <> target_locale", name=op.f("ck_translation_requests_other_language")
        ),
        sa.ForeignKeyConstraint(
            ["translator_id"],
            ["users.id"],
            name=op.f("fk_translation_requests_translator_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["users.id"],
            name=op.f("fk_translation_requests_reviewer_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["users.id"],
            name=op.f("fk_translation_requests_requested_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translation_requests")),
    )
    op.create_index(
        "uq_translation_requests_open",
        "translation_requests",
        ["source_kind", "source_id", "field", "target_locale"],
        unique=True,
        postgresql_where=sa.text("status <> 'reviewed'"),
        sqlite_where=sa.text("status <> 'reviewed'"),
    )
    op.create_index(
        "ix_translation_requests_target_status",
        "translation_requests",
        ["target_locale", "status"],
    )
    op.create_table(
        "translator_languages",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_translator_languages_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "locale", name=op.f("pk_translator_languages")),
    )
    op.create_table(
        "glossary_terms",
        sa.Column("term", sa.String(length=120), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_glossary_terms")),
        sa.UniqueConstraint("term", name=op.f("uq_glossary_terms_term")),
    )
    op.create_table(
        "glossary_translations",
        sa.Column("term_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("translation", sa.String(length=200), nullable=False),
        sa.Column("keep_dutch", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["term_id"],
            ["glossary_terms.id"],
            name=op.f("fk_glossary_translations_term_id_glossary_terms"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("term_id", "locale", name=op.f("pk_glossary_translations")),
    )
    op.create_table(
        "signal_translations",
        sa.Column("signal_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('machine','draft','reviewed')", name=op.f("ck_signal_translations_status")
        ),
        sa.ForeignKeyConstraint(
            ["signal_id"],
            ["signals.id"],
            name=op.f("fk_signal_translations_signal_id_signals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("signal_id", "locale", name=op.f("pk_signal_translations")),
    )
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint(op.f("ck_users_role"), type_="check")
        batch.create_check_constraint(op.f("ck_users_role"), NEW_ROLES)


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint(op.f("ck_users_role"), type_="check")
        batch.create_check_constraint(op.f("ck_users_role"), OLD_ROLES)
    op.drop_table("signal_translations")
    op.drop_table("glossary_translations")
    op.drop_table("glossary_terms")
    op.drop_table("translator_languages")
    op.drop_index("ix_translation_requests_target_status", table_name="translation_requests")
    op.drop_index("uq_translation_requests_open", table_name="translation_requests")
    op.drop_table("translation_requests")
