"""Malformed hub payloads, one per way a notice can be wrong."""

from tests.support import sample_payload

BAD_PAYLOADS = {
    "not an object": ["a", "list"],
    "missing receipt": sample_payload(receipt_number=None),
    "receipt with spaces": sample_payload(receipt_number="T 1"),
    "version text": sample_payload(version="2"),
    "version zero": sample_payload(version=0),
    "version bool": sample_payload(version=True),
    "unknown kind": sample_payload(kind="move_sideways"),
    "kind number": sample_payload(kind=3),
    "unknown hub state": sample_payload(hub_state="exploded"),
    "missing submitted_at": sample_payload(submitted_at=None),
    "naive timestamp": sample_payload(submitted_at="2026-11-20T10:30:00"),
    "invalid date": sample_payload(move_date="2026-02-30"),
    "move before submit": sample_payload(move_date="2026-11-01"),
    "postal code short": sample_payload(
        service_address={"postal_code": "19600", "address": "東京都昭島市"}
    ),
    "missing address": sample_payload(service_address={"postal_code": "1960014"}),
    "address is a list": sample_payload(service_address=["東京都"]),
    "missing user": sample_payload(user=None),
    "name is a number": sample_payload(user={"name": 42, "kana": "タナカ"}),
    "blank name": sample_payload(user={"name": "   ", "kana": "タナカ"}),
    "huge remarks": sample_payload(remarks="あ" * 1_000_000),
    "huge name": sample_payload(user={"name": "x" * 1_000_000, "kana": "タナカ"}),
    "control characters": sample_payload(user={"name": "田中\x00太郎", "kana": "タナカ"}),
    "bell in address": sample_payload(
        service_address={"postal_code": "1960014", "address": "昭島市\x07田中町"}
    ),
    "lone surrogate (invalid UTF-8)": sample_payload(user={"name": "田中\udcff", "kana": "タナカ"}),
    "bad payment method": sample_payload(payment_method="barter"),
    "corporate flag text": sample_payload(
        user={"name": "田中", "kana": "タナカ", "corporate": "yes"}
    ),
    "corporate without name": sample_payload(
        user={"name": "田中", "kana": "タナカ", "corporate": True}
    ),
    "bad phone": sample_payload(contact={"phone": "call me maybe"}),
    "bad customer number": sample_payload(customer_number="ABC"),
    "missing hub state": sample_payload(hub_state=None),
    "bad filer phone": sample_payload(filer={"name": "田中 花子", "phone": "ask my son"}),
    "bad email": sample_payload(contact={"email": "not-an-address"}),
}
