"""A 10-page fine fax across the emulated line at 14,400 bit/s, paced.

1. MoveDesk to MoveDesk with the best coding both ends offer (MMR with ECM):
   line efficiency = the pages' phase-C time (bytes x 8 / 14,400) over the
   time from connection to hang-up; call set-up reported apart.
   Target: efficiency >= 90 %.
2. The same pages sent by efax (MH only) across the same line to MoveDesk,
   against MoveDesk's own send. Target: MoveDesk <= 0.6 x efax's time.

``--speed N`` runs the line N times faster than real time (figures are
given in line seconds); CPU time does not shrink with it, so a sped-up run
understates efficiency.

Run: python benchmarks/bench_fax_line.py [--speed 1] [--pages 10]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fax.emulator import VirtualLine
from fax.emulator.bridge import PtyBridge
from fax.modem.class2 import DriverConfig, open_modem

RATE = 14400
WIDTH, ROWS = 1728, 2287
SENDER, RECEIVER, EFAX = "0311112222", "0333334444", "0399998888"
FONT = Path(__file__).resolve().parents[1] / "resources" / "fonts" / "ipaexg.ttf"
TEXT = (
    "水道の使用開始・中止届　受付番号 2026-{n:06d}　お客さま番号 0123-4567-{n:03d}",
    "東京都新宿区西新宿二丁目８番１号　都庁第一本庁舎　{n}階　使用開始日 令和8年12月{d}日",
    "Water service move notice, receipt 2026-{n:06d}, meter 01234 m3, Shinjuku, Tokyo",
)


def text_page(number: int) -> np.ndarray:
    """A business-letter-like fine page: a heading and about 45 lines of text."""
    image = Image.new("L", (WIDTH, ROWS), 255)
    draw = ImageDraw.Draw(image)
    body = ImageFont.truetype(str(FONT), 30) if FONT.exists() else ImageFont.load_default()
    heading = ImageFont.truetype(str(FONT), 56) if FONT.exists() else body
    draw.text((140, 120), f"転居連絡一覧　{number} / 10", font=heading, fill=0)
    for line in range(45):
        template = TEXT[line % len(TEXT)]
        draw.text(
            (140, 260 + line * 42),
            template.format(n=number * 100 + line, d=line % 28 + 1),
            font=body,
            fill=0,
        )
    draw.rectangle((120, 240, WIDTH - 120, 240 + 45 * 42 + 20), outline=0, width=3)
    return (np.asarray(image) < 128).astype(np.uint8)


def receive_in_thread(
    line: VirtualLine, calls: int, results: list, ready: threading.Event
) -> threading.Thread:
    def run() -> None:
        modem = open_modem(
            line.url(RECEIVER), DriverConfig(local_id=RECEIVER, answer_after_rings=1)
        )
        ready.set()
        try:
            for _ in range(calls):
                if modem.wait_for_call(600):
                    results.append(modem.receive())
        finally:
            modem.channel.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def movedesk_send(line: VirtualLine, pages: list[np.ndarray], speed: float):
    results: list = []
    ready = threading.Event()
    thread = receive_in_thread(line, 1, results, ready)
    ready.wait(30)
    modem = open_modem(line.url(SENDER), DriverConfig(local_id=SENDER))
    started = time.monotonic()
    result = modem.send(RECEIVER, pages, "fine")
    wall = (time.monotonic() - started) * speed
    modem.channel.close()
    thread.join(600)
    return result, wall, results


def efax_send(
    line: VirtualLine, pages: list[np.ndarray], speed: float, folder: Path
) -> tuple[float, list]:
    files = []
    for number, page in enumerate(pages, 1):
        pbm = folder / f"page{number:02d}.pbm"
        pbm.write_bytes(
            b"P4\n%d %d\n" % (WIDTH, page.shape[0]) + np.packbits(page, axis=1).tobytes()
        )
        tif = folder / f"page{number:02d}.tif"
        with tif.open("wb") as out:
            subprocess.run(
                ["efix", "-i", "pbm", "-o", "tiffg3", "-R", "204x196", "-r", "204x196", str(pbm)],
                stdout=out, stderr=subprocess.DEVNULL, check=True,
            )  # fmt: skip
        files.append(str(tif))
    bridge = PtyBridge(line.modems[EFAX])
    results: list = []
    ready = threading.Event()
    thread = receive_in_thread(line, 1, results, ready)
    ready.wait(30)
    command = ["efax", "-d", bridge.path, "-x", str(folder / "LCK"), "-o0", "-c", "1,5,0,2,0,0,0,0",
               "-l", EFAX, "-h", "", "-t", RECEIVER, *files]  # fmt: skip
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = (time.monotonic() - started) * speed
    thread.join(600)
    bridge.close()
    if done.returncode != 0:
        print(f"efax failed ({done.returncode}): {done.stderr[-500:]}")
    return wall, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--speed", type=float, default=1.0, help="line time runs this much faster")
    parser.add_argument("--pages", type=int, default=10)
    args = parser.parse_args()
    pages = [text_page(n) for n in range(1, args.pages + 1)]
    line = VirtualLine("bench", bit_rate=RATE, paced=True, speed=args.speed)
    for number in (SENDER, RECEIVER, EFAX):
        line.add_modem(number)
    try:
        result, wall, received = movedesk_send(line, pages, args.speed)
        setup = result.setup_seconds * args.speed
        phase_c = result.data_bytes * 8 / RATE
        transfer = wall - setup
        ok = result.success and len(received[0].pages) == len(pages)
        print(
            f"pages: {len(pages)} fine, line {RATE} bit/s, speed x{args.speed:g}, all received: {ok}"
        )
        print(
            f"movedesk coding: {result.session.scheme.upper()}, phase-C data {result.data_bytes} bytes"
        )
        print(f"movedesk call set-up: {setup:.1f} s")
        print(f"movedesk phase-C time at {RATE} bit/s: {phase_c:.1f} s")
        print(f"movedesk connected to hang-up: {transfer:.1f} s")
        print(f"movedesk line efficiency: {100 * phase_c / transfer:.1f} % (target >= 90 %)")
        print(f"movedesk total: {wall:.1f} s")
        if shutil.which("efax") and shutil.which("efix"):
            with tempfile.TemporaryDirectory() as folder:
                efax_wall, efax_received = efax_send(line, pages, args.speed, Path(folder))
            got = len(efax_received[0].pages) if efax_received else 0
            print(f"efax (MH) total: {efax_wall:.1f} s, pages received: {got}")
            print(f"movedesk / efax time: {wall / efax_wall:.2f} (target <= 0.60)")
        else:
            print("efax not installed: comparison skipped")
    finally:
        line.close()


if __name__ == "__main__":
    main()
