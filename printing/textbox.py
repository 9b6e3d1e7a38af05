"""A light wrapped-text flowable for table cells: fast, never wider than its box.

ReportLab's Paragraph parses markup and re-breaks lines on every wrap; a
1,000-row list has ten thousand cells and is re-wrapped each time the table
splits at a page end, which made the daily list several times too slow.
TextBox breaks plain text once per width with its own CJK rules (any
character may end a line, except that closing punctuation is not left at
the start of one, and ASCII words stay whole where they fit), draws
fallback-font runs for characters IPAex lacks, and can split between lines
so a very tall cell continues on the next page.

While ``recording_layout()`` is active every drawn box reports its widest
line against the width it was given, which is how the tests prove nothing
overflows.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass

from reportlab.lib.colors import Color, black
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from printing.fonts import MissingGlyph, font_runs

# Characters that must not begin a line (行頭禁則) pull the previous
# character down with them; opening brackets never end one (行末禁則).
_NO_LINE_START = frozenset(
    "、。，．,.)）」』】〕〉》]｝}!！?？:：;；ー〜～ぁぃぅぇぉっゃゅょァィゥェォッャュョ"
)
_NO_LINE_END = frozenset("（「『【〔〈《［｛(")


@dataclass(frozen=True, slots=True)
class DrawnText:
    """One drawn box, recorded for layout checks."""

    where: str
    x: float  # absolute page coordinates of the box's top-left corner
    top: float
    box_width: float
    widest_line: float
    height: float
    page: int


_recorder: ContextVar[list[DrawnText] | None] = ContextVar("movedesk_layout_recorder", default=None)


@contextlib.contextmanager
def recording_layout() -> Iterator[list[DrawnText]]:
    """Collect a DrawnText for every TextBox drawn inside the block."""
    drawn: list[DrawnText] = []
    token = _recorder.set(drawn)
    try:
        yield drawn
    finally:
        _recorder.reset(token)


@dataclass(frozen=True, slots=True)
class Piece:
    """A block of text starting on its own line, in one size and colour."""

    text: str
    size: float
    colour: Color = black


_Line = tuple[
    float, float, float, Color, tuple[tuple[str, str], ...]
]  # size, leading, width, colour, runs


_Char = tuple[str, str, float]  # font, character, width in points


def _characters(
    text: str, font: str, size: float, where: str, report: list[MissingGlyph]
) -> list[_Char]:
    characters = []
    for run_font, run_text in font_runs(text, font, where, report):
        face = pdfmetrics.getFont(run_font).face
        widths, default = face.charWidths, face.defaultWidth
        scale = size / 1000.0
        characters += [(run_font, ch, widths.get(ord(ch), default) * scale) for ch in run_text]
    return characters


def _runs(line: list[_Char]) -> tuple[tuple[str, str], ...]:
    runs: list[tuple[str, str]] = []
    for font, ch, _ in line:
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    return tuple(runs)


def _break(
    characters: list[_Char], width: float
) -> list[tuple[float, tuple[tuple[str, str], ...]]]:
    """Greedy line breaking; returns (drawn width, font runs) per line."""
    lines: list[list[_Char]] = []
    current: list[_Char] = []
    used = 0.0
    index = 0
    count = len(characters)
    while index < count:
        item = characters[index]
        ch = item[1]
        if ch == "\n":
            lines.append(current)
            current, used = [], 0.0
            index += 1
            continue
        end = index + 1
        if ch.isascii() and not ch.isspace():
            while end < count and characters[end][1].isascii() and not characters[end][1].isspace():
                end += 1
        if end > index + 1:
            # An ASCII word moves to the next line whole if it fits there.
            token = characters[index:end]
            token_width = sum(part[2] for part in token)
            if used + token_width <= width:
                current += token
                used += token_width
                index = end
                continue
            if token_width <= width:
                lines.append(current)
                current, used = [], 0.0
                continue
        # One character at a time (also for a word longer than a whole line).
        if used + item[2] > width and current:
            carried = []
            if ch in _NO_LINE_START and len(current) > 1:
                carried = [current.pop()]
            while len(current) > 1 and current[-1][1] in _NO_LINE_END:
                carried.insert(0, current.pop())
            lines.append(current)
            current = carried
            used = sum(part[2] for part in current)
        if ch == " " and not current:
            index += 1  # a space at the start of a wrapped line is not drawn
            continue
        current.append(item)
        used += item[2]
        index += 1
    lines.append(current)
    return [(sum(part[2] for part in line), _runs(line)) for line in lines]


class TextBox(Flowable):
    """Wrapped text in a cell; ``pieces`` each start on a new line."""

    def __init__(
        self,
        pieces: Sequence[Piece],
        font: str,
        where: str,
        report: list[MissingGlyph],
        *,
        leading_ratio: float = 1.2,
        align: str = "left",
        _lines: list[_Line] | None = None,
    ) -> None:
        super().__init__()
        self.font = font
        self.where = where
        self.leading_ratio = leading_ratio
        self.align = align
        self._pieces = [
            (piece, _characters(piece.text, font, piece.size, where, report)) for piece in pieces
        ]
        self._fixed_lines = _lines
        self._lines: list[_Line] = _lines or []
        self._width_wrapped: float | None = None
        self._box_width = 0.0

    def _lay_out(self, width: float) -> None:
        if self._fixed_lines is not None or width == self._width_wrapped:
            return
        lines: list[_Line] = []
        for piece, characters in self._pieces:
            leading = piece.size * self.leading_ratio
            for line_width, runs in _break(characters, width):
                lines.append((piece.size, leading, line_width, piece.colour, runs))
        self._lines = lines
        self._width_wrapped = width

    def natural_width(self) -> float:
        """The widest line drawn if the box were wide enough for nothing to wrap."""
        widest = 0.0
        for _, characters in self._pieces:
            line = 0.0
            for _, character, width in characters:
                if character == "\n":
                    widest, line = max(widest, line), 0.0
                else:
                    line += width
            widest = max(widest, line)
        return widest

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._lay_out(available_width)
        self._box_width = available_width
        self.width = available_width
        self.height = sum(line[1] for line in self._lines)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        used, taken = 0.0, 0
        for line in self._lines:
            if used + line[1] > available_height:
                break
            used += line[1]
            taken += 1
        if taken == 0 or taken == len(self._lines):
            return []
        head = self._copy(self._lines[:taken])
        tail = self._copy(self._lines[taken:])
        return [head, tail]

    def _copy(self, lines: list[_Line]) -> TextBox:
        return TextBox(
            [],
            self.font,
            self.where,
            [],
            leading_ratio=self.leading_ratio,
            align=self.align,
            _lines=lines,
        )

    def draw(self) -> None:
        canvas = self.canv
        text = canvas.beginText()
        y = self.height
        widest = 0.0
        colour = None
        for size, leading, line_width, line_colour, runs in self._lines:
            y -= leading
            if not runs:
                continue
            baseline = y + (leading - size) / 2 + size * 0.12
            x = 0.0
            if self.align == "right":
                x = self._box_width - line_width
            elif self.align == "centre":
                x = (self._box_width - line_width) / 2
            if line_colour is not colour:
                text.setFillColor(line_colour)
                colour = line_colour
            text.setTextOrigin(x, baseline)
            for font, run_text in runs:
                text.setFont(font, size)
                text.textOut(run_text)
            widest = max(widest, line_width)
        if colour is not None and colour is not black:
            text.setFillColor(black)  # fill colour is graphics state: do not leak it
        canvas.drawText(text)
        recorder = _recorder.get()
        if recorder is not None:
            left, top = canvas.absolutePosition(0, self.height)
            recorder.append(
                DrawnText(
                    self.where,
                    left,
                    top,
                    self._box_width,
                    widest,
                    self.height,
                    canvas.getPageNumber(),
                )
            )


def text_box(
    text: str,
    font: str,
    size: float,
    where: str,
    report: list[MissingGlyph],
    *,
    align: str = "left",
    colour: Color = black,
) -> TextBox:
    return TextBox([Piece(text, size, colour)], font, where, report, align=align)
