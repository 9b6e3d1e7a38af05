"""Rotating log files in the user's log folder."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from desktop import paths


def configure_logging(level: int = logging.INFO) -> Path:
    """Log to ``movedesk.log`` (5 files of 2 MB); return the file's path."""
    path = paths.log_dir() / "movedesk.log"
    root = logging.getLogger()
    if not any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
    return path
