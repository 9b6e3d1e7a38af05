"""Decoding of single coded lines into changing elements.

A decoded line is the list of its changing elements: the columns where the
colour differs from the column before (column -1 is white). The hot loops
read 13 or 7 bits at a time through ``BitView.windows`` and one lookup list,
so there is no per-bit work.
"""

from __future__ import annotations

from fax.codec.tables import MODE_HORIZONTAL, MODE_LOOKUP, MODE_PASS, RUN_LOOKUP


class LineError(Exception):
    """The current line cannot be decoded; the page decoder decides what next."""


_WHITE_RUNS, _BLACK_RUNS = RUN_LOOKUP


def decode_one_dimensional(windows: list[int], p: int, width: int) -> tuple[list[int], int]:
    """Decode an MH line starting at bit ``p``; return its changes and the end."""
    changes: list[int] = []
    x = 0
    run_start = 0
    table = _WHITE_RUNS
    black = False
    while True:
        entry = table[(windows[p >> 3] >> (19 - (p & 7))) & 0x1FFF]
        if entry <= 0:
            raise LineError("invalid run code" if entry == 0 else "EOL inside a line")
        p += entry & 15
        x += entry >> 4
        if x > width:
            raise LineError("line longer than the page width")
        if entry >= 1024:
            # A make-up code (run of 64 or more): the same colour continues.
            continue
        if x == width:
            return changes, p
        if x > run_start or not changes:
            changes.append(x)
        else:
            # A zero-length run in mid-line undoes the change before it.
            changes.pop()
        run_start = x
        black = not black
        table = _BLACK_RUNS if black else _WHITE_RUNS


def _run(windows: list[int], p: int, table: list[int], width: int) -> tuple[int, int]:
    run = 0
    while True:
        entry = table[(windows[p >> 3] >> (19 - (p & 7))) & 0x1FFF]
        if entry <= 0:
            raise LineError("invalid run code in horizontal mode")
        p += entry & 15
        run += entry >> 4
        if run > width:
            raise LineError("run longer than the page width")
        if entry < 1024:
            return run, p


def decode_two_dimensional(
    windows: list[int], p: int, width: int, reference: list[int]
) -> tuple[list[int], int]:
    """Decode an MR/MMR two-dimensional line against ``reference``, which must
    end with three sentinels equal to ``width``."""
    changes: list[int] = []
    a0 = -1
    black = 0
    k = 0
    modes = MODE_LOOKUP
    while True:
        # b1: first reference element right of a0 changing to the other colour.
        while reference[k] <= a0:
            k += 1
        if (k & 1) != black:
            k += 1
        mode, length = modes[(windows[p >> 3] >> (25 - (p & 7))) & 0x7F]
        p += length
        if mode <= 3:
            a1 = reference[k] + mode
            if a1 <= a0 or a1 > width:
                raise LineError("vertical mode outside the line")
            if a1 == width:
                return changes, p
            changes.append(a1)
            a0 = a1
            black ^= 1
            if k:
                k -= 1
        elif mode == MODE_PASS:
            a0 = reference[k + 1]
            if a0 >= width:
                raise LineError("pass mode beyond the line end")
            k += 2
        elif mode == MODE_HORIZONTAL:
            first, p = _run(windows, p, _BLACK_RUNS if black else _WHITE_RUNS, width)
            second, p = _run(windows, p, _WHITE_RUNS if black else _BLACK_RUNS, width)
            a1 = (a0 if a0 > 0 else 0) + first
            a2 = a1 + second
            if a2 > width:
                raise LineError("horizontal mode beyond the line end")
            for change in (a1, a2):
                if change == width:
                    break
                if changes and changes[-1] == change:
                    changes.pop()
                else:
                    changes.append(change)
            a0 = a2
            if a0 == width:
                return changes, p
            if a0 <= 0 and not changes:
                # Two zero runs at the line start: nothing was coded.
                a0 = -1
        else:
            raise LineError("invalid or unsupported mode code")
