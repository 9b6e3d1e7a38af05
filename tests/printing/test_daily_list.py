"""The daily list: order, grouping, page furniture on every page, totals, long cells."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime

import pytest

from desktop.csv_export import ListEntry
from desktop.domain.era import format_date
from desktop.domain.notice import JST, notice_from_payload
from desktop.hub.residents import ResidentFactory
from printing.daily_list import (
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    ListTitle,
    column_bounds,
    list_column_widths,
    render_daily_list,
)
from printing.list_columns import COLUMN_KEYS
from printing.textbox import recording_layout
from tests.printing.conftest import (
    PRINTED_AT,
    flat,
    font_objects,
    make_entries,
    make_notice,
    outside,
    overlapping_characters,
    read_pdf,
)

TITLE = ListTitle(
    bureau_name="昭島市水道部",
    kind="move_in",
    first_date=date(2025, 11, 21),
    last_date=date(2025, 11, 23),
    printed_by="佐藤 一郎",
    printed_at=PRINTED_AT,
)
HEADER_LABELS = (
    "No.",
    "受付番号",
    "氏名",
    "使用場所",
    "使用開始日",
    "立会い",
    "電話番号",
    "支払方法",
    "状態",
    "備考",
)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _receipts(text: str) -> list[str]:
    return re.findall(r"R2025-\d{6}", text)


def test_small_list_has_title_rows_and_totals(entries: list[ListEntry]) -> None:
    result = render_daily_list(entries, TITLE)
    pages = read_pdf(result.pdf)
    assert result.page_count == len(pages)
    text = flat("".join(page.text for page in pages))
    for expected in (
        "転入（使用開始） 一覧",
        "令和7年11月21日～令和7年11月23日",
        "昭島市水道部",
        "印刷者：佐藤 一郎",
        "印刷日時：令和7年11月21日 14:05",
        "髙橋 一郎",
        "山﨑 花子",
        "〒196-",
        "令和7年11月22日（土）",
        "口座振替",
        "集計",
    ):
        assert expected in text, expected
    assert "合計30件" in _squash(text)
    assert sorted(set(_receipts(text))) == sorted(e.notice.receipt_number for e in entries)
    assert all(font_objects(result.pdf).values())
    assert result.missing_glyphs == []


def test_rows_are_sorted_by_date_then_postal_code(entries: list[ListEntry]) -> None:
    pages = read_pdf(render_daily_list(entries, TITLE).pdf)
    printed = _receipts(flat("".join(page.text for page in pages)))
    by_receipt = {entry.notice.receipt_number: entry.notice for entry in entries}
    keys = [(by_receipt[r].move_date, by_receipt[r].service_address.postal_code) for r in printed]
    assert keys == sorted(keys)
    assert len(printed) == len(entries)


def test_thousand_rows_paginate_with_header_and_page_numbers_on_every_page() -> None:
    entries = make_entries(1000)
    result = render_daily_list(entries, TITLE)
    pages = read_pdf(result.pdf)
    total = result.page_count
    assert total == len(pages) > 20
    seen: list[str] = []
    for number, page in enumerate(pages, start=1):
        text = flat(page.text)
        assert f"{number} / {total}" in text
        assert "印刷者：佐藤 一郎" in text
        assert "転入（使用開始） 一覧" in text
        if number < total or _receipts(text):
            for label in HEADER_LABELS:
                assert label in text, (number, label)
        seen += _receipts(text)
    assert len(seen) == 1000
    assert set(seen) == {entry.notice.receipt_number for entry in entries}
    last = flat(pages[-1].text)
    assert "合計1000件" in _squash(last)
    assert "未処理" in last and "処理中" in last and "受理" in last


def test_grouped_by_municipality_with_group_totals() -> None:
    entries = make_entries(24)
    result = render_daily_list(entries, replace(TITLE, group_by="municipality"))
    text = flat("".join(page.text for page in read_pdf(result.pdf)))
    for heading in (
        "東京都昭島市（12 件）",
        "東京都福生市（6 件）",
        "東京都西多摩郡瑞穂町（6 件）",
    ):
        assert heading in text
    assert "市区町村東京都昭島市12件" in _squash(text)
    town = flat(
        "".join(
            page.text
            for page in read_pdf(render_daily_list(entries, replace(TITLE, group_by="town")).pdf)
        )
    )
    assert "東京都昭島市田中町（6 件）" in town
    assert "東京都昭島市拝島町（6 件）" in town
    with pytest.raises(ValueError):
        render_daily_list(entries, replace(TITLE, group_by="prefecture"))


def test_move_out_list_uses_stop_date_and_settlement() -> None:
    entries = make_entries(5, kind="move_out")
    title = replace(TITLE, kind="move_out")
    text = flat("".join(page.text for page in read_pdf(render_daily_list(entries, title).pdf)))
    assert "転出（使用中止） 一覧" in text
    assert "使用中止日" in text
    assert "精算方法" in text
    assert "現地精算" in text
    with pytest.raises(ValueError):
        render_daily_list(entries, TITLE)  # move-out notices on a move-in list


def test_empty_list_says_so() -> None:
    result = render_daily_list([], TITLE)
    text = flat(read_pdf(result.pdf)[0].text)
    assert result.page_count == 1
    assert "該当する届出はありません" in text
    assert "合計0件" in _squash(text)
    assert "1 / 1" in text


def test_western_dates_by_setting(entries: list[ListEntry]) -> None:
    result = render_daily_list(entries, replace(TITLE, date_style="western"))
    text = flat("".join(page.text for page in read_pdf(result.pdf)))
    assert "2025年11月21日～2025年11月23日" in text
    assert "2025年11月22日（土）" in text
    assert "令和" not in text


def test_missing_glyphs_are_reported_with_the_row() -> None:
    entries = [ListEntry(make_notice(1, user__name="𠮷田 花子", user__kana="ﾖｼﾀﾞ ﾊﾅｺ"), "new")]
    result = render_daily_list(entries, TITLE)
    assert [(item.character, item.code_point) for item in result.missing_glyphs] == [
        ("𠮷", "U+20BB7")
    ]
    assert "R2025-000001" in result.missing_glyphs[0].where
    text = flat(read_pdf(result.pdf)[0].text)
    assert "ヨシダ ハナコ" in text
    assert "𠮷田 花子" in text  # with the names font MoveDesk ships
    assert result.missing_glyphs[0].fallback_font == "Fallback-movedesk-names-mincho"


def test_long_addresses_and_remarks_wrap_inside_their_columns() -> None:
    address = ("東京都昭島市田中町一丁目十七番一号グランドメゾン昭島" * 12)[:300]
    remarks = ("門扉の鍵は管理人室、メーターは駐車場奥。" * 100)[:2000]
    entries = [
        ListEntry(make_notice(1, remarks="短い備考"), "new"),
        ListEntry(
            make_notice(
                2,
                service_address={
                    "postal_code": "1968511",
                    "address": address,
                    "building": "棟" * 200,
                },
                remarks=remarks,
                user__name="長" * 100,
            ),
            "in_progress",
            "佐藤",
        ),
        ListEntry(make_notice(3, remarks="後ろの行"), "new"),
    ]
    with recording_layout() as drawn:
        result = render_daily_list(entries, TITLE)
    assert [box for box in drawn if box.widest_line > box.box_width + 0.01] == []
    bounds = column_bounds(list_column_widths(entries, TITLE))
    pages = read_pdf(result.pdf, boxes=True)
    assert result.page_count >= 2  # the 2,000-character remark continues on the next page
    for page in pages:
        assert outside(page, MARGIN, MARGIN - 3, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - MARGIN) == []
        assert overlapping_characters(page) == []
    for box in drawn:
        if box.where.endswith("備考") and "R2025-000002" in box.where:
            assert bounds["remarks"][0] <= box.x
            assert box.x + box.widest_line <= bounds["remarks"][1]
        if box.where.endswith("使用場所"):
            assert bounds["place"][0] <= box.x
            assert box.x + box.widest_line <= bounds["place"][1]
    text = flat("".join(page.text for page in pages))
    assert remarks[-15:] in text
    assert "後ろの行" in text


def _counter_day(count: int) -> list[ListEntry]:
    """Entries as the hub sends them: long receipt numbers, mobile and landline phones."""
    phones = ["080-6506-2467", "042-544-5111", "0120-123-456", "090-1234-5678", "03-3456-7890"]
    remarks = [
        "",
        "鍵は管理人室で受け取ってください。メーターは駐車場の奥、物置の裏にあります。",
        "",
        "午前中は不在",
        "",
        "犬がいますので門扉を閉めてください。立会いは奥様（携帯 090-8765-4321）。" * 2,
    ]
    entries = []
    for number in range(1, count + 1):
        notice = make_notice(
            number,
            receipt_number=f"MV20261125-{number + 51:06d}",
            customer_number=f"{number * 7919 % 100000000:08d}" if number % 2 else "",
            contact__phone=phones[number % len(phones)],
            remarks=remarks[number % len(remarks)],
            service_address={
                "postal_code": "1970024",
                "address": f"東京都福生市牛浜{number % 12 + 1}丁目{number % 20 + 1}番{number % 9 + 1}号",
                "building": "牛浜グリーンハイツ第二 1203号室" if number % 3 == 0 else "",
            },
            presence={"required": number % 4 == 0, "preferred_time": "平日午前"},
        )
        entries.append(ListEntry(notice, ("new", "in_progress", "accepted")[number % 3], "佐藤"))
    return entries


def _lines_of(page, value: str) -> list[set[float]]:
    """For each place ``value`` is printed: the baselines its characters sit on."""
    characters = "".join(box[0] for box in page.boxes)
    found, start = [], characters.find(value)
    while start >= 0:
        found.append({round(box[2], 1) for box in page.boxes[start : start + len(value)]})
        start = characters.find(value, start + 1)
    return found


def _from_the_hub(count: int, kind: str = "move_in") -> list[ListEntry]:
    """Notices as the simulated hub makes them (Faker names, real-looking addresses)."""
    factory = ResidentFactory(seed=15)
    now = datetime(2026, 11, 25, 9, 0, tzinfo=JST)
    entries: list[ListEntry] = []
    serial = 51
    while len(entries) < count:
        serial += 1
        payload = factory.notice(f"MV20261125-{serial:06d}", now)
        if payload["kind"] == kind:
            entries.append(ListEntry(notice_from_payload(payload), "new"))
    return entries


@pytest.mark.parametrize("source", [_counter_day, _from_the_hub])
def test_receipt_and_phone_numbers_and_dates_never_break(source) -> None:  # type: ignore[no-untyped-def]
    entries = source(40)
    pages = read_pdf(render_daily_list(entries, TITLE).pdf, boxes=True, loose=True)
    values = {entry.notice.receipt_number for entry in entries}
    values |= {entry.notice.phone for entry in entries}
    values |= {
        f"水栓{entry.notice.customer_number}" for entry in entries if entry.notice.customer_number
    }
    values |= {format_date(entry.notice.move_date, "era", weekday=True) for entry in entries}
    for value in sorted(values):
        placed = [lines for page in pages for lines in _lines_of(page, value)]
        assert placed, f"{value} is not printed"
        assert all(len(lines) == 1 for lines in placed), f"{value} is broken over lines"


def test_remarks_take_only_the_room_they_need() -> None:
    quiet = [replace(entry, notice=replace(entry.notice, remarks="")) for entry in _counter_day(12)]
    widths = dict(zip(COLUMN_KEYS, list_column_widths(quiet, TITLE), strict=True))
    assert widths["remarks"] < 30  # just 「備考」
    assert widths["place"] > 300  # the address has the room instead
    talkative = _counter_day(12)
    widths = dict(zip(COLUMN_KEYS, list_column_widths(talkative, TITLE), strict=True))
    assert 100 < widths["remarks"] < widths["place"]
    with recording_layout() as drawn:
        render_daily_list(talkative, TITLE)
    remark_boxes = [box for box in drawn if box.where.endswith("備考") and box.height > 20]
    assert remark_boxes  # the long remark wraps onto several lines
    assert all(box.widest_line <= box.box_width for box in remark_boxes)
    assert sum(widths.values()) == pytest.approx(PAGE_WIDTH - 2 * MARGIN)


def test_nonsense_values_wrap_inside_the_page_rather_than_widen_it() -> None:
    entry = _counter_day(1)[0]
    notice = replace(entry.notice, receipt_number="R" * 300, phone="0" * 200, name="長" * 80)
    with recording_layout() as drawn:
        result = render_daily_list([replace(entry, notice=notice)], TITLE)
    assert [box for box in drawn if box.widest_line > box.box_width + 0.01] == []
    for page in read_pdf(result.pdf, boxes=True):
        assert outside(page, MARGIN, MARGIN - 3, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - MARGIN) == []


def test_addresses_are_listed_by_their_numbers() -> None:
    addresses = ["牛浜10丁目1番", "牛浜1丁目10番", "牛浜2丁目3番", "牛浜1丁目9番", "牛浜三丁目1番"]
    entries = [
        ListEntry(
            make_notice(
                number,
                service_address={
                    "postal_code": "1970024",
                    "address": f"東京都福生市{address}",
                    "building": "",
                },
            ),
            "new",
        )
        for number, address in enumerate(addresses, start=1)
    ]
    printed = _receipts(flat(read_pdf(render_daily_list(entries, TITLE).pdf)[0].text))
    # 1丁目9番, 1丁目10番, 2丁目, 三丁目, 10丁目
    assert printed == [
        "R2025-000004",
        "R2025-000002",
        "R2025-000003",
        "R2025-000005",
        "R2025-000001",
    ]
