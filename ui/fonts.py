"""Register the shipped Japanese fonts so no PC shows empty boxes."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

UI_FAMILY_FALLBACKS = ("Yu Gothic UI", "Meiryo UI", "Noto Sans CJK JP")


def register_fonts(app: QApplication) -> list[str]:
    """Load IPAex Gothic/Mincho from resources/fonts; return the families loaded."""
    folder = Path(str(resources.files("resources").joinpath("fonts")))
    families: list[str] = []
    for path in sorted(folder.glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    gothic = next((f for f in families if "Gothic" in f or "ゴシック" in f), None)
    if gothic:
        font = QFont(app.font())
        # The system's own Japanese UI font is nicer where it exists; the shipped
        # one guarantees every character shows everywhere else.
        font.setFamilies([*UI_FAMILY_FALLBACKS, gothic])
        app.setFont(font)
    return families
