"""T.30 as the virtual line carries it, for a modem that runs T.30 itself (Class 2 / 2.0).

The line carries what a real one does: V.21 HDLC frames
(``Signal("hdlc", (octets, fcs_good))``, each transmission closed by
``Signal("hdlc_end")``) and high-speed carriers (``Signal("carrier", code)``,
``"data"`` chunks, ``"data_end"``; the training check travels as one
``"tcf"`` signal of octets). A Class 1 modem passes these to and from its
host untouched; the Class 2 personality speaks in named signals (``dis``,
``dcs``, ``ppm``, …) and this module turns them into frames and back, so
every personality can call every other.

DIS and DCS are built from and read into the Class 2 parameters
(``FaxParams``); the modulation a DCS names is chosen from what the DIS
offered.
"""

from __future__ import annotations

from dataclasses import replace

from fax.emulator.line import Signal
from fax.modem import t30
from fax.modem.class1_receive import longest_zero_run
from fax.modem.params import SCAN_TIMES_MS, FaxParams
from fax.modem.t30 import MODULATIONS, Capabilities, Frame, Modulation, Session

_BR_BY_RATE = {2400: 0, 4800: 1, 7200: 2, 9600: 3, 12000: 4, 14400: 5}
_PPR_FCF = {"MCF": t30.MCF, "RTN": t30.RTN, "RTP": t30.RTP, "PIN": t30.PIN, "PIP": t30.PIP}
_PPR_NAMES = {fcf: name for name, fcf in _PPR_FCF.items()}
_SIMPLE = {"cfr": t30.CFR, "ftt": t30.FTT, "dcn": t30.DCN, "ctc": t30.CTC, "ctr": t30.CTR}
_SIMPLE_NAMES = {fcf: name for name, fcf in _SIMPLE.items()}
# A training check passes when it holds this share of its length in zero octets in a row.
TCF_GOOD_SHARE = 2 / 3


def _st_code(scan_ms: tuple[int, int]) -> int:
    return next((code for code, times in SCAN_TIMES_MS.items() if times == scan_ms), 0)


def dis_fif(params: FaxParams) -> bytes:
    """The DIS a modem with these capabilities sends."""
    capabilities = replace(
        Capabilities.from_params(params),
        scan_ms=SCAN_TIMES_MS.get(params.st, (0, 0)),
        unlimited_length=params.ln == 2,
    )
    return capabilities.encode()


def params_from_dis(fif: bytes) -> tuple[FaxParams, frozenset[str]]:
    """What a DIS offers, in the Class 2 spelling, and the modem families it names."""
    offered = Capabilities.decode(fif)
    families = offered.families
    br = 5 if "v17" in families else 3 if "v29" in families else 1
    params = FaxParams(
        vr=1 if offered.fine else 0,
        br=br,
        wd=0,
        ln=2 if offered.unlimited_length else 0,
        df=3 if offered.mmr else 1 if offered.mr else 0,
        ec=1 if offered.ecm else 0,
        bf=0,
        st=_st_code(offered.scan_ms),
    )
    return params, families


def modulation_for(params: FaxParams, families: frozenset[str]) -> Modulation:
    """The fastest modulation the DIS offered at or below the session's bit rate."""
    for modulation in MODULATIONS:
        if modulation.family in families and modulation.bit_rate <= params.bit_rate:
            return modulation
    return MODULATIONS[-1]


def dcs_fif(params: FaxParams, modulation: Modulation) -> bytes:
    fine = bool(params.vr)
    scan = SCAN_TIMES_MS.get(params.st, (0, 0))[1 if fine else 0]
    session = Session(
        modulation=modulation,
        resolution="fine" if fine else "standard",
        scheme=params.scheme,
        ecm=params.scheme == "mmr",
        scan_ms=scan,
        unlimited_length=params.ln == 2,
    )
    return session.encode()


def params_from_dcs(fif: bytes) -> FaxParams:
    session = Session.decode(fif)
    params = session.as_params()
    fine = session.resolution == "fine"
    st = next((c for c, t in SCAN_TIMES_MS.items() if t[1 if fine else 0] == session.scan_ms), 0)
    return replace(params, br=_BR_BY_RATE[session.modulation.bit_rate], st=st)


def frame_for(signal: Signal, *, caller: bool, modulation: Modulation | None) -> Frame:
    """The V.21 frame that carries a named signal (not ``tcf`` or page data)."""
    kind, value = signal.kind, signal.value
    if kind in ("csi", "tsi"):
        return t30.frame(t30.CSI if kind == "csi" else t30.TSI, t30.encode_id(value), x_bit=caller)
    if kind == "dis":
        return t30.frame(t30.DIS, dis_fif(value))
    if kind == "dcs":
        assert modulation is not None
        return t30.frame(t30.DCS, dcs_fif(value, modulation), x_bit=caller)
    if kind == "ppm":
        return t30.frame(t30.PPM_BY_NAME[value], x_bit=caller)
    if kind == "pps":
        ppm, page, block, frames = value
        message = t30.NULL if ppm is None else t30.PPM_BY_NAME[ppm] | t30.X_BIT
        return t30.frame(t30.PPS, t30.pps_fif(message, page, block, frames), x_bit=caller)
    if kind == "ecm_ppr":
        return t30.frame(t30.PPR, t30.ppr_fif(value), x_bit=caller)
    if kind == "ppr":
        return t30.frame(_PPR_FCF[value], x_bit=caller)
    return t30.frame(_SIMPLE[kind], x_bit=caller)


def line_signals(
    signals: tuple[Signal, ...], *, caller: bool, modulation: Modulation | None
) -> list[Signal]:
    """Named signals as the line carries them: frames in one transmission, or a carrier."""
    out: list[Signal] = []
    frames = [s for s in signals if s.kind not in ("tcf", "data", "data_end")]
    for index, signal in enumerate(frames):
        parsed = frame_for(signal, caller=caller, modulation=modulation)
        final = index == len(frames) - 1
        out.append(Signal("hdlc", (replace(parsed, final=final).encode(), True)))
    if frames:
        out.append(Signal("hdlc_end"))
    for signal in signals:
        if signal.kind == "tcf":
            assert modulation is not None
            out += [Signal("carrier", modulation.long_code), signal, Signal("data_end")]
    return out


def named_signal(signal: Signal, *, tcf_rate: int) -> Signal | None:
    """What a line signal means to a Class 2 modem; None for what it does not act on
    (flags around transmissions, carriers starting, damaged or unknown frames)."""
    kind = signal.kind
    if kind in ("data", "data_end", "drop"):
        return signal
    if kind == "tcf":
        return Signal("tcf", training_passed(signal.value, tcf_rate))
    if kind != "hdlc":
        return None
    octets, good = signal.value
    parsed = Frame.parse(octets, good)
    if parsed is None or not parsed.good:
        return None
    command, fif = parsed.command, parsed.fif
    if command in (t30.CSI, t30.TSI):
        return Signal("csi" if command == t30.CSI else "tsi", t30.decode_id(fif))
    if parsed.fcf == t30.DIS:
        params, families = params_from_dis(fif)
        return Signal("dis", (params, families))
    if command == t30.DCS:
        return Signal("dcs", params_from_dcs(fif))
    if command in t30.PPM_NAMES:
        return Signal("ppm", t30.PPM_NAMES[command])
    if command == t30.PPS and len(fif) >= 4:
        message = fif[0] & ~t30.X_BIT & 0xFF
        ppm = None if message == t30.NULL else t30.PPM_NAMES.get(message, "MPS")
        return Signal("pps", (ppm, fif[1], fif[2], fif[3] + 1))
    if command == t30.PPR:
        return Signal("ecm_ppr", t30.ppr_missing(fif))
    if command in _PPR_NAMES:
        return Signal("ppr", _PPR_NAMES[command])
    if command in _SIMPLE_NAMES:
        return Signal(_SIMPLE_NAMES[command])
    return None


def training_passed(data: bytes | bool | None, rate: int) -> bool:
    """A training check passes when it arrives as a long run of zero octets."""
    if isinstance(data, bool) or not data:
        return bool(data)
    expected = int(rate * 1.5 / 8)
    return longest_zero_run(data) >= min(len(data), expected) * TCF_GOOD_SHARE


def tcf_octets(rate: int) -> bytes:
    """A 1.5 s training check at ``rate``: zeros."""
    return bytes(int(rate * 1.5 / 8))
