"""A notice page for faxing: the notice sheet plus QR codes that carry its data (DESIGN §7.4).

The code format, "MD1", is a contract with every page already faxed, so it
must never change meaning; a new layout needs a new marker. Each QR symbol
holds one part in binary (byte) mode:

    b"MD1" | part index (1 byte, from 0) | part count (1 byte) | CRC-32 (4 bytes, big-endian)
    | a slice of the message

The message is the notice's hub payload (``notice_to_payload``) as JSON with
short keys, no whitespace and no empty values, compressed with raw DEFLATE
against a fixed preset dictionary. The CRC-32 is of the uncompressed JSON:
it proves the reassembled, inflated text is what was printed, and doubles
as the id that groups the parts of one notice.

Standard fax resolution (3.85 lines/mm) is the hard case, so a module is
never smaller than 1 mm (8 pixels by nearly 4 lines): error correction Q
while a version-15 symbol suffices, M up to version 15 after that, and
beyond that the message is split over several version-15 symbols, two to a
row, rows flowing on to a following page if they must.
"""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import segno
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from desktop.domain.era import DateStyle
from desktop.domain.notice import Notice, notice_from_payload, notice_to_payload
from printing.common import PrintResult, QrCode, build_pdf, check_date_style
from printing.fonts import GOTHIC, MissingGlyph, dedupe, register_fonts
from printing.notice_sheet import (
    BODY_SIZES,
    CONTENT_WIDTH,
    FOOTER_HEIGHT,
    FRAME_HEIGHT,
    MARGIN,
    SheetData,
    _footer,
    _PageOwner,
    _SheetBuilder,
)

MARKER = b"MD1"
_HEADER = struct.Struct(">3sBBI")
HEADER_SIZE = _HEADER.size
MAX_PARTS = 255

# Largest symbol whose 1 mm modules, with the 4-module quiet zone, fit the
# 85 mm the page keeps for a code: version 15 is 77 modules.
MAX_VERSION = 15
CODE_SIDE = 85 * mm
MIN_MODULE = 1.0 * mm
# Small messages get bigger modules, which only adds margin against noise.
MAX_MODULE = 1.6 * mm
CODES_PER_ROW = 2
# Bytes a version-15 symbol carries at level M, less the part header.
PART_CAPACITY = 412 - HEADER_SIZE

DOCUMENT_TITLE = "水道使用開始・中止 受付票（FAX・読取コード付き）"

# Fixed forever for MD1: changing one byte changes every message's meaning.
# DEFLATE finds repeats within its window, dictionary included, and nearer
# ones cost fewer bits, so the skeleton every message repeats comes last.
_ZDICT = (
    "ご不在時は管理会社へ連絡してください。鍵はポストの中です。メーター"
    "北海道青森岩手宮城秋田山形福島茨城栃木群馬埼玉千葉神奈川新潟富山石川福井"
    "山梨長野岐阜静岡愛知三重滋賀京都大阪兵庫奈良和歌山鳥取島根岡山広島山口"
    "徳島香川愛媛高知福岡佐賀長崎熊本大分宮崎鹿児島沖縄東京都府県市区町村郡大字字"
    "一丁目二丁目三丁目四丁目五丁目番地番号"
    "マンションハイツコーポアパートレジデンスメゾンビル号室階棟"
    "株式会社有限会社合同会社代表取締役父母子妻夫兄弟姉妹代理人管理会社"
    "午前中午後夕方終日いつでも可"
    "@gmail.com@yahoo.co.jp@docomo.ne.jp@ezweb.ne.jp@icloud.com@example.jp"
    '"k":"move_in","k":"move_out","h":"changed","h":"cancelled",'
    '"pm":"credit_card","pm":"payment_slip","sm":"account_transfer",'
    '"sm":"on_site","sm":"payment_slip","sm":"credit_card",'
    '"t":{"p":"090-","p":"080-","p":"070-","p":"03-","p":"042-","e":"'
    '"u":{"n":"","k":"","c":true,"cn":"","rp":""},"o":{"r":true,"t":"'
    '"f":{"p":"","a":"","b":""},"b":{"n":"","p":"","r":"'
    '{"r":"","v":1,"k":"move_in","h":"submitted","s":"2026-01-01T00:00:00+09:00",'
    '"d":"2026-01-01","c":"","a":{"p":"","a":"東京都","b":""},"u":{"n":"","k":"'
    '"},"pm":"account_transfer","m":"'
).encode()

# Short keys for the hub payload's keys, per object. A key the table lacks
# (a field added to the hub contract later) travels under its own name.
_ADDRESS = {"postal_code": "p", "address": "a", "building": "b"}
_SECTIONS: dict[str, tuple[str, dict[str, str]]] = {
    "service_address": ("a", _ADDRESS),
    "forwarding_address": ("f", _ADDRESS),
    "user": (
        "u",
        {
            "name": "n",
            "kana": "k",
            "corporate": "c",
            "corporate_name": "cn",
            "representative": "rp",
        },
    ),
    "contact": ("t", {"phone": "p", "email": "e"}),
    "presence": ("o", {"required": "r", "preferred_time": "t"}),
    "filer": ("b", {"name": "n", "phone": "p", "relation": "r"}),
}
_TOP = {
    "receipt_number": "r",
    "version": "v",
    "kind": "k",
    "hub_state": "h",
    "submitted_at": "s",
    "move_date": "d",
    "customer_number": "c",
    "payment_method": "pm",
    "settlement_method": "sm",
    "remarks": "m",
    **{key: short for key, (short, _) in _SECTIONS.items()},
}


class NoticeCodeError(ValueError):
    """A notice code that is not MD1, is incomplete, or fails its checksum."""


@dataclass(frozen=True, slots=True)
class CodePart:
    """One QR symbol's content: part ``index`` of ``count`` of the message ``crc``."""

    index: int
    count: int
    crc: int
    data: bytes


def _empty(value: Any) -> bool:
    # ``False`` and ``{}`` are what the payload holds for "not given"; 0 is not.
    return value is None or value == "" or value is False or value == {}


def _shorten(payload: dict[str, Any], table: dict[str, str]) -> dict[str, Any]:
    short_names = set(table.values())
    out: dict[str, Any] = {}
    for key, value in payload.items():
        if key in _SECTIONS and table is _TOP and isinstance(value, dict):
            value = _shorten(value, _SECTIONS[key][1])
        if _empty(value):
            continue
        short = table.get(key, key)
        if short == key and key in short_names:
            raise ValueError(f"payload key {key!r} clashes with a short key of the code")
        out[short] = value
    return out


def _expand(data: dict[str, Any], table: dict[str, str]) -> dict[str, Any]:
    long_names = {short: key for key, short in table.items()}
    out: dict[str, Any] = {}
    for short, value in data.items():
        key = long_names.get(short, short)
        if table is _TOP and key in _SECTIONS and isinstance(value, dict):
            value = _expand(value, _SECTIONS[key][1])
        out[key] = value
    return out


def _deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, _ZDICT)
    return packer.compress(data) + packer.flush()


def _inflate(data: bytes) -> bytes:
    unpacker = zlib.decompressobj(-15, _ZDICT)
    # The notice limits keep a real message far below this; the cap keeps a
    # hostile code from inflating into gigabytes.
    text = unpacker.decompress(data, 1 << 20)
    if unpacker.unconsumed_tail:
        raise NoticeCodeError("the notice code inflates to more than 1 MiB")
    if not unpacker.eof:
        raise NoticeCodeError("the notice code is cut short (compressed data incomplete)")
    return text


def payload_message(payload: dict[str, Any]) -> tuple[int, bytes]:
    """The CRC-32 of the compact JSON and the compressed message for a hub payload."""
    text = json.dumps(_shorten(payload, _TOP), ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )
    return zlib.crc32(text), _deflate(text)


def payload_code_parts(payload: dict[str, Any], part_capacity: int = PART_CAPACITY) -> list[bytes]:
    """The QR contents for a hub payload: one part if it fits ``part_capacity``, else several
    of near-equal size. Takes the payload as given (no validation), so a test or the hub
    simulator can also make codes of payloads MoveDesk will refuse."""
    crc, message = payload_message(payload)
    count = max(1, -(-len(message) // part_capacity))
    if count > MAX_PARTS:
        raise ValueError(f"a notice of {len(message)} compressed bytes needs too many codes")
    size = -(-len(message) // count)
    return [
        _HEADER.pack(MARKER, index, count, crc) + message[index * size : (index + 1) * size]
        for index in range(count)
    ]


def notice_code_payload(notice: Notice) -> bytes:
    """The whole notice as one MD1 code's content (part 1 of 1), whatever its size."""
    return payload_code_parts(notice_to_payload(notice), part_capacity=1 << 30)[0]


def is_notice_code(content: bytes) -> bool:
    return content[: len(MARKER)] == MARKER


def parse_code_part(content: bytes | str) -> CodePart:
    """Split one symbol's content into its header and data; NoticeCodeError if not MD1."""
    if isinstance(content, str):
        # QR byte mode's default character set is ISO 8859-1: a reader that
        # gave text gave one character per byte.
        try:
            content = content.encode("latin-1")
        except UnicodeEncodeError:
            raise NoticeCodeError("this is text, not the bytes of an MD1 notice code") from None
    if not is_notice_code(content):
        raise NoticeCodeError("not a MoveDesk notice code (no MD1 marker)")
    if len(content) < HEADER_SIZE:
        raise NoticeCodeError("the notice code is shorter than its header")
    _, index, count, crc = _HEADER.unpack_from(content)
    if count == 0 or index >= count:
        raise NoticeCodeError(f"the notice code says it is part {index + 1} of {count}")
    return CodePart(index, count, crc, bytes(content[HEADER_SIZE:]))


def payload_from_parts(parts: Iterable[CodePart]) -> dict[str, Any]:
    """Reassemble, inflate and checksum a message; the hub payload, not yet validated."""
    parts = list(parts)
    if not parts:
        raise NoticeCodeError("no notice code parts")
    first = parts[0]
    if any(p.crc != first.crc or p.count != first.count for p in parts):
        raise NoticeCodeError("the code parts belong to different notices")
    by_index = {p.index: p for p in parts}
    missing = [str(i + 1) for i in range(first.count) if i not in by_index]
    if missing:
        raise NoticeCodeError(
            f"notice code part(s) {', '.join(missing)} of {first.count} are missing"
        )
    message = b"".join(by_index[i].data for i in range(first.count))
    try:
        text = _inflate(message)
    except zlib.error as error:
        raise NoticeCodeError(f"the notice code's data is damaged ({error})") from None
    if zlib.crc32(text) != first.crc:
        raise NoticeCodeError(
            f"the notice code's checksum does not match (CRC-32 {zlib.crc32(text):08x}, "
            f"code says {first.crc:08x}): its content was altered or damaged"
        )
    try:
        data = json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise NoticeCodeError(f"the notice code does not hold valid JSON ({error})") from None
    if not isinstance(data, dict):
        raise NoticeCodeError("the notice code's JSON is not an object")
    return _expand(data, _TOP)


def parse_notice_code(content: bytes | str | Sequence[bytes | str]) -> Notice:
    """The notice in one code's content, or in all the parts of a split one.

    Raises NoticeCodeError when the content is not MD1, a part is missing,
    or the checksum or JSON is bad; then ``InvalidNotice`` (from
    ``notice_from_payload``) when the data is intact but not a valid notice.
    """
    contents = [content] if isinstance(content, bytes | str) else list(content)
    return notice_from_payload(payload_from_parts(parse_code_part(c) for c in contents))


@dataclass(frozen=True, slots=True)
class CodeLayout:
    """How a notice's code is printed: symbol version, error level, module size, parts."""

    parts: tuple[bytes, ...]
    version: int
    error: str
    module: float  # points

    @property
    def side(self) -> float:
        return self.module * (17 + 4 * self.version + 8)


def _symbol(content: bytes, error: str) -> segno.QRCode | None:
    try:
        symbol = segno.make(content, error=error, mode="byte", micro=False)
    except segno.DataOverflowError:
        return None
    return symbol if symbol.version <= MAX_VERSION else None


def plan_code(notice: Notice) -> CodeLayout:
    """Pick the symbols for a notice: one symbol at Q or M if it fits version 15, else parts."""
    payload = notice_to_payload(notice)
    whole = payload_code_parts(payload, part_capacity=1 << 30)
    for error in ("q", "m"):
        symbol = _symbol(whole[0], error)
        if symbol is not None:
            parts, version, level = whole, symbol.version, symbol.error.lower()
            break
    else:
        parts = payload_code_parts(payload)
        symbols = [segno.make(p, error="m", mode="byte", micro=False) for p in parts]
        version = max(s.version for s in symbols)
        level = "m"
    module = min(MAX_MODULE, CODE_SIDE / (17 + 4 * version + 8))
    return CodeLayout(tuple(parts), version, level, module)


class _NoticeCode(QrCode):
    """One MD1 symbol at a fixed version, so every part of a notice prints the same size."""

    def __init__(self, content: bytes, layout: CodeLayout) -> None:
        Flowable.__init__(self)
        self.value = content
        self.size = layout.side
        # segno boosts the error level where the fixed version has room to spare.
        self.matrix = segno.make(
            content, version=layout.version, error=layout.error, mode="byte", micro=False
        ).matrix


def _code_block(builder: _SheetBuilder, layout: CodeLayout) -> list[Flowable]:
    notice = builder.notice
    count = len(layout.parts)
    caption = (
        f"読取コード MD1：この QR コードに届出の内容が入っています（受付番号 {notice.receipt_number}"
        f"　版 {notice.version}"
        + (f"　全 {count} 個で 1 件。次のページに続くことがあります" if count > 1 else "")
        + "）。コードに書き込みや押印をしないでください。"
    )
    codes = [_NoticeCode(part, layout) for part in layout.parts]
    if count == 1:
        text = builder.para(caption, "読取コード", builder.small)
        row = Table(
            [[codes[0], text]],
            colWidths=(layout.side + 4 * mm, CONTENT_WIDTH - layout.side - 4 * mm),
        )
        row.setStyle(_plain_style())
        return [row]
    rows: list[Flowable] = [builder.para(caption, "読取コード", builder.small), Spacer(0, 1 * mm)]
    for start in range(0, count, CODES_PER_ROW):
        cells = codes[start : start + CODES_PER_ROW]
        cells += [""] * (CODES_PER_ROW - len(cells))
        row = Table([cells], colWidths=[CONTENT_WIDTH / CODES_PER_ROW] * CODES_PER_ROW)
        row.setStyle(_plain_style())
        rows.append(row)
    return rows


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


def _height(parts: Iterable[Flowable]) -> float:
    return sum(part.wrap(CONTENT_WIDTH, FRAME_HEIGHT)[1] for part in parts)


def _fax_story(
    sheet: SheetData, layout: CodeLayout, date_style: DateStyle
) -> tuple[list[Flowable], list[MissingGlyph]]:
    # The sheet's header and field table, without the local status line and
    # decision box (they mean nothing to the sender): the room goes to the code.
    # Type shrinks, as on the sheet, until the first row of codes fits page 1.
    for body, long_body in BODY_SIZES:
        builder = _SheetBuilder(sheet, date_style, body, long_body)
        sheet_part = [builder.header(), Spacer(0, 3 * mm), builder.field_table()]
        block = _code_block(builder, layout)
        first_row = block[: 1 if len(layout.parts) == 1 else 3]
        if _height(sheet_part) + 3 * mm + _height(first_row) <= FRAME_HEIGHT:
            break
    story = [
        _PageOwner(sheet.notice.receipt_number, sheet.notice.version),
        *sheet_part,
        Spacer(0, 3 * mm),
        *block,
    ]
    return story, dedupe(builder.report)


def render_fax_notice(
    notice: Notice, bureau_name: str = "", date_style: DateStyle = "era"
) -> PrintResult:
    """The page(s) a hub faxes for a notice: the sheet's content and its MD1 code(s)."""
    check_date_style(date_style)
    register_fonts()
    sheet = SheetData(notice, status="new", bureau_name=bureau_name)
    layout = plan_code(notice)
    story, report = _fax_story(sheet, layout, date_style)
    footer_report: list[MissingGlyph] = []
    pdf, page_count = build_pdf(
        story,
        page_size=A4,
        margin=MARGIN,
        footer_height=FOOTER_HEIGHT,
        decorate=_footer({notice.receipt_number: sheet}, date_style, footer_report),
        title=DOCUMENT_TITLE,
    )
    return PrintResult(pdf, page_count, dedupe(report + footer_report))
