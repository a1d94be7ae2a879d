"""commitment version

Commitments get a version number, an optimistic lock like the one on signals: an edit
based on an older version is refused instead of overwriting what another admin saved.
Existing rows start at 1.

Both directions alter the table in place (recreate="never"). On SQLite a batch copy would
drop and rebuild `commitments`, and with foreign keys on, dropping it fires ON DELETE
CASCADE on signal_commitments and question_commitments: the links would be lost. SQLite
has added and dropped plain columns in place since 3.35.

Revision ID: 5b8e2d71c9a3
Revises: 9247de80ab51
Create Date: 2026-11-25 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5b8e2d71c9a3"
down_revision = "9247de80ab51"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("commitments", recreate="never") as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))


def downgrade():
    with op.batch_alter_table("commitments", recreate="never") as batch_op:
        batch_op.drop_column("version")
