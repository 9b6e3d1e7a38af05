"""Seats sharing one database: the pull lease, a cursor that only moves forward, outbox claims.

Revision ID: 0008
Revises: 0007
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_OLD_CURSOR_KEY = "pull_cursor"
_CURSOR_NAME = "notices"


def upgrade() -> None:
    op.create_table(
        "sync_leases",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("holder", sa.String(length=100), nullable=True),
        sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_sync_leases")),
    )
    cursors = op.create_table(
        "sync_cursors",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("cursor", sa.Text(), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_sync_cursors")),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_by", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True))

    # The cursor moves out of the key/value table; a pull in progress carries on.
    connection = op.get_bind()
    state = sa.table("sync_state", sa.column("key", sa.String), sa.column("value", sa.Text))
    old = connection.scalar(sa.select(state.c.value).where(state.c.key == _OLD_CURSOR_KEY))
    if old is not None:
        now = datetime.now(UTC)
        if connection.dialect.name == "sqlite":
            now = now.replace(tzinfo=None)  # stored as UTC without a zone, as UtcDateTime does
        op.bulk_insert(
            cursors,
            [
                {
                    "name": _CURSOR_NAME,
                    "cursor": old,
                    "sequence": 1,
                    "updated_at": now,
                    "updated_by": "migration 0004",
                }
            ],
        )
        connection.execute(sa.delete(state).where(state.c.key == _OLD_CURSOR_KEY))


def downgrade() -> None:
    connection = op.get_bind()
    cursors = sa.table("sync_cursors", sa.column("name", sa.String), sa.column("cursor", sa.Text))
    current = connection.scalar(sa.select(cursors.c.cursor).where(cursors.c.name == _CURSOR_NAME))
    if current is not None:
        state = sa.table("sync_state", sa.column("key", sa.String), sa.column("value", sa.Text))
        connection.execute(sa.delete(state).where(state.c.key == _OLD_CURSOR_KEY))
        connection.execute(sa.insert(state).values(key=_OLD_CURSOR_KEY, value=current))
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_column("claimed_until")
        batch_op.drop_column("claimed_by")
    op.drop_table("sync_cursors")
    op.drop_table("sync_leases")
