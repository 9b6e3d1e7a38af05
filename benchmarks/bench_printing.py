"""How fast MoveDesk prints, beside plain ReportLab doing the same rows.

    python benchmarks/bench_printing.py [--rows 1000] [--sheets 100] [--repeat 3]

Targets: the daily list of 1,000 notices in at most 1.5 s, a notice sheet
in at most 50 ms per page. Each figure is printed with a reference measured
in the same run on the same machine: a plain ReportLab Table of the same
rows as strings (same fonts, no wrapping, no fallback checks), so the
ratio says what our layout costs over the bare library. Times are the best
of ``--repeat`` runs after one warm-up (fonts parsed, caches filled).
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, SimpleDocTemplate, Table, TableStyle

from desktop.csv_export import ListEntry, csv_rows, list_columns
from desktop.domain.fields import FIELDS
from desktop.domain.notice import JST, Notice, notice_from_payload
from printing.daily_list import ListTitle, render_daily_list
from printing.fonts import GOTHIC, register_fonts
from printing.notice_sheet import SheetData, render_notice_sheets

LIST_TARGET_SECONDS = 1.5
SHEET_TARGET_SECONDS = 0.050

_TOWNS = (
    "東京都昭島市田中町",
    "東京都昭島市拝島町",
    "東京都福生市本町",
    "東京都西多摩郡瑞穂町大字箱根ケ崎",
)
_NAMES = (
    ("山田 太郎", "ヤマダ タロウ"),
    ("髙橋 一郎", "タカハシ イチロウ"),
    ("山﨑 花子", "ヤマサキ ハナコ"),
)


def synthetic_notice(number: int) -> Notice:
    name, kana = _NAMES[number % len(_NAMES)]
    return notice_from_payload(
        {
            "receipt_number": f"R2025-{number:06d}",
            "version": 1 + number % 2,
            "kind": "move_in",
            "hub_state": "submitted",
            "submitted_at": "2025-11-20T09:15:00+09:00",
            "move_date": (date(2025, 11, 21) + timedelta(days=number % 3)).isoformat(),
            "customer_number": f"{number:08d}" if number % 2 else "",
            "service_address": {
                "postal_code": f"196{(number * 37) % 10000:04d}",
                "address": f"{_TOWNS[number % 4]}{number % 5 + 1}丁目{number % 30 + 1}番{number % 7 + 1}号",
                "building": "昭島ハイツ203" if number % 4 == 0 else "",
            },
            "user": {"name": name, "kana": kana},
            "contact": {"phone": "042-544-5111", "email": "resident@example.jp"},
            "presence": {"required": number % 5 == 0, "preferred_time": "午前中"},
            "payment_method": "account_transfer",
            "remarks": "鍵は管理人室で受け取ってください。" * (number % 3),
        }
    )


def best_of(repeat: int, action: Callable[[], object]) -> float:
    action()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def plain_list(entries: list[ListEntry]) -> bytes:
    """Reference: the same rows as strings in one ReportLab Table, header repeated."""
    header = [column.ja for column in list_columns("move_in")]
    data = [header] + [row[: len(header)] for row in csv_rows(entries, "move_in", "era")]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=landscape(A4), leftMargin=10 * mm, rightMargin=10 * mm
    )
    table = Table(data, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), GOTHIC),
                ("FONTSIZE", (0, 0), (-1, -1), 7),
                ("GRID", (0, 0), (-1, -1), 0.4, "grey"),
            ]
        )
    )
    document.build([table])
    return buffer.getvalue()


def plain_sheets(notices: list[Notice]) -> bytes:
    """Reference: each notice's fields as a two-column string table, one page each."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4)
    story = []
    for index, notice in enumerate(notices):
        if index:
            story.append(PageBreak())
        table = Table([[item.ja, item.read(notice, "ja")[:80]] for item in FIELDS])
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), GOTHIC),
                    ("FONTSIZE", (0, 0), (-1, -1), 9),
                    ("GRID", (0, 0), (-1, -1), 0.5, "grey"),
                ]
            )
        )
        story.append(table)
    document.build(story)
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--sheets", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    register_fonts()

    printed_at = datetime(2025, 11, 21, 14, 5, tzinfo=JST)
    entries = [ListEntry(synthetic_notice(n), "new", "山田") for n in range(1, options.rows + 1)]
    title = ListTitle(
        "昭島市水道部", "move_in", date(2025, 11, 21), date(2025, 11, 23), "山田", printed_at
    )
    pages = render_daily_list(entries, title).page_count
    ours = best_of(options.repeat, lambda: render_daily_list(entries, title))
    plain = best_of(options.repeat, lambda: plain_list(entries))
    verdict = "ok" if ours <= LIST_TARGET_SECONDS else "OVER TARGET"
    print(f"daily list, {options.rows} rows, {pages} pages")
    print(f"  MoveDesk        {ours:7.3f} s   (target ≤ {LIST_TARGET_SECONDS} s: {verdict})")
    print(f"  plain Table     {plain:7.3f} s   (strings, no wrapping)")
    print(f"  ratio           {ours / plain:7.2f} ×")

    sheets = [
        SheetData(
            entry.notice, "in_progress", "山田", bureau_name="昭島市水道部", printed_at=printed_at
        )
        for entry in entries[: options.sheets]
    ]
    sheet_pages = render_notice_sheets(sheets).page_count
    ours = best_of(options.repeat, lambda: render_notice_sheets(sheets)) / sheet_pages
    plain = best_of(options.repeat, lambda: plain_sheets([s.notice for s in sheets])) / sheet_pages
    verdict = "ok" if ours <= SHEET_TARGET_SECONDS else "OVER TARGET"
    print(f"notice sheets, {len(sheets)} notices, {sheet_pages} pages")
    print(
        f"  MoveDesk        {ours * 1000:7.1f} ms/page (target ≤ {SHEET_TARGET_SECONDS * 1000:.0f} ms: {verdict})"
    )
    print(f"  plain Table     {plain * 1000:7.1f} ms/page (fields as strings)")
    print(f"  ratio           {ours / plain:7.2f} ×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
