"""signals.detected_language: the language of the signal's text as detected

Filled at intake; `stem translation detect --all` fills it for signals made before.

Revision ID: 5e2a7c41d9b3
Revises: 5e2b8c4d7a19
Create Date: 2026-12-07 05:40:00
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5e2a7c41d9b3"
down_revision = "5e2b8c4d7a19"
branch_labels = None
depends_on = None


# Plain ADD/DROP COLUMN (SQLite has both): a batch copy of `signals` would drop and
# recreate the table, and with it cascade away the rows that point at signals.


def upgrade():
    op.add_column("signals", sa.Column("detected_language", sa.String(length=8), nullable=True))


def downgrade():
    op.drop_column("signals", "detected_language")
