"""The notice code's content (DESIGN §7.4): what one QR symbol of a faxed notice holds.

Pure bytes in, bytes out: no ReportLab, so reading a fax does not load the
printing engine. ``printing.fax_notice`` lays the symbols out on a page.

Two formats, told apart by their first three bytes. Both are contracts with
every page already faxed, so neither may ever change meaning; a new layout
needs a new marker. Each symbol holds one part in binary (byte) mode:

    marker | part index (1 byte, from 0) | part count (1 byte) | CRC-32 (4 bytes, big-endian)
    | a slice of the message

MD1: the message is the notice's hub payload (``notice_to_payload``) as
JSON with short keys, no whitespace and no empty values, compressed with raw
DEFLATE against a fixed preset dictionary. The CRC-32 is of the uncompressed
JSON: it proves the reassembled, inflated text is what was printed, and
doubles as the id that groups the parts of one notice.

MD2 adds what MD1 has no room for: who printed the page and the hub's
signature. Its message is a run of sections, each a tag byte, a 4-byte
big-endian length and that many bytes:

    P  the payload JSON exactly as in MD1, DEFLATE-compressed (once, required)
    S  an Ed25519 signature (64 bytes) over the uncompressed payload JSON,
       made as ``desktop.hub.signing`` describes
    O  the origin: UTF-8 JSON {"n": bureau name, "f": bureau fax number} of
       the MoveDesk that printed the sheet

A reader skips tags it does not know. The CRC-32 is of the whole message,
so a section cannot be swapped without the checksum saying so (the CRC only
catches damage; only the signature proves who wrote the payload).
"""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from desktop.domain.notice import Notice, notice_from_payload, notice_to_payload

MARKER = b"MD1"
SIGNED_MARKER = b"MD2"
MARKERS = (MARKER, SIGNED_MARKER)
_HEADER = struct.Struct(">3sBBI")
HEADER_SIZE = _HEADER.size
MAX_PARTS = 255
# Bytes a version-15 symbol carries at level M, less the part header.
PART_CAPACITY = 412 - HEADER_SIZE

_SECTION = struct.Struct(">cI")
PAYLOAD_SECTION, SIGNATURE_SECTION, ORIGIN_SECTION = b"P", b"S", b"O"

Signer = Callable[[bytes], bytes]

# Fixed forever for MD1 and MD2: changing one byte changes every message's meaning.
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
    """A notice code that is not MD1/MD2, is incomplete, or fails its checksum."""


@dataclass(frozen=True, slots=True)
class CodePart:
    """One QR symbol's content: part ``index`` of ``count`` of the message ``crc``."""

    index: int
    count: int
    crc: int
    data: bytes
    marker: bytes = MARKER


@dataclass(frozen=True, slots=True)
class CodeOrigin:
    """The bureau whose MoveDesk printed a sheet, as the sheet says (nothing proves it)."""

    name: str
    fax_number: str = ""


@dataclass(frozen=True)
class CodeMessage:
    """A reassembled message: the payload (not yet validated) and what came with it."""

    payload: dict[str, Any]
    marker: str  # "MD1" or "MD2"
    # The compact JSON as printed: what a signature covers.
    payload_text: bytes
    signature: bytes | None = None
    origin: CodeOrigin | None = None


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


def _payload_text(payload: dict[str, Any]) -> bytes:
    return json.dumps(_shorten(payload, _TOP), ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )


def payload_message(payload: dict[str, Any]) -> tuple[int, bytes]:
    """The CRC-32 of the compact JSON and the compressed MD1 message for a hub payload."""
    text = _payload_text(payload)
    return zlib.crc32(text), _deflate(text)


def _section(tag: bytes, data: bytes) -> bytes:
    return _SECTION.pack(tag, len(data)) + data


def signed_message(
    payload: dict[str, Any], *, sign: Signer | None = None, origin: CodeOrigin | None = None
) -> tuple[int, bytes]:
    """The CRC-32 and the MD2 message for a payload, signed by ``sign`` and/or with its origin."""
    text = _payload_text(payload)
    message = _section(PAYLOAD_SECTION, _deflate(text))
    if sign is not None:
        message += _section(SIGNATURE_SECTION, bytes(sign(text)))
    if origin is not None:
        described = {"n": origin.name, "f": origin.fax_number}
        message += _section(
            ORIGIN_SECTION, json.dumps(described, ensure_ascii=False).encode("utf-8")
        )
    return zlib.crc32(message), message


def payload_code_parts(
    payload: dict[str, Any],
    part_capacity: int = PART_CAPACITY,
    *,
    sign: Signer | None = None,
    origin: CodeOrigin | None = None,
) -> list[bytes]:
    """The QR contents for a hub payload: one part if it fits ``part_capacity``, else several
    of near-equal size. MD1 unless a signer or an origin asks for MD2. Takes the payload as
    given (no validation), so a test or the hub simulator can also make codes of payloads
    MoveDesk will refuse."""
    if sign is None and origin is None:
        marker = MARKER
        crc, message = payload_message(payload)
    else:
        marker = SIGNED_MARKER
        crc, message = signed_message(payload, sign=sign, origin=origin)
    count = max(1, -(-len(message) // part_capacity))
    if count > MAX_PARTS:
        raise ValueError(f"a notice of {len(message)} compressed bytes needs too many codes")
    size = -(-len(message) // count)
    return [
        _HEADER.pack(marker, index, count, crc) + message[index * size : (index + 1) * size]
        for index in range(count)
    ]


def notice_code_payload(
    notice: Notice, *, sign: Signer | None = None, origin: CodeOrigin | None = None
) -> bytes:
    """The whole notice as one code's content (part 1 of 1), whatever its size."""
    return payload_code_parts(
        notice_to_payload(notice), part_capacity=1 << 30, sign=sign, origin=origin
    )[0]


def is_notice_code(content: bytes) -> bool:
    return content[: len(MARKER)] in MARKERS


def parse_code_part(content: bytes | str) -> CodePart:
    """Split one symbol's content into its header and data; NoticeCodeError if not a code."""
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
    marker, index, count, crc = _HEADER.unpack_from(content)
    if count == 0 or index >= count:
        raise NoticeCodeError(f"the notice code says it is part {index + 1} of {count}")
    return CodePart(index, count, crc, bytes(content[HEADER_SIZE:]), marker)


def _json_object(text: bytes) -> dict[str, Any]:
    try:
        data = json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise NoticeCodeError(f"the notice code does not hold valid JSON ({error})") from None
    if not isinstance(data, dict):
        raise NoticeCodeError("the notice code's JSON is not an object")
    return data


def _inflated(data: bytes) -> bytes:
    try:
        return _inflate(data)
    except zlib.error as error:
        raise NoticeCodeError(f"the notice code's data is damaged ({error})") from None


def _sections(message: bytes) -> dict[bytes, bytes]:
    found: dict[bytes, bytes] = {}
    offset = 0
    while offset < len(message):
        if len(message) - offset < _SECTION.size:
            raise NoticeCodeError("the MD2 code ends inside a section header")
        tag, length = _SECTION.unpack_from(message, offset)
        offset += _SECTION.size
        if length > len(message) - offset:
            raise NoticeCodeError("an MD2 section runs past the end of the code")
        if tag in found:
            raise NoticeCodeError(f"the MD2 code holds section {tag!r} twice")
        found[tag] = message[offset : offset + length]
        offset += length
    if PAYLOAD_SECTION not in found:
        raise NoticeCodeError("the MD2 code holds no notice")
    return found


def _origin(data: bytes | None) -> CodeOrigin | None:
    if data is None:
        return None
    described = _json_object(data)
    name, number = described.get("n"), described.get("f", "")
    if not isinstance(name, str) or not isinstance(number, str):
        raise NoticeCodeError("the MD2 code's origin is not a bureau name and fax number")
    return CodeOrigin(name[:100], number[:40])


def message_from_parts(parts: Iterable[CodePart]) -> CodeMessage:
    """Reassemble, inflate and checksum a message: its payload (not yet validated),
    signature and origin."""
    parts = list(parts)
    if not parts:
        raise NoticeCodeError("no notice code parts")
    first = parts[0]
    if any(p.crc != first.crc or p.count != first.count or p.marker != first.marker for p in parts):
        raise NoticeCodeError("the code parts belong to different notices")
    by_index = {p.index: p for p in parts}
    missing = [str(i + 1) for i in range(first.count) if i not in by_index]
    if missing:
        raise NoticeCodeError(
            f"notice code part(s) {', '.join(missing)} of {first.count} are missing"
        )
    message = b"".join(by_index[i].data for i in range(first.count))
    if first.marker == MARKER:
        text = _inflated(message)
        _check_crc(text, first.crc)
        return CodeMessage(_expand(_json_object(text), _TOP), "MD1", text)
    _check_crc(message, first.crc)
    sections = _sections(message)
    text = _inflated(sections[PAYLOAD_SECTION])
    return CodeMessage(
        _expand(_json_object(text), _TOP),
        "MD2",
        text,
        sections.get(SIGNATURE_SECTION),
        _origin(sections.get(ORIGIN_SECTION)),
    )


def _check_crc(checked: bytes, crc: int) -> None:
    if zlib.crc32(checked) != crc:
        raise NoticeCodeError(
            f"the notice code's checksum does not match (CRC-32 {zlib.crc32(checked):08x}, "
            f"code says {crc:08x}): its content was altered or damaged"
        )


def payload_from_parts(parts: Iterable[CodePart]) -> dict[str, Any]:
    """Reassemble, inflate and checksum a message; the hub payload, not yet validated."""
    return message_from_parts(parts).payload


def parse_notice_code(content: bytes | str | Sequence[bytes | str]) -> Notice:
    """The notice in one code's content, or in all the parts of a split one.

    Raises NoticeCodeError when the content is not a notice code, a part is
    missing, or the checksum or JSON is bad; then ``InvalidNotice`` (from
    ``notice_from_payload``) when the data is intact but not a valid notice.
    """
    contents = [content] if isinstance(content, bytes | str) else list(content)
    return notice_from_payload(payload_from_parts(parse_code_part(c) for c in contents))
