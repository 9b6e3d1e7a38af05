"""Received faxes keep the pages that could not be decoded.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("received_faxes") as batch:
        batch.add_column(sa.Column("failed_pages", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("received_faxes") as batch:
        batch.drop_column("failed_pages")
