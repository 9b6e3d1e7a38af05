"""HubClient against the simulator over real HTTP(S) on loopback."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from desktop.domain.notice import InvalidNotice, notice_from_payload
from desktop.hub import tls
from desktop.hub.client import (
    HubAuthError,
    HubClient,
    HubConfig,
    HubConfigError,
    HubProtocolError,
    HubRequestRejected,
    HubUnavailable,
    retry_after_seconds,
)
from desktop.hub.simulator import DEMO_PARTNER_ID, DEMO_PASSWORD, HubSimulator
from tests.hub.conftest import Clock, Pki, decision

MakeClient = Callable[..., HubClient]


def pull_everything(client: HubClient, limit: int, cursor: str | None = None) -> list[Any]:
    items: list[Any] = []
    while True:
        page = client.pull(cursor, limit)
        items.extend(page.items)
        cursor = page.next_cursor
        if not page.has_more:
            return items


# -- sessions -------------------------------------------------------------------


def test_signs_in_lazily_and_only_once(hub: HubSimulator, make_client: MakeClient) -> None:
    client = make_client()
    assert hub.expire_sessions() == 0  # constructing a client sends nothing
    client.pull(None, 5)
    client.pull(None, 5)
    assert hub.expire_sessions() == 1


def test_wrong_password_is_an_auth_error_without_retries(
    make_client: MakeClient, sleeps: list[float]
) -> None:
    client = make_client(password="not-the-password")
    with pytest.raises(HubAuthError, match="partner ID or password"):
        client.pull(None, 10)
    with pytest.raises(HubAuthError):
        make_client(password="\udcff").pull(None, 10)
    assert sleeps == []


def test_expired_token_signs_in_again_transparently(
    hub: HubSimulator, client: HubClient, clock: Clock
) -> None:
    client.pull(None, 1)
    hub.expire_sessions()
    assert len(client.pull(None, 3).items) == 3
    clock.advance(3601)  # past the one-hour token lifetime
    outcome = client.push_decision(hub.receipts()[0], decision(), "after-expiry")
    assert outcome.kind == "applied"


def test_a_hub_that_keeps_refusing_tokens_is_an_auth_error(
    hub: HubSimulator, make_client: MakeClient
) -> None:
    hub.state.token_ttl = 0  # every token is born expired
    with pytest.raises(HubAuthError, match="keeps refusing"):
        make_client().pull(None, 1)


def test_the_password_never_reaches_the_log(
    hub: HubSimulator, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = make_client(password=DEMO_PASSWORD)
    client.pull(None, 1)
    hub.expire_sessions()
    client.pull(None, 1)
    with pytest.raises(HubAuthError):
        make_client(password="secret-typo-123").pull(None, 1)
    assert DEMO_PASSWORD not in caplog.text and "secret-typo-123" not in caplog.text
    assert DEMO_PASSWORD not in repr(client.config)


# -- pulling ----------------------------------------------------------------------


@pytest.mark.parametrize("limit", [1, 7, 1000])
def test_paging_reaches_the_end_without_gaps_or_duplicates(
    hub: HubSimulator, client: HubClient, limit: int
) -> None:
    items = pull_everything(client, limit)
    receipts = [item["receipt_number"] for item in items]
    assert len(receipts) == len(set(receipts))
    assert set(receipts) == set(hub.receipts())


def test_changes_during_paging_arrive_as_the_latest_version(
    hub: HubSimulator, client: HubClient
) -> None:
    first = client.pull(None, 10)
    early = first.items[0]["receipt_number"]
    hub.edit(early, remarks="途中で変更")
    hub.tick(new=2)
    later = pull_everything(client, 10, first.next_cursor)
    latest = {item["receipt_number"]: item for item in first.items + later}
    assert set(latest) == set(hub.receipts())
    assert latest[early]["version"] == 2 and latest[early]["remarks"] == "途中で変更"
    quiet = client.pull(client.pull(None, 1000).next_cursor, 100)
    assert (quiet.items, quiet.has_more) == ([], False)


def test_limit_must_stay_within_bounds(client: HubClient) -> None:
    for limit in (0, 1001, -5):
        with pytest.raises(ValueError, match="limit"):
            client.pull(None, limit)
    assert len(client.pull(None, 1).items) == 1
    assert len(client.pull(None, 1000).items) == 40


def test_an_unknown_cursor_is_rejected(client: HubClient) -> None:
    with pytest.raises(HubRequestRejected) as caught:
        client.pull("bogus", 10)
    assert caught.value.status == 400
    assert caught.value.problem["type"].endswith(":invalid-cursor")


def test_malformed_items_come_through_raw_and_fail_validation_alone(
    hub: HubSimulator, client: HubClient
) -> None:
    cursor = client.pull(None, 1000).next_cursor
    hub.inject_items([{"receipt_number": "HALF"}, 42])
    hub.inject_raw_item(b'{"receipt_number":"BAD-UTF8","version":1,"remarks":"\xe6\x97"}')
    hub.tick(new=1)
    page = client.pull(cursor, 100)
    assert len(page.items) == 4
    broken, number, raw, good = page.items
    assert number == 42
    for item in (broken, number, raw):
        with pytest.raises(InvalidNotice):
            notice_from_payload(item)
    with pytest.raises(InvalidNotice, match="not valid Unicode"):
        notice_from_payload({**good, "remarks": raw["remarks"]})
    assert notice_from_payload(good).receipt_number == good["receipt_number"]


# -- pushing decisions -----------------------------------------------------------


def test_decision_applied_and_replayed(hub: HubSimulator, client: HubClient) -> None:
    receipt = hub.receipts()[0]
    applied = client.push_decision(receipt, decision(customer_number="0001234567"), "key-1")
    assert (applied.kind, applied.status) == ("applied", 201)
    assert applied.body["receipt_number"] == receipt and applied.body["version"] == 1
    reordered = dict(reversed(list(decision(customer_number="0001234567").items())))
    replay = client.push_decision(receipt, reordered, "key-1")
    assert (replay.kind, replay.status, replay.body) == ("applied", 201, applied.body)
    recorded = hub.decisions()
    assert len(recorded) == 1 and recorded[0]["customer_number"] == "0001234567"


def test_same_key_with_a_different_body_is_invalid(hub: HubSimulator, client: HubClient) -> None:
    receipt = hub.receipts()[0]
    client.push_decision(receipt, decision(), "key-1")
    reused = client.push_decision(
        receipt, decision(decision="reject", reason={"code": "duplicate"}), "key-1"
    )
    assert (reused.kind, reused.status) == ("invalid", 422)
    assert reused.body["type"].endswith(":idempotency-key-reused")
    assert len(hub.decisions()) == 1


def test_stale_cancelled_unknown_and_invalid(hub: HubSimulator, client: HubClient) -> None:
    changed, withdrawn, fine = hub.receipts()[:3]
    hub.edit(changed)
    hub.edit(changed)
    hub.cancel(withdrawn)
    stale = client.push_decision(changed, decision(version=1), "k-stale")
    assert (stale.kind, stale.status, stale.body["current_version"]) == ("stale", 409, 3)
    cancelled = client.push_decision(withdrawn, decision(version=2), "k-gone")
    assert (cancelled.kind, cancelled.status) == ("cancelled", 410)
    unknown = client.push_decision("MV19990101-000001", decision(), "k-unknown")
    assert (unknown.kind, unknown.status) == ("not_found", 404)
    invalid = client.push_decision(fine, decision(decision="reject"), "k-invalid")
    assert (invalid.kind, invalid.status) == ("invalid", 422)
    assert "reason" in invalid.body["detail"]
    not_unicode = client.push_decision(fine, decision(staff="\udcff"), "k-surrogate")
    assert (not_unicode.kind, not_unicode.status) == ("invalid", 422)
    odd_receipt = client.push_decision("a/b?c", decision(), "k-odd")
    assert odd_receipt.kind == "not_found"
    assert hub.decisions() == []


def test_reject_then_reopen_then_accept(hub: HubSimulator, client: HubClient) -> None:
    receipt = hub.receipts()[0]
    reason = {"code": "outside_area", "text": "給水区域外のため"}
    steps = [
        (decision(decision="reject", reason=reason), "applied"),
        (decision(), "decided_elsewhere"),  # decided already: reopen first
        (decision(decision="reopen"), "applied"),
        (decision(), "applied"),
    ]
    for number, (body, kind) in enumerate(steps):
        assert client.push_decision(receipt, body, f"step-{number}").kind == kind
    assert [item["decision"] for item in hub.decisions()] == ["reject", "reopen", "accept"]


# -- transient faults ----------------------------------------------------------------


@pytest.mark.parametrize(("status", "switch"), [(429, "rate_limit_rate"), (503, "error_rate")])
def test_retry_after_is_honoured(
    hub: HubSimulator, client: HubClient, sleeps: list[float], status: int, switch: str
) -> None:
    client.pull(None, 1)
    hub.set_faults(**{switch: 1.0}, retry_after=7, max_faults=2)
    assert len(client.pull(None, 5).items) == 5
    assert sleeps == [7.0, 7.0]


def test_retry_after_is_capped(hub: HubSimulator, client: HubClient, sleeps: list[float]) -> None:
    hub.set_faults(rate_limit_rate=1.0, retry_after=86400, max_faults=1)
    client.pull(None, 1)
    assert sleeps == [30.0]


def test_server_errors_back_off_exponentially_then_give_up(
    hub: HubSimulator, make_client: MakeClient, sleeps: list[float]
) -> None:
    client = make_client(max_attempts=4)
    client.pull(None, 1)
    hub.set_faults(error_rate=1.0, error_status=500)
    with pytest.raises(HubUnavailable, match="HTTP 500"):
        client.pull(None, 1)
    assert len(sleeps) == 3
    for attempt, pause in enumerate(sleeps, 1):
        ceiling = 0.5 * 2 ** (attempt - 1)
        assert ceiling / 2 <= pause <= ceiling


def test_dropped_connections_are_retried(
    hub: HubSimulator, client: HubClient, sleeps: list[float]
) -> None:
    client.pull(None, 1)
    hub.set_faults(drop_rate=1.0, max_faults=2)
    assert len(client.pull(None, 3).items) == 3
    assert len(sleeps) == 2
    hub.set_faults(drop_rate=1.0)
    with pytest.raises(HubUnavailable, match="cannot be reached"):
        client.pull(None, 3)


def test_a_lost_answer_to_a_decision_applies_it_exactly_once(
    hub: HubSimulator, client: HubClient
) -> None:
    receipt = hub.receipts()[0]
    client.pull(None, 1)
    # The hub applies the decision, then the answer is lost twice: dropped, then garbled.
    hub.set_faults(drop_rate=1.0, path_prefix="/v1/notices/", max_faults=1)
    outcome = client.push_decision(receipt, decision(), "once-only")
    assert outcome.kind == "applied"
    hub.set_faults(garble_rate=1.0, path_prefix="/v1/notices/", max_faults=1)
    again = client.push_decision(receipt, decision(), "once-only")
    assert again.body == outcome.body
    assert len(hub.decisions()) == 1


@pytest.mark.parametrize("switch", ["truncate_rate", "garble_rate"])
def test_spoilt_pages_are_retried_then_reported(
    hub: HubSimulator, client: HubClient, sleeps: list[float], switch: str
) -> None:
    client.pull(None, 1)
    hub.set_faults(**{switch: 1.0}, max_faults=3, seed=4)
    assert len(client.pull(None, 20).items) == 20
    assert len(sleeps) == 3
    hub.set_faults(**{switch: 1.0}, seed=4)
    with pytest.raises(HubProtocolError, match="cut off or damaged"):
        client.pull(None, 20)
    assert len(sleeps) == 3 + 4


def test_an_unreachable_hub_is_unavailable(sleeps: list[float]) -> None:
    simulator = HubSimulator(notices=1)
    with simulator:
        url = simulator.url
    client = HubClient(
        HubConfig(url, DEMO_PARTNER_ID, DEMO_PASSWORD, max_attempts=3), sleep=sleeps.append
    )
    with pytest.raises(HubUnavailable):
        client.pull(None, 1)
    assert len(sleeps) == 2


def test_retry_after_header_forms() -> None:
    now = datetime(2025, 11, 21, 1, 0, tzinfo=UTC)
    assert retry_after_seconds("12") == 12.0
    assert retry_after_seconds("Fri, 21 Nov 2025 01:00:30 GMT", now) == 30.0
    assert retry_after_seconds("Fri, 21 Nov 2025 00:00:00 GMT", now) == 0.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


# -- addresses and TLS -----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["http://hub.example.jp", "http://192.168.1.20:8765", "ftp://127.0.0.1", "hub.example.jp"],
)
def test_unencrypted_or_odd_addresses_are_refused(url: str) -> None:
    with pytest.raises(HubConfigError):
        HubClient(HubConfig(url, DEMO_PARTNER_ID, DEMO_PASSWORD))


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8765",
        "http://localhost:8765",
        "http://[::1]:8765",
        "https://hub.example.jp",
    ],
)
def test_loopback_http_and_any_https_are_allowed(url: str) -> None:
    HubClient(HubConfig(url, DEMO_PARTNER_ID, DEMO_PASSWORD)).close()


@pytest.fixture
def tls_hub(pki: Pki, clock: Clock) -> Iterator[HubSimulator]:
    simulator = HubSimulator(
        notices=10,
        seed=42,
        clock=clock,
        tls_certfile=str(pki.server_cert),
        tls_keyfile=str(pki.server_key),
        client_ca_file=str(pki.ca_file),
    )
    with simulator:
        yield simulator


def tls_client(hub: HubSimulator, pki: Pki, sleeps: list[float], **settings: Any) -> HubClient:
    settings.setdefault("ca_bundle", str(pki.ca_file))
    config = HubConfig(hub.url, DEMO_PARTNER_ID, DEMO_PASSWORD, **settings)
    return HubClient(config, sleep=sleeps.append)


def test_client_certificate_as_one_pem_file(
    tls_hub: HubSimulator, pki: Pki, sleeps: list[float]
) -> None:
    assert tls_hub.url.startswith("https://")
    with tls_client(tls_hub, pki, sleeps, client_cert=str(pki.client_combined)) as client:
        assert len(client.pull(None, 100).items) == 10
        assert client.push_decision(tls_hub.receipts()[0], decision(), "tls-1").kind == "applied"


def test_client_certificate_with_an_encrypted_pem_key(
    tls_hub: HubSimulator, pki: Pki, sleeps: list[float]
) -> None:
    pair = (str(pki.client_cert), str(pki.client_key_encrypted))
    with tls_client(
        tls_hub, pki, sleeps, client_cert=pair, cert_passphrase=pki.passphrase
    ) as client:
        assert len(client.pull(None, 3).items) == 3
    with pytest.raises(HubConfigError, match="passphrase"):
        tls_client(tls_hub, pki, sleeps, client_cert=pair, cert_passphrase="wrong")


def test_client_certificate_as_pkcs12_never_leaves_a_clear_key_on_disk(
    tls_hub: HubSimulator,
    pki: Pki,
    sleeps: list[float],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tls.tempfile, "tempdir", str(tmp_path))
    seen_on_disk: list[bytes] = []
    real_unlink = os.unlink

    def unlink_and_remember(path: str) -> None:
        seen_on_disk.append(Path(path).read_bytes())
        real_unlink(path)

    monkeypatch.setattr(tls.os, "unlink", unlink_and_remember)
    settings = {"client_cert": str(pki.client_p12), "cert_passphrase": pki.passphrase}
    with tls_client(tls_hub, pki, sleeps, **settings) as client:
        assert len(client.pull(None, 4).items) == 4
    assert list(tmp_path.iterdir()) == []
    assert len(seen_on_disk) == 1
    assert b"BEGIN ENCRYPTED PRIVATE KEY" in seen_on_disk[0]
    assert b"BEGIN PRIVATE KEY" not in seen_on_disk[0]
    with pytest.raises(HubConfigError, match="wrong passphrase"):
        tls_client(tls_hub, pki, sleeps, client_cert=str(pki.client_p12), cert_passphrase="nope")


def test_missing_client_certificate_file_is_a_config_error(
    tls_hub: HubSimulator, pki: Pki, sleeps: list[float], tmp_path: Path
) -> None:
    with pytest.raises(HubConfigError, match="does not exist"):
        tls_client(tls_hub, pki, sleeps, client_cert=str(tmp_path / "absent.pem"))


def test_no_client_certificate_when_one_is_required(
    tls_hub: HubSimulator, pki: Pki, sleeps: list[float]
) -> None:
    with tls_client(tls_hub, pki, sleeps) as client, pytest.raises(HubUnavailable):
        client.pull(None, 1)
    assert sleeps == []  # a refused handshake is not worth repeating


def test_a_hub_with_an_unknown_ca_is_refused_at_once(pki: Pki, sleeps: list[float]) -> None:
    impostor = HubSimulator(
        notices=1,
        tls_certfile=str(pki.stranger_server_cert),
        tls_keyfile=str(pki.stranger_server_key),
    )
    with impostor:
        with (
            tls_client(impostor, pki, sleeps) as client,
            pytest.raises(HubUnavailable, match="certificate could not be"),
        ):
            client.pull(None, 1)
        with (
            tls_client(impostor, pki, sleeps, ca_bundle=None) as client,
            pytest.raises(HubUnavailable, match="certificate"),
        ):
            client.pull(None, 1)
        trusted = tls_client(impostor, pki, sleeps, ca_bundle=str(pki.stranger_ca_file))
        with trusted:
            assert len(trusted.pull(None, 1).items) == 1
    assert sleeps == []
