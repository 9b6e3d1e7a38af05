"""The two spellings of the same fax service: SP-2388 "Class 2" and T.32 "Class 2.0"."""

from __future__ import annotations

from dataclasses import dataclass

from fax.modem.dle import DC1, DC2


@dataclass(frozen=True)
class Dialect:
    fclass: str
    local_id: str  # set the local ID (CSI/TSI)
    capabilities: str  # DCE capabilities (what DIS offers)
    session: str  # current session parameters; also the remote DIS report
    session_report: str  # the negotiated DCS report
    bit_order: str
    page_status: str  # post-page response report / receiver's page verdict
    hangup: str
    abort: str
    remote_called_id: str  # CSI of the answering station
    remote_calling_id: str  # TSI of the calling station
    connect_report: str
    receive_trigger: int  # the byte the host sends after CONNECT to +FDR
    hangup_hex: bool  # +FHS codes are hex (phase in the first digit)
    xon_before_data: bool  # the modem sends XON when ready for +FDT data
    page_end_in_data: bool  # <DLE><ppm> ends a page instead of <DLE><ETX> + +FET
    identification: tuple[str, str, str]

    @property
    def name(self) -> str:
        return f"Class {self.fclass}"


CLASS_2 = Dialect(
    fclass="2",
    local_id="+FLID",
    capabilities="+FDCC",
    session="+FDIS",
    session_report="+FDCS",
    bit_order="+FBOR",
    page_status="+FPTS",
    hangup="+FHNG",
    abort="+FK",
    remote_called_id="+FCSI",
    remote_calling_id="+FTSI",
    connect_report="+FCON",
    receive_trigger=DC2,
    hangup_hex=False,
    xon_before_data=True,
    page_end_in_data=False,
    identification=("+FMFR?", "+FMDL?", "+FREV?"),
)

CLASS_2_0 = Dialect(
    fclass="2.0",
    local_id="+FLI",
    capabilities="+FCC",
    session="+FIS",
    session_report="+FCS",
    bit_order="+FBO",
    page_status="+FPS",
    hangup="+FHS",
    abort="+FKS",
    remote_called_id="+FCI",
    remote_calling_id="+FTI",
    connect_report="+FCO",
    receive_trigger=DC1,
    hangup_hex=True,
    xon_before_data=False,
    page_end_in_data=True,
    identification=("+FMI?", "+FMM?", "+FMR?"),
)

DIALECTS = {"2": CLASS_2, "2.0": CLASS_2_0}
# Post-page messages and the +FET / +FET: numbers for them.
PPM_CODES = {"MPS": 0, "EOM": 1, "EOP": 2}
PPM_NAMES = {number: name for name, number in PPM_CODES.items()}
# Post-page responses and their +FPS / +FPTS numbers.
PPR_CODES = {"MCF": 1, "RTN": 2, "RTP": 3, "PIN": 4, "PIP": 5}
PPR_NAMES = {number: name for name, number in PPR_CODES.items()}
