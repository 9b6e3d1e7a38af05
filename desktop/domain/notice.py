"""The move notice (転居連絡) as the hub sends it, validated field by field.

``notice_from_payload`` is the single gate every notice passes, whether it
came from the hub, from a faxed page's code or from a clerk's form: it either
returns a ``Notice`` or raises ``InvalidNotice`` naming every problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from desktop.domain.choices import HUB_STATES, PAYMENT_METHODS, SETTLEMENT_METHODS
from desktop.domain.kinds import known_kinds
from desktop.domain.text import (
    collapse_spaces,
    has_control_characters,
    has_lone_surrogates,
    to_fullwidth_katakana,
    to_halfwidth_digits,
)

JST = timezone(timedelta(hours=9), "JST")

RECEIPT_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
POSTAL_PATTERN = re.compile(r"^\d{7}$")
CUSTOMER_NUMBER_PATTERN = re.compile(r"^[0-9][0-9-]{2,19}$")
PHONE_PATTERN = re.compile(r"^\+?[0-9()\-]{6,20}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}$")
MAX_VERSION = 1_000_000

# Longest text each field may hold: generous for real data, small enough
# that a runaway payload cannot fill the disk or the printed page.
LIMITS = {
    "name": 100,
    "kana": 200,
    "address": 300,
    "building": 200,
    "corporate_name": 200,
    "representative": 100,
    "email": 254,
    "presence_time": 200,
    "relation": 50,
    "remarks": 2000,
}


class InvalidNotice(ValueError):
    """A payload that cannot become a notice; ``problems`` lists each reason."""

    def __init__(self, problems: list[str], receipt_number: str | None = None) -> None:
        self.problems = problems
        self.receipt_number = receipt_number
        super().__init__("; ".join(problems))


@dataclass(frozen=True, slots=True)
class Address:
    postal_code: str
    address: str
    building: str = ""

    def one_line(self) -> str:
        postal = f"〒{self.postal_code[:3]}-{self.postal_code[3:]} " if self.postal_code else ""
        return f"{postal}{self.address} {self.building}".strip()


@dataclass(frozen=True, slots=True)
class Filer:
    name: str
    phone: str = ""
    relation: str = ""


@dataclass(frozen=True, slots=True)
class Notice:
    receipt_number: str
    version: int
    kind: str
    hub_state: str
    submitted_at: datetime
    move_date: date
    service_address: Address
    name: str
    kana: str
    customer_number: str = ""
    corporate: bool = False
    corporate_name: str = ""
    representative: str = ""
    phone: str = ""
    email: str = ""
    presence_required: bool = False
    presence_time: str = ""
    payment_method: str | None = None
    settlement_method: str | None = None
    forwarding_address: Address | None = None
    filer: Filer | None = None
    remarks: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def submitted_date_jst(self) -> date:
        return self.submitted_at.astimezone(JST).date()


class _Reader:
    """Collects problems while reading one payload, so all are reported at once."""

    def __init__(self, payload: dict[str, Any]) -> None:
        self.payload = payload
        self.problems: list[str] = []

    def problem(self, text: str) -> None:
        self.problems.append(text)

    def text(
        self,
        source: dict[str, Any],
        key: str,
        label: str,
        *,
        required: bool = False,
        limit: int = 200,
        multiline: bool = False,
    ) -> str:
        value = source.get(key)
        if value is None or value == "":
            if required:
                self.problem(f"{label} ({key}) is missing")
            return ""
        if not isinstance(value, str):
            self.problem(f"{label} ({key}) must be text, not {type(value).__name__}")
            return ""
        if len(value) > limit:
            self.problem(f"{label} ({key}) is {len(value)} characters long; at most {limit}")
            return ""
        if has_lone_surrogates(value):
            self.problem(f"{label} ({key}) is not valid Unicode text")
            return ""
        if has_control_characters(value, multiline=multiline):
            self.problem(f"{label} ({key}) contains control characters")
            return ""
        value = value.strip() if multiline else collapse_spaces(value)
        if required and not value:
            self.problem(f"{label} ({key}) is blank")
        return value

    def flag(self, source: dict[str, Any], key: str, label: str) -> bool:
        value = source.get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.problem(f"{label} ({key}) must be true or false")
            return False
        return value

    def section(self, key: str, label: str, *, required: bool = False) -> dict[str, Any] | None:
        value = self.payload.get(key)
        if value is None:
            if required:
                self.problem(f"{label} ({key}) is missing")
            return None
        if not isinstance(value, dict):
            self.problem(f"{label} ({key}) must be an object")
            return None
        return value

    def choice(self, key: str, label: str, allowed: dict[str, Any]) -> str | None:
        value = self.payload.get(key)
        if value is None or value == "":
            return None
        if not isinstance(value, str) or value not in allowed:
            self.problem(f"{label} ({key}) has an unknown value {str(value)[:40]!r}")
            return None
        return value

    def address(self, key: str, label: str, *, required: bool) -> Address | None:
        section = self.section(key, label, required=required)
        if section is None:
            return None
        raw_postal = self.text(section, "postal_code", f"{label} postal code", required=True)
        postal = to_halfwidth_digits(raw_postal).lstrip("〒").replace("-", "").strip()
        if raw_postal and not POSTAL_PATTERN.match(postal):
            self.problem(f"{label} postal code {raw_postal[:20]!r} is not 7 digits")
        address = self.text(section, "address", label, required=True, limit=LIMITS["address"])
        building = self.text(section, "building", f"{label} building", limit=LIMITS["building"])
        return Address(postal, address, building)


def _parse_timestamp(reader: _Reader, key: str, label: str) -> datetime | None:
    value = reader.payload.get(key)
    if not isinstance(value, str) or not value:
        reader.problem(f"{label} ({key}) is missing or not text")
        return None
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        reader.problem(f"{label} ({key}) {value[:40]!r} is not an ISO 8601 timestamp")
        return None
    if stamp.tzinfo is None:
        reader.problem(f"{label} ({key}) has no time zone")
        return None
    return stamp


def _parse_date(reader: _Reader, key: str, label: str) -> date | None:
    value = reader.payload.get(key)
    if not isinstance(value, str) or not value:
        reader.problem(f"{label} ({key}) is missing or not text")
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        reader.problem(f"{label} ({key}) {value[:40]!r} is not a date (YYYY-MM-DD)")
        return None


def notice_from_payload(payload: Any) -> Notice:
    """Validate a hub payload and return the notice, or raise ``InvalidNotice``."""
    if not isinstance(payload, dict):
        raise InvalidNotice([f"a notice must be a JSON object, not {type(payload).__name__}"])
    reader = _Reader(payload)
    receipt = reader.text(payload, "receipt_number", "受付番号 receipt number", required=True)
    if receipt and not RECEIPT_PATTERN.match(receipt):
        reader.problem(
            f"receipt number {receipt[:50]!r} has characters other than A-Z, 0-9, - and _"
        )
    version = payload.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= MAX_VERSION:
        reader.problem(f"版 version must be a whole number from 1, not {str(version)[:20]!r}")
        version = 0
    kind = payload.get("kind")
    if not isinstance(kind, str) or kind not in known_kinds():
        reader.problem(f"届出種別 kind {str(kind)[:40]!r} is not a kind this MoveDesk knows")
        kind = ""
    hub_state = payload.get("hub_state")
    if hub_state not in HUB_STATES:
        reader.problem(f"hub_state {str(hub_state)[:40]!r} is unknown")
        hub_state = "submitted"
    submitted_at = _parse_timestamp(reader, "submitted_at", "申込日時 submitted at")
    move_date = _parse_date(reader, "move_date", "使用開始日/中止日 move date")
    if submitted_at and move_date and move_date < submitted_at.astimezone(JST).date():
        reader.problem(
            f"move date {move_date.isoformat()} is before the submission date "
            f"{submitted_at.astimezone(JST).date().isoformat()}"
        )

    raw_customer = reader.text(payload, "customer_number", "お客さま番号 customer number")
    customer_number = to_halfwidth_digits(raw_customer).replace(" ", "")
    if customer_number and not CUSTOMER_NUMBER_PATTERN.match(customer_number):
        reader.problem(f"customer number {raw_customer[:30]!r} must be 3-20 digits")

    service_address = reader.address("service_address", "使用場所 service address", required=True)

    user = reader.section("user", "使用者 user", required=True) or {}
    name = reader.text(user, "name", "使用者氏名 name", required=True, limit=LIMITS["name"])
    kana_raw = reader.text(user, "kana", "フリガナ kana", required=True, limit=LIMITS["kana"])
    kana = to_fullwidth_katakana(kana_raw)
    corporate = reader.flag(user, "corporate", "法人 corporate")
    corporate_name = reader.text(user, "corporate_name", "法人名称", limit=LIMITS["corporate_name"])
    representative = reader.text(user, "representative", "代表者", limit=LIMITS["representative"])
    if corporate and not corporate_name:
        reader.problem("法人 corporate user without 名称 corporate name")

    contact = reader.section("contact", "連絡先 contact") or {}
    phone_raw = reader.text(contact, "phone", "電話番号 phone", limit=30)
    phone = to_halfwidth_digits(phone_raw).replace(" ", "")
    if phone and not PHONE_PATTERN.match(phone):
        reader.problem(f"phone number {phone_raw[:30]!r} is not a phone number")
    email = reader.text(contact, "email", "メール email", limit=LIMITS["email"])
    if email and not EMAIL_PATTERN.match(email):
        reader.problem(f"email {email[:40]!r} is not an address")

    presence = reader.section("presence", "立会い presence") or {}
    presence_required = reader.flag(presence, "required", "立会い presence required")
    presence_time = reader.text(
        presence, "preferred_time", "立会い希望時間", limit=LIMITS["presence_time"]
    )

    payment_method = reader.choice("payment_method", "支払方法 payment method", PAYMENT_METHODS)
    settlement_method = reader.choice(
        "settlement_method", "精算方法 settlement method", SETTLEMENT_METHODS
    )
    forwarding = reader.address(
        "forwarding_address", "転居先住所 forwarding address", required=False
    )

    filer = None
    filer_section = reader.section("filer", "届出人 filer")
    if filer_section:
        filer_name = reader.text(filer_section, "name", "届出人氏名", required=True, limit=100)
        filer_phone_raw = reader.text(filer_section, "phone", "届出人電話 filer phone", limit=30)
        filer_phone = to_halfwidth_digits(filer_phone_raw).replace(" ", "")
        if filer_phone and not PHONE_PATTERN.match(filer_phone):
            reader.problem(f"filer phone {filer_phone_raw[:30]!r} is not a phone number")
        relation = reader.text(filer_section, "relation", "続柄", limit=LIMITS["relation"])
        filer = Filer(filer_name, filer_phone, relation)

    remarks = reader.text(
        payload, "remarks", "備考 remarks", limit=LIMITS["remarks"], multiline=True
    )

    if reader.problems:
        raise InvalidNotice(reader.problems, receipt or None)
    assert submitted_at is not None and move_date is not None and service_address is not None
    return Notice(
        receipt_number=receipt,
        version=version,
        kind=kind,
        hub_state=hub_state,
        submitted_at=submitted_at,
        move_date=move_date,
        service_address=service_address,
        name=name,
        kana=kana,
        customer_number=customer_number,
        corporate=corporate,
        corporate_name=corporate_name,
        representative=representative,
        phone=phone,
        email=email,
        presence_required=presence_required,
        presence_time=presence_time,
        payment_method=payment_method,
        settlement_method=settlement_method,
        forwarding_address=forwarding,
        filer=filer,
        remarks=remarks,
    )


def _address_payload(address: Address | None) -> dict[str, str] | None:
    if address is None:
        return None
    return {
        "postal_code": address.postal_code,
        "address": address.address,
        "building": address.building,
    }


def notice_to_payload(notice: Notice) -> dict[str, Any]:
    """The hub's JSON shape of a notice; ``notice_from_payload`` reads it back."""
    return {
        "receipt_number": notice.receipt_number,
        "version": notice.version,
        "kind": notice.kind,
        "hub_state": notice.hub_state,
        "submitted_at": notice.submitted_at.isoformat(),
        "move_date": notice.move_date.isoformat(),
        "customer_number": notice.customer_number or None,
        "service_address": _address_payload(notice.service_address),
        "user": {
            "name": notice.name,
            "kana": notice.kana,
            "corporate": notice.corporate,
            "corporate_name": notice.corporate_name or None,
            "representative": notice.representative or None,
        },
        "contact": {"phone": notice.phone or None, "email": notice.email or None},
        "presence": {
            "required": notice.presence_required,
            "preferred_time": notice.presence_time or None,
        },
        "payment_method": notice.payment_method,
        "settlement_method": notice.settlement_method,
        "forwarding_address": _address_payload(notice.forwarding_address),
        "filer": (
            {
                "name": notice.filer.name,
                "phone": notice.filer.phone,
                "relation": notice.filer.relation,
            }
            if notice.filer
            else None
        ),
        "remarks": notice.remarks or None,
    }
