"""Local storage: SQLAlchemy models, migrations and the database handle."""

from desktop.store.database import Database, DatabaseTooNew, open_database

__all__ = ["Database", "DatabaseTooNew", "open_database"]
