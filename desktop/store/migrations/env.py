"""Alembic environment: MoveDesk runs migrations from code with its own connection."""

from alembic import context

from desktop.store.models import Base
from desktop.store.search_index import is_search_object


def include_name(name, type_, parent_names):  # type: ignore[no-untyped-def]
    """Leave out what the models do not describe: the FTS table and its shadows."""
    return not is_search_object(name, type_)


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
