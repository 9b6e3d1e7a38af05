"""Search as the counter uses it: any script, any width, any part of an address."""

from __future__ import annotations

import pytest

from desktop.domain.notice import notice_from_payload
from desktop.listing import NoticeListing
from desktop.queries import NoticeFilter
from desktop.store.ingest import store_notices
from tests.support import sample_payload


@pytest.fixture
def listing(database) -> NoticeListing:
    people = [
        ("田中 太郎", "タナカ タロウ", "東京都昭島市田中町1丁目2番3号"),
        ("髙橋 花子", "タカハシ ハナコ", "東京都福生市熊川2丁目5番8号"),
        ("高橋 一郎", "ﾀｶﾊｼ ｲﾁﾛｳ", "東京都羽村市栄町3丁目1番1号"),
        ("山田 次郎", "やまだ じろう", "東京都昭島市中神町4丁目7番2号"),
    ]
    payloads = [
        sample_payload(
            n + 1,
            user={"name": name, "kana": kana},
            service_address={"postal_code": "1960014", "address": address},
            customer_number=f"00{n}4567",
        )
        for n, (name, kana, address) in enumerate(people)
    ]
    with database.session() as session:
        store_notices(session, [notice_from_payload(p) for p in payloads])
    return NoticeListing(database)


def names(listing: NoticeListing, text: str, **filters) -> list[str]:
    found = listing.find(NoticeFilter(search=text, **filters))
    rows = listing.rows(found.ids)
    return sorted(rows[i].name for i in found.ids)


@pytest.mark.parametrize("typed", ["ﾀﾅｶ", "たなか", "タナカ", "田中", "田中 太"])
def test_name_prefix_in_any_script(listing: NoticeListing, typed: str) -> None:
    assert names(listing, typed) == ["田中 太郎"]


def test_variant_kanji_and_half_width_kana_meet(listing: NoticeListing) -> None:
    assert names(listing, "高橋") == ["高橋 一郎", "髙橋 花子"]
    assert names(listing, "たかはし") == ["高橋 一郎", "髙橋 花子"]


def test_address_text_anywhere(listing: NoticeListing) -> None:
    assert names(listing, "中神町") == ["山田 次郎"]
    assert names(listing, "昭島市") == ["山田 次郎", "田中 太郎"]
    assert names(listing, "栄町3") == ["高橋 一郎"]


def test_receipt_and_customer_numbers(listing: NoticeListing) -> None:
    assert names(listing, "T00000002") == ["髙橋 花子"]
    assert names(listing, "t0000000") == sorted(
        ["田中 太郎", "髙橋 花子", "高橋 一郎", "山田 次郎"]
    )
    assert names(listing, "００２４") == ["高橋 一郎"]


def test_search_combines_with_filters_and_limits(listing: NoticeListing) -> None:
    assert names(listing, "昭島市", statuses=("accepted",)) == []
    found = listing.find(NoticeFilter(search="T0000"), search_limit=2)
    assert found.truncated and len(found.ids) == 2


def test_search_index_follows_address_changes(listing: NoticeListing, database) -> None:
    moved = sample_payload(
        4, version=2, hub_state="changed", user={"name": "山田 次郎", "kana": "ヤマダ ジロウ"}
    )
    moved["service_address"] = {"postal_code": "1970003", "address": "東京都福生市熊川9丁目9番9号"}
    with database.session() as session:
        store_notices(session, [notice_from_payload(moved)])
    assert names(listing, "中神町") == []
    assert names(listing, "熊川9") == ["山田 次郎"]
