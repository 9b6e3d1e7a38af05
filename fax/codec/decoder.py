"""Page decoding with error recovery, the way fax machines do it.

MH and MR pages (T.4) are framed by EOLs: a line that cannot be decoded, is
too long or too short, or is followed by anything but fill and an EOL is
counted as bad, replaced by the previous good line, and decoding goes on at
the next EOL. In MR, the two-dimensional lines after a bad line depend on it
and are replaced as well until the next one-dimensional line. An MMR page
(T.6) has no EOLs, so the first bad line ends it.

Every loop consumes input or emits a line, and lines are capped, so any
input ends in bounded time and memory.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass, field, replace

import numpy as np

from fax.codec.bits import BitView, reverse_bit_order
from fax.codec.lines import LineError, decode_one_dimensional, decode_two_dimensional

# Enough for a long page at fine resolution (A4 is 2287 lines, B4 2806).
DEFAULT_MAX_LINES = 4800


class FaxDecodeError(ValueError):
    """The data holds no decodable fax page at all."""


@dataclass(frozen=True)
class DecodeResult:
    """A decoded page. ``bitmap`` has one row per line (1 = black); bad lines
    hold a copy of the line before them. ``end`` tells what ended the page:
    "rtc" (or EOFB for MMR: "eofb"), "end_of_data", "height", "max_lines" or
    "error" (an MMR error, or a bad line with no EOL after it)."""

    bitmap: np.ndarray
    good_lines: int
    bad_lines: int
    bad_rows: tuple[int, ...] = field(default=())
    end: str = "end_of_data"

    @property
    def lines(self) -> int:
        return self.good_lines + self.bad_lines

    @property
    def max_consecutive_bad(self) -> int:
        longest = current = 0
        previous = -2
        for row in self.bad_rows:
            current = current + 1 if row == previous + 1 else 1
            longest = max(longest, current)
            previous = row
        return longest


class _Page:
    """Lines decoded so far, as lists of changing elements."""

    def __init__(self, limit: int) -> None:
        self.lines: list[list[int]] = []
        self.bad_rows: list[int] = []
        self.limit = limit

    @property
    def full(self) -> bool:
        return len(self.lines) >= self.limit

    def good(self, changes: list[int]) -> None:
        self.lines.append(changes)

    def bad(self) -> None:
        self.bad_rows.append(len(self.lines))
        self.lines.append(self.lines[-1] if self.lines else [])

    def result(self, width: int, end: str, height: int | None) -> DecodeResult:
        if height is not None:
            # Up to the limit only: a TIFF's claimed height must not make
            # the page bigger than max_lines allows.
            while len(self.lines) < self.limit:
                self.bad()
        if not self.lines:
            raise FaxDecodeError("no coded line found in the data")
        bitmap = _bitmap(self.lines, width)
        bad = len(self.bad_rows)
        return DecodeResult(bitmap, len(self.lines) - bad, bad, tuple(self.bad_rows), end)


def _bitmap(lines: list[list[int]], width: int) -> np.ndarray:
    """Paint lines from their changing elements: each line is a sequence of
    runs (white first) that np.repeat writes out in one go."""
    height = len(lines)
    counts = np.fromiter(map(len, lines), dtype=np.int64, count=height)
    changes = np.fromiter(
        itertools.chain.from_iterable(lines), dtype=np.int64, count=int(counts.sum())
    )
    # Run starts: each line's start, then its changes, in page order.
    line_of_change = np.repeat(np.arange(height), counts)
    runs_before_line = np.arange(height) + np.cumsum(counts) - counts
    starts = np.empty(height + changes.size, dtype=np.int64)
    colours = np.zeros(height + changes.size, dtype=np.uint8)
    is_line_start = np.zeros(starts.size, dtype=bool)
    is_line_start[runs_before_line] = True
    starts[runs_before_line] = np.arange(height) * width
    starts[~is_line_start] = line_of_change * width + changes
    local = np.arange(changes.size) - np.repeat(np.cumsum(counts) - counts, counts)
    colours[~is_line_start] = 1 - (local & 1)
    lengths = np.diff(starts, append=height * width)
    return np.repeat(colours, lengths).reshape(height, width)


def _with_sentinels(changes: list[int], width: int) -> list[int]:
    return [*changes, width, width, width]


class _Eols:
    """EOL positions found up front: the final 1 of each EOL and where the run
    of zeros before it (fill included) starts."""

    def __init__(self, view: BitView) -> None:
        ends = view.eol_ends()
        ones = view.ones
        zero_start = np.zeros(ends.size, dtype=np.int64)
        if ends.size:
            index = np.searchsorted(ones, ends)
            has_previous = index > 0
            zero_start[has_previous] = ones[index[has_previous] - 1] + 1
        self.ends: list[int] = ends.tolist()
        self.zero_start: list[int] = zero_start.tolist()
        self.last_one = int(ones[-1]) if ones.size else -1

    def at(self, p: int) -> int | None:
        """End of the EOL that follows p after nothing but zeros, if any."""
        i = bisect.bisect_left(self.ends, p)
        if i < len(self.ends) and self.zero_start[i] <= p and self.ends[i] - p >= 11:
            return self.ends[i]
        return None

    def after(self, p: int) -> int | None:
        """Where the zeros of the first EOL lying wholly at or after p begin."""
        i = bisect.bisect_left(self.ends, p + 11)
        if i < len(self.ends):
            return max(self.zero_start[i], p)
        return None


def decode_t4(
    data: bytes, width: int, two_dimensional: bool, height: int | None, max_lines: int
) -> DecodeResult:
    view = BitView.from_bytes(data)
    windows, total_bits = view.windows, view.total_bits
    eols = _Eols(view)
    limit = min(max_lines, height) if height is not None else max_lines
    page = _Page(limit)
    p = 0
    seen_eol = False
    eols_in_a_row = 0
    one_dimensional_next = True
    reference_broken = False
    end = "end_of_data"
    while True:
        if page.full:
            end = "height" if height is not None and limit == height else "max_lines"
            break
        if p > eols.last_one:
            break
        eol_end = eols.at(p)
        if eol_end is not None:
            seen_eol = True
            eols_in_a_row += 1
            p = eol_end + 1
            if two_dimensional:
                one_dimensional_next = bool((windows[p >> 3] >> (31 - (p & 7))) & 1)
                p += 1
            if eols_in_a_row >= 2:
                end = "rtc"
                break
            continue
        eols_in_a_row = 0
        line_start = p
        try:
            if one_dimensional_next:
                changes, p = decode_one_dimensional(windows, p, width)
                reference_broken = False
            elif reference_broken:
                raise LineError("reference line was bad")
            else:
                reference = page.lines[-1] if page.lines else []
                changes, p = decode_two_dimensional(
                    windows, p, width, _with_sentinels(reference, width)
                )
            if p > total_bits:
                raise LineError("data ends inside the line")
            if seen_eol and p <= eols.last_one and eols.at(p) is None:
                raise LineError("line does not end at an EOL")
            page.good(changes)
        except LineError:
            page.bad()
            reference_broken = two_dimensional
            resume = eols.after(line_start)
            if resume is None:
                end = "error" if p <= eols.last_one else "end_of_data"
                break
            p = resume
    return page.result(width, end, height)


def decode_t6(data: bytes, width: int, height: int | None, max_lines: int) -> DecodeResult:
    view = BitView.from_bytes(data)
    windows, total_bits = view.windows, view.total_bits
    last_one = int(view.ones[-1]) if view.ones.size else -1
    limit = min(max_lines, height) if height is not None else max_lines
    page = _Page(limit)
    reference = _with_sentinels([], width)
    p = 0
    end = "end_of_data"
    while True:
        if page.full:
            end = "height" if height is not None and limit == height else "max_lines"
            break
        if p > last_one:
            break
        if (windows[p >> 3] >> (20 - (p & 7))) & 0xFFF == 1:
            end = "eofb"
            break
        try:
            changes, p = decode_two_dimensional(windows, p, width, reference)
            if p > total_bits:
                raise LineError("data ends inside the line")
        except LineError:
            page.bad()
            end = "error"
            break
        page.good(changes)
        reference = _with_sentinels(changes, width)
    return page.result(width, end, height)


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
    if not msb_first:
        data = reverse_bit_order(data)
    if scheme == "mmr":
        result = decode_t6(data, width, height, max_lines)
    else:
        result = decode_t4(data, width, scheme == "mr", height, max_lines)
    if zero_bits:
        result = replace(result, bitmap=(result.bitmap == 0).astype(np.uint8))
    return result
