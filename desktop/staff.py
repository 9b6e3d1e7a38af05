"""Staff accounts, sign-in, lock-out and the account's life from creation to leaving (DESIGN §10).

Passwords are hashed with scrypt, a memory-hard function in the standard
library; a hash made with other parameters is made again at the holder's
next sign-in. Five wrong passwords in a row lock the account for a while
(``StaffPolicy.lockout_minutes``); a supervisor can unlock at once, and the
OS account that owns the data folder can too (``unlock_as_data_owner``),
so a locked-out only supervisor is never the end.

A sign-in for an account that does not exist costs the same scrypt work
and answers in the same words as a wrong password, so the answers do not
tell which accounts exist; what was typed as the user ID is logged only as
a keyed hash (it may be a password typed into the wrong box).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop import audit, secrets
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
    StaffPolicy,
    password_problems,
    wrong_password_message,
)
from desktop.domain.workflow import Role
from desktop.store.database import Database
from desktop.store.models import AuditEntry, Staff


@dataclass(frozen=True, slots=True)
class ScryptCost:
    n: int
    r: int
    p: int

    @property
    def maxmem(self) -> int:
        # scrypt needs 128·r·N bytes; the library's default ceiling (32 MiB) is below that.
        return 128 * self.r * self.n * (self.p + 1) + 1024 * 1024


# OWASP lists N=2^17, r=8, p=1 and N=2^15, r=8, p=3 as giving the same defence; the
# second needs 32 MiB instead of 128 at each sign-in, which keeps the program's
# peak memory that much lower, for about 0.3 s on a counter PC.
RAISED_COST = ScryptCost(2**15, 8, 3)
SCRYPT_COST = RAISED_COST
_DUMMY_SALT = b"movedesk-no-such-account"


def hash_password(password: str, cost: ScryptCost | None = None) -> str:
    cost = cost or SCRYPT_COST
    salt = os.urandom(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=cost.n,
        r=cost.r,
        p=cost.p,
        maxmem=cost.maxmem,
        dklen=32,
    )
    encode = base64.b64encode
    return f"scrypt${cost.n}${cost.r}${cost.p}${encode(salt).decode()}${encode(digest).decode()}"


def _stored_cost(stored: str) -> ScryptCost | None:
    try:
        scheme, n, r, p, _salt, _digest = stored.split("$")
        return ScryptCost(int(n), int(r), int(p)) if scheme == "scrypt" else None
    except ValueError:
        return None


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        cost = ScryptCost(int(n), int(r), int(p))
        if cost.n > 2**20 or cost.r > 32 or cost.p > 16:
            return False  # a damaged row must not make sign-in eat the PC's memory
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=cost.n,
            r=cost.r,
            p=cost.p,
            maxmem=cost.maxmem,
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def needs_rehash(stored: str) -> bool:
    """True for a hash not made with today's parameters: weaker ones, and the earlier
    N=2^17, p=1, whose 128 MiB every sign-in would otherwise keep paying."""
    cost = _stored_cost(stored)
    return cost is None or cost != SCRYPT_COST


def _same_work_as_a_check(password: str) -> None:
    """The scrypt a real password check costs, for IDs that have no account."""
    cost = SCRYPT_COST
    hashlib.scrypt(
        password.encode("utf-8", "surrogatepass"),
        salt=_DUMMY_SALT,
        n=cost.n,
        r=cost.r,
        p=cost.p,
        maxmem=cost.maxmem,
        dklen=32,
    )


def _member(row: Staff) -> StaffMember:
    return StaffMember(row.user_id, row.display_name, row.role, bool(row.must_change_password))


def last_used(row: Staff) -> datetime:
    """Since when the account has not been used: its last sign-in, creation or restoration."""
    moments = [row.created_at, row.last_login_at, row.restored_at]
    return max(m for m in moments if m is not None)


class StaffService:
    def __init__(self, database: Database, policy: StaffPolicy | None = None) -> None:
        self.database = database
        self.policy = policy or StaffPolicy()
        self._pseudonym_key: bytes | None = None

    # -- looking ---------------------------------------------------------------------

    def has_staff(self) -> bool:
        with self.database.session() as session:
            return bool(session.scalar(select(func.count()).select_from(Staff)))

    def list_staff(self) -> list[tuple[StaffMember, bool, bool]]:
        """Every account with (member, locked, active)."""
        with self.database.session() as session:
            rows = session.scalars(select(Staff).order_by(Staff.user_id)).all()
            return [(_member(r), r.locked, r.active) for r in rows]

    def active_supervisors(self) -> int:
        with self.database.session() as session:
            return (
                session.scalar(
                    select(func.count())
                    .select_from(Staff)
                    .where(Staff.role == Role.SUPERVISOR, Staff.active.is_(True))
                )
                or 0
            )

    # -- creating and signing in -----------------------------------------------------

    def create(
        self,
        user_id: str,
        display_name: str,
        role: str,
        password: str,
        created_by: str,
        *,
        must_change_password: bool = False,
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
                    must_change_password=must_change_password,
                )
            )
            audit.record(session, created_by, "staff_created", user_id, role)
        return StaffMember(user_id, display_name.strip(), role, must_change_password)

    def pseudonym(self, typed: str) -> str:
        """How an ID with no account appears in the log: a keyed hash, never the text typed."""
        if self._pseudonym_key is None:
            # Read once: the credential store can be slow, and a sign-in for an
            # ID with no account must not take longer than one for a real account.
            try:
                self._pseudonym_key = secrets.unknown_id_key()
            except (secrets.SecretUnavailable, ValueError):
                self._pseudonym_key = b""
        key = self._pseudonym_key
        if not key:
            return "?unknown"
        digest = hmac.new(key, typed.encode("utf-8", "surrogatepass"), hashlib.sha256)
        return "?" + digest.hexdigest()[:20]

    def authenticate(self, user_id: str, password: str) -> StaffMember:
        """The account's member, or SignInError; every outcome is logged.

        The failure is counted and logged in a committed transaction; only
        then is the error raised, so a refused sign-in still leaves its trace.
        """
        refusal: SignInError | None = None
        now = datetime.now(UTC)
        with self.database.session() as session:
            row = session.scalars(
                select(Staff).where(Staff.user_id == user_id).with_for_update()
            ).first()
            if row is None or not row.active:
                _same_work_as_a_check(password)
                refusal = self._refuse_without_account(session, row, user_id, now)
            else:
                matches = verify_password(password, row.password_hash)
                self._end_expired_lock(session, row, now)
                self._lock_if_unused(session, row, now)
                if row.locked:
                    audit.record(session, user_id, "sign_in_failed", user_id, "locked")
                    refusal = SignInError("locked", LOCKED)
                elif not matches:
                    refusal = self._count_failure(session, row, now)
                else:
                    row.failed_attempts = 0
                    row.last_login_at = now
                    if needs_rehash(row.password_hash):
                        row.password_hash = hash_password(password)
                        audit.record(session, user_id, "password_rehashed", user_id)
                    audit.record(session, user_id, "sign_in", user_id)
                    return _member(row)
        assert refusal is not None
        raise refusal

    def _refuse_without_account(
        self, session: Session, row: Staff | None, typed: str, now: datetime
    ) -> SignInError:
        """Answer as a wrong password would, counting attempts against the same name."""
        label = row.user_id if row is not None else self.pseudonym(typed)
        since = now - timedelta(minutes=self.policy.lockout_minutes)
        earlier = session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(
                AuditEntry.action == "sign_in_failed",
                AuditEntry.target == label,
                AuditEntry.at >= since,
            )
        )
        audit.record(
            session, label, "sign_in_failed", label, "inactive" if row is not None else "unknown"
        )
        left = MAX_FAILED_ATTEMPTS - (earlier or 0) - 1
        if left < 0:
            return SignInError("locked", LOCKED)
        if left == 0:
            return SignInError("locked", LOCKED_NOW, 0)
        return SignInError("wrong_password", wrong_password_message(left), left)

    def _count_failure(self, session: Session, row: Staff, now: datetime) -> SignInError:
        row.failed_attempts += 1
        left = MAX_FAILED_ATTEMPTS - row.failed_attempts
        if left <= 0:
            row.locked, row.locked_at, row.lock_reason = True, now, "attempts"
            audit.record(session, row.user_id, "locked", row.user_id, "too many failed attempts")
            return SignInError("locked", LOCKED_NOW, 0)
        audit.record(session, row.user_id, "sign_in_failed", row.user_id, f"{left} left")
        return SignInError("wrong_password", wrong_password_message(left), left)

    def _end_expired_lock(self, session: Session, row: Staff, now: datetime) -> None:
        if not row.locked or row.lock_reason != "attempts" or row.locked_at is None:
            return
        if now - row.locked_at >= timedelta(minutes=self.policy.lockout_minutes):
            row.locked, row.locked_at, row.lock_reason = False, None, None
            row.failed_attempts = 0
            audit.record(session, "movedesk", "unlock", row.user_id, "lock-out time over")

    def _lock_if_unused(self, session: Session, row: Staff, now: datetime) -> bool:
        """Lock the account if it has gone unused past the limit; True if it was locked now."""
        if row.locked:
            return False
        idle = now - last_used(row)
        if idle < timedelta(days=self.policy.unused_lock_days):
            return False
        row.locked, row.locked_at, row.lock_reason = True, now, "unused"
        audit.record(session, "movedesk", "locked", row.user_id, f"unused {idle.days} days")
        return True

    def lock_unused_accounts(self) -> list[str]:
        """Lock every account past the long-unused limit; return their IDs."""
        now = datetime.now(UTC)
        locked = []
        with self.database.session() as session:
            accounts = session.scalars(
                select(Staff).where(Staff.active.is_(True)).with_for_update()
            ).all()
            for row in accounts:
                if self._lock_if_unused(session, row, now):
                    locked.append(row.user_id)
        return locked

    # -- what the holder does --------------------------------------------------------

    def change_password(self, user_id: str, old: str, new: str) -> None:
        self.authenticate(user_id, old)
        problems = password_problems(user_id, new)
        if new == old:
            problems.append("今と同じパスワードは使えません")
        if problems:
            raise StaffError("; ".join(problems))
        with self.database.session() as session:
            row = session.scalars(select(Staff).where(Staff.user_id == user_id)).one()
            row.password_hash = hash_password(new)
            row.password_changed_at = datetime.now(UTC)
            row.must_change_password = False
            audit.record(session, user_id, "password_changed", user_id)

    # -- what a supervisor does ------------------------------------------------------

    def _account(self, session: Session, user_id: str) -> Staff:
        row = session.scalars(
            select(Staff).where(Staff.user_id == user_id).with_for_update()
        ).first()
        if row is None:
            raise StaffError(f"利用者ID {user_id} はありません")
        return row

    @staticmethod
    def _require_supervisor(member: StaffMember, what: str) -> None:
        if not member.is_supervisor:
            raise StaffError(f"{what}は監督者だけができます")

    @staticmethod
    def _restore(row: Staff, now: datetime) -> None:
        row.locked, row.locked_at, row.lock_reason = False, None, None
        row.failed_attempts = 0
        row.restored_at = now

    def unlock(self, user_id: str, supervisor: StaffMember) -> None:
        self._require_supervisor(supervisor, "ロック解除")
        with self.database.session() as session:
            row = self._account(session, user_id)
            self._restore(row, datetime.now(UTC))
            audit.record(session, supervisor.user_id, "unlock", user_id)

    def unlock_as_data_owner(self, user_id: str, os_user: str) -> None:
        """The administrator's way back in: the caller checked the data folder is theirs."""
        with self.database.session() as session:
            row = self._account(session, user_id)
            self._restore(row, datetime.now(UTC))
            audit.record(session, f"os:{os_user}", "unlock", user_id, "data folder owner")

    def reset_password(self, user_id: str, temporary: str, supervisor: StaffMember) -> None:
        """Give the account a password the holder must replace at the next sign-in."""
        self._require_supervisor(supervisor, "パスワードの再設定")
        problems = password_problems(user_id, temporary)
        if problems:
            raise StaffError("; ".join(problems))
        now = datetime.now(UTC)
        with self.database.session() as session:
            row = self._account(session, user_id)
            row.password_hash = hash_password(temporary)
            row.password_changed_at = now
            row.must_change_password = True
            self._restore(row, now)
            audit.record(session, supervisor.user_id, "password_reset", user_id)

    @staticmethod
    def _other_supervisors(session: Session, row: Staff) -> int:
        return (
            session.scalar(
                select(func.count())
                .select_from(Staff)
                .where(
                    Staff.role == Role.SUPERVISOR,
                    Staff.active.is_(True),
                    Staff.id != row.id,
                )
            )
            or 0
        )

    def change_role(self, user_id: str, role: str, supervisor: StaffMember) -> None:
        """Give the account another role; the log records it (the verifier checks roles against it)."""
        self._require_supervisor(supervisor, "権限の変更")
        if role not in set(Role):
            raise StaffError(f"unknown role {role!r}")
        with self.database.session() as session:
            row = self._account(session, user_id)
            if row.role == role:
                return
            if (
                row.role == Role.SUPERVISOR
                and row.active
                and not self._other_supervisors(session, row)
            ):
                raise StaffError(
                    "最後の監督者の権限は変えられません。先に別の監督者を登録してください"
                )
            row.role = role
            audit.record(session, supervisor.user_id, "role_changed", user_id, role)

    def deactivate(self, user_id: str, supervisor: StaffMember) -> None:
        """A leaver's account: kept for the record, no longer able to sign in."""
        self._require_supervisor(supervisor, "アカウントの無効化")
        with self.database.session() as session:
            row = self._account(session, user_id)
            if not row.active:
                return
            if row.role == Role.SUPERVISOR and not self._other_supervisors(session, row):
                raise StaffError("最後の監督者は無効にできません。先に別の監督者を登録してください")
            row.active = False
            row.deactivated_at = datetime.now(UTC)
            audit.record(session, supervisor.user_id, "staff_deactivated", user_id)

    def reactivate(self, user_id: str, supervisor: StaffMember) -> None:
        self._require_supervisor(supervisor, "アカウントの再有効化")
        now = datetime.now(UTC)
        with self.database.session() as session:
            row = self._account(session, user_id)
            row.active = True
            row.deactivated_at = None
            self._restore(row, now)
            audit.record(session, supervisor.user_id, "staff_reactivated", user_id)


__all__ = [
    "LOCKED",
    "LOCKED_NOW",
    "MAX_FAILED_ATTEMPTS",
    "PASSWORD_MAX",
    "PASSWORD_MIN",
    "SCRYPT_COST",
    "WRONG_PASSWORD",
    "ScryptCost",
    "SignInError",
    "StaffError",
    "StaffMember",
    "StaffPolicy",
    "StaffService",
    "hash_password",
    "needs_rehash",
    "password_problems",
    "verify_password",
]
