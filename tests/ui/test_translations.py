"""The shipped English translation is complete and its compiled form is current."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from ui.i18n import translations_dir

TS = translations_dir() / "movedesk_en.ts"
QM = translations_dir() / "movedesk_en.qm"


def test_every_message_is_translated() -> None:
    root = ElementTree.parse(TS).getroot()
    unfinished = [
        message.findtext("source")
        for message in root.iter("message")
        if message.find("translation").get("type") in ("unfinished", "vanished", "obsolete")
        or not (message.findtext("translation") or "").strip()
    ]
    assert unfinished == []


def test_compiled_translation_matches_the_source(tmp_path: Path) -> None:
    lrelease = shutil.which("pyside6-lrelease") or str(
        Path(sys.executable).with_name("pyside6-lrelease")
    )
    if not Path(lrelease).exists():
        pytest.skip("pyside6-lrelease is not installed")
    fresh = tmp_path / "fresh.qm"
    subprocess.run([lrelease, str(TS), "-qm", str(fresh)], check=True, capture_output=True)
    assert fresh.read_bytes() == QM.read_bytes(), "run 'make translations' and commit the .qm"
