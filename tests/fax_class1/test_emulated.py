"""Class 1 across the emulated line: pages, codings, step-down, and every fault ending cleanly."""

from __future__ import annotations

import numpy as np
import pytest

from fax.emulator import Faults
from fax.emulator.class1 import Class1Faults, set_class1_faults
from fax.modem.class1 import Class1Modem, Class1Timing
from fax.modem.class2 import Class2Modem, DriverConfig
from fax.modem.params import FaxParams
from fax.modem.select import choose_class, open_any_modem
from tests.fax_class1.conftest import CALLEE, CALLER
from tests.fax_modem.conftest import make_page, modem_is_ready

CODINGS = {"mh": FaxParams(df=0, ec=0), "mr": FaxParams(df=1, ec=0), "mmr": FaxParams(df=3, ec=1)}


@pytest.mark.parametrize("resolution", ["standard", "fine"])
@pytest.mark.parametrize("coding", ["mh", "mr", "mmr"])
def test_pages_arrive_as_sent(line, sender, receiver, resolution, coding):
    caps = CODINGS[coding]
    rx = receiver(DriverConfig(local_id=CALLEE, capabilities=caps))
    pages = [make_page(n) for n in range(3)]
    result = sender(DriverConfig(local_id=CALLER, capabilities=caps)).send(
        CALLEE, pages, resolution
    )
    [received] = rx.join()

    assert result.success, result.hangup.message()
    assert result.confirmed_pages == [1, 2, 3]
    assert result.session.scheme == coding and result.session.resolution == resolution
    assert result.remote_id == CALLEE and received.remote_id == CALLER
    assert not received.partial and received.hangup.ok
    for sent, got in zip(pages, received.pages, strict=True):
        assert got.resolution == resolution
        assert np.array_equal(sent, got.bitmap)
    assert result.turnarounds.count > 0 and received.turnarounds.count > 0


def test_fine_pages_to_a_standard_only_receiver_are_halved(line, sender, receiver):
    rx = receiver(DriverConfig(local_id=CALLEE, capabilities=FaxParams(vr=0, df=1)))
    page = make_page(3, rows=200)
    result = sender().send(CALLEE, [page], "fine")
    [received] = rx.join()
    assert result.success and result.session.resolution == "standard"
    assert np.array_equal(received.pages[0].bitmap, page[0::2] | page[1::2])


def test_training_failure_at_14400_steps_down_and_completes(line, sender, receiver):
    set_class1_faults(line, CALLEE, Class1Faults(training_limit=12000))
    rx = receiver()
    modem = sender()
    result = modem.send(CALLEE, [make_page(1), make_page(2)], "fine")
    [received] = rx.join()
    assert result.success, result.hangup.message()
    assert result.trainings == ["V.17 14400: FTT", "V.17 12000: CFR"]
    assert result.session.bit_rate == 12000
    assert received.trainings[-1] == "V.17 12000: CFR" and len(received.pages) == 2
    assert modem_is_ready(modem)


def test_training_that_never_succeeds_ends_with_code_27(line, sender, receiver):
    line.set_faults(CALLEE, Faults(training_failure=1))
    rx = receiver()
    modem = sender()
    result = modem.send(CALLEE, [make_page(1)], "fine")
    [received] = rx.join()
    assert result.hangup.code == 27 and result.hangup.category == "training"
    assert result.trainings[0] == "V.17 14400: FTT"
    assert result.trainings[-1] == "V.27 2400: FTT"  # every step down to the slowest
    assert received.pages == []
    assert modem_is_ready(modem)


def test_bad_frames_are_repeated_then_the_call_goes_on(line, sender, receiver):
    # The first CFR and the first MCF arrive damaged: the sender repeats its command.
    set_class1_faults(line, CALLEE, Class1Faults(corrupt={"CFR": 1, "MCF": 1}))
    rx = receiver()
    result = sender().send(CALLEE, [make_page(1), make_page(2)], "fine")
    [received] = rx.join()
    assert result.success, result.hangup.message()
    assert len(received.pages) == 2 and not received.partial


def test_bad_frames_every_time_end_the_call_with_a_reason(line, sender, receiver):
    set_class1_faults(line, CALLEE, Class1Faults(corrupt={"CFR": -1}))
    rx = receiver()
    modem = sender()
    result = modem.send(CALLEE, [make_page(1)], "fine")
    rx.join()
    assert not result.success and result.hangup.code == 25
    assert "DCS" in result.hangup.english
    assert result.pages[0].verdict == "" and modem_is_ready(modem)


@pytest.mark.parametrize("lost, code", [("MCF", 54), ("CFR", 25)])
def test_missing_replies_end_the_call_with_a_reason(line, sender, receiver, lost, code):
    set_class1_faults(line, CALLEE, Class1Faults(swallow={lost: -1}))
    rx = receiver()
    # Half of T.30's T4 between repeats: the unpaced line answers in milliseconds,
    # and three repeats at the full 3 s made these the slowest emulated calls.
    modem = sender(timing=Class1Timing(t4=1.5))
    result = modem.send(CALLEE, [make_page(1)], "fine")
    rx.join()
    assert result.hangup.code == code and not result.success
    assert result.hangup.japanese and result.hangup.english
    assert modem_is_ready(modem)


@pytest.mark.parametrize("coding", ["mr", "mmr"])
def test_carrier_lost_mid_page(line, sender, receiver, coding):
    line.set_faults(
        CALLEE, Faults(carrier_loss=1, carrier_loss_page=2, carrier_loss_after_bytes=900)
    )
    rx = receiver(DriverConfig(local_id=CALLEE, capabilities=CODINGS[coding]))
    modem = sender(DriverConfig(local_id=CALLER, capabilities=CODINGS[coding]))
    result = modem.send(CALLEE, [make_page(1), make_page(2), make_page(3)], "fine")
    [received] = rx.join()
    assert not result.success and result.confirmed_pages == [1]
    assert result.hangup.category == "line"
    assert received.partial and received.pages[0].complete
    assert modem_is_ready(modem)
    assert modem_is_ready(rx.modem)


def test_bit_errors_under_ecm_are_repaired_by_partial_page_requests(line, sender, receiver):
    line.set_faults(CALLEE, Faults(bit_error_rate=1e-4))
    rx = receiver(DriverConfig(local_id=CALLEE, capabilities=CODINGS["mmr"]))
    page = make_page(9, rows=1200)
    result = sender(DriverConfig(local_id=CALLER, capabilities=CODINGS["mmr"])).send(
        CALLEE, [page], "fine"
    )
    [received] = rx.join()
    assert result.success, result.hangup.message()
    assert line.calls[-1].bit_errors > 0
    assert np.array_equal(received.pages[0].bitmap, page)


def test_ecm_errors_at_14400_continue_to_correct_one_speed_lower(line, sender, receiver):
    set_class1_faults(line, CALLEE, Class1Faults(data_limit=12000))
    rx = receiver(DriverConfig(local_id=CALLEE, capabilities=CODINGS["mmr"]))
    pages = [make_page(9, rows=600), make_page(2)]
    modem = sender(DriverConfig(local_id=CALLER, capabilities=CODINGS["mmr"]))
    result = modem.send(CALLEE, pages, "fine")
    [received] = rx.join()
    assert result.success, result.hangup.message()
    assert result.trainings == ["V.17 14400: CFR", "V.17 12000: CTR"]
    assert result.session.bit_rate == 12000 and result.modulation == "V.17 12000"
    assert received.trainings[-1] == "V.17 12000: CTR" and received.hangup.ok
    for sent, got in zip(pages, received.pages, strict=True):
        assert np.array_equal(sent, got.bitmap)
    assert modem_is_ready(modem)


def test_ecm_errors_at_every_speed_end_with_code_95(line, sender, receiver):
    faults = Class1Faults(data_limit=1, data_bit_error_rate=0.01)
    set_class1_faults(line, CALLEE, faults)
    rx = receiver(DriverConfig(local_id=CALLEE, capabilities=CODINGS["mmr"]))
    modem = sender(DriverConfig(local_id=CALLER, capabilities=CODINGS["mmr"]))
    result = modem.send(CALLEE, [make_page(9, rows=200)], "fine")
    rx.join()
    assert result.hangup.code == 95 and not result.success
    assert result.trainings[-1] == "V.27 2400: CTR"  # every step down to the slowest
    assert modem_is_ready(modem)


def test_busy_and_no_answer_are_reported(line, sender):
    line.set_faults(CALLEE, Faults(busy=1, no_answer=1))
    modem = sender()
    assert modem.send(CALLEE, [make_page(1)]).hangup.category == "busy"
    assert modem.send(CALLEE, [make_page(1)]).hangup.category == "no_answer"
    assert modem_is_ready(modem)


def test_open_any_modem_picks_by_what_the_modem_offers(line):
    line.add_modem("0355556666", classes=("1", "2", "2.0"))
    with_both = open_any_modem(line.url("0355556666"), DriverConfig())
    assert isinstance(with_both, Class2Modem) and with_both.dialect.fclass == "2.0"
    with_both.channel.close()
    forced = open_any_modem(line.url("0355556666"), DriverConfig(), fax_class="1")
    assert isinstance(forced, Class1Modem) and forced.fclass == "1"
    forced.channel.close()
    only_one = open_any_modem(line.url(CALLER), DriverConfig())
    assert isinstance(only_one, Class1Modem) and only_one.fclass == "1.0"
    only_one.channel.close()
    assert choose_class({"0", "1"}) == "1" and choose_class({"0"}) is None
