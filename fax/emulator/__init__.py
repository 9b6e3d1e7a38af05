"""Emulated fax modems on a virtual phone line, for the demo and the tests.

    line = VirtualLine("line", bit_rate=14400, paced=False)
    line.add_modem("0311112222")
    port = serial.serial_for_url("movedesk-modem://line/0311112222")

A modem can also sit on a pseudo-terminal (POSIX) or a TCP port for other
programs: see ``fax.emulator.bridge``.
"""

from __future__ import annotations

import serial

import fax.emulator.class1  # registers the Class 1 and 1.0 personalities
import fax.emulator.class2  # noqa: F401  (registers the Class 2 and 2.0 personalities)
from fax.emulator.line import Call, Faults, Signal, VirtualLine, get_line
from fax.emulator.modem import PERSONALITIES, EmulatedModem, register_personality

HANDLER_PACKAGE = "fax.emulator.handlers"


def register_url_handler() -> None:
    """Make ``serial_for_url("movedesk-modem://…")`` reach emulated modems in this process."""
    if HANDLER_PACKAGE not in serial.protocol_handler_packages:
        serial.protocol_handler_packages.append(HANDLER_PACKAGE)


register_url_handler()

__all__ = [
    "PERSONALITIES",
    "Call",
    "EmulatedModem",
    "Faults",
    "Signal",
    "VirtualLine",
    "get_line",
    "register_personality",
    "register_url_handler",
]
