"""Received faxes for every seat: their pages in the database, who took and who filed them.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("received_faxes") as batch:
        batch.add_column(
            sa.Column("received_by", sa.String(100), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("handled_by", sa.String(40), nullable=False, server_default=""))
        batch.add_column(sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "received_fax_images",
        sa.Column(
            "fax_id",
            sa.Integer(),
            sa.ForeignKey("received_faxes.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("tiff", sa.LargeBinary(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("received_fax_images")
    with op.batch_alter_table("received_faxes") as batch:
        batch.drop_column("handled_at")
        batch.drop_column("handled_by")
        batch.drop_column("received_by")
