"""The Class 2 / Class 2.0 personality of the emulated modem: it runs T.30 over the line.

The host sees the same dialogue a real Class 2 or 2.0 modem gives: +FCO,
remote IDs and parameters after ATD/ATA, CONNECT for +FDT/+FDR, DLE-framed
page data, +FPS/+FPTS page results and +FHS/+FHNG hang-up codes (the
receiving half is ``fax.emulator.class2_receive``). On the line it
sends and reads T.30 frames and carriers (``fax.emulator.t30_signals``),
so its far end may be a Class 1 host as well as another Class 2 modem.

Line time is spent as T.30 has it and as the Class 1 emulation spends it
for a host running T.30 itself: the training check follows the long
training, and each page's high-speed carrier starts 75 ms after the last
V.21 frame with the short training (V.17; V.27ter has only one). With ECM
the page goes out as real T.30 Annex A bursts, block by block, with the
PPS and PPR exchanges a Class 1 host would have (``fax.emulator.class2_ecm``);
each end spends the time of what it sends.
"""

from __future__ import annotations

from dataclasses import replace

from fax.emulator.class2_ecm import EcmSender
from fax.emulator.class2_receive import Class2Receiving
from fax.emulator.ecm_line import training_seconds
from fax.emulator.line import (
    CED_SECONDS,
    TCF_SECONDS,
    TURNAROUND_SECONDS,
    Call,
    Signal,
    frame_seconds,
)
from fax.emulator.modem import EmulatedModem, register_personality
from fax.emulator.parameters import ACTIONS, ParameterStore
from fax.emulator.t30_signals import (
    line_signals,
    modulation_for,
    named_signal,
    tcf_octets,
)
from fax.modem.dialect import CLASS_2, CLASS_2_0, PPM_NAMES, PPR_CODES, Dialect
from fax.modem.dle import (
    DC1,
    ETX,
    PAGE_END_CHARACTERS,
    DleDecoder,
    reverse_bits,
)
from fax.modem.hangup import format_code
from fax.modem.params import FaxParams, negotiate
from fax.modem.t30 import MODULATIONS, Modulation

# Real-time bounds on waiting for the other modem or the host (T.30 T1 is 35 s).
SIGNAL_TIMEOUT = 60.0
DATA_TIMEOUT = 60.0
T4_SECONDS = 3.0
LINE_CHUNK = 512
# A Class 2 (SP-2388) modem has neither MMR nor ECM: the most it takes is MR, no ECM.
CLASS_2_LIMITS = FaxParams(vr=1, br=5, wd=0, ln=2, df=1, ec=0, bf=0, st=7)


_COMMON = {
    "+FCR",
    "+FAA",
    "+FET",
    "+FDT",
    "+FDR",
    "+FPP",
    "+FCQ",
    "+FCT",
    "+FBU",
    "+FIT",
    "+FMS",
    "+FRQ",
    "+FAP",
    "+FCTCRTY",
    "+FPHCTO",
    "+FIE",
    "+FSP",
    "+FPI",
    "+FNS",
    "+FMINSP",
}


class Class2Personality(Class2Receiving):
    def __init__(self, modem: EmulatedModem, dialect: Dialect) -> None:
        self.modem = modem
        self.dialect = dialect
        self.fclass = dialect.fclass
        self._names = self._command_names(dialect)
        self.reset_parameters()
        self.reset()

    @staticmethod
    def _command_names(d: Dialect) -> dict[str, str]:
        names = {
            d.local_id: "local_id",
            d.capabilities: "capabilities",
            d.session: "session",
            d.bit_order: "bit_order",
            d.page_status: "page_status",
            d.abort: "abort",
            d.hangup: "hangup",
            d.session_report: "session_query",
            d.identification[0].rstrip("?"): "manufacturer",
            d.identification[1].rstrip("?"): "model",
            d.identification[2].rstrip("?"): "revision",
        }
        if d.fclass == "2.0":
            names.update({"+FLO": "flow", "+FNR": "ignore", "+FIP": "reset_parameters"})
        else:
            names.update(
                {"+FBUG": "ignore", "+FDFFC": "ignore", "+FCIG": "ignore", "+FSPL": "ignore"}
            )
        names.update({name: name[2:].lower() for name in ("+FET", "+FDT", "+FDR")})
        for name in _COMMON:
            names.setdefault(name, "ignore")
        return names

    # -- state --------------------------------------------------------------
    def reset_parameters(self) -> None:
        line = self.modem.line
        # As on the modems on sale: 1-D coding without ECM until the host asks for more
        # (the host codes the pages, and only it knows whether it has MR or MMR).
        default = FaxParams(vr=1, br=line.max_br, wd=0, ln=2, df=0, ec=0, bf=0, st=0)
        if self.modem.default_capabilities:
            default = FaxParams.parse(self.modem.default_capabilities, base=default)
        self.local_id = ""
        self.capabilities = default
        self.wanted = default
        self.bit_order = 0
        self.flow = 2
        self.last_hangup = 0
        self.parameters = ParameterStore(self.fclass)

    def reset(self) -> None:
        self.call: Call | None = None
        self.side = ""
        self.remote_caps = FaxParams(df=0)
        self.remote_families: frozenset[str] = frozenset({"v27"})
        self.modulation: Modulation = MODULATIONS[-1]
        self.remote_id = ""
        self.session = self.wanted
        self.need_training = True
        self.pending_ppm: str | None = None
        self.ecm_sender: EcmSender | None = None
        self.pages_sent = 0
        self.own_verdict = "MCF"
        self.verdict_override: int | None = None

    @property
    def clock(self):
        return self.modem.line.clock

    def _pause(self, seconds: float) -> None:
        call = self.call
        self.clock.pause(seconds, call.dropped if call else None)

    # What the ECM exchanges (``fax.emulator.class2_ecm``) use.
    def pause(self, seconds: float) -> None:
        self._pause(seconds)

    def send(self, *signals: Signal, seconds: float = 0.0) -> bool:
        return self._send(*signals, seconds=seconds)

    def receive(self, timeout: float = SIGNAL_TIMEOUT) -> Signal | None:
        return self._receive(timeout)

    def _send(self, *signals: Signal, seconds: float = 0.0) -> bool:
        self._pause(seconds)
        call = self.call
        if call is None:
            return False
        on_line = line_signals(signals, caller=self.side == "caller", modulation=self.modulation)
        return all(call.send(self.side, s) for s in on_line)

    def _receive(self, timeout: float = SIGNAL_TIMEOUT) -> Signal | None:
        """The next signal this modem acts on, named; frames it does not know pass by."""
        call = self.call
        if call is None:
            return Signal("drop")
        while True:
            signal = call.receive(self.side, timeout)
            if signal is None:
                return None
            named = named_signal(signal, tcf_rate=self.session.bit_rate)
            if named is not None:
                return named

    def _hang_up(self, code: int) -> None:
        self.modem.info(
            f"{self.dialect.hangup}:{format_code(code, hexadecimal=self.dialect.hangup_hex)}"
        )
        self.last_hangup = code
        if self.call is not None:
            self.call.hang_up()
        self.modem.call = None
        self.reset()

    def _report_session(self) -> None:
        self.modem.info(f"{self.dialect.session_report}:{self.session.format()}")

    # -- commands -----------------------------------------------------------
    def execute(self, name: str, operator: str, argument: str) -> str | None:
        parameters = self.parameters
        if operator == "=?":
            if name in ACTIONS[self.fclass]:
                return "OK"
            ranges = parameters.ranges(name)
            if ranges is not None:
                return self._query(ranges)
        action = self._names.get(name)
        if parameters.handles(name) and action in (None, "ignore"):
            if operator == "?":
                return self._query(parameters.read(name))
            if operator == "=":
                return "OK" if parameters.write(name, argument) else "ERROR"
            return "ERROR"
        if action is None:
            return "UNKNOWN"
        handler = getattr(self, f"_cmd_{action}")
        return handler(operator, argument)

    def _cmd_ignore(self, operator: str, argument: str) -> str:
        if operator == "?":
            self.modem.info("0")
        return "OK"

    def _capabilities_from(self, argument: str, base: FaxParams) -> FaxParams | None:
        """New capabilities from the host; None (ERROR) for what this class cannot do."""
        changed = FaxParams.parse(argument, base=base)
        if self.fclass == "2" and (changed.df > CLASS_2_LIMITS.df or changed.ec):
            return None
        return changed

    def _cmd_reset_parameters(self, operator: str, argument: str) -> str:
        self.reset_parameters()
        return "OK"

    def _query(self, value: str) -> str:
        self.modem.info(value)
        return "OK"

    def _cmd_manufacturer(self, operator: str, argument: str) -> str:
        return self._query(self.modem.manufacturer)

    def _cmd_model(self, operator: str, argument: str) -> str:
        return self._query(self.modem.model)

    def _cmd_revision(self, operator: str, argument: str) -> str:
        return self._query(self.modem.revision)

    def _cmd_local_id(self, operator: str, argument: str) -> str:
        if operator == "?":
            return self._query(f'"{self.local_id}"')
        value = argument.strip()
        if value.startswith('"') and value.endswith('"') and len(value) >= 2:
            value = value[1:-1]
        if len(value) > 20:
            return "ERROR"
        self.local_id = value
        return "OK"

    def _cmd_capabilities(self, operator: str, argument: str) -> str:
        if operator == "?":
            return self._query(self.capabilities.format())
        changed = self._capabilities_from(argument, self.capabilities)
        if changed is None:
            return "ERROR"
        self.capabilities = self.wanted = changed
        return "OK"

    def _cmd_session(self, operator: str, argument: str) -> str:
        if operator == "?":
            return self._query(self.wanted.format())
        changed = self._capabilities_from(argument, self.wanted)
        if changed is None:
            return "ERROR"
        if changed != self.wanted:
            self.need_training = True
        self.wanted = changed
        return "OK"

    def _cmd_session_query(self, operator: str, argument: str) -> str:
        if operator != "?":
            return "ERROR"
        return self._query(self.session.format())

    def _cmd_bit_order(self, operator: str, argument: str) -> str:
        if operator == "?":
            return self._query(str(self.bit_order))
        if not argument.isdigit() or int(argument) > 3:
            return "ERROR"
        self.bit_order = int(argument)
        return "OK"

    def _cmd_flow(self, operator: str, argument: str) -> str:
        if operator == "?":
            return self._query(str(self.flow))
        if not argument.isdigit() or int(argument) > 2:
            return "ERROR"
        self.flow = int(argument)
        return "OK"

    def _cmd_page_status(self, operator: str, argument: str) -> str:
        if operator == "?":
            return self._query(str(self.verdict_override or PPR_CODES[self.own_verdict]))
        number = argument.split(",")[0].strip()
        if not number.isdigit() or not 1 <= int(number) <= 5:
            return "ERROR"
        self.verdict_override = int(number)
        return "OK"

    def _cmd_hangup(self, operator: str, argument: str) -> str:
        if operator != "?":
            return "ERROR"
        return self._query(format_code(self.last_hangup, hexadecimal=self.dialect.hangup_hex))

    def _cmd_abort(self, operator: str, argument: str) -> str:
        if self.call is not None:
            self._send(Signal("dcn"), seconds=frame_seconds(3))
            self._hang_up(2)
        return "OK"

    # -- calling --------------------------------------------------------------
    def dial(self, number: str) -> str | None:
        modem = self.modem
        if self.call is not None or modem.call is not None:
            return "ERROR"
        outcome = modem.dial_out(number, SIGNAL_TIMEOUT)
        if isinstance(outcome, str):
            self.reset()
            return outcome
        self.call, self.side = outcome, "caller"
        while True:
            signal = self._receive()
            if signal is None or signal.kind == "drop":
                self._hang_up(11)
                return "NO CARRIER"
            if signal.kind == "csi":
                self.remote_id = signal.value
            elif signal.kind == "dis":
                self.remote_caps, self.remote_families = signal.value
                break
        self.need_training = True
        modem.info(self.dialect.connect_report)
        if self.remote_id:
            modem.info(f'{self.dialect.remote_called_id}:"{self.remote_id:>20}"')
        modem.info(f"{self.dialect.session}:{self.remote_caps.format()}")
        return "OK"

    def answer(self, call: Call | None) -> str | None:
        modem = self.modem
        if self.call is not None:
            return "ERROR"
        call = call or modem.wait_incoming(0 if modem.incoming_call else modem.registers.get(7, 60))
        if call is None or call.dropped.is_set():
            return "NO CARRIER"
        call.mark_answered()
        self.call, self.side = call, "callee"
        modem.call = call
        self._pause(CED_SECONDS)
        self._send(
            Signal("csi", self.local_id),
            Signal("dis", self.capabilities),
            seconds=frame_seconds(23, 12),
        )
        if not self._phase_b():
            return "ERROR"
        modem.info(self.dialect.connect_report)
        if self.remote_id:
            modem.info(f'{self.dialect.remote_calling_id}:"{self.remote_id:>20}"')
        self._report_session()
        return "OK"

    def _phase_b(self) -> bool:
        """Callee: DCS and training until CFR; False after reporting a hang-up."""
        while True:
            signal = self._receive()
            if signal is None or signal.kind == "drop":
                self._hang_up(70)
                return False
            if signal.kind == "dcn":
                self._hang_up(0)
                return False
            if signal.kind == "tsi":
                self.remote_id = signal.value
            elif signal.kind == "dcs":
                self.session = signal.value
            elif signal.kind == "tcf":
                good = bool(signal.value)
                self._send(
                    Signal("cfr" if good else "ftt"), seconds=TURNAROUND_SECONDS + frame_seconds(3)
                )
                if good:
                    return True

    # -- sending pages -------------------------------------------------------
    def _cmd_dt(self, operator: str, argument: str) -> str | None:
        if self.call is None or self.side != "caller":
            return "ERROR"
        if self.need_training:
            session = negotiate(self.wanted, self.remote_caps)
            if session.br > self.modem.line.max_br:
                session = replace(session, br=self.modem.line.max_br)
            while True:
                self.modulation = modulation_for(session, self.remote_families)
                session = replace(session, br=_br_of(self.modulation))
                sent = self._send(
                    Signal("tsi", self.local_id),
                    Signal("dcs", session),
                    seconds=TURNAROUND_SECONDS + frame_seconds(23, 6),
                )
                training = training_seconds(session.bit_rate, long=True)
                sent = sent and self._send(
                    Signal("tcf", tcf_octets(session.bit_rate)),
                    seconds=TURNAROUND_SECONDS + training + TCF_SECONDS,
                )
                reply = self._receive() if sent else None
                if reply is None or reply.kind in ("drop", "dcn"):
                    self._hang_up(25)
                    return "ERROR"
                if reply.kind == "cfr":
                    break
                if reply.kind == "ftt":
                    slower = session.slower()
                    if slower is None:
                        self._send(Signal("dcn"), seconds=frame_seconds(3))
                        self._hang_up(27)
                        return "ERROR"
                    session = slower
            self.session = session
            self.need_training = False
        self._report_session()
        self.modem.result("CONNECT")
        if self.dialect.xon_before_data:
            self.modem.emit(bytes([DC1]))
        return self._transmit_page()

    def _transmit_page(self) -> str | None:
        modem, call = self.modem, self.call
        terminators = {ETX, *PAGE_END_CHARACTERS} if self.dialect.page_end_in_data else {ETX}
        decoder = DleDecoder(bytes(terminators))
        modem.software_flow = self.flow == 1
        reverse = bool(self.bit_order & 1)
        rate = self.session.bit_rate
        ecm = bool(self.session.ec)
        page = bytearray()  # under ECM the page goes out in blocks once it is all here
        if not ecm:
            # The gap after the last V.21 frame (CFR, MCF) and the page carrier's training.
            self._pause(TURNAROUND_SECONDS + training_seconds(rate, long=False))
            if call is not None:
                call.send(self.side, Signal("carrier", self.modulation.short_code))
        started = self.clock.now()
        seconds = 0.0
        terminator = None
        try:
            while terminator is None:
                chunk = modem.take_dte(LINE_CHUNK, DATA_TIMEOUT)
                if not chunk:
                    self._hang_up(43)
                    return "ERROR"
                data, terminator, rest = decoder.feed(chunk)
                modem.unread(rest)
                if not data:
                    continue
                line_data = reverse_bits(data) if reverse else data
                if ecm:
                    page += line_data
                    continue
                seconds += len(line_data) * 8 / rate
                self._pause(started + seconds - self.clock.now())
                if call is not None:
                    call.send(self.side, Signal("data", line_data))
        finally:
            modem.software_flow = False
            modem.release_flow()
        if ecm:
            self.ecm_sender = EcmSender(self, bytes(page), self.pages_sent)
            if not self.ecm_sender.send_all_but_the_last_answer():
                self._hang_up(50)
                return "ERROR"
        elif call is not None:
            call.send(self.side, Signal("data_end"))
        if call is not None:
            call.end_page()
        if terminator == ETX:
            return "OK"
        return self._post_page(PAGE_END_CHARACTERS[terminator])

    def _cmd_et(self, operator: str, argument: str) -> str | None:
        if self.call is None or self.side != "caller" or not argument.strip().isdigit():
            return "ERROR"
        ppm = PPM_NAMES.get(int(argument.strip()))
        return self._post_page(ppm) if ppm else "ERROR"

    def _post_page(self, ppm: str) -> str:
        if self.ecm_sender is not None:
            # With ECM the post-page message travels inside the last block's PPS.
            reply = self.ecm_sender.finish(ppm)
            self.ecm_sender = None
        else:
            self._send(Signal("ppm", ppm), seconds=TURNAROUND_SECONDS + frame_seconds(3))
            reply = self._receive()
        self.pages_sent += 1
        if reply is None or reply.kind != "ppr":
            self.clock.pause(3 * T4_SECONDS)
            self._hang_up({"MPS": 52, "EOP": 54, "EOM": 56}[ppm])
            return "OK"
        self.modem.info(f"{self.dialect.page_status}:{PPR_CODES[reply.value]}")
        if reply.value in ("RTN", "RTP") or ppm == "EOM":
            self.need_training = True
        if ppm == "EOP" and reply.value in ("MCF", "RTP"):
            if self.dialect.fclass == "2":
                # A Class 2 modem ends +FET=2 with +FPTS and OK; +FHNG follows once
                # DCN is out, as efax expects (it takes a +FHNG before OK as a failure).
                self.modem.result("OK")
                self._send(Signal("dcn"), seconds=TURNAROUND_SECONDS + frame_seconds(3))
                self._hang_up(0)
                return None
            self._send(Signal("dcn"), seconds=TURNAROUND_SECONDS + frame_seconds(3))
            self._hang_up(0)
        return "OK"


def _br_of(modulation: Modulation) -> int:
    return {2400: 0, 4800: 1, 7200: 2, 9600: 3, 12000: 4, 14400: 5}[modulation.bit_rate]


register_personality("2", lambda modem: Class2Personality(modem, CLASS_2))
register_personality("2.0", lambda modem: Class2Personality(modem, CLASS_2_0))
