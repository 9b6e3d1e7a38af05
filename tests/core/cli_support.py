"""Running ``movedesk`` in-process as a signed-in staff member."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pytest

from desktop.cli import main
from desktop.staff import StaffService

PASSWORDS = {
    "boss": "Correct-Horse-1",
    "clerk1": "Battery-Staple-2",
    "viewer1": "Quiet-Window-3",
}
ROLES = {"boss": "supervisor", "clerk1": "clerk", "viewer1": "viewer"}
NAMES = {"boss": "監督 花子", "clerk1": "窓口 一郎", "viewer1": "参照 三郎"}


def add_staff(database: object) -> None:
    """A supervisor, a clerk and a viewer, with the passwords above."""
    staff = StaffService(database)  # type: ignore[arg-type]
    for user_id, role in ROLES.items():
        staff.create(user_id, NAMES[user_id], role, PASSWORDS[user_id], "setup")


def run_as(
    monkeypatch: pytest.MonkeyPatch,
    user_id: str,
    argv: Sequence[str],
    *,
    password: str | None = None,
    more_input: str = "",
) -> int:
    """``movedesk ARGV --staff USER --password-stdin`` with the password on standard input."""
    typed = PASSWORDS.get(user_id, "") if password is None else password
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{typed}\n{more_input}"))
    return main([*argv, "--staff", user_id, "--password-stdin"])
