"""Where MoveDesk keeps its files on this PC.

Every folder made here holds residents' data or traces of it, so each is
created private to the OS account (0700 on POSIX; on Windows the per-user
profile already keeps other accounts out).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from desktop.privacy import private_folder

APP_NAME = "MoveDesk"
DEMO_LOGS = "logs"


def data_dir() -> Path:
    """The user's data folder, or ``MOVEDESK_DATA_DIR`` when set (tests, demo, portable use)."""
    override = os.environ.get("MOVEDESK_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))
    return private_folder(path)


def config_file() -> Path:
    override = os.environ.get("MOVEDESK_DATA_DIR")
    folder = Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, False))
    return private_folder(folder) / "settings.json"


def log_dir() -> Path:
    override = os.environ.get("MOVEDESK_DATA_DIR")
    folder = (
        Path(override) / "logs" if override else Path(platformdirs.user_log_dir(APP_NAME, False))
    )
    return private_folder(folder)


def fax_dir(data_folder: Path | None = None) -> Path:
    """Received faxes (TIFF-F), in ``data_folder`` or the data folder."""
    return private_folder((data_folder or data_dir()) / "fax")


def demo_dir() -> Path:
    """The demo's own folder: everything the demo writes stays in it."""
    return data_dir() / "demo"


def demo_log_dir() -> Path:
    # Kept when the demo starts afresh: the window may hold its log open meanwhile.
    return private_folder(demo_dir() / DEMO_LOGS)


def default_database_url() -> str:
    return f"sqlite:///{(data_dir() / 'movedesk.sqlite3').as_posix()}"
