"""The emulated modem answers identification and range queries as the modems on sale do.

The commands are those HylaFAX's probemodem sends for each class; every
``=?`` of a parameter gives a range list, action commands a bare OK,
commands the class does not have ERROR.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from fax.emulator import VirtualLine
from fax.modem.at import ATChannel, open_port
from fax.modem.class2 import DriverConfig, open_modem
from fax.modem.params import FaxParams
from tests.fax_modem.conftest import CALLEE, CALLER, Receiver, make_page

CLASS_2_0_PARAMETERS = [
    "+FAA",
    "+FAP",
    "+FBO",
    "+FBU",
    "+FCC",
    "+FCQ",
    "+FCR",
    "+FCS",
    "+FCT",
    "+FEA",
    "+FFC",
    "+FIE",
    "+FIS",
    "+FIT",
    "+FLI",
    "+FLO",
    "+FLP",
    "+FMS",
    "+FNR",
    "+FNS",
    "+FPA",
    "+FPI",
    "+FPP",
    "+FPR",
    "+FPS",
    "+FPW",
    "+FRQ",
    "+FRY",
    "+FSA",
    "+FSP",
    "+FIP",
]
CLASS_2_PARAMETERS = [
    "+FAA",
    "+FAXERR",
    "+FBADLIN",
    "+FBADMUL",
    "+FBOR",
    "+FBUG",
    "+FCIG",
    "+FCQ",
    "+FCR",
    "+FTBC",
    "+FDCC",
    "+FDCS",
    "+FDIS",
    "+FECM",
    "+FET",
    "+FLID",
    "+FLNFC",
    "+FLPL",
    "+FMINSP",
    "+FPHCTO",
    "+FPTS",
    "+FRBC",
    "+FREL",
    "+FSPL",
    "+FVRFC",
    "+FWDFC",
]
# (+FTH=? and +FRH=? answer a bare "3", which reads as a numeric result code.)
CLASS_1_PARAMETERS = ["+FAA", "+FAE", "+FTM", "+FRM", "+FTS", "+FRS", "+FAR", "+FCL", "+FIT"]


@pytest.fixture
def channel() -> Iterator[ATChannel]:
    line = VirtualLine("identification", paced=False)
    line.add_modem(CALLER, classes=("1", "1.0", "2", "2.0"), manufacturer="MoveDesk")
    port = open_port(line.url(CALLER))
    at = ATChannel(port, timeout=5.0)
    at.command("E0")
    yield at
    at.close()
    line.close()


def test_v250_identification_answers_text(channel):
    assert channel.query("+GMI") == "MoveDesk"
    assert channel.query("+GMM") == "Emulated Fax Modem"
    assert channel.query("+GMR") == "1.0"
    assert channel.command("+GMI=?").lines == []
    assert channel.query("+GCAP") == "+FCLASS"
    assert channel.query("+IFC=?") == "(0-2),(0-2)"


def test_the_class_list_offers_class_1():
    line = VirtualLine("fclass-list", paced=False)
    try:
        line.add_modem(CALLER, classes=("1", "1.0", "2", "2.0"))
        at = ATChannel(open_port(line.url(CALLER)), timeout=5.0)
        try:
            assert at.query("+FCLASS=?") == "0,1,1.0,2,2.0"
        finally:
            at.close()
    finally:
        line.close()


@pytest.mark.parametrize(
    "fax_class, names",
    [("2.0", CLASS_2_0_PARAMETERS), ("2", CLASS_2_PARAMETERS), ("1.0", CLASS_1_PARAMETERS)],
)
def test_every_parameter_query_gives_a_range(channel, fax_class, names):
    channel.command(f"+FCLASS={fax_class}")
    for name in names:
        result = channel.command(f"{name}=?", expect=None)
        assert result.ok, name
        [answer] = result.lines
        assert answer.startswith("(") or answer[0].isdigit(), (name, answer)


@pytest.mark.parametrize("fax_class", ["2.0", "2"])
def test_action_commands_answer_a_bare_ok_and_junk_is_an_error(channel, fax_class):
    channel.command(f"+FCLASS={fax_class}")
    assert channel.command("+FDT=?").lines == []
    assert channel.command("+FDR=?").lines == []
    assert channel.command("+FJUNK=?", expect=None).final == "ERROR"
    assert channel.command("+FJU?", expect=None).final == "ERROR"


def test_class_2_0_defaults_offer_neither_mmr_nor_ecm(channel):
    channel.command("+FCLASS=2.0")
    assert channel.query("+FCC?") == "1,5,0,2,0,0,0,0"
    assert channel.query("+FCQ=?") == "(0-2),(0-2)"
    assert channel.query("+FAP=?") == "(0,1),(0,1),(0,1)"
    assert channel.query("+FNR=?") == "(0,1),(0,1),(0,1),(0,1)"
    # The host may ask for MMR with ECM, and gets it.
    channel.command("+FCC=1,5,0,2,3,1,0,0")
    assert channel.query("+FCC?") == "1,5,0,2,3,1,0,0"


def test_a_class_2_modem_has_no_mmr_and_refuses_it(channel):
    channel.command("+FCLASS=2")
    assert channel.query("+FDCC?") == "1,5,0,2,0,0,0,0"
    assert channel.command("+FDCC=1,5,0,2,3,1,0,0", expect=None).final == "ERROR"
    assert channel.query("+FDCC?") == "1,5,0,2,0,0,0,0"


def test_a_parameter_out_of_its_range_is_refused_and_kept(channel):
    channel.command("+FCLASS=2.0")
    assert channel.command("+FAP=2,0,0", expect=None).final == "ERROR"
    assert channel.query("+FAP?") == "0,0,0"
    channel.command("+FAP=1,,1")
    assert channel.query("+FAP?") == "1,0,1"


def test_movedesk_on_a_class_2_modem_sends_mr_when_mmr_is_refused():
    line = VirtualLine("class2-no-mmr", paced=False)
    try:
        line.add_modem(CALLER, classes=("2",))
        line.add_modem(CALLEE, classes=("2",))
        asked = FaxParams(df=3, ec=1)  # the driver's default: MMR with ECM
        receiver = Receiver(
            line, DriverConfig(local_id=CALLEE, fax_class="2", capabilities=asked)
        ).start()
        modem = open_modem(
            line.url(CALLER), DriverConfig(local_id=CALLER, fax_class="2", capabilities=asked)
        )
        try:
            # The modem refused MMR with ECM; the driver asked again within its ranges.
            assert modem.channel.query("+FDCC?") == "1,5,0,2,1,0,0,0"
            page = make_page(9)
            result = modem.send(CALLEE, [page], "fine")
        finally:
            modem.channel.close()
        [received] = receiver.join()
        assert result.success, result.hangup.message()
        assert result.session.scheme == "mr" and not result.session.ec
        assert np.array_equal(received.pages[0].bitmap, page)
    finally:
        line.close()
