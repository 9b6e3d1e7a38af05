"""How a notice code is laid out in QR symbols, for the fax page and for the notice sheet.

Standard fax resolution (3.85 lines/mm) is the hard case, so a module is
never smaller than the plan's minimum: error correction Q while the largest
allowed symbol suffices, then M, and beyond that the message is split over
several symbols of that size at level M.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import segno
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle
from segno import consts

from desktop.domain.notice import Notice, notice_to_payload
from printing.common import QrCode
from printing.fonts import GOTHIC
from printing.notice_code_format import (
    HEADER_SIZE,
    MARKER,
    SIGNED_MARKER,
    CodeOrigin,
    Signer,
    payload_code_parts,
)

QUIET_ZONE = 4  # modules a scanner needs around a symbol, as QrCode draws it
FINDER_SIDE = 17  # a version-1 symbol is 21 modules: 17 + 4 per version


def symbol_modules(version: int) -> int:
    """The side of a symbol of ``version`` in modules, quiet zone included."""
    return FINDER_SIDE + 4 * version + 2 * QUIET_ZONE


@dataclass(frozen=True, slots=True)
class CodeSize:
    """What room a page gives a code: the largest symbol and its modules' bounds (points)."""

    max_version: int
    side: float  # the most one symbol may take, quiet zone included
    min_module: float
    max_module: float
    # Error levels tried in turn for a single symbol before the message is split.
    levels: tuple[str, ...] = ("q", "m")

    @property
    def part_capacity(self) -> int:
        """Bytes of message one part carries in a ``max_version`` symbol at level M."""
        return _byte_capacity(self.max_version, "m") - HEADER_SIZE


_LEVELS = {"l": consts.ERROR_LEVEL_L, "m": consts.ERROR_LEVEL_M, "q": consts.ERROR_LEVEL_Q}


def _byte_capacity(version: int, error: str) -> int:
    """Bytes a symbol of ``version`` holds at ``error`` in byte mode: its data bits less
    the mode indicator (4 bits) and the character count (8 bits to version 9, then 16)."""
    bits = consts.SYMBOL_CAPACITY[version][_LEVELS[error]]
    return (bits - 4 - (8 if version < 10 else 16)) // 8


def _smallest_version(size: int, error: str, max_version: int) -> int | None:
    return next((v for v in range(1, max_version + 1) if size <= _byte_capacity(v, error)), None)


@dataclass(frozen=True, slots=True)
class CodeLayout:
    """How a notice's code is printed: symbol version, error level, module size, parts,
    and each part's symbol, encoded once (choosing a mask is most of the cost)."""

    parts: tuple[bytes, ...]
    version: int
    error: str
    module: float  # points
    matrices: tuple[Any, ...] = field(default=(), repr=False, compare=False)

    @property
    def side(self) -> float:
        return self.module * symbol_modules(self.version)

    @property
    def marker(self) -> str:
        """ "MD1" or "MD2", as the caption names it."""
        return (SIGNED_MARKER if self.parts[0].startswith(SIGNED_MARKER) else MARKER).decode()


# The message is compressed, so its modules look random under every mask and
# the eight masks' penalty scores barely differ; scoring them was four fifths
# of a sheet's time. One fixed mask keeps a sheet within its 50 ms.
MASK = 0


def _encoded(content: bytes, version: int, error: str) -> Any:
    # segno boosts the error level where the fixed version has room to spare.
    return segno.make(
        content, version=version, error=error, mode="byte", micro=False, mask=MASK
    ).matrix


def plan_code(
    notice: Notice,
    size: CodeSize,
    *,
    sign: Signer | None = None,
    origin: CodeOrigin | None = None,
) -> CodeLayout:
    """Pick the symbols for a notice: one symbol if it fits ``size``, else parts."""
    payload: dict[str, Any] = notice_to_payload(notice)
    whole = payload_code_parts(payload, part_capacity=1 << 30, sign=sign, origin=origin)
    for error in size.levels:
        version = _smallest_version(len(whole[0]), error, size.max_version)
        if version is not None:
            parts, level = whole, error
            break
    else:
        parts = payload_code_parts(payload, size.part_capacity, sign=sign, origin=origin)
        level = "m"
        version = max(_smallest_version(len(p), level, size.max_version) or 0 for p in parts)
    module = max(size.min_module, min(size.max_module, size.side / symbol_modules(version)))
    matrices = tuple(_encoded(part, version, level) for part in parts)
    return CodeLayout(tuple(parts), version, level, module, matrices)


class NoticeCodeSymbol(QrCode):
    """One notice-code symbol at its layout's version, so every part prints the same size."""

    def __init__(self, layout: CodeLayout, index: int) -> None:
        Flowable.__init__(self)
        self.value = layout.parts[index]
        self.size = layout.side
        self.matrix = layout.matrices[index]


def _plain_style() -> TableStyle:
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), GOTHIC),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]
    )


def code_block(layout: CodeLayout, caption: Flowable, per_row: int, width: float) -> list[Flowable]:
    """The code's symbols with their caption: beside a single symbol, above several
    (``per_row`` to a row, rows free to flow on to the next page)."""
    codes = [NoticeCodeSymbol(layout, index) for index in range(len(layout.parts))]
    if len(codes) == 1:
        row = Table(
            [[codes[0], caption]], colWidths=(layout.side + 4 * mm, width - layout.side - 4 * mm)
        )
        row.setStyle(_plain_style())
        return [row]
    rows: list[Flowable] = []
    for start in range(0, len(codes), per_row):
        cells: list[Flowable | str] = list(codes[start : start + per_row])
        cells += [""] * (per_row - len(cells))
        row = Table([cells], colWidths=[width / per_row] * per_row)
        row.setStyle(_plain_style())
        rows.append(row)
    # One cell holds the caption and the first row: a one-row table does not
    # split, so the caption never stays behind alone at the foot of a page.
    head = Table([[[caption, Spacer(0, 1 * mm), rows[0]]]], colWidths=(width,))
    head.setStyle(_plain_style())
    return [head, *rows[1:]]
