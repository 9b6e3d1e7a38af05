"""MH, MR and MMR encoding compiled with numba, line by line.

The same coding decisions as ``encoder`` (which stays as the fallback), but
as a plain walk over the changing elements of each line, which numba turns
into machine code: the NumPy encoder has to vectorise the sequential
two-dimensional decisions at a large constant cost, a loop has none.

Each line is coded into a buffer of tokens (value, bit length), which one
loop then packs into bytes. The kernels are called once per line, never per
code word: a call between compiled functions costs reference counting on
every array passed, which per code word made the encoder ten times slower.

All integers are int64 so that numba never mixes signed and unsigned types
(which it would do in floating point).
"""

from __future__ import annotations

import sys

import numpy as np

from fax.codec.bits import reverse_bit_order
from fax.codec.jit import compiled
from fax.codec.tables import (
    EOL_BITS,
    LONG_RUN,
    MAKEUP_2560_BITS,
    MAKEUP_2560_VALUE,
    MAX_WIDTH,
    RUN_TOKEN_BITS,
    RUN_TOKEN_VALUE,
    VERTICAL_BITS,
    VERTICAL_VALUE,
)

if sys.byteorder != "little":
    # _changes reads pixels eight at a time as little-endian words.
    raise ImportError("the compiled fax encoder needs a little-endian machine")


def _all_run_tokens() -> tuple[np.ndarray, np.ndarray]:
    """Value and length of the whole code of every run up to MAX_WIDTH, long
    runs with their leading 2560 make-ups (at most 49 bits), so that coding
    a run is one lookup."""
    runs = np.arange(MAX_WIDTH + 1)
    extra = np.where(runs >= LONG_RUN, (runs - LONG_RUN) // 2560 + 1, 0)
    rest = runs - 2560 * extra
    values = np.stack([table[rest] for table in RUN_TOKEN_VALUE]).astype(np.int64)
    lengths = np.stack([table[rest] for table in RUN_TOKEN_BITS]).astype(np.int64)
    for count in (1, 2):
        long = extra >= count
        values[:, long] |= MAKEUP_2560_VALUE << lengths[:, long]
        lengths[:, long] += MAKEUP_2560_BITS
    return values, lengths


_RUN_VALUE, _RUN_BITS = _all_run_tokens()
_VERTICAL_VALUE = VERTICAL_VALUE.astype(np.int64)
_VERTICAL_BITS = VERTICAL_BITS.astype(np.int64)
_SCHEME_CODES = {"mh": 0, "mr": 1, "mmr": 2}
_LOW_BITS = 0x0101010101010101
# Tokens of one line at most: a pass per two reference changes, a mode (and
# for horizontal mode a second run) per change, fill and EOL; with margin.
_TOKENS_PER_PIXEL = 3
# Longest token: a horizontal mode code (3 bits) is a token of its own.
_MAX_TOKEN_BITS = 49


@compiled("int64(int64[::1], int64, int64[::1])")
def _changes(words, width, out):
    """Changing elements of one row into ``out``, then three sentinels at
    the width; returns their count. ``words`` holds the row's pixels eight
    at a time (little-endian bytes, zero past the width), so white stretches
    cost one comparison per eight pixels."""
    n = 0
    previous = 0  # the pixel before the word, 0 or 1
    for k in range(words.size):
        word = words[k]
        if word == 0 and previous == 0:
            continue
        # Any nonzero byte counts as black: fold each byte onto its low bit.
        word |= word >> 4
        word |= word >> 2
        word |= word >> 1
        word &= _LOW_BITS
        # A byte that differs from the byte before it is a changing element.
        changed = word ^ ((word << 8) | previous)
        previous = (word >> 56) & 1
        if changed == 0:
            continue
        for j in range(8):
            if (changed >> (8 * j)) & 1:
                x = 8 * k + j
                if x >= width:
                    break
                out[n] = x
                n += 1
    out[n] = width
    out[n + 1] = width
    out[n + 2] = width
    return n


@compiled("int64(int64[::1], int64, int64[::1], int64[::1], int64, int64[:, ::1], int64[:, ::1])")
def _code_one_dimensional(line, n, values, lengths, nt, run_value, run_bits):
    """Tokens of an MH line after ``nt`` tokens; returns the new count."""
    start = 0
    for i in range(n + 1):
        # line[n] is the width: the last run ends there.
        run = line[i] - start
        values[nt] = run_value[i & 1, run]
        lengths[nt] = run_bits[i & 1, run]
        nt += 1
        start = line[i]
    return nt


@compiled(
    "int64(int64[::1], int64[::1], int64, int64[::1], int64[::1], int64, "
    "int64[:, ::1], int64[:, ::1], int64[::1], int64[::1])"
)
def _code_two_dimensional(
    line, reference, width, values, lengths, nt, run_value, run_bits, v_value, v_bits
):
    """Tokens of an MR/MMR line after ``nt`` tokens; returns the new count."""
    a0 = -1
    colour = 0
    ia = 0  # first coding element right of a0
    ib = 0  # first reference element right of a0
    while a0 < width:
        while line[ia] <= a0:
            ia += 1
        while reference[ib] <= a0:
            ib += 1
        a1 = line[ia]
        # b1 changes to the colour opposite a0's: even entries turn black.
        j = ib + 1 if (ib & 1) != colour else ib
        b1 = reference[j]
        b2 = reference[j + 1]
        if b2 < a1:
            values[nt] = 1  # pass: 0001
            lengths[nt] = 4
            nt += 1
            a0 = b2
        elif -3 <= a1 - b1 <= 3:
            values[nt] = v_value[a1 - b1 + 3]
            lengths[nt] = v_bits[a1 - b1 + 3]
            nt += 1
            a0 = a1
            colour ^= 1
        else:
            a2 = line[ia + 1]
            first = a1 - max(a0, 0)
            values[nt] = 1  # horizontal: 001
            lengths[nt] = 3
            values[nt + 1] = run_value[colour, first]
            lengths[nt + 1] = run_bits[colour, first]
            values[nt + 2] = run_value[1 - colour, a2 - a1]
            lengths[nt + 2] = run_bits[1 - colour, a2 - a1]
            nt += 3
            a0 = a2
    return nt


@compiled("int64(uint8[::1], int64[::1], int64[::1], int64[::1], int64)")
def _pack(out, state, values, lengths, nt):
    """Append ``nt`` tokens to ``out``. ``state`` is (bits waiting, their
    count (< 8), bytes written); returns the bits written."""
    acc = state[0]
    pending = state[1]
    used = state[2]
    written = 0
    for t in range(nt):
        length = lengths[t]
        acc = (acc << length) | values[t]
        pending += length
        written += length
        while pending >= 8:
            pending -= 8
            out[used] = (acc >> pending) & 0xFF
            used += 1
        acc &= (1 << pending) - 1
    state[0] = acc
    state[1] = pending
    state[2] = used
    return written


@compiled("uint8[::1](uint8[::1], int64)")
def _reserve(out, need):
    if need <= out.size:
        return out
    bigger = np.empty(max(2 * out.size, need), dtype=np.uint8)
    # Element loops rather than slice assignment: numba compiles slice
    # assignment with string-formatting error paths that take seconds to
    # build on a cold cache.
    for i in range(out.size):
        bigger[i] = out[i]
    return bigger


@compiled(
    "uint8[::1](int64[:, ::1], int64, int64, int64, boolean, int64, boolean, "
    "int64[:, ::1], int64[:, ::1], int64[::1], int64[::1])"
)
def _encode(
    words, width, scheme, k, eol_align, min_bits, rtc, run_value, run_bits, v_value, v_bits
):
    height = words.shape[0]
    tag_bits = 1 if scheme == 1 else 0
    eol_bits = EOL_BITS + tag_bits
    token_room = _TOKENS_PER_PIXEL * (width + 4) + 16
    values = np.zeros(token_room, dtype=np.int64)
    lengths = np.zeros(token_room, dtype=np.int64)
    line_bytes = (_MAX_TOKEN_BITS * token_room + 7) // 8
    out = np.empty(line_bytes + height * (width // 32 + 8), dtype=np.uint8)
    state = np.zeros(3, dtype=np.int64)
    line = np.empty(width + 3, dtype=np.int64)
    reference = np.empty(width + 3, dtype=np.int64)
    for i in range(width + 3):
        reference[i] = width
    data_bits = 0
    # Index ``height`` is the first EOL of RTC.
    last = height + 1 if rtc and scheme != 2 else height
    for r in range(last):
        one_dimensional = False
        if scheme != 2:
            fill = 0 if r == 0 else max(min_bits - (data_bits + EOL_BITS), 0)
            if eol_align:
                fill += (-(state[2] * 8 + state[1] + fill + EOL_BITS)) % 8
            out = _reserve(out, state[2] + fill // 8 + line_bytes)
            while fill > 0:
                # Fill goes in 48-bit zero tokens, a line's worth at a time.
                nt = 0
                while fill > 0 and nt < token_room:
                    values[nt] = 0
                    lengths[nt] = min(fill, 48)
                    fill -= lengths[nt]
                    nt += 1
                _pack(out, state, values, lengths, nt)
            # Every EOL of RTC is EOL+1 in MR, the first one included.
            one_dimensional = scheme == 0 or r % k == 0 or r == height
            values[0] = (1 << tag_bits) | (1 if tag_bits and one_dimensional else 0)
            lengths[0] = eol_bits
            if r == height:
                # RTC: six EOLs (MR: each EOL+1).
                for i in range(1, 6):
                    values[i] = values[0]
                    lengths[i] = eol_bits
                _pack(out, state, values, lengths, 6)
                break
            _pack(out, state, values, lengths, 1)
        else:
            out = _reserve(out, state[2] + line_bytes)
        n = _changes(words[r], width, line)
        if one_dimensional:
            nt = _code_one_dimensional(line, n, values, lengths, 0, run_value, run_bits)
        else:
            nt = _code_two_dimensional(
                line, reference, width, values, lengths, 0, run_value, run_bits, v_value, v_bits
            )
        data_bits = _pack(out, state, values, lengths, nt)
        line, reference = reference, line
    if scheme == 2 and rtc:
        out = _reserve(out, state[2] + 8)
        values[0] = (1 << EOL_BITS) | 1  # EOFB: two EOLs
        lengths[0] = 2 * EOL_BITS
        _pack(out, state, values, lengths, 1)
    used = state[2]
    if state[1]:
        out[used] = (state[0] << (8 - state[1])) & 0xFF
        used += 1
    result = np.empty(used, dtype=np.uint8)
    for i in range(used):
        result[i] = out[i]
    return result


def _as_words(bitmap: np.ndarray) -> np.ndarray:
    """The bitmap's bytes (any nonzero byte is black) as int64 words, eight
    pixels each, rows padded with white to a multiple of eight pixels."""
    if bitmap.dtype == bool or bitmap.dtype == np.uint8:
        pixels = bitmap.view(np.uint8)
    else:
        pixels = (bitmap != 0).view(np.uint8)
    height, width = pixels.shape
    if width % 8:
        padded = np.zeros((height, width + 8 - width % 8), dtype=np.uint8)
        padded[:, :width] = pixels
        pixels = padded
    words = np.ascontiguousarray(pixels).view(np.int64)
    if not words.flags.aligned:
        words = words.copy()
    return words


def encode_page(
    bitmap: np.ndarray,
    scheme: str,
    *,
    k: int,
    eol_align: bool,
    min_bits_per_line: int,
    rtc: bool,
    msb_first: bool,
) -> bytes:
    """Encode one page; arguments are checked by ``fax.codec.encode``."""
    data = _encode(
        _as_words(bitmap),
        int(bitmap.shape[1]),
        _SCHEME_CODES[scheme],
        min(int(k), 1 << 62),
        bool(eol_align),
        int(min_bits_per_line),
        bool(rtc),
        _RUN_VALUE,
        _RUN_BITS,
        _VERTICAL_VALUE,
        _VERTICAL_BITS,
    ).tobytes()
    return data if msb_first else reverse_bit_order(data)
