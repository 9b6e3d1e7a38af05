"""The notice sheet: every field, era dates, QR code, decision box, long text that fits."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pypdfium2 as pdfium
import pytest
import zxingcpp

from desktop.domain.fields import FIELDS, changes_between
from desktop.domain.notice import JST
from printing.notice_code_format import (
    CodeOrigin,
    message_from_parts,
    parse_code_part,
    parse_notice_code,
)
from printing.notice_sheet import (
    CONTENT_WIDTH,
    FIELD_COLUMNS,
    MARGIN,
    DecisionInfo,
    SheetData,
    render_notice_sheet,
    render_notice_sheets,
)
from printing.textbox import recording_layout
from tests.printing.conftest import (
    PRINTED_AT,
    embedded_font_names,
    flat,
    font_objects,
    make_notice,
    outside,
    overlapping_characters,
    read_pdf,
)


def _sheet(notice=None, **options) -> SheetData:
    notice = notice or make_notice(
        7,
        user__name="山田 太郎",
        presence__required=True,
        presence__preferred_time="午前中",
        filer={"name": "山田 花子", "phone": "090-1234-5678", "relation": "妻"},
        remarks="鍵は管理人室で受け取ってください。",
    )
    defaults = {
        "status": "in_progress",
        "assignee": "佐藤 一郎",
        "bureau_name": "昭島市水道部",
        "printed_at": PRINTED_AT,
        "printed_by": "佐藤",
    }
    return SheetData(notice=notice, **{**defaults, **options})


def test_one_page_with_every_field_and_era_dates() -> None:
    result = render_notice_sheet(_sheet())
    assert result.page_count == 1
    [page] = read_pdf(result.pdf)
    text = flat(page.text)
    for expected in (
        "昭島市水道部",
        "転入（使用開始）",
        "R2025-000007",
        "山田 太郎",
        "ヤマダ タロウ",
        "〒196-8511",
        "東京都昭島市田中町一丁目17番1号",
        "令和7年11月20日 09:15",
        "令和7年11月21日（金）",
        "口座振替",
        "午前中",
        "山田 花子",
        "鍵は管理人室で受け取ってください。",
        "処理中",
        "佐藤 一郎",
        "1 / 1",
        "印刷 令和7年11月21日 14:05 佐藤",
    ):
        assert expected in text, expected
    for item in FIELDS:
        label = "使用開始日" if item.key == "move_date" else item.ja
        assert label in text, label
    assert result.missing_glyphs == []


def test_fonts_are_embedded_subsets() -> None:
    notice = make_notice(2, user__name="𠮷田 髙橋")
    pdf = render_notice_sheet(_sheet(notice)).pdf
    fonts_in_pdf = font_objects(pdf)
    assert "AAAAAA+IPAexGothic" in fonts_in_pdf
    # Every font in the file is an embedded subset; none is merely named.
    assert all(fonts_in_pdf.values()), fonts_in_pdf
    assert all("+" in name for name in fonts_in_pdf)
    assert "IPAexGothic" in embedded_font_names(pdf)


def test_western_dates_by_setting() -> None:
    text = flat(read_pdf(render_notice_sheet(_sheet(), date_style="western").pdf)[0].text)
    assert "2025年11月20日 09:15" in text
    assert "2025年11月21日（金）" in text
    assert "令和" not in text
    with pytest.raises(ValueError):
        render_notice_sheet(_sheet(), date_style="heisei")


def test_qr_codes_read_back_as_the_receipt_number_and_the_notice_code() -> None:
    sheet = _sheet(bureau_fax_number="042-544-0000")
    pdf = pdfium.PdfDocument(render_notice_sheet(sheet).pdf)
    image = pdf[0].render(scale=3).to_pil()
    codes = zxingcpp.read_barcodes(image)
    texts = [code.text for code in codes if not bytes(code.bytes).startswith(b"MD")]
    assert texts == ["R2025-000007"]
    parts = [bytes(code.bytes) for code in codes if bytes(code.bytes).startswith(b"MD")]
    message = message_from_parts([parse_code_part(part) for part in parts])
    assert message.marker == "MD2" and message.signature is None
    assert message.origin == CodeOrigin("昭島市水道部", "042-544-0000")
    assert parse_notice_code(parts) == sheet.notice


def test_a_sheet_to_be_typed_in_carries_no_notice_code() -> None:
    pdf = pdfium.PdfDocument(render_notice_sheet(_sheet(with_code=False)).pdf)
    codes = zxingcpp.read_barcodes(pdf[0].render(scale=3).to_pil())
    assert [code.text for code in codes] == ["R2025-000007"]


def test_undecided_sheet_has_empty_boxes() -> None:
    text = flat(read_pdf(render_notice_sheet(_sheet()).pdf)[0].text)
    assert "□ 受理" in text
    assert "□ 不受理" in text
    assert "受理者" in text
    assert "受付" in text and "確認" in text


def test_accepted_and_rejected_decisions() -> None:
    accepted = DecisionInfo(
        "accept", "鈴木 次郎", datetime(2025, 11, 21, 10, 30, tzinfo=JST), customer_number="0012345"
    )
    text = flat(
        read_pdf(render_notice_sheet(_sheet(decision=accepted, status="accepted")).pdf)[0].text
    )
    assert "■ 受理" in text
    assert "□ 不受理" in text
    assert "鈴木 次郎" in text
    assert "令和7年11月21日 10:30" in text
    assert "0012345" in text

    rejected = DecisionInfo(
        "reject",
        "鈴木 次郎",
        datetime(2025, 11, 21, 10, 30, tzinfo=JST),
        reason_code="outside_area",
        reason_text="福生市の給水区域",
    )
    text = flat(
        read_pdf(render_notice_sheet(_sheet(decision=rejected, status="rejected")).pdf)[0].text
    )
    assert "■ 不受理" in text
    assert "給水区域外：福生市の給水区域" in text
    assert "処理者" in text


def test_changes_from_the_previous_version() -> None:
    before = make_notice(7, move_date="2025-11-21", remarks="")
    after = make_notice(7, version=2, move_date="2025-11-25", remarks="午後に伺います")
    sheet = _sheet(after, changes=changes_between(before, after), previous_version=1)
    text = flat(read_pdf(render_notice_sheet(sheet).pdf)[0].text)
    assert "前版（版 1）からの変更 2 件" in text
    assert "令和7年11月21日" in text and "令和7年11月25日" in text
    assert "午後に伺います" in text

    unchanged = _sheet(after, previous_version=1)
    assert "からの変更はありません" in flat(read_pdf(render_notice_sheet(unchanged).pdf)[0].text)


def test_several_notices_one_page_each() -> None:
    sheets = [_sheet(make_notice(number, user__name=f"利用者{number}")) for number in (1, 2, 3)]
    result = render_notice_sheets(sheets)
    assert result.page_count == 3
    pages = read_pdf(result.pdf)
    assert len(pages) == 3
    for number, page in enumerate(pages, start=1):
        assert f"R2025-{number:06d}" in page.text
        assert f"利用者{number}" in page.text
        assert f"{number} / 3" in page.text
    with pytest.raises(ValueError):
        render_notice_sheets([])


def test_tricky_names_print_and_missing_glyphs_are_reported() -> None:
    notice = make_notice(9, user__name="𠮷田 髙橋", user__kana="ﾖｼﾀﾞ", filer={"name": "山﨑 ｶﾀｶﾅ"})
    result = render_notice_sheet(_sheet(notice))
    text = flat(read_pdf(result.pdf)[0].text)
    assert "髙橋" in text and "山﨑 ｶﾀｶﾅ" in text
    assert "ヨシダ" in text  # half-width kana normalised by the domain
    reported = {(item.character, item.code_point) for item in result.missing_glyphs}
    assert reported == {("𠮷", "U+20BB7")}
    where = {item.where for item in result.missing_glyphs}
    assert any("R2025-000009" in place and "使用者氏名" in place for place in where)
    assert "𠮷田 髙橋" in text  # with the names font MoveDesk ships
    assert all(item.fallback_font for item in result.missing_glyphs)


def test_very_long_fields_fit_their_cells_and_the_page() -> None:
    address = "東京都昭島市" + "田中町一丁目十七番一号" * 27
    address = address[:300]
    remarks = ("長い備考です。鍵は管理人室。" * 150)[:2000]
    notice = make_notice(
        11,
        service_address={"postal_code": "1968511", "address": address, "building": "ビル" * 100},
        remarks=remarks,
        user__kana="ア" * 200,
    )
    # The sheet keeps to one page; the many symbols of its code follow on the next.
    assert render_notice_sheet(_sheet(notice)).page_count == 2
    with recording_layout() as drawn:
        result = render_notice_sheet(_sheet(notice, with_code=False))
    assert result.page_count == 1
    assert drawn, "nothing recorded"
    too_wide = [box for box in drawn if box.widest_line > box.box_width + 0.01]
    assert too_wide == []
    [page] = read_pdf(result.pdf, boxes=True)
    assert outside(page, MARGIN, MARGIN - 12, MARGIN + CONTENT_WIDTH, page.height - MARGIN) == []
    assert overlapping_characters(page) == []
    # The address and remarks stay inside the value column.
    value_left = MARGIN + FIELD_COLUMNS[0] + FIELD_COLUMNS[1]
    value_boxes = [
        box
        for box in drawn
        if ("住所" in box.where or "備考" in box.where) and box.box_width > FIELD_COLUMNS[1]
    ]
    assert value_boxes
    for box in value_boxes:
        assert box.x >= value_left - 0.01
        assert box.x + box.widest_line <= MARGIN + CONTENT_WIDTH
    text = flat(page.text)
    assert remarks[-20:] in text
    assert address[-20:] in text


def test_decision_on_an_older_version_is_still_printed_as_given() -> None:
    decided = DecisionInfo("accept", "鈴木", datetime(2025, 11, 21, 9, 0, tzinfo=JST), version=1)
    sheet = _sheet(replace(make_notice(3), version=2), decision=decided)
    assert "■ 受理" in flat(read_pdf(render_notice_sheet(sheet).pdf)[0].text)


def test_combining_marks_print_composed_on_the_sheet() -> None:
    notice = make_notice(
        11, user__name="か\u3099とう 太郎", remarks="ほ\u309aんと\u3099う", filer=None
    )
    text = flat(
        read_pdf(render_notice_sheet(_sheet(notice, printed_by="監督 花子（boss）")).pdf)[0].text
    )
    assert "がとう 太郎" in text and "ぽんどう" in text
    assert "\u3099" not in text and "\u309a" not in text
    assert "監督 花子（boss）" in text
