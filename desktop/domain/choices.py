"""Closed lists the hub and the bureau agree on, with their labels."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Choice:
    code: str
    ja: str
    en: str

    def label(self, language: str = "ja") -> str:
        return self.en if language == "en" else self.ja


def _index(*choices: Choice) -> dict[str, Choice]:
    return {choice.code: choice for choice in choices}


PAYMENT_METHODS = _index(
    Choice("account_transfer", "口座振替", "Direct debit"),
    Choice("credit_card", "クレジット", "Credit card"),
    Choice("payment_slip", "納付書", "Payment slip"),
)

SETTLEMENT_METHODS = _index(
    Choice("on_site", "現地精算", "Settle on site"),
    Choice("account_transfer", "口座振替", "Direct debit"),
    Choice("payment_slip", "納付書", "Payment slip"),
    Choice("credit_card", "クレジット", "Credit card"),
)

HUB_STATES = _index(
    Choice("submitted", "受付", "Submitted"),
    Choice("changed", "変更あり", "Changed"),
    Choice("cancelled", "取消", "Cancelled"),
)

REJECTION_REASONS = _index(
    Choice("outside_area", "給水区域外", "Outside our service area"),
    Choice("duplicate", "重複した届出", "Duplicate notice"),
    Choice("unreadable", "記載不備・判読不能", "Incomplete or unreadable"),
    Choice("no_contract", "該当する契約なし", "No matching contract"),
    Choice("other", "その他", "Other"),
)

DECISIONS = _index(
    Choice("accept", "受理", "Accepted"),
    Choice("reject", "不受理", "Rejected"),
    Choice("reopen", "再開", "Reopened"),
)


def label(table: dict[str, Choice], code: str | None, language: str = "ja") -> str:
    """The label of ``code``, or the code itself if the list does not know it."""
    if not code:
        return ""
    choice = table.get(code)
    return choice.label(language) if choice else code
