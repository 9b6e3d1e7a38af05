"""The window shows names IPAex cannot draw with the names font MoveDesk ships."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject
from PySide6.QtGui import QFont, QFontDatabase, QTextLayout
from PySide6.QtWidgets import QApplication, QLabel, QTableView

from ui.fonts import UI_FAMILY_FALLBACKS, register_fonts

pytestmark = pytest.mark.gui

NAMES_FAMILY = "MoveDesk Names Mincho"


@pytest.fixture
def registered(qapp: QApplication) -> Iterator[list[str]]:
    before = QFont(qapp.font())
    yield register_fonts(qapp)
    qapp.setFont(before)


def _runs(text: str, font: QFont) -> list[tuple[str, list[int]]]:
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [(run.rawFont().familyName(), list(run.glyphIndexes())) for run in layout.glyphRuns()]


def test_names_font_is_registered_after_ipaex(registered: list[str], qapp: QApplication) -> None:
    assert NAMES_FAMILY in registered
    families = qapp.font().families()
    assert families.index("IPAexGothic") < families.index(NAMES_FAMILY)


def test_yoshi_shows_in_the_list_and_the_panel(registered: list[str], qtbot) -> None:  # type: ignore[no-untyped-def]
    if any(QFontDatabase.hasFamily(family) for family in UI_FAMILY_FALLBACKS):
        pytest.skip("a system UI font comes first here")
    label, table = QLabel("𠮷田 一郎"), QTableView()
    qtbot.addWidget(label)
    qtbot.addWidget(table)
    for font in (label.font(), table.font()):
        # One character per layout: glyph runs come in no set order.
        ((family, glyphs),) = _runs("𠮷", font)
        assert family == NAMES_FAMILY
        assert glyphs and 0 not in glyphs  # a real glyph, not the empty box
        assert [family for family, _ in _runs("田", font)] == ["IPAexGothic"]


def test_before_printing_the_window_names_what_prints_as_geta(qapp: QApplication) -> None:
    from datetime import date

    from desktop.csv_export import ListEntry
    from printing.daily_list import ListTitle, render_daily_list
    from tests.printing.conftest import make_notice
    from ui.document_actions import DocumentActions
    from ui.i18n import set_language

    set_language("ja")
    notice = make_notice(1, user__name="𠮷田 一郎", remarks="よろしく😀 葛\U000e0100城")
    result = render_daily_list(
        [ListEntry(notice, "new")], ListTitle("昭島市水道部", "move_in", date(2025, 11, 21))
    )
    owner = QObject()
    warnings = DocumentActions(owner, None).glyph_warnings(result)  # type: ignore[arg-type]
    # 𠮷 prints with the names font and the variation selector is invisible: only 😀 is 〓.
    assert warnings == [
        "一覧 R2025-000001 備考：「😀」（U+1F600）は印刷できる字形がないため「〓」で印刷されます"
    ]
