"""Service accounts: unattended jobs run exactly the commands a supervisor allowed."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from sqlalchemy import select, text

from desktop.cli import main
from desktop.cli.common import EXIT_AUTH, EXIT_OK, EXIT_USAGE
from desktop.domain.notice import notice_from_payload
from desktop.store.ingest import store_notices
from desktop.store.models import AuditEntry, ServiceAccount
from tests.core.cli_support import add_staff, run_as
from tests.support import sample_payload

DAY = date(2026, 11, 27).isoformat()
ADD = ["service-account", "add", "morning-list", "--commands", "print daily"]


@pytest.fixture
def stocked(database, database_url: str, monkeypatch) -> list[str]:
    with database.session() as session:
        store_notices(session, [notice_from_payload(sample_payload(1, move_date=DAY))])
    add_staff(database)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # a scheduled job types nothing
    return ["--database-url", database_url]


def _print_daily(tmp_path) -> list[str]:  # type: ignore[no-untyped-def]
    out = tmp_path / "list.pdf"
    return ["print", "daily", "--date", DAY, "--kind", "move_in", "--out", str(out)]


def _audit(database, action: str) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    with database.session() as session:
        return list(
            session.execute(
                select(AuditEntry.staff, AuditEntry.target, AuditEntry.detail).where(
                    AuditEntry.action == action
                )
            ).all()
        )


def test_only_a_supervisor_creates_one(stocked, monkeypatch, capsys, throwaway_keyring) -> None:
    assert run_as(monkeypatch, "clerk1", [*ADD, *stocked]) == EXIT_AUTH
    assert "supervisor" in capsys.readouterr().err
    assert run_as(monkeypatch, "boss", [*ADD, *stocked]) == EXIT_OK
    assert "may run: print daily" in capsys.readouterr().out
    assert ("MoveDesk", "service-account:morning-list") in throwaway_keyring.values


def test_its_secret_is_in_the_keyring_only(
    stocked, monkeypatch, database, throwaway_keyring, private_data_dir
) -> None:
    assert run_as(monkeypatch, "boss", [*ADD, *stocked]) == EXIT_OK
    secret = throwaway_keyring.values[("MoveDesk", "service-account:morning-list")]
    assert len(secret) >= 40
    with database.session() as session:
        stored = session.execute(text("SELECT * FROM service_accounts")).all()
        everything = json.dumps([list(map(str, row)) for row in stored])
        audit = json.dumps([list(map(str, r)) for r in session.execute(select(AuditEntry)).all()])
    assert secret not in everything and secret not in audit
    for path in private_data_dir.rglob("*"):
        if path.is_file() and path.suffix != ".sqlite3":
            assert secret not in path.read_text("utf-8", errors="replace")


def test_a_run_may_do_only_its_commands_and_each_run_is_audited(
    stocked, monkeypatch, database, tmp_path, capsys
) -> None:
    run_as(monkeypatch, "boss", [*ADD, *stocked])
    capsys.readouterr()
    assert main([*_print_daily(tmp_path), "--service", "morning-list", *stocked]) == EXIT_OK
    assert (tmp_path / "list.pdf").read_bytes().startswith(b"%PDF")
    export = ["export", "csv", "--date", DAY, "--out", str(tmp_path / "x.csv")]
    assert main([*export, "--service", "morning-list", *stocked]) == EXIT_AUTH
    assert "may not run 'export csv'" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()

    assert _audit(database, "service_run") == [("service:morning-list", "print daily", "")]
    [(who, what, why)] = _audit(database, "service_run_refused")
    assert (who, what, why) == ("service:morning-list", "export csv", "service_command_not_allowed")
    [(who, _target, detail)] = _audit(database, "export")
    assert who == "service:morning-list" and "save_list_pdf" in detail


def test_a_service_account_never_decides(stocked, capsys) -> None:
    # decide takes no --service: a decision goes to the hub under a person's name.
    with pytest.raises(SystemExit) as stopped:
        main(["decide", "T00000001", "accept", "--service", "morning-list", *stocked])
    assert stopped.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    assert "--service" in err and "Traceback" not in err and len(err.splitlines()) == 1


def test_commands_widened_in_the_database_are_refused(
    stocked, monkeypatch, database, tmp_path, capsys
) -> None:
    run_as(monkeypatch, "boss", [*ADD, *stocked])
    with database.session() as session:
        row = session.scalars(select(ServiceAccount)).one()
        row.allowed_commands = json.dumps(["print daily", "export csv"])
    export = ["export", "csv", "--date", DAY, "--out", str(tmp_path / "x.csv")]
    assert main([*export, "--service", "morning-list", *stocked]) == EXIT_AUTH
    assert "has been altered" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_an_unknown_account_or_one_without_its_secret_is_refused(
    stocked, monkeypatch, tmp_path, capsys, throwaway_keyring
) -> None:
    argv = _print_daily(tmp_path)
    assert main([*argv, "--service", "no-such-job", *stocked]) == EXIT_AUTH
    assert "no service account no-such-job" in capsys.readouterr().err
    run_as(monkeypatch, "boss", [*ADD, *stocked])
    throwaway_keyring.values.clear()  # another PC, or another Windows account
    assert main([*argv, "--service", "morning-list", *stocked]) == EXIT_AUTH
    assert "not in this PC's credential store" in capsys.readouterr().err
    assert not (tmp_path / "list.pdf").exists()


def test_a_person_and_a_service_account_at_once_is_refused(
    stocked, monkeypatch, tmp_path, capsys
) -> None:
    run_as(monkeypatch, "boss", [*ADD, *stocked])
    argv = [*_print_daily(tmp_path), "--service", "morning-list", *stocked]
    assert run_as(monkeypatch, "boss", argv) == EXIT_AUTH
    assert "only one of --staff and --service" in capsys.readouterr().err
    assert not (tmp_path / "list.pdf").exists()


def test_list_and_remove(stocked, monkeypatch, capsys, throwaway_keyring, tmp_path) -> None:
    run_as(monkeypatch, "boss", [*ADD, *stocked])
    capsys.readouterr()
    assert run_as(monkeypatch, "boss", ["service-account", "list", *stocked]) == EXIT_OK
    out = capsys.readouterr().out
    assert "morning-list" in out and "print daily" in out and "boss" in out
    remove = ["service-account", "remove", "morning-list", *stocked]
    assert run_as(monkeypatch, "boss", remove) == EXIT_OK
    assert ("MoveDesk", "service-account:morning-list") not in throwaway_keyring.values
    assert main([*_print_daily(tmp_path), "--service", "morning-list", *stocked]) == EXIT_AUTH


def test_only_unattended_commands_can_be_given(stocked, monkeypatch, capsys) -> None:
    argv = ["service-account", "add", "x-job", "--commands", "decide", *stocked]
    with pytest.raises(SystemExit) as stopped:
        run_as(monkeypatch, "boss", argv)
    assert stopped.value.code == EXIT_USAGE
    assert "may run only" in capsys.readouterr().err


def test_a_scheduled_fax_receiver_audits_each_fax_it_stores(
    stocked, monkeypatch, database, tmp_path
) -> None:
    import threading

    import numpy as np

    from fax.emulator import VirtualLine
    from fax.tiff import write_tiff

    add = ["service-account", "add", "fax-night", "--commands", "fax receive"]
    assert run_as(monkeypatch, "boss", [*add, *stocked]) == EXIT_OK
    line = VirtualLine("service-fax", paced=False)
    line.add_modem("0311112222")
    line.add_modem("0333334444")
    page = np.zeros((120, 1728), dtype=np.uint8)
    page[10:20, 100:900] = 1
    document = tmp_path / "doc.tif"
    write_tiff(document, [page], resolution="standard")
    receive = ["fax", "receive", "--port", line.url("0333334444"), "--out", str(tmp_path / "in")]
    receive += ["--once", "--rings", "1", "--service", "fax-night", *stocked]
    codes: list[int] = []
    receiver = threading.Thread(target=lambda: codes.append(main(receive)))
    try:
        receiver.start()
        send = ["fax", "send", "--port", line.url("0311112222"), "--to", "0333334444"]
        assert run_as(monkeypatch, "clerk1", [*send, str(document), *stocked]) == EXIT_OK
        receiver.join(120)
    finally:
        line.close()
    assert codes == [EXIT_OK]
    [stored] = list((tmp_path / "in").glob("*.tif"))
    [(who, what, detail)] = _audit(database, "fax_received")
    assert (who, what) == ("service:fax-night", stored.name) and detail.startswith("1 pages")
    sent = [target for staff, target, _ in _audit(database, "command") if staff == "clerk1"]
    assert sent == ["fax send"]
