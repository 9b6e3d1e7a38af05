"""The contract document is valid OpenAPI, and the simulator answers as it promises."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from openapi_spec_validator import validate

from desktop.domain.choices import (
    DECISIONS,
    HUB_STATES,
    PAYMENT_METHODS,
    REJECTION_REASONS,
    SETTLEMENT_METHODS,
)
from desktop.hub.simstate import decision_problems
from desktop.hub.simulator import DEMO_PARTNER_ID, DEMO_PASSWORD, HubSimulator
from tests.hub.conftest import Contract, decision

DECISIONS_PATH = "/v1/notices/{receipt}/decisions"


@pytest.fixture
def http() -> Any:
    with requests.Session() as session:
        yield session


@pytest.fixture
def token(hub: HubSimulator, http: requests.Session) -> str:
    answer = http.post(
        f"{hub.url}/v1/session", json={"partner_id": DEMO_PARTNER_ID, "password": DEMO_PASSWORD}
    )
    return answer.json()["token"]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_document_is_valid_openapi_3_1(contract_document: dict[str, Any]) -> None:
    assert contract_document["openapi"].startswith("3.1")
    validate(contract_document)


def test_simulator_controls_are_marked_and_hub_operations_are_not(
    contract_document: dict[str, Any],
) -> None:
    for path, item in contract_document["paths"].items():
        for operation in item.values():
            assert operation.get("x-simulator-only", False) == path.startswith("/v1/_sim/"), path


def test_session_answers(hub: HubSimulator, http: requests.Session, contract: Contract) -> None:
    url = f"{hub.url}/v1/session"
    good = http.post(url, json={"partner_id": DEMO_PARTNER_ID, "password": DEMO_PASSWORD})
    assert good.status_code == 200
    contract.check(good, "POST", "/v1/session")
    wrong = http.post(url, json={"partner_id": DEMO_PARTNER_ID, "password": "guess"})
    assert wrong.status_code == 401
    assert contract.check(wrong, "POST", "/v1/session")["type"].endswith(":bad-credentials")
    malformed = http.post(url, data=b"{not json", headers={"Content-Type": "application/json"})
    assert malformed.status_code == 400
    contract.check(malformed, "POST", "/v1/session")


def test_feed_answers(
    hub: HubSimulator, http: requests.Session, token: str, contract: Contract
) -> None:
    url = f"{hub.url}/v1/notices"
    first = http.get(url, params={"limit": 15}, headers=bearer(token))
    page = contract.check(first, "GET", "/v1/notices")
    assert len(page["items"]) == 15 and page["has_more"] is True
    rest = http.get(
        url, params={"cursor": page["next_cursor"], "limit": 1000}, headers=bearer(token)
    )
    assert contract.check(rest, "GET", "/v1/notices")["has_more"] is False
    default_limit = http.get(url, headers=bearer(token))
    assert len(contract.check(default_limit, "GET", "/v1/notices")["items"]) == 40

    for limit in ("0", "1001", "ten"):
        refused = http.get(url, params={"limit": limit}, headers=bearer(token))
        assert refused.status_code == 400
        assert contract.check(refused, "GET", "/v1/notices")["type"].endswith(":invalid-limit")
    for cursor in ("not-a-cursor", "ZmVlZDo5OTk5"):
        refused = http.get(url, params={"cursor": cursor}, headers=bearer(token))
        assert refused.status_code == 400
        assert contract.check(refused, "GET", "/v1/notices")["type"].endswith(":invalid-cursor")

    anonymous = http.get(url)
    assert anonymous.status_code == 401
    contract.check(anonymous, "GET", "/v1/notices")
    hub.expire_sessions()
    expired = http.get(url, headers=bearer(token))
    assert expired.status_code == 401
    assert contract.check(expired, "GET", "/v1/notices")["type"].endswith(":token-expired")


def test_decision_answers(
    hub: HubSimulator, http: requests.Session, token: str, contract: Contract
) -> None:
    first, second, third = hub.receipts()[:3]
    hub.edit(second)
    hub.cancel(third)

    def post(receipt: str, body: Any, key: str | None) -> requests.Response:
        headers = bearer(token)
        if key is not None:
            headers["Idempotency-Key"] = key
        return http.post(f"{hub.url}/v1/notices/{receipt}/decisions", json=body, headers=headers)

    cases = [
        (first, decision(), "k-applied", 201, None),
        (first, decision(), "k-applied", 201, None),  # replay
        (first, decision(staff="別人"), "k-applied", 422, ":idempotency-key-reused"),
        (first, decision(), "k-second-accept", 409, ":decision-conflict"),
        (second, decision(version=1), "k-stale", 409, ":stale-version"),
        (third, decision(version=2), "k-cancelled", 410, ":cancelled"),
        ("MV00000000-999999", decision(), "k-unknown", 404, ":unknown-receipt"),
        (first, {"decision": "maybe", "version": 0}, "k-invalid", 422, ":invalid-decision"),
        (first, decision(), None, 400, ":idempotency-key-required"),
    ]
    for receipt, body, key, status, problem_type in cases:
        answer = post(receipt, body, key)
        assert answer.status_code == status, (receipt, body, answer.text)
        checked = contract.check(answer, "POST", DECISIONS_PATH)
        if problem_type:
            assert checked["type"].endswith(problem_type)
        if problem_type == ":decision-conflict":  # the second PC learns who was first, and when
            applied = decision()
            assert (checked["decided_by"], checked["decided_at"]) == (
                applied["staff"],
                applied["decided_at"],
            )
            assert checked["current_decision"] == "accept" and checked["decision_id"]
    replay = post(first, decision(), "k-applied")
    assert replay.headers["Idempotent-Replayed"] == "true"
    not_json = http.post(
        f"{hub.url}/v1/notices/{first}/decisions",
        data=b"\xff\xfe",
        headers={**bearer(token), "Idempotency-Key": "k-bytes", "Content-Type": "application/json"},
    )
    assert not_json.status_code == 400
    contract.check(not_json, "POST", DECISIONS_PATH)
    anonymous = http.post(f"{hub.url}/v1/notices/{first}/decisions", json=decision())
    assert anonymous.status_code == 401
    contract.check(anonymous, "POST", DECISIONS_PATH)


@pytest.mark.parametrize(
    ("switches", "status"),
    [
        ({"rate_limit_rate": 1.0, "retry_after": 7}, 429),
        ({"error_rate": 1.0, "retry_after": 5}, 503),
        ({"error_rate": 1.0, "error_status": 500}, 500),
    ],
)
def test_refusals_carry_what_the_document_promises(
    hub: HubSimulator,
    http: requests.Session,
    token: str,
    contract: Contract,
    switches: dict[str, Any],
    status: int,
) -> None:
    hub.set_faults(**switches)
    session = http.post(
        f"{hub.url}/v1/session", json={"partner_id": DEMO_PARTNER_ID, "password": DEMO_PASSWORD}
    )
    feed = http.get(f"{hub.url}/v1/notices", headers=bearer(token))
    push = http.post(
        f"{hub.url}/v1/notices/{hub.receipts()[0]}/decisions",
        json=decision(),
        headers={**bearer(token), "Idempotency-Key": "k"},
    )
    for answer, method, template in (
        (session, "POST", "/v1/session"),
        (feed, "GET", "/v1/notices"),
        (push, "POST", DECISIONS_PATH),
    ):
        assert answer.status_code == status
        contract.check(answer, method, template)
        if status in (429, 503):
            assert answer.headers["Retry-After"] == str(switches["retry_after"])
    assert hub.decisions() == []


def test_simulator_controls_answer_as_documented(
    hub: HubSimulator, http: requests.Session, token: str, contract: Contract
) -> None:
    base = f"{hub.url}/v1/_sim"
    receipts = contract.check(http.get(f"{base}/receipts"), "GET", "/v1/_sim/receipts")
    assert receipts == hub.receipts()
    ticked = http.post(f"{base}/tick", json={"new": 2, "edit": 2, "cancel": 1})
    result = contract.check(ticked, "POST", "/v1/_sim/tick")
    assert len(result["new"]) == 2 and len(result["edited"]) == 2 and len(result["cancelled"]) == 1

    target = receipts[5]
    edit_path = "/v1/_sim/notices/{receipt}/edit"
    edited = http.post(f"{base}/notices/{target}/edit", json={"remarks": "部屋番号を訂正"})
    assert contract.check(edited, "POST", edit_path)["remarks"] == "部屋番号を訂正"
    assert contract.check(http.post(f"{base}/notices/{target}/edit"), "POST", edit_path)
    cancel_path = "/v1/_sim/notices/{receipt}/cancel"
    cancelled = http.post(f"{base}/notices/{target}/cancel")
    assert contract.check(cancelled, "POST", cancel_path)["hub_state"] == "cancelled"
    again = http.post(f"{base}/notices/{target}/cancel")
    assert again.status_code == 409
    contract.check(again, "POST", cancel_path)
    unknown = http.post(f"{base}/notices/NOPE-1/edit", json={})
    assert unknown.status_code == 404
    contract.check(unknown, "POST", edit_path)

    injected = http.post(f"{base}/inject", json={"items": [{"receipt_number": 7}, "text", None]})
    contract.check(injected, "POST", "/v1/_sim/inject")
    raw = http.post(
        f"{base}/inject-raw",
        data=b'{"receipt_number":"RAW-1","remarks":"\xff"}',
        headers={"Content-Type": "application/octet-stream"},
    )
    contract.check(raw, "POST", "/v1/_sim/inject-raw")
    unbalanced = http.post(f"{base}/inject-raw", data=b'{"receipt_number":')
    assert unbalanced.status_code == 422
    contract.check(unbalanced, "POST", "/v1/_sim/inject-raw")

    stats = contract.check(http.get(f"{base}/stats"), "GET", "/v1/_sim/stats")
    assert stats == hub.stats()

    faults = http.post(f"{base}/faults", json={"latency_ms": 0, "seed": 3, "max_faults": 1})
    assert contract.check(faults, "POST", "/v1/_sim/faults")["max_faults"] == 1
    bad_faults = http.post(f"{base}/faults", json={"error_rate": 2})
    assert bad_faults.status_code == 422
    contract.check(bad_faults, "POST", "/v1/_sim/faults")
    unknown_switch = http.post(f"{base}/faults", json={"meltdown": True})
    assert unknown_switch.status_code == 422

    http.post(
        f"{hub.url}/v1/notices/{receipts[0]}/decisions",
        json=decision(),
        headers={**bearer(token), "Idempotency-Key": "k-1"},
    )
    decisions = contract.check(http.get(f"{base}/decisions"), "GET", "/v1/_sim/decisions")
    assert [item["receipt_number"] for item in decisions] == [receipts[0]]
    expired = http.post(f"{base}/sessions/expire")
    assert contract.check(expired, "POST", "/v1/_sim/sessions/expire")["expired"] >= 1


@pytest.mark.parametrize(
    "body",
    [
        decision(),
        decision(decision="reject", reason={"code": "outside_area", "text": "給水区域外"}),
        decision(decision="reject", reason={"code": "other"}),
        decision(decision="reopen", reason=None),
        decision(customer_number="0012345678"),
        decision(customer_number=None, reason=None),
        decision(decision="reject"),
        decision(decision="reject", reason={"code": "bored"}),
        decision(reason={"code": "duplicate", "text": ""}),
        decision(version=0),
        decision(version=True),
        decision(staff=""),
        decision(decided_at="yesterday"),
        decision(customer_number="12"),
        decision(extra="member"),
        {"decision": "accept"},
        ["accept"],
    ],
)
def test_decision_schema_and_simulator_agree(contract: Contract, body: Any) -> None:
    schema_accepts = contract.schema("DecisionRequest").is_valid(body)
    simulator_accepts = not decision_problems(body)
    assert schema_accepts == simulator_accepts


def test_generated_notices_match_the_notice_schema(contract: Contract) -> None:
    simulator = HubSimulator(notices=300, seed=5)
    simulator.tick(new=20, edit=30, cancel=10)
    validator = contract.schema("Notice")
    for receipt in simulator.receipts():
        validator.validate(simulator.notice(receipt))


def test_closed_lists_in_the_document_match_the_domain(contract_document: dict[str, Any]) -> None:
    schemas = contract_document["components"]["schemas"]
    notice = schemas["Notice"]["properties"]
    assert schemas["Reason"]["properties"]["code"]["enum"] == list(REJECTION_REASONS)
    assert schemas["DecisionRequest"]["properties"]["decision"]["enum"] == list(DECISIONS)
    assert notice["hub_state"]["enum"] == list(HUB_STATES)
    assert notice["payment_method"]["enum"] == [*PAYMENT_METHODS, None]
    assert notice["settlement_method"]["enum"] == [*SETTLEMENT_METHODS, None]
