"""Multi-page TIFF Class F files (RFC 2306) for storing sent and received faxes.

Written with our own encoder and a small TIFF writer, so the tags are exactly
what Class F asks for; read back with our decoder (bad lines are counted, not
fatal). Strips in other compressions are left to Pillow.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from fax.codec import Resolution, Scheme, decode, encode, tiff_compatible

SOFTWARE = "MoveDesk"
HORIZONTAL_DPI = 204
VERTICAL_DPI = {"standard": 98, "fine": 196}

_COMPRESSION = {"mh": 3, "mr": 3, "mmr": 4}
_SHORT, _LONG, _RATIONAL, _ASCII = 3, 4, 5, 2
_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 16: 8}


@dataclass(frozen=True)
class TiffPage:
    """One page read from a TIFF file (bitmap: 1 = black)."""

    bitmap: np.ndarray
    resolution: Resolution
    good_lines: int
    bad_lines: int


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


def _read_ifds(data: bytes) -> list[dict[int, tuple[int, ...] | bytes]]:
    if data[:4] not in (b"II*\0", b"MM\0*"):
        raise ValueError("not a TIFF file")
    order = "<" if data[:2] == b"II" else ">"
    (offset,) = struct.unpack_from(order + "I", data, 4)
    ifds: list[dict[int, tuple[int, ...] | bytes]] = []
    seen: set[int] = set()
    while offset and offset not in seen and len(ifds) < 10_000:
        seen.add(offset)
        (count,) = struct.unpack_from(order + "H", data, offset)
        tags: dict[int, tuple[int, ...] | bytes] = {}
        for i in range(count):
            tag, kind, n, value = struct.unpack_from(order + "HHI4s", data, offset + 2 + 12 * i)
            size = _TYPE_SIZES.get(kind, 1) * n
            raw = value if size <= 4 else data[_u32(order, value) : _u32(order, value) + size]
            if kind == _ASCII or kind not in (_SHORT, _LONG, _RATIONAL):
                tags[tag] = raw[:size]
            elif kind == _SHORT:
                tags[tag] = struct.unpack_from(f"{order}{n}H", raw)
            else:
                tags[tag] = struct.unpack_from(
                    f"{order}{n * (2 if kind == _RATIONAL else 1)}I", raw
                )
        ifds.append(tags)
        (offset,) = struct.unpack_from(order + "I", data, offset + 2 + 12 * count)
    return ifds


def _u32(order: str, raw: bytes) -> int:
    return struct.unpack(order + "I", raw)[0]


def _resolution_of(tags: dict[int, tuple[int, ...] | bytes]) -> Resolution:
    value = tags.get(283, (98, 1))
    unit = tags.get(296, (2,))[0]
    dpi = value[0] / max(value[1], 1) * (2.54 if unit == 3 else 1)
    return "fine" if dpi > 150 else "standard"


def read_tiff(source: str | Path | bytes) -> list[TiffPage]:
    """Read every page of a fax TIFF into bitmaps (1 = black)."""
    data = Path(source).read_bytes() if isinstance(source, str | Path) else bytes(source)
    pages = []
    for index, tags in enumerate(_read_ifds(data)):
        compression = tags.get(259, (1,))[0]
        resolution = _resolution_of(tags)
        if compression not in (3, 4):
            pages.append(_read_with_pillow(data, index, resolution))
            continue
        width = tags[256][0]
        height = tags[257][0]
        scheme = "mmr" if compression == 4 else ("mr" if tags.get(292, (0,))[0] & 1 else "mh")
        msb_first = tags.get(266, (1,))[0] != 2
        rows_per_strip = min(tags.get(278, (height,))[0], height) or height
        parts, good, bad = [], 0, 0
        for strip, (offset, length) in enumerate(zip(tags[273], tags[279], strict=False)):
            rows = min(rows_per_strip, height - strip * rows_per_strip)
            if rows <= 0:
                break
            result = decode(
                data[offset : offset + length], width, scheme, msb_first=msb_first, height=rows
            )
            parts.append(result.bitmap)
            good += result.good_lines
            bad += result.bad_lines
        bitmap = np.concatenate(parts) if parts else np.zeros((0, width), dtype=np.uint8)
        pages.append(TiffPage(bitmap, resolution, good, bad))
    return pages


def _read_with_pillow(data: bytes, index: int, resolution: Resolution) -> TiffPage:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image.seek(index)
        bitmap = (np.asarray(image.convert("L")) < 128).astype(np.uint8)
    return TiffPage(bitmap, resolution, bitmap.shape[0], 0)
