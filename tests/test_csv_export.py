"""CSV export for Excel: columns, order, UTF-8 with BOM, and what cp932 cannot carry."""

from __future__ import annotations

import csv
import io

import pytest

from desktop.csv_export import (
    ListEntry,
    UnencodableCharacters,
    csv_header,
    export_csv,
    municipality_of,
    town_of,
)
from desktop.domain.fields import FIELDS
from tests.printing.conftest import make_entries, make_notice


def _rows(data: bytes, encoding: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode(encoding), newline="")))


def test_utf8_with_bom_has_every_column_and_field() -> None:
    entries = make_entries(12)
    result = export_csv(entries, "utf-8-sig")
    assert result.data.startswith(b"\xef\xbb\xbf")
    assert result.unencodable == []
    rows = _rows(result.data, "utf-8-sig")
    header = rows[0]
    for label in (
        "受付番号",
        "氏名",
        "フリガナ",
        "使用場所",
        "立会い",
        "電話番号",
        "状態",
        "備考",
        "市区町村",
    ):
        assert label in header
    listed_keys = {
        "receipt_number",
        "customer_number",
        "name",
        "kana",
        "move_date",
        "phone",
        "remarks",
    }
    for item in FIELDS:
        if item.key not in listed_keys:
            assert item.ja in header, item.ja
    assert len(rows) == 13
    assert all(len(row) == len(header) for row in rows)
    assert b"\r\n" in result.data
    assert result.row_count == 12


def test_rows_are_in_list_order_date_then_postal_code() -> None:
    rows = _rows(export_csv(make_entries(20)).data, "utf-8-sig")[1:]
    header = csv_header()
    date_column = header.index("使用開始日／中止日")
    place_column = header.index("郵便番号")
    keys = [(row[date_column], row[place_column]) for row in rows]
    assert keys == sorted(keys)
    assert rows[0][date_column] == "2025-11-21"


def test_dates_follow_the_chosen_style() -> None:
    rows = _rows(export_csv(make_entries(1), date_style="era").data, "utf-8-sig")
    assert "令和7年11月22日（土）" in rows[1]
    assert "令和7年11月20日 09:15" in rows[1]


def test_cp932_carries_ibm_extension_kanji_and_half_width_kana() -> None:
    notice = make_notice(1, user__name="髙橋 山﨑", remarks="ｶﾀｶﾅ ～ －")
    result = export_csv([ListEntry(notice, "new")], "cp932")
    assert result.unencodable == []
    text = result.data.decode("cp932")
    assert "髙橋 山﨑" in text
    assert "ｶﾀｶﾅ ～ －" in text


def test_cp932_lists_what_it_cannot_carry_and_stops() -> None:
    entries = [
        ListEntry(make_notice(1, user__name="𠮷田 花子"), "new"),
        ListEntry(make_notice(2, remarks="A—B\u00a0C"), "new"),
    ]
    with pytest.raises(UnencodableCharacters) as raised:
        export_csv(entries, "cp932")
    found = {
        (item.row, item.column, item.character, item.code_point)
        for item in raised.value.unencodable
    }
    assert found == {
        (1, "氏名", "𠮷", "U+20BB7"),
        (2, "備考", "—", "U+2014"),
        (2, "備考", "\u00a0", "U+00A0"),
    }
    assert "U+20BB7" in str(raised.value)
    receipts = {item.receipt_number for item in raised.value.unencodable}
    assert receipts == {"R2025-000001", "R2025-000002"}


def test_cp932_look_alikes_are_written_and_listed() -> None:
    # Python's cp932 writes WAVE DASH and MINUS SIGN as their JIS codes,
    # which Excel reads back as the full-width tilde and hyphen-minus.
    entries = [ListEntry(make_notice(1, remarks="10時〜12時 −5"), "new")]
    result = export_csv(entries, "cp932")
    assert result.unencodable == []
    changed = {(item.character, item.read_back) for item in result.look_alikes}
    assert changed == {("〜", "～"), ("−", "－")}
    assert "10時～12時 －5" in result.data.decode("cp932")


def test_cp932_with_a_replacement_replaces_and_still_reports() -> None:
    entries = [ListEntry(make_notice(1, user__name="𠮷田 花子"), "new")]
    result = export_csv(entries, "cp932", replacement="〓")
    assert [item.character for item in result.unencodable] == ["𠮷"]
    assert "〓田 花子" in result.data.decode("cp932")


def test_bad_replacement_and_encoding_are_refused() -> None:
    entries = make_entries(1)
    with pytest.raises(ValueError):
        export_csv(entries, "cp932", replacement="𠮷")
    with pytest.raises(ValueError):
        export_csv(entries, "latin-1")
    assert export_csv(entries, "ms932").data.decode("cp932").startswith("受付番号")


def test_utf8_keeps_everything() -> None:
    entries = [ListEntry(make_notice(1, user__name="𠮷田 花子", remarks="〜−"), "new")]
    text = export_csv(entries, "utf-8-sig").data.decode("utf-8-sig")
    assert "𠮷田 花子" in text
    assert "〜−" in text


def test_formula_like_cells_are_neutralised() -> None:
    entries = [ListEntry(make_notice(1, remarks='=HYPERLINK("http://x")'), "new")]
    rows = _rows(export_csv(entries).data, "utf-8-sig")
    remarks = rows[1][rows[0].index("備考")]
    assert remarks.startswith("'=")


def test_multiline_remarks_stay_in_one_cell() -> None:
    entries = [ListEntry(make_notice(1, remarks="一行目\n二行目"), "new")]
    rows = _rows(export_csv(entries).data, "utf-8-sig")
    assert len(rows) == 2
    assert rows[1][rows[0].index("備考")] == "一行目\n二行目"


@pytest.mark.parametrize(
    ("address", "municipality", "town"),
    [
        ("東京都昭島市田中町一丁目17番1号", "東京都昭島市", "東京都昭島市田中町"),
        ("東京都新宿区市谷本村町5-1", "東京都新宿区", "東京都新宿区市谷本村町"),
        (
            "神奈川県横浜市港北区日吉本町1-2-3",
            "神奈川県横浜市港北区",
            "神奈川県横浜市港北区日吉本町",
        ),
        ("三重県四日市市諏訪町1-5", "三重県四日市市", "三重県四日市市諏訪町"),
        (
            "東京都西多摩郡瑞穂町大字箱根ケ崎2335",
            "東京都西多摩郡瑞穂町",
            "東京都西多摩郡瑞穂町大字箱根ケ崎",
        ),
        ("東京都町田市森野2-2-22", "東京都町田市", "東京都町田市森野"),
        ("東京都東村山市本町1-2", "東京都東村山市", "東京都東村山市本町"),
        ("昭島市拝島町3-4", "昭島市", "昭島市拝島町"),
        ("番地のみ", "（市区町村不明）", "（市区町村不明）"),
    ],
)
def test_municipality_and_town_from_the_address(address: str, municipality: str, town: str) -> None:
    assert municipality_of(address) == municipality
    assert town_of(address) == town
