"""``movedesk --self-test``: does this installation work on this PC?

Each check exercises one part of the program the way the running program
would use it, from wherever it is installed (a frozen Windows bundle or a
source checkout), offscreen and without leaving loopback. Packaging
mistakes — a Qt plugin, font, migration script or native library left out of
the bundle — show up here as a ``FAIL`` line with the reason, instead of as
a crash at a counter.

Checks run one after another, each in a worker thread that is abandoned
after its time limit (Qt's check runs in the calling thread, because Qt
wants its application object there). Nothing is written to the user's
database or credential store; the fax check may leave compiled kernels in
the user's cache folder, as the first fax would.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TextIO

from desktop.frontend import frontend

log = logging.getLogger(__name__)

RESIDENT_NAME = "水道 花子"
RESIDENT_ADDRESS = "東京都昭島市田中町一丁目17番1号"


class CheckFailed(Exception):
    """A check found something wrong; the message is the reason shown."""


@dataclass(frozen=True)
class Check:
    """One line of the report: ``run`` returns what it found, or raises."""

    name: str
    run: Callable[[], str]
    timeout: float  # seconds
    main_thread: bool = False


# -- the checks -----------------------------------------------------------------


def check_program() -> str:
    from desktop import __version__

    frozen = getattr(sys, "frozen", False)
    where = Path(getattr(sys, "_MEIPASS", "")) if frozen else Path(__file__).resolve().parents[1]
    kind = "frozen bundle" if frozen else "from source"
    return f"MoveDesk {__version__} ({kind}, Python {sys.version.split()[0]}) at {where}"


def check_resources() -> str:
    from desktop.domain.kinds import known_kinds

    folder = resources.files("resources")
    contract = folder.joinpath("hub-openapi.yaml").read_text("utf-8")
    if not contract.lstrip().startswith("openapi:"):
        raise CheckFailed("hub-openapi.yaml is not an OpenAPI document")
    kinds = known_kinds()
    if not kinds:
        raise CheckFailed("notice_kinds.json lists no kinds")
    return f"{len(kinds)} notice kinds, hub contract present"


def check_database() -> str:
    """A fresh database, and one built by running every migration script."""
    from alembic import command

    from desktop.store.database import _alembic_config, head_revision, make_engine, open_database

    head = head_revision()
    with tempfile.TemporaryDirectory(
        prefix="movedesk-selftest-", ignore_cleanup_errors=True
    ) as tmp:
        fresh = open_database(f"sqlite:///{(Path(tmp) / 'fresh.sqlite3').as_posix()}")
        try:
            created = fresh.migrate()
        finally:
            fresh.close()
        # The fresh path only stamps; this one loads and runs the scripts
        # themselves, which a bundle missing versions/*.py cannot do.
        url = f"sqlite:///{(Path(tmp) / 'migrated.sqlite3').as_posix()}"
        engine = make_engine(url)
        try:
            with engine.begin() as connection:
                config = _alembic_config()
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        finally:
            engine.dispose()
        migrated = open_database(url)
        try:
            after = migrated.migrate()
        finally:
            migrated.close()
    if "is current" not in created or "is current" not in after:
        raise CheckFailed(f"schema not current after opening: {created!r}, {after!r}")
    return f"SQLite schema {head}: created, and reached by every migration script"


def check_fonts() -> str:
    from printing.fonts import (
        LICENCE_FILE,
        PRIMARY_FILES,
        font_directory,
        register_fonts,
        shipped_fallback_files,
    )

    folder = font_directory()
    missing = [
        name for name in [*PRIMARY_FILES.values(), LICENCE_FILE] if not (folder / name).is_file()
    ]
    if missing:
        raise CheckFailed(f"missing from {folder}: {', '.join(missing)}")
    names_fonts = shipped_fallback_files()
    if not names_fonts:
        raise CheckFailed(f"no names font (𠮷 …) in {folder / 'fallback'}")
    register_fonts()
    shipped = [*PRIMARY_FILES.values(), *(path.name for path in names_fonts)]
    return f"{', '.join(shipped)} in {folder}"


def _sample_sheet():  # type: ignore[no-untyped-def]
    from desktop.domain.notice import JST, notice_from_payload
    from printing import SheetData

    notice = notice_from_payload(
        {
            "receipt_number": "R2025-000001",
            "version": 1,
            "kind": "move_in",
            "hub_state": "submitted",
            "submitted_at": "2025-11-20T09:15:00+09:00",
            "move_date": "2025-11-21",
            "customer_number": "",
            "service_address": {
                "postal_code": "1968511",
                "address": RESIDENT_ADDRESS,
                "building": "",
            },
            "user": {"name": RESIDENT_NAME, "kana": "スイドウ ハナコ"},
            "contact": {"phone": "042-544-5111", "email": ""},
            "presence": {"required": False, "preferred_time": ""},
            "payment_method": "account_transfer",
            "remarks": "",
        }
    )
    return SheetData(notice, "new", printed_at=datetime(2025, 11, 21, 14, 5, tzinfo=JST))


def check_printing() -> str:
    """A notice sheet rendered, and its Japanese read back out of the PDF."""
    import pypdfium2

    from printing import render_notice_sheet

    result = render_notice_sheet(_sample_sheet())
    if not result.pdf.startswith(b"%PDF-") or result.page_count != 1:
        raise CheckFailed(f"not a one-page PDF ({result.page_count} pages)")
    if result.missing_glyphs:
        raise CheckFailed(f"characters the font lacks: {result.missing_glyphs[0].describe()}")
    document = pypdfium2.PdfDocument(result.pdf)
    try:
        page = document[0]
        text_page = page.get_textpage()
        text = text_page.get_text_range().replace("\r", "").replace("\n", "")
        text_page.close()
        page.close()
    finally:
        document.close()
    absent = [word for word in (RESIDENT_NAME, "受付票") if word not in text]
    if absent:
        raise CheckFailed(f"the PDF's text lacks {absent}; pdfium read {text[:60]!r}")
    return f"notice sheet, {len(result.pdf):,} bytes; pdfium reads {RESIDENT_NAME} back"


def _fax_test_page():  # type: ignore[no-untyped-def]
    import numpy as np

    from fax.codec import PAGE_WIDTH

    # Runs of every length class the code tables have, plus noise that
    # makes MMR use all its vertical modes.
    rng = np.random.default_rng(7)
    page = np.zeros((192, PAGE_WIDTH), dtype=np.uint8)
    page[10:40, 100:1600] = 1
    page[50:60, ::3] = 1
    page[70:150] = rng.random((80, PAGE_WIDTH)) < 0.08
    page[160:190, 17:1711:64] = 1
    return page


def check_fax() -> str:
    import numpy as np

    from fax.codec import decode, encode, jit

    page = _fax_test_page()
    started = time.perf_counter()
    compiled = jit.enabled()
    if jit.DISABLE_VARIABLE in os.environ:
        backend = "NumPy codec (MOVEDESK_NO_JIT set)"
    elif compiled:
        backend = "numba-compiled codec"
    else:
        raise CheckFailed("numba cannot be loaded here; faxes would use the slow NumPy codec")
    sizes = []
    for scheme in ("mh", "mmr"):
        data = encode(page, scheme)
        result = decode(data, page.shape[1], scheme)
        if not np.array_equal(result.bitmap != 0, page != 0):
            raise CheckFailed(f"{scheme.upper()} round trip changed the page")
        sizes.append(f"{scheme.upper()} {len(data):,} bytes")
    took = time.perf_counter() - started
    return f"{backend}: {' and '.join(sizes)} decoded unchanged ({took:.1f} s)"


def check_barcodes() -> str:
    import numpy as np
    import segno
    import zxingcpp

    text = "MoveDesk R2025-000001 水道"
    symbol = segno.make_qr(text, error="m")
    # Dark modules black on white, a quiet zone of four modules, four pixels each.
    modules = np.pad(np.array(symbol.matrix, dtype=bool), 4)
    image = np.where(modules, 0, 255).astype(np.uint8).repeat(4, axis=0).repeat(4, axis=1)
    found = zxingcpp.read_barcodes(image)
    if [barcode.text for barcode in found] != [text]:
        raise CheckFailed(f"zxing-cpp read {[b.text for b in found]!r}")
    return "QR code made by segno and read back by zxing-cpp"


def check_qt() -> str:
    """The window's part: Qt, its fonts, printing and the translation (asked of the frontend)."""
    window = frontend()
    if window is None:
        raise CheckFailed("the window part of MoveDesk is not installed")
    return window.check_qt()


def check_hub() -> str:
    """Sign in, pull a page and push a decision to the hub simulator on loopback."""
    from desktop.hub.client import HubClient, HubConfig
    from desktop.hub.simulator import DEMO_PARTNER_ID, DEMO_PASSWORD, HubSimulator

    with HubSimulator(host="127.0.0.1", port=0, notices=5, seed=1) as hub:
        config = HubConfig(
            base_url=hub.url,
            partner_id=DEMO_PARTNER_ID,
            password=DEMO_PASSWORD,
            timeout=5.0,
            max_attempts=2,
        )
        with HubClient(config) as client:
            page = client.pull(None, 5)
            if not page.items:
                raise CheckFailed("the simulator's first page was empty")
            first = page.items[0]
            decision = {
                "decision": "accept",
                "version": first["version"],
                "staff": "自己診断",
                "decided_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            }
            outcome = client.push_decision(first["receipt_number"], decision, "self-test-1")
        if outcome.kind != "applied" or len(hub.decisions()) != 1:
            raise CheckFailed(f"the decision was not applied: {outcome.kind} {outcome.body}")
    return f"signed in, pulled {len(page.items)} notices, one decision applied on loopback"


def check_certificates() -> str:
    from requests.utils import DEFAULT_CA_BUNDLE_PATH

    from desktop.hub.tls import client_ssl_context

    context = client_ssl_context()
    authorities = context.cert_store_stats()["x509_ca"]
    if authorities < 50:
        raise CheckFailed(f"only {authorities} CAs in {DEFAULT_CA_BUNDLE_PATH}")
    return f"{authorities} public CAs from {Path(DEFAULT_CA_BUNDLE_PATH).name}"


_USELESS_BACKENDS = {"keyring.backends.fail.Keyring", "keyring.backends.null.Keyring"}


def check_keyring() -> str:
    import keyring

    backend = keyring.get_keyring()
    names = [f"{type(backend).__module__}.{type(backend).__name__}"]
    members = getattr(backend, "backends", None)
    if members:  # the chainer: the backends it really uses
        names = [f"{type(b).__module__}.{type(b).__name__}" for b in members]
    useful = [name for name in names if name not in _USELESS_BACKENDS]
    if not useful:
        raise CheckFailed(f"no usable credential store (backend {', '.join(names)})")
    if sys.platform == "win32" and not any(
        n.startswith("keyring.backends.Windows.") for n in useful
    ):
        raise CheckFailed(f"not the Windows Credential Manager: {', '.join(names)}")
    return ", ".join(names)


def default_checks() -> list[Check]:
    """The checks ``movedesk --self-test`` runs, in order."""
    return [
        Check("program", check_program, 10),
        Check("resources", check_resources, 10),
        Check("database", check_database, 60),
        Check("fonts", check_fonts, 30),
        Check("printing", check_printing, 60),
        # A first start compiles the fax kernels: tens of seconds on a slow PC.
        Check("fax codec", check_fax, 300),
        Check("barcodes", check_barcodes, 30),
        Check("qt", check_qt, 60, main_thread=True),
        Check("hub", check_hub, 60),
        Check("certificates", check_certificates, 10),
        Check("keyring", check_keyring, 20),
    ]


# -- running them -------------------------------------------------------------------


def _reason(error: BaseException) -> str:
    if isinstance(error, CheckFailed):
        return str(error)
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


def _run_one(check: Check) -> tuple[bool, str, str | None]:
    """(passed, what it found or why it failed, traceback or None)."""
    outcome: list[tuple[bool, str, str | None]] = []

    def work() -> None:
        try:
            outcome.append((True, check.run(), None))
        except BaseException as error:  # a check must not end the run; it reports
            outcome.append((False, _reason(error), traceback.format_exc()))

    started = time.monotonic()
    if check.main_thread:
        work()
        took = time.monotonic() - started
        if outcome[0][0] and took > check.timeout:
            return False, f"took {took:.0f} s, more than the {check.timeout:g} s allowed", None
        return outcome[0]
    worker = threading.Thread(target=work, name=f"self-test {check.name}", daemon=True)
    worker.start()
    worker.join(check.timeout)
    if worker.is_alive():
        # Left running: a daemon thread ends with the process.
        return False, f"no answer within {check.timeout:g} s", None
    return outcome[0]


class _Report:
    """Lines to ``out``, surviving a console that cannot show Japanese."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def line(self, text: str) -> None:
        try:
            self.out.write(text + "\n")
        except UnicodeEncodeError:
            encoding = getattr(self.out, "encoding", None) or "ascii"
            self.out.write(text.encode(encoding, "backslashreplace").decode(encoding) + "\n")
        self.out.flush()


def _fallback_output() -> TextIO:
    # A windowed program started without a console has no stdout at all.
    from desktop.paths import log_dir

    return open(log_dir() / "selftest.txt", "w", encoding="utf-8")


def run_self_test(
    out: TextIO | None = None,
    *,
    checks: Sequence[Check] | None = None,
    verbose: bool = False,
) -> int:
    """Run every check, one ``ok  …`` / ``FAIL …`` line each; 0 when all passed.

    ``out`` defaults to ``sys.stdout`` at call time, or to ``selftest.txt``
    in the log folder when there is none. ``verbose`` adds the traceback
    under each failure.
    """
    stream = out or sys.stdout
    opened = None
    if stream is None:
        stream = opened = _fallback_output()
    report = _Report(stream)
    failures = 0
    try:
        for check in default_checks() if checks is None else checks:
            passed, detail, trace = _run_one(check)
            report.line(f"{'ok  ' if passed else 'FAIL '}{check.name}: {detail}")
            if not passed:
                failures += 1
                log.info("self-test %s failed: %s\n%s", check.name, detail, trace or "")
                if verbose and trace:
                    for trace_line in trace.rstrip().splitlines():
                        report.line(f"    {trace_line}")
    finally:
        if opened is not None:
            opened.close()
    return 1 if failures else 0
