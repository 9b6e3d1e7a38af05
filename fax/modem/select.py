"""One way to open any fax modem: Class 1 / 1.0 or Class 2 / 2.0, by what it offers.

``open_any_modem(port, config)`` asks the modem (``AT+FCLASS=?``) and returns
a ``Class2Modem`` or a ``Class1Modem``; both have ``send``, ``wait_for_call``,
``receive``, ``ensure_idle`` and ``channel``, and return the same result
types. ``fax_class`` forces one ("1", "1.0", "2", "2.0"); "auto" prefers
2.0, then 2, then 1.0, then 1: with Class 2 the modem keeps T.30's timing
itself, which a busy PC cannot spoil.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fax.modem.at import ATChannel, CommandFailed, ModemError, ModemTimeout, identify, open_port
from fax.modem.class1 import Class1Modem, Class1Timing
from fax.modem.class2 import Class2Modem, DriverConfig

FAX_CLASSES = ("auto", "1", "1.0", "2", "2.0")
PREFERENCE = ("2.0", "2", "1.0", "1")


def choose_class(offered: frozenset[str] | set[str], forced: str = "auto") -> str | None:
    """The class to drive: the forced one if the modem has it (or says nothing), else the best."""
    if forced != "auto":
        return forced if not offered or forced in offered else None
    return next((name for name in PREFERENCE if name in offered), None)


def open_any_modem(
    port: str,
    config: DriverConfig | None = None,
    *,
    fax_class: str | None = None,
    timing: Class1Timing | None = None,
    **port_options: Any,
) -> Class1Modem | Class2Modem:
    """Open ``port``, pick the fax class and set the modem up for it.

    ``fax_class`` (default: ``config.fax_class``) is one of ``FAX_CLASSES``.
    Raises ``ModemError`` with a bilingual message when the modem offers no
    usable class.
    """
    config = config or DriverConfig()
    wanted = fax_class or config.fax_class
    if wanted not in FAX_CLASSES:
        raise ValueError(f"fax_class must be one of {FAX_CLASSES}, not {wanted!r}")
    serial_port = open_port(port, rtscts=config.flow_control == "rtscts", **port_options)
    channel = ATChannel(serial_port, timeout=config.command_timeout)
    try:
        channel.synchronise()
        channel.command("E0", expect=None)
        offered = identify(channel).classes
        chosen = choose_class(offered, wanted)
        if chosen is None:
            raise ModemError(
                f"モデムは指定のファクスクラスに対応していません（要求: {wanted}、対応: {sorted(offered)}）",
                f"the modem does not offer the fax class asked for ({wanted}; it has {sorted(offered)})",
            )
        modem: Class1Modem | Class2Modem
        if chosen in ("1", "1.0"):
            modem = Class1Modem(channel, config, fax_class=chosen, timing=timing)
        else:
            modem = Class2Modem(channel, replace(config, fax_class=chosen))
        modem.setup()
    except (ModemError, CommandFailed, ModemTimeout):
        channel.close()
        raise
    return modem
