"""A clerk's window loads what the list needs; fax and plotting code wait until they are used."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.domain.notice import notice_from_payload
from desktop.staff import StaffService
from desktop.store.database import open_database
from desktop.store.ingest import store_notices
from tests.support import sample_payload

pytestmark = pytest.mark.gui

# Loaded by fax work, printing or a plotting library: none is needed to list notices.
NOT_AT_START = ("pyqtgraph", "numpy", "numba", "reportlab", "PIL", "pypdfium2", "zxingcpp")
NOT_FOR_THE_DASHBOARD = ("pyqtgraph", "numpy", "numba")

SESSION = """
import json, sys
from PySide6.QtWidgets import QApplication
from desktop import staff
staff.SCRYPT_COST = staff.ScryptCost(2**10, 8, 1)  # as the account was made
from desktop.context import AppContext
from desktop.settings import Settings
from ui.i18n import set_language
from ui.main_window import MainWindow

app = QApplication([])
set_language("ja")
context = AppContext(Settings(overrides={"database_url": sys.argv[1]}))
member = staff.StaffService(context.database).authenticate("sato", "Counter-2026-x")
window = MainWindow(context, member)
window.sync_timer.stop()
window.show()
def settle():
    for _ in range(3):
        window.runner.wait()
        app.processEvents()
settle()
seen = {"rows": window.model.rowCount(), "window": sorted(sys.modules)}
window.tabs.setCurrentIndex(1)
settle()
seen["counted"] = window.dashboard.data is not None and not window.dashboard.waiting
seen["dashboard"] = sorted(sys.modules)
window.close()
print(json.dumps(seen))
"""


def _loaded(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in names or m == "fax.codec")


def test_the_window_and_its_dashboard_leave_fax_and_plotting_code_unloaded(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'desk.sqlite3').as_posix()}"
    database = open_database(url)
    with database.session() as session:
        store_notices(session, [notice_from_payload(sample_payload(n)) for n in range(1, 13)])
    StaffService(database).create("sato", "佐藤 花子", "clerk", "Counter-2026-x", "test")
    database.close()
    done = subprocess.run(
        [sys.executable, "-c", SESSION, url],
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["rows"] == 12
    assert "ui.main_window" in seen["window"] and "sqlalchemy" in seen["window"]
    assert _loaded(seen["window"], NOT_AT_START) == []
    assert seen["counted"] and "ui.bar_chart" in seen["dashboard"]
    assert _loaded(seen["dashboard"], NOT_FOR_THE_DASHBOARD) == []
