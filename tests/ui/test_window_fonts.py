"""The window shows names IPAex cannot draw with the names font MoveDesk ships."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
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
        runs = _runs("𠮷田", font)
        assert runs[0][0] == NAMES_FAMILY
        assert runs[0][1] and 0 not in runs[0][1]  # a real glyph, not the empty box
        assert runs[1][0] == "IPAexGothic"
