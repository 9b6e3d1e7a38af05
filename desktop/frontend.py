"""The window, as the core sees it: found at run time, never imported by name.

``desktop`` stays free of Qt; the ``ui`` package registers itself as the
frontend (the ``movedesk.frontend`` entry point in setup.cfg, or
``use_frontend`` where package metadata is not available, as in the frozen
program). The command line asks it to open the window, to print on a named
printer and to check Qt in the self-test.
"""

from __future__ import annotations

import argparse
from importlib.metadata import entry_points
from typing import Protocol


class Frontend(Protocol):
    def run_window(self, args: argparse.Namespace) -> int: ...

    def print_pdf(self, pdf: bytes, printer: str) -> int: ...

    def printer_names(self) -> list[str]: ...

    def check_qt(self) -> str: ...


_chosen: list[Frontend] = []


def use_frontend(chosen: Frontend) -> None:
    _chosen[:] = [chosen]


def frontend() -> Frontend | None:
    """The installed window part, or None when only the core is installed."""
    if not _chosen:
        for entry in entry_points(group="movedesk.frontend"):
            _chosen.append(entry.load())
            break
    return _chosen[0] if _chosen else None
