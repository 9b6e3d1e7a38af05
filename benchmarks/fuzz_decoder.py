"""Feed the decoder random and mutated data: every input must end in a result
or a FaxDecodeError, quickly, with no more lines than the limit.

Run: python benchmarks/fuzz_decoder.py [--cases N] [--seed S] [--limit-seconds T]
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fax.codec import FaxDecodeError, decode, encode, modem_profile, tiff_compatible

SCHEMES = ("mh", "mr", "mmr")
MAX_LINES = 3000


class CaseTimeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise CaseTimeout


def seed_pages(rng: np.random.Generator) -> list[tuple[str, int, bool, bytes]]:
    """Valid encodings to mutate: (scheme, width, msb_first, data)."""
    pages = []
    for width, height in ((1728, 60), (1728, 8), (215, 30), (17, 12)):
        bitmap = (rng.random((height, width)) < 0.04).astype(np.uint8)
        bitmap[height // 3 : height // 3 + 3, width // 4 : width // 2] = 1
        for scheme in SCHEMES:
            pages.append(
                (scheme, width, True, encode(bitmap, scheme, **tiff_compatible(scheme, "fine")))
            )
            pages.append(
                (scheme, width, False, encode(bitmap, scheme, **modem_profile(scheme, "standard")))
            )
    return pages


def mutate(data: bytes, rng: np.random.Generator) -> tuple[str, bytes]:
    kind = rng.integers(0, 6)
    buffer = bytearray(data)
    if kind == 0:  # flip a few bits
        for _ in range(int(rng.integers(1, 9))):
            position = int(rng.integers(0, len(buffer) * 8))
            buffer[position // 8] ^= 0x80 >> (position % 8)
        return "bit flips", bytes(buffer)
    if kind == 1:  # truncate
        return "truncated", bytes(buffer[: int(rng.integers(0, len(buffer) + 1))])
    if kind == 2:  # overwrite a burst (line noise)
        start = int(rng.integers(0, len(buffer)))
        length = int(rng.integers(1, 40))
        buffer[start : start + length] = rng.integers(0, 256, length, dtype=np.uint8).tobytes()
        return "noise burst", bytes(buffer[: len(data)])
    if kind == 3:  # zero a burst (carrier dropped)
        start = int(rng.integers(0, len(buffer)))
        buffer[start : start + int(rng.integers(1, 60))] = bytes(60)[: len(buffer) - start]
        return "zero burst", bytes(buffer[: len(data)])
    if kind == 4:  # insert or delete bytes (bit slip)
        start = int(rng.integers(0, len(buffer)))
        if rng.random() < 0.5:
            del buffer[start : start + int(rng.integers(1, 4))]
        else:
            buffer[start:start] = rng.integers(
                0, 256, int(rng.integers(1, 4)), dtype=np.uint8
            ).tobytes()
        return "slip", bytes(buffer)
    # repeat a piece: endless pages and repeated EOLs
    start = int(rng.integers(0, len(buffer)))
    piece = bytes(buffer[start : start + int(rng.integers(1, 200))])
    return "repeats", bytes(buffer) + piece * int(rng.integers(1, 50))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20240401)
    parser.add_argument("--limit-seconds", type=float, default=2.0, help="time allowed per case")
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    seeds = seed_pages(rng)
    use_alarm = hasattr(signal, "setitimer")
    if use_alarm:
        signal.signal(signal.SIGALRM, _on_alarm)
    outcomes: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    slowest = (0.0, "")
    lines_total = bad_total = 0
    started = time.perf_counter()
    for case in range(args.cases):
        if case % 3 == 0:
            kind = "random bytes"
            data = rng.integers(0, 256, int(rng.integers(0, 1500)), dtype=np.uint8).tobytes()
            scheme = SCHEMES[case % 9 // 3]
            width = (1728, 17, 215)[int(rng.integers(0, 3))]
            msb_first = bool(rng.integers(0, 2))
        else:
            scheme, width, msb_first, valid = seeds[int(rng.integers(0, len(seeds)))]
            kind, data = mutate(valid, rng)
        kinds[kind] += 1
        begin = time.perf_counter()
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, args.limit_seconds)
        try:
            result = decode(data, width, scheme, msb_first=msb_first, max_lines=MAX_LINES)
            if result.lines > MAX_LINES or result.bitmap.shape != (result.lines, width):
                outcomes["WRONG SHAPE"] += 1
            else:
                outcomes[f"result ({result.end})"] += 1
                lines_total += result.lines
                bad_total += result.bad_lines
        except FaxDecodeError:
            outcomes["FaxDecodeError"] += 1
        except CaseTimeout:
            outcomes["TIMEOUT"] += 1
        except Exception as error:
            outcomes[f"CRASH {type(error).__name__}: {error}"] += 1
        finally:
            if use_alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
        elapsed = time.perf_counter() - begin
        if elapsed > slowest[0]:
            slowest = (elapsed, f"{kind}, {scheme}, width {width}, {len(data)} bytes")
    total = time.perf_counter() - started
    print(f"cases: {args.cases} in {total:.1f} s ({total / args.cases * 1e6:.0f} us per case)")
    for kind, count in sorted(kinds.items()):
        print(f"input {kind}: {count}")
    for outcome, count in sorted(outcomes.items()):
        print(f"outcome {outcome}: {count}")
    print(f"lines decoded: {lines_total}, of them bad: {bad_total}")
    print(f"slowest case: {slowest[0] * 1e3:.1f} ms ({slowest[1]})")
    failures = sum(n for o, n in outcomes.items() if o.startswith(("CRASH", "TIMEOUT", "WRONG")))
    print(f"crashes, timeouts and wrong shapes: {failures}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
