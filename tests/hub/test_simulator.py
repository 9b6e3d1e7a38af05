"""The simulated hub: realistic residents, seeded behaviour, the feed, activity and faults."""

from __future__ import annotations

import json
import re
import threading
from datetime import date, timedelta
from typing import Any

import pytest
import requests

from desktop.domain.notice import notice_from_payload
from desktop.hub import simulator as simulator_module
from desktop.hub.residents import JST, SERVICE_AREA
from desktop.hub.simfaults import FaultPlan, FaultSettings
from desktop.hub.simulator import DEMO_PARTNER_ID, DEMO_PASSWORD, HubSimulator, serve
from tests.hub.conftest import FIXED_NOW, Clock

KATAKANA_NAME = re.compile(r"^[\u30a0-\u30ff ]+$")


def everything(simulator: HubSimulator) -> list[dict[str, Any]]:
    return [simulator.notice(receipt) for receipt in simulator.receipts()]


def test_every_generated_notice_passes_the_domain_gate() -> None:
    simulator = HubSimulator(notices=1500, seed=11, clock=Clock(FIXED_NOW))
    simulator.tick(new=100, edit=300, cancel=100)
    for payload in everything(simulator):
        notice_from_payload(payload)


def test_residents_look_like_one_bureaus_area() -> None:
    simulator = HubSimulator(notices=1500, seed=3, clock=Clock(FIXED_NOW))
    notices = [notice_from_payload(payload) for payload in everything(simulator)]
    today = FIXED_NOW.date()
    area_codes = {postal for postal, _, _ in SERVICE_AREA}
    move_ins = [notice for notice in notices if notice.kind == "move_in"]
    move_outs = [notice for notice in notices if notice.kind == "move_out"]
    assert move_ins and move_outs

    for notice in notices:
        assert notice.service_address.postal_code in area_codes
        assert notice.service_address.address.startswith("東京都")
        assert today - timedelta(days=3) <= notice.move_date <= today + timedelta(days=21)
        assert notice.move_date >= notice.submitted_date_jst
        assert notice.submitted_at <= FIXED_NOW
        assert KATAKANA_NAME.match(notice.kana), notice.kana
        assert notice.phone
    for notice in move_outs:
        assert notice.forwarding_address is not None and notice.settlement_method
    for notice in move_ins:
        assert notice.payment_method and notice.forwarding_address is None

    def share(items: list[Any], test: Any) -> float:
        return sum(1 for item in items if test(item)) / len(items)

    assert share(move_outs, lambda n: n.customer_number.startswith("0")) > 0.5
    assert share(move_ins, lambda n: not n.customer_number) > 0.5
    assert 0 < share(notices, lambda n: n.corporate) < 0.1
    assert all(n.corporate_name and n.representative for n in notices if n.corporate)
    assert any(char in n.name for n in notices for char in "髙﨑𠮷")
    assert any("𠮷" in n.name for n in notices)
    assert 0.2 < share(notices, lambda n: bool(n.service_address.building)) < 0.7
    assert 0 < share(notices, lambda n: n.filer is not None) < 0.5
    assert any(n.presence_required and n.presence_time for n in notices)
    assert any("\n" in n.remarks for n in notices)
    assert any(n.email for n in notices)


def test_the_same_seed_gives_the_same_hub() -> None:
    def build(seed: int) -> tuple[list[dict[str, Any]], dict[str, list[str]], list[dict[str, Any]]]:
        simulator = HubSimulator(notices=120, seed=seed, clock=Clock(FIXED_NOW))
        ticked = simulator.tick(new=5, edit=7, cancel=3)
        return everything(simulator), ticked, [simulator.state.random_activity() for _ in range(5)]

    assert build(42) == build(42)
    assert build(42)[0] != build(43)[0]


def test_faults_are_reproducible_from_their_seed() -> None:
    def verdicts(seed: int) -> list[Any]:
        plan = FaultPlan()
        plan.configure(FaultSettings(error_rate=0.3, drop_rate=0.2, garble_rate=0.2, seed=seed))
        return [plan.judge("/v1/notices") for _ in range(50)]

    assert verdicts(1) == verdicts(1)
    assert verdicts(1) != verdicts(2)
    plan = FaultPlan()
    plan.configure(FaultSettings(error_rate=1.0, max_faults=2))
    assert [plan.judge("/v1/notices").before for _ in range(4)] == ["error", "error", None, None]
    assert plan.judge("/v1/_sim/tick").before is None


def test_accepted_notices_never_change(hub: HubSimulator) -> None:
    accepted = hub.receipts()[:10]
    for receipt in accepted:
        reply, _ = hub.state.decide(
            receipt,
            f"key-{receipt}",
            json.dumps(
                {
                    "decision": "accept",
                    "version": 1,
                    "staff": "係員",
                    "decided_at": FIXED_NOW.isoformat(),
                }
            ).encode(),
        )
        assert reply.status == 201
    before = {receipt: hub.notice(receipt) for receipt in accepted}
    for _ in range(20):
        hub.tick(new=1, edit=5, cancel=2)
    assert {receipt: hub.notice(receipt) for receipt in accepted} == before
    with pytest.raises(ValueError, match="accepted"):
        hub.edit(accepted[0], remarks="changed")
    with pytest.raises(ValueError, match="accepted"):
        hub.cancel(accepted[0])


def test_edits_and_cancellations_raise_the_version(hub: HubSimulator) -> None:
    first, second = hub.receipts()[:2]
    edited = hub.edit(first, remarks="駐車場あり")
    assert (edited["version"], edited["hub_state"], edited["remarks"]) == (
        2,
        "changed",
        "駐車場あり",
    )
    made_up = hub.edit(first)
    assert made_up["version"] == 3 and made_up != edited
    notice_from_payload(made_up)
    cancelled = hub.cancel(second)
    assert (cancelled["version"], cancelled["hub_state"]) == (2, "cancelled")
    with pytest.raises(ValueError, match="cancelled"):
        hub.edit(second)
    with pytest.raises(KeyError):
        hub.cancel("NO-SUCH-RECEIPT")


def test_the_feed_shows_each_notice_once_at_its_latest_change(hub: HubSimulator) -> None:
    receipts = hub.receipts()
    hub.edit(receipts[0], remarks="一回目")
    hub.edit(receipts[0], remarks="二回目")
    hub.cancel(receipts[1])
    reply = hub.state.feed_page(None, 1000)
    items = json.loads(reply.body)["items"]
    order = [item["receipt_number"] for item in items]
    assert sorted(order) == sorted(receipts)
    assert order[-2:] == [receipts[0], receipts[1]]
    assert items[-2]["remarks"] == "二回目" and items[-1]["hub_state"] == "cancelled"


def test_background_activity_runs_on_its_timer(monkeypatch: pytest.MonkeyPatch) -> None:
    simulator = HubSimulator(notices=5, seed=1, activity_interval=0.01, clock=Clock(FIXED_NOW))
    beats = threading.Event()
    real_activity = simulator.state.random_activity

    def activity() -> dict[str, list[str]]:
        changed = real_activity()
        beats.set()
        return changed

    monkeypatch.setattr(simulator.state, "random_activity", activity)
    with simulator:
        assert beats.wait(timeout=10)
    quiet = HubSimulator(notices=5, seed=1)
    with quiet:
        assert [thread.name for thread in quiet._threads] == ["hub-simulator"]


def test_tick_files_new_notices_dated_now(hub: HubSimulator) -> None:
    created = hub.tick(new=3)["new"]
    for receipt in created:
        notice = notice_from_payload(hub.notice(receipt))
        assert notice.submitted_at == FIXED_NOW and notice.move_date >= FIXED_NOW.date()
        assert receipt.startswith(f"MV{FIXED_NOW:%Y%m%d}-")


def test_injected_items_reach_the_feed_unchanged(hub: HubSimulator) -> None:
    hub.inject_items([{"receipt_number": "BROKEN"}, 12, "text"])
    hub.inject_raw_item(b'{"receipt_number":"RAW-1","remarks":"\xff\xfe"}')
    body = hub.state.feed_page(None, 1000).body
    assert b'{"receipt_number":"RAW-1","remarks":"\xff\xfe"}' in body
    page = json.loads(body.decode("utf-8", "surrogateescape"))
    assert page["items"][-4:-1] == [{"receipt_number": "BROKEN"}, 12, "text"]


def test_simulator_stops_cleanly_and_frees_its_port() -> None:
    simulator = HubSimulator(notices=3, seed=1)
    with simulator:
        url = simulator.url
        with requests.Session() as keep_alive:
            answer = keep_alive.post(
                f"{url}/v1/session", json={"partner_id": DEMO_PARTNER_ID, "password": DEMO_PASSWORD}
            )
            assert answer.status_code == 200
        simulator.start()  # a second start is harmless
    simulator.stop()  # and so is a second stop
    with pytest.raises(RuntimeError):
        _ = simulator.url
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{url}/v1/_sim/receipts", timeout=5)


def test_serve_prints_where_and_how_to_sign_in(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupt(_seconds: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(simulator_module.time, "sleep", interrupt)
    assert serve(port=0, notices=3, seed=9, partner_id="bureau-7", password="pw-7") == 0
    printed = capsys.readouterr().out
    assert "http://127.0.0.1:" in printed
    assert "bureau-7" in printed and "pw-7" in printed


def test_demo_credentials_are_the_documented_ones() -> None:
    assert (DEMO_PARTNER_ID, DEMO_PASSWORD) == ("demo-partner", "demo-password")


def test_move_dates_respect_a_late_evening_filing() -> None:
    late = Clock(FIXED_NOW.replace(hour=23, minute=59))
    simulator = HubSimulator(notices=300, seed=8, clock=late)
    for payload in everything(simulator):
        notice = notice_from_payload(payload)
        assert notice.move_date >= notice.submitted_at.astimezone(JST).date()
        assert notice.move_date >= date(2025, 11, 18)
