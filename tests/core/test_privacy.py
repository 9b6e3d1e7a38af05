"""Residents' data stays out of logs and error texts; MoveDesk's folders and files are private."""

from __future__ import annotations

import json
import logging
import os
import stat
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from desktop import documents, paths
from desktop.context import AppContext
from desktop.hub.simulator import DEMO_PARTNER_ID, DEMO_PASSWORD, HubSimulator
from desktop.logs import configure_logging
from desktop.privacy import is_database_error, safe_error_text
from desktop.service import Actor
from desktop.settings import Settings
from desktop.store.database import open_database
from desktop.store.models import NoticeRecord

RESIDENT = {
    "name": "秘匿 花子",
    "address": "東京都昭島市秘密町9丁目8番7号",
    "phone": "090-4321-8765",
}
posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are a POSIX matter")


@pytest.fixture
def log_folder(private_data_dir: Path) -> Iterator[Path]:
    """MoveDesk's own log configuration, writing into the test's data folder, then undone."""
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    for handler in before:
        root.removeHandler(handler)
    configure_logging(logging.DEBUG)
    yield paths.log_dir()
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    for handler in before:
        root.addHandler(handler)
    root.setLevel(level)


def _all_logs(folder: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return "".join(p.read_text("utf-8", errors="replace") for p in folder.rglob("*") if p.is_file())


def _notice_row(receipt: str, **resident: str | None) -> NoticeRecord:
    now = datetime.now(UTC)
    values = {**RESIDENT, **resident}
    return NoticeRecord(
        receipt_number=receipt,
        version=1,
        kind="move_in",
        hub_state="submitted",
        status="new",
        source="hub",
        submitted_at=now,
        move_date=date(2026, 12, 1),
        due_date=date(2026, 11, 30),
        customer_number="",
        postal_code="1960015",
        address=values["address"],
        building="",
        name=values["name"],
        kana="ヒトク ハナコ",
        phone=values["phone"],
        name_key="x",
        kana_key="x",
        address_key="x",
        payload=json.dumps(values, ensure_ascii=False),
        received_at=now,
        updated_at=now,
    )


def _forced_errors(database) -> list[Exception]:  # type: ignore[no-untyped-def]
    """A duplicate receipt number and a missing name, each on a row full of personal data."""
    with database.session() as session:
        session.add(_notice_row("R-1"))
    errors: list[Exception] = []
    for row in (_notice_row("R-1"), _notice_row("R-2", name=None)):
        try:
            with database.session() as session:
                session.add(row)
        except IntegrityError as error:
            errors.append(error)
    return errors


def test_a_forced_database_error_writes_no_personal_data_to_the_log(database, log_folder) -> None:
    errors = _forced_errors(database)
    assert len(errors) == 2 and all(is_database_error(e) for e in errors)
    log = logging.getLogger("movedesk.test")
    for error in errors:
        try:
            raise RuntimeError("saving the notice failed") from error
        except RuntimeError:
            log.exception("while saving")
        log.error("the database said: %s", error)
        log.warning(error)
    written = _all_logs(log_folder)
    assert "IntegrityError" in written and "while saving" in written
    for value in RESIDENT.values():
        assert value not in written
    for error in errors:
        assert not any(value in safe_error_text(error) for value in RESIDENT.values())


def test_engine_errors_do_not_carry_the_parameters(database) -> None:
    (duplicate, _missing) = _forced_errors(database)
    assert "hidden due to hide_parameters" in str(duplicate)
    assert RESIDENT["name"] not in str(duplicate)


def test_a_run_of_sync_decide_and_print_logs_no_resident(log_folder, tmp_path: Path) -> None:
    with HubSimulator(notices=15, seed=12) as hub:
        settings = Settings(
            path=tmp_path / "settings.json",
            overrides={
                "hub_url": hub.url,
                "partner_id": DEMO_PARTNER_ID,
                "database_url": f"sqlite:///{(tmp_path / 'run.sqlite3').as_posix()}",
            },
        )
        context = AppContext(settings, hub_password=DEMO_PASSWORD)
        try:
            report = context.sync_engine().sync_once()
            assert report.pulled == 15 and not report.errors
            with context.database.session() as session:
                rows = session.query(NoticeRecord).all()
                residents = {
                    value
                    for row in rows
                    for value in (row.name, row.kana, row.address, row.phone)
                    if value
                }
                first, second = rows[0], rows[1]
                move_day, kind = first.move_date, first.kind
            clerk = Actor("yamada", "clerk")
            context.notices.decide(first.receipt_number, "accept", clerk, customer_number="012345")
            context.notices.decide(second.receipt_number, "reject", clerk, reason_code="duplicate")
            assert not context.sync_engine().sync_once().errors
            documents.notice_sheets(
                context.database, settings, [first.receipt_number], printed_by="yamada"
            )
            documents.daily_list(context.database, settings, kind, move_day, printed_by="yamada")
            logging.getLogger("movedesk.test").info("run finished")
        finally:
            context.close()
    written = _all_logs(log_folder)
    assert "run finished" in written  # the log was being written
    assert len(residents) >= 45
    leaked = sorted(value for value in residents if value in written)
    assert leaked == []


# -- on disk ---------------------------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_only
def test_data_log_and_fax_folders_are_private(private_data_dir: Path) -> None:
    for folder in (paths.data_dir(), paths.log_dir(), paths.fax_dir(), paths.config_file().parent):
        assert _mode(folder) == 0o700, folder


@posix_only
def test_a_data_folder_left_open_by_an_older_version_is_closed(private_data_dir: Path) -> None:
    private_data_dir.mkdir(mode=0o755)
    private_data_dir.chmod(0o755)
    assert _mode(paths.data_dir()) == 0o700


@posix_only
def test_the_sqlite_file_and_its_wal_and_shm_are_private(private_data_dir: Path) -> None:
    url = paths.default_database_url()
    database = open_database(url)
    try:
        with database.session() as session:
            session.add(_notice_row("R-9"))
            session.execute(text("SELECT 1"))
        with database.engine.connect() as connection:  # keeps -wal and -shm in place
            connection.execute(text("SELECT count(*) FROM notices"))
            files = [private_data_dir / f"movedesk.sqlite3{s}" for s in ("", "-wal", "-shm")]
            assert all(f.exists() for f in files)
            assert [_mode(f) for f in files] == [0o600, 0o600, 0o600]
    finally:
        database.close()


@posix_only
def test_an_old_world_readable_database_is_made_private(private_data_dir: Path) -> None:
    paths.data_dir()
    old = private_data_dir / "movedesk.sqlite3"
    open_database(paths.default_database_url()).close()
    old.chmod(0o644)
    open_database(paths.default_database_url()).close()
    assert _mode(old) == 0o600


@posix_only
def test_log_files_and_settings_are_private(log_folder: Path, private_data_dir: Path) -> None:
    logging.getLogger("movedesk.test").info("hello")
    settings = Settings()
    settings.set("bureau_name", "昭島市水道部")
    settings.save()
    logs = [p for p in log_folder.iterdir() if p.is_file()]
    assert logs and all(_mode(p) == 0o600 for p in logs)
    assert _mode(paths.config_file()) == 0o600


def _postgres_like_error() -> IntegrityError:
    """What PostgreSQL says about a NOT NULL violation: the whole failing row."""
    detail = f'null value in column "kind"\nDETAIL:  Failing row contains (7, {RESIDENT["name"]}, {RESIDENT["address"]}).'
    return IntegrityError(
        "INSERT INTO notices (name, address) VALUES (%s, %s)", None, Exception(detail)
    )


def test_the_log_formatter_withholds_a_driver_s_detail_line() -> None:
    from desktop.logs import PrivateFormatter, format_exception_privately

    error = _postgres_like_error()
    assert RESIDENT["name"] in str(error)  # what used to reach the log
    try:
        raise ValueError("while saving") from error
    except ValueError as outer:
        formatted = format_exception_privately(outer)
        record = logging.LogRecord(
            "t",
            logging.ERROR,
            __file__,
            1,
            "failed",
            None,
            (ValueError, outer, outer.__traceback__),
        )
    assert "IntegrityError" in formatted and "INSERT INTO notices" in formatted
    assert "while saving" in formatted and "direct cause" in formatted
    shown = PrivateFormatter("%(message)s").format(record)
    for value in (RESIDENT["name"], RESIDENT["address"]):
        assert value not in formatted and value not in shown


def test_the_command_line_reports_a_database_error_without_its_row(
    monkeypatch, capsys, log_folder
) -> None:
    from desktop.cli import main
    from desktop.cli.common import EXIT_DATABASE

    def broken(_args, _context):  # type: ignore[no-untyped-def]
        raise _postgres_like_error()

    monkeypatch.setattr("desktop.cli.core_commands.cmd_sync", broken)
    assert main(["sync", "--hub-url", "http://127.0.0.1:9", "--partner-id", "p"]) == EXIT_DATABASE
    said = capsys.readouterr().err
    assert "IntegrityError" in said
    written = _all_logs(log_folder)
    assert "database error" in written and "Traceback" in written
    for value in (RESIDENT["name"], RESIDENT["address"]):
        assert value not in said and value not in written
