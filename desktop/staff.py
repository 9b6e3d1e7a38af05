"""Staff accounts, sign-in and lock-out (DESIGN §10).

Passwords are hashed with scrypt, a memory-hard function in the standard
library. Five wrong passwords in a row lock the account until a supervisor
unlocks it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from datetime import UTC, datetime

from sqlalchemy import func, select

from desktop import audit
from desktop.domain.accounts import (
    LOCKED,
    LOCKED_NOW,
    MAX_FAILED_ATTEMPTS,
    PASSWORD_MAX,
    PASSWORD_MIN,
    USER_ID_PATTERN,
    WRONG_PASSWORD,
    SignInError,
    StaffError,
    StaffMember,
    password_problems,
)
from desktop.domain.workflow import Role
from desktop.store.database import Database
from desktop.store.models import Staff

_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32
    )
    encode = base64.b64encode
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${encode(salt).decode()}${encode(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def _member(row: Staff) -> StaffMember:
    return StaffMember(row.user_id, row.display_name, row.role)


class StaffService:
    def __init__(self, database: Database) -> None:
        self.database = database

    def has_staff(self) -> bool:
        with self.database.session() as session:
            return bool(session.scalar(select(func.count()).select_from(Staff)))

    def list_staff(self) -> list[tuple[StaffMember, bool, bool]]:
        """Every account with (member, locked, active)."""
        with self.database.session() as session:
            rows = session.scalars(select(Staff).order_by(Staff.user_id)).all()
            return [(_member(r), r.locked, r.active) for r in rows]

    def create(
        self, user_id: str, display_name: str, role: str, password: str, created_by: str
    ) -> StaffMember:
        if not USER_ID_PATTERN.match(user_id):
            raise StaffError("利用者IDは2〜40文字の英数字と . _ - で入力してください")
        if role not in set(Role):
            raise StaffError(f"unknown role {role!r}")
        if not display_name.strip():
            raise StaffError("氏名を入力してください")
        problems = password_problems(user_id, password)
        if problems:
            raise StaffError("; ".join(problems))
        now = datetime.now(UTC)
        with self.database.session() as session:
            if session.scalar(select(Staff.id).where(Staff.user_id == user_id)):
                raise StaffError(f"利用者ID {user_id} は既に使われています")
            session.add(
                Staff(
                    user_id=user_id,
                    display_name=display_name.strip(),
                    role=role,
                    password_hash=hash_password(password),
                    failed_attempts=0,
                    locked=False,
                    active=True,
                    created_at=now,
                    password_changed_at=now,
                )
            )
            audit.record(session, created_by, "staff_created", user_id, role)
        return StaffMember(user_id, display_name.strip(), role)

    def authenticate(self, user_id: str, password: str) -> StaffMember:
        # The failure is counted and logged in a committed transaction; only
        # then is the error raised, so a refused sign-in still leaves its trace.
        refusal: SignInError | None = None
        with self.database.session() as session:
            row = session.scalars(
                select(Staff).where(Staff.user_id == user_id).with_for_update()
            ).first()
            if row is None or not row.active:
                audit.record(session, user_id[:40], "sign_in_failed", user_id[:80], "unknown")
                refusal = SignInError("wrong_password", WRONG_PASSWORD)
            elif row.locked:
                audit.record(session, user_id, "sign_in_failed", user_id, "locked")
                refusal = SignInError("locked", LOCKED)
            elif not verify_password(password, row.password_hash):
                row.failed_attempts += 1
                left = MAX_FAILED_ATTEMPTS - row.failed_attempts
                if left <= 0:
                    row.locked = True
                    audit.record(session, user_id, "locked", user_id, "too many failed attempts")
                    refusal = SignInError("locked", LOCKED_NOW, 0)
                else:
                    audit.record(session, user_id, "sign_in_failed", user_id, f"{left} left")
                    refusal = SignInError("wrong_password", WRONG_PASSWORD, left)
            else:
                row.failed_attempts = 0
                row.last_login_at = datetime.now(UTC)
                audit.record(session, user_id, "sign_in", user_id)
                return _member(row)
        raise refusal

    def unlock(self, user_id: str, supervisor: StaffMember) -> None:
        if not supervisor.is_supervisor:
            raise StaffError("ロック解除は監督者だけができます")
        with self.database.session() as session:
            row = session.scalars(select(Staff).where(Staff.user_id == user_id)).first()
            if row is None:
                raise StaffError(f"利用者ID {user_id} はありません")
            row.locked = False
            row.failed_attempts = 0
            audit.record(session, supervisor.user_id, "unlock", user_id)

    def change_password(self, user_id: str, old: str, new: str) -> None:
        self.authenticate(user_id, old)
        problems = password_problems(user_id, new)
        if problems:
            raise StaffError("; ".join(problems))
        with self.database.session() as session:
            row = session.scalars(select(Staff).where(Staff.user_id == user_id)).one()
            row.password_hash = hash_password(new)
            row.password_changed_at = datetime.now(UTC)
            audit.record(session, user_id, "password_changed", user_id)


__all__ = [
    "LOCKED",
    "LOCKED_NOW",
    "MAX_FAILED_ATTEMPTS",
    "PASSWORD_MAX",
    "PASSWORD_MIN",
    "SignInError",
    "StaffError",
    "StaffMember",
    "StaffService",
    "hash_password",
    "password_problems",
    "verify_password",
]
