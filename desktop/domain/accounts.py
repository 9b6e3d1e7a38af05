"""Staff accounts as the rest of MoveDesk sees them: who, which role, which rules.

Storage and password hashing live in ``desktop.staff``; this module stays
free of them so the sign-in screen can appear before the database layer
has loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.domain.workflow import Role

MAX_FAILED_ATTEMPTS = 5
PASSWORD_MIN, PASSWORD_MAX = 8, 32
USER_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{2,40}$")


WRONG_PASSWORD = "利用者IDまたはパスワードが違います"
LOCKED = "アカウントがロックされています。監督者に解除を依頼してください"
LOCKED_NOW = "パスワードを5回間違えたためロックしました。監督者に解除を依頼してください"


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

    @property
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR


def password_problems(user_id: str, password: str) -> list[str]:
    """Why a new password is not allowed; empty when it is."""
    problems = []
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        problems.append(f"パスワードは{PASSWORD_MIN}〜{PASSWORD_MAX}文字にしてください")
    if user_id and user_id.lower() in password.lower():
        problems.append("パスワードに利用者IDを含めることはできません")
    return problems
