"""Rotating log files in the user's log folder."""

from __future__ import annotations

import logging
import threading
from logging.handlers import RotatingFileHandler
from pathlib import Path

from desktop import paths


def configure_logging(level: int = logging.INFO, name: str = "movedesk.log") -> Path:
    """Log to ``name`` in the log folder (5 files of 2 MB); return the file's path.

    The window and the command line write separate files, so that one never
    holds the other's file open while it rotates (Windows refuses that).
    Errors in worker threads are logged too, not just printed.
    """
    path = paths.log_dir() / name
    root = logging.getLogger()
    if not any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        try:
            handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
        except OSError:
            return path  # a read-only or full disk must not stop the counter
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
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
