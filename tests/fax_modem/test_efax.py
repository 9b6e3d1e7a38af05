"""A third-party fax program (Debian's efax) drives the emulated modem on a pseudo-terminal.

efax runs in every class (``-o0`` Class 2.0, ``-o2`` Class 2, ``-o1``
Class 1) and both directions, with its default capabilities (read from
the modem in Class 2 and 2.0) and with ``-c 1,5,0,2,0,0,0,0``, against
MoveDesk across the virtual line; MoveDesk uses a class of its own, so
most calls cross from a host running T.30 to a modem running it. Each
call is judged by efax's own page status lines and by the pages
MoveDesk stored or sent, not only by exit codes.

The line is paced but sped up: efax divides by the whole seconds a page
took (SIGFPE at zero), so a page must last a few seconds of real time
even with the buffers between efax and the line filled, and efax then
finds the page went out faster than the line rate and says "flow control
did not work" (a complaint about the speed-up, the only one allowed).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from fax.emulator import VirtualLine
from fax.modem.class2 import DriverConfig
from fax.modem.select import open_any_modem
from fax.tiff import read_tiff
from tests.fax_modem.conftest import CALLER, make_page

pytestmark = pytest.mark.skipif(
    shutil.which("efax") is None or shutil.which("efix") is None or sys.platform == "win32",
    reason="efax is not installed",
)
EFAX_NUMBER = "0399998888"
# efax adds this many blank lines above every page it sends (room for its header).
EFAX_TOP_MARGIN = 20
# 1-D coding only: efax neither writes nor reads MR.
EFAX_CAPABILITIES = "1,5,0,2,0,0,0,0"
CLASS_OPTION = {"2": "-o2", "2.0": "-o0", "1": "-o1"}
# MoveDesk's side of each call: mostly another class than efax's.
MOVEDESK_CLASS = {"2.0": "1.0", "2": "2.0", "1": "1.0"}
# A full fine page at 14,400 bit/s takes 27 s of line time: over 3 s of real time.
LINE_SPEED = 8
SPEED_UP_COMPLAINT = "flow control did not work"
# Every class both ways with efax's own capabilities; with 1-D only, one class each
# way here and the rest with ``make fax-matrix`` (each call is some 10 s of real time).
WHOLE_MATRIX = bool(os.environ.get("MOVEDESK_FAX_MATRIX"))


def _cases(caps_class_here: str) -> list:  # type: ignore[type-arg]
    cases = []
    for efax_class in ("2.0", "2", "1"):
        for caps in (None, EFAX_CAPABILITIES):
            here = caps is None or efax_class == caps_class_here or WHOLE_MATRIX
            cases.append(
                pytest.param(
                    efax_class,
                    caps,
                    id=f"class{efax_class}-{'caps' if caps else 'default'}",
                    marks=() if here else pytest.mark.skip(reason="make fax-matrix"),
                )
            )
    return cases


RECEIVE_CASES = _cases("2.0")
SEND_CASES = _cases("1")


def full_page(seed: int) -> np.ndarray:
    return make_page(seed, rows=2200)


def write_pbm(path: Path, bitmap: np.ndarray) -> None:
    rows, width = bitmap.shape
    path.write_bytes(b"P4\n%d %d\n" % (width, rows) + np.packbits(bitmap, axis=1).tobytes())


def errors_besides_speed_up(output: str) -> list[str]:
    return [
        line
        for line in output.splitlines()
        if "Error" in line and SPEED_UP_COMPLAINT not in line and "returning" not in line
    ]


@contextlib.contextmanager
def efax_line(name: str) -> Iterator[tuple[VirtualLine, str]]:
    """A paced line with MoveDesk's modem and one for efax on a pseudo-terminal."""
    from fax.emulator.bridge import PtyBridge

    line = VirtualLine(f"efax-{name}", paced=True, speed=LINE_SPEED)
    line.add_modem(CALLER, classes=("1", "1.0", "2", "2.0"))
    modem = line.add_modem(
        EFAX_NUMBER, classes=("1", "1.0", "2", "2.0"), class2_receive_reversed=True
    )
    bridge = PtyBridge(modem)
    try:
        yield line, bridge.path
    finally:
        bridge.close()
        line.close()


def efax_command(
    device: str, tmp_path: Path, fax_class: str, caps: str | None, *rest: str
) -> list[str]:
    return [
        "efax",
        "-d", device,
        "-x", str(tmp_path / "LCK..efax"),
        CLASS_OPTION[fax_class],
        *(["-c", caps] if caps else []),
        "-l", EFAX_NUMBER,
        *rest,
    ]  # fmt: skip


def efix_tiff(tmp_path: Path, pages: list[np.ndarray]) -> list[Path]:
    files = []
    for number, page in enumerate(pages, 1):
        pbm, tiff = tmp_path / f"page{number}.pbm", tmp_path / f"page{number}.tif"
        write_pbm(pbm, page)
        with tiff.open("wb") as out:
            subprocess.run(
                ["efix", "-i", "pbm", "-o", "tiffg3", "-R", "204x196", "-r", "204x196", str(pbm)],
                stdout=out,
                stderr=subprocess.DEVNULL,
                check=True,
                timeout=30,
            )
        files.append(tiff)
    return files


def efax_sends(tmp_path: Path, efax_class: str, caps: str | None) -> dict:  # type: ignore[type-arg]
    """efax dials MoveDesk with two full pages; what each side said and stored."""
    pages = [full_page(11), full_page(12)]
    files = efix_tiff(tmp_path, pages)
    with efax_line(tmp_path.name) as (line, device):
        config = DriverConfig(
            local_id=CALLER, fax_class=MOVEDESK_CLASS[efax_class], answer_after_rings=1
        )
        movedesk = open_any_modem(line.url(CALLER), config)
        received = []

        def answer() -> None:
            if movedesk.wait_for_call(60):
                received.append(movedesk.receive())

        thread = threading.Thread(target=answer, daemon=True)
        thread.start()
        try:
            efax = subprocess.run(
                efax_command(
                    device, tmp_path, efax_class, caps, "-h", "", "-t", CALLER, *map(str, files)
                ),
                capture_output=True,
                text=True,
                timeout=180,
            )
            thread.join(60)
        finally:
            movedesk.channel.close()
    return {
        "pages": pages,
        "files": files,
        "returncode": efax.returncode,
        "output": efax.stdout + efax.stderr,
        "received": received,
    }


def movedesk_sends(tmp_path: Path, efax_class: str, caps: str | None) -> dict:  # type: ignore[type-arg]
    """MoveDesk dials efax with two full pages; what each side said and stored."""
    pages = [full_page(21), full_page(22)]
    with efax_line(tmp_path.name) as (line, device):
        efax = subprocess.Popen(
            efax_command(device, tmp_path, efax_class, caps, "-r", str(tmp_path / "rx")),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            assert line.modems[EFAX_NUMBER].answer_waiting.wait(60), "efax did not answer"
            config = DriverConfig(local_id=CALLER, fax_class=MOVEDESK_CLASS[efax_class])
            sender = open_any_modem(line.url(CALLER), config)
            try:
                result = sender.send(EFAX_NUMBER, pages, "fine")
            finally:
                sender.channel.close()
            output, _ = efax.communicate(timeout=60)
        finally:
            if efax.poll() is None:
                efax.kill()
    return {
        "pages": pages,
        "result": result,
        "returncode": efax.returncode,
        "output": output,
        "folder": tmp_path,
    }


CALLS = {"efax-sends": (RECEIVE_CASES, efax_sends), "movedesk-sends": (SEND_CASES, movedesk_sends)}


@pytest.fixture(scope="module")
def calls(tmp_path_factory):  # type: ignore[no-untyped-def]
    """Every call of this run, each on its own line, under way at once.

    The line is paced, so a call spends its ten seconds mostly waiting:
    side by side they take about as long as the longest.
    """
    with ThreadPoolExecutor(8) as pool:
        started: dict[tuple[str, str, str | None], Future] = {}  # type: ignore[type-arg]
        for direction, (cases, call) in CALLS.items():
            for case in cases:
                if case.marks:
                    continue  # left to ``make fax-matrix``
                efax_class, caps = case.values
                folder = tmp_path_factory.mktemp(f"{direction}-{case.id}")
                started[direction, efax_class, caps] = pool.submit(call, folder, efax_class, caps)
        yield started
        for call in started.values():
            call.exception(timeout=300)  # every call over before the lines close


@pytest.mark.parametrize("efax_class, caps", RECEIVE_CASES)
def test_efax_sends_to_movedesk(calls, efax_class, caps):
    outcome = calls["efax-sends", efax_class, caps].result(timeout=300)
    pages, files, output = outcome["pages"], outcome["files"], outcome["output"]
    assert outcome["returncode"] == 0, output[-3000:]
    # efax's own page status: every file confirmed, none left unsent.
    for file in files:
        assert f"sent -> {file}" in output, output[-3000:]
    assert "failed ->" not in output, output[-3000:]
    assert len(re.findall(r"sent 20\+2200 lines", output)) == len(pages)
    assert errors_besides_speed_up(output) == []
    # And MoveDesk stored what efax says it sent.
    [result] = outcome["received"]
    assert result.hangup.ok and not result.partial, result.hangup.message()
    assert result.remote_id == EFAX_NUMBER
    assert len(result.pages) == len(pages)
    for sent, got in zip(pages, result.pages, strict=True):
        assert got.bad_lines == 0
        assert not got.bitmap[:EFAX_TOP_MARGIN].any()
        assert np.array_equal(got.bitmap[EFAX_TOP_MARGIN : EFAX_TOP_MARGIN + sent.shape[0]], sent)


@pytest.mark.parametrize("efax_class, caps", SEND_CASES)
def test_movedesk_sends_to_efax(calls, efax_class, caps):
    outcome = calls["movedesk-sends", efax_class, caps].result(timeout=300)
    pages, result, output = outcome["pages"], outcome["result"], outcome["output"]
    assert result.success, result.hangup.message()
    assert result.session.scheme == "mh"
    assert outcome["returncode"] == 0, output[-3000:]
    # efax's own page status: each page whole, no errors, one file each.
    assert re.findall(r"received (\d+) lines, (\d+) errors", output) == [("2200", "0")] * 2, output[
        -3000:
    ]
    files = sorted(outcome["folder"].glob("rx.*"))
    assert [f"received -> {name}" in output for name in files] == [True, True]
    assert errors_besides_speed_up(output) == []
    received = [page for name in files for page in read_tiff(name)]
    assert len(received) == 2
    for sent, got in zip(pages, received, strict=True):
        assert np.array_equal(got.bitmap[: sent.shape[0]], sent)
        assert not got.bitmap[sent.shape[0] :].any()
