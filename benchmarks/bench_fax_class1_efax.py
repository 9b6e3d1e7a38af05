"""Class 1 call time, real time: MoveDesk's driver against efax, both driving spandsp's T.31 modem.

The same fine pages (the business-letter pages of ``bench_fax_line.py``)
go to the same far end: spandsp's T.31 software modem on a pseudo-terminal,
wired through a simulated line to spandsp's own T.30 receiver (the harness
of ``tests/fax_class1``). efax (``-o1``) codes 1-D only, so MoveDesk is
told to offer MH without ECM too: both send the same kind of data and the
difference is the T.30 procedure and how fast each host answers the
modem. Time: from opening the port to the end of the call (efax's whole
run; MoveDesk's set-up and send). Reference: efax, measured in the same
run. Target: MoveDesk <= 1.0 x efax.

Run: python benchmarks/bench_fax_class1_efax.py [--pages 1,3] [--rows 2287]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_fax_line import text_page

from fax.codec import warm_up
from fax.modem.class1 import open_class1
from fax.modem.class2 import DriverConfig
from fax.modem.params import FaxParams
from fax.tiff import read_tiff, write_tiff

ROOT = Path(__file__).resolve().parents[1]
HARNESS = ROOT / "tests" / "fax_class1" / "spandsp_peer.c"
CALLER, FAR_END = "0311112222", "0399990002"
# efax puts this many blank lines above each page for its header.
EFAX_TOP_MARGIN = 20


def build_harness(folder: Path) -> Path | None:
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None or not any(Path("/usr/include").glob("**/spandsp.h")):
        return None
    target = folder / "spandsp_peer"
    subprocess.run(
        [compiler, "-O2", "-o", str(target), str(HARNESS), "-lspandsp", "-ltiff", "-lm"],
        check=True,
        capture_output=True,
    )
    return target


class FarEnd:
    """spandsp answering on a fresh pseudo-terminal, receiving into ``received.tif``."""

    def __init__(self, harness: Path, folder: Path) -> None:
        self.target = folder / "received.tif"
        self.target.unlink(missing_ok=True)
        self.process = subprocess.Popen(
            [str(harness), "receive", str(self.target), "--seconds", "600"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        first = self.process.stdout.readline().split()
        if not first or first[0] != "PTY":
            raise RuntimeError(f"the spandsp harness did not start: {first}")
        self.pty = first[1]

    def finish(self) -> tuple[str, list[np.ndarray]]:
        out, _ = self.process.communicate(timeout=120)
        result = next((line for line in out.splitlines() if line.startswith("RESULT")), "")
        pages = [p.bitmap for p in read_tiff(self.target)] if self.target.exists() else []
        return result, pages


def movedesk_call(harness: Path, folder: Path, pages: list[np.ndarray]) -> tuple[float, bool, str]:
    far = FarEnd(harness, folder)
    config = DriverConfig(local_id=CALLER, capabilities=FaxParams(df=0, ec=0))
    started = time.monotonic()
    modem = open_class1(far.pty, config)
    try:
        result = modem.send(FAR_END, pages, "fine")
    finally:
        modem.channel.close()
    seconds = time.monotonic() - started
    line, received = far.finish()
    same = len(received) == len(pages) and all(
        np.array_equal(a, b) for a, b in zip(pages, received, strict=True)
    )
    return seconds, result.success and same, line


def efax_call(harness: Path, folder: Path, files: list[Path], pages: list[np.ndarray]):
    far = FarEnd(harness, folder)
    command = [
        "efax", "-d", far.pty, "-o1", "-x", str(folder / "LCK..efax"),
        "-l", CALLER, "-h", "", "-t", FAR_END, *map(str, files),
    ]  # fmt: skip
    started = time.monotonic()
    efax = subprocess.run(command, capture_output=True, text=True, timeout=900)
    seconds = time.monotonic() - started
    line, received = far.finish()
    output = efax.stdout + efax.stderr
    same = len(received) == len(pages) and all(
        np.array_equal(got[EFAX_TOP_MARGIN : EFAX_TOP_MARGIN + page.shape[0]], page)
        for page, got in zip(pages, received, strict=True)
    )
    confirmed = all(f"sent -> {file}" in output for file in files)
    return seconds, efax.returncode == 0 and confirmed and same, line, output


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="1,3", help="page counts to measure")
    parser.add_argument("--rows", type=int, default=0, help="cut each page to this many rows")
    args = parser.parse_args()
    if shutil.which("efax") is None:
        print("efax is not installed: nothing to compare against")
        return 0
    warm_up()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        harness = build_harness(folder)
        if harness is None:
            print("spandsp (libspandsp-dev) or a C compiler is missing: no far end")
            return 0
        print("Class 1, real time, fine MH pages to spandsp's T.31 modem and T.30 receiver")
        for count in (int(n) for n in args.pages.split(",")):
            pages = [text_page(n) for n in range(1, count + 1)]
            if args.rows:
                pages = [page[: args.rows] for page in pages]
            files = []
            for number, page in enumerate(pages, 1):
                path = folder / f"page{number}.tif"
                write_tiff(path, [page], resolution="fine", compression="mh")
                files.append(path)
            ours, ours_ok, ours_line = movedesk_call(harness, folder, pages)
            theirs, theirs_ok, theirs_line, output = efax_call(harness, folder, files, pages)
            print(
                f"{count} page{'s' if count > 1 else ''}: MoveDesk {ours:.1f} s"
                f" ({'all pages exact' if ours_ok else 'FAILED: ' + ours_line}),"
                f" efax {theirs:.1f} s ({'all pages exact' if theirs_ok else 'FAILED: ' + theirs_line})"
                f"; ratio {ours / theirs:.2f} x efax (target <= 1.0)",
                flush=True,
            )
            if not theirs_ok:
                print(output[-3000:])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
