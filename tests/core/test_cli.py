"""The ``movedesk`` command line: names, messages and exit codes."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from desktop import secrets
from desktop.cli import main
from desktop.cli.common import EXIT_AUTH, EXIT_OFFLINE, EXIT_OK, EXIT_USAGE
from desktop.hub.simulator import DEMO_PARTNER_ID, DEMO_PASSWORD, HubSimulator
from tests.core.cli_support import add_staff, run_as


@pytest.fixture
def hub() -> Iterator[HubSimulator]:
    with HubSimulator(notices=12, seed=5) as simulator:
        yield simulator


@pytest.fixture
def flags(hub: HubSimulator, database_url: str, database) -> list[str]:
    add_staff(database)
    return ["--hub-url", hub.url, "--partner-id", DEMO_PARTNER_ID, "--database-url", database_url]


def test_sync_list_decide_round_trip(flags, hub, monkeypatch, capsys) -> None:
    monkeypatch.setenv("MOVEDESK_HUB_PASSWORD", DEMO_PASSWORD)
    assert main(["sync", *flags]) == EXIT_OK
    assert "pulled 12 (new 12" in capsys.readouterr().out

    assert run_as(monkeypatch, "viewer1", ["notices", "list", "--json", *flags]) == EXIT_OK
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == 12
    target = listed[0]

    kana_prefix = target["kana"][:2]
    search = ["notices", "list", "--search", kana_prefix, "--json", *flags]
    assert run_as(monkeypatch, "viewer1", search) == EXIT_OK
    found = json.loads(capsys.readouterr().out)
    assert target["receipt_number"] in {n["receipt_number"] for n in found}

    receipt = target["receipt_number"]
    args = ["decide", receipt, "accept", "--customer-number", "０１２３４５"]
    assert run_as(monkeypatch, "clerk1", [*args, *flags]) == EXIT_OK
    assert main(["sync", *flags]) == EXIT_OK
    at_hub = hub.decisions()
    assert [(d["receipt_number"], d["customer_number"], d["staff"]) for d in at_hub] == [
        (receipt, "012345", "clerk1")
    ]


def test_decide_errors_are_clear(flags, monkeypatch, capsys) -> None:
    monkeypatch.setenv("MOVEDESK_HUB_PASSWORD", DEMO_PASSWORD)
    main(["sync", *flags])
    capsys.readouterr()
    assert run_as(monkeypatch, "clerk1", ["decide", "NOPE", "accept", *flags]) != EXIT_OK
    assert "no notice NOPE" in capsys.readouterr().err
    run_as(monkeypatch, "clerk1", ["notices", "list", "--json", *flags])
    receipt = json.loads(capsys.readouterr().out)[0]["receipt_number"]
    assert run_as(monkeypatch, "clerk1", ["decide", receipt, "reject", *flags]) == EXIT_USAGE
    assert "needs a reason" in capsys.readouterr().err


def test_login_stores_the_password_in_the_keyring(
    hub, database_url, monkeypatch, throwaway_keyring
) -> None:
    # Before the first staff account exists, as the README's first start does it.
    first_start = ["--partner-id", DEMO_PARTNER_ID, "--database-url", database_url]
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("s3cret-pass\n"))
    assert main(["login", "--password-stdin", *first_start]) == EXIT_OK
    assert secrets.hub_password(DEMO_PARTNER_ID) == "s3cret-pass"
    assert ("MoveDesk", f"hub-password:{DEMO_PARTNER_ID}") in throwaway_keyring.values


def test_login_once_staff_exist_is_a_supervisors(flags, monkeypatch, capsys) -> None:
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("changed-pass\n"))
    assert main(["login", "--password-stdin", *flags]) == EXIT_AUTH
    assert "sign in" in capsys.readouterr().err
    login = ["login", "--password-stdin", *flags]
    assert run_as(monkeypatch, "clerk1", login, more_input="changed-pass\n") == EXIT_AUTH
    assert secrets.hub_password(DEMO_PARTNER_ID) is None
    assert run_as(monkeypatch, "boss", login, more_input="changed-pass\n") == EXIT_OK
    assert secrets.hub_password(DEMO_PARTNER_ID) == "changed-pass"


def test_missing_configuration_and_wrong_password(flags, database_url, monkeypatch, capsys) -> None:
    assert main(["sync", "--database-url", database_url]) == EXIT_USAGE
    assert "no hub URL" in capsys.readouterr().err
    assert main(["sync", *flags]) == EXIT_USAGE
    assert "movedesk login" in capsys.readouterr().err
    secrets.store_hub_password(DEMO_PARTNER_ID, "wrong-password")
    assert main(["sync", *flags]) == EXIT_AUTH
    assert "refused our sign-in" in capsys.readouterr().err


def test_a_malformed_hub_url_is_a_usage_error(database_url, monkeypatch, capsys) -> None:
    monkeypatch.setenv("MOVEDESK_HUB_PASSWORD", DEMO_PASSWORD)
    bad = ["--hub-url", "htp:/nowhere", "--partner-id", "p", "--database-url", database_url]
    assert main(["sync", *bad]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_offline_exit_code(flags, hub, monkeypatch, capsys) -> None:
    monkeypatch.setenv("MOVEDESK_HUB_PASSWORD", DEMO_PASSWORD)
    hub.stop()
    assert main(["sync", *flags]) == EXIT_OFFLINE
    assert "offline" in capsys.readouterr().out


def test_db_upgrade_and_status(database_url, capsys) -> None:
    assert main(["db", "upgrade", "--database-url", database_url]) == EXIT_OK
    assert "schema" in capsys.readouterr().out
    assert main(["db", "status", "--database-url", database_url]) == EXIT_OK
    assert "pending decisions: 0" in capsys.readouterr().out


def test_only_a_command_line_without_a_command_starts_the_window() -> None:
    from desktop.cli.main import window_arguments
    from tests.support import heavy_modules_after

    args = window_arguments(["--demo", "--language", "en", "--data-dir", "/tmp/x"])
    assert args is not None and args.demo and args.language == "en"
    assert window_arguments(["sync"]) is None
    assert window_arguments(["--data-dir", "/tmp/x", "notices", "list"]) is None
    assert window_arguments(["--language", "fr"]) is None  # the full parser says what is wrong
    assert window_arguments(["--help"]) is None and window_arguments(["--version"]) is None
    # Reading a window command line loads neither the database layer nor ReportLab.
    code = "from desktop.cli.main import window_arguments\nwindow_arguments(['--demo'])"
    assert heavy_modules_after(code) == []
