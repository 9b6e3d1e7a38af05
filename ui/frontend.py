"""What the window part offers the core's command line (see desktop/frontend.py)."""

from __future__ import annotations

import argparse


def run_window(args: argparse.Namespace) -> int:
    from ui.app import run_window as start

    return start(args)


def print_pdf(pdf: bytes, printer: str) -> int:
    from ui.print_job import print_pdf as send

    return send(pdf, printer)


def printer_names() -> list[str]:
    from ui.print_job import printer_names as names

    return names()


def check_qt() -> str:
    from ui.selftest_qt import check_qt as check

    return check()
