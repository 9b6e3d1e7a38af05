"""In the Japanese window, every message a clerk reads is Japanese.

The walk below opens the dialogs and provokes the refusals a counter day
meets, and collects every text that reaches a message box or the status
bar. A sentence in English there fails the test; codes, numbers, receipt
numbers, file paths, option and variable names are not sentences.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox, QStatusBar

from desktop.demo import DEMO_ACCOUNTS
from desktop.service import Actor
from desktop.staff import StaffService
from ui.decision_dialogs import RejectDialog
from ui.document_actions import ListChoiceDialog
from ui.fax_dialogs import SendRequest

pytestmark = pytest.mark.gui

# What may stand in a Japanese sentence in ASCII.
_NOT_SENTENCES = (
    r"[A-Za-z]:\\[^\s「」（）]*",  # a Windows path
    r"(?<![A-Za-z])/[^\s「」（）:]+",  # a POSIX path
    r"'movedesk [a-z -]+'",  # a command to type
    r"--[a-z][a-z-]*",  # an option
    r"\b[A-Z][A-Z0-9_]{2,}\b",  # an environment variable or a code
    r"\b[A-Z]{2,4}\d*-[\w-]+",  # a receipt number
)
_WORD = r"[A-Za-z]{2,}"
_SENTENCE = re.compile(rf"{_WORD}(?:[ ,.'’:;-]+{_WORD}){{2,}}")


def english_in(text: str) -> list[str]:
    """The English sentences in ``text`` (a text without any Japanese counts as one)."""
    rest = text
    for pattern in _NOT_SENTENCES:
        rest = re.sub(pattern, " ", rest)
    found = _SENTENCE.findall(rest)
    if not found and text.isascii() and re.search(_WORD, rest):
        found = [text]
    return found


def test_the_check_tells_english_from_japanese() -> None:
    assert english_in("同期できません: no hub URL: set it in Settings")
    assert english_in("the printer (PDF) cannot be opened")
    assert english_in("offline")
    assert english_in("cannot accept a notice that is accepted")
    assert not english_in("PDFを保存しました:\n/tmp/pytest-1/x/sheet.pdf")
    assert not english_in("「C:\\Users\\kanri\\Desktop\\list.csv」に書き込む権限がありません")
    assert not english_in("受付番号 MV2-20251121-0042 は処理済みです")
    assert not english_in(
        "ハブのURLが設定されていません。設定画面、--hub-url または MOVEDESK_HUB_URL で設定してください"
    )
    assert not english_in("最終同期 09:15:02 — 送信待ち 0 件")
    assert not english_in("12")


class Collected:
    """Every text that reaches a message box or the status bar."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.texts: list[tuple[str, str]] = []
        for kind in ("information", "warning", "critical", "question"):
            monkeypatch.setattr(QMessageBox, kind, self._box(kind))
        show_message = QStatusBar.showMessage

        def shown(bar, text, timeout=0):  # type: ignore[no-untyped-def]
            self.texts.append(("status bar", text))
            show_message(bar, text, timeout)

        monkeypatch.setattr(QStatusBar, "showMessage", shown)

    def _box(self, kind: str):  # type: ignore[no-untyped-def]
        def show(_parent, title, text, *_args, **_kwargs):  # type: ignore[no-untyped-def]
            self.texts.append((kind, title))
            self.texts.append((kind, text))
            return QMessageBox.StandardButton.Yes

        return staticmethod(show)

    def status_labels(self, window) -> None:  # type: ignore[no-untyped-def]
        for label in (window.sync_label, window.pending_label, window.user_label):
            self.texts.append(("status bar", label.text()))

    def english(self) -> list[tuple[str, str]]:
        return [(where, text) for where, text in self.texts if english_in(text)]

    def count(self, piece: str) -> int:
        return sum(piece in text for _where, text in self.texts)


def _open_row(window, *, without_customer_number: bool = False) -> int:  # type: ignore[no-untyped-def]
    window.filters.select_view("open")
    for row in range(window.model.rowCount()):
        detail = window.listing.detail(window.model.id_at(row))
        if not without_customer_number or not detail.notice.customer_number:
            window.select_id(detail.id)
            return detail.id
    raise AssertionError("no open notice to work on")


def counter_day(window, qtbot, monkeypatch, tmp_path: Path, demo) -> Collected:  # type: ignore[no-untyped-def]
    """Open the dialogs and provoke the refusals of a day at the counter."""
    said = Collected(monkeypatch)
    decisions, panel = window.decisions, window.panel
    missing_folder = tmp_path / "no-such-folder"

    # Deciding: no customer number, a wrong one, a notice changed meanwhile,
    # a decision on a notice decided already, a viewer's attempt.
    notice_id = _open_row(window, without_customer_number=True)
    version = panel.detail.notice.version
    decisions.accept(notice_id, version, "")
    decisions.accept(notice_id, version, "12")
    decisions.accept(notice_id, version - 1 if version > 1 else version + 1, "0012345")
    with qtbot.waitSignal(window.sync_finished, timeout=30_000):
        decisions.accept(notice_id, version, "0012345")
    decisions.accept(notice_id, version, "0012345")
    decisions.reopen(notice_id)  # a clerk may not
    window.actor = Actor("etsuran", "viewer")
    decisions.claim(_open_row(window))
    window.actor = Actor(window.member.user_id, window.member.role)

    # Rejecting without a reason, then その他 without an explanation.
    problems: list[str] = []

    def reject_carelessly(dialog: RejectDialog) -> int:
        dialog._check()
        problems.append(dialog.problem.text())
        dialog.reason.setCurrentIndex(dialog.reason.findData("other"))
        dialog._check()
        problems.append(dialog.problem.text())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(RejectDialog, "exec", reject_carelessly)
    decisions.reject(_open_row(window), panel.detail.notice.version)
    said.texts += [("reject dialog", text) for text in problems]

    # Printing and saving where it cannot go.
    window.select_id(window.model.id_at(0))
    with qtbot.waitSignal(window.runner.ended, timeout=60_000):
        assert window.documents.print_notice(window.current_id())
    preview = window.documents.last_preview
    assert not preview.save_document(str(missing_folder / "sheet.pdf"))
    assert not preview.save_document(str(tmp_path))
    assert preview.save_document(str(tmp_path / "sheet.pdf"))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(missing_folder / "printed.pdf"))
    assert not preview.print_document(printer)
    preview.close()

    # Exporting: a clerk may not; a supervisor into a missing folder, then properly.
    monkeypatch.setattr(ListChoiceDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    assert window.documents.export_csv(path=str(tmp_path / "list.csv")) is None
    boss = DEMO_ACCOUNTS[1]
    window.member = StaffService(demo.context.database).authenticate(boss.user_id, boss.password)
    assert window.documents.export_csv(path=str(missing_folder / "list.csv")) is None
    assert window.documents.export_csv(path=str(tmp_path / "list.csv"))

    # Staff: nobody locked, then unlocking one.
    window.unlock_staff()
    staff = StaffService(demo.context.database)
    for _ in range(5):
        with pytest.raises(Exception):  # noqa: B017 (the sign-in refusal is not the point here)
            staff.authenticate("tanaka", "not-the-password")
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *_args: ("tanaka", True)))
    window.unlock_staff()

    # Faxing a file that is no PDF.
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.4 cut off here")
    today = date.today()
    request = SendRequest(
        "file", (), "move_in", today, today, str(damaged), "0425000000", "", False, "fine", ""
    )
    with qtbot.waitSignal(window.runner.ended, timeout=60_000):
        assert window.fax.queue_request(request)

    # Syncing: done, then with the hub not set up, then failing unexpectedly.
    with qtbot.waitSignal(window.sync_finished, timeout=30_000):
        window.sync_now()
    said.status_labels(window)
    from desktop.context import AppContext
    from desktop.settings import Settings

    not_set_up = AppContext(Settings(path=tmp_path / "settings.json"))
    monkeypatch.setattr(window.context, "sync_engine", not_set_up.hub_config)
    with qtbot.waitSignal(window.sync_finished, timeout=30_000):
        window.sync_now()
    said.status_labels(window)

    return said


# Qt's own word for the PDF that cannot be written; the walk provokes it.
_PDF_REFUSED = r"QPainter::begin\(\): Returned false"


@pytest.mark.qt_log_ignore(_PDF_REFUSED)
def test_a_counter_day_in_japanese_says_everything_in_japanese(
    window, qtbot, monkeypatch, tmp_path: Path, demo
) -> None:
    said = counter_day(window, qtbot, monkeypatch, tmp_path, demo)
    # What the walk must have met, so that a quiet failure cannot pass it.
    for expected in (
        "受理する前にお客さま番号",
        "お客さま番号「12」は使えません",
        "届出人がこの届出を変更しました",
        "処理できません",
        "不受理の理由を選んでください",
        "「その他」を選んだときは補足を入力してください",
        "フォルダがありません",
        "はフォルダです",
        "PDFを保存しました",
        "PDFファイル「",
        "監督者以上の権限が必要です",
        "件を書き出しました",
        "ロックされている職員はいません",
        "tanaka のロックを解除しました",
        "文書「damaged.pdf」をファクスにできません",
        "最終同期",
        "送信待ち",
        "ハブのURLが設定されていません",
    ):
        assert said.count(expected), (expected, said.texts)
    assert not said.count("予期しない")
    assert said.english() == []


# The Japanese label beside an English word, as the clerk sees it on screen.
_GLOSS = re.compile(r" \([\u3040-\u30ff\u3400-\u9fff]+\)")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e「」（）。、]")


@pytest.mark.qt_log_ignore(_PDF_REFUSED)
def test_the_same_day_in_english_says_nothing_in_japanese(
    window, qtbot, monkeypatch, tmp_path: Path, demo
) -> None:
    from ui.i18n import set_language

    set_language("en")
    said = counter_day(window, qtbot, monkeypatch, tmp_path, demo)
    # Residents' and staff names are data, shown as they are.
    staff = StaffService(demo.context.database)
    names = {staff.authenticate(a.user_id, a.password).display_name for a in DEMO_ACCOUNTS[:2]}
    japanese = []
    for where, text in said.texts:
        for name in names:
            text = text.replace(name, "")
        text = _GLOSS.sub("", text)
        if _JAPANESE.search(text):
            japanese.append((where, text))
    assert len(said.texts) > 30 and not said.count("Something unexpected")
    assert japanese == []
