"""Reading the notice code (MD1 or MD2) off received fax pages (DESIGN §7.4). No Qt.

A received page is noisy: line noise flips pixels, the decoder repeats the
previous line for a broken one, lines go missing and paper feeds skew. The
code's own Reed-Solomon correction covers most of it; what defeats the
detector is speckle, so a page is read as it came and, only if that finds
no complete code, again after a 3x3 majority filter and after a light blur.
Standard-resolution pages have half-height rows and are stretched to square
pixels first.

A code that is found but cannot become a notice (parts missing, checksum,
JSON, validation) is returned as a reading with its problems, never raised:
the clerk must be told that the page carried a notice that did not read.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import zxingcpp
from PIL import Image, ImageFilter

from desktop.domain.notice import InvalidNotice, Notice, notice_from_payload
from fax.codec import Resolution
from printing.notice_code_format import (
    CodeMessage,
    CodePart,
    NoticeCodeError,
    is_notice_code,
    message_from_parts,
    parse_code_part,
)

Point = tuple[int, int]


@dataclass(frozen=True, slots=True)
class CodeSpot:
    """Where one code part was found: its corners in page pixels (x across, y down the
    page's own lines), clockwise from top left."""

    part: int  # 0-based part index
    corners: tuple[Point, Point, Point, Point]
    page: int | None = None  # 0-based page of the file, when read from a file


@dataclass(frozen=True)
class NoticeReading:
    """A notice code found on a page: the notice, or why it could not be read."""

    notice: Notice | None
    problems: tuple[str, ...] = ()
    receipt_number: str | None = None
    parts_found: int = 0
    parts_total: int = 0
    spots: tuple[CodeSpot, ...] = ()
    resolution: Resolution = "standard"
    message_id: int | None = None  # the CRC-32 that ties a split code's parts together
    pages: tuple[int, ...] = ()  # 0-based pages of the file the code came from
    parts: tuple[CodePart, ...] = field(default=(), repr=False, compare=False)
    # The intact message: its format, signature and origin (None when it did not read).
    code: CodeMessage | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return self.notice is not None and not self.problems

    @property
    def complete(self) -> bool:
        return self.parts_total > 0 and self.parts_found == self.parts_total

    def describe(self) -> str:
        """One line for the clerk."""
        if self.ok:
            assert self.notice is not None
            return f"notice {self.notice.receipt_number} version {self.notice.version}"
        who = f" for {self.receipt_number}" if self.receipt_number else ""
        return f"notice code{who} could not be read: " + "; ".join(self.problems)


def _square_pixels(bitmap: np.ndarray, resolution: str) -> np.ndarray:
    if resolution not in ("standard", "fine"):
        raise ValueError(f"unknown resolution {resolution!r}")
    bitmap = np.asarray(bitmap) != 0
    return np.repeat(bitmap, 2, axis=0) if resolution == "standard" else bitmap


def _majority(black: np.ndarray) -> np.ndarray:
    # Isolated flipped pixels are what line noise leaves; a module edge is
    # never decided by one pixel, so the majority of nine removes the noise
    # and keeps the modules.
    padded = np.pad(black.astype(np.uint8), 1)
    height, width = black.shape
    total = np.zeros((height, width), dtype=np.uint8)
    for dy in range(3):
        for dx in range(3):
            total += padded[dy : dy + height, dx : dx + width]
    return total >= 5


def _grey(black: np.ndarray) -> np.ndarray:
    return np.where(black, 0, 255).astype(np.uint8)


def _views(black: np.ndarray) -> Iterator[np.ndarray]:
    yield _grey(black)
    yield _grey(_majority(black))
    yield np.asarray(Image.fromarray(_grey(black)).filter(ImageFilter.BoxBlur(1)))


def _corners(barcode: zxingcpp.Barcode, y_scale: int) -> tuple[Point, Point, Point, Point]:
    position = barcode.position
    points = (
        position.top_left,
        position.top_right,
        position.bottom_right,
        position.bottom_left,
    )
    return tuple((int(p.x), int(p.y) // y_scale) for p in points)  # type: ignore[return-value]


PartKey = tuple[int, int, bytes]


def _find_parts(
    bitmap: np.ndarray, resolution: str
) -> tuple[dict[PartKey, tuple[CodePart, CodeSpot]], list[str]]:
    black = _square_pixels(bitmap, resolution)
    y_scale = 2 if resolution == "standard" else 1
    found: dict[PartKey, tuple[CodePart, CodeSpot]] = {}
    malformed: list[str] = []
    for view in _views(black):
        for barcode in zxingcpp.read_barcodes(view, formats=zxingcpp.BarcodeFormat.QRCode):
            content = bytes(barcode.bytes)
            if not is_notice_code(content):
                continue  # the sheet's receipt-number QR, or someone else's code
            try:
                part = parse_code_part(content)
            except NoticeCodeError as error:
                malformed.append(str(error))
                continue
            key = (part.crc, part.index, part.marker)
            if key not in found:
                found[key] = (part, CodeSpot(part.index, _corners(barcode, y_scale)))
        if _complete_messages(found):
            break
    return found, malformed


def _complete_messages(found: dict[PartKey, tuple[CodePart, CodeSpot]]) -> list[int]:
    counts: dict[int, set[int]] = {}
    totals: dict[int, int] = {}
    for part, _ in found.values():
        counts.setdefault(part.crc, set()).add(part.index)
        totals[part.crc] = part.count
    return [crc for crc, seen in counts.items() if len(seen) == totals[crc]]


def reading_from_parts(
    parts: list[CodePart], spots: tuple[CodeSpot, ...], resolution: Resolution
) -> NoticeReading:
    """Reassemble and validate the parts of one message into a reading."""
    parts = sorted(parts, key=lambda p: p.index)
    total = max(p.count for p in parts)
    base = NoticeReading(
        notice=None,
        parts_found=len({p.index for p in parts}),
        parts_total=total,
        spots=spots,
        resolution=resolution,
        message_id=parts[0].crc,
        pages=tuple(sorted({s.page for s in spots if s.page is not None})),
        parts=tuple(parts),
    )
    try:
        code = message_from_parts(parts)
    except NoticeCodeError as error:
        return replace(base, problems=(str(error),))
    payload = code.payload
    base = replace(base, code=code)
    receipt = payload.get("receipt_number")
    receipt = receipt if isinstance(receipt, str) else None
    try:
        notice = notice_from_payload(payload)
    except InvalidNotice as error:
        return replace(base, problems=tuple(error.problems), receipt_number=receipt)
    return replace(base, notice=notice, receipt_number=notice.receipt_number)


def read_notice_from_page(bitmap: np.ndarray, resolution: Resolution) -> NoticeReading | None:
    """The notice coded on a received page (1 = black), or None when it carries no notice code.

    A page holding only some parts of a split code gives a reading whose
    problem says which parts are missing; ``read_notices_from_tiff`` joins
    parts that continue on other pages.
    """
    found, malformed = _find_parts(bitmap, resolution)
    if not found:
        if malformed:
            return NoticeReading(notice=None, problems=tuple(malformed), resolution=resolution)
        return None
    by_message: dict[int, list[tuple[CodePart, CodeSpot]]] = {}
    for part, spot in found.values():
        by_message.setdefault(part.crc, []).append((part, spot))
    # A page carries one notice; should it hold pieces of more, the one most
    # nearly complete is the one the page is about.
    best = max(by_message.values(), key=lambda items: len(items) / max(items[0][0].count, 1))
    return reading_from_parts([p for p, _ in best], tuple(s for _, s in best), resolution)


def read_notices_from_pages(
    pages: Sequence[tuple[np.ndarray, Resolution]],
) -> list[NoticeReading | None]:
    """One entry per page of a received fax, given as (bitmap, resolution) pairs: the
    reading of its notice code, or None.

    The parts of a code split over several pages (a notice with long
    remarks) are joined: every page that carried a part gets the same
    reading, whose ``pages`` lists them (0-based).
    """
    readings: list[NoticeReading | None] = []
    for number, (bitmap, resolution) in enumerate(pages):
        reading = read_notice_from_page(bitmap, resolution)
        if reading is not None:
            reading = replace(
                reading,
                spots=tuple(replace(s, page=number) for s in reading.spots),
                pages=(number,),
            )
        readings.append(reading)
    return join_split_codes(readings)


def read_notices_from_tiff(path: str | Path | bytes) -> list[NoticeReading | None]:
    """``read_notices_from_pages`` for every page of a fax TIFF file (or its bytes)."""
    from fax.tiff import read_tiff

    return read_notices_from_pages([(page.bitmap, page.resolution) for page in read_tiff(path)])


def join_split_codes(readings: list[NoticeReading | None]) -> list[NoticeReading | None]:
    """The readings of a fax's pages, in page order, with the parts of a code split over
    pages joined: every page that carried a part then holds the same reading."""
    pages_of: dict[int, list[int]] = {}
    for number, reading in enumerate(readings):
        if reading is not None and reading.message_id is not None and not reading.complete:
            pages_of.setdefault(reading.message_id, []).append(number)
    joined = list(readings)
    for numbers in pages_of.values():
        if len(numbers) < 2:
            continue
        parts: dict[int, CodePart] = {}
        spots: list[CodeSpot] = []
        for number in numbers:
            reading = readings[number]
            assert reading is not None
            for part in reading.parts:
                parts.setdefault(part.index, part)
            spots += reading.spots
        merged = reading_from_parts(
            list(parts.values()), tuple(spots), readings[numbers[0]].resolution
        )
        merged = replace(merged, pages=tuple(numbers))
        for number in numbers:
            joined[number] = merged
    return joined
