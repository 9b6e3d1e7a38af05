"""The line under the notice list: how many, whether more are coming, what a search needs."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.notice_model import NoticeTableModel


def count_text(model: NoticeTableModel) -> str:
    found = model.found
    shown = f"{model.rowCount():,}"
    if model.loading:
        text = QCoreApplication.translate("MainWindow", "%1 件以上（読み込み中…）").replace(
            "%1", shown
        )
    elif model.truncated:
        text = (
            QCoreApplication.translate(
                "MainWindow", "該当 %1 件以上のうち急ぐもの %2 件を表示しています"
            )
            if found.total_at_least
            else QCoreApplication.translate(
                "MainWindow", "該当 %1 件のうち急ぐもの %2 件を表示しています"
            )
        )
        text = text.replace("%1", f"{found.matches:,}").replace("%2", shown)
        text += " — " + QCoreApplication.translate("MainWindow", "続けて入力して絞り込んでください")
    else:
        text = QCoreApplication.translate("MainWindow", "%1 件").replace("%1", shown)
    if found.address_chars_missing:
        hint = QCoreApplication.translate("MainWindow", "住所はあと%1文字入力してください").replace(
            "%1", str(found.address_chars_missing)
        )
        text = hint if not model.rowCount() else f"{text} — {hint}"
    return text
