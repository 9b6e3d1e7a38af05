"""Imports point inward (DESIGN §6): the core, printing and fax know nothing of the window."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support import heavy_modules_after

ROOT = Path(__file__).resolve().parents[1]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


@pytest.mark.parametrize("package", ["desktop", "printing", "fax"])
def test_core_packages_import_no_window_code(package: str) -> None:
    offenders = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        bad = {
            name
            for name in imported_modules(path)
            if name == "ui" or name.startswith(("ui.", "PySide6"))
        }
        if bad:
            offenders[str(path.relative_to(ROOT))] = sorted(bad)
    assert offenders == {}


def test_the_window_is_found_as_the_frontend() -> None:
    from desktop.frontend import frontend

    window = frontend()
    assert window is not None
    assert callable(window.run_window) and callable(window.print_pdf) and callable(window.check_qt)


def test_the_sign_in_screen_needs_no_database_layer() -> None:
    """What runs before the sign-in screen paints stays light (the data opens behind it)."""
    assert heavy_modules_after("import desktop.cli.main, ui.app, ui.session") == []
