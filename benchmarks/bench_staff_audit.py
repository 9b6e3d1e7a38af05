"""Sign-in with the raised scrypt cost, and ``audit verify`` over a million audit rows.

Sign-in: a known account and an unknown ID, each against the bare scrypt
call they are built on, measured in the same run (the ratio says what the
database and the audit row add; the two sign-ins should cost the same).
Verify: 1,000,000 chained rows (``BENCH_AUDIT_ROWS``) checked by
``verify_chain``, against a plain scan of the same rows through the same
driver in the same run. With ``BENCH_POSTGRES_URL`` (a throw-away
database: its schema is dropped) the same is measured on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.audit_chain import GENESIS, row_digest, verify_chain
from desktop.staff import RAISED_COST, SCRYPT_COST, SignInError, StaffService
from desktop.store.database import Database, open_database

ROWS = int(os.environ.get("BENCH_AUDIT_ROWS", "1000000"))
SIGN_INS = 5
SIGN_IN_LIMIT_S = 0.5
VERIFY_LIMIT_S = 10.0


def _median(work, times: int = SIGN_INS) -> float:  # type: ignore[no-untyped-def]
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        work()
        spent.append(time.perf_counter() - started)
    return statistics.median(spent)


def bench_sign_in(folder: Path) -> bool:
    assert SCRYPT_COST == RAISED_COST, "the benchmark measures the production cost"
    database = open_database(f"sqlite:///{(folder / 'staff.sqlite3').as_posix()}")
    staff = StaffService(database)
    staff.create("bench", "計測 担当", "clerk", "Measure-2026-x", created_by="bench")

    def bare_scrypt() -> None:
        hashlib.scrypt(
            b"Measure-2026-x",
            salt=os.urandom(16),
            n=RAISED_COST.n,
            r=RAISED_COST.r,
            p=RAISED_COST.p,
            maxmem=RAISED_COST.maxmem,
            dklen=32,
        )

    def unknown() -> None:
        with contextlib.suppress(SignInError):
            staff.authenticate("nobody-at-all", "Measure-2026-x")

    reference = _median(bare_scrypt)
    known = _median(lambda: staff.authenticate("bench", "Measure-2026-x"))
    # Fewer than five, or the unknown ID would count as locked out and skip nothing anyway.
    missing = _median(unknown, times=4)
    database.close()
    print(f"scrypt N=2^{RAISED_COST.n.bit_length() - 1} r={RAISED_COST.r} p={RAISED_COST.p}")
    print(f"  bare scrypt (reference):   {reference * 1000:7.1f} ms")
    print(f"  sign-in, known account:    {known * 1000:7.1f} ms  ({known / reference:.2f}x)")
    print(f"  sign-in, unknown ID:       {missing * 1000:7.1f} ms  ({missing / reference:.2f}x)")
    print(f"  unknown / known:           {missing / known:.2f}")
    ok = known < SIGN_IN_LIMIT_S and missing < SIGN_IN_LIMIT_S
    print(f"  target < {SIGN_IN_LIMIT_S} s: {'met' if ok else 'NOT met'}")
    return ok


def _chained_rows(count: int) -> tuple[list[tuple], str]:  # type: ignore[type-arg]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    actions = ("view", "claim", "accept", "print_notice", "sign_in", "export_csv")
    rows = []
    prev = GENESIS
    for seq in range(1, count + 1):
        at = f"{start + timedelta(seconds=seq * 7):%Y-%m-%d %H:%M:%S.%f}"
        staff, action = f"clerk{seq % 12}", actions[seq % len(actions)]
        target, detail = f"T{seq % 400_000:08d}", "" if seq % 3 else "v2"
        digest = row_digest(prev, seq, at, staff, action, target, detail)
        rows.append((at, staff, action, target, detail, seq, prev, digest))
        prev = digest
    return rows, prev


_COLUMNS = "at, staff, action, target, detail, seq, prev_hash, row_hash"


def _fill(url: str, count: int) -> None:
    """``count`` chained rows, written straight through the driver (building them is not measured)."""
    import sqlite3

    rows, prev = _chained_rows(count)
    connection = sqlite3.connect(url.removeprefix("sqlite:///"))
    connection.executemany(
        f"INSERT INTO audit_log ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    connection.execute("UPDATE audit_chain SET seq = ?, last_hash = ?", (count, prev))
    connection.commit()
    connection.close()


def bench_verify(folder: Path) -> bool:
    url = f"sqlite:///{(folder / 'audit.sqlite3').as_posix()}"
    database = open_database(url)
    _fill(url, ROWS)

    def plain_scan() -> int:
        with database.engine.connect() as connection:
            cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
            cursor.execute(
                "SELECT id, seq, at, staff, action, target, detail, prev_hash, row_hash "
                "FROM audit_log ORDER BY id"
            )
            seen = 0
            while batch := cursor.fetchmany(20_000):
                seen += len(batch)
            return seen

    plain_scan()  # the file into the OS cache for both
    started = time.perf_counter()
    scanned = plain_scan()
    reference = time.perf_counter() - started
    return _verify_beside(database, scanned, reference, "SQLite", "plain scan")


def _verify_beside(
    database: Database, scanned: int, reference: float, kind: str, reference_name: str
) -> bool:
    """Verify the chain, then print its time beside the reference scan's."""
    started = time.perf_counter()
    report = verify_chain(database, checkpoints=False)
    spent = time.perf_counter() - started
    database.close()
    assert scanned == ROWS and report.intact and report.rows == ROWS, report.summary()
    print(f"audit verify, {ROWS:,} rows ({kind})")
    print(f"  {reference_name + ' (reference):':<30}{reference:6.2f} s")
    print(f"  {'verify_chain:':<30}{spent:6.2f} s  ({spent / reference:.1f}x)")
    print(f"  {'rows per second:':<30}{ROWS / spent:,.0f}")
    ok = spent <= VERIFY_LIMIT_S * ROWS / 1_000_000
    print(f"  target <= {VERIFY_LIMIT_S:.0f} s per million: {'met' if ok else 'NOT met'}")
    return ok


def bench_verify_postgresql(url: str) -> bool:
    from sqlalchemy import text

    from desktop.store.database import make_engine

    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    database = open_database(url)
    rows, prev = _chained_rows(ROWS)
    with database.engine.begin() as connection:
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f"COPY audit_log ({_COLUMNS}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute("UPDATE audit_chain SET seq = %s, last_hash = %s", (ROWS, prev))
        cursor.execute("ANALYZE audit_log")
    del rows
    with database.engine.connect() as connection:
        started = time.perf_counter()
        scanned = connection.exec_driver_sql(
            "SELECT count(*), max(length(row_hash || prev_hash || detail)) FROM audit_log"
        ).one()[0]
        reference = time.perf_counter() - started
    return _verify_beside(database, scanned, reference, "PostgreSQL", "server-side scan")


def _throwaway_keyring() -> None:
    """Keep the run out of this PC's real credential store (the unknown-ID key goes there)."""
    import keyring

    from tests.support import MemoryKeyring  # the suite's own, run from the source tree

    keyring.set_keyring(MemoryKeyring())


def main() -> int:
    _throwaway_keyring()
    with tempfile.TemporaryDirectory(prefix="movedesk-bench-") as folder:
        os.environ["MOVEDESK_DATA_DIR"] = folder
        # Each prints its verdict; only a wrong result (an assertion) fails the run.
        bench_sign_in(Path(folder))
        bench_verify(Path(folder))
        postgres = os.environ.get("BENCH_POSTGRES_URL")
        if postgres:
            bench_verify_postgresql(postgres)
    return 0


if __name__ == "__main__":
    sys.exit(main())
