"""Training time of a Class 2 modem's carriers, as the Class 1 emulation spends it.

The emulated Class 2 modem runs T.30 itself, so before each high-speed
carrier it spends what a Class 1 host's carrier would: the same training.
"""

from __future__ import annotations

from fax.emulator.class1 import TRAINING_SECONDS
from fax.modem.t30 import MODULATIONS


def training_seconds(bit_rate: int, *, long: bool) -> float:
    """Training before a high-speed carrier at ``bit_rate``: V.17 from 7,200 bit/s up
    (both ends of the emulated line have it), V.27ter below."""
    family = next(m.family for m in MODULATIONS if m.bit_rate == bit_rate)
    long_train, short_train = TRAINING_SECONDS[family]
    return long_train if long else short_train
