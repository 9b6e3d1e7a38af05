"""Staff accounts as the rest of MoveDesk sees them: who, which role, which rules.

Storage and password hashing live in ``desktop.staff``; this module stays
free of them so the sign-in screen can appear before the database layer
has loaded.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from desktop.domain.workflow import Role

if TYPE_CHECKING:
    from desktop.settings import Setting, Settings

MAX_FAILED_ATTEMPTS = 5
PASSWORD_MIN, PASSWORD_MAX = 8, 32
USER_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{2,40}$")


WRONG_PASSWORD = "利用者IDまたはパスワードが違います"
LOCKED = (
    "アカウントがロックされています。しばらくしてからやり直すか、監督者に解除を依頼してください"
)
LOCKED_NOW = (
    "パスワードを5回間違えたためロックしました。"
    "しばらくしてからやり直すか、監督者に解除を依頼してください"
)


def wrong_password_message(attempts_left: int) -> str:
    """The same words for a wrong password and for an account that does not exist."""
    return f"{WRONG_PASSWORD}（あと{attempts_left}回でロックされます）"


class SignInError(Exception):
    """Sign-in refused; ``reason`` is one of wrong_password, locked, inactive."""

    def __init__(self, reason: str, message: str, attempts_left: int | None = None) -> None:
        self.reason = reason
        self.attempts_left = attempts_left
        super().__init__(message)


class StaffError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class StaffMember:
    user_id: str
    display_name: str
    role: str
    # A supervisor chose the password: the holder picks their own before working.
    must_change_password: bool = False

    @property
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR


def _folded(text: str) -> str:
    # Full-width ｙａｍａｄａ and half-width yamada are the same word to a reader.
    return unicodedata.normalize("NFKC", text).casefold()


@cache
def common_passwords() -> frozenset[str]:
    raw = resources.files("resources").joinpath("common_passwords.json").read_text("utf-8")
    return frozenset(_folded(word) for word in json.loads(raw)["passwords"])


def password_problems(user_id: str, password: str) -> list[str]:
    """Why a new password is not allowed; empty when it is."""
    problems = []
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        problems.append(f"パスワードは{PASSWORD_MIN}〜{PASSWORD_MAX}文字にしてください")
    if not password.strip():
        problems.append("空白だけのパスワードは使えません")
    folded = _folded(password)
    if user_id and _folded(user_id) in folded:
        problems.append("パスワードに利用者IDを含めることはできません")
    if folded in common_passwords() or folded.strip() in common_passwords():
        problems.append("よく使われていて推測されやすいパスワードです。別のものにしてください")
    return problems


@dataclass(frozen=True, slots=True)
class StaffPolicy:
    """The lock-out and long-unused rules, from the settings."""

    lockout_minutes: int = 15
    unused_first_warning_days: int = 120
    unused_second_warning_days: int = 150
    unused_lock_days: int = 180

    @classmethod
    def from_settings(cls, settings: Settings) -> StaffPolicy:
        return cls(
            lockout_minutes=settings.get("lockout_minutes"),
            unused_first_warning_days=settings.get("unused_first_warning_days"),
            unused_second_warning_days=settings.get("unused_second_warning_days"),
            unused_lock_days=settings.get("unused_lock_days"),
        )


@cache
def staff_settings() -> tuple[Setting, ...]:
    """Joins ``desktop.settings.SETTINGS`` as ``*staff_settings()``; built on first use."""
    from desktop.settings import Setting

    defaults = StaffPolicy()
    return (
        Setting(
            "lockout_minutes",
            int,
            defaults.lockout_minutes,
            "ロックが自動で解除されるまで（分）",
            "Lock-out ends after (minutes)",
            minimum=1,
            maximum=1440,
        ),
        Setting(
            "unused_first_warning_days",
            int,
            defaults.unused_first_warning_days,
            "未使用アカウントの最初の警告（日）",
            "Unused account: first warning (days)",
            minimum=1,
            maximum=3650,
        ),
        Setting(
            "unused_second_warning_days",
            int,
            defaults.unused_second_warning_days,
            "未使用アカウントの2回目の警告（日）",
            "Unused account: second warning (days)",
            minimum=1,
            maximum=3650,
        ),
        Setting(
            "unused_lock_days",
            int,
            defaults.unused_lock_days,
            "未使用アカウントをロックするまで（日）",
            "Unused account is locked after (days)",
            minimum=1,
            maximum=3650,
        ),
    )
