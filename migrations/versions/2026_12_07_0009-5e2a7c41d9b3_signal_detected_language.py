"""signals.detected_language: the language of the signal's text as detected

Filled at intake; `stem translation detect --all` fills it for signals made before.

Revision ID: 5e2a7c41d9b3
Revises: 0fa312ed606a
Create Date: 2026-12-07 05:40:00
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5e2a7c41d9b3"
down_revision = "0fa312ed606a"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("signals") as batch_op:
        batch_op.add_column(sa.Column("detected_language", sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table("signals") as batch_op:
        batch_op.drop_column("detected_language")
