"""Multi-page TIFF Class F files (RFC 2306) for storing sent and received faxes.

Written with our own encoder and a small TIFF writer, so the tags are exactly
what Class F asks for; read back with our decoder (bad lines are counted, not
fatal), honouring PhotometricInterpretation, FillOrder and the resolution
tags. Strips in other compressions are left to Pillow.

Files come from outside (other fax programs, e-mail, a caller's modem), so
the reader trusts nothing: every offset and count is checked against the
file and against ``TiffLimits`` before any pixel is allocated, and every
malformed file ends in ``TiffError``.
"""

from __future__ import annotations

import io
import os
import struct
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from fax.codec import (
    DEFAULT_MAX_LINES,
    FaxDecodeError,
    Resolution,
    Scheme,
    decode,
    encode,
    tiff_compatible,
)
from fax.codec.tables import MAX_WIDTH

SOFTWARE = "MoveDesk"
HORIZONTAL_DPI = 204
VERTICAL_DPI = {"standard": 98, "fine": 196}

_COMPRESSION = {"mh": 3, "mr": 3, "mmr": 4}
_SHORT, _LONG, _RATIONAL, _ASCII = 3, 4, 5, 2


@dataclass(frozen=True)
class TiffPage:
    """One page read from a TIFF file (bitmap: 1 = black)."""

    bitmap: np.ndarray
    resolution: Resolution
    good_lines: int
    bad_lines: int
    # (across, down) as the file states them; None when it gives no size.
    dpi: tuple[float, float] | None = None


@dataclass(frozen=True)
class PageToWrite:
    """A page and, for a received page, how many of its lines were bad."""

    bitmap: np.ndarray
    resolution: Resolution = "standard"
    bad_lines: int = 0
    max_consecutive_bad: int = 0


def _entry(tag: int, kind: int, values: Sequence[int] | bytes) -> tuple[int, int, int, bytes]:
    if kind == _ASCII:
        payload = bytes(values) + b"\0"
        count = len(payload)
    elif kind == _SHORT:
        payload = struct.pack(f"<{len(values)}H", *values)
        count = len(values)
    elif kind == _LONG:
        payload = struct.pack(f"<{len(values)}I", *values)
        count = len(values)
    else:
        payload = struct.pack(f"<{len(values)}I", *values)
        count = len(values) // 2
    return tag, kind, count, payload


def reserve_path(folder: str | Path, stem: str, suffix: str = ".tif") -> Path:
    """A new, empty file ``stem[-n]suffix`` in ``folder``, created here and now,
    so that two faxes stored in the same instant never share a name."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(1, 10_000):
        path = folder / (f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}")
        try:
            # Readable by this OS account only: the page is a resident's.
            descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            continue
        os.close(descriptor)
        return path
    raise OSError(f"no free file name for {stem} in {folder}")


def write_tiff(
    target: str | Path | BinaryIO,
    pages: Iterable[np.ndarray | PageToWrite],
    *,
    compression: Scheme = "mh",
    resolution: Resolution = "standard",
    fill_bits: bool = True,
    msb_first: bool = True,
    software: str = SOFTWARE,
) -> int:
    """Write pages as one TIFF Class F file; return the number of pages.

    Plain arrays take ``resolution``; ``PageToWrite`` carries its own.
    Group 3 EOLs are byte-aligned by default (T4Options fill bits), as Class
    F readers expect.
    """
    if compression not in _COMPRESSION:
        raise ValueError(f"unknown compression {compression!r}")
    items = [p if isinstance(p, PageToWrite) else PageToWrite(p, resolution) for p in pages]
    if not items:
        raise ValueError("a TIFF file needs at least one page")
    out = io.BytesIO()
    out.write(b"II*\0\0\0\0\0")
    next_pointer_at = 4
    for number, page in enumerate(items):
        bitmap = np.asarray(page.bitmap)
        height, width = bitmap.shape
        strip = encode(
            bitmap,
            compression,
            **tiff_compatible(
                compression, page.resolution, fill_bits=fill_bits, msb_first=msb_first
            ),
        )
        strip_at = out.tell()
        out.write(strip)
        if out.tell() % 2:
            out.write(b"\0")
        entries = [
            _entry(254, _LONG, [2]),
            _entry(256, _LONG, [width]),
            _entry(257, _LONG, [height]),
            _entry(258, _SHORT, [1]),
            _entry(259, _SHORT, [_COMPRESSION[compression]]),
            _entry(262, _SHORT, [0]),
            _entry(266, _SHORT, [1 if msb_first else 2]),
            _entry(273, _LONG, [strip_at]),
            _entry(274, _SHORT, [1]),
            _entry(277, _SHORT, [1]),
            _entry(278, _LONG, [height]),
            _entry(279, _LONG, [len(strip)]),
            _entry(282, _RATIONAL, [HORIZONTAL_DPI, 1]),
            _entry(283, _RATIONAL, [VERTICAL_DPI[page.resolution], 1]),
            _entry(284, _SHORT, [1]),
        ]
        if compression == "mmr":
            entries.append(_entry(293, _LONG, [0]))
        else:
            t4_options = (1 if compression == "mr" else 0) | (4 if fill_bits else 0)
            entries.append(_entry(292, _LONG, [t4_options]))
        entries += [
            _entry(296, _SHORT, [2]),
            _entry(297, _SHORT, [number, len(items)]),
            _entry(305, _ASCII, software.encode("ascii", "replace")),
        ]
        if page.bad_lines:
            entries += [
                _entry(326, _LONG, [page.bad_lines]),
                _entry(327, _SHORT, [1]),
                _entry(328, _LONG, [page.max_consecutive_bad]),
            ]
        ifd_at = out.tell()
        out.seek(next_pointer_at)
        out.write(struct.pack("<I", ifd_at))
        out.seek(ifd_at)
        extra_at = ifd_at + 2 + 12 * len(entries) + 4
        extra = bytearray()
        table = bytearray(struct.pack("<H", len(entries)))
        for tag, kind, count, payload in entries:
            if len(payload) <= 4:
                table += struct.pack("<HHI", tag, kind, count) + payload.ljust(4, b"\0")
            else:
                table += struct.pack("<HHII", tag, kind, count, extra_at + len(extra))
                extra += payload
                if len(extra) % 2:
                    extra += b"\0"
        next_pointer_at = ifd_at + len(table)
        out.write(table + b"\0\0\0\0" + extra)
    data = out.getvalue()
    if isinstance(target, str | Path):
        Path(target).write_bytes(data)
    else:
        target.write(data)
    return len(items)


class TiffError(ValueError):
    """A file that is not a fax TIFF MoveDesk can read, or one past its limits.

    Every way a TIFF can be malformed ends in this one error; the message
    says what was wrong, in English (the callers add their Japanese).
    """


@dataclass(frozen=True)
class TiffLimits:
    """How much work a file may ask for before it is refused.

    The defaults are far above any real fax (an A4 fine page is 1728 x 2287
    = 4 Mpixel in a few hundred KiB) and low enough that a small hostile
    file cannot make the reader allocate more than the whole-file cap.
    """

    max_file_bytes: int = 256 * 2**20
    max_pages: int = 500
    max_page_pixels: int = 2432 * DEFAULT_MAX_LINES
    max_file_pixels: int = 600_000_000
    max_strips: int = DEFAULT_MAX_LINES


DEFAULT_LIMITS = TiffLimits()
# Tags read from an IFD; the others are skipped without looking at their values.
_WANTED_TAGS = frozenset(
    (254, 256, 257, 258, 259, 262, 266, 273, 277, 278, 279, 282, 283, 292, 293, 296)
)
_INTEGER_FORMATS = {1: "B", 3: "H", 4: "I", 16: "Q"}


@dataclass(frozen=True)
class _Ifd:
    """One page's layout, checked against the file and the limits."""

    width: int
    height: int
    compression: int
    photometric: int
    fill_order: int
    t4_options: int
    t6_options: int
    strips: tuple[tuple[int, int], ...]
    rows_per_strip: int
    dpi: tuple[float, float] | None
    # Position among all the file's IFDs, thumbnails included (Pillow counts those).
    ifd_index: int

    @property
    def resolution(self) -> Resolution:
        vertical = self.dpi[1] if self.dpi else 98.0
        return "fine" if vertical > 150 else "standard"


class _Parser:
    def __init__(self, data: bytes) -> None:
        self.data = data
        if data[:4] == b"II*\0":
            self.order = "<"
        elif data[:4] == b"MM\0*":
            self.order = ">"
        elif data[:4] in (b"II+\0", b"MM\0+"):
            raise TiffError("BigTIFF files are not supported")
        else:
            raise TiffError("not a TIFF file")

    def unpack(self, fmt: str, offset: int) -> tuple[int, ...]:
        size = struct.calcsize(self.order + fmt)
        if offset < 0 or offset + size > len(self.data):
            raise TiffError(f"an offset points outside the file ({offset} of {len(self.data)})")
        return struct.unpack_from(self.order + fmt, self.data, offset)

    def first_ifd(self) -> int:
        return self.unpack("I", 4)[0]

    def entries(self, offset: int) -> tuple[dict[int, tuple[int, int, int]], int]:
        """Wanted tags as (type, count, entry offset), and the next IFD's offset."""
        (count,) = self.unpack("H", offset)
        self.unpack(f"{12 * count}x", offset + 2)
        tags: dict[int, tuple[int, int, int]] = {}
        for index in range(count):
            at = offset + 2 + 12 * index
            tag, kind, number = self.unpack("HHI", at)
            if tag in _WANTED_TAGS:
                tags[tag] = (kind, number, at + 8)
        (next_offset,) = self.unpack("I", offset + 2 + 12 * count)
        return tags, next_offset

    def values(self, entry: tuple[int, int, int], limit: int) -> tuple[int, ...]:
        """The integers (or numerator, denominator pairs) of one entry."""
        kind, count, at = entry
        if kind == 5:
            fmt, per_value = "I", 2
        elif kind in _INTEGER_FORMATS:
            fmt, per_value = _INTEGER_FORMATS[kind], 1
        else:
            raise TiffError(f"a tag has type {kind} where numbers belong")
        if count == 0:
            raise TiffError("a tag has no value")
        if count > limit:
            raise TiffError(f"a tag has {count} values, more than {limit} allowed")
        size = struct.calcsize(fmt) * count * per_value
        if size > 4:
            (at,) = self.unpack("I", at)
        return self.unpack(f"{count * per_value}{fmt}", at)


def _read_layout(data: bytes, limits: TiffLimits) -> list[_Ifd]:
    parser = _Parser(data)
    offset = parser.first_ifd()
    if offset == 0:
        raise TiffError("the file has no page")
    seen: set[int] = set()
    pages: list[_Ifd] = []
    while offset:
        ifd_index = len(seen)
        if offset in seen:
            raise TiffError("the page directories form a loop")
        if len(seen) >= limits.max_pages:
            raise TiffError(f"more than {limits.max_pages} pages in one file")
        seen.add(offset)
        tags, offset = parser.entries(offset)
        if 254 in tags and parser.values(tags[254], 1)[0] & 1:
            continue  # a reduced-resolution copy (thumbnail), not a page
        pages.append(_layout(parser, tags, len(pages) + 1, ifd_index, limits))
    if not pages:
        raise TiffError("the file has no page")
    total_pixels = sum(page.width * page.height for page in pages)
    if total_pixels > limits.max_file_pixels:
        raise TiffError(
            f"the pages hold {total_pixels} pixels, more than {limits.max_file_pixels} allowed"
        )
    strip_bytes = sum(length for page in pages for _, length in page.strips)
    if strip_bytes > len(data):
        # Strips of a real file never overlap; reused bytes only multiply the work.
        raise TiffError("strips overlap: their lengths add up to more than the file")
    return pages


def _layout(
    parser: _Parser,
    tags: dict[int, tuple[int, int, int]],
    number: int,
    ifd_index: int,
    limits: TiffLimits,
) -> _Ifd:
    def one(tag: int, default: int | None = None) -> int:
        if tag not in tags:
            if default is None:
                raise TiffError(f"page {number} lacks tag {tag}")
            return default
        return parser.values(tags[tag], 1)[0]

    width, height = one(256), one(257)
    if not (1 <= width <= MAX_WIDTH and height >= 1):
        raise TiffError(f"page {number} is {width} x {height} pixels")
    if width * height > limits.max_page_pixels:
        raise TiffError(
            f"page {number} is {width} x {height} pixels, more than "
            f"{limits.max_page_pixels} allowed"
        )
    compression = one(259, 1)
    if compression in (3, 4) and (one(258, 1) != 1 or one(277, 1) != 1):
        raise TiffError(f"page {number}: fax coding needs one bit per pixel")
    rows_per_strip = max(1, min(one(278, height), height))
    offsets = parser.values(tags[273], limits.max_strips) if 273 in tags else ()
    lengths = parser.values(tags[279], limits.max_strips) if 279 in tags else ()
    if not offsets or len(offsets) != len(lengths):
        raise TiffError(f"page {number}: strip offsets and lengths do not match")
    expected = -(-height // rows_per_strip)
    strips = tuple(zip(offsets, lengths, strict=True))[:expected]
    for start, length in strips:
        if start + length > len(parser.data):
            raise TiffError(f"page {number}: a strip runs past the end of the file (truncated?)")
    return _Ifd(
        width=width,
        height=height,
        compression=compression,
        photometric=one(262, 0),
        fill_order=one(266, 1),
        t4_options=one(292, 0),
        t6_options=one(293, 0),
        strips=strips,
        rows_per_strip=rows_per_strip,
        dpi=_dpi(parser, tags),
        ifd_index=ifd_index,
    )


def _dpi(parser: _Parser, tags: dict[int, tuple[int, int, int]]) -> tuple[float, float] | None:
    """Dots per inch across and down, or None when the file gives no absolute size."""
    if 282 not in tags or 283 not in tags:
        return None
    unit = parser.values(tags[296], 1)[0] if 296 in tags else 2
    if unit not in (2, 3):
        return None
    per_unit = []
    for tag in (282, 283):
        numerator, denominator = parser.values(tags[tag], 1)[:2]
        if not numerator or not denominator:
            return None
        per_unit.append(numerator / denominator * (2.54 if unit == 3 else 1.0))
    return per_unit[0], per_unit[1]


def _source_bytes(source: str | Path | bytes, limits: TiffLimits) -> bytes:
    if isinstance(source, str | Path):
        path = Path(source)
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise TiffError(f"{path} is {size} bytes, more than {limits.max_file_bytes} allowed")
        return path.read_bytes()
    if len(source) > limits.max_file_bytes:
        raise TiffError(f"the file is {len(source)} bytes, more than {limits.max_file_bytes}")
    return bytes(source)


def _decode_page(data: bytes, layout: _Ifd, index: int) -> TiffPage:
    number = index + 1
    if layout.compression not in (3, 4):
        return _read_with_pillow(data, layout)
    if (layout.compression == 3 and layout.t4_options & 2) or (
        layout.compression == 4 and layout.t6_options & 2
    ):
        raise TiffError(f"page {number}: uncompressed mode inside fax coding is not supported")
    scheme: Scheme = "mmr" if layout.compression == 4 else ("mr" if layout.t4_options & 1 else "mh")
    good = 0
    row = 0
    parts: list[np.ndarray] = []
    view = memoryview(data)
    for offset, length in layout.strips:
        rows = min(layout.rows_per_strip, layout.height - row)
        try:
            result = decode(
                view[offset : offset + length],
                layout.width,
                scheme,
                msb_first=layout.fill_order != 2,
                height=rows,
                max_lines=rows,
                # Bits are coded, not colours: in a MinIsBlack file a 1 bit is white.
                zero_bits=layout.photometric == 1,
            )
            parts.append(result.bitmap)
            good += result.good_lines
        except FaxDecodeError:
            # A strip without one readable line stays white.
            parts.append(np.zeros((rows, layout.width), dtype=np.uint8))
        row += rows
    if row < layout.height:
        parts.append(np.zeros((layout.height - row, layout.width), dtype=np.uint8))
    # One strip (as fax programs write) is the page itself: no copy.
    bitmap = parts[0] if len(parts) == 1 else np.concatenate(parts)
    if good == 0:
        raise TiffError(f"page {number}: no line of it could be decoded")
    return TiffPage(bitmap, layout.resolution, good, layout.height - good, layout.dpi)


def iter_tiff(
    source: str | Path | bytes, *, limits: TiffLimits = DEFAULT_LIMITS
) -> Iterator[TiffPage]:
    """The pages of a fax TIFF one at a time (bitmap: 1 = black).

    The whole file's layout is checked first, so a refusal comes before any
    page is decoded. Raises ``TiffError`` for every malformed file.
    """
    data = _source_bytes(source, limits)
    layouts = _read_layout(data, limits)
    for index, layout in enumerate(layouts):
        yield _decode_page(data, layout, index)


def read_tiff(source: str | Path | bytes, *, limits: TiffLimits = DEFAULT_LIMITS) -> list[TiffPage]:
    """Read every page of a fax TIFF into bitmaps (1 = black); see ``iter_tiff``."""
    return list(iter_tiff(source, limits=limits))


def count_pages(source: str | Path | bytes, *, limits: TiffLimits = DEFAULT_LIMITS) -> int:
    """How many pages a TIFF holds, checked as ``read_tiff`` would, without decoding them."""
    return len(_read_layout(_source_bytes(source, limits), limits))


def _read_with_pillow(data: bytes, layout: _Ifd) -> TiffPage:
    """Pages in other compressions (none, PackBits, LZW, …), their size already checked."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            # Pillow warns about odd metadata; the page is judged by whether it decodes.
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as image:
                image.seek(layout.ifd_index)
                bitmap = (np.asarray(image.convert("L")) < 128).astype(np.uint8)
    except Exception as error:  # Pillow raises many types for a bad file
        raise TiffError(f"page {layout.ifd_index + 1}: {error}") from error
    return TiffPage(bitmap, layout.resolution, bitmap.shape[0], 0, layout.dpi)
