"""Lookup tables of the compiled decoder (``fast_decoder``), built once from ``tables``."""

from __future__ import annotations

import numpy as np

from fax.codec.tables import MODE_LOOKUP, RUN_CODES, RUN_LOOKUP

# Run tables as uint16 (run << 4 | length fits: 2560 << 4 | 13 < 65536), 0 for
# no code (EOL included): 16 KiB each, so both stay in the L1 cache. A lookup
# per code is the critical path on dense pages; 64-bit entries (128 KiB)
# made every lookup an L2 access.
WHITE_RUNS = np.maximum(np.array(RUN_LOOKUP[0]), 0).astype(np.uint16)
BLACK_RUNS = np.maximum(np.array(RUN_LOOKUP[1]), 0).astype(np.uint16)
_PAIR_PEEK = 12


def _pair_lookup(first_colour: int) -> np.ndarray:
    """Two terminating codes at once, a run of ``first_colour`` then one of
    the other: ``run1 | run2 << 6 | bits << 12`` by the next 12 bits, 0 where
    they do not hold such a pair. On dense pages (dither, patterns) most
    codes are short, and one lookup for two halves the lookups in a row."""
    table = np.zeros(1 << _PAIR_PEEK, dtype=np.uint16)
    firsts = RUN_CODES[first_colour]
    seconds = RUN_CODES[1 - first_colour]
    for run1, code1 in firsts.items():
        for run2, code2 in seconds.items():
            bits = len(code1) + len(code2)
            if not (0 < run1 < 64 and 0 < run2 < 64) or bits > _PAIR_PEEK:
                continue
            free = _PAIR_PEEK - bits
            start = int(code1 + code2, 2) << free
            table[start : start + (1 << free)] = run1 | run2 << 6 | bits << 12
    return table


WHITE_PAIRS = _pair_lookup(0)
BLACK_PAIRS = _pair_lookup(1)
MODES = np.array([mode for mode, _ in MODE_LOOKUP], dtype=np.int64)
MODE_BITS = np.array([length for _, length in MODE_LOOKUP], dtype=np.int64)
