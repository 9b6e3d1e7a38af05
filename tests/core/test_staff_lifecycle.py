"""An account's life: rules for its password, lock-outs that end, resets, leaving, long disuse."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from desktop import staff as staff_module
from desktop.domain.accounts import StaffPolicy, password_problems
from desktop.staff import (
    RAISED_COST,
    SignInError,
    StaffError,
    StaffService,
    hash_password,
    needs_rehash,
    verify_password,
)
from desktop.store.models import AuditEntry, Staff

BOSS_PASSWORD = "Correct-Horse-1"
CLERK_PASSWORD = "Battery-Staple-2"


@pytest.fixture
def staff(database) -> StaffService:
    service = StaffService(database, StaffPolicy(lockout_minutes=15))
    service.create("boss", "監督 花子", "supervisor", BOSS_PASSWORD, created_by="setup")
    service.create("clerk1", "窓口 一郎", "clerk", CLERK_PASSWORD, created_by="boss")
    return service


def _audit(service: StaffService) -> list[tuple[str, str, str, str]]:
    with service.database.session() as session:
        rows = session.execute(
            select(AuditEntry.staff, AuditEntry.action, AuditEntry.target, AuditEntry.detail)
        ).all()
    return [tuple(r) for r in rows]


def _age(service: StaffService, user_id: str, **moments: timedelta) -> None:
    """Move the account's timestamps into the past."""
    now = datetime.now(UTC)
    with service.database.session() as session:
        session.execute(
            update(Staff)
            .where(Staff.user_id == user_id)
            .values(**{column: now - ago for column, ago in moments.items()})
        )


def _fail(service: StaffService, user_id: str, times: int) -> SignInError:
    error = None
    for _ in range(times):
        with pytest.raises(SignInError) as caught:
            service.authenticate(user_id, "not-the-password")
        error = caught.value
    assert error is not None
    return error


# -- password rules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user_id", "password", "problem"),
    [
        ("yamada", "ｙａｍａｄａ-2026x", "利用者ID"),  # full-width letters are the same ID
        ("yamada", "YAMADA-long-pass", "利用者ID"),
        ("yamada", " " * 8, "空白"),
        ("yamada", "\u3000" * 10, "空白"),  # ideographic spaces
        ("yamada", "password123", "よく使われて"),
        ("yamada", "ＰＡＳＳＷＯＲＤ１２３", "よく使われて"),
        ("yamada", "Qwerty123", "よく使われて"),
    ],
)
def test_password_rules_refuse(user_id: str, password: str, problem: str) -> None:
    assert any(problem in p for p in password_problems(user_id, password))


def test_a_sound_password_passes_every_rule() -> None:
    assert password_problems("yamada", "Kawa-no-nagare-7") == []


def test_the_rules_hold_when_an_account_is_created(staff: StaffService) -> None:
    with pytest.raises(StaffError, match="空白"):
        staff.create("clerk2", "窓口 二郎", "clerk", " " * 8, created_by="boss")
    with pytest.raises(StaffError, match="利用者ID"):
        staff.create("clerk2", "窓口 二郎", "clerk", "ｃｌｅｒｋ２-pass", created_by="boss")


# -- hashing -----------------------------------------------------------------------------


def test_the_raised_scrypt_cost_is_what_production_uses() -> None:
    # One of the parameter sets OWASP counts as equal to N=2^17, r=8, p=1.
    assert (RAISED_COST.n, RAISED_COST.r, RAISED_COST.p) == (2**15, 8, 3)
    stored = hash_password("Kawa-no-nagare-7", RAISED_COST)
    assert stored.startswith(f"scrypt${RAISED_COST.n}$")
    assert verify_password("Kawa-no-nagare-7", stored)


def test_an_old_hash_is_upgraded_at_the_next_sign_in(staff: StaffService) -> None:
    weak = hash_password(CLERK_PASSWORD, staff_module.ScryptCost(2**8, 8, 1))
    with staff.database.session() as session:
        session.execute(update(Staff).where(Staff.user_id == "clerk1").values(password_hash=weak))
    assert needs_rehash(weak)
    staff.authenticate("clerk1", CLERK_PASSWORD)
    with staff.database.session() as session:
        stored = session.scalar(select(Staff.password_hash).where(Staff.user_id == "clerk1"))
    assert stored != weak and not needs_rehash(stored)
    assert verify_password(CLERK_PASSWORD, stored)
    assert ("clerk1", "password_rehashed", "clerk1", "") in _audit(staff)


def test_a_hash_of_the_earlier_memory_heavy_cost_is_made_again(staff: StaffService) -> None:
    earlier = hash_password(CLERK_PASSWORD, staff_module.ScryptCost(2**11, 8, 1))
    assert needs_rehash(earlier) and not needs_rehash(hash_password(CLERK_PASSWORD))


def test_a_damaged_hash_refuses_without_crashing(staff: StaffService) -> None:
    with staff.database.session() as session:
        session.execute(
            update(Staff).where(Staff.user_id == "clerk1").values(password_hash="scrypt$x$y")
        )
    with pytest.raises(SignInError):
        staff.authenticate("clerk1", CLERK_PASSWORD)
    assert not verify_password("x", f"scrypt${2**30}$8$1$AAAA$AAAA")


# -- unknown and known accounts look alike ------------------------------------------------


def test_unknown_and_known_accounts_get_the_same_answers(staff: StaffService) -> None:
    known = [_fail(staff, "clerk1", 1) for _ in range(5)]
    unknown = [_fail(staff, "no-such-person", 1) for _ in range(5)]
    assert [(e.reason, e.attempts_left, str(e)) for e in known] == [
        (e.reason, e.attempts_left, str(e)) for e in unknown
    ]
    assert [e.attempts_left for e in known] == [4, 3, 2, 1, 0]
    assert "あと4回" in str(known[0])
    again = _fail(staff, "no-such-person", 1), _fail(staff, "clerk1", 1)
    assert str(again[0]) == str(again[1]) and again[0].reason == "locked"


def test_an_unknown_id_is_never_stored_as_typed(staff: StaffService) -> None:
    typed = "MySecret-Passw0rd"  # a password typed into the user-ID box
    _fail(staff, typed, 2)
    rows = _audit(staff)
    assert not any(typed.lower() in " ".join(row).lower() for row in rows)
    failed = [row for row in rows if row[1] == "sign_in_failed"]
    assert len(failed) == 2 and failed[0][0] == failed[1][0]  # one stable pseudonym
    assert failed[0][0].startswith("?") and failed[0][0] == staff.pseudonym(typed)
    assert staff.pseudonym(typed) != staff.pseudonym(typed + "x")


def test_a_deactivated_account_answers_like_a_wrong_password(staff: StaffService) -> None:
    boss = staff.authenticate("boss", BOSS_PASSWORD)
    staff.deactivate("clerk1", boss)
    with pytest.raises(SignInError) as caught:
        staff.authenticate("clerk1", CLERK_PASSWORD)
    assert caught.value.reason == "wrong_password" and caught.value.attempts_left == 4


# -- lock-out ----------------------------------------------------------------------------


def test_a_lock_out_ends_by_itself_after_the_set_time(staff: StaffService) -> None:
    assert _fail(staff, "clerk1", 5).reason == "locked"
    with pytest.raises(SignInError, match="ロック"):
        staff.authenticate("clerk1", CLERK_PASSWORD)
    _age(staff, "clerk1", locked_at=timedelta(minutes=14))
    with pytest.raises(SignInError, match="ロック"):
        staff.authenticate("clerk1", CLERK_PASSWORD)
    _age(staff, "clerk1", locked_at=timedelta(minutes=16))
    assert staff.authenticate("clerk1", CLERK_PASSWORD).user_id == "clerk1"
    assert ("movedesk", "unlock", "clerk1", "lock-out time over") in _audit(staff)
    # and the count starts afresh
    assert _fail(staff, "clerk1", 1).attempts_left == 4


def test_a_supervisor_unlocks_at_once(staff: StaffService) -> None:
    _fail(staff, "clerk1", 5)
    staff.unlock("clerk1", staff.authenticate("boss", BOSS_PASSWORD))
    assert staff.authenticate("clerk1", CLERK_PASSWORD).user_id == "clerk1"


def test_the_data_folder_owner_unlocks_the_only_supervisor(staff: StaffService) -> None:
    _fail(staff, "boss", 5)
    staff.unlock_as_data_owner("boss", "windows-user")
    assert staff.authenticate("boss", BOSS_PASSWORD).is_supervisor
    assert ("os:windows-user", "unlock", "boss", "data folder owner") in _audit(staff)


# -- reset and forced change ------------------------------------------------------------


def test_a_reset_forces_a_change_at_the_next_sign_in(staff: StaffService) -> None:
    boss = staff.authenticate("boss", BOSS_PASSWORD)
    _fail(staff, "clerk1", 5)
    staff.reset_password("clerk1", "Temporary-Pass-9", boss)
    member = staff.authenticate("clerk1", "Temporary-Pass-9")  # the reset also unlocked it
    assert member.must_change_password
    with pytest.raises(StaffError, match="同じ"):
        staff.change_password("clerk1", "Temporary-Pass-9", "Temporary-Pass-9")
    staff.change_password("clerk1", "Temporary-Pass-9", "My-Own-Choice-4")
    assert not staff.authenticate("clerk1", "My-Own-Choice-4").must_change_password
    actions = [row[1] for row in _audit(staff)]
    assert "password_reset" in actions and "password_changed" in actions


def test_only_a_supervisor_resets_deactivates_or_unlocks(staff: StaffService) -> None:
    clerk = staff.authenticate("clerk1", CLERK_PASSWORD)
    for act in (
        lambda: staff.reset_password("boss", "Temporary-Pass-9", clerk),
        lambda: staff.deactivate("boss", clerk),
        lambda: staff.reactivate("boss", clerk),
        lambda: staff.unlock("boss", clerk),
    ):
        with pytest.raises(StaffError, match="監督者"):
            act()


def test_an_account_created_by_a_supervisor_must_change_its_password(
    staff: StaffService,
) -> None:
    staff.create(
        "clerk2",
        "窓口 二郎",
        "clerk",
        "Handed-Over-5",
        created_by="boss",
        must_change_password=True,
    )
    assert staff.authenticate("clerk2", "Handed-Over-5").must_change_password


# -- leaving and coming back ------------------------------------------------------------


def test_deactivate_and_reactivate(staff: StaffService) -> None:
    boss = staff.authenticate("boss", BOSS_PASSWORD)
    staff.deactivate("clerk1", boss)
    with pytest.raises(SignInError):
        staff.authenticate("clerk1", CLERK_PASSWORD)
    staff.reactivate("clerk1", boss)
    assert staff.authenticate("clerk1", CLERK_PASSWORD).user_id == "clerk1"
    actions = [row[1] for row in _audit(staff)]
    assert "staff_deactivated" in actions and "staff_reactivated" in actions


def test_the_last_supervisor_cannot_be_deactivated(staff: StaffService) -> None:
    boss = staff.authenticate("boss", BOSS_PASSWORD)
    with pytest.raises(StaffError, match="最後の監督者"):
        staff.deactivate("boss", boss)
    staff.create("boss2", "監督 次郎", "supervisor", "Second-Boss-8", created_by="boss")
    assert staff.active_supervisors() == 2
    staff.deactivate("boss", boss)
    assert staff.active_supervisors() == 1


# -- long-unused accounts ---------------------------------------------------------------


def test_an_account_unused_for_180_days_is_locked(staff: StaffService) -> None:
    _age(staff, "clerk1", created_at=timedelta(days=200), last_login_at=timedelta(days=181))
    with pytest.raises(SignInError) as caught:
        staff.authenticate("clerk1", CLERK_PASSWORD)
    assert caught.value.reason == "locked"
    assert any(row[1] == "locked" and row[3].startswith("unused") for row in _audit(staff))
    # unlike a lock-out, time does not end it; a supervisor does
    _age(staff, "clerk1", locked_at=timedelta(days=1))
    with pytest.raises(SignInError):
        staff.authenticate("clerk1", CLERK_PASSWORD)
    staff.unlock("clerk1", staff.authenticate("boss", BOSS_PASSWORD))
    assert staff.authenticate("clerk1", CLERK_PASSWORD).user_id == "clerk1"


def test_the_unused_limit_is_a_setting(database) -> None:
    service = StaffService(database, StaffPolicy(unused_lock_days=30))
    service.create("boss", "監督 花子", "supervisor", BOSS_PASSWORD, created_by="setup")
    _age(service, "boss", created_at=timedelta(days=31))
    assert service.lock_unused_accounts() == ["boss"]


def test_an_unknown_id_costs_the_same_scrypt_work_as_a_known_one(
    staff: StaffService, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib

    calls: list[tuple[int, int, int]] = []
    real_scrypt = hashlib.scrypt

    def counted(password, **options):  # type: ignore[no-untyped-def]
        calls.append((options["n"], options["r"], options["p"]))
        return real_scrypt(password, **options)

    monkeypatch.setattr(hashlib, "scrypt", counted)
    _fail(staff, "clerk1", 1)
    known, calls[:] = list(calls), []
    _fail(staff, "no-such-person", 1)
    assert calls == known and len(known) == 1


def test_without_a_credential_store_unknown_ids_are_still_not_stored(
    staff: StaffService, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop import secrets

    def unavailable() -> bytes:
        raise secrets.SecretUnavailable("credential_store_unreadable", "読めません")

    monkeypatch.setattr(secrets, "unknown_id_key", unavailable)
    _fail(staff, "MySecret-Passw0rd", 1)
    assert not any("MySecret" in " ".join(row) for row in _audit(staff))
    assert ("?unknown", "sign_in_failed", "?unknown", "unknown") in _audit(staff)


def test_a_supervisor_changes_a_role_and_the_log_agrees(staff: StaffService) -> None:
    from desktop.audit_chain import verify_chain

    boss = staff.authenticate("boss", BOSS_PASSWORD)
    with pytest.raises(StaffError, match="最後の監督者"):
        staff.change_role("boss", "clerk", boss)
    with pytest.raises(StaffError, match="監督者"):
        staff.change_role("boss", "viewer", staff.authenticate("clerk1", CLERK_PASSWORD))
    staff.change_role("clerk1", "supervisor", boss)
    assert staff.authenticate("clerk1", CLERK_PASSWORD).is_supervisor
    assert staff.active_supervisors() == 2
    staff.change_role("boss", "clerk", boss)  # now there is another
    assert ("boss", "role_changed", "clerk1", "supervisor") in _audit(staff)
    assert verify_chain(staff.database).intact
