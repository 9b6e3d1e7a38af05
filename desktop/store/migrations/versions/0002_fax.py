"""Fax: outgoing jobs, their pages and call attempts, received faxes.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fax_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("document", sa.LargeBinary(), nullable=True),
        sa.Column("document_path", sa.String(length=500), nullable=True),
        sa.Column("page_count", sa.Integer(), nullable=False),
        sa.Column("resolution", sa.String(length=10), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("retry_counts", sa.Text(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failure_kind", sa.String(length=20), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("hangup_code", sa.Integer(), nullable=True),
        sa.Column("remote_id", sa.String(length=40), nullable=False),
        sa.Column("created_by", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fax_jobs")),
    )
    op.create_index(
        "ix_fax_jobs_state_next_attempt", "fax_jobs", ["state", "next_attempt_at"], unique=False
    )
    op.create_table(
        "fax_job_pages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("page_number", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("result", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["fax_jobs.id"],
            name=op.f("fk_fax_job_pages_job_id_fax_jobs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fax_job_pages")),
        sa.UniqueConstraint("job_id", "page_number", name=op.f("uq_fax_job_pages_job_id")),
    )
    op.create_table(
        "fax_call_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("hangup_code", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("pages_sent", sa.String(length=200), nullable=False),
        sa.Column("remote_id", sa.String(length=40), nullable=False),
        sa.Column("bit_rate", sa.Integer(), nullable=True),
        sa.Column("coding", sa.String(length=4), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["fax_jobs.id"],
            name=op.f("fk_fax_call_attempts_job_id_fax_jobs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fax_call_attempts")),
    )
    op.create_index(
        op.f("ix_fax_call_attempts_job_id"), "fax_call_attempts", ["job_id"], unique=False
    )
    op.create_table(
        "received_faxes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("remote_id", sa.String(length=40), nullable=False),
        sa.Column("file_path", sa.String(length=500), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=False),
        sa.Column("pages_with_errors", sa.Integer(), nullable=False),
        sa.Column("rejected_pages", sa.Integer(), nullable=False),
        sa.Column("partial", sa.Boolean(), nullable=False),
        sa.Column("errors", sa.Text(), nullable=False),
        sa.Column("hangup_code", sa.Integer(), nullable=True),
        sa.Column("notice_receipt_number", sa.String(length=40), nullable=True),
        sa.Column("notice_error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_received_faxes")),
    )
    op.create_index(
        op.f("ix_received_faxes_received_at"), "received_faxes", ["received_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_received_faxes_received_at"), table_name="received_faxes")
    op.drop_table("received_faxes")
    op.drop_index(op.f("ix_fax_call_attempts_job_id"), table_name="fax_call_attempts")
    op.drop_table("fax_call_attempts")
    op.drop_table("fax_job_pages")
    op.drop_index("ix_fax_jobs_state_next_attempt", table_name="fax_jobs")
    op.drop_table("fax_jobs")
