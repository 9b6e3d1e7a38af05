"""Synthetic residents and their move notices, as the hub would forward them.

Everything is drawn from one seeded generator so a demo or a test sees the
same people every time. Addresses stay inside one bureau's area (a few towns
of the Tama district of Tokyo) so the data looks like a real counter's day;
forwarding addresses of move-outs may be anywhere in Japan.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from faker import Faker

JST = timezone(timedelta(hours=9), "JST")

# Towns of the service area with their postal codes. Shaped like the real
# district for a convincing demo; not a gazetteer.
SERVICE_AREA: tuple[tuple[str, str, str], ...] = (
    ("1960015", "東京都昭島市", "昭和町"),
    ("1960033", "東京都昭島市", "東町"),
    ("1960022", "東京都昭島市", "中神町"),
    ("1960034", "東京都昭島市", "玉川町"),
    ("1960002", "東京都昭島市", "拝島町"),
    ("1970011", "東京都福生市", "福生"),
    ("1970003", "東京都福生市", "熊川"),
    ("1970024", "東京都福生市", "牛浜"),
    ("2050001", "東京都羽村市", "小作台"),
    ("2050002", "東京都羽村市", "栄町"),
    ("2050011", "東京都羽村市", "五ノ神"),
    ("1900022", "東京都立川市", "錦町"),
    ("1900023", "東京都立川市", "柴崎町"),
    ("1900013", "東京都立川市", "富士見町"),
)

# Surnames written with characters outside JIS X 0208 or with variant forms,
# which every part of MoveDesk must carry without loss.
VARIANT_SURNAMES: tuple[tuple[str, str], ...] = (
    ("髙橋", "タカハシ"),
    ("髙木", "タカギ"),
    ("山﨑", "ヤマザキ"),
    ("宮﨑", "ミヤザキ"),
    ("𠮷田", "ヨシダ"),
    ("𠮷川", "ヨシカワ"),
)

COMPANY_TRADES: tuple[tuple[str, str], ...] = (
    ("電気", "デンキ"),
    ("建設", "ケンセツ"),
    ("商事", "ショウジ"),
    ("不動産", "フドウサン"),
    ("食品", "ショクヒン"),
    ("工業", "コウギョウ"),
)

COMPANY_FORMS: tuple[tuple[str, str], ...] = (
    ("株式会社", "カブシキガイシャ"),
    ("有限会社", "ユウゲンガイシャ"),
    ("合同会社", "ゴウドウガイシャ"),
)

FILER_RELATIONS = ("配偶者", "父", "母", "子", "管理会社", "代理人")
PRESENCE_TIMES = ("午前中", "13時〜15時", "15時〜17時", "終日可", "平日の夕方以降")
ROOM_STYLES = ("{n}号室", "{n}号", "{n}")
REMARKS = (
    "鍵は管理会社に預けてあります。",
    "メーターボックスの場所が分かりにくいです。",
    "入居前に漏水がないか確認をお願いします。",
    "平日は日中不在です。\n連絡は携帯電話にお願いします。",
    "旧住所の精算書は転居先へ送付してください。",
    "犬を飼っています。訪問時はインターホンを押してください。",
)
MOVE_IN_PAYMENTS = ("account_transfer", "account_transfer", "credit_card", "payment_slip")
SETTLEMENTS = ("on_site", "account_transfer", "account_transfer", "payment_slip", "credit_card")


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    kana: str
    romanized: str


class ResidentFactory:
    """Makes realistic hub payloads of move notices, reproducibly from a seed."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.faker = Faker("ja_JP")
        self.faker.seed_instance(seed)

    # -- people -------------------------------------------------------------

    def person(self) -> Person:
        first_name, first_kana, first_roman = self.faker.first_name_pair()
        if self.random.random() < 0.04:
            last_name, last_kana = self.random.choice(VARIANT_SURNAMES)
            last_roman = ""
        else:
            last_name, last_kana, last_roman = self.faker.last_name_pair()
        return Person(
            f"{last_name} {first_name}",
            f"{last_kana} {first_kana}",
            f"{first_roman}.{last_roman}".strip(".").lower(),
        )

    def company(self) -> tuple[str, str]:
        surname, surname_kana, _ = self.faker.last_name_pair()
        trade, trade_kana = self.random.choice(COMPANY_TRADES)
        form, form_kana = self.random.choice(COMPANY_FORMS)
        if self.random.random() < 0.7:
            return f"{surname}{trade}{form}", f"{surname_kana}{trade_kana} {form_kana}"
        return f"{form}{surname}{trade}", f"{form_kana} {surname_kana}{trade_kana}"

    def phone(self) -> str:
        if self.random.random() < 0.35:
            return f"042-5{self.random.randrange(10, 100)}-{self.random.randrange(10000):04d}"
        prefix = self.random.choice(("070", "080", "090"))
        return f"{prefix}-{self.random.randrange(10000):04d}-{self.random.randrange(10000):04d}"

    def email(self, person: Person) -> str:
        local = person.romanized or f"user{self.random.randrange(1000)}"
        if self.random.random() < 0.5:
            local += str(self.random.randrange(1, 100))
        return f"{local}@{self.faker.free_email_domain()}"

    # -- places -------------------------------------------------------------

    def service_address(self) -> dict[str, str]:
        postal, city, town = self.random.choice(SERVICE_AREA)
        street = (
            f"{city}{town}{self.random.randint(1, 5)}丁目"
            f"{self.random.randint(1, 30)}番{self.random.randint(1, 20)}号"
        )
        building = ""
        if self.random.random() < 0.45:
            room = self.random.choice(ROOM_STYLES).format(
                n=self.random.randint(1, 6) * 100 + self.random.randint(1, 12)
            )
            building = f"{self.faker.building_name()}{self.faker.town()} {room}"
        return {"postal_code": postal, "address": street, "building": building}

    def forwarding_address(self) -> dict[str, str]:
        if self.random.random() < 0.4:
            moved_within = self.service_address()
            moved_within["building"] = ""
            return moved_within
        street = (
            f"{self.faker.prefecture()}{self.faker.city()}{self.faker.town()}"
            f"{self.random.randint(1, 9)}-{self.random.randint(1, 30)}-{self.random.randint(1, 20)}"
        )
        return {
            "postal_code": f"{self.random.randrange(10**7):07d}",
            "address": street,
            "building": "",
        }

    # -- notices ------------------------------------------------------------

    def customer_number(self, kind: str) -> str | None:
        known = 0.85 if kind == "move_out" else 0.2
        if self.random.random() >= known:
            return None
        # Bureau ledgers number taps with zero padding; keep it as text.
        number = f"{self.random.randrange(0, 4 * 10**8):010d}"
        if self.random.random() < 0.2:
            number = f"{number[:4]}-{number[4:]}"
        return number

    def submission(self, now: datetime, *, backlog: bool) -> tuple[datetime, date]:
        """When the resident filed and the date they move, never filed after the move date.

        A backlog notice was filed some time before ``now``; a fresh one at ``now``.
        """
        today = now.astimezone(JST).date()
        if not backlog:
            move_date = today + timedelta(days=self.random.randint(0, 21))
            return now.astimezone(JST).replace(microsecond=0), move_date
        move_date = today + timedelta(days=self.random.randint(-3, 21))
        latest = min(now, datetime.combine(move_date, time(23, 59), JST))
        submitted = latest - timedelta(seconds=self.random.randrange(14 * 24 * 3600))
        return submitted.astimezone(JST).replace(microsecond=0), move_date

    def notice(self, receipt: str, now: datetime, *, backlog: bool = True) -> dict[str, Any]:
        """A version-1 hub payload; ``notice_from_payload`` accepts every one."""
        kind = "move_in" if self.random.random() < 0.55 else "move_out"
        submitted_at, move_date = self.submission(now, backlog=backlog)
        person = self.person()
        user: dict[str, Any] = {
            "name": person.name,
            "kana": person.kana,
            "corporate": False,
            "corporate_name": None,
            "representative": None,
        }
        if self.random.random() < 0.04:
            company, company_kana = self.company()
            user.update(
                name=company,
                kana=company_kana,
                corporate=True,
                corporate_name=company,
                representative=person.name,
            )
        presence_required = self.random.random() < (0.3 if kind == "move_in" else 0.15)
        payload: dict[str, Any] = {
            "receipt_number": receipt,
            "version": 1,
            "kind": kind,
            "hub_state": "submitted",
            "submitted_at": submitted_at.isoformat(),
            "move_date": move_date.isoformat(),
            "customer_number": self.customer_number(kind),
            "service_address": self.service_address(),
            "user": user,
            "contact": {
                "phone": self.phone(),
                "email": self.email(person) if self.random.random() < 0.7 else None,
            },
            "presence": {
                "required": presence_required,
                "preferred_time": self.random.choice(PRESENCE_TIMES) if presence_required else None,
            },
            "payment_method": None,
            "settlement_method": None,
            "forwarding_address": None,
            "filer": self.filer() if self.random.random() < 0.15 else None,
            "remarks": self.random.choice(REMARKS) if self.random.random() < 0.2 else None,
        }
        if kind == "move_in":
            payload["payment_method"] = self.random.choice(MOVE_IN_PAYMENTS)
        else:
            payload["settlement_method"] = self.random.choice(SETTLEMENTS)
            payload["forwarding_address"] = self.forwarding_address()
        return payload

    def filer(self) -> dict[str, str]:
        return {
            "name": self.person().name,
            "phone": self.phone(),
            "relation": self.random.choice(FILER_RELATIONS),
        }

    def amendment(self, payload: dict[str, Any], today: date) -> dict[str, Any]:
        """Top-level keys a resident plausibly changes in one edit, with new values."""
        choice = self.random.randrange(5)
        if choice == 0:
            earliest = max(today, date.fromisoformat(payload["submitted_at"][:10]))
            moved = earliest + timedelta(days=self.random.randint(0, 14))
            return {"move_date": moved.isoformat()}
        if choice == 1:
            return {"contact": {**payload["contact"], "phone": self.phone()}}
        if choice == 2:
            address = dict(payload["service_address"])
            address["building"] = (
                f"{self.faker.building_name()} {self.random.randint(101, 512)}号室"
            )
            return {"service_address": address}
        if choice == 3:
            required = not payload["presence"]["required"]
            preferred = self.random.choice(PRESENCE_TIMES) if required else None
            return {"presence": {"required": required, "preferred_time": preferred}}
        remark = self.random.choice(REMARKS)
        return {"remarks": f"{payload['remarks']}\n{remark}" if payload["remarks"] else remark}
