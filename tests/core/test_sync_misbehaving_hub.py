"""A hub that misbehaves can neither hang nor crash a sync, and every failure says why.

Some cases need answers the simulator never gives: a small hand-made hub
(``ScriptedHub``) serves those, one page answer per request.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from desktop.cli import main
from desktop.cli.common import EXIT_FAILED, EXIT_OFFLINE, EXIT_OK
from desktop.hub.client import HubClient, HubConfig
from desktop.hub.simulator import DEMO_PARTNER_ID, DEMO_PASSWORD, HubSimulator
from desktop.service import Actor, NoticeService
from desktop.store.models import Decision, NoticeRecord, QuarantinedPayload
from desktop.sync import SyncEngine, last_error, pull_cursor
from tests.support import sample_payload

CLERK = Actor("clerk1", "clerk")
Page = Callable[[str | None], bytes]


class ScriptedHub:
    """Signs anyone in and answers ``GET /v1/notices`` with ``page(cursor)``; counts the pulls."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.cursors: list[str | None] = []
        hub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _answer(self, body: bytes, status: int = 200) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self._answer(b'{"token":"t","expires_at":"2099-01-01T00:00:00+00:00"}')

            def do_GET(self) -> None:
                query = parse_qs(urlsplit(self.path).query)
                cursor = (query.get("cursor") or [None])[0]
                hub.cursors.append(cursor)
                self._answer(hub.page(cursor))

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> ScriptedHub:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def page(items: list[Any], next_cursor: str | None, has_more: bool) -> bytes:
    return json.dumps({"items": items, "next_cursor": next_cursor, "has_more": has_more}).encode()


def engine_for(database, url: str, **options) -> SyncEngine:
    config = HubConfig(url, DEMO_PARTNER_ID, DEMO_PASSWORD, max_attempts=2)
    return SyncEngine(database, HubClient(config, sleep=lambda _s: None), **options)


def _count(database, model, *where) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def test_a_cursor_that_does_not_move_on_stops_the_pull_with_a_clear_error(database) -> None:
    def answer(cursor: str | None) -> bytes:
        if cursor is None:
            return page([sample_payload(1)], "c1", True)
        return page([sample_payload(2)], "c1", True)  # "more", but from the same place

    with ScriptedHub(answer) as hub:
        report = engine_for(database, hub.url).sync_once()
        assert hub.cursors == [None, "c1"], "two requests, not an endless loop"
        assert not report.ok and len(report.errors) == 1
        assert "does not move on" in report.errors[0]
        assert "next sync starts again from the last good position" in report.errors[0]
        assert last_error(database) == report.errors[0]
        assert pull_cursor(database) == "c1"
        assert _count(database, NoticeRecord) == 2  # what arrived is kept

        engine_for(database, hub.url).sync_once()
        assert hub.cursors[2] == "c1", "the next sync starts from the last good cursor"


def test_a_cursor_going_round_in_a_circle_is_caught_too(database) -> None:
    circle = {None: ("a", 1), "a": ("b", 2), "b": ("a", 3)}

    def answer(cursor: str | None) -> bytes:
        next_cursor, number = circle[cursor]
        return page([sample_payload(number)], next_cursor, True)

    with ScriptedHub(answer) as hub:
        report = engine_for(database, hub.url).sync_once()
    assert "does not move on" in report.errors[0]
    assert hub.cursors == [None, "a", "b"]
    assert pull_cursor(database) == "b", "the last position that moved on"


def test_pages_per_sync_are_capped_and_the_next_sync_carries_on(database) -> None:
    def answer(cursor: str | None) -> bytes:
        number = int(cursor or 0) + 1
        return page([sample_payload(number)], str(number), True)  # always "more"

    with ScriptedHub(answer) as hub:
        report = engine_for(database, hub.url, max_pages=5).sync_once()
        assert report.ok and report.more_waiting and report.pulled == 5
        assert "the next sync carries on" in report.summary()
        assert len(hub.cursors) == 5 and pull_cursor(database) == "5"
        engine_for(database, hub.url, max_pages=5).sync_once()
        assert hub.cursors[5] == "5" and _count(database, NoticeRecord) == 10


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"[" * 200_000 + b"]" * 200_000, id="nested-too-deep"),
        pytest.param(b'{"items": [', id="cut-off"),
        pytest.param(b"\xff\xfe not json", id="not-json"),
        pytest.param(b'{"items": {}, "next_cursor": null, "has_more": false}', id="wrong-shape"),
    ],
)
def test_an_unreadable_page_is_a_bad_page_not_a_crash(database, body: bytes) -> None:
    with ScriptedHub(lambda _cursor: body) as hub:
        report = engine_for(database, hub.url).sync_once()
    assert not report.ok and report.errors
    assert "hub" in report.errors[0] and last_error(database)
    assert pull_cursor(database) is None


def test_a_deeply_nested_page_ends_movedesk_sync_with_one_line(
    database_url, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("MOVEDESK_HUB_PASSWORD", DEMO_PASSWORD)
    deep = b'{"items": [' + b"[" * 100_000 + b"]" * 100_000 + b'], "has_more": false}'
    with ScriptedHub(lambda _cursor: deep) as hub:
        flags = ["--hub-url", hub.url, "--partner-id", DEMO_PARTNER_ID]
        code = main(["sync", *flags, "--database-url", database_url])
    err = capsys.readouterr().err
    assert code == EXIT_FAILED
    assert "damaged" in err and "Traceback" not in err and "RecursionError" not in err


def test_a_version_going_backwards_is_logged_counted_and_kept_aside(database, caplog) -> None:
    with HubSimulator(notices=3, seed=2) as hub:
        engine = engine_for(database, hub.url)
        receipt = hub.receipts()[0]
        hub.edit(receipt, remarks="訂正")
        engine.sync_once()
        older = hub.notice(receipt) | {"version": 1, "remarks": "古い版"}
        hub.inject_items([older])
        report = engine.sync_once()
    assert report.backwards == 1 and report.quarantined == 1
    assert "older versions from the hub ignored 1" in report.summary()
    with database.session() as session:
        stored = session.scalars(
            select(NoticeRecord.version).where(NoticeRecord.receipt_number == receipt)
        ).one()
        reason = session.scalars(select(QuarantinedPayload.reason)).one()
    assert stored == 2
    assert "older than the stored version 2" in reason
    assert any("older than the stored version" in r.getMessage() for r in caplog.records)


# -- the simulator's own answers -----------------------------------------------------


@pytest.fixture
def hub() -> Iterator[HubSimulator]:
    with HubSimulator(notices=6, seed=4) as simulator:
        yield simulator


def test_a_410_for_a_notice_the_resident_cancelled_is_not_an_error(database, hub) -> None:
    engine = engine_for(database, hub.url)
    engine.sync_once()
    receipt = hub.receipts()[0]
    NoticeService(database).decide(receipt, "accept", CLERK, customer_number="0123")
    hub.cancel(receipt)
    report = engine.sync_once()
    assert report.ok, report.errors
    assert report.cancelled == 1
    with database.session() as session:
        assert (
            session.scalars(
                select(NoticeRecord.status).where(NoticeRecord.receipt_number == receipt)
            ).one()
            == "cancelled"
        )
        assert session.scalars(select(Decision.outbox_state)).one() == "cancelled"


def test_a_cancellation_pulled_before_the_waiting_acceptance_went_is_not_an_error(
    database, hub
) -> None:
    """Another seat pulled the cancellation before this seat's acceptance was sent."""
    engine = engine_for(database, hub.url)
    engine.sync_once()
    receipt = hub.receipts()[1]
    NoticeService(database).decide(receipt, "accept", CLERK, customer_number="0456")
    hub.cancel(receipt)
    from desktop.sync import SyncReport

    pulled = SyncReport()
    engine.pull_changes(pulled)
    assert pulled.ok, pulled.errors
    report = engine.sync_once()
    assert report.ok, report.errors
    with database.session() as session:
        assert session.scalars(select(Decision.outbox_state)).one() == "cancelled"


def test_an_unreachable_hub_during_push_says_why_on_stderr_and_in_the_saved_error(
    database_url, monkeypatch, capsys, hub
) -> None:
    monkeypatch.setenv("MOVEDESK_HUB_PASSWORD", DEMO_PASSWORD)
    flags = ["--hub-url", hub.url, "--partner-id", DEMO_PARTNER_ID, "--database-url", database_url]
    assert main(["sync", *flags]) == EXIT_OK
    from desktop.store.database import open_database

    database = open_database(database_url)
    NoticeService(database).decide(hub.receipts()[0], "accept", CLERK, customer_number="0789")
    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    capsys.readouterr()
    flags[1] = closed
    assert main(["sync", *flags, "--hub-url", closed]) == EXIT_OFFLINE
    err = capsys.readouterr().err
    assert "cannot be reached" in err and "stay queued" in err
    saved = last_error(database)
    assert saved and "cannot be reached" in saved
    assert NoticeService(database).pending_decisions() == 1
    database.close()
