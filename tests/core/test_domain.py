from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.calendar import add_business_days, due_date, is_closed_day, next_business_day
from desktop.domain.fields import FIELDS, changes_between
from desktop.domain.notice import InvalidNotice, notice_from_payload, notice_to_payload
from desktop.domain.text import composed, fold_for_search, natural_sort_key, to_fullwidth_katakana
from desktop.domain.workflow import (
    Action,
    PermissionDenied,
    Status,
    TransitionError,
    transition,
)
from tests.core.bad_payloads import BAD_PAYLOADS
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
    [
        ("ﾀﾅｶ", "タナカ"),
        ("たなか", "タナカ"),
        ("ｶﾞｯｺｳ", "ガッコウ"),
        ("ヤマダ　ハナコ", "ヤマダ ハナコ"),
    ],
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


@pytest.mark.parametrize("case", sorted(BAD_PAYLOADS))
def test_malformed_payloads_are_refused_with_a_reason(case: str) -> None:
    with pytest.raises(InvalidNotice) as caught:
        notice_from_payload(BAD_PAYLOADS[case])
    assert caught.value.problems, case
    assert all(isinstance(p, str) and len(p) < 300 for p in caught.value.problems)


def test_addresses_sort_by_their_numbers() -> None:
    addresses = [
        "福生市牛浜10丁目2番",
        "福生市牛浜1丁目10番",
        "福生市牛浜二十一丁目",
        "福生市牛浜２丁目",
        "福生市牛浜1丁目9番",
        "福生市牛浜三丁目",
    ]
    assert sorted(addresses, key=natural_sort_key) == [
        "福生市牛浜1丁目9番",
        "福生市牛浜1丁目10番",
        "福生市牛浜２丁目",  # full-width digits are numbers too
        "福生市牛浜三丁目",  # and so are kanji numerals before 丁目
        "福生市牛浜10丁目2番",
        "福生市牛浜二十一丁目",
    ]
    assert natural_sort_key("一丁目") == natural_sort_key("1丁目")
    assert natural_sort_key("一〇丁目") == natural_sort_key("10丁目")
    # Kanji in place names are not numbers: 八王子 stays text.
    assert natural_sort_key("八王子市") == ("八王子市",)
    assert natural_sort_key("北一条西二十丁目") == ("北", 1, "条西", 20, "丁目")


def test_address_sort_key_takes_any_text() -> None:
    for text in ("", "1" * 5000, "一" * 5000 + "丁目", "号号号", "\U000e0100", "-1--2"):
        key = natural_sort_key(text)
        assert isinstance(key, tuple)
        sorted([key, natural_sort_key("牛浜1丁目")])  # comparable with any other key


def test_composed_text_keeps_compatibility_ideographs() -> None:
    assert composed("か\u3099") == "が"
    assert composed("\ufa10田か\u3099") == "\ufa10田が"  # 塚 U+FA10 is not replaced
    assert composed("ﾊﾟ") == "ﾊﾟ"  # composition only, no width folding
