"""The MD1 code content: compact, checksummed, split when large, every failure named."""

from __future__ import annotations

import json
import struct
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain.notice import InvalidNotice, notice_from_payload, notice_to_payload
from printing import fax_notice
from printing.fax_notice import (
    HEADER_SIZE,
    MARKER,
    NoticeCodeError,
    notice_code_payload,
    parse_code_part,
    parse_notice_code,
    payload_code_parts,
    payload_message,
    plan_code,
)
from tests.fax_notice import payload, sample_notice


def _inflate(message: bytes) -> bytes:
    return zlib.decompressobj(-15, fax_notice._ZDICT).decompress(message)


def _part(index: int, count: int, crc: int, data: bytes) -> bytes:
    return struct.pack(">3sBBI", MARKER, index, count, crc) + data


def test_round_trip_keeps_every_field_and_the_domain_normalisation() -> None:
    notice = sample_notice()
    content = notice_code_payload(notice)
    back = parse_notice_code(content)
    assert back == notice
    assert notice_to_payload(back) == notice_to_payload(notice)
    assert back.name == "𠮷田 髙﨑"
    assert back.kana == "ヨシダ タカサキ"  # half-width kana arrived normalised
    assert back.phone == "090-1234-5678"
    assert back.forwarding_address is not None
    assert back.forwarding_address.postal_code == "1000001"


def test_content_is_marked_checksummed_compact_json() -> None:
    notice = sample_notice()
    content = notice_code_payload(notice)
    assert content.startswith(MARKER)
    part = parse_code_part(content)
    assert (part.index, part.count) == (0, 1)
    text = _inflate(part.data)
    assert zlib.crc32(text) == part.crc
    assert b": " not in text and b", " not in text and b"\n" not in text.replace(b"\\n", b"")
    data = json.loads(text)
    assert data["r"] == "R2026-000123" and data["u"]["n"] == "𠮷田 髙﨑"
    # Empty values travel as absence.
    assert "b" not in data["f"]
    # Every section filled and still well inside one version-15 symbol (412 bytes at M).
    assert len(content) < 360


def test_plain_notice_is_one_small_symbol_at_level_q_with_big_modules() -> None:
    notice = notice_from_payload(
        payload(
            kind="move_in",
            hub_state="submitted",
            settlement_method=None,
            forwarding_address=None,
            filer=None,
            remarks="",
            user={"name": "山田 太郎", "kana": "ヤマダ タロウ"},
        )
    )
    layout = plan_code(notice)
    assert len(layout.parts) == 1
    assert layout.error == "q"
    assert layout.version <= 12
    # The spare room of the 85 mm square goes into bigger modules.
    assert layout.module >= 1.15 * fax_notice.MIN_MODULE


def test_long_remarks_split_into_version_15_parts_of_1_mm() -> None:
    remarks = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(1500))
    notice = sample_notice(remarks=remarks)
    layout = plan_code(notice)
    assert len(layout.parts) > 2
    assert layout.version <= fax_notice.MAX_VERSION and layout.error == "m"
    assert layout.module == pytest.approx(fax_notice.CODE_SIDE / (17 + 4 * layout.version + 8))
    assert layout.module >= fax_notice.MIN_MODULE
    # Parts may come in any order.
    assert parse_notice_code(list(reversed(layout.parts))) == notice


def test_missing_part_is_named() -> None:
    parts = payload_code_parts(payload(), part_capacity=60)
    assert len(parts) >= 3
    with pytest.raises(NoticeCodeError, match=r"part\(s\) 2 of"):
        parse_notice_code([parts[0], *parts[2:]])


def test_parts_of_different_notices_are_not_mixed() -> None:
    first = payload_code_parts(payload(), part_capacity=100)
    second = payload_code_parts(payload(version=4), part_capacity=100)
    with pytest.raises(NoticeCodeError, match="different notices"):
        parse_notice_code([first[0], *second[1:]])


def test_altered_content_fails_the_checksum() -> None:
    part = parse_code_part(notice_code_payload(sample_notice()))
    altered = _inflate(part.data).replace("𠮷田".encode(), "吉田".encode())
    packer = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, fax_notice._ZDICT)
    forged = _part(0, 1, part.crc, packer.compress(altered) + packer.flush())
    with pytest.raises(NoticeCodeError, match="checksum does not match"):
        parse_notice_code(forged)


def test_damaged_compressed_data_and_bad_json_are_named() -> None:
    with pytest.raises(NoticeCodeError, match=r"damaged|cut short"):
        parse_notice_code(_part(0, 1, 0, b"\xff\xfe\xfd"))
    text = b'{"r":"X1",'
    packer = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, fax_notice._ZDICT)
    content = _part(0, 1, zlib.crc32(text), packer.compress(text) + packer.flush())
    with pytest.raises(NoticeCodeError, match="valid JSON"):
        parse_notice_code(content)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"https://example.jp/", "no MD1 marker"),
        (b"MD1\x00", "shorter than its header"),
        (_part(2, 2, 0, b""), "part 3 of 2"),
        ("MD1 漢字", "not the bytes"),
    ],
)
def test_not_a_notice_code(content: bytes | str, message: str) -> None:
    with pytest.raises(NoticeCodeError, match=message):
        parse_notice_code(content)


def test_text_content_is_read_as_iso_8859_1_bytes() -> None:
    content = notice_code_payload(sample_notice())
    assert parse_notice_code(content.decode("latin-1")) == sample_notice()


def test_intact_code_of_an_invalid_notice_raises_the_validation_problems() -> None:
    content = payload_code_parts(payload(kind="teleport", version=0))[0]
    with pytest.raises(InvalidNotice) as caught:
        parse_notice_code(content)
    assert any("teleport" in p for p in caught.value.problems)
    assert any("version" in p for p in caught.value.problems)
    assert caught.value.receipt_number == "R2026-000123"


def test_a_payload_key_the_code_does_not_know_travels_under_its_name() -> None:
    crc, message = payload_message({**payload(), "meter_reading": "01234"})
    text = _inflate(message)
    assert zlib.crc32(text) == crc and json.loads(text)["meter_reading"] == "01234"


def test_header_size() -> None:
    assert HEADER_SIZE == 9


_TEXT = st.text(
    alphabet=st.sampled_from(list('山田髙﨑𠮷太郎花子ｱｲｳｶﾞﾊﾟアイウ 123-（）〒東京都"\\/{}:,')),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=_TEXT, address=_TEXT, remarks=st.text(max_size=300))
def test_any_valid_notice_survives_the_code(name: str, address: str, remarks: str) -> None:
    try:
        notice = notice_from_payload(
            payload(
                user={"name": name, "kana": "ヤマダ"},
                service_address={"postal_code": "1234567", "address": address},
                remarks=remarks,
            )
        )
    except InvalidNotice:
        return  # control characters and the like: the domain's business, not the code's
    assert parse_notice_code(plan_code(notice).parts) == notice
