"""Helpers shared by tests: a throw-away keyring and sample payloads."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from datetime import date, datetime, timedelta
from typing import Any

from keyring.backend import KeyringBackend

from desktop.domain.notice import JST


class MemoryKeyring(KeyringBackend):
    """A credential store that lives and dies with the test run."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.values.pop((service, username), None)


def sample_payload(number: int = 1, **changes: Any) -> dict[str, Any]:
    """A valid hub payload; keyword arguments replace top-level keys."""
    submitted = datetime(2026, 11, 20, 10, 30, tzinfo=JST)
    payload: dict[str, Any] = {
        "receipt_number": f"T{number:08d}",
        "version": 1,
        "kind": "move_in",
        "hub_state": "submitted",
        "submitted_at": submitted.isoformat(),
        "move_date": (date(2026, 11, 20) + timedelta(days=5 + number % 7)).isoformat(),
        "customer_number": None,
        "service_address": {
            "postal_code": "196-0014",
            "address": "東京都昭島市田中町1丁目2番3号",
            "building": "コーポ昭島 201",
        },
        "user": {"name": "田中 太郎", "kana": "ﾀﾅｶ ﾀﾛｳ", "corporate": False},
        "contact": {"phone": "042-555-0101", "email": "taro@example.jp"},
        "presence": {"required": True, "preferred_time": "午前中"},
        "payment_method": "account_transfer",
        "settlement_method": None,
        "forwarding_address": None,
        "filer": None,
        "remarks": "鍵はポストの中",
    }
    payload.update(copy.deepcopy(changes))
    return payload


HEAVY_MODULES = ("sqlalchemy", "reportlab", "requests", "numpy")


def heavy_modules_after(code: str) -> list[str]:
    """Which of HEAVY_MODULES a fresh interpreter has loaded after running ``code``."""
    probe = f"import json, sys\n{code}\nprint(json.dumps([m for m in {HEAVY_MODULES!r} if m in sys.modules]))"
    output = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])
