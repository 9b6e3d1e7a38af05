"""The command line acts as a signed-in staff member, with the account's real role."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from desktop.cli import main
from desktop.cli.common import EXIT_AUTH, EXIT_OK
from desktop.domain.notice import notice_from_payload
from desktop.store.ingest import store_notices
from desktop.store.models import AuditEntry, Decision
from tests.core.cli_support import add_staff, run_as
from tests.support import sample_payload

ACCEPT = ["decide", "T00000001", "accept", "--customer-number", "012345"]


@pytest.fixture
def stocked(database, database_url: str) -> list[str]:
    with database.session() as session:
        store_notices(session, [notice_from_payload(sample_payload(n)) for n in (1, 2)])
    add_staff(database)
    return ["--database-url", database_url]


def _decisions(database) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with database.session() as session:
        return list(session.execute(select(Decision.receipt_number, Decision.staff)).all())


def test_a_viewer_cannot_decide(stocked, monkeypatch, capsys, database) -> None:
    assert run_as(monkeypatch, "viewer1", [*ACCEPT, *stocked]) == EXIT_AUTH
    assert "accepting or rejecting needs the clerk role" in capsys.readouterr().err
    assert _decisions(database) == []


def test_an_unknown_name_cannot_decide(stocked, monkeypatch, capsys, database) -> None:
    argv = [*ACCEPT, *stocked]
    assert run_as(monkeypatch, "nobody-at-all", argv, password="anything-1") == EXIT_AUTH
    assert "wrong user ID or password" in capsys.readouterr().err
    assert _decisions(database) == []


def test_no_password_no_decision(stocked, monkeypatch, capsys, database) -> None:
    assert run_as(monkeypatch, "clerk1", [*ACCEPT, *stocked], password="") == EXIT_AUTH
    assert "no password given" in capsys.readouterr().err
    assert main([*ACCEPT, *stocked]) == EXIT_AUTH  # no --staff at all
    assert "--staff" in capsys.readouterr().err
    assert _decisions(database) == []


def test_a_clerk_decides_under_their_own_name(stocked, monkeypatch, database) -> None:
    assert run_as(monkeypatch, "clerk1", [*ACCEPT, *stocked]) == EXIT_OK
    assert _decisions(database) == [("T00000001", "clerk1")]


def test_wrong_passwords_count_down_then_lock(stocked, monkeypatch, capsys) -> None:
    argv = [*ACCEPT, *stocked]
    assert run_as(monkeypatch, "clerk1", argv, password="wrong-pass-1") == EXIT_AUTH
    assert "4 more attempt(s)" in capsys.readouterr().err
    for _ in range(4):
        run_as(monkeypatch, "clerk1", argv, password="wrong-pass-1")
    capsys.readouterr()
    assert run_as(monkeypatch, "clerk1", argv) == EXIT_AUTH  # the right one, too late
    assert "locked" in capsys.readouterr().err


def test_only_a_supervisor_reopens(stocked, monkeypatch, capsys) -> None:
    run_as(monkeypatch, "clerk1", [*ACCEPT, *stocked])
    assert run_as(monkeypatch, "clerk1", ["reopen", "T00000001", *stocked]) == EXIT_AUTH
    assert "supervisor" in capsys.readouterr().err
    assert run_as(monkeypatch, "boss", ["reopen", "T00000001", *stocked]) == EXIT_OK
    assert "withdrawn" in capsys.readouterr().out


def test_listing_notices_is_audited_with_what_was_shown(
    stocked, monkeypatch, capsys, database
) -> None:
    search = ["notices", "list", "--json", "--search", "T0000000", *stocked]
    assert run_as(monkeypatch, "viewer1", search) == EXIT_OK
    shown = {n["receipt_number"] for n in json.loads(capsys.readouterr().out)}
    with database.session() as session:
        rows = session.execute(
            select(AuditEntry.action, AuditEntry.target, AuditEntry.detail).where(
                AuditEntry.staff == "viewer1", AuditEntry.action.in_(("command", "view_list"))
            )
        ).all()
    by_action = {action: (target, detail) for action, target, detail in rows}
    assert by_action["command"][0] == "notices list"
    # The search words may be a resident's name: the row says a search was given, not which.
    assert "T0000000" not in by_action["command"][1]
    assert by_action["view_list"][0] == f"{len(shown)} notices"
    assert set(by_action["view_list"][1].split(", ")) == shown == {"T00000001", "T00000002"}
