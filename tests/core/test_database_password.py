"""The PostgreSQL password lives in the credential store, not in settings.json."""

from __future__ import annotations

import io

import pytest
from sqlalchemy.engine import make_url

from desktop import secrets
from desktop.cli.common import EXIT_OK, EXIT_USAGE
from desktop.cli.main import main
from desktop.settings import Settings
from tests.conftest import POSTGRES_URL


def test_a_url_without_a_password_gets_the_stored_one(throwaway_keyring) -> None:
    url = "postgresql://movedesk@db.example:5433/office"
    assert secrets.database_url_with_password(url) == url
    secrets.store_database_password(url, "pa:ss/word")
    filled = make_url(secrets.database_url_with_password(url))
    assert filled.password == "pa:ss/word" and filled.port == 5433
    key = "database-password:movedesk@db.example:5433/office"
    assert ("MoveDesk", key) in throwaway_keyring.values
    # A URL that carries its own password, and SQLite, are left alone.
    assert secrets.database_url_with_password("postgresql://u:p@h/d") == "postgresql://u:p@h/d"
    assert secrets.database_url_with_password("sqlite:///x.db") == "sqlite:///x.db"
    with pytest.raises(ValueError):
        secrets.store_database_password("sqlite:///x.db", "x")


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason="MOVEDESK_TEST_POSTGRES_URL not set")
def test_db_login_then_the_command_line_connects(monkeypatch, capsys, tmp_path) -> None:
    full = make_url(POSTGRES_URL)
    # URL.set() keeps a password given as None; _replace drops it.
    bare = full._replace(password=None).render_as_string(hide_password=False)
    flags = ["--database-url", bare]
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{full.password}\n"))
    assert main(["db", "login", "--password-stdin", *flags]) == EXIT_OK
    assert main(["db", "status", *flags]) == EXIT_OK
    assert "pending decisions" in capsys.readouterr().out
    settings_file = tmp_path / "data" / "settings.json"
    if settings_file.exists():
        assert full.password not in settings_file.read_text("utf-8")
    assert not Settings().get("database_url")


def test_db_login_refuses_a_sqlite_database(monkeypatch, capsys, tmp_path) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("x\n"))
    url = f"sqlite:///{tmp_path / 'a.db'}"
    assert main(["db", "login", "--password-stdin", "--database-url", url]) == EXIT_USAGE
    assert "PostgreSQL" in capsys.readouterr().err
