"""Pages across the emulated line in both classes, resolutions, bit orders and codings."""

from __future__ import annotations

import numpy as np
import pytest

from fax.modem import class2 as driver
from fax.modem.class2 import DriverConfig
from fax.modem.params import FaxParams
from tests.fax_modem.conftest import CALLEE, CALLER, make_page, modem_is_ready

CODINGS = {"mh": 0, "mr": 1, "mmr": 3}


@pytest.mark.parametrize("fax_class", ["2", "2.0"])
@pytest.mark.parametrize("resolution", ["standard", "fine"])
@pytest.mark.parametrize("bit_order", ["direct", "reversed"])
@pytest.mark.parametrize("coding", ["mh", "mr"])
def test_pages_arrive_as_sent(line, sender, receiver, fax_class, resolution, bit_order, coding):
    caps = FaxParams(df=CODINGS[coding], ec=0)
    common = {"fax_class": fax_class, "bit_order": bit_order, "capabilities": caps}
    rx = receiver(DriverConfig(local_id=CALLEE, **common))
    pages = [make_page(n) for n in range(3)]
    result = sender(DriverConfig(local_id=CALLER, **common)).send(CALLEE, pages, resolution)
    [received] = rx.join()

    assert result.success, result.hangup.message()
    assert result.confirmed_pages == [1, 2, 3]
    assert result.session is not None and result.session.scheme == coding
    assert result.session.resolution == resolution
    assert result.remote_id == CALLEE and received.remote_id == CALLER
    assert not received.partial and received.hangup.ok
    assert [p.resolution for p in received.pages] == [resolution] * 3
    for sent, got in zip(pages, received.pages, strict=True):
        assert np.array_equal(sent, got.bitmap)
        assert got.bad_lines == 0


# A Class 2 (SP-2388) modem predates MMR: asked for it, it refuses and stays with MR.
@pytest.mark.parametrize("fax_class, scheme", [("2", "mr"), ("2.0", "mmr")])
def test_mmr_with_ecm_when_both_ends_offer_it(line, sender, receiver, fax_class, scheme):
    rx = receiver(DriverConfig(local_id=CALLEE, fax_class=fax_class))
    pages = [make_page(7), make_page(8)]
    modem = sender(DriverConfig(local_id=CALLER, fax_class=fax_class))
    result = modem.send(CALLEE, pages, "fine")
    [received] = rx.join()
    assert result.success and result.session.scheme == scheme
    assert all(np.array_equal(a, b.bitmap) for a, b in zip(pages, received.pages, strict=True))
    assert modem_is_ready(modem)


def test_a_receiver_offering_mh_only_gets_mh(line, sender, receiver):
    receiver(DriverConfig(local_id=CALLEE, capabilities=FaxParams(df=0, ec=0)))
    result = sender().send(CALLEE, [make_page(1)], "fine")
    assert result.success and result.session.scheme == "mh"


def test_fine_pages_to_a_standard_only_receiver_are_halved(line, sender, receiver):
    rx = receiver(DriverConfig(local_id=CALLEE, capabilities=FaxParams(vr=0)))
    page = make_page(3, rows=200)
    result = sender().send(CALLEE, [page], "fine")
    [received] = rx.join()
    assert result.success and result.session.resolution == "standard"
    assert received.pages[0].bitmap.shape == (100, 1728)
    assert np.array_equal(received.pages[0].bitmap, page[0::2] | page[1::2])


def test_wrong_bit_order_is_rejected_like_on_a_real_line(line, sender, receiver):
    """The host sends MSB-first data but never tells the modem (+FBO not set)."""
    rx = receiver()
    modem = sender(DriverConfig(local_id=CALLER, bit_order="reversed", set_bit_order=False))
    result = modem.send(CALLEE, [make_page(4)], "fine")
    [received] = rx.join()
    assert not result.success
    assert result.pages[0].verdict == "RTN"
    assert result.pages[0].attempts == 3  # first try and two retransmissions
    assert received.pages == [] and received.rejected_pages == 3
    assert modem_is_ready(modem)


def test_broken_dle_escaping_is_rejected(line, sender, receiver, monkeypatch):
    monkeypatch.setattr(driver, "escape", lambda data: data)
    rx = receiver()
    page = make_page(5)
    page[100:120, 0:1728:3] = 1  # many DLE (0x10) bytes in the coded data
    modem = sender(DriverConfig(local_id=CALLER, capabilities=FaxParams(df=0)))
    result = modem.send(CALLEE, [page], "fine")
    rx.join()
    assert not result.success
    assert modem_is_ready(modem)


def test_receiver_answers_only_after_the_rings_asked_for(line, sender, receiver):
    rx = receiver(DriverConfig(local_id=CALLEE, answer_after_rings=4))
    result = sender().send(CALLEE, [make_page(2)], "standard")
    rx.join()
    assert result.success
    assert line.modems[CALLEE].rings >= 4
