"""Processing pending events without the static QCoreApplication calls.

PySide6 6.12.0's static ``QCoreApplication.processEvents()`` and
``sendPostedEvents()`` drop a reference to ``None`` on each call (and
``QLocale.setDefault`` likewise); a few thousand calls end the process with
"Fatal Python error: none_dealloc" on Python 3.11. setup.cfg keeps 6.12 out,
and the program's own paths go through an event loop object, whose
``processEvents`` has no such fault, so a later binding with the same fault
cannot reach them either.
"""

from __future__ import annotations

from PySide6.QtCore import QEventLoop

_loops: list[QEventLoop] = []


def process_pending_events() -> None:
    """Deliver what is queued (posted events, repaints) and return."""
    if not _loops:
        _loops.append(QEventLoop())
    _loops[0].processEvents()
