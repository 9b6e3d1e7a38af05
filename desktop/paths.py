"""Where MoveDesk keeps its files on this PC."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "MoveDesk"


def data_dir() -> Path:
    """The user's data folder, or ``MOVEDESK_DATA_DIR`` when set (tests, demo, portable use)."""
    override = os.environ.get("MOVEDESK_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_file() -> Path:
    override = os.environ.get("MOVEDESK_DATA_DIR")
    folder = Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "settings.json"


def log_dir() -> Path:
    override = os.environ.get("MOVEDESK_DATA_DIR")
    folder = (
        Path(override) / "logs" if override else Path(platformdirs.user_log_dir(APP_NAME, False))
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def default_database_url() -> str:
    return f"sqlite:///{(data_dir() / 'movedesk.sqlite3').as_posix()}"
