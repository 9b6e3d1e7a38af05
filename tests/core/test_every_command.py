"""Every sub-command either touches no personal data, or signs in, checks the role and audits.

The commands come from the real parser, so a new command that is not
declared in ``desktop.cli.access.COMMANDS``, or declared without sample
arguments here, fails this test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.authority import LEAST_ROLE
from desktop.cli import main
from desktop.cli.access import COMMANDS
from desktop.cli.common import EXIT_AUTH
from desktop.cli.main import build_parser, command_parsers
from desktop.domain.notice import notice_from_payload
from desktop.domain.workflow import Role
from desktop.store.ingest import store_notices
from desktop.store.models import AuditEntry
from tests.core.cli_support import add_staff, run_as
from tests.support import sample_payload

DAY = "2026-11-27"
NO_PORT = "/dev/no-such-modem"

# Arguments each personal-data command runs with; {tmp} is a fresh folder.
SAMPLES: dict[str, list[str]] = {
    "notices list": ["notices", "list", "--json"],
    "claim": ["claim", "T00000001"],
    "release": ["release", "T00000001"],
    "decide": ["decide", "T00000001", "accept", "--customer-number", "012345"],
    "reopen": ["reopen", "T00000001"],
    "login": ["login", "--password-stdin"],
    "print daily": ["print", "daily", "--date", DAY, "--kind", "move_in", "--out", "{tmp}/l.pdf"],
    "print notice": ["print", "notice", "T00000001", "--out", "{tmp}/n.pdf"],
    "export csv": ["export", "csv", "--date", DAY, "--out", "{tmp}/l.csv"],
    "fax send": ["fax", "send", "--port", NO_PORT, "--to", "0311112222", "{tmp}/missing.pdf"],
    "fax receive": ["fax", "receive", "--port", NO_PORT, "--out", "{tmp}/in", "--once"],
    "fax read-notice": ["fax", "read-notice", "{tmp}/missing.tif"],
    "service-account add": ["service-account", "add", "nightly", "--commands", "print daily"],
    "service-account list": ["service-account", "list"],
    "service-account remove": ["service-account", "remove", "nobody-here"],
}
PERSONAL = sorted(path for path, access in COMMANDS.items() if access.use is not None)
USER_OF_ROLE = {Role.VIEWER: "viewer1", Role.CLERK: "clerk1", Role.SUPERVISOR: "boss"}
_BELOW = {Role.CLERK: Role.VIEWER, Role.SUPERVISOR: Role.CLERK}


@pytest.fixture
def stocked(database, database_url: str) -> list[str]:
    with database.session() as session:
        store_notices(session, [notice_from_payload(sample_payload(1, move_date=DAY))])
    add_staff(database)
    return ["--database-url", database_url, "--partner-id", "demo-partner"]


def _argv(path: str, tmp_path: Path) -> list[str]:
    return [word.replace("{tmp}", str(tmp_path)) for word in SAMPLES[path]]


def test_every_command_is_declared() -> None:
    parser = build_parser()
    found = {leaf.get_default("command_path") for leaf in command_parsers(parser)}
    assert found == set(COMMANDS), "declare each command in desktop.cli.access.COMMANDS"
    for path, access in COMMANDS.items():
        if access.use is None:
            assert access.why, f"{path}: say why it touches no personal data"
        else:
            assert path in SAMPLES, f"{path}: add sample arguments to SAMPLES"


@pytest.mark.parametrize("path", PERSONAL)
def test_without_sign_in_it_is_refused(path, stocked, tmp_path, capsys, database) -> None:
    assert main([*_argv(path, tmp_path), *stocked]) == EXIT_AUTH
    captured = capsys.readouterr()
    assert captured.out == "" and "--staff" in captured.err
    with database.session() as session:
        assert not session.scalars(select(AuditEntry).where(AuditEntry.action == "command")).all()


@pytest.mark.parametrize("path", PERSONAL)
def test_an_unknown_account_or_a_wrong_password_is_refused(
    path, stocked, tmp_path, monkeypatch, capsys
) -> None:
    argv = [*_argv(path, tmp_path), *stocked]
    assert run_as(monkeypatch, "nobody-at-all", argv, password="whatever-1") == EXIT_AUTH
    assert run_as(monkeypatch, "boss", argv, password="not-the-password") == EXIT_AUTH
    captured = capsys.readouterr()
    assert captured.out == "" and "wrong user ID or password" in captured.err


@pytest.mark.parametrize("path", PERSONAL)
def test_a_role_below_the_least_is_refused_and_the_least_is_audited(
    path, stocked, tmp_path, monkeypatch, capsys, database
) -> None:
    least = LEAST_ROLE[COMMANDS[path].use]  # type: ignore[index]
    argv = [*_argv(path, tmp_path), *stocked]
    if least in _BELOW:
        below = USER_OF_ROLE[_BELOW[least]]
        assert run_as(monkeypatch, below, argv, more_input="hub-secret\n") == EXIT_AUTH
        assert capsys.readouterr().out == ""
        with database.session() as session:
            refused = session.scalars(
                select(AuditEntry.target).where(
                    AuditEntry.staff == below, AuditEntry.action == "command_refused"
                )
            ).all()
        assert refused == [path]
        with database.session() as session:
            ran = session.scalars(
                select(AuditEntry.target).where(
                    AuditEntry.staff == below, AuditEntry.action == "command"
                )
            ).all()
        assert path not in ran
    allowed = USER_OF_ROLE[least]
    run_as(monkeypatch, allowed, argv, more_input="hub-secret\n")
    with database.session() as session:
        runs = session.execute(
            select(AuditEntry.target, AuditEntry.detail).where(
                AuditEntry.staff == allowed, AuditEntry.action == "command"
            )
        ).all()
    assert [target for target, _detail in runs] == [path]
