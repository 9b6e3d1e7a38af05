"""The foot of the notice sheet: the decision box, the seal boxes and the notice code.

``DecisionArea`` is the part of the sheet builder (``printing.notice_sheet``)
that lays them out; it relies on the builder's ``sheet``, ``notice``,
``para``, ``_boxed`` and type sizes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from desktop.domain.choices import DECISIONS, REJECTION_REASONS, label
from desktop.domain.era import DateStyle, format_datetime
from desktop.domain.notice import Notice
from printing.fonts import GOTHIC
from printing.notice_code_format import CodeOrigin
from printing.notice_code_layout import CodeLayout, NoticeCodeSymbol, code_block

STAMP = 17 * mm  # a seal box: 受付, 担当, 確認
GRID = colors.Color(0.35, 0.35, 0.35)
SHADE = colors.Color(0.91, 0.93, 0.96)


class DecisionArea:
    content_width: float
    sheet: Any  # printing.notice_sheet.SheetData
    notice: Notice
    date_style: DateStyle
    body: float
    small: float

    def para(self, text: str, part: str, size: float, **options: Any) -> Flowable:
        raise NotImplementedError

    def _boxed(self, shaded_columns: Iterable[int] = (), header_row: bool = False) -> TableStyle:
        raise NotImplementedError

    def code_caption(self, layout: CodeLayout, origin: CodeOrigin | None = None) -> str:
        notice = self.notice
        count = len(layout.parts)
        sender = (
            "・".join(part for part in (origin.name, origin.fax_number) if part) if origin else ""
        )
        return (
            f"読取コード {layout.marker}：この QR コードに届出の内容が入っています（受付番号 "
            f"{notice.receipt_number}　版 {notice.version}"
            + (f"　送信元 {sender}" if sender else "")
            + (f"　全 {count} 個で 1 件。次のページに続くことがあります" if count > 1 else "")
            + "）。コードに書き込みや押印をしないでください。"
        )

    def code_block(
        self, layout: CodeLayout, per_row: int, origin: CodeOrigin | None = None
    ) -> list[Flowable]:
        caption = self.para(self.code_caption(layout, origin), "読取コード", self.small)
        return code_block(layout, caption, per_row, self.content_width)

    def decision_box(self) -> Table:
        """The decision box with the stamp boxes to its right, across the page."""
        box, stamps = self.decision_parts(self.content_width - 3 * STAMP - 3 * mm)
        outer = Table([[box, stamps]], colWidths=(self.content_width - 3 * STAMP, 3 * STAMP))
        outer.setStyle(_layout_style(gap=3 * mm))
        return outer

    def decision_with_code(self, layout: CodeLayout, origin: CodeOrigin) -> Table:
        """The decision box over the stamp boxes, the single code symbol to their right:
        the code costs the sheet no more height than the box and stamps already take."""
        code_column = layout.side + 3 * mm
        left = self.content_width - code_column
        box, stamps = self.decision_parts(left)
        caption = self.para(self.code_caption(layout, origin), "読取コード", self.small)
        lower = Table(
            [[stamps, caption]], colWidths=(3 * STAMP + 3 * mm, left - 3 * STAMP - 3 * mm)
        )
        lower.setStyle(_layout_style(gap=3 * mm))
        symbol = NoticeCodeSymbol(layout, 0)
        outer = Table([[[box, Spacer(0, 3 * mm), lower], symbol]], colWidths=(left, code_column))
        outer.setStyle(_layout_style(gap=0))
        return outer

    def decision_parts(self, width: float) -> tuple[Table, Table]:
        """The decision box, ``width`` wide, and the stamp boxes."""
        decision = self.sheet.decision
        size = self.body
        decided = decision is not None and decision.decision in ("accept", "reject")
        accepted = decided and decision.decision == "accept"
        rejected = decided and decision.decision == "reject"
        marks = f"{'■' if accepted else '□'} {label(DECISIONS, 'accept')}　　{'■' if rejected else '□'} {label(DECISIONS, 'reject')}"
        who, when = ("処理者", "処理日") if rejected else ("受理者", "受理日")
        staff = decision.staff if decided else ""
        day = format_datetime(decision.decided_at, self.date_style) if decided else ""
        number = decision.customer_number if decided else ""
        reason = ""
        if rejected:
            reason = label(REJECTION_REASONS, decision.reason_code)
            if decision.reason_text:
                reason = f"{reason}：{decision.reason_text}" if reason else decision.reason_text
        rows = [
            [
                self.para("処理結果", "処理結果", self.small),
                self.para(marks, "処理結果", size),
                self.para(who, who, self.small),
                self.para(
                    staff,
                    who,
                    size,
                ),
            ],
            [
                self.para(when, when, self.small),
                self.para(
                    day,
                    when,
                    size,
                ),
                self.para("お客さま番号", "お客さま番号", self.small),
                self.para(number, "決定お客さま番号", size),
            ],
            [
                self.para("不受理理由", "不受理理由", self.small),
                self.para(
                    reason,
                    "不受理理由",
                    size,
                ),
                "",
                "",
            ],
        ]
        stamp = STAMP
        decision_width = width
        # Undecided sheets leave room to write by hand.
        heights = None if decided else (9 * mm, 9 * mm, 12 * mm)
        box = Table(
            rows,
            colWidths=(
                20 * mm,
                decision_width / 2 - 20 * mm,
                20 * mm,
                decision_width / 2 - 20 * mm,
            ),
            rowHeights=heights,
        )
        box.setStyle(self._boxed(shaded_columns=(0,)))
        box.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), GOTHIC),
                    ("SPAN", (1, 2), (3, 2)),
                    ("BACKGROUND", (2, 0), (2, 1), SHADE),
                ]
            )
        )
        stamps = Table(
            [
                [self.para(text, "印", 7, align="centre") for text in ("受付", "担当", "確認")],
                ["", "", ""],
            ],
            colWidths=(stamp, stamp, stamp),
            rowHeights=(5 * mm, stamp),
        )
        stamps.setStyle(self._boxed(header_row=True))
        return box, stamps


def _layout_style(gap: float) -> TableStyle:
    """No padding but ``gap`` after the first column; cells aligned to the top."""
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), GOTHIC),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, -1), gap),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]
    )
