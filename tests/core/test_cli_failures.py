"""Every command fails politely: one line on stderr, no traceback, the README's exit code.

Each sub-command of the real parser must appear in ``CASES`` at least once,
so a new command gets its bad inputs too.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from desktop.cli import main
from desktop.cli.access import COMMANDS
from desktop.cli.common import (
    EXIT_AUTH,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
)
from desktop.domain.notice import notice_from_payload
from desktop.hub.simulator import DEMO_PASSWORD
from desktop.service import Actor, NoticeService
from desktop.store.ingest import store_notices
from tests.core.cli_support import PASSWORDS, add_staff
from tests.support import sample_payload

DAY = "2026-11-27"
NO_PORT = "/dev/no-such-modem"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    document = pdfium.PdfDocument.new()
    document.new_page(595, 842)
    whole = io.BytesIO()
    document.save(whole)
    made = {
        "damaged.pdf": b"%PDF-1.4\nthis is not a PDF body",
        "empty.pdf": b"",
        "truncated.pdf": whole.getvalue()[: len(whole.getvalue()) // 2],
        "damaged.tif": b"II*\x00garbage",
        "junk.sqlite3": os.urandom(4096),
    }
    for name, data in made.items():
        (tmp_path / name).write_bytes(data)
    return {name: tmp_path / name for name in made}


@pytest.fixture
def stocked(database, database_url: str) -> list[str]:
    with database.session() as session:
        store_notices(
            session,
            [notice_from_payload(sample_payload(n, move_date=DAY)) for n in (1, 2)],
        )
    add_staff(database)
    # T00000002 is held by the supervisor: a clerk's claim or release of it is refused.
    NoticeService(database).claim("T00000002", Actor("boss", "supervisor"))
    return ["--database-url", database_url]


# (command, argv, who signs in or None, exit code). {tmp}: a fresh folder;
# {port}: a port something already listens on; {free}: a port nothing listens on.
CASES: list[tuple[str, list[str], str | None, int]] = [
    ("sync", ["sync", "--hub-url", "htp:/nowhere", "--partner-id", "p"], None, EXIT_USAGE),
    ("sync", ["sync", "--hub-url", "http://127.0.0.1:{free}", "--partner-id", "p"], None, 3),
    ("notices list", ["notices", "list"], None, EXIT_AUTH),
    ("notices list", ["notices", "list", "--limit", "many"], "viewer1", EXIT_USAGE),
    ("decide", ["decide", "NOPE", "accept", "--customer-number", "123"], "clerk1", EXIT_FAILED),
    ("decide", ["decide", "T00000001", "accept", "--customer-number", "1"], "clerk1", 2),
    ("decide", ["decide", "T00000001", "reject"], "clerk1", EXIT_USAGE),
    ("decide", ["decide", "T00000001", "accept"], "viewer1", EXIT_AUTH),
    ("claim", ["claim", "受付/1"], "clerk1", EXIT_USAGE),  # not a receipt number
    ("claim", ["claim", "NOPE"], "clerk1", EXIT_FAILED),  # no such notice
    ("claim", ["claim", "T00000002"], "clerk1", EXIT_FAILED),  # held by another
    ("claim", ["claim", "T00000001"], "viewer1", EXIT_AUTH),
    ("claim", ["claim", "T00000001"], None, EXIT_AUTH),
    ("claim", ["claim", "T00000001", "--for", "clerk1"], "clerk1", EXIT_AUTH),
    ("claim", ["claim", "T00000001", "--for", "viewer1"], "boss", EXIT_USAGE),
    ("release", ["release", "T0000000x!"], "clerk1", EXIT_USAGE),
    ("release", ["release", "NOPE"], "clerk1", EXIT_FAILED),
    ("release", ["release", "T00000002"], "clerk1", EXIT_FAILED),  # another's claim
    ("release", ["release", "T00000001"], "clerk1", EXIT_USAGE),  # nothing to release
    ("release", ["release", "T00000001"], "viewer1", EXIT_AUTH),
    ("release", ["release", "T00000001"], None, EXIT_AUTH),
    ("reopen", ["reopen", "NOPE"], "boss", EXIT_FAILED),
    ("reopen", ["reopen", "T00000001"], "boss", EXIT_USAGE),  # nothing to reopen yet
    ("reopen", ["reopen", "T00000001"], "clerk1", EXIT_AUTH),
    ("login", ["login", "--password-stdin"], "boss", EXIT_USAGE),  # no partner ID
    ("login", ["login", "--partner-id", "p", "--password-stdin"], "clerk1", EXIT_AUTH),
    ("db upgrade", ["db", "upgrade", "--database-url", "sqlite:///{tmp}/junk.sqlite3"], None, 5),
    ("db status", ["db", "status", "--database-url", "nonsense://x"], None, EXIT_USAGE),
    ("hub-sim", ["hub-sim", "--port", "{port}", "--notices", "1"], None, EXIT_USAGE),
    ("print daily", ["print", "daily", "--date", DAY, "--kind", "teleport"], "clerk1", 2),
    (
        "print daily",
        ["print", "daily", "--date", DAY, "--kind", "move_in", "--out", "{tmp}/no/l.pdf"],
        "boss",
        EXIT_USAGE,
    ),
    ("print daily", ["print", "daily", "--date", DAY, "--kind", "move_in"], "viewer1", 4),
    ("print notice", ["print", "notice", "NOPE", "--out", "{tmp}/n.pdf"], "clerk1", EXIT_FAILED),
    (
        "print notice",
        ["print", "notice", "T00000001", "--out", "{tmp}/no/such/n.pdf"],
        "clerk1",
        EXIT_USAGE,
    ),
    ("export csv", ["export", "csv", "--date", DAY, "--out", "{tmp}/l.csv"], "clerk1", 4),
    ("export csv", ["export", "csv", "--date", DAY, "--out", "{tmp}/no/l.csv"], "boss", 2),
    ("fax line", ["fax", "line", "--numbers", ","], None, EXIT_USAGE),
    ("fax send", ["fax", "send", "--port", NO_PORT, "--to", "1", "{tmp}/nothing.pdf"], "clerk1", 2),
    ("fax send", ["fax", "send", "--port", NO_PORT, "--to", "1", "{tmp}/damaged.pdf"], "clerk1", 1),
    ("fax send", ["fax", "send", "--port", NO_PORT, "--to", "1", "{tmp}/empty.pdf"], "viewer1", 4),
    ("fax receive", ["fax", "receive", "--port", NO_PORT, "--out", "{tmp}/in"], "clerk1", 1),
    ("fax receive", ["fax", "receive", "--port", NO_PORT, "--out", "{tmp}/in"], "viewer1", 4),
    ("fax probe", ["fax", "probe", "--port", NO_PORT], None, EXIT_FAILED),
    ("fax convert", ["fax", "convert", "{tmp}/nothing.pdf", "{tmp}/o.tif"], None, EXIT_USAGE),
    ("fax convert", ["fax", "convert", "{tmp}/damaged.pdf", "{tmp}/o.tif"], None, EXIT_FAILED),
    ("fax convert", ["fax", "convert", "{tmp}/empty.pdf", "{tmp}/o.tif"], None, EXIT_FAILED),
    ("fax convert", ["fax", "convert", "{tmp}/truncated.pdf", "{tmp}/o.tif"], None, EXIT_FAILED),
    ("fax read-notice", ["fax", "read-notice", "{tmp}/nothing.tif"], "viewer1", EXIT_USAGE),
    ("fax read-notice", ["fax", "read-notice", "{tmp}/damaged.tif"], "viewer1", EXIT_FAILED),
    (
        "service-account add",
        ["service-account", "add", "job", "--commands", "print daily"],
        "clerk1",
        EXIT_AUTH,
    ),
    (
        "service-account add",
        ["service-account", "add", "x", "--commands", "print daily"],
        "boss",
        EXIT_USAGE,  # a one-letter name
    ),
    ("service-account list", ["service-account", "list"], "viewer1", EXIT_AUTH),
    ("service-account remove", ["service-account", "remove", "nobody"], "boss", EXIT_USAGE),
    ("db login", ["db", "login", "--password-stdin"], None, EXIT_USAGE),  # SQLite: none needed
    ("staff list", ["staff", "list"], None, EXIT_AUTH),
    ("staff list", ["staff", "list"], "clerk1", EXIT_AUTH),
    ("staff inventory", ["staff", "inventory", "--out", "{tmp}/no/s.csv"], "boss", EXIT_USAGE),
    ("staff role", ["staff", "role", "nobody", "clerk"], "boss", EXIT_USAGE),
    ("staff reset", ["staff", "reset", "nobody"], "boss", EXIT_USAGE),
    ("staff deactivate", ["staff", "deactivate", "nobody"], "boss", EXIT_USAGE),
    ("staff reactivate", ["staff", "reactivate", "nobody"], "boss", EXIT_USAGE),
    ("staff unlock", ["staff", "unlock", "nobody"], "boss", EXIT_USAGE),
    ("staff passwd", ["staff", "passwd"], None, EXIT_AUTH),
    ("audit verify", ["audit", "verify"], "clerk1", EXIT_AUTH),
    ("audit export", ["audit", "export", "--out", "{tmp}/no/a.csv"], "boss", EXIT_USAGE),
    ("purge", ["purge", "--dry-run"], "clerk1", EXIT_AUTH),
    ("purge", ["purge", "--dry-run"], None, EXIT_USAGE),  # --staff is required
]


# A probe's verdict on the modem is its output, failed or not.
REPORTS_ON_STDOUT = {"fax probe"}


def test_every_command_has_bad_inputs() -> None:
    assert {case[0] for case in CASES} == set(COMMANDS)


def _fill(argv: list[str], tmp_path: Path, port: int) -> list[str]:
    values = {"{tmp}": str(tmp_path), "{port}": str(port), "{free}": str(_free_port())}
    filled = []
    for word in argv:
        for key, value in values.items():
            word = word.replace(key, value)
        filled.append(word)
    return filled


@pytest.mark.parametrize(
    ("command", "argv", "who", "expected"),
    CASES,
    ids=[f"{c[0]}:{' '.join(c[1][-2:])}:{c[2]}" for c in CASES],
)
def test_a_bad_input_is_one_line_and_the_documented_code(
    command, argv, who, expected, stocked, files, busy_port, tmp_path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("MOVEDESK_HUB_PASSWORD", DEMO_PASSWORD)
    full = [*_fill(argv, tmp_path, busy_port)]
    if "--database-url" not in full:
        full += stocked
    if who is not None:
        full += ["--staff", who, "--password-stdin"]
        monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORDS[who]}\nhub-secret\n"))
    else:  # a command that asks for a secret of its own reads this line
        monkeypatch.setattr("sys.stdin", io.StringIO("typed-secret\n"))
    try:
        code = main(full)
    except SystemExit as stopped:  # argparse's own usage errors
        code = stopped.code
    captured = capsys.readouterr()
    err = captured.out if command in REPORTS_ON_STDOUT else captured.err
    assert "Traceback" not in captured.err
    # sync lists each failed request as "  ! …" under its summary
    lines = [line for line in err.splitlines() if not line.startswith("  ! ")] or err.splitlines()
    assert len(lines) == 1, err
    assert code == expected, err


def _movedesk(*argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", *argv],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_an_unknown_printer_is_named_not_a_traceback(stocked, capsys) -> None:
    run = _movedesk(
        *["print", "daily", "--date", DAY, "--kind", "move_in", "--printer", "No Such Printer"],
        *stocked,
        *["--staff", "clerk1", "--password-stdin"],
        stdin=PASSWORDS["clerk1"] + "\n",
    )
    assert run.returncode == EXIT_USAGE, run.stderr
    assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert "no printer named 'No Such Printer'" in run.stderr


def test_a_damaged_pdf_and_an_unknown_command_in_a_real_process(files) -> None:
    convert = _movedesk("fax", "convert", str(files["truncated.pdf"]), str(files["empty.pdf"]))
    assert convert.returncode == EXIT_FAILED
    assert "Traceback" not in convert.stderr and len(convert.stderr.strip().splitlines()) == 1
    unknown = _movedesk("teleport")
    assert unknown.returncode == EXIT_USAGE
    assert "Traceback" not in unknown.stderr and len(unknown.stderr.strip().splitlines()) == 1


def test_a_closed_pipe_ends_quietly(database, database_url) -> None:
    # More than a pipe's buffer of output, so the reader goes while it is written.
    with database.session() as session:
        store_notices(session, [notice_from_payload(sample_payload(n)) for n in range(1, 400)])
    add_staff(database)
    argv = ["notices", "list", "--json", "--limit", "400", "--database-url", database_url]
    argv += ["--staff", "viewer1", "--password-stdin"]
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop", *argv],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdin and process.stdout and process.stderr
    process.stdin.write(PASSWORDS["viewer1"] + "\n")
    process.stdin.close()
    assert process.stdout.readline().startswith("[")
    process.stdout.close()  # what `| head -1` does
    err = process.stderr.read()
    assert process.wait(timeout=120) == EXIT_OK
    assert err == ""


def test_an_unexpected_error_is_logged_with_its_traceback(stocked, monkeypatch, capsys) -> None:
    from desktop.store.database import Database

    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(Database, "session", broken)
    assert main(["db", "status", *stocked]) == EXIT_FAILED
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "ZeroDivisionError: a bug" in err
    log = Path(err.rsplit("details in ", 1)[1].strip())
    written = log.read_text("utf-8")
    assert "Traceback" in written and "ZeroDivisionError: a bug" in written


def test_the_failures_speak_japanese_on_a_japanese_system(
    stocked, tmp_path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("MOVEDESK_LANGUAGE", "ja")
    argv = ["print", "notice", "T00000001", "--out", str(tmp_path / "no" / "n.pdf"), *stocked]
    argv += ["--staff", "clerk1", "--password-stdin"]
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORDS["clerk1"] + "\n"))
    assert main(argv) == EXIT_USAGE
    assert f"フォルダ {tmp_path / 'no'} がありません" in capsys.readouterr().err
    assert main(["db", "status", "--database-url", "nonsense://x"]) == EXIT_USAGE
    assert "データベースURLを使えません" in capsys.readouterr().err
