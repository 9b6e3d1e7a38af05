"""Every field of a notice with its labels, and what changed between versions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desktop.domain.choices import PAYMENT_METHODS, SETTLEMENT_METHODS, label
from desktop.domain.kinds import known_kinds
from desktop.domain.notice import Address, Notice


@dataclass(frozen=True, slots=True)
class NoticeField:
    key: str
    ja: str
    en: str
    group: str  # which block of the form the field sits in
    read: Callable[[Notice, str], str]

    def label(self, language: str = "ja") -> str:
        return self.en if language == "en" else self.ja


def _address(address: Address | None) -> str:
    return address.one_line() if address else ""


def _flag(ja: tuple[str, str], en: tuple[str, str]) -> Callable[[bool, str], str]:
    """A yes/no field in the field's own words: (when true, when false) per language."""

    def word(value: bool, language: str) -> str:
        yes, no = en if language == "en" else ja
        return yes if value else no

    return word


_corporate = _flag(("法人", "個人"), ("Corporate", "Individual"))
_presence = _flag(("要", "不要"), ("Required", "Not required"))


def _kind(notice: Notice, language: str) -> str:
    kind = known_kinds().get(notice.kind)
    return kind.label(language) if kind else notice.kind


# Groups in the order a clerk reads the paper form.
GROUPS = {
    "notice": ("届出", "Notice"),
    "user": ("使用者", "User"),
    "place": ("使用場所", "Service address"),
    "service": ("使用開始・中止", "Service"),
    "billing": ("料金", "Billing"),
    "filer": ("届出人", "Filer"),
}

FIELDS: tuple[NoticeField, ...] = (
    NoticeField(
        "receipt_number", "受付番号", "Receipt no.", "notice", lambda n, _: n.receipt_number
    ),
    NoticeField("version", "版", "Version", "notice", lambda n, _: str(n.version)),
    NoticeField("kind", "届出種別", "Kind", "notice", _kind),
    NoticeField(
        "submitted_at",
        "申込日時",
        "Submitted",
        "notice",
        lambda n, _: n.submitted_at.strftime("%Y-%m-%d %H:%M %z"),
    ),
    NoticeField("name", "使用者氏名", "Name", "user", lambda n, _: n.name),
    NoticeField("kana", "フリガナ", "Kana", "user", lambda n, _: n.kana),
    NoticeField(
        "corporate", "法人", "Corporate", "user", lambda n, lang: _corporate(n.corporate, lang)
    ),
    NoticeField("corporate_name", "法人名称", "Company", "user", lambda n, _: n.corporate_name),
    NoticeField(
        "representative", "代表者", "Representative", "user", lambda n, _: n.representative
    ),
    NoticeField("phone", "電話番号", "Phone", "user", lambda n, _: n.phone),
    NoticeField("email", "メール", "Email", "user", lambda n, _: n.email),
    NoticeField(
        "customer_number",
        "お客さま番号（水栓番号）",
        "Customer no.",
        "place",
        lambda n, _: n.customer_number,
    ),
    NoticeField(
        "postal_code",
        "郵便番号",
        "Postal code",
        "place",
        lambda n, _: n.service_address.postal_code,
    ),
    NoticeField("address", "住所", "Address", "place", lambda n, _: n.service_address.address),
    NoticeField(
        "building", "方書", "Building / room", "place", lambda n, _: n.service_address.building
    ),
    NoticeField(
        "move_date",
        "使用開始日／中止日",
        "Move date",
        "service",
        lambda n, _: n.move_date.isoformat(),
    ),
    NoticeField(
        "presence_required",
        "立会い",
        "On-site presence",
        "service",
        lambda n, lang: _presence(n.presence_required, lang),
    ),
    NoticeField(
        "presence_time", "立会い希望", "Preferred time", "service", lambda n, _: n.presence_time
    ),
    NoticeField(
        "payment_method",
        "支払方法",
        "Payment",
        "billing",
        lambda n, lang: label(PAYMENT_METHODS, n.payment_method, lang),
    ),
    NoticeField(
        "settlement_method",
        "精算方法",
        "Final bill",
        "billing",
        lambda n, lang: label(SETTLEMENT_METHODS, n.settlement_method, lang),
    ),
    NoticeField(
        "forwarding_address",
        "転居先住所",
        "Forwarding address",
        "billing",
        lambda n, _: _address(n.forwarding_address),
    ),
    NoticeField(
        "filer_name", "届出人", "Filer", "filer", lambda n, _: n.filer.name if n.filer else ""
    ),
    NoticeField(
        "filer_phone",
        "届出人電話",
        "Filer phone",
        "filer",
        lambda n, _: n.filer.phone if n.filer else "",
    ),
    NoticeField(
        "filer_relation",
        "続柄",
        "Relation",
        "filer",
        lambda n, _: n.filer.relation if n.filer else "",
    ),
    NoticeField("remarks", "備考", "Remarks", "filer", lambda n, _: n.remarks),
)

FIELDS_BY_KEY = {f.key: f for f in FIELDS}


@dataclass(frozen=True, slots=True)
class FieldChange:
    key: str
    label: str
    before: str
    after: str


def changes_between(before: Notice, after: Notice, language: str = "ja") -> list[FieldChange]:
    """What the resident changed from one version to the next, field by field."""
    changes = []
    for item in FIELDS:
        if item.key == "version":
            continue
        old, new = item.read(before, language), item.read(after, language)
        if old != new:
            changes.append(FieldChange(item.key, item.label(language), old, new))
    return changes
