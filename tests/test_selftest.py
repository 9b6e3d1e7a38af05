"""``movedesk --self-test`` passes in a working checkout and says why when it does not."""

from __future__ import annotations

import io
import threading

import keyring
import keyring.backends.fail
import pytest

from desktop import selftest
from desktop.selftest import Check, CheckFailed, run_self_test


@pytest.mark.gui
def test_every_check_passes_here() -> None:
    out = io.StringIO()
    assert run_self_test(out) == 0
    lines = out.getvalue().splitlines()
    names = [check.name for check in selftest.default_checks()]
    assert len(lines) == len(names)
    for line, name in zip(lines, names, strict=True):
        assert line.startswith(f"ok  {name}: "), line


def test_a_missing_credential_store_fails_with_its_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(keyring, "get_keyring", lambda: keyring.backends.fail.Keyring())
    out = io.StringIO()
    checks = [check for check in selftest.default_checks() if check.name in ("program", "keyring")]
    assert run_self_test(out, checks=checks) != 0
    program, credentials = out.getvalue().splitlines()
    assert program.startswith("ok  program: MoveDesk ")
    assert credentials == (
        "FAIL keyring: no usable credential store (backend keyring.backends.fail.Keyring)"
    )


def test_an_error_a_hang_and_a_verbose_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()

    def broken() -> str:
        raise FileNotFoundError("ipaexg.ttf is not there")

    def hangs() -> str:
        release.wait(10)
        return "too late"

    def refuses() -> str:
        raise CheckFailed("said no")

    out = io.StringIO()
    checks = [
        Check("broken", broken, 5),
        Check("hangs", hangs, 0.2),
        Check("refuses", refuses, 5),
        Check("fine", lambda: "all right", 5, main_thread=True),
    ]
    try:
        assert run_self_test(out, checks=checks, verbose=True) == 1
    finally:
        release.set()
    lines = out.getvalue().splitlines()
    assert lines[0] == "FAIL broken: FileNotFoundError: ipaexg.ttf is not there"
    assert lines[1].startswith("    Traceback (most recent call last):")
    assert "FAIL hangs: no answer within 0.2 s" in lines
    assert "FAIL refuses: said no" in lines
    assert lines[-1] == "ok  fine: all right"


def test_a_console_that_cannot_show_japanese_gets_escapes() -> None:
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="cp1252")
    checks = [Check("name", lambda: "水道 ok", 5)]
    assert run_self_test(out, checks=checks) == 0
    out.flush()
    assert raw.getvalue().decode("cp1252") == "ok  name: \\u6c34\\u9053 ok\n"
