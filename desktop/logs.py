"""Rotating log files in the user's log folder, private to the user and free of residents' data."""

from __future__ import annotations

import logging
import os
import threading
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import IO, Any

from desktop import paths
from desktop.privacy import (
    PRIVATE_FILE,
    database_error_summary,
    is_database_error,
    make_private_if_present,
    private_folder,
)

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _exception_chain(error: BaseException) -> list[BaseException]:
    """The error and what led to it, oldest first, as Python prints them."""
    chain: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        if current.__cause__ is not None:
            current = current.__cause__
        elif current.__context__ is not None and not current.__suppress_context__:
            current = current.__context__
        else:
            current = None
    return chain[::-1]


def format_exception_privately(error: BaseException) -> str:
    """A traceback in which every database error is named by kind and statement, never by text."""
    parts: list[str] = []
    chain = _exception_chain(error)
    for position, link in enumerate(chain):
        if position:
            caused = chain[position].__cause__ is chain[position - 1]
            parts.append(
                "\nThe above exception was the direct cause of the following exception:\n\n"
                if caused
                else "\nDuring handling of the above exception, another exception occurred:\n\n"
            )
        if link.__traceback__ is not None:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.format_tb(link.__traceback__))
        if is_database_error(link):
            kind = f"{type(link).__module__}.{type(link).__qualname__}"
            parts.append(f"{kind}: {database_error_summary(link)} (details withheld)\n")
        else:
            parts.extend(traceback.format_exception_only(type(link), link))
    return "".join(parts).rstrip("\n")


class PrivateFormatter(logging.Formatter):
    """Formats tracebacks without the text of database errors (values of the failed row)."""

    def formatException(self, ei: Any) -> str:
        error = ei[1] if isinstance(ei, tuple) else None
        if isinstance(error, BaseException):
            return format_exception_privately(error)
        return super().formatException(ei)


class DatabaseErrorFilter(logging.Filter):
    """A database error passed as a message argument is logged by its summary only."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, BaseException) and is_database_error(record.msg):
            record.msg = database_error_summary(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(
                database_error_summary(a)
                if isinstance(a, BaseException) and is_database_error(a)
                else a
                for a in record.args
            )
        elif isinstance(record.args, dict):
            record.args = {
                k: database_error_summary(v)
                if isinstance(v, BaseException) and is_database_error(v)
                else v
                for k, v in record.args.items()
            }
        return True


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A rotating log whose files only this OS account can read (POSIX)."""

    def _open(self) -> IO[str]:
        path = Path(self.baseFilename)
        flags = os.O_CREAT | os.O_WRONLY | os.O_APPEND
        descriptor = os.open(path, flags, PRIVATE_FILE)
        make_private_if_present(path)  # a file left by an older MoveDesk
        return os.fdopen(descriptor, "a", encoding=self.encoding or "utf-8", errors=self.errors)


def private_handler(handler: logging.Handler) -> logging.Handler:
    handler.setFormatter(PrivateFormatter(LOG_FORMAT))
    handler.addFilter(DatabaseErrorFilter())
    return handler


def open_private_log(name: str, folder: Path | None = None) -> IO[str]:
    """A plain log file in the log folder (the native crash log), private to the user."""
    path = (private_folder(folder) if folder else paths.log_dir()) / name
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, PRIVATE_FILE)
    make_private_if_present(path)
    return os.fdopen(descriptor, "a", encoding="utf-8")


def configure_logging(
    level: int = logging.INFO, name: str = "movedesk.log", folder: Path | None = None
) -> Path:
    """Log to ``name`` in the log folder, or ``folder`` (5 files of 2 MB); return the file's path.

    The window and the command line write separate files, so that one never
    holds the other's file open while it rotates (Windows refuses that).
    Errors in worker threads are logged too, not just printed.
    """
    path = (private_folder(folder) if folder else paths.log_dir()) / name
    root = logging.getLogger()
    if not any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        try:
            handler = PrivateRotatingFileHandler(
                path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
            )
        except OSError:
            return path  # a read-only or full disk must not stop the counter
        root.addHandler(private_handler(handler))
    root.setLevel(level)

    def log_thread_error(failure: threading.ExceptHookArgs) -> None:
        logging.getLogger("thread").error(
            "uncaught error in thread %s",
            failure.thread.name if failure.thread else "?",
            exc_info=(failure.exc_type, failure.exc_value, failure.exc_traceback),  # type: ignore[arg-type]
        )

    if threading.excepthook is threading.__excepthook__:  # leave a test runner's hook alone
        threading.excepthook = log_thread_error
    return path
