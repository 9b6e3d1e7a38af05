"""A third-party fax program (Debian's efax) drives the emulated modem on a pseudo-terminal.

efax sends to MoveDesk's receiver, and receives from MoveDesk, across the
virtual line, in Class 2 and Class 2.0; the pages must match. The line is
paced but sped up: efax divides by the seconds a page took, so an
infinitely fast line would crash it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from fax.emulator import VirtualLine
from fax.modem.class2 import DriverConfig, open_modem
from fax.tiff import read_tiff
from tests.fax_modem.conftest import CALLER, Receiver, make_page

pytestmark = pytest.mark.skipif(
    shutil.which("efax") is None or shutil.which("efix") is None or sys.platform == "win32",
    reason="efax is not installed",
)
EFAX_NUMBER = "0399998888"
# efax adds this many blank lines above every page it sends (room for its header).
EFAX_TOP_MARGIN = 20
# 1-D coding only: efax neither writes nor reads MR.
EFAX_CAPABILITIES = "1,5,0,2,0,0,0,0"
CLASS_OPTION = {"2": "-o2", "2.0": "-o0"}


def full_page(seed: int) -> np.ndarray:
    return make_page(seed, rows=2200)


def write_pbm(path: Path, bitmap: np.ndarray) -> None:
    rows, width = bitmap.shape
    path.write_bytes(b"P4\n%d %d\n" % (width, rows) + np.packbits(bitmap, axis=1).tobytes())


@pytest.fixture
def efax_line(tmp_path):
    from fax.emulator.bridge import PtyBridge

    line = VirtualLine(f"efax-{tmp_path.name}", paced=True, speed=20)
    line.add_modem(CALLER)
    # Like the Class 2 modems efax was written for: received data MSB first.
    modem = line.add_modem(EFAX_NUMBER, class2_receive_reversed=True)
    bridge = PtyBridge(modem)
    yield line, bridge.path
    bridge.close()
    line.close()


def efax_command(device: str, tmp_path: Path, fax_class: str, *rest: str) -> list[str]:
    return [
        "efax",
        "-d", device,
        "-x", str(tmp_path / "LCK..efax"),
        CLASS_OPTION[fax_class],
        "-c", EFAX_CAPABILITIES,
        "-l", EFAX_NUMBER,
        *rest,
    ]  # fmt: skip


@pytest.mark.parametrize("fax_class", ["2", "2.0"])
def test_efax_sends_to_movedesk(efax_line, tmp_path, fax_class):
    line, device = efax_line
    page = full_page(11)
    write_pbm(tmp_path / "page.pbm", page)
    tiff = tmp_path / "page.tif"
    with tiff.open("wb") as out:
        subprocess.run(
            [
                "efix",
                "-i",
                "pbm",
                "-o",
                "tiffg3",
                "-R",
                "204x196",
                "-r",
                "204x196",
                str(tmp_path / "page.pbm"),
            ],
            stdout=out,
            stderr=subprocess.DEVNULL,
            check=True,
            timeout=30,
        )
    config = DriverConfig(local_id=CALLER, fax_class=fax_class, answer_after_rings=1)
    receiver = Receiver(line, config, number=CALLER)
    receiver.start()
    efax = subprocess.run(
        efax_command(device, tmp_path, fax_class, "-h", "", "-t", CALLER, str(tiff)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    [received] = receiver.join()
    assert efax.returncode == 0, efax.stderr[-2000:]
    assert received.hangup.ok and not received.partial
    assert received.remote_id == EFAX_NUMBER
    [got] = received.pages
    assert got.bad_lines == 0
    assert not got.bitmap[:EFAX_TOP_MARGIN].any()
    assert np.array_equal(got.bitmap[EFAX_TOP_MARGIN : EFAX_TOP_MARGIN + page.shape[0]], page)


@pytest.mark.parametrize("fax_class", ["2", "2.0"])
def test_movedesk_sends_to_efax(efax_line, tmp_path, fax_class):
    line, device = efax_line
    efax = subprocess.Popen(
        efax_command(device, tmp_path, fax_class, "-r", str(tmp_path / "rx")),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert line.modems[EFAX_NUMBER].answer_waiting.wait(60), "efax did not answer"
        pages = [full_page(21), full_page(22)]
        sender = open_modem(line.url(CALLER), DriverConfig(local_id=CALLER, fax_class="2.0"))
        try:
            result = sender.send(EFAX_NUMBER, pages, "fine")
        finally:
            sender.channel.close()
        output, _ = efax.communicate(timeout=60)
    finally:
        if efax.poll() is None:
            efax.kill()
    assert result.success, result.hangup.message()
    assert result.session.scheme == "mh"
    assert efax.returncode == 0, output[-2000:]
    files = sorted(tmp_path.glob("rx.*"))
    received = [page for name in files for page in read_tiff(name)]
    assert len(received) == 2
    for sent, got in zip(pages, received, strict=True):
        assert np.array_equal(got.bitmap[: sent.shape[0]], sent)
        assert not got.bitmap[sent.shape[0] :].any()
