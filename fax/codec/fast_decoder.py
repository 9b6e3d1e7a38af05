"""Page decoding compiled with numba.

The same rules as ``decoder`` and ``lines`` (which stay as the fallback),
decision for decision: the tests compare the two on valid, damaged and
random data. Lines are kept as changing elements in one flat array and
painted into the bitmap at the end; a bad line points at the changes of the
line before it instead of copying them.

A line decoder returns the new bit position, or -1 when the line is bad.
Every loop consumes input or emits a line, and lines are capped, so time
and memory stay bounded on any input, as in the NumPy decoder.

Indices on the hot paths are cast to ``np.uintp``: they are never negative
(masked, or checked before), and a signed index costs a wraparound test on
every access, which on dense MR/MMR pages was a fifth of the time.
"""

from __future__ import annotations

import numpy as np

from fax.codec.decoder import DecodeResult, FaxDecodeError
from fax.codec.fast_tables import (
    BLACK_PAIRS,
    BLACK_RUNS,
    MODE_BITS,
    MODES,
    WHITE_PAIRS,
    WHITE_RUNS,
)
from fax.codec.jit import compiled
from fax.codec.tables import MODE_HORIZONTAL, MODE_PASS, REVERSED_BITS

# Zero bytes after the data: a decoder running off the end reads only
# invalid codes there (no code is longer than 13 bits) and stops.
_PADDING = 16
_ENDS = ("end_of_data", "rtc", "eofb", "height", "max_lines", "error")
_END_OF_DATA, _RTC, _EOFB, _HEIGHT, _MAX_LINES, _ERROR = range(6)
_SCHEME_CODES = {"mh": 0, "mr": 1, "mmr": 2}
# Line counts are int64 in the kernels; no page comes near this.
_MAX_LIMIT = 1 << 62
# Zero bits before the first and after the last 1 of each byte value (8 for 0).
_LEADING_ZEROS = np.array([8 - b.bit_length() for b in range(256)], dtype=np.int64)
_TRAILING_ZEROS = np.array(
    [(b & -b).bit_length() - 1 if b else 8 for b in range(256)], dtype=np.int64
)


@compiled("uint32[::1](uint8[::1])")
def _windows(data):
    """``windows[i]``: the 32 bits from byte i on, zero past the end."""
    n = data.size
    padded = np.zeros(n + _PADDING + 3, dtype=np.uint32)
    for i in range(n):
        padded[i] = data[i]
    windows = np.empty(n + _PADDING, dtype=np.uint32)
    # Each window from its own four bytes: no chain from one to the next,
    # so the loop vectorises.
    for i in range(n + _PADDING):
        windows[i] = (
            (padded[i] << 24) | (padded[i + 1] << 16) | (padded[i + 2] << 8) | padded[i + 3]
        )
    return windows


@compiled("Tuple((int64[::1], int64[::1], int64, int64))(uint8[::1], boolean)")
def _find_eols(data, find):
    """Final 1 bit of every EOL (11 or more zeros, then a 1), where the run
    of zeros before it starts, how many, and the position of the last 1;
    only the last when ``find`` is false (MMR has no EOLs to look for)."""
    ends = np.empty(data.size if find else 0, dtype=np.int64)
    zero_start = np.empty(data.size if find else 0, dtype=np.int64)
    count = 0
    zeros = 0
    last_one = -1
    if not find:
        for i in range(data.size - 1, -1, -1):
            if data[i]:
                return ends, zero_start, 0, i * 8 + 7 - _TRAILING_ZEROS[data[i]]
        return ends, zero_start, 0, -1
    for i in range(data.size):
        byte = data[i]
        if byte == 0:
            zeros += 8
            continue
        # Only the first 1 of a byte can have 11 zeros before it.
        if zeros + _LEADING_ZEROS[byte] >= 11:
            ends[count] = i * 8 + _LEADING_ZEROS[byte]
            zero_start[count] = last_one + 1
            count += 1
        zeros = _TRAILING_ZEROS[byte]
        last_one = i * 8 + 7 - zeros
    return ends, zero_start, count, last_one


@compiled("int64(int64[::1], int64, int64)")
def _first_at_least(values, count, target):
    low, high = 0, count
    while low < high:
        middle = (low + high) >> 1
        if values[middle] < target:
            low = middle + 1
        else:
            high = middle
    return low


@compiled("int64(int64[::1], int64[::1], int64, int64)")
def _eol_at(ends, zero_start, count, p):
    """End of the EOL that follows p after nothing but zeros, or -1."""
    i = _first_at_least(ends, count, p)
    if i < count and zero_start[i] <= p and ends[i] - p >= 11:
        return ends[i]
    return -1


@compiled("int64(int64[::1], int64[::1], int64, int64)")
def _eol_after(ends, zero_start, count, p):
    """Where the zeros of the first EOL lying wholly at or after p begin, or -1."""
    i = _first_at_least(ends, count, p + 11)
    if i < count:
        return max(zero_start[i], p)
    return -1


@compiled(
    "UniTuple(int64, 2)(uint32[::1], int64, int64, uint16[::1], uint16[::1], uint16[::1], "
    "uint16[::1], int32[::1], int64)"
)
def _one_dimensional(windows, p, width, white, black, white_pairs, black_pairs, out, base):
    """An MH line into ``out`` from ``base`` on; returns (count of changes, end or -1).

    The next bits wait in ``bits`` (its low ``held`` bits, first bit
    highest), refilled 32 at a time: one table lookup per code is then all
    the memory traffic on the critical path.
    """
    n = 0
    x = 0
    run_start = 0
    is_black = False
    at = p >> 3
    if at >= windows.size:
        return 0, -1
    held = 32 - (p & 7)
    bits = np.int64(windows[np.uintp(at)]) & ((np.int64(1) << held) - 1)
    at += 4
    used = p
    while True:
        if held < 13:
            if at >= windows.size:
                return 0, -1
            bits = ((bits & ((np.int64(1) << held) - 1)) << 32) | np.int64(windows[np.uintp(at)])
            held += 32
            at += 4
        index = (bits >> (held - 13)) & 0x1FFF
        pair = np.int64(
            black_pairs[np.uintp(index >> 1)] if is_black else white_pairs[np.uintp(index >> 1)]
        )
        if pair:
            # Two runs of 1..63, the colour back to where it was. A pair
            # reaching the end of the line goes the one-code way below.
            first = x + (pair & 63)
            second = first + ((pair >> 6) & 63)
            if second < width:
                length = pair >> 12
                held -= length
                used += length
                out[np.uintp(base + n)] = first
                out[np.uintp(base + n + 1)] = second
                n += 2
                x = second
                run_start = second
                continue
        entry = np.int64(black[np.uintp(index)] if is_black else white[np.uintp(index)])
        if entry == 0:
            return 0, -1
        length = entry & 15
        held -= length
        used += length
        x += entry >> 4
        if x > width:
            return 0, -1
        if entry >= 1024:
            # A make-up code (run of 64 or more): the same colour continues.
            continue
        if x == width:
            return n, used
        if x > run_start or n == 0:
            out[np.uintp(base + n)] = x
            n += 1
        else:
            # A zero-length run in mid-line undoes the change before it.
            n -= 1
        run_start = x
        is_black = not is_black


@compiled(
    "UniTuple(int64, 2)(uint32[::1], int64, int64, int32[::1], int64, uint16[::1], uint16[::1], "
    "uint16[::1], uint16[::1], int64[::1], int64[::1], int32[::1], int64)"
)
def _two_dimensional(
    windows,
    p,
    width,
    reference,
    ref_base,
    white,
    black,
    white_pairs,
    black_pairs,
    modes,
    mode_bits,
    out,
    base,
):
    """An MR/MMR line against the line at ``reference[ref_base:]`` (ending in
    three sentinels at the width) into ``out`` from ``base`` on; returns
    (count of changes, end or -1). Bits are held as in ``_one_dimensional``."""
    n = 0
    a0 = -1
    colour = 0
    k = 0
    at = p >> 3
    if at >= windows.size:
        return 0, -1
    held = 32 - (p & 7)
    bits = np.int64(windows[np.uintp(at)]) & ((np.int64(1) << held) - 1)
    at += 4
    while True:
        # b1: first reference element right of a0 changing to the other colour.
        while reference[np.uintp(ref_base + k)] <= a0:
            k += 1
        if (k & 1) != colour:
            k += 1
        if held < 13:
            if at >= windows.size:
                return 0, -1
            bits = ((bits & ((np.int64(1) << held) - 1)) << 32) | np.int64(windows[np.uintp(at)])
            held += 32
            at += 4
        code = (bits >> (held - 7)) & 0x7F
        mode = modes[np.uintp(code)]
        length = mode_bits[np.uintp(code)]
        held -= length
        p += length
        if mode <= 3:
            a1 = reference[np.uintp(ref_base + k)] + mode
            if a1 <= a0 or a1 > width:
                return 0, -1
            if a1 == width:
                return n, p
            out[np.uintp(base + n)] = a1
            n += 1
            a0 = a1
            colour ^= 1
            if k:
                k -= 1
        elif mode == MODE_PASS:
            a0 = reference[np.uintp(ref_base + k + 1)]
            if a0 >= width:
                return 0, -1
            k += 2
        elif mode == MODE_HORIZONTAL:
            # Two runs, a0's colour first: most often one pair lookup, else
            # code by code, read here, not by a function per run: a call
            # costs reference counting on every array passed.
            if held < 13:
                if at >= windows.size:
                    return 0, -1
                bits = ((bits & ((np.int64(1) << held) - 1)) << 32) | np.int64(
                    windows[np.uintp(at)]
                )
                held += 32
                at += 4
            index = (bits >> (held - 13)) & 0x1FFF
            pair = np.int64(
                black_pairs[np.uintp(index >> 1)] if colour else white_pairs[np.uintp(index >> 1)]
            )
            first = pair & 63
            second = (pair >> 6) & 63
            if pair:
                length = pair >> 12
                held -= length
                p += length
            for half in range(0 if pair == 0 else 2, 2):
                table = black if colour != half else white
                run = 0
                while True:
                    if held < 13:
                        if at >= windows.size:
                            return 0, -1
                        bits = ((bits & ((np.int64(1) << held) - 1)) << 32) | np.int64(
                            windows[np.uintp(at)]
                        )
                        held += 32
                        at += 4
                    entry = np.int64(table[np.uintp((bits >> (held - 13)) & 0x1FFF)])
                    if entry == 0:
                        return 0, -1
                    length = entry & 15
                    held -= length
                    p += length
                    run += entry >> 4
                    if run > width:
                        return 0, -1
                    if entry < 1024:
                        break
                if half == 0:
                    first = run
                else:
                    second = run
            a1 = max(a0, 0) + first
            a2 = a1 + second
            if a2 > width:
                return 0, -1
            for change in (a1, a2):
                if change == width:
                    break
                if n and out[np.uintp(base + n - 1)] == change:
                    n -= 1
                else:
                    out[np.uintp(base + n)] = change
                    n += 1
            a0 = a2
            if a0 == width:
                return n, p
            if a0 <= 0 and n == 0:
                # Two zero runs at the line start: nothing was coded.
                a0 = -1
        else:
            return 0, -1


@compiled(["int32[::1](int32[::1], int64)", "int64[::1](int64[::1], int64)"])
def _grown(values, needed):
    if needed <= values.size:
        return values
    bigger = np.empty(max(2 * values.size, needed), dtype=values.dtype)
    for i in range(values.size):
        bigger[i] = values[i]
    return bigger


@compiled(
    "Tuple((int32[::1], int64[::1], int64[::1], int64, int64[::1], int64, int64))("
    "uint8[::1], int64, int64, int64, int64, uint16[::1], uint16[::1], uint16[::1], uint16[::1], "
    "int64[::1], int64[::1])"
)
def _decode(
    data, width, scheme, limit, height, white, black, white_pairs, black_pairs, modes, mode_bits
):
    """Decode a page (scheme 0 MH, 1 MR, 2 MMR). Returns (changes,
    line_offset, line_count, lines, bad_rows, bad, end): the changing
    elements of line r are changes[line_offset[r]:][:line_count[r]]."""
    windows = _windows(data)
    ends, zero_start, eol_count, last_one = _find_eols(data, scheme != 2)
    total_bits = data.size * 8
    two_dimensional = scheme != 0
    # Lines are decoded straight into ``changes``, each followed by three
    # sentinels (the width) that end it as the next line's reference.
    changes = np.empty(max(1024, data.size * 2), dtype=np.int32)
    for i in range(3):
        changes[i] = width
    reference = 0
    used = 3
    capacity = min(limit, 4096)
    line_offset = np.empty(capacity, dtype=np.int64)
    line_count = np.empty(capacity, dtype=np.int64)
    bad_rows = np.empty(16, dtype=np.int64)
    bad = 0
    lines = 0
    p = 0
    seen_eol = False
    eols_in_a_row = 0
    one_dimensional_next = scheme != 2
    reference_broken = False
    end = _END_OF_DATA
    while True:
        if lines >= limit:
            end = _HEIGHT if limit == height else _MAX_LINES
            break
        if p > last_one:
            break
        if scheme == 2:
            if (windows[p >> 3] >> (20 - (p & 7))) & 0xFFF == 1:
                end = _EOFB
                break
        else:
            eol_end = _eol_at(ends, zero_start, eol_count, p)
            if eol_end >= 0:
                seen_eol = True
                eols_in_a_row += 1
                p = eol_end + 1
                if two_dimensional:
                    one_dimensional_next = ((windows[p >> 3] >> (31 - (p & 7))) & 1) == 1
                    p += 1
                if eols_in_a_row >= 2:
                    end = _RTC
                    break
                continue
            eols_in_a_row = 0
        n = 0
        line_end = -1
        # Room for the longest line and its sentinels.
        changes = _grown(changes, used + width + 3)
        if one_dimensional_next:
            n, line_end = _one_dimensional(
                windows, p, width, white, black, white_pairs, black_pairs, changes, used
            )
            reference_broken = False
        elif not reference_broken:
            n, line_end = _two_dimensional(
                windows,
                p,
                width,
                changes,
                reference,
                white,
                black,
                white_pairs,
                black_pairs,
                modes,
                mode_bits,
                changes,
                used,
            )
        good = line_end >= 0 and line_end <= total_bits
        if good and scheme != 2 and seen_eol and line_end <= last_one:
            good = _eol_at(ends, zero_start, eol_count, line_end) >= 0
        if lines >= line_offset.size:
            line_offset = _grown(line_offset, lines + 1)
            line_count = _grown(line_count, lines + 1)
        if good:
            line_offset[lines] = used
            line_count[lines] = n
            changes[used + n] = width
            changes[used + n + 1] = width
            changes[used + n + 2] = width
            reference = used
            used += n + 3
            lines += 1
            p = line_end
            continue
        # A bad line: the line before it once more.
        bad_rows = _grown(bad_rows, bad + 1)
        bad_rows[bad] = lines
        bad += 1
        line_offset[lines] = line_offset[lines - 1] if lines else 0
        line_count[lines] = line_count[lines - 1] if lines else 0
        lines += 1
        if scheme == 2:
            end = _ERROR
            break
        reference_broken = two_dimensional
        resume = _eol_after(ends, zero_start, eol_count, p)
        if resume < 0:
            # Where the line got to, if it decoded at all, tells whether
            # anything but fill follows it.
            reached = line_end if line_end >= 0 else p
            end = _ERROR if reached <= last_one else _END_OF_DATA
            break
        p = resume
    return changes, line_offset, line_count, lines, bad_rows, bad, end


@compiled("uint8[:, ::1](int32[::1], int64[::1], int64[::1], int64, int64, boolean)")
def _paint(changes, line_offset, line_count, lines, width, zero_bits):
    """1 where the coded bit is 1, or where it is 0 with ``zero_bits``: only
    the pixels set are written, so a MinIsBlack page (mostly 1 bits) costs
    no more than the same page coded MinIsWhite."""
    bitmap = np.zeros((lines, width), dtype=np.uint8)
    first = -1 if zero_bits else 0
    for r in range(lines):
        offset = line_offset[r]
        count = line_count[r]
        row = bitmap[r]
        # Changes alternate: to 1 bits, then back to 0 bits.
        for i in range(first, count, 2):
            start = changes[np.uintp(offset + i)] if i >= 0 else 0
            stop = changes[np.uintp(offset + i + 1)] if i + 1 < count else width
            for x in range(start, stop):
                row[np.uintp(x)] = 1
    return bitmap


def decode_page(
    data: bytes,
    width: int,
    scheme: str,
    *,
    msb_first: bool,
    height: int | None,
    max_lines: int,
    zero_bits: bool = False,
) -> DecodeResult:
    """Decode one page; arguments are checked by ``fax.codec.decode``."""
    raw = np.frombuffer(data, dtype=np.uint8)
    # A fresh writable array either way: numba then compiles one variant.
    raw = raw.copy() if msb_first else REVERSED_BITS[raw]
    limit = min(max_lines, height) if height is not None else max_lines
    limit = min(limit, _MAX_LIMIT)
    changes, offsets, counts, lines, bad_array, bad, end = _decode(
        raw,
        int(width),
        _SCHEME_CODES[scheme],
        int(limit),
        -1 if height is None else min(int(height), _MAX_LIMIT),
        WHITE_RUNS,
        BLACK_RUNS,
        WHITE_PAIRS,
        BLACK_PAIRS,
        MODES,
        MODE_BITS,
    )
    bad_rows = bad_array[:bad].tolist()
    offsets, counts = offsets[:lines], counts[:lines]
    if height is not None and lines < limit:
        # Lines the data did not bring count as bad copies of the last one,
        # up to max_lines whatever height a TIFF claims.
        missing = limit - lines
        last_offset = int(offsets[-1]) if lines else 0
        last_count = int(counts[-1]) if lines else 0
        offsets = np.concatenate((offsets, np.full(missing, last_offset, dtype=np.int64)))
        counts = np.concatenate((counts, np.full(missing, last_count, dtype=np.int64)))
        bad_rows.extend(range(lines, limit))
        lines = limit
    if lines == 0:
        raise FaxDecodeError("no coded line found in the data")
    bitmap = _paint(changes, offsets, counts, int(lines), int(width), zero_bits)
    return DecodeResult(bitmap, lines - len(bad_rows), len(bad_rows), tuple(bad_rows), _ENDS[end])
