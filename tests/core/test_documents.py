"""Printing and exporting from the store, through the command line."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from sqlalchemy import select

from desktop import documents
from desktop.cli import main
from desktop.cli.common import EXIT_AUTH, EXIT_FAILED, EXIT_OK
from desktop.domain.notice import notice_from_payload
from desktop.settings import Settings
from desktop.store.ingest import store_notices
from desktop.store.models import AuditEntry
from tests.core.cli_support import add_staff, run_as
from tests.support import sample_payload

DAY = date(2026, 11, 27)


@pytest.fixture
def stocked(database, database_url: str) -> list[str]:
    payloads = [
        sample_payload(
            1, move_date=DAY.isoformat(), user={"name": "𠮷田 一郎", "kana": "ヨシダ イチロウ"}
        ),
        sample_payload(
            2, move_date=DAY.isoformat(), user={"name": "髙橋 花子", "kana": "ﾀｶﾊｼ ﾊﾅｺ"}
        ),
        sample_payload(3, move_date=DAY.isoformat(), kind="move_out", settlement_method="on_site"),
        sample_payload(4, move_date="2026-11-28"),
    ]
    with database.session() as session:
        store_notices(session, [notice_from_payload(p) for p in payloads])
    add_staff(database)
    return ["--database-url", database_url]


def _text(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    return "".join(page.get_textpage().get_text_range() for page in document)


def test_print_daily_list_to_a_file(stocked, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "list.pdf"
    args = ["print", "daily", "--date", DAY.isoformat(), "--kind", "move_in", "--out", str(out)]
    assert run_as(monkeypatch, "boss", [*args, *stocked]) == EXIT_OK
    text = _text(out.read_bytes())
    assert "髙橋 花子" in text and "𠮷田 一郎" in text
    assert "T00000004" not in text and "T00000003" not in text  # other day, other kind
    assert "令和8年11月27日" in text
    assert "印刷者：監督 花子（boss）" in text


def test_printer_is_named_on_the_list_and_the_sheet(stocked, database, tmp_path: Path) -> None:
    settings = Settings(tmp_path / "settings.json")
    sheet = documents.notice_sheets(database, settings, ["T00000002"], printed_by="clerk1")
    assert "窓口 一郎（clerk1）" in _text(sheet.pdf)
    listed = documents.daily_list(database, settings, "move_in", DAY, printed_by="boss")
    assert "印刷者：監督 花子（boss）" in _text(listed.pdf)
    # A scheduled job runs under an account that is not staff: its ID is all there is.
    assert documents.printer_label(database, "svc-print") == "svc-print"
    with database.session() as session:
        assert ("boss", "print_list") in session.execute(
            select(AuditEntry.staff, AuditEntry.action)
        ).all()


def test_a_list_saved_as_pdf_is_a_supervisors_audited_export(
    stocked, tmp_path: Path, monkeypatch, database
) -> None:
    out = tmp_path / "list.pdf"
    args = ["print", "daily", "--date", DAY.isoformat(), "--kind", "move_in", "--out", str(out)]
    assert run_as(monkeypatch, "clerk1", [*args, *stocked]) == EXIT_AUTH  # a file of many
    assert not out.exists()
    assert run_as(monkeypatch, "boss", [*args, *stocked]) == EXIT_OK
    assert out.read_bytes().startswith(b"%PDF")
    with database.session() as session:
        exports = session.execute(
            select(AuditEntry.staff, AuditEntry.action, AuditEntry.target, AuditEntry.detail)
        ).all()
    assert ("clerk1", "export_refused") in {(e.staff, e.action) for e in exports}
    [granted] = [e for e in exports if e.action == "export"]
    assert (granted.staff, granted.target) == ("boss", f"move_in {DAY.isoformat()}")
    assert f"file:{out.resolve()}" in granted.detail and "save_list_pdf" in granted.detail


def test_print_notice_sheet(stocked, tmp_path: Path, database, monkeypatch) -> None:
    out = tmp_path / "sheet.pdf"
    sheet = ["print", "notice", "T00000002", "--out", str(out), *stocked]
    assert run_as(monkeypatch, "viewer1", sheet) == EXIT_AUTH and not out.exists()
    assert run_as(monkeypatch, "clerk1", sheet) == EXIT_OK
    assert "T00000002" in _text(out.read_bytes())
    with database.session() as session:
        assert ("clerk1", "print_notice", "T00000002") in session.execute(
            select(AuditEntry.staff, AuditEntry.action, AuditEntry.target)
        ).all()
    nope = ["print", "notice", "NOPE", "--out", str(out), *stocked]
    assert run_as(monkeypatch, "clerk1", nope) == EXIT_FAILED


def test_csv_export_cp932_lists_what_it_cannot_write(
    stocked, tmp_path: Path, capsys, database, monkeypatch
) -> None:
    out = tmp_path / "list.csv"
    base = ["export", "csv", "--date", DAY.isoformat(), "--out", str(out), *stocked]
    assert run_as(monkeypatch, "boss", [*base, "--encoding", "cp932"]) == EXIT_FAILED
    err = capsys.readouterr().err
    assert "𠮷" in err and "U+20BB7" in err and not out.exists()
    assert run_as(monkeypatch, "boss", [*base, "--encoding", "cp932", "--replace", "〓"]) == 0
    rows = io.StringIO(out.read_bytes().decode("cp932")).read()
    assert "〓田 一郎" in rows and "髙橋 花子" in rows
    assert run_as(monkeypatch, "boss", [*base, "--encoding", "utf-8-sig"]) == EXIT_OK
    assert out.read_bytes().startswith(b"\xef\xbb\xbf") and "𠮷田" in out.read_bytes().decode(
        "utf-8-sig"
    )
    with database.session() as session:
        exports = session.scalars(
            select(AuditEntry.detail).where(AuditEntry.action == "export")
        ).all()
    assert len(exports) == 2 and "replaced" in exports[0]
    assert all("export_csv" in e and f"file:{out.resolve()}" in e for e in exports)


def test_csv_export_is_for_supervisors_only(stocked, tmp_path: Path, capsys, monkeypatch) -> None:
    out = tmp_path / "list.csv"
    args = ["export", "csv", "--date", DAY.isoformat(), "--out", str(out)]
    assert run_as(monkeypatch, "clerk1", [*args, *stocked]) == EXIT_AUTH
    assert "supervisor" in capsys.readouterr().err and not out.exists()


def test_bad_date_is_a_usage_error(stocked, capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["print", "daily", "--date", "2026-13-01", "--kind", "move_in", *stocked])
    assert stopped.value.code == 2
    assert "is not a date" in capsys.readouterr().err


def test_a_faxed_notice_sheet_reads_back_as_the_notice(
    stocked, tmp_path: Path, database, capsys, monkeypatch
) -> None:
    """A branch office's MoveDesk reads the sheet it was faxed, and knows who printed it."""
    import json

    from desktop.domain.notice import notice_to_payload
    from fax.notice_code import read_notices_from_tiff

    sheet, faxed = tmp_path / "sheet.pdf", tmp_path / "faxed.tif"
    printing = ["print", "notice", "T00000003", "--out", str(sheet), *stocked]
    assert run_as(monkeypatch, "clerk1", printing) == EXIT_OK
    for resolution in ("standard", "fine"):
        args = ["fax", "convert", str(sheet), str(faxed), "--resolution", resolution]
        assert main(args) == EXIT_OK
        capsys.readouterr()
        assert run_as(monkeypatch, "viewer1", ["fax", "read-notice", str(faxed), *stocked]) == 0
        read = json.loads(capsys.readouterr().out)
        expected = notice_to_payload(notice_from_payload(sample_payload(3, kind="move_out")))
        expected["move_date"], expected["settlement_method"] = DAY.isoformat(), "on_site"
        assert read == json.loads(json.dumps(expected))
        [reading] = [r for r in read_notices_from_tiff(faxed) if r is not None][:1]
        assert reading.code.marker == "MD2" and reading.code.origin.name == "水道局"
