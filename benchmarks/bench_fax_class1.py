"""The 10-page fine fax of ``bench_fax_line.py`` over the emulated 14,400 bit/s line, in Class 1.

MoveDesk runs T.30 itself on both ends (Class 1 modems): line efficiency
= the pages' phase-C time (coded bytes x 8 / 14,400) over the time from
the first DIS to hang-up (target >= 90 %), and the worst response
turnaround measured on either end: the gap between the end of a frame or
carrier from the modem and our next command (aim < 30 ms). For reference
it also gives the share of the phase-C signal as sent, ECM framing (frame
headers, FCS, flags, zero-bit insertion, RCP) included.

Run: python benchmarks/bench_fax_class1.py [--speed 1] [--pages 10]
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_fax_line import RATE, text_page

from fax.codec import warm_up
from fax.emulator import VirtualLine
from fax.modem.class1 import open_class1
from fax.modem.class2 import DriverConfig

SENDER, RECEIVER = "0311112222", "0333334444"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speed", type=float, default=1.0, help="line time runs this much faster")
    parser.add_argument("--pages", type=int, default=10)
    args = parser.parse_args()
    warm_up()
    pages = [text_page(n) for n in range(1, args.pages + 1)]
    line = VirtualLine("bench-c1", bit_rate=RATE, paced=True, speed=args.speed)
    try:
        line.add_modem(SENDER, classes=("1.0",))
        line.add_modem(RECEIVER, classes=("1.0",))
        receiver = open_class1(line.url(RECEIVER), DriverConfig(local_id=RECEIVER))
        received = {}

        def run() -> None:
            if receiver.wait_for_call(120, rings=1):
                received["result"] = receiver.receive()

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        sender = open_class1(line.url(SENDER), DriverConfig(local_id=SENDER))
        started = time.monotonic()
        result = sender.send(RECEIVER, pages, "fine")
        wall = (time.monotonic() - started) * args.speed
        thread.join(120)
        rx = received.get("result")
        same = rx is not None and all(
            np.array_equal(a, b.bitmap) for a, b in zip(pages, rx.pages, strict=True)
        )
        setup = result.setup_seconds * args.speed
        transfer = wall - setup
        phase_c = result.data_bytes * 8 / RATE
        worst = max(result.worst_turnaround, rx.worst_turnaround if rx else 0.0)
        print(f"pages: {len(pages)} fine, Class 1, line {RATE} bit/s, speed x{args.speed:g}")
        print(f"result: {result.hangup.english}; coding {result.session and result.session.scheme}")
        print(f"all received pixel for pixel: {same}")
        print(f"call set-up (dial to DIS): {setup:.1f} s; DIS to hang-up: {transfer:.1f} s")
        print(f"phase C at {RATE} bit/s: {phase_c:.1f} s ({result.data_bytes} bytes)")
        print(f"line efficiency: {100 * phase_c / transfer:.1f} % (target >= 90 %)")
        signal = result.phase_c_seconds
        print(
            f"phase-C signal as sent (with ECM frames, flags and RCP): {signal:.1f} s,"
            f" {100 * signal / transfer:.1f} % of DIS to hang-up; the rest"
            f" ({transfer - signal:.1f} s) is training, V.21 frames and the gaps between"
        )
        print(
            f"worst turnaround: {1000 * worst:.1f} ms (sender {1000 * result.worst_turnaround:.1f}"
            f" ms after {result.turnarounds.worst_after}, receiver"
            f" {1000 * (rx.worst_turnaround if rx else 0):.1f} ms; aim < 30 ms)"
        )
        sender.channel.close()
        receiver.channel.close()
    finally:
        line.close()


if __name__ == "__main__":
    main()
