"""Test set-up for the whole suite.

- Qt runs offscreen; any Qt warning fails the test that caused it.
- The credential store is an in-memory one: tests never touch the real one.
- ``database`` runs a test on SQLite and, when MOVEDESK_TEST_POSTGRES_URL is
  set (CI sets it), on PostgreSQL too.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("MOVEDESK_HUB_PASSWORD", None)
for _name in ("MOVEDESK_DATABASE_URL", "MOVEDESK_HUB_URL", "MOVEDESK_PARTNER_ID"):
    os.environ.pop(_name, None)
# The command line speaks the system's language; the suite reads its English
# unless a test asks for Japanese.
os.environ["MOVEDESK_LANGUAGE"] = "en"

import keyring  # noqa: E402  (environment first: Qt reads it on import)
import pytest  # noqa: E402

from tests.support import MemoryKeyring  # noqa: E402

POSTGRES_URL = os.environ.get("MOVEDESK_TEST_POSTGRES_URL", "")


@pytest.fixture(autouse=True)
def throwaway_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("MOVEDESK_DATA_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash with a light scrypt: the suite creates and signs in staff hundreds of times.

    The raised production cost has its own tests and benchmark.
    """
    from desktop import staff

    monkeypatch.setattr(staff, "SCRYPT_COST", staff.ScryptCost(2**10, 8, 1))


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    from desktop.store.database import make_engine

    engine = make_engine(url) if url.startswith("postgresql") else create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _backends() -> list[object]:
    backends: list[object] = ["sqlite"]
    backends.append(
        pytest.param(
            "postgresql",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(not POSTGRES_URL, reason="MOVEDESK_TEST_POSTGRES_URL not set"),
            ],
        )
    )
    return backends


@pytest.fixture(params=_backends())
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{(tmp_path / 'test.sqlite3').as_posix()}"
    _reset_postgres(POSTGRES_URL)
    return POSTGRES_URL


@pytest.fixture
def database(database_url: str) -> Iterator[object]:
    from desktop.store.database import open_database

    db = open_database(database_url)
    yield db
    db.close()


@pytest.fixture(autouse=True)
def confirmations_answer_themselves(monkeypatch: pytest.MonkeyPatch) -> None:
    """A confirmation (an information box) is clicked away at once: offscreen, nobody would.

    Tests that look at what it says patch it themselves, after this.
    """
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "information", lambda *_a, **_k: QMessageBox.StandardButton.Ok)
