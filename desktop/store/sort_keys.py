"""Sort keys stored beside the text they order, so every list order has an index.

An address orders by its numbers (desktop.domain.text.natural_sort_key), a
tuple that no database can compare. It is stored as a string whose plain
code-point order is the tuple's order: a number becomes a marker, its digit
count and its digits (a shorter number is a smaller one), and the building
follows the address behind a separator lower than anything else, so
牛浜1丁目 sorts before 牛浜10丁目 in SQL exactly as on the printed lists.
"""

from __future__ import annotations

from desktop.domain.text import AddressKey, natural_sort_key

ADDRESS_SORT_LENGTH = 600
_PART_END = "\x01"  # between the address and the building: lower than any text
_NUMBER = "\x02"  # before a number: lower than any text, higher than the end


def _encoded(key: AddressKey) -> str:
    pieces = []
    for part in key:
        if isinstance(part, int):
            digits = str(part)
            pieces.append(f"{_NUMBER}{chr(0x30 + len(digits))}{digits}")
        else:
            pieces.append(part.replace(_PART_END, "").replace(_NUMBER, ""))
    return "".join(pieces)


def address_sort_key(address: str, building: str = "") -> str:
    """The stored key of an address and building, in the printed lists' order."""
    key = _encoded(natural_sort_key(address)) + _PART_END + _encoded(natural_sort_key(building))
    return key[:ADDRESS_SORT_LENGTH]
