"""The program's own event-processing paths never drop references to None, True or False.

PySide6 6.12.0 did, in its static QCoreApplication methods (see ui/events.py)
and in Signal.emit (one reference to True per emit); a few thousand calls then
killed the process. setup.cfg keeps that release
out, and these tests hold whichever binding is installed to the same bar.
"""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

REPEATS = 3000


def _references() -> tuple[int, int, int]:
    # Garbage left by earlier tests, freed while measuring, would look like a leak.
    gc.collect()
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


def _assert_kept(before: tuple[int, int, int], after: tuple[int, int, int]) -> None:
    lost = [b - a for a, b in zip(after, before, strict=True)]
    # Allocation elsewhere may add a few; a binding fault takes one per call.
    assert max(lost) < REPEATS // 10, f"references lost to None/True/False: {lost}"


def test_processing_pending_events_keeps_references(qapp) -> None:
    from ui.events import process_pending_events

    before = _references()
    for _ in range(REPEATS):
        process_pending_events()
    _assert_kept(before, _references())


def test_switching_language_keeps_references(qapp) -> None:
    from ui.i18n import set_language

    before = _references()
    for index in range(REPEATS // 10):
        set_language("en" if index % 2 == 0 else "ja")
    set_language("ja")
    # QLocale.setDefault is one of the faulty static calls; ten switches a call.
    _assert_kept(before, _references())


def test_emitting_signals_keeps_references(qapp) -> None:
    """A day at the counter emits a lot: sync, progress, fax events, the change log."""
    from PySide6.QtCore import QObject, Signal

    class Announcer(QObject):
        said = Signal(str, int, int)

    announcer = Announcer()
    announcer.said.connect(lambda *_args: None)
    before = _references()
    for number in range(REPEATS):
        announcer.said.emit("purge", number, REPEATS)
    _assert_kept(before, _references())


def test_the_installed_binding_keeps_references(qapp) -> None:
    """A canary: the binding itself, as pytest-qt calls it."""
    before = _references()
    for _ in range(REPEATS):
        qapp.processEvents()
    _assert_kept(before, _references())


@pytest.mark.slow
def test_the_demo_starts_and_quits_cleanly(tmp_path: Path) -> None:
    for cycle in range(2):
        shot = tmp_path / f"cycle{cycle}.png"
        done = subprocess.run(
            [sys.executable, "-m", "desktop", "--demo", "--screenshot", str(shot)],
            env={**__import__("os").environ, "MOVEDESK_DATA_DIR": str(tmp_path / "data")},
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert done.returncode == 0 and shot.exists(), done.stderr
        assert "Fatal Python error" not in done.stderr
