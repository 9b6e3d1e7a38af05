"""Printing and exporting from the window: ask what, make it off the GUI thread, preview.

Who may print, save or export is not decided here: the preview and the
export ask ``desktop.authority``, which also audits where the data went.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QObject
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QMessageBox,
    QWidget,
)

from desktop import authority
from desktop.authority import Use
from desktop.domain.kinds import known_kinds
from desktop.messages import file_error
from desktop.service import Actor
from ui.i18n import error_text, language
from ui.operations import OperationRunner
from ui.widgets import dialog_buttons

if TYPE_CHECKING:
    from printing import PrintResult
    from ui.print_preview import PrintPreview

REPLACEMENT = "〓"


class ListChoiceDialog(QDialog):
    """Which list: kind, dates, grouping (and, for CSV, the encoding)."""

    def __init__(self, kind: str, *, for_csv: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("CSVで書き出す") if for_csv else self.tr("一覧を印刷"))
        form = QFormLayout(self)
        self.kind = QComboBox()
        for code, item in known_kinds().items():
            self.kind.addItem(item.label(language()), code)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.first = QDateEdit(QDate.currentDate())
        self.last = QDateEdit(QDate.currentDate())
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.group = QComboBox()
        self.group.addItem(self.tr("まとめない"), None)
        self.group.addItem(self.tr("市区町村ごと"), "municipality")
        self.group.addItem(self.tr("町名ごと"), "town")
        self.encoding = QComboBox()
        self.encoding.addItem(self.tr("UTF-8（BOM付き）"), "utf-8-sig")
        self.encoding.addItem(self.tr("Shift_JIS（cp932、Excel向け）"), "cp932")
        form.addRow(self.tr("種別"), self.kind)
        form.addRow(self.tr("移転日（から）"), self.first)
        form.addRow(self.tr("移転日（まで）"), self.last)
        if for_csv:
            form.addRow(self.tr("文字コード"), self.encoding)
        else:
            form.addRow(self.tr("まとめ方"), self.group)
        form.addRow(dialog_buttons(self, self.accept))

    def span(self) -> tuple[date, date]:
        first, last = self.first.date().toPython(), self.last.date().toPython()
        return (first, last) if first <= last else (last, first)


class DocumentActions(QObject):
    def __init__(self, window, runner: OperationRunner) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        self.window = window
        self.runner = runner
        self.last_preview: PrintPreview | None = None

    @property
    def context(self):  # type: ignore[no-untyped-def]
        return self.window.context

    def _who(self) -> str:
        return self.window.member.user_id

    def actor(self) -> Actor:
        member = self.window.member
        return Actor(member.user_id, member.role)

    def may(self, use: Use) -> bool:
        return authority.allowed(self.actor(), use)

    def _preview(
        self,
        title: str,
        name: str,
        made: tuple[PrintResult, list],
        *,
        what: str,
        uses: tuple[Use, Use],
    ) -> None:
        from ui.print_preview import PRINT, PrintPreview

        result, images = made
        by_how = {PRINT: uses[0]}
        database, actor = self.context.database, self.actor()

        def release(how: str, destination: str) -> None:
            authority.release(database, actor, by_how.get(how, uses[1]), what, destination)

        preview = PrintPreview(
            title,
            result.pdf,
            images,
            self.glyph_warnings(result),
            name,
            self.window,
            release=release,
            may=lambda how: authority.allowed(actor, by_how.get(how, uses[1])),
        )
        self.last_preview = preview
        preview.open()

    def glyph_warnings(self, result: PrintResult) -> list[str]:
        """One line per character no shipped font has (emoji …), shown before printing.

        Characters the names font draws (𠮷 …) print correctly and are not
        warned about.
        """
        return [
            self.tr("%1：「%2」（%3）は印刷できる字形がないため「〓」で印刷されます")
            .replace("%1", missing.where)
            .replace("%2", missing.character)
            .replace("%3", missing.code_point)
            for missing in result.missing_glyphs
            if missing.substituted
        ]

    def _make(self, label: str, title: str, name: str, make, **release) -> bool:  # type: ignore[no-untyped-def]
        from ui.print_job import page_images
        from ui.print_preview import PREVIEW_DPI

        def work(progress):  # type: ignore[no-untyped-def]
            result = make()
            images = page_images(
                result.pdf, PREVIEW_DPI, lambda n, total: progress("render", n, total)
            )
            return result, images

        return self.runner.run(
            label,
            work,
            on_done=lambda made: self._preview(title, name, made, **release),
            on_error=lambda error: QMessageBox.warning(self.window, title, error_text(error)),
        )

    def print_notice(self, notice_id: int) -> bool:
        from desktop import documents  # ReportLab loads on the first print

        detail = self.window.listing.detail(notice_id)
        if detail is None:
            return False
        receipt = detail.notice.receipt_number
        database, settings, who = self.context.database, self.context.settings, self._who()
        return self._make(
            "print",
            self.tr("受付票 %1").replace("%1", receipt),
            f"{receipt}.pdf",
            lambda: documents.notice_sheets(database, settings, [receipt], printed_by=who),
            what=receipt,
            uses=(Use.PRINT_NOTICE, Use.SAVE_NOTICE_PDF),
        )

    def print_list(self, kind: str = "move_in") -> bool:
        from desktop import documents

        dialog = ListChoiceDialog(kind, parent=self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        first, last = dialog.span()
        chosen_kind, group = dialog.kind.currentData(), dialog.group.currentData()
        database, settings, who = self.context.database, self.context.settings, self._who()
        return self._make(
            "print",
            dialog.kind.currentText(),
            f"{chosen_kind}-{first.isoformat()}.pdf",
            lambda: documents.daily_list(
                database, settings, chosen_kind, first, last, printed_by=who, group_by=group
            ),
            what=f"{chosen_kind} {first.isoformat()}"
            + (f"..{last.isoformat()}" if last != first else ""),
            uses=(Use.PRINT_LIST, Use.SAVE_LIST_PDF),
        )

    def export_csv(self, kind: str = "move_in", path: str | None = None) -> str | None:
        """Supervisor only; cp932 gaps are listed and need an explicit yes to replace."""
        from desktop import documents
        from desktop.csv_export import UnencodableCharacters

        dialog = ListChoiceDialog(kind, for_csv=True, parent=self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        first, last = dialog.span()
        chosen_kind, encoding = dialog.kind.currentData(), dialog.encoding.currentData()
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self.window,
                self.tr("CSVで書き出す"),
                f"{chosen_kind}-{first.isoformat()}.csv",
                "CSV (*.csv)",
            )
        if not path:
            return None
        arguments = {
            "encoding": encoding,
            "actor": self.actor(),
            "destination": f"file:{path}",
        }
        try:
            try:
                result = documents.export_list_csv(
                    self.context.database, chosen_kind, first, last, **arguments
                )
            except UnencodableCharacters as error:
                lines = "\n".join(
                    self.tr("%1行目 %2: 「%3」 %4")
                    .replace("%1", str(item.row))
                    .replace("%2", item.column)
                    .replace("%3", item.character)
                    .replace("%4", item.code_point)
                    for item in error.unencodable[:20]
                )
                answer = QMessageBox.question(
                    self.window,
                    self.tr("Shift_JISで書けない文字"),
                    self.tr(
                        "次の文字はShift_JIS（cp932）で書けません。「%1」に置き換えて書き出しますか？\n\n"
                    ).replace("%1", REPLACEMENT)
                    + lines,
                )
                if answer != QMessageBox.StandardButton.Yes:
                    return None
                result = documents.export_list_csv(
                    self.context.database,
                    chosen_kind,
                    first,
                    last,
                    replacement=REPLACEMENT,
                    **arguments,
                )
        except authority.NotAllowed as error:
            QMessageBox.warning(self.window, self.tr("書き出しできません"), error_text(error))
            return None
        try:
            with open(path, "wb") as target:
                target.write(result.data)
        except OSError as error:
            QMessageBox.warning(
                self.window, self.tr("書き出しできません"), error_text(file_error(error, path))
            )
            return None
        self.window.statusBar().showMessage(
            self.tr("%1 件を書き出しました: %2")
            .replace("%1", str(result.row_count))
            .replace("%2", path),
            8000,
        )
        return path
