from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.calendar import add_business_days, due_date, is_closed_day, next_business_day
from desktop.domain.fields import FIELDS, changes_between
from desktop.domain.notice import InvalidNotice, notice_from_payload, notice_to_payload
from desktop.domain.text import fold_for_search, to_fullwidth_katakana
from desktop.domain.workflow import (
    Action,
    PermissionDenied,
    Status,
    TransitionError,
    transition,
)
from tests.support import sample_payload


def test_valid_payload_is_normalised() -> None:
    notice = notice_from_payload(sample_payload(customer_number="００１２３４５"))
    assert notice.kana == "タナカ タロウ"
    assert notice.service_address.postal_code == "1960014"
    assert notice.customer_number == "0012345"
    assert notice.phone == "042-555-0101"


def test_payload_round_trip() -> None:
    notice = notice_from_payload(sample_payload())
    assert notice_from_payload(notice_to_payload(notice)) == notice


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("ﾀﾅｶ", "タナカ"), ("たなか", "タナカ"), ("ｶﾞｯｺｳ", "ガッコウ"), ("ヤマダ　ハナコ", "ヤマダ ハナコ")],
)
def test_kana_becomes_fullwidth_katakana(raw: str, expected: str) -> None:
    assert to_fullwidth_katakana(raw) == expected


def test_search_folding_meets_in_the_middle() -> None:
    assert fold_for_search("ﾀﾅｶ") == fold_for_search("たなか") == fold_for_search("タナカ")
    assert fold_for_search("髙橋") == fold_for_search("高橋")
    assert fold_for_search("田中　太郎") == "田中太郎"
    assert fold_for_search("ＡＢＣ１２３") == "abc123"


def test_every_field_has_both_labels() -> None:
    for field in FIELDS:
        assert field.ja and field.en


def test_changes_between_versions() -> None:
    before = notice_from_payload(sample_payload())
    after = notice_from_payload(
        sample_payload(version=2, hub_state="changed", move_date="2026-12-01", remarks="変更")
    )
    changed = {c.key: (c.before, c.after) for c in changes_between(before, after)}
    assert set(changed) == {"move_date", "remarks"}
    assert changed["move_date"][1] == "2026-12-01"


def test_workflow_rules() -> None:
    assert transition("new", Action.CLAIM) is Status.IN_PROGRESS
    assert transition("in_progress", Action.ACCEPT) is Status.ACCEPTED
    assert transition("new", Action.REJECT) is Status.REJECTED
    assert transition("rejected", Action.CANCEL) is Status.CANCELLED
    with pytest.raises(TransitionError):
        transition("accepted", Action.CANCEL)
    with pytest.raises(TransitionError):
        transition("cancelled", Action.ACCEPT)
    with pytest.raises(PermissionDenied):
        transition("accepted", Action.REOPEN, role="clerk")
    assert transition("accepted", Action.REOPEN, role="supervisor") is Status.IN_PROGRESS
    with pytest.raises(PermissionDenied):
        transition("new", Action.ACCEPT, role="viewer")


def test_business_days_skip_weekends_holidays_and_year_end() -> None:
    assert is_closed_day(date(2026, 11, 23))  # 勤労感謝の日
    assert is_closed_day(date(2026, 11, 21))  # Saturday
    assert is_closed_day(date(2026, 12, 30))  # year-end closure
    assert not is_closed_day(date(2026, 11, 24))
    assert next_business_day(date(2026, 11, 21)) == date(2026, 11, 24)
    assert add_business_days(date(2026, 11, 20), 1) == date(2026, 11, 24)
    assert add_business_days(date(2026, 11, 24), -1) == date(2026, 11, 20)


def test_due_date_is_a_business_day_before_the_move_but_not_before_arrival() -> None:
    assert due_date(date(2026, 11, 16), date(2026, 11, 26)) == date(2026, 11, 25)
    # Filed on Saturday for Tuesday: Monday is a holiday, so due the Tuesday itself.
    assert due_date(date(2026, 11, 21), date(2026, 11, 24)) == date(2026, 11, 24)


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
    "bad email": sample_payload(contact={"email": "not-an-address"}),
}


@pytest.mark.parametrize("case", sorted(BAD_PAYLOADS))
def test_malformed_payloads_are_refused_with_a_reason(case: str) -> None:
    with pytest.raises(InvalidNotice) as caught:
        notice_from_payload(BAD_PAYLOADS[case])
    assert caught.value.problems, case
    assert all(isinstance(p, str) and len(p) < 300 for p in caught.value.problems)
