"""Address search on PostgreSQL: a pg_trgm GIN index over the folded address.

Revision ID: 0012
Revises: 0011
"""

from alembic import op

from desktop.store.search_index import install_trigram_index, remove_trigram_index

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    install_trigram_index(op.get_bind())


def downgrade() -> None:
    remove_trigram_index(op.get_bind())
