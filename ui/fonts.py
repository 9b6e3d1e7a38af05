"""Register the shipped Japanese fonts so no PC shows empty boxes.

IPAex Gothic draws the window's text; the names font shipped beside it
(resources/fonts/fallback, from IPAmj明朝) follows it in the application
font's family list, so a name such as 𠮷田 shows in the list and the panel on
a PC that has no font with 𠮷 installed.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

UI_FAMILY_FALLBACKS = ("Yu Gothic UI", "Meiryo UI", "Noto Sans CJK JP")


def _load(paths: list[Path]) -> list[str]:
    families: list[str] = []
    for path in paths:
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return families


def register_fonts(app: QApplication) -> list[str]:
    """Load IPAex Gothic/Mincho and the names font from resources/fonts; return their families."""
    folder = Path(str(resources.files("resources").joinpath("fonts")))
    families = _load(sorted(folder.glob("*.ttf")))
    names_fonts = _load(sorted((folder / "fallback").glob("*.ttf")))
    gothic = next((f for f in families if "Gothic" in f or "ゴシック" in f), None)
    if gothic:
        font = QFont(app.font())
        # The system's own Japanese UI font is nicer where it exists; the shipped
        # ones guarantee every character shows everywhere else.
        font.setFamilies([*UI_FAMILY_FALLBACKS, gothic, *dict.fromkeys(names_fonts)])
        app.setFont(font)
    return families + names_fonts
