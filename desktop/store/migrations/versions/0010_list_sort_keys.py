"""List sort keys: the address in natural order, and an index behind every list order.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

from desktop.store.models import (
    CUSTOMER_NUMBER_INDEX,
    LIST_SORT_INDEXES,
    STATUS_ORDER_INDEX,
    STATUS_ORDER_SQL,
    URGENCY_INDEX,
)
from desktop.store.sort_keys import ADDRESS_SORT_LENGTH, address_sort_key

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_REPLACED = {
    "ix_notices_move_date": ("move_date",),
    "ix_notices_due_date": ("due_date",),
    "ix_notices_name_key": ("name_key",),
    "ix_notices_kana_key": ("kana_key",),
    "ix_notices_assignee": ("assignee",),
    "ix_notices_submitted_at": ("submitted_at",),
}
_CUSTOMER_NUMBER = "ix_notices_customer_number"
_URGENCY = "ix_notices_status_due"
_BATCH = 5_000


def _fill_address_sort() -> None:
    connection = op.get_bind()
    notices = sa.table(
        "notices",
        sa.column("id", sa.Integer),
        sa.column("address", sa.String),
        sa.column("building", sa.String),
        sa.column("address_sort", sa.String),
    )
    last = 0
    while True:
        rows = connection.execute(
            sa.select(notices.c.id, notices.c.address, notices.c.building)
            .where(notices.c.id > last)
            .order_by(notices.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        connection.execute(
            notices.update()
            .where(notices.c.id == sa.bindparam("notice_id"))
            .values(address_sort=sa.bindparam("key")),
            [
                {"notice_id": row.id, "key": address_sort_key(row.address, row.building or "")}
                for row in rows
            ],
        )
        last = rows[-1].id


def upgrade() -> None:
    column = sa.String(ADDRESS_SORT_LENGTH).with_variant(
        sa.String(ADDRESS_SORT_LENGTH, collation="C"), "postgresql"
    )
    # A plain ADD COLUMN: a rebuilt table would lose the search and change-log triggers.
    op.add_column("notices", sa.Column("address_sort", column, nullable=False, server_default=""))
    _fill_address_sort()
    for name in _REPLACED:
        op.drop_index(name, table_name="notices")
    for name, columns in LIST_SORT_INDEXES.items():
        op.create_index(name, "notices", list(columns))
    op.create_index(STATUS_ORDER_INDEX, "notices", [sa.text(STATUS_ORDER_SQL), "id", "status"])
    op.drop_index(_CUSTOMER_NUMBER, table_name="notices")
    op.create_index(_CUSTOMER_NUMBER, "notices", list(CUSTOMER_NUMBER_INDEX))
    op.drop_index(_URGENCY, table_name="notices")
    op.create_index(_URGENCY, "notices", list(URGENCY_INDEX))


def downgrade() -> None:
    op.drop_index(_URGENCY, table_name="notices")
    op.create_index(_URGENCY, "notices", ["status", "due_date"])
    for name in (*LIST_SORT_INDEXES, STATUS_ORDER_INDEX):
        op.drop_index(name, table_name="notices")
    op.drop_index(_CUSTOMER_NUMBER, table_name="notices")
    op.create_index(_CUSTOMER_NUMBER, "notices", ["customer_number"])
    for name, columns in _REPLACED.items():
        op.create_index(name, "notices", list(columns))
    op.drop_column("notices", "address_sort")
