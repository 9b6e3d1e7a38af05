"""Several seats on one database against the hub simulator (its own process).

    python benchmarks/bench_seats.py [--seats 8] [--decisions 100] [--latency-ms 50]

Decisions: each seat is its own process, makes its decisions one after the
other and syncs after each one, as the window does (one sync at a time,
asked for again by the next decision). Targets: every decision at the hub
within 10 s of the last one made, replayed decision requests at most 1 %,
no sync that crashes.

Pull: 10,000 notices into an empty database by one seat alone, then by 4
seats trying at once (one pulls, the others find the pull taken and only
push). Every seat process starts, connects and signs in first, then waits
at a barrier; the clock runs from the word "go" until every seat's sync has
ended and the database holds all the notices. Seats stay open afterwards,
as windows do, so the end of a process is no part of the pull. Runs are
taken in turns (alone, together; together, alone; …) so the machine's
other load falls on both alike; the ratio of each pair is reported as a
median with its range (target: median at most 1.10).

The database is MOVEDESK_BENCH_POSTGRES_URL (or MOVEDESK_TEST_POSTGRES_URL);
its schema is dropped and made anew. Without either, a SQLite file in a
temporary folder stands in, and the figures say so.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import requests
from sqlalchemy import func, select, text

from desktop.hub.client import HubClient, HubConfig
from desktop.hub.simulator import DEMO_PARTNER_ID, DEMO_PASSWORD
from desktop.service import Actor, NoticeService
from desktop.store.database import make_engine, open_database
from desktop.store.models import Decision, NoticeRecord
from desktop.sync import SyncEngine

AT_HUB_TARGET_SECONDS = 10.0
REPLAY_TARGET = 0.01
PULL_RATIO_TARGET = 1.10
PULL_NOTICES = int(os.environ.get("BENCH_PULL_NOTICES", "10000"))
PULL_SEATS = 4
PULL_ROUNDS = int(os.environ.get("BENCH_PULL_ROUNDS", "7"))
WORKER_GIVES_UP = 120.0  # seconds; a seat still syncing then is reported, not waited for


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ExternalHub:
    """``movedesk hub-sim`` in its own process, steered through its /v1/_sim/ endpoints."""

    def __init__(self, notices: int) -> None:
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "desktop", "hub-sim", "--port", str(port)),
                *("--notices", str(notices), "--seed", "3", "--activity", "0"),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        first_line = self.process.stdout.readline()
        if "serving" not in first_line:
            raise RuntimeError(f"hub simulator did not start: {first_line!r}")

    def faults(self, **settings: object) -> None:
        requests.post(f"{self.url}/v1/_sim/faults", json=settings, timeout=30).raise_for_status()

    def stats(self) -> dict[str, int]:
        return requests.get(f"{self.url}/v1/_sim/stats", timeout=30).json()

    def close(self) -> None:
        self.process.terminate()
        self.process.wait()


def _database_url(folder: Path) -> str:
    url = os.environ.get("MOVEDESK_BENCH_POSTGRES_URL") or os.environ.get(
        "MOVEDESK_TEST_POSTGRES_URL", ""
    )
    return url or f"sqlite:///{(folder / 'seats.sqlite3').as_posix()}"


def _fresh_database(url: str) -> None:
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        for leftover in path.parent.glob(path.name + "*"):
            leftover.unlink()
    else:
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    open_database(url).close()


def _engine(url: str, hub_url: str) -> SyncEngine:
    """A seat as the window keeps one: connected to the database and signed in to the hub."""
    config = HubConfig(hub_url, DEMO_PARTNER_ID, DEMO_PASSWORD)
    database = open_database(url, migrate=False)
    with database.session() as session:
        session.execute(text("SELECT 1"))
    client = HubClient(config)
    client._token = client._login()
    return SyncEngine(database, client, make_client=lambda: HubClient(config))


# -- one seat (a child process) ----------------------------------------------------------


def seat_deciding(url: str, hub_url: str, seat: int, seats: int, decisions: int) -> None:
    """Decide this seat's share of the notices, syncing after each decision like the window."""
    engine = _engine(url, hub_url)
    database = engine.database
    service = NoticeService(database)
    clerk = Actor(f"clerk{seat}", "clerk")
    with database.session() as session:
        receipts = session.scalars(
            select(NoticeRecord.receipt_number).order_by(NoticeRecord.id)
        ).all()[seat : seats * decisions : seats]
    wanted = threading.Event()
    finished_deciding = threading.Event()
    outcome = {"seat": seat, "syncs": 0, "crashes": 0, "errors": [], "last_decision_at": 0.0}

    def sync_worker() -> None:
        deadline = time.monotonic() + WORKER_GIVES_UP
        while time.monotonic() < deadline:
            wanted.wait(1.0)
            wanted.clear()
            try:
                report = engine.sync_once()
            except Exception as error:  # what the window would show as a failed sync
                outcome["crashes"] += 1
                outcome["errors"].append(f"{type(error).__name__}: {error}"[:200])
                continue
            outcome["syncs"] += 1
            if any("database error" in problem for problem in report.errors):
                outcome["crashes"] += 1
            outcome["errors"].extend(problem[:200] for problem in report.errors[:2])
            if finished_deciding.is_set() and service.pending_decisions() == 0:
                return

    print("ready", flush=True)
    sys.stdin.readline()  # "go"
    worker = threading.Thread(target=sync_worker)
    worker.start()
    for number, receipt in enumerate(receipts):
        service.decide(receipt, "accept", clerk, customer_number=f"{seat:02d}{number:05d}")
        outcome["last_decision_at"] = time.time()
        wanted.set()
    finished_deciding.set()
    wanted.set()
    worker.join()
    print(json.dumps(outcome), flush=True)


def seat_pulling(url: str, hub_url: str) -> None:
    engine = _engine(url, hub_url)
    print("ready", flush=True)
    sys.stdin.readline()  # "go"
    began, cpu = time.time(), time.process_time()
    report = engine.sync_once()
    finished = time.time()
    outcome = {
        "pulled": report.pulled,
        "errors": report.errors,
        "began": began,
        "at": finished,
        "cpu": time.process_time() - cpu,
        "pulled_by_this_seat": report.pull_attempted,
    }
    print(json.dumps(outcome), flush=True)
    sys.stdin.readline()  # "exit": an open window does not go away after its sync
    engine.database.close()


# -- the office (this process) -------------------------------------------------------------


def _start_seats(arguments: list[list[str]]) -> list[subprocess.Popen[str]]:
    processes = [
        subprocess.Popen(
            [sys.executable, __file__, *extra],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # the seats' log lines; outcomes come on stdout
            text=True,
        )
        for extra in arguments
    ]
    for process in processes:
        assert process.stdout is not None
        if process.stdout.readline().strip() != "ready":
            raise RuntimeError("a seat did not start")
    return processes


def _go(processes: list[subprocess.Popen[str]]) -> float:
    started = time.time()
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    return started


def _results(processes: list[subprocess.Popen[str]]) -> list[dict]:
    results = []
    for process in processes:
        out, _err = process.communicate(timeout=WORKER_GIVES_UP + 60)
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def bench_decisions(url: str, seats: int, decisions: int, latency_ms: int) -> None:
    hub = ExternalHub(seats * decisions + 50)
    try:
        _fresh_database(url)
        first = _engine(url, hub.url)
        assert first.sync_once().ok
        first.database.close()
        hub.faults(latency_ms=latency_ms)
        processes = _start_seats(
            [
                [
                    *("--seat", str(seat), "--seats", str(seats), "--decisions", str(decisions)),
                    *("--database-url", url, "--hub-url", hub.url),
                ]
                for seat in range(seats)
            ]
        )
        _go(processes)
        total = seats * decisions
        all_at_hub = None
        give_up = time.monotonic() + WORKER_GIVES_UP
        while time.monotonic() < give_up:
            if hub.stats()["decisions"] >= total:
                all_at_hub = time.time()
                break
            time.sleep(0.05)
        results = _results(processes)
        stats = hub.stats()
    finally:
        hub.close()
    last_decision = max(result["last_decision_at"] for result in results)
    crashes = sum(result["crashes"] for result in results)
    syncs = sum(result["syncs"] for result in results)
    replayed = stats["replayed_decision_requests"] / max(1, stats["decision_requests"])
    print(
        f"{seats} seats x {decisions} decisions, {latency_ms} ms per hub request, "
        f"{syncs} syncs in all"
    )
    if all_at_hub is None:
        print(f"  NOT all at the hub: {stats['decisions']} of {total}")
    else:
        delay = all_at_hub - last_decision
        print(
            f"  all {total} at the hub {delay:.2f} s after the last one was made "
            f"(target <= {AT_HUB_TARGET_SECONDS:.0f} s): {delay <= AT_HUB_TARGET_SECONDS}"
        )
    print(
        f"  decision requests {stats['decision_requests']}, replayed "
        f"{stats['replayed_decision_requests']} = {replayed:.1%} (target <= {REPLAY_TARGET:.0%}):"
        f" {replayed <= REPLAY_TARGET}"
    )
    print(f"  sync crashes {crashes} (target 0): {crashes == 0}")
    problems = sorted({error for result in results for error in result["errors"]})
    for problem in problems[:5]:
        print(f"  ! {problem}")


def _pull_results(processes: list[subprocess.Popen[str]]) -> list[dict]:
    """Each seat's outcome line; the seats stay open until every one has answered."""
    results = []
    for process in processes:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("a seat ended without an outcome")
        results.append(json.loads(line))
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("exit\n")
        process.stdin.flush()
        process.wait(timeout=WORKER_GIVES_UP)
    return results


def _timed_pull(url: str, hub_url: str, seats: int) -> tuple[float, list[dict]]:
    _fresh_database(url)
    processes = _start_seats([["--pull", "--database-url", url, "--hub-url", hub_url]] * seats)
    started = _go(processes)
    results = _pull_results(processes)
    # The pulling seat's sync ends after its last page committed: from then on
    # the database holds every notice (checked below), and no seat is busy.
    elapsed = max(result["at"] for result in results) - started
    assert all(not result["errors"] for result in results), results
    assert sum(result["pulled"] for result in results) == PULL_NOTICES, results
    assert sum(result["pulled_by_this_seat"] for result in results) == 1, results
    database = open_database(url, migrate=False)
    with database.session() as session:
        stored = session.scalar(select(func.count()).select_from(NoticeRecord))
        assert session.scalar(select(func.count()).select_from(Decision)) == 0
    database.close()
    assert stored == PULL_NOTICES, stored
    return elapsed, results


def _spread(values: list[float], unit: str = " s") -> str:
    return (
        f"median {statistics.median(values):.2f}{unit} (range {min(values):.2f}-{max(values):.2f})"
    )


def bench_pull(url: str) -> None:
    hub = ExternalHub(PULL_NOTICES)
    alone_runs: list[float] = []
    together_runs: list[float] = []
    others: list[dict] = []  # the seats that found the pull taken
    try:
        for turn in range(PULL_ROUNDS):
            # Which goes first alternates, so neither always runs just after the other's clean-up.
            order = (1, PULL_SEATS) if turn % 2 == 0 else (PULL_SEATS, 1)
            for seats in order:
                elapsed, results = _timed_pull(url, hub.url, seats)
                (alone_runs if seats == 1 else together_runs).append(elapsed)
                if seats > 1:
                    others += [r for r in results if not r["pulled_by_this_seat"]]
    finally:
        hub.close()
    ratios = [together / alone for alone, together in zip(alone_runs, together_runs, strict=True)]
    ratio = statistics.median(ratios)
    print(f"pull {PULL_NOTICES} notices, {PULL_ROUNDS} turns:")
    print(f"  one seat alone {_spread(alone_runs)}")
    print(f"  {PULL_SEATS} seats at once {_spread(together_runs)}")
    print(
        f"  ratio of each turn {_spread(ratios, '')} "
        f"(target: median <= {PULL_RATIO_TARGET:.2f}): {ratio <= PULL_RATIO_TARGET}"
    )
    if others:
        busy = [1000 * (r["at"] - r["began"]) for r in others]
        cpu = [1000 * r["cpu"] for r in others]
        print(
            f"  a seat that found the pull taken: sync {_spread(busy, ' ms')}, "
            f"CPU {_spread(cpu, ' ms')}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seats", type=int, default=8)
    parser.add_argument("--decisions", type=int, default=100)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--only", choices=["decisions", "pull"], help="run one part")
    parser.add_argument("--seat", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--pull", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--hub-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seat is not None:
        seat_deciding(args.database_url, args.hub_url, args.seat, args.seats, args.decisions)
        return 0
    if args.pull:
        seat_pulling(args.database_url, args.hub_url)
        return 0
    with tempfile.TemporaryDirectory() as folder:
        url = _database_url(Path(folder))
        kind = "SQLite file (no PostgreSQL given)" if url.startswith("sqlite") else "PostgreSQL"
        print(f"== seats on one database ({kind}, Python {sys.version.split()[0]})")
        if args.only != "pull":
            bench_decisions(url, args.seats, args.decisions, args.latency_ms)
        if args.only != "decisions":
            bench_pull(url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
