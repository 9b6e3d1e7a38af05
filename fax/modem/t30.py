"""T.30 facts a Class 1 host needs: frame codes, DIS/DCS bits, modulations, station IDs.

Frames are handled as the modem gives them: address 0xFF, control 0x03
(more frames follow) or 0x13 (last frame of this transmission), the FCF,
then the information field (FIF). FCF values are in the modem's byte order
(first bit on the line = least significant), with the "X" bit (0x01) set in
frames from the station that received DIS, i.e. the caller.

DIS/DCS bit ``n`` (T.30 Table 2 numbering, from 1) is bit ``(n-1) % 8`` of
FIF octet ``(n-1) // 8``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from fax.codec import Resolution, Scheme
from fax.modem.params import FaxParams

ADDRESS = 0xFF
CONTROL_MORE = 0x03
CONTROL_FINAL = 0x13
X_BIT = 0x01

DIS, CSI, NSF = 0x80, 0x40, 0x20
DTC = 0x81
DCS, TSI, NSS = 0x82, 0x42, 0x22
CFR, FTT = 0x84, 0x44
CTC, CTR = 0x12, 0xC4
EOM, MPS, EOP = 0x8E, 0x4E, 0x2E
PRI_EOM, PRI_MPS, PRI_EOP = 0x9E, 0x5E, 0x3E
PPS, EOR, RR = 0xBE, 0xCE, 0x6E
MCF, RTP, RTN, PIP, PIN = 0x8C, 0xCC, 0x4C, 0xAC, 0x2C
PPR, RNR, ERR = 0xBC, 0xEC, 0x1C
DCN, CRP = 0xFA, 0x1A
NULL = 0x00
FCD, RCP = 0x06, 0x86  # ECM phase-C frames (T.4 Annex A)

NAMES = {
    DIS: "DIS", CSI: "CSI", NSF: "NSF", DTC: "DTC", DCS: "DCS", TSI: "TSI", NSS: "NSS",
    CFR: "CFR", FTT: "FTT", CTC: "CTC", CTR: "CTR", EOM: "EOM", MPS: "MPS", EOP: "EOP",
    PRI_EOM: "PRI-EOM", PRI_MPS: "PRI-MPS", PRI_EOP: "PRI-EOP", PPS: "PPS", EOR: "EOR",
    RR: "RR", MCF: "MCF", RTP: "RTP", RTN: "RTN", PIP: "PIP", PIN: "PIN", PPR: "PPR",
    RNR: "RNR", ERR: "ERR", DCN: "DCN", CRP: "CRP",
}  # fmt: skip
PPM_BY_NAME = {"MPS": MPS, "EOM": EOM, "EOP": EOP}
PPM_NAMES = {MPS: "MPS", EOM: "EOM", EOP: "EOP", PRI_MPS: "MPS", PRI_EOM: "EOM", PRI_EOP: "EOP"}

# Timers (seconds) and the retry count T.30 gives.
T1 = 35.0  # caller waits this long for DIS; answerer for a command
T2 = 6.0  # waiting for a command (page data, post-page message)
T4 = 3.0  # waiting for a response before repeating the command
RETRIES = 3
ECM_FRAME_SIZE = 256
ECM_MAX_FRAMES = 256


@dataclass(frozen=True)
class Frame:
    fcf: int
    fif: bytes = b""
    final: bool = True
    good: bool = True

    @property
    def command(self) -> int:
        """The FCF without the X bit (DIS and DTC stay apart: DTC is 0x81 by definition)."""
        return self.fcf if self.fcf in (DIS, DTC) else self.fcf & ~X_BIT & 0xFF

    @property
    def name(self) -> str:
        return NAMES.get(self.command, f"0x{self.fcf:02X}")

    def encode(self) -> bytes:
        return bytes((ADDRESS, CONTROL_FINAL if self.final else CONTROL_MORE, self.fcf)) + self.fif

    @classmethod
    def parse(cls, data: bytes, good: bool = True) -> Frame | None:
        """A frame from the modem (FCS already gone); None for noise too short to be one."""
        if len(data) < 3:
            return None
        return cls(data[2], bytes(data[3:]), bool(data[1] & 0x10), good and data[0] == ADDRESS)


def frame(fcf: int, fif: bytes = b"", *, final: bool = True, x_bit: bool = False) -> Frame:
    return Frame(fcf | (X_BIT if x_bit and fcf not in (DIS, DTC) else 0), fif, final)


# -- station identification ----------------------------------------------------


def encode_id(station: str) -> bytes:
    """CSI/TSI: 20 characters, digits, + and space, sent last character first."""
    text = "".join(c for c in station if c.isdigit() or c in "+ ")[:20]
    return text.ljust(20).encode("ascii")[::-1]


def decode_id(fif: bytes) -> str:
    return bytes(b if 32 <= b < 127 else 32 for b in fif[::-1]).decode("ascii").strip()


# -- modulations ---------------------------------------------------------------


@dataclass(frozen=True)
class Modulation:
    """One high-speed modulation with its +FTM/+FRM codes and DCS rate bits."""

    family: str  # v17, v29, v27
    bit_rate: int
    long_code: int  # +FTM/+FRM with long training (TCF, after retraining)
    short_code: int  # image data after CFR (V.17 short training)
    dcs_bits: tuple[int, ...]

    @property
    def name(self) -> str:
        return f"{self.family.upper().replace('V', 'V.')} {self.bit_rate}"


# In the order a sender steps down after FTT.
MODULATIONS: tuple[Modulation, ...] = (
    Modulation("v17", 14400, 145, 146, (14,)),
    Modulation("v17", 12000, 121, 122, (12, 14)),
    Modulation("v17", 9600, 97, 98, (11, 14)),
    Modulation("v17", 7200, 73, 74, (11, 12, 14)),
    Modulation("v29", 9600, 96, 96, (11,)),
    Modulation("v29", 7200, 72, 72, (11, 12)),
    Modulation("v27", 4800, 48, 48, (12,)),
    Modulation("v27", 2400, 24, 24, ()),
)
BY_CODE = {m.long_code: m for m in MODULATIONS} | {m.short_code: m for m in MODULATIONS}


def families_from_dis(bits: set[int]) -> set[str]:
    """Modem families a DIS offers (bits 11-14; V.27ter fall-back is always there)."""
    rate = tuple(n for n in (11, 12, 13, 14) if n in bits)
    families = {"v27"}
    if 11 in rate:
        families.add("v29")
    if {11, 12, 14} <= set(rate):
        families.add("v17")
    return families


def dis_rate_bits(families: set[str]) -> tuple[int, ...]:
    if "v17" in families:
        return (11, 12, 14)
    if "v29" in families:
        return (11, 12) if "v27" in families else (11,)
    return (12,)


def modulation_from_dcs(bits: set[int]) -> Modulation:
    rate = tuple(n for n in (11, 12, 13, 14) if n in bits)
    for modulation in MODULATIONS:
        if modulation.dcs_bits == rate:
            return modulation
    return MODULATIONS[-1]


# -- DIS / DCS -------------------------------------------------------------------

# DIS/DCS bits 21-23 as an index (bit 21 = 1) -> (standard ms, fine ms).
_SCAN_TIMES = {0: (20, 20), 1: (5, 5), 2: (10, 10), 3: (20, 10), 4: (40, 40), 5: (40, 20), 6: (10, 5), 7: (0, 0)}  # fmt: skip
_DCS_SCAN_CODES = {20: 0, 5: 1, 10: 2, 40: 4, 0: 7}


def bits_of(fif: bytes) -> set[int]:
    return {
        index * 8 + bit + 1
        for index, octet in enumerate(fif)
        for bit in range(8)
        if octet >> bit & 1
    }


def fif_of(bits: set[int] | list[int] | tuple[int, ...]) -> bytes:
    """A FIF with ``bits`` set; the extension bits (24, 32, …) chain the octets used."""
    highest = max(bits, default=24)
    octets = max(3, (highest + 7) // 8)
    data = bytearray(octets)
    for n in bits:
        data[(n - 1) // 8] |= 1 << ((n - 1) % 8)
    for extend in range(24, octets * 8, 8):
        data[(extend - 1) // 8] |= 1 << ((extend - 1) % 8)
    return bytes(data)


@dataclass(frozen=True)
class Capabilities:
    """What a DIS offers (or what we offer in ours)."""

    families: frozenset[str] = frozenset({"v17", "v29", "v27"})
    fine: bool = True
    mr: bool = True
    mmr: bool = True
    ecm: bool = True
    scan_ms: tuple[int, int] = (0, 0)
    unlimited_length: bool = True
    can_receive: bool = True

    def encode(self) -> bytes:
        bits = {10} if self.can_receive else set()
        bits |= set(dis_rate_bits(set(self.families)))
        if self.fine:
            bits.add(15)
        if self.mr:
            bits.add(16)
        if self.unlimited_length:
            bits.add(20)
        scan_index = next((i for i, v in _SCAN_TIMES.items() if v == self.scan_ms), 7)
        bits |= {21 + n for n in range(3) if scan_index >> n & 1}
        if self.ecm:
            bits.add(27)
            if self.mmr:
                bits.add(31)
        return fif_of(bits)

    @classmethod
    def decode(cls, fif: bytes) -> Capabilities:
        bits = bits_of(fif)
        scan_index = sum(1 << n for n in range(3) if 21 + n in bits)
        ecm = 27 in bits
        return cls(
            families=frozenset(families_from_dis(bits)),
            fine=15 in bits,
            mr=16 in bits,
            mmr=ecm and 31 in bits,
            ecm=ecm,
            scan_ms=_SCAN_TIMES[scan_index],
            unlimited_length=20 in bits,
            can_receive=10 in bits,
        )

    @classmethod
    def from_params(cls, params: FaxParams, modem_codes: set[int] | None = None) -> Capabilities:
        """Our DIS from the configured capabilities and what the modem can receive."""
        families = {m.family for m in MODULATIONS if m.bit_rate <= params.bit_rate}
        if modem_codes is not None:
            families &= {m.family for m in MODULATIONS if m.long_code in modem_codes}
        return cls(
            families=frozenset(families or {"v27"}),
            fine=bool(params.vr),
            mr=params.df >= 1,
            mmr=params.df >= 3 and bool(params.ec),
            ecm=bool(params.ec),
        )


@dataclass(frozen=True)
class Session:
    """The parameters a DCS sets for phase C."""

    modulation: Modulation
    resolution: Resolution = "fine"
    scheme: Scheme = "mh"
    ecm: bool = False
    scan_ms: int = 0
    unlimited_length: bool = False

    def encode(self) -> bytes:
        bits = {10, *self.modulation.dcs_bits}
        if self.resolution == "fine":
            bits.add(15)
        if self.scheme == "mr":
            bits.add(16)
        if self.unlimited_length:
            bits.add(20)
        code = _DCS_SCAN_CODES.get(self.scan_ms, 0)
        bits |= {21 + n for n in range(3) if code >> n & 1}
        if self.ecm:
            bits.add(27)
        if self.scheme == "mmr":
            bits.add(31)
        return fif_of(bits)

    @classmethod
    def decode(cls, fif: bytes) -> Session:
        bits = bits_of(fif)
        scan_index = sum(1 << n for n in range(3) if 21 + n in bits)
        fine = 15 in bits
        ecm = 27 in bits
        scheme: Scheme = "mmr" if ecm and 31 in bits else "mr" if 16 in bits else "mh"
        return cls(
            modulation=modulation_from_dcs(bits),
            resolution="fine" if fine else "standard",
            scheme=scheme,
            ecm=ecm,
            scan_ms=_SCAN_TIMES[scan_index][1 if fine else 0],
            unlimited_length=20 in bits,
        )

    def min_bits_per_line(self) -> int:
        return self.modulation.bit_rate * self.scan_ms // 1000

    def slower(self, usable: list[Modulation]) -> Session | None:
        """The session one step down the fall-back list, or None at the bottom."""
        position = MODULATIONS.index(self.modulation)
        for candidate in MODULATIONS[position + 1 :]:
            if candidate in usable and candidate.bit_rate <= self.modulation.bit_rate:
                return replace(self, modulation=candidate)
        return None

    def as_params(self) -> FaxParams:
        """The session in the Class 2 spelling, for results and job records."""
        br = {2400: 0, 4800: 1, 7200: 2, 9600: 3, 12000: 4, 14400: 5}[self.modulation.bit_rate]
        df = {"mh": 0, "mr": 1, "mmr": 3}[self.scheme]
        return FaxParams(
            vr=1 if self.resolution == "fine" else 0,
            br=br,
            ln=2 if self.unlimited_length else 0,
            df=df,
            ec=1 if self.ecm else 0,
        )


def choose_session(
    wanted: FaxParams,
    remote: Capabilities,
    usable: list[Modulation],
    resolution: Resolution,
    *,
    long_pages: bool = False,
) -> Session | None:
    """The best session both ends support; None if there is no common modulation."""
    candidates = [
        m
        for m in usable
        if m.family in remote.families and m.bit_rate <= max(wanted.bit_rate, 2400)
    ]
    if not candidates:
        return None
    ecm = bool(wanted.ec) and remote.ecm
    if wanted.df >= 3 and ecm and remote.mmr:
        scheme: Scheme = "mmr"
    elif wanted.df >= 1 and remote.mr:
        scheme = "mr"
    else:
        scheme = "mh"
    fine = resolution == "fine" and bool(wanted.vr) and remote.fine
    scan_ms = remote.scan_ms[1 if fine else 0]
    return Session(
        modulation=candidates[0],
        resolution="fine" if fine else "standard",
        scheme=scheme,
        ecm=ecm and scheme == "mmr",
        scan_ms=0 if scheme == "mmr" else scan_ms,
        unlimited_length=long_pages and remote.unlimited_length,
    )


def pps_fif(ppm: int, page: int, block: int, frames: int) -> bytes:
    """PPS information: the post-page FCF, page and block counters, frame count - 1."""
    return bytes((ppm, page & 0xFF, block & 0xFF, max(0, frames - 1) & 0xFF))


def ppr_fif(missing: set[int]) -> bytes:
    """PPR information: 256 bits, one per frame of the block, set for each frame to resend."""
    data = bytearray(32)
    for number in missing:
        data[number // 8] |= 1 << (number % 8)
    return bytes(data)


def ctc_fif(modulation: Modulation) -> bytes:
    """CTC information: DCS octets 1 and 2, of which only the rate bits (11-14) count."""
    return fif_of(set(modulation.dcs_bits))[:2]


def ctc_modulation(fif: bytes) -> Modulation | None:
    """The modulation a CTC asks for; None when it carries no rate field."""
    if len(fif) < 2:
        return None
    return modulation_from_dcs(bits_of(fif[:2]))


def ppr_missing(fif: bytes) -> set[int]:
    return {i * 8 + b for i, octet in enumerate(fif[:32]) for b in range(8) if octet >> b & 1}
