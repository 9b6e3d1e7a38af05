"""Code words of ITU-T T.4 (MH, MR) and T.6 (MMR), as bit strings.

The tables are facts of the standards; everything the encoder and decoder
need is derived from them here once, at import time, as NumPy arrays and
lookup lists indexed by the next bits of the stream.
"""

from __future__ import annotations

import numpy as np

WHITE, BLACK = 0, 1


def _codes(text: str) -> list[str]:
    """Code words written as space-separated bit strings, in run order."""
    return text.split()


_WHITE_TERMINATING = _codes(
    "00110101 000111 0111 1000 1011 1100 1110 1111 "
    "10011 10100 00111 01000 001000 000011 110100 110101 "
    "101010 101011 0100111 0001100 0001000 0010111 0000011 0000100 "
    "0101000 0101011 0010011 0100100 0011000 00000010 00000011 00011010 "
    "00011011 00010010 00010011 00010100 00010101 00010110 00010111 00101000 "
    "00101001 00101010 00101011 00101100 00101101 00000100 00000101 00001010 "
    "00001011 01010010 01010011 01010100 01010101 00100100 00100101 01011000 "
    "01011001 01011010 01011011 01001010 01001011 00110010 00110011 00110100"
)

_BLACK_TERMINATING = _codes(
    "0000110111 010 11 10 011 0011 0010 00011 "
    "000101 000100 0000100 0000101 0000111 00000100 00000111 000011000 "
    "0000010111 0000011000 0000001000 00001100111 00001101000 00001101100 00000110111 00000101000 "
    "00000010111 00000011000 000011001010 000011001011 000011001100 000011001101 000001101000 000001101001 "
    "000001101010 000001101011 000011010010 000011010011 000011010100 000011010101 000011010110 000011010111 "
    "000001101100 000001101101 000011011010 000011011011 000001010100 000001010101 000001010110 000001010111 "
    "000001100100 000001100101 000001010010 000001010011 000000100100 000000110111 000000111000 000000100111 "
    "000000101000 000001011000 000001011001 000000101011 000000101100 000001011010 000001100110 000001100111"
)

# Make-up codes for 64, 128, ... 1728.
_WHITE_MAKEUP = _codes(
    "11011 10010 010111 0110111 00110110 00110111 01100100 01100101 "
    "01101000 01100111 011001100 011001101 011010010 011010011 011010100 011010101 "
    "011010110 011010111 011011000 011011001 011011010 011011011 010011000 010011001 "
    "010011010 011000 010011011"
)

_BLACK_MAKEUP = _codes(
    "0000001111 000011001000 000011001001 000001011011 000000110011 000000110100 "
    "000000110101 0000001101100 0000001101101 0000001001010 0000001001011 0000001001100 "
    "0000001001101 0000001110010 0000001110011 0000001110100 0000001110101 0000001110110 "
    "0000001110111 0000001010010 0000001010011 0000001010100 0000001010101 0000001011010 "
    "0000001011011 0000001100100 0000001100101"
)

# Make-up codes for 1792, 1856, ... 2560, shared by both colours.
_EXTENDED_MAKEUP = _codes(
    "00000001000 00000001100 00000001101 000000010010 000000010011 000000010100 "
    "000000010101 000000010110 000000010111 000000011100 000000011101 000000011110 "
    "000000011111"
)

EOL = "000000000001"
EOL_BITS = len(EOL)

# Two-dimensional mode codes (T.4 table 4, T.6 table 1).
PASS = "0001"
HORIZONTAL = "001"
VERTICAL = {0: "1", 1: "011", 2: "000011", 3: "0000011", -1: "010", -2: "000010", -3: "0000010"}
EXTENSION_PREFIX = "0000001"

# A run this long or longer takes one extra 2560 make-up code before the rest.
LONG_RUN = 2560 + 64
# Runs are packed with up to two extra 2560 make-ups; see encoder.
MAX_WIDTH = 2560 * 3 - 1


def _run_codes(colour: int) -> dict[int, str]:
    terminating = _WHITE_TERMINATING if colour == WHITE else _BLACK_TERMINATING
    makeup = _WHITE_MAKEUP if colour == WHITE else _BLACK_MAKEUP
    codes = {run: code for run, code in enumerate(terminating)}
    codes.update({64 * (i + 1): code for i, code in enumerate(makeup)})
    codes.update({1792 + 64 * i: code for i, code in enumerate(_EXTENDED_MAKEUP)})
    return codes


RUN_CODES: tuple[dict[int, str], dict[int, str]] = (_run_codes(WHITE), _run_codes(BLACK))


def _code_arrays(colour: int) -> tuple[np.ndarray, np.ndarray]:
    """Value and length of the code for every run shorter than LONG_RUN as one
    token: the make-up code (if any) followed by the terminating code."""
    codes = RUN_CODES[colour]
    values = np.zeros(LONG_RUN, dtype=np.uint64)
    lengths = np.zeros(LONG_RUN, dtype=np.int64)
    for run in range(LONG_RUN):
        makeup, rest = divmod(run, 64)
        bits = (codes[makeup * 64] if makeup else "") + codes[rest]
        values[run] = int(bits, 2)
        lengths[run] = len(bits)
    return values, lengths


RUN_TOKEN_VALUE: tuple[np.ndarray, np.ndarray]
RUN_TOKEN_BITS: tuple[np.ndarray, np.ndarray]
_white_values, _white_lengths = _code_arrays(WHITE)
_black_values, _black_lengths = _code_arrays(BLACK)
RUN_TOKEN_VALUE = (_white_values, _black_values)
RUN_TOKEN_BITS = (_white_lengths, _black_lengths)
MAKEUP_2560_VALUE = int(_EXTENDED_MAKEUP[-1], 2)
MAKEUP_2560_BITS = len(_EXTENDED_MAKEUP[-1])

# Decoding: a run code is looked up by the next RUN_PEEK bits of the stream.
RUN_PEEK = 13
# Entries of the run lookup lists: run << 4 | code length; these mark the rest.
INVALID = 0
EOL_ENTRY = -1


def _run_lookup(colour: int) -> list[int]:
    table = [INVALID] * (1 << RUN_PEEK)
    entries = [(code, (run << 4) | len(code)) for run, code in RUN_CODES[colour].items()]
    entries.append((EOL, EOL_ENTRY))
    for code, entry in entries:
        free = RUN_PEEK - len(code)
        first = int(code, 2) << free
        for window in range(first, first + (1 << free)):
            if table[window] != INVALID:
                raise AssertionError(f"code table is not prefix-free at {code}")
            table[window] = entry
    return table


RUN_LOOKUP: tuple[list[int], list[int]] = (_run_lookup(WHITE), _run_lookup(BLACK))

# Mode lookup by the next MODE_PEEK bits: (mode, code length).
MODE_PEEK = 7
MODE_PASS, MODE_HORIZONTAL, MODE_INVALID = 10, 11, 12
# Vertical modes are their offset -3..3 (b1 - a1 reversed: a1 = b1 + offset).


def _mode_lookup() -> list[tuple[int, int]]:
    table: list[tuple[int, int]] = [(MODE_INVALID, 0)] * (1 << MODE_PEEK)
    entries = [(PASS, MODE_PASS), (HORIZONTAL, MODE_HORIZONTAL)]
    entries += [(code, offset) for offset, code in VERTICAL.items()]
    for code, mode in entries:
        free = MODE_PEEK - len(code)
        first = int(code, 2) << free
        for window in range(first, first + (1 << free)):
            table[window] = (mode, len(code))
    return table


MODE_LOOKUP = _mode_lookup()

# Mode codes for the encoder, as (value, length) indexed by offset + 3.
VERTICAL_VALUE = np.array([int(VERTICAL[d], 2) for d in range(-3, 4)], dtype=np.uint64)
VERTICAL_BITS = np.array([len(VERTICAL[d]) for d in range(-3, 4)], dtype=np.int64)

# Bit reversal of every byte value, for LSB-first streams.
REVERSED_BITS = np.array([int(f"{b:08b}"[::-1], 2) for b in range(256)], dtype=np.uint8)
