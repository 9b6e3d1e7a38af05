"""Staff lifecycle (forced change, timed lock-out, deactivation) and the audit hash chain.

The rows already in the audit log are sealed into the chain as they stand
at the upgrade: the chain vouches for them from then on.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from desktop.audit_chain import GENESIS, row_digest
from desktop.store.triggers import install_audit_guards, remove_audit_guards

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_STAFF_COLUMNS = (
    ("must_change_password", sa.Boolean(), sa.false()),
    ("locked_at", sa.DateTime(timezone=True), None),
    ("lock_reason", sa.String(length=20), None),
    ("restored_at", sa.DateTime(timezone=True), None),
    ("deactivated_at", sa.DateTime(timezone=True), None),
)


def _seal_existing_rows(connection: sa.engine.Connection) -> tuple[int, str]:
    rows = connection.execute(
        sa.text("SELECT id, at, staff, action, target, detail FROM audit_log ORDER BY id")
    ).all()
    prev_hash, seq = GENESIS, 0
    for row_id, at, staff, action, target, detail in rows:
        seq += 1
        digest = row_digest(prev_hash, seq, at, staff, action, target, detail)
        connection.execute(
            sa.text(
                "UPDATE audit_log SET seq = :seq, prev_hash = :prev, row_hash = :hash "
                "WHERE id = :id"
            ),
            {"seq": seq, "prev": prev_hash, "hash": digest, "id": row_id},
        )
        prev_hash = digest
    return seq, prev_hash


def upgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        for name, type_, default in _STAFF_COLUMNS:
            batch.add_column(
                sa.Column(
                    name,
                    type_,
                    nullable=default is None,
                    server_default=default,
                )
            )
    connection = op.get_bind()
    remove_audit_guards(connection)
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("row_hash", sa.String(length=64), nullable=True))
    seq, last_hash = _seal_existing_rows(connection)
    op.create_index("ix_audit_log_seq", "audit_log", ["seq"], unique=True)
    op.create_index("ix_audit_log_target", "audit_log", ["target"])
    op.create_index("ix_audit_log_staff", "audit_log", ["staff"])
    op.create_table(
        "audit_chain",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain")),
    )
    connection.execute(
        sa.text("INSERT INTO audit_chain (id, seq, last_hash) VALUES (1, :seq, :hash)"),
        {"seq": seq, "hash": last_hash},
    )
    install_audit_guards(connection)


def downgrade() -> None:
    connection = op.get_bind()
    op.drop_table("audit_chain")
    remove_audit_guards(connection)
    for index in ("ix_audit_log_staff", "ix_audit_log_target", "ix_audit_log_seq"):
        op.drop_index(index, table_name="audit_log")
    with op.batch_alter_table("audit_log") as batch:
        for name in ("row_hash", "prev_hash", "seq"):
            batch.drop_column(name)
    install_audit_guards(connection)
    with op.batch_alter_table("staff") as batch:
        for name, _type, _default in reversed(_STAFF_COLUMNS):
            batch.drop_column(name)
