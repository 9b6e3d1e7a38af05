"""Keeping residents' data out of places it does not belong: logs, error dialogs, other users.

A database error's text can carry the row it failed on: SQLAlchemy appends
the statement's parameters, and PostgreSQL adds a ``DETAIL`` line with the
values (``Failing row contains (…, 田中 太郎, …)``). Such an error is
described here by its kind and the statement only, never by its text.

Folders and files MoveDesk makes for residents' data are private to the OS
account on POSIX (0700 / 0600); on Windows they live in the per-user
profile, whose permissions already keep other accounts out.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
_DRIVER_MODULES = ("sqlite3", "psycopg", "psycopg2", "sqlalchemy")


def is_database_error(error: BaseException) -> bool:
    """An error raised by SQLAlchemy or a database driver, whose text may hold data."""
    return any(
        cls.__module__.split(".")[0] in _DRIVER_MODULES and issubclass(cls, Exception)
        for cls in type(error).__mro__
        if cls not in (Exception, BaseException, object)
    )


def _error_code(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    for attribute in ("sqlite_errorname", "sqlstate", "pgcode"):
        code = getattr(original, attribute, None)
        if code:
            return str(code)
    return ""


def _statement(error: BaseException) -> str:
    statement = getattr(error, "statement", None)
    if not isinstance(statement, str):
        return ""
    first_line = " ".join(statement.split())
    return first_line[:160] + ("…" if len(first_line) > 160 else "")


def database_error_summary(error: BaseException) -> str:
    """What kind of database error this is and in which statement, without any value."""
    kind = type(error).__name__
    original = getattr(error, "orig", None)
    if original is not None:
        kind += f" ({type(original).__name__})"
    code = _error_code(error)
    parts = [kind + (f" [{code}]" if code else "")]
    if original is not None and getattr(error, "statement", "") is None:
        # No statement ran: the database could not be reached, and the driver's
        # first line (host, port, what failed) holds no resident's data.
        lines = str(original).strip().splitlines()
        if lines:
            parts.append(lines[0][:200])
    statement = _statement(error)
    if statement:
        parts.append(f"in: {statement}")
    return "; ".join(parts)


def safe_error_text(error: BaseException) -> str:
    """``str(error)``, except for database errors, which are summarised without their data."""
    return database_error_summary(error) if is_database_error(error) else str(error)


# -- on disk --------------------------------------------------------------------------


def _posix() -> bool:
    return os.name == "posix"


def private_folder(path: Path) -> Path:
    """Make ``path`` (and missing parents) and keep it to this OS account on POSIX."""
    path.mkdir(parents=True, exist_ok=True)
    if _posix():
        with contextlib.suppress(OSError):  # a folder we do not own: leave it as it is
            if stat.S_IMODE(path.stat().st_mode) != PRIVATE_FOLDER:
                path.chmod(PRIVATE_FOLDER)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` if missing, readable and writable by this OS account only."""
    if _posix():
        descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, PRIVATE_FILE)
        os.close(descriptor)
        with contextlib.suppress(OSError):
            path.chmod(PRIVATE_FILE)  # one made earlier, before files were kept private
    else:
        path.touch(exist_ok=True)
    return path


def make_private_if_present(path: Path) -> None:
    if _posix() and path.exists():
        with contextlib.suppress(OSError):
            path.chmod(PRIVATE_FILE)
