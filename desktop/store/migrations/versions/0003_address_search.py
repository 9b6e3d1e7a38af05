"""Address search: a trigram full-text index over notices (SQLite).

Revision ID: 0003
Revises: 0002
"""

from alembic import op

from desktop.store.search_index import install_search_index, remove_search_index

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    install_search_index(op.get_bind())


def downgrade() -> None:
    remove_search_index(op.get_bind())
