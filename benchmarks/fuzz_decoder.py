"""Feed the decoder random and mutated data: every input must end in a result
or a FaxDecodeError, quickly, with no more lines than the limit.

The decoder is the numba-compiled one when numba is installed (``--numpy``:
the NumPy fallback); every ``--compare-every``-th case is also decoded with
NumPy and must give the same result. SIGALRM cannot stop compiled code, so
a watchdog (faulthandler) ends the run with a traceback if a case hangs.

Run: python benchmarks/fuzz_decoder.py [--cases N] [--seed S] [--limit-seconds T]
     [--numpy] [--compare-every N]
"""

from __future__ import annotations

import argparse
import faulthandler
import signal
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fax.codec import FaxDecodeError, decode, encode, jit, modem_profile, tiff_compatible

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


def outcome_of(data: bytes, width: int, scheme: str, msb_first: bool) -> tuple:
    """Everything a decode tells, to compare the compiled and NumPy decoders."""
    try:
        r = decode(data, width, scheme, msb_first=msb_first, max_lines=MAX_LINES)
    except FaxDecodeError as error:
        return ("FaxDecodeError", str(error))
    return (r.bitmap.tobytes(), r.bitmap.shape, r.good_lines, r.bad_rows, r.end)


def compare(data: bytes, width: int, scheme: str, msb_first: bool) -> bool:
    compiled = outcome_of(data, width, scheme, msb_first)
    previous = jit.set_enabled(False)
    try:
        return compiled == outcome_of(data, width, scheme, msb_first)
    finally:
        jit.set_enabled(previous)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20240401)
    parser.add_argument("--limit-seconds", type=float, default=2.0, help="time allowed per case")
    parser.add_argument("--numpy", action="store_true", help="fuzz the NumPy decoder, not numba")
    parser.add_argument(
        "--compare-every",
        type=int,
        default=20,
        help="check every Nth case against NumPy (0: never)",
    )
    args = parser.parse_args()
    if args.numpy:
        jit.set_enabled(False)
    # Compile (or load) the kernels before any case is timed.
    warm_up = jit.warm_up()
    compiled = jit.enabled()
    print(
        f"decoder: {'numba-compiled' if compiled else 'NumPy'}"
        + (f", warm-up {warm_up:.2f} s" if compiled else "")
    )
    compared = differ = 0
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
        # Ten times the limit: a compiled loop that never returns to Python.
        faulthandler.dump_traceback_later(10 * args.limit_seconds, exit=True)
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
            faulthandler.cancel_dump_traceback_later()
        elapsed = time.perf_counter() - begin
        if elapsed > slowest[0]:
            slowest = (elapsed, f"{kind}, {scheme}, width {width}, {len(data)} bytes")
        if compiled and args.compare_every and case % args.compare_every == 0:
            compared += 1
            if not compare(data, width, scheme, msb_first):
                differ += 1
                print(f"DIFFERS from NumPy: case {case}, {kind}, {scheme}, width {width}")
    total = time.perf_counter() - started
    print(f"cases: {args.cases} in {total:.1f} s ({total / args.cases * 1e6:.0f} us per case)")
    for kind, count in sorted(kinds.items()):
        print(f"input {kind}: {count}")
    for outcome, count in sorted(outcomes.items()):
        print(f"outcome {outcome}: {count}")
    print(f"lines decoded: {lines_total}, of them bad: {bad_total}")
    print(f"slowest case: {slowest[0] * 1e3:.1f} ms ({slowest[1]})")
    if compiled:
        print(f"compared with the NumPy decoder: {compared}, differing: {differ}")
    failures = differ + sum(
        n for o, n in outcomes.items() if o.startswith(("CRASH", "TIMEOUT", "WRONG"))
    )
    print(f"crashes, timeouts, wrong shapes and differences: {failures}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
