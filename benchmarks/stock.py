"""Large notice databases for the window benchmarks, built once and kept.

A few thousand realistic notices from the simulator's resident factory are
varied (receipt number, dates) into as many rows as needed and written with
executemany. The files live outside the source tree, in
``$MOVEDESK_BENCH_DIR`` or the user's cache folder, and are reused by the
next run (a checkout may be read-only).
"""

from __future__ import annotations

import os
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import platformdirs
from sqlalchemy import insert

from desktop.domain.calendar import due_date
from desktop.domain.notice import notice_from_payload
from desktop.domain.text import fold_for_search
from desktop.hub.residents import ResidentFactory
from desktop.staff import StaffService
from desktop.store.database import open_database
from desktop.store.ingest import payload_json
from desktop.store.models import NoticeRecord
from desktop.store.sort_keys import address_sort_key

TEMPLATES = 3000
BENCH_USER = ("bench", "Measure-2026-x")


def read_through(url: str) -> int:
    """Read a SQLite database file once, so it sits in the OS file cache; returns its size."""
    path = Path(url.removeprefix("sqlite:///"))
    size = 0
    with path.open("rb") as file:
        while chunk := file.read(1 << 22):
            size += len(chunk)
    return size


def bench_dir() -> Path:
    override = os.environ.get("MOVEDESK_BENCH_DIR")
    folder = Path(override) if override else Path(platformdirs.user_cache_dir("MoveDesk")) / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def schema_problem(path: Path) -> str | None:
    """Why a kept file cannot serve: its tables differ from this program's (it was built
    by another version whose revision numbers meant other changes), or it does not open."""
    import warnings

    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from desktop.store.models import Base
    from desktop.store.search_index import is_search_table

    try:
        database = open_database(f"sqlite:///{path.as_posix()}")
    except Exception as error:  # any reason it will not open is a reason to build anew
        return f"it does not open ({type(error).__name__})"
    try:
        with database.engine.connect() as connection, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SQLite cannot reflect expression indexes
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": False,
                    "include_name": lambda name, kind, _parents: (
                        not (kind == "table" and is_search_table(name))
                    ),
                },
            )
            differences = compare_metadata(context, Base.metadata)
    finally:
        database.close()
    return f"its tables differ from this version's ({differences[0]!r})" if differences else None


def database_with(count: int) -> str:
    """The URL of a SQLite database holding ``count`` notices (built on first use)."""
    path = bench_dir() / f"notices-{count}.sqlite3"
    url = f"sqlite:///{path.as_posix()}"
    if path.exists():
        problem = schema_problem(path)
        if problem is None:
            return url
        print(f"{path}: {problem}; building it again", flush=True)
        path.unlink()
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    database = open_database(f"sqlite:///{partial.as_posix()}")
    factory = ResidentFactory(seed=7)
    now = datetime.now(UTC)
    print(f"building {path} ({count:,} notices, once)", flush=True)
    templates = [notice_from_payload(factory.notice(f"TPL{n:06d}", now)) for n in range(TEMPLATES)]
    payloads = [payload_json(t) for t in templates]
    rng = random.Random(7)
    today = date.today()
    statuses = ["new"] * 3 + ["in_progress"] + ["accepted"] * 5 + ["rejected", "cancelled"]
    batch: list[dict] = []
    with database.engine.begin() as connection:
        for number in range(count):
            template = templates[number % TEMPLATES]
            move = today + timedelta(days=rng.randint(-900, 30))
            submitted = datetime.combine(
                move - timedelta(days=rng.randint(0, 14)), datetime.min.time(), UTC
            )
            address = template.service_address
            batch.append(
                {
                    "receipt_number": f"MV{number:010d}",
                    "version": 1,
                    "kind": template.kind,
                    "hub_state": "submitted",
                    "status": "new" if move >= today - timedelta(days=3) else rng.choice(statuses),
                    "source": "hub",
                    "submitted_at": submitted,
                    "move_date": move,
                    "due_date": due_date(submitted.date(), move),
                    "customer_number": template.customer_number,
                    "postal_code": address.postal_code,
                    "address": address.address,
                    "building": address.building,
                    "name": template.name,
                    "kana": template.kana,
                    "phone": template.phone,
                    "name_key": fold_for_search(template.name),
                    "kana_key": fold_for_search(template.kana),
                    "address_key": fold_for_search(address.address + address.building),
                    "address_sort": address_sort_key(address.address, address.building),
                    "payload": payloads[number % TEMPLATES].replace(
                        template.receipt_number, f"MV{number:010d}", 1
                    ),
                    "needs_review": False,
                    "received_at": now,
                    "updated_at": now,
                }
            )
            if len(batch) == 20_000:
                connection.execute(insert(NoticeRecord), batch)
                batch.clear()
        if batch:
            connection.execute(insert(NoticeRecord), batch)
    StaffService(database).create(BENCH_USER[0], "計測 担当", "clerk", BENCH_USER[1], "bench")
    database.close()
    partial.rename(path)
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    return url


def postgres_with(count: int, url: str) -> str:
    """``url`` (an empty or earlier-filled PostgreSQL database) holding the SQLite stock's notices.

    Copied row for row from ``database_with(count)`` with COPY, so both
    databases hold the same notices; kept, and copied again only when the
    count differs.
    """
    import sqlite3

    from sqlalchemy import func, select, text

    source = database_with(count)
    database = open_database(url)
    try:
        with database.session() as session:
            held = session.scalar(select(func.count()).select_from(NoticeRecord)) or 0
        if held == count:
            return url
        print(f"copying {count:,} notices into {database.engine.url.database} (once)", flush=True)
        columns = [c.name for c in NoticeRecord.__table__.columns]
        with database.engine.begin() as connection:
            connection.execute(text("TRUNCATE notices CASCADE"))
            raw = connection.connection.driver_connection
            sqlite = sqlite3.connect(source.removeprefix("sqlite:///"))
            rows = sqlite.execute(f"SELECT {', '.join(columns)} FROM notices ORDER BY id")
            with raw.cursor().copy(f"COPY notices ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            sqlite.close()
            connection.execute(
                text("SELECT setval(pg_get_serial_sequence('notices', 'id'), max(id)) FROM notices")
            )
            connection.execute(text("ANALYZE notices"))
        with database.session() as session:
            from desktop.store.models import Staff

            known = session.scalar(select(Staff.id).where(Staff.user_id == BENCH_USER[0]))
        if known is None:
            StaffService(database).create(
                BENCH_USER[0], "計測 担当", "clerk", BENCH_USER[1], "bench"
            )
    finally:
        database.close()
    return url


def warm_postgres(url: str) -> int:
    """Read the notices table and its B-tree indexes once, so they sit in the OS file cache.

    The same as ``read_through`` for the SQLite file: a server in daily use
    has them there. pg_prewarm would do it in one call but needs a
    superuser; a full read of the table and an index-only walk of each
    index need nothing. Returns the bytes of what was read.
    """
    from sqlalchemy import text

    database = open_database(url)
    try:
        with database.engine.begin() as connection:
            connection.execute(text("SELECT count(*), sum(length(payload)) FROM notices"))
            for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
                connection.execute(text(f"SET LOCAL {setting} = off"))
            leading = connection.execute(
                text(
                    "SELECT DISTINCT a.attname FROM pg_index i JOIN pg_attribute a "
                    "ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
                    "WHERE i.indrelid = 'notices'::regclass AND i.indkey[0] > 0"
                )
            ).scalars()
            for column in list(leading):
                connection.execute(
                    text(f'SELECT count(*) FROM (SELECT "{column}" FROM notices ORDER BY 1) s')
                )
            return int(connection.scalar(text("SELECT pg_total_relation_size('notices')")) or 0)
    finally:
        database.close()
