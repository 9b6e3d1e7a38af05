"""``movedesk staff …`` and ``movedesk audit …``: signed in, supervisors only, audited."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.cli import main
from desktop.cli.common import EXIT_AUTH, EXIT_FAILED, EXIT_OK, EXIT_USAGE
from desktop.staff import SignInError, StaffService
from desktop.store.database import open_database
from desktop.store.models import AuditEntry

BOSS = ("boss", "Correct-Horse-1")
CLERK = ("clerk1", "Battery-Staple-2")


@pytest.fixture
def flags(database_url: str) -> list[str]:
    database = open_database(database_url)
    service = StaffService(database)
    service.create(BOSS[0], "監督 花子", "supervisor", BOSS[1], created_by="setup")
    service.create(CLERK[0], "窓口 一郎", "clerk", CLERK[1], created_by="boss")
    database.close()
    return ["--database-url", database_url]


def _run(monkeypatch, argv: list[str], *lines: str) -> int:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))
    return main(argv)


def _service(database_url: str) -> StaffService:
    return StaffService(open_database(database_url))


def _actions(database_url: str) -> list[tuple[str, str, str]]:
    database = open_database(database_url)
    with database.session() as session:
        rows = session.execute(select(AuditEntry.staff, AuditEntry.action, AuditEntry.target))
        found = [tuple(r) for r in rows]
    database.close()
    return found


def _as(user: tuple[str, str]) -> list[str]:
    return ["--staff", user[0], "--password-stdin"]


def test_inventory_lists_every_account(flags, monkeypatch, tmp_path: Path, capsys) -> None:
    out = tmp_path / "inventory.csv"
    argv = ["staff", "inventory", "--out", str(out), *_as(BOSS), *flags]
    assert _run(monkeypatch, argv, BOSS[1]) == EXIT_OK
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    assert rows[0][:4] == ["利用者ID", "氏名", "権限", "状態"]
    assert {(r[0], r[2], r[3]) for r in rows[1:]} == {
        ("boss", "監督者", "有効"),
        ("clerk1", "窓口担当", "有効"),
    }
    assert ("boss", "export_staff_inventory", "inventory.csv") in _actions(flags[1])


def test_staff_commands_need_a_signed_in_supervisor(flags, monkeypatch, tmp_path, capsys) -> None:
    out = tmp_path / "inventory.csv"
    base = ["staff", "inventory", "--out", str(out), *flags]
    assert _run(monkeypatch, [*base, *_as(CLERK)], CLERK[1]) == EXIT_AUTH
    assert "not a supervisor" in capsys.readouterr().err
    assert _run(monkeypatch, [*base, *_as(BOSS)], "wrong-password") == EXIT_AUTH
    assert "パスワードが違います" in capsys.readouterr().err
    assert _run(monkeypatch, [*base, *_as(("nobody", ""))], "whatever-1") == EXIT_AUTH
    assert _run(monkeypatch, base) == EXIT_AUTH
    assert "--staff" in capsys.readouterr().err
    assert not out.exists()


def test_reset_then_the_holder_changes_it(flags, monkeypatch, capsys) -> None:
    argv = ["staff", "reset", "clerk1", *_as(BOSS), *flags]
    assert _run(monkeypatch, argv, BOSS[1], "Temporary-Pass-9") == EXIT_OK
    service = _service(flags[1])
    assert service.authenticate("clerk1", "Temporary-Pass-9").must_change_password
    argv = ["staff", "passwd", *_as(("clerk1", "")), *flags]
    assert _run(monkeypatch, argv, "Temporary-Pass-9", "password123") == EXIT_USAGE
    assert "よく使われて" in capsys.readouterr().err
    assert _run(monkeypatch, argv, "Temporary-Pass-9", "My-Own-Choice-4") == EXIT_OK
    assert not service.authenticate("clerk1", "My-Own-Choice-4").must_change_password
    service.database.close()


def test_deactivate_and_reactivate(flags, monkeypatch) -> None:
    argv = ["staff", "deactivate", "clerk1", *_as(BOSS), *flags]
    assert _run(monkeypatch, argv, BOSS[1]) == EXIT_OK
    service = _service(flags[1])
    with pytest.raises(SignInError):
        service.authenticate(*CLERK)
    argv = ["staff", "reactivate", "clerk1", *_as(BOSS), *flags]
    assert _run(monkeypatch, argv, BOSS[1]) == EXIT_OK
    assert service.authenticate(*CLERK).user_id == "clerk1"
    service.database.close()


def _lock(database_url: str, user_id: str) -> None:
    service = _service(database_url)
    for _ in range(5):
        with pytest.raises(SignInError):
            service.authenticate(user_id, "not-the-password")
    service.database.close()


def test_the_data_folders_owner_unlocks_without_a_supervisor(flags, monkeypatch, capsys) -> None:
    _lock(flags[1], "boss")
    assert _run(monkeypatch, ["staff", "unlock", "boss", *flags]) == EXIT_OK
    assert "logged" in capsys.readouterr().out
    service = _service(flags[1])
    assert service.authenticate(*BOSS).is_supervisor
    service.database.close()
    assert any(s.startswith("os:") and a == "unlock" for s, a, _t in _actions(flags[1]))


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX ownership")
def test_someone_else_cannot_unlock_as_the_owner(flags, monkeypatch, capsys) -> None:
    _lock(flags[1], "boss")
    real_uid = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real_uid + 1)
    assert _run(monkeypatch, ["staff", "unlock", "boss", *flags]) == EXIT_AUTH
    assert "belongs to user id" in capsys.readouterr().err
    service = _service(flags[1])
    with pytest.raises(SignInError, match="ロック"):
        service.authenticate(*BOSS)
    service.database.close()


def test_a_supervisor_unlocks_from_the_command_line(flags, monkeypatch) -> None:
    _lock(flags[1], "clerk1")
    argv = ["staff", "unlock", "clerk1", *_as(BOSS), *flags]
    assert _run(monkeypatch, argv, BOSS[1]) == EXIT_OK
    assert ("boss", "unlock", "clerk1") in _actions(flags[1])


def test_audit_verify_and_db_status_find_a_change_made_with_sqlite3(
    flags, monkeypatch, tmp_path: Path, capsys
) -> None:
    if not flags[1].startswith("sqlite"):
        pytest.skip("edits the file with sqlite3; the PostgreSQL case is in test_audit_chain")
    verify = ["audit", "verify", *_as(BOSS), *flags]
    assert _run(monkeypatch, verify, BOSS[1]) == EXIT_OK
    assert "intact" in capsys.readouterr().out
    path = flags[1].removeprefix("sqlite:///")
    connection = sqlite3.connect(path)
    connection.execute("DROP TRIGGER audit_log_no_update")
    connection.execute("UPDATE audit_log SET staff = 'someone' WHERE action = 'staff_created'")
    connection.commit()
    connection.close()
    assert main(["db", "status", *flags]) == EXIT_FAILED
    status = capsys.readouterr().out
    assert "BROKEN" in status and "was changed after it was written" in status
    assert _run(monkeypatch, verify, BOSS[1]) == EXIT_FAILED
    assert "row id 1 (seq 1) was changed" in capsys.readouterr().out


def test_audit_verify_needs_a_supervisor(flags, monkeypatch, capsys) -> None:
    assert _run(monkeypatch, ["audit", "verify", *_as(CLERK), *flags], CLERK[1]) == EXIT_AUTH


def test_audit_export_is_itself_audited(flags, monkeypatch, tmp_path: Path) -> None:
    out = tmp_path / "audit.csv"
    argv = ["audit", "export", "--out", str(out), "--action", "staff_created", *_as(BOSS), *flags]
    assert _run(monkeypatch, argv, BOSS[1]) == EXIT_OK
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    assert [r[3] for r in rows[1:]] == ["staff_created", "staff_created"]
    assert ("boss", "export_audit", "audit.csv") in _actions(flags[1])


def test_a_supervisor_changes_a_role_from_the_command_line(flags, monkeypatch) -> None:
    argv = ["staff", "role", "clerk1", "supervisor", *_as(BOSS), *flags]
    assert _run(monkeypatch, argv, BOSS[1]) == EXIT_OK
    service = _service(flags[1])
    assert service.authenticate(*CLERK).is_supervisor
    service.database.close()
    argv = ["staff", "role", "boss", "viewer", *_as(CLERK), *flags]
    assert _run(monkeypatch, argv, CLERK[1]) == EXIT_OK
