"""``movedesk claim`` / ``release`` end to end: held claims, takeovers, a supervisor's release."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from desktop.claims import clock_text
from desktop.cli import main
from desktop.cli.common import EXIT_AUTH, EXIT_FAILED, EXIT_OK, EXIT_USAGE
from desktop.domain.notice import notice_from_payload
from desktop.service import Actor, NoticeService
from desktop.staff import StaffService
from desktop.store.ingest import store_notices
from desktop.store.models import AuditEntry, NoticeRecord
from tests.core.cli_support import add_staff, run_as
from tests.support import sample_payload

TANAKA_PASSWORD = "Paper-Lantern-4"
RECEIPT = "T00000001"


@pytest.fixture
def office(database, database_url: str) -> list[str]:
    with database.session() as session:
        store_notices(session, [notice_from_payload(sample_payload(1))])
    add_staff(database)
    StaffService(database).create("tanaka", "田中 一郎", "clerk", TANAKA_PASSWORD, "setup")
    return ["--database-url", database_url]


def _as(monkeypatch, user: str, argv: list[str], office: list[str]) -> int:
    if user == "tanaka":
        monkeypatch.setattr("sys.stdin", io.StringIO(f"{TANAKA_PASSWORD}\n"))
        return main([*argv, *office, "--staff", user, "--password-stdin"])
    return run_as(monkeypatch, user, [*argv, *office])


def _notice(database) -> tuple[str, str | None]:  # type: ignore[no-untyped-def]
    with database.session() as session:
        row = session.scalars(
            select(NoticeRecord).where(NoticeRecord.receipt_number == RECEIPT)
        ).one()
        return row.status, row.assignee


def _acts(database) -> list[tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    """The audit rows of the acts themselves, not of the commands that asked for them."""
    with database.session() as session:
        return [
            tuple(row)
            for row in session.execute(
                select(AuditEntry.staff, AuditEntry.action, AuditEntry.target, AuditEntry.detail)
                .where(AuditEntry.action.in_(("claim", "take_over", "release", "reassign")))
                .order_by(AuditEntry.seq)
            )
        ]


def _claimed_at_text(database) -> str:  # type: ignore[no-untyped-def]
    with database.session() as session:
        moment = session.scalar(
            select(NoticeRecord.claimed_at).where(NoticeRecord.receipt_number == RECEIPT)
        )
    return clock_text(moment)


def test_a_claim_is_the_windows_claim_and_audited(office, database, monkeypatch, capsys) -> None:
    assert _as(monkeypatch, "tanaka", ["claim", RECEIPT], office) == EXIT_OK
    assert f"{RECEIPT}: claimed by 田中 一郎 (tanaka)" in capsys.readouterr().out
    assert _notice(database) == ("in_progress", "tanaka")
    assert _acts(database) == [("tanaka", "claim", RECEIPT, "")]
    # Claiming one's own notice again changes nothing and writes no second act.
    assert _as(monkeypatch, "tanaka", ["claim", RECEIPT], office) == EXIT_OK
    assert "already claimed" in capsys.readouterr().out
    assert len(_acts(database)) == 1


def test_a_notice_held_by_another_clerk_names_the_holder_and_since_when(
    office, database, monkeypatch, capsys
) -> None:
    assert _as(monkeypatch, "tanaka", ["claim", RECEIPT], office) == EXIT_OK
    capsys.readouterr()
    assert _as(monkeypatch, "clerk1", ["claim", RECEIPT], office) == EXIT_FAILED
    captured = capsys.readouterr()
    since = _claimed_at_text(database)
    assert captured.out == ""
    assert captured.err.strip() == (
        f"movedesk: {RECEIPT} is claimed by 田中 一郎 (tanaka) since {since}; "
        "add --take-over to take it over"
    )
    assert _notice(database) == ("in_progress", "tanaka")
    assert [act[1] for act in _acts(database)] == ["claim"]

    assert _as(monkeypatch, "clerk1", ["claim", RECEIPT, "--take-over"], office) == EXIT_OK
    assert "taken over from 田中 一郎 (tanaka)" in capsys.readouterr().out
    assert _notice(database) == ("in_progress", "clerk1")
    assert _acts(database)[-1] == ("clerk1", "take_over", RECEIPT, "tanaka")


def test_the_refusal_speaks_japanese_on_a_japanese_system(
    office, database, monkeypatch, capsys
) -> None:
    assert _as(monkeypatch, "tanaka", ["claim", RECEIPT], office) == EXIT_OK
    capsys.readouterr()
    monkeypatch.setenv("MOVEDESK_LANGUAGE", "ja")
    assert _as(monkeypatch, "clerk1", ["claim", RECEIPT], office) == EXIT_FAILED
    since = _claimed_at_text(database)
    assert f"担当: 田中 一郎 (tanaka)（{since}から）" in capsys.readouterr().err


def test_a_clerk_cannot_release_another_clerks_claim_a_supervisor_can(
    office, database, monkeypatch, capsys
) -> None:
    assert _as(monkeypatch, "tanaka", ["claim", RECEIPT], office) == EXIT_OK
    capsys.readouterr()
    assert _as(monkeypatch, "clerk1", ["release", RECEIPT], office) == EXIT_FAILED
    err = capsys.readouterr().err
    assert "田中 一郎 (tanaka)" in err and "only its holder or a supervisor" in err
    assert _notice(database) == ("in_progress", "tanaka")

    assert _as(monkeypatch, "boss", ["release", RECEIPT], office) == EXIT_OK
    assert "it was 田中 一郎 (tanaka)'s" in capsys.readouterr().out
    assert _notice(database) == ("new", None)
    assert _acts(database)[-1] == ("boss", "release", RECEIPT, "tanaka")


def test_the_holder_releases_their_own_claim(office, database, monkeypatch, capsys) -> None:
    assert _as(monkeypatch, "clerk1", ["claim", RECEIPT], office) == EXIT_OK
    assert _as(monkeypatch, "clerk1", ["release", RECEIPT], office) == EXIT_OK
    assert _notice(database) == ("new", None)
    assert _acts(database) == [
        ("clerk1", "claim", RECEIPT, ""),
        ("clerk1", "release", RECEIPT, ""),
    ]
    # Nothing is claimed now: a second release is refused by the workflow.
    assert _as(monkeypatch, "clerk1", ["release", RECEIPT], office) == EXIT_USAGE
    assert len(_acts(database)) == 2


def test_a_supervisor_hands_a_notice_to_a_clerk_a_clerk_cannot(
    office, database, monkeypatch, capsys
) -> None:
    assert _as(monkeypatch, "tanaka", ["claim", RECEIPT], office) == EXIT_OK
    assert _as(monkeypatch, "clerk1", ["claim", RECEIPT, "--for", "clerk1"], office) == EXIT_AUTH
    assert _notice(database) == ("in_progress", "tanaka")
    capsys.readouterr()
    assert _as(monkeypatch, "boss", ["claim", RECEIPT, "--for", "clerk1"], office) == EXIT_OK
    assert "handed to 窓口 一郎 (clerk1) (was 田中 一郎 (tanaka))" in capsys.readouterr().out
    assert _notice(database) == ("in_progress", "clerk1")
    assert _acts(database)[-1] == ("boss", "reassign", RECEIPT, "tanaka -> clerk1")


def test_a_claim_from_the_command_line_blocks_a_decision_in_the_window(
    office, database, monkeypatch
) -> None:
    from desktop.claims import NoticeHeld

    assert _as(monkeypatch, "tanaka", ["claim", RECEIPT], office) == EXIT_OK
    with pytest.raises(NoticeHeld) as held:
        NoticeService(database).decide(
            RECEIPT, "accept", Actor("clerk1", "clerk"), customer_number="012345"
        )
    assert held.value.holder == "tanaka"


def test_each_run_is_audited_as_a_command_with_its_receipt(office, database, monkeypatch) -> None:
    assert _as(monkeypatch, "clerk1", ["claim", RECEIPT, "--take-over"], office) == EXIT_OK
    with database.session() as session:
        runs = session.execute(
            select(AuditEntry.target, AuditEntry.detail).where(
                AuditEntry.staff == "clerk1", AuditEntry.action == "command"
            )
        ).all()
    assert [target for target, _ in runs] == ["claim"]
    assert RECEIPT in runs[0][1] and "take_over" in runs[0][1]
