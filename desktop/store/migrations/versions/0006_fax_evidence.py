"""Faxed notices kept as evidence beside the hub's copy.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fax_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("received_fax_id", sa.Integer(), nullable=False),
        sa.Column("pages", sa.String(length=40), nullable=False),
        sa.Column("receipt_number", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("hub_state", sa.String(length=20), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("code_format", sa.String(length=3), nullable=False),
        sa.Column("signature", sa.String(length=10), nullable=False),
        sa.Column("origin_name", sa.String(length=100), nullable=False),
        sa.Column("origin_fax_number", sa.String(length=40), nullable=False),
        sa.Column("remote_id", sa.String(length=40), nullable=False),
        sa.Column("caller", sa.String(length=40), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stored_version", sa.Integer(), nullable=True),
        sa.Column("relation", sa.String(length=12), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("settled_by", sa.String(length=40), nullable=True),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["received_fax_id"],
            ["received_faxes.id"],
            name=op.f("fk_fax_evidence_received_fax_id_received_faxes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fax_evidence")),
    )
    op.create_index(
        op.f("ix_fax_evidence_received_fax_id"), "fax_evidence", ["received_fax_id"], unique=False
    )
    op.create_index(
        op.f("ix_fax_evidence_receipt_number"), "fax_evidence", ["receipt_number"], unique=False
    )
    op.create_index("ix_fax_evidence_state", "fax_evidence", ["state"], unique=False)


def downgrade() -> None:
    # The indexes go with the table, on SQLite as on PostgreSQL.
    op.drop_table("fax_evidence")
