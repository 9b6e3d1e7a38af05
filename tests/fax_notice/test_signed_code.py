"""MD2: the notice code with the hub's signature and the printing bureau; every failure named."""

from __future__ import annotations

import base64
import struct
import zlib

import pytest
from cryptography.hazmat.primitives import serialization

from desktop.domain.notice import notice_to_payload
from desktop.hub.signing import (
    SIGNING_CONTEXT,
    HubKeyError,
    NoticeSigner,
    SignatureVerdict,
    load_public_key,
    verify,
)
from printing.notice_code_format import (
    MARKER,
    SIGNED_MARKER,
    CodeOrigin,
    NoticeCodeError,
    message_from_parts,
    notice_code_payload,
    parse_code_part,
    parse_notice_code,
    payload_code_parts,
)
from tests.fax_notice import sample_notice

HUB = NoticeSigner.from_seed(1)


def _message(content: bytes) -> tuple[int, bytes]:
    part = parse_code_part(content)
    return part.crc, part.data


def _repacked(message: bytes) -> bytes:
    """One MD2 part around ``message``, with the checksum it needs."""
    return struct.pack(">3sBBI", SIGNED_MARKER, 0, 1, zlib.crc32(message)) + message


def test_a_signed_code_carries_the_notice_the_signature_and_the_origin() -> None:
    notice = sample_notice()
    origin = CodeOrigin("昭島市水道部", "042-544-0000")
    content = notice_code_payload(notice, sign=HUB, origin=origin)
    assert content.startswith(SIGNED_MARKER)
    message = message_from_parts([parse_code_part(content)])
    assert message.marker == "MD2" and message.origin == origin
    assert parse_notice_code(content) == notice
    key = load_public_key(HUB.public_key_text())
    assert verify(key, message.payload_text, message.signature) == SignatureVerdict.VALID
    # The signature covers the payload under the fixed context, nothing else.
    key.verify(message.signature, SIGNING_CONTEXT + message.payload_text)


def test_the_signed_payload_is_the_md1_payload() -> None:
    notice = sample_notice()
    md1 = message_from_parts([parse_code_part(notice_code_payload(notice))])
    md2 = message_from_parts([parse_code_part(notice_code_payload(notice, sign=HUB))])
    assert md1.marker == "MD1" and md1.signature is None and md1.origin is None
    assert md1.payload_text == md2.payload_text and md1.payload == md2.payload


def test_without_signer_or_origin_the_code_stays_md1() -> None:
    assert notice_code_payload(sample_notice()).startswith(MARKER)


def test_a_split_signed_code_joins_and_parts_of_md1_and_md2_do_not_mix() -> None:
    payload = notice_to_payload(sample_notice(remarks="長い備考" * 200))
    parts = payload_code_parts(payload, part_capacity=120, sign=HUB)
    assert len(parts) > 2 and all(p.startswith(SIGNED_MARKER) for p in parts)
    assert parse_notice_code(parts).remarks == "長い備考" * 200
    md1 = payload_code_parts(payload, part_capacity=120)
    mixed = [parse_code_part(md1[0]), *(parse_code_part(p) for p in parts[1:])]
    with pytest.raises(NoticeCodeError, match="different notices"):
        message_from_parts(mixed)


def test_a_swapped_section_fails_the_checksum() -> None:
    content = notice_code_payload(sample_notice(), sign=HUB)
    altered = content[:-1] + bytes([content[-1] ^ 1])
    with pytest.raises(NoticeCodeError, match="checksum"):
        parse_notice_code(altered)


@pytest.mark.parametrize(
    ("message", "problem"),
    [
        (b"P\x00\x00", "inside a section header"),
        (b"P\x00\x00\x00\x09abc", "runs past the end"),
        (b"S\x00\x00\x00\x00", "holds no notice"),
        (b"P\x00\x00\x00\x01xP\x00\x00\x00\x01x", "twice"),
    ],
)
def test_broken_sections_are_named(message: bytes, problem: str) -> None:
    with pytest.raises(NoticeCodeError, match=problem):
        parse_notice_code(_repacked(message))


def test_an_unknown_section_is_skipped() -> None:
    _crc, message = _message(notice_code_payload(sample_notice(), sign=HUB))
    extended = message + b"Z" + struct.pack(">I", 3) + b"new"
    assert parse_notice_code(_repacked(extended)) == sample_notice()


def test_an_origin_that_is_not_a_name_and_number_is_named() -> None:
    _crc, message = _message(notice_code_payload(sample_notice()))
    section = b'{"n": 5}'
    forged = b"P" + struct.pack(">I", len(message)) + message
    forged += b"O" + struct.pack(">I", len(section)) + section
    with pytest.raises(NoticeCodeError, match="origin"):
        parse_notice_code(_repacked(forged))


def test_signatures_from_another_key_or_over_other_content_are_invalid() -> None:
    key = load_public_key(HUB.public_key_text())
    text = b'{"r":"T1","v":2}'
    assert verify(key, text, HUB.sign(text)) == SignatureVerdict.VALID
    assert verify(key, text, NoticeSigner.from_seed(2).sign(text)) == SignatureVerdict.INVALID
    assert verify(key, b'{"r":"T1","v":3}', HUB.sign(text)) == SignatureVerdict.INVALID
    assert verify(key, text, HUB.sign(text)[:63]) == SignatureVerdict.INVALID
    assert verify(key, text, None) == SignatureVerdict.UNSIGNED
    assert verify(None, text, HUB.sign(text)) == SignatureVerdict.UNCHECKED


def test_a_signature_made_without_the_context_does_not_pass() -> None:
    text = b'{"r":"T1","v":2}'
    bare = HUB._key.sign(text)
    assert verify(HUB.public_key, text, bare) == SignatureVerdict.INVALID


def test_the_public_key_is_read_in_each_written_form() -> None:
    raw = HUB.public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    pem = HUB.public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    for text in (HUB.public_key_text(), base64.b64encode(raw).decode(), f"  {pem}\n"):
        assert (
            load_public_key(text).public_bytes(
                serialization.Encoding.Raw, serialization.PublicFormat.Raw
            )
            == raw
        )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "no hub public key"),
        ("ed25519:not base64!", "not base64"),
        ("ed25519:" + base64.b64encode(b"short").decode(), "32 bytes"),
        ("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "PEM"),
    ],
)
def test_a_bad_public_key_is_named(text: str, problem: str) -> None:
    with pytest.raises(HubKeyError, match=problem):
        load_public_key(text)


def test_the_simulators_key_follows_its_seed() -> None:
    assert (
        NoticeSigner.from_seed(42).public_key_text() == NoticeSigner.from_seed(42).public_key_text()
    )
    assert (
        NoticeSigner.from_seed(42).public_key_text() != NoticeSigner.from_seed(43).public_key_text()
    )
