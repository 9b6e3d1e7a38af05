from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.staff import (
    SignInError,
    StaffError,
    StaffMember,
    StaffService,
    hash_password,
    verify_password,
)
from desktop.store.models import AuditEntry


@pytest.fixture
def staff(database) -> StaffService:
    service = StaffService(database)
    service.create("boss", "監督 花子", "supervisor", "Correct-Horse-1", created_by="setup")
    service.create("clerk1", "窓口 一郎", "clerk", "Battery-Staple-2", created_by="boss")
    return service


def test_password_hash_round_trip() -> None:
    stored = hash_password("パスワード123")
    assert stored.startswith("scrypt$") and "パスワード" not in stored
    assert verify_password("パスワード123", stored)
    assert not verify_password("パスワード124", stored)
    assert not verify_password("x", "garbage")


@pytest.mark.parametrize(
    ("password", "problem"),
    [("short", "8〜32"), ("x" * 33, "8〜32"), ("my-clerk2-password", "利用者ID")],
)
def test_password_rules(staff: StaffService, password: str, problem: str) -> None:
    with pytest.raises(StaffError, match=problem):
        staff.create("clerk2", "窓口 二郎", "clerk", password, created_by="boss")


def test_sign_in_and_lock_out_after_five_failures(staff: StaffService) -> None:
    assert staff.authenticate("clerk1", "Battery-Staple-2").role == "clerk"
    for left in (4, 3, 2, 1):
        with pytest.raises(SignInError) as caught:
            staff.authenticate("clerk1", "wrong-password")
        assert caught.value.reason == "wrong_password" and caught.value.attempts_left == left
    with pytest.raises(SignInError) as caught:
        staff.authenticate("clerk1", "wrong-password")
    assert caught.value.reason == "locked"
    with pytest.raises(SignInError, match="ロック"):
        staff.authenticate("clerk1", "Battery-Staple-2")  # even the right password
    boss = staff.authenticate("boss", "Correct-Horse-1")
    with pytest.raises(StaffError):
        staff.unlock("clerk1", StaffMember("clerk3", "窓口 三郎", "clerk"))
    staff.unlock("clerk1", boss)
    assert staff.authenticate("clerk1", "Battery-Staple-2").user_id == "clerk1"
    with staff.database.session() as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    assert actions.count("sign_in_failed") >= 5 and "locked" in actions and "unlock" in actions


def test_unknown_user_gets_the_same_message(staff: StaffService) -> None:
    with pytest.raises(SignInError, match="利用者IDまたはパスワードが違います"):
        staff.authenticate("nobody", "whatever-123")
