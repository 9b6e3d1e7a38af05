"""MH, MR and MMR encoding of a whole page at once with NumPy.

Every line is described by its changing elements (pixels whose colour differs
from the pixel before; the pixel before the line is white). Each line's codes
become tokens with a bit offset inside the line; the lines are then laid out
(EOL, fill, tag bit) and all tokens are packed in one go.

Two-dimensional coding is vectorised as well. For a coding line a_0 < a_1 <
... (ending in two virtual elements at the width) and its reference line b_*,
the decision taken when a_j is the next changing element a1 depends only on
a_{j-1} (where a0 then is) and a_j: b1 is the first reference element right
of a0 with the parity of j, pass modes consume reference pairs lying before
a_j, then vertical mode if |b1 - a_j| <= 3, else horizontal mode, which also
consumes a_{j+1}. So all decisions are computed in parallel, and which j are
actually reached follows from where the horizontal modes are.
"""

from __future__ import annotations

import numpy as np

from fax.codec.bits import pack_tokens, reverse_bit_order
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

_PASS_VALUE, _PASS_BITS = 1, 4
_HORIZONTAL_VALUE, _HORIZONTAL_BITS = 1, 3


class _Tokens:
    """Code words of some lines: line number, offset inside the line, value, length."""

    def __init__(self) -> None:
        self.lines: list[np.ndarray] = []
        self.offsets: list[np.ndarray] = []
        self.values: list[np.ndarray] = []
        self.lengths: list[np.ndarray] = []

    def add(self, lines: np.ndarray, offsets: np.ndarray, values, lengths) -> None:
        self.lines.append(lines)
        self.offsets.append(offsets)
        self.values.append(np.broadcast_to(np.asarray(values, dtype=np.uint64), lines.shape))
        self.lengths.append(np.broadcast_to(np.asarray(lengths, dtype=np.int64), lines.shape))

    def concatenated(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        if not self.lines:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty.astype(np.uint64), empty
        return (
            np.concatenate(self.lines),
            np.concatenate(self.offsets),
            np.concatenate(self.values),
            np.concatenate(self.lengths),
        )


class _Elements:
    """Changing elements of all lines, each line followed by three sentinels at
    the width, after one empty line standing for the all-white line above the
    page. Line r's entries start at ``start[r + 1]``."""

    def __init__(self, bitmap: np.ndarray) -> None:
        height, width = bitmap.shape
        self.width = width
        black = bitmap.astype(bool, copy=False)
        changed = np.empty((height, width), dtype=bool)
        changed[:, 0] = black[:, 0]
        np.not_equal(black[:, 1:], black[:, :-1], out=changed[:, 1:])
        flat = np.flatnonzero(changed)
        rows, columns = np.divmod(flat, width)
        self.counts = np.bincount(rows, minlength=height)
        sizes = np.concatenate(([3], self.counts + 3))
        self.start = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        total = int(sizes.sum())
        self.position = np.full(total, width, dtype=np.int64)
        first_change = np.concatenate(([0], np.cumsum(self.counts)[:-1]))
        local = np.arange(flat.size) - first_change[rows]
        self.position[self.start[rows + 1] + local] = columns
        # Line of every entry, -1 for the empty line above the page.
        self.line = np.repeat(np.arange(-1, height), sizes)
        self.local = np.arange(total) - self.start[self.line + 1]
        # Sort keys: entries of line r sort before line r + 1, by position.
        self.stride = width + 1
        self.key = (self.line + 1) * self.stride + self.position

    def coding_entries(self, line_selected: np.ndarray) -> np.ndarray:
        """Indices of a_0 .. a_n (n = changes, a_n = width) of the selected lines."""
        line = self.line
        real = line >= 0
        keep = np.zeros(line.size, dtype=bool)
        keep[real] = line_selected[line[real]] & (self.local[real] <= self.counts[line[real]])
        return np.flatnonzero(keep)


def _run_tokens(runs: np.ndarray, colours: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One token per run: up to two 2560 make-ups, make-up, terminating code."""
    extra = np.where(runs >= LONG_RUN, (runs - LONG_RUN) // 2560 + 1, 0)
    rest = runs - 2560 * extra
    values = np.where(colours == 0, RUN_TOKEN_VALUE[0][rest], RUN_TOKEN_VALUE[1][rest])
    lengths = np.where(colours == 0, RUN_TOKEN_BITS[0][rest], RUN_TOKEN_BITS[1][rest])
    if extra.any():
        for _ in range(int(extra.max())):
            has = extra > 0
            prefix = np.uint64(MAKEUP_2560_VALUE) << lengths[has].astype(np.uint64)
            values[has] |= prefix
            lengths[has] += MAKEUP_2560_BITS
            extra = extra - has
    return values, lengths


def _offsets_in_line(lines: np.ndarray, lengths: np.ndarray, height: int) -> np.ndarray:
    """Bit offset of each token inside its line; tokens are in line order."""
    ends = np.cumsum(lengths)
    line_bits = np.bincount(lines, weights=lengths, minlength=height).astype(np.int64)
    line_start = np.cumsum(line_bits) - line_bits
    return ends - lengths - line_start[lines]


def _one_dimensional(elements: _Elements, selected: np.ndarray, tokens: _Tokens) -> None:
    entries = elements.coding_entries(selected)
    pos = elements.position
    local = elements.local[entries]
    previous = np.where(local == 0, 0, pos[entries - 1])
    runs = pos[entries] - previous
    values, lengths = _run_tokens(runs, local & 1)
    lines = elements.line[entries]
    tokens.add(lines, _offsets_in_line(lines, lengths, selected.size), values, lengths)


def _two_dimensional(elements: _Elements, selected: np.ndarray, tokens: _Tokens) -> None:
    entries = elements.coding_entries(selected)
    if entries.size == 0:
        return
    pos, key, stride = elements.position, elements.key, elements.stride
    line = elements.line[entries]
    j = elements.local[entries]
    parity = j & 1
    a1 = pos[entries]
    a2 = pos[entries + 1]
    a0 = np.where(j == 0, -1, pos[entries - 1])
    # Reference line r - 1 has key base r * stride; its entries start at start[r].
    reference_key = line * stride
    reference_start = elements.start[line]
    b1_index = np.searchsorted(key, reference_key + a0, side="right")
    b1_index += ((b1_index - reference_start) & 1) != parity
    first_not_left = np.searchsorted(key, reference_key + a1, side="left")
    behind = np.maximum(first_not_left - 1 - b1_index, 0)
    passes = (behind + 1) // 2
    b1_index += 2 * passes
    b1 = pos[b1_index]
    offset = a1 - b1
    vertical = np.abs(offset) <= 3
    # Which j are reached: j after a vertical mode always is; inside a stretch
    # of horizontal candidates every second one is, counted from the stretch start.
    index = np.arange(entries.size)
    restart = np.where(vertical, index + 1, -1)
    restart_before = np.empty_like(index)
    restart_before[0] = -1
    np.maximum.accumulate(restart[:-1], out=restart_before[1:])
    line_first = index - j
    reached = ((index - np.maximum(restart_before, line_first)) & 1) == 0

    passes, vertical, parity = passes[reached], vertical[reached], parity[reached]
    line, a1, a2, offset = line[reached], a1[reached], a2[reached], offset[reached]
    a0_after_passes = np.where(passes > 0, pos[b1_index[reached] - 1], np.maximum(a0[reached], 0))
    horizontal = ~vertical
    first_run_values, first_run_lengths = _run_tokens(
        (a1 - a0_after_passes)[horizontal], parity[horizontal]
    )
    second_run_values, second_run_lengths = _run_tokens(
        (a2 - a1)[horizontal], 1 - parity[horizontal]
    )
    mode_values = np.zeros(line.size, dtype=np.uint64)
    mode_lengths = np.zeros(line.size, dtype=np.int64)
    vertical_code = offset[vertical] + 3
    mode_values[vertical] = VERTICAL_VALUE[vertical_code]
    mode_lengths[vertical] = VERTICAL_BITS[vertical_code]
    mode_values[horizontal] = (
        np.uint64(_HORIZONTAL_VALUE) << first_run_lengths.astype(np.uint64)
    ) | first_run_values
    mode_lengths[horizontal] = _HORIZONTAL_BITS + first_run_lengths
    second_lengths = np.zeros(line.size, dtype=np.int64)
    second_lengths[horizontal] = second_run_lengths

    decision_bits = _PASS_BITS * passes + mode_lengths + second_lengths
    decision_offset = _offsets_in_line(line, decision_bits, selected.size)
    mode_offset = decision_offset + _PASS_BITS * passes
    tokens.add(line, mode_offset, mode_values, mode_lengths)
    tokens.add(
        line[horizontal],
        (mode_offset + mode_lengths)[horizontal],
        second_run_values,
        second_run_lengths,
    )
    if passes.any():
        with_pass = np.flatnonzero(passes)
        counts = passes[with_pass]
        owner = np.repeat(with_pass, counts)
        nth = np.arange(owner.size) - np.repeat(np.cumsum(counts) - counts, counts)
        tokens.add(line[owner], decision_offset[owner] + _PASS_BITS * nth, _PASS_VALUE, _PASS_BITS)


def _line_bits(tokens: _Tokens, height: int) -> np.ndarray:
    lines, _, _, lengths = tokens.concatenated()
    return np.bincount(lines, weights=lengths, minlength=height).astype(np.int64)


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
    height, width = bitmap.shape
    if width > MAX_WIDTH:
        raise ValueError(f"width {width} is more than the supported {MAX_WIDTH}")
    elements = _Elements(bitmap)
    tokens = _Tokens()
    rows = np.arange(height)
    if scheme == "mh":
        one_dimensional = np.ones(height, dtype=bool)
    elif scheme == "mr":
        one_dimensional = rows % k == 0
    else:
        one_dimensional = np.zeros(height, dtype=bool)
    _one_dimensional(elements, one_dimensional, tokens)
    _two_dimensional(elements, ~one_dimensional, tokens)
    data_bits = _line_bits(tokens, height)

    layout = _Tokens()
    if scheme == "mmr":
        data_start = np.cumsum(data_bits) - data_bits
        end = int(data_bits.sum())
        if rtc:
            # EOFB: two EOLs.
            layout.add(np.array([0]), np.array([end]), (1 << EOL_BITS) | 1, 2 * EOL_BITS)
            end += 2 * EOL_BITS
    else:
        tag_bits = 1 if scheme == "mr" else 0
        eol_bits = EOL_BITS + tag_bits
        # Fill before the EOL that ends line r - 1; index height is the RTC's first EOL.
        previous_bits = np.concatenate(([0], data_bits))
        fill = np.maximum(min_bits_per_line - (previous_bits + EOL_BITS), 0)
        fill[0] = 0
        if eol_align:
            before_eol = previous_bits + fill + np.where(np.arange(height + 1) == 0, 0, tag_bits)
            fill += (-(before_eol + EOL_BITS)) % 8
        if not rtc:
            fill = fill[:height]
        pieces = fill + eol_bits
        pieces[:height] += data_bits
        piece_start = np.cumsum(pieces) - pieces
        eol_at = piece_start + fill
        data_start = eol_at[:height] + eol_bits
        tags = np.where(one_dimensional, 1, 0) if tag_bits else np.zeros(height, dtype=np.int64)
        eol_values = (np.uint64(1) << np.uint64(tag_bits)) | tags.astype(np.uint64)
        layout.add(rows, eol_at[:height], eol_values, eol_bits)
        end = int(piece_start[-1] + pieces[-1]) if pieces.size else 0
        if rtc:
            # The first of the six EOLs of RTC is the one after the last line.
            eol_1d = (1 << tag_bits) | tag_bits
            rtc_at = eol_at[height] + eol_bits * np.arange(6)
            layout.add(np.zeros(6, dtype=np.int64), rtc_at, eol_1d, eol_bits)
            end = int(rtc_at[-1]) + eol_bits

    lines, offsets, values, lengths = tokens.concatenated()
    positions = data_start[lines] + offsets if lines.size else offsets
    _, layout_positions, layout_values, layout_lengths = layout.concatenated()
    data = pack_tokens(
        np.concatenate((positions, layout_positions)),
        np.concatenate((values, layout_values)),
        np.concatenate((lengths, layout_lengths)),
        end,
    )
    return data if msb_first else reverse_bit_order(data)
