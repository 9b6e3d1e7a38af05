"""The AT layer against recorded modem dialogues, and fuzzing of the response parsing."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fax.modem import hangup
from fax.modem.at import ATChannel, CommandFailed, ModemTimeout, identify
from fax.modem.dle import DleDecoder, escape
from fax.modem.params import FaxParams
from fax.modem.responses import Kind, LineSplitter, classify, parse_fclass_list, parse_responses


class ScriptedPort:
    """A serial port that answers each command with recorded bytes."""

    def __init__(self, script: dict[bytes, bytes], *, unsolicited: bytes = b"") -> None:
        self.script = script
        self.buffer = bytearray(unsolicited)
        self.timeout = 0.05
        self.written = bytearray()
        self.lock = threading.Lock()

    @property
    def in_waiting(self) -> int:
        return len(self.buffer)

    def read(self, size: int = 1) -> bytes:
        data = bytes(self.buffer[:size])
        del self.buffer[:size]
        return data

    def write(self, data: bytes) -> int:
        self.written += data
        while b"\r" in self.written:
            command, _, rest = bytes(self.written).partition(b"\r")
            self.written = bytearray(rest)
            self.buffer += self.script.get(command, b"")
        return len(data)

    def close(self) -> None:
        pass


def channel(script: dict[bytes, bytes], **kwargs) -> ATChannel:
    return ATChannel(ScriptedPort(script, **kwargs), timeout=0.5)


def test_echo_blank_lines_and_a_stray_ring_are_skipped():
    modem = channel({b"AT+FCLASS=?": b"AT+FCLASS=?\r\r\n\r\nRING\r\n\r\n0,1,2,2.0\r\n\r\nOK\r\n"})
    result = modem.command("+FCLASS=?")
    assert result.ok and result.lines == ["0,1,2,2.0"]
    assert modem.rings == 1


def test_garbage_bytes_do_not_break_a_reply():
    modem = channel({b"AT+FMI?": b'\xff\x00\x81\r\n\x07+FMI: "USR"\x9b\r\nOK\r\n'})
    assert modem.query("+FMI?") == "USR"


def test_numeric_result_codes_are_understood():
    modem = channel({b"ATD123": b"7\r"})
    assert modem.command("D123", expect=None).final == "BUSY"


def test_an_unexpected_result_raises_a_bilingual_error():
    modem = channel({b"AT+FCLASS=2.0": b"\r\nERROR\r\n"})
    with pytest.raises(CommandFailed) as caught:
        modem.command("+FCLASS=2.0")
    assert "ERROR" in caught.value.english and "モデム" in caught.value.japanese


def test_silence_ends_in_a_timeout_not_a_hang():
    modem = channel({})
    with pytest.raises(ModemTimeout):
        modem.command("+FDT", timeout=0.2)


def test_a_modem_that_never_stops_talking_is_cut_off():
    endless = b"".join(b"+FHS:%d\r\n" % n for n in range(300))
    modem = channel({b"AT": endless})
    with pytest.raises(Exception, match="final result"):
        modem.command("")


def test_identification_from_a_recorded_class_2_modem():
    script = {
        b"ATI": b"\r\n56000\r\n\r\nOK\r\n",
        b"AT+FCLASS=?": b"\r\n0,1,2\r\n\r\nOK\r\n",
        b"AT+FMI?": b"\r\nERROR\r\n",
        b"AT+FMFR?": b"\r\nROCKWELL\r\n\r\nOK\r\n",
        b"AT+FMM?": b"\r\nERROR\r\n",
        b"AT+FMDL?": b"\r\nAC/K56\r\n\r\nOK\r\n",
        b"AT+FMR?": b"\r\nERROR\r\n",
        b"AT+FREV?": b"\r\nV1.300\r\n\r\nOK\r\n",
    }
    identity = identify(channel(script))
    assert identity.classes == {"0", "1", "2"}
    assert (identity.manufacturer, identity.model, identity.revision) == (
        "ROCKWELL",
        "AC/K56",
        "V1.300",
    )
    assert identity.best_class == "2"


@pytest.mark.parametrize(
    ("text", "classes"),
    [
        ("0,1,2,2.0", {"0", "1", "2", "2.0"}),
        ("(0-2,2.0)", {"0", "1", "2", "2.0"}),
        ("0,1,1.0,8", {"0", "1", "1.0", "8"}),
        ("junk", set()),
    ],
)
def test_fclass_lists(text, classes):
    assert parse_fclass_list(text) == classes


def test_hangup_codes_in_both_spellings():
    assert hangup.parse_code("A0", hexadecimal=True) == 100
    assert hangup.parse_code("27", hexadecimal=True) == 27
    assert hangup.parse_code("100", hexadecimal=False) == 100
    assert hangup.format_code(100, hexadecimal=True) == "A0"
    for code in hangup.known_codes():
        reason = hangup.describe(code)
        assert reason.japanese and reason.english
    assert hangup.describe(33).category == "line"  # unknown codes fall back to their phase
    assert "27" in hangup.describe(27).message()


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000), st.one_of(st.none(), st.text(max_size=20)))
def test_response_parsing_never_fails(data, command):
    for response in parse_responses(data, command):
        assert response.kind in Kind
        assert response.text == response.text.strip()
        assert response.word is not None
        response.value_of("+FHS")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=300), max_size=10))
def test_line_splitting_is_the_same_however_bytes_arrive(chunks):
    whole = LineSplitter().feed(b"".join(chunks))
    splitter = LineSplitter()
    pieces = [line for chunk in chunks for line in splitter.feed(chunk)]
    assert pieces == whole
    assert all(len(line) < 600 for line in pieces)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_parameter_and_code_parsing_never_fails(text):
    params = FaxParams.parse(text)
    assert FaxParams.parse(params.format()) == params
    hangup.parse_code(text, hexadecimal=True)
    hangup.parse_code(text, hexadecimal=False)
    parse_fclass_list(text)
    classify(text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=500), st.lists(st.integers(1, 50), max_size=20))
def test_dle_escaping_round_trips_in_any_chunking(data, cuts):
    stream = escape(data) + b"\x10\x03" + b"after"
    decoder = DleDecoder()
    out, position, end, rest = bytearray(), 0, None, b""
    for cut in [*cuts, len(stream)]:
        piece = stream[position : position + cut]
        position += cut
        got, end, rest = decoder.feed(piece)
        out += got
        if end is not None:
            rest += stream[position:]
            break
    assert bytes(out) == data and end == 0x03 and rest == b"after"
