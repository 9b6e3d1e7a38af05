"""Sub-commands of the core: sync, notices, decide, login, db, hub-sim.

The database layer is imported by the commands that use it, not here:
the window starts through the same parser and should not wait for it.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import TYPE_CHECKING

from desktop import secrets
from desktop.cli.common import (
    EXIT_AUTH,
    EXIT_FAILED,
    EXIT_OFFLINE,
    EXIT_OK,
    EXIT_USAGE,
    UsageProblem,
    fail,
    parse_day,
    print_table,
)
from desktop.domain.kinds import known_kinds
from desktop.domain.workflow import Status, TransitionError, status_label
from desktop.messages import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from desktop.context import AppContext


def cmd_sync(args: argparse.Namespace, context: AppContext) -> int:
    report = context.sync_engine().sync_once()
    print(report.summary())
    for error in report.errors:
        print(f"  ! {error}", file=sys.stderr)
    if report.sign_in_refused:
        return EXIT_AUTH
    if report.offline:
        return EXIT_OFFLINE
    return EXIT_OK if not report.errors else EXIT_FAILED


def cmd_notices_list(args: argparse.Namespace, context: AppContext) -> int:
    from desktop.queries import NoticeFilter, notices

    spec = NoticeFilter(
        statuses=tuple(args.status or ()),
        kinds=tuple(args.kind or ()),
        move_from=args.date,
        move_to=args.date,
        search=args.search or "",
        sort="move_date",
    )
    from desktop import audit

    with context.database.session() as session:
        rows = session.scalars(notices(spec, limit=args.limit)).all()
        # Written before anything is shown: a reader who stops early was still shown it.
        with context.database.session() as audit_session:
            audit.record(
                audit_session,
                args.actor.user_id,
                "view_list",
                f"{len(rows)} notices",
                ", ".join(r.receipt_number for r in rows),
            )
        if args.json:
            json.dump(
                [
                    {
                        "receipt_number": r.receipt_number,
                        "version": r.version,
                        "kind": r.kind,
                        "status": r.status,
                        "name": r.name,
                        "kana": r.kana,
                        "move_date": r.move_date.isoformat(),
                        "due_date": r.due_date.isoformat(),
                        "address": f"{r.address} {r.building}".strip(),
                        "customer_number": r.customer_number,
                        "assignee": r.assignee,
                    }
                    for r in rows
                ],
                sys.stdout,
                ensure_ascii=False,
                indent=1,
            )
            print()
            return EXIT_OK
        kinds = known_kinds()
        print_table(
            ["受付番号", "種別", "氏名", "フリガナ", "日付", "期限", "状態", "使用場所"],
            [
                [
                    r.receipt_number,
                    kinds[r.kind].short() if r.kind in kinds else r.kind,
                    r.name,
                    r.kana,
                    r.move_date.isoformat(),
                    r.due_date.isoformat(),
                    status_label(r.status),
                    f"{r.address} {r.building}".strip(),
                ]
                for r in rows
            ],
        )
    print(f"{len(rows)} notice(s)")
    return EXIT_OK


def cmd_decide(args: argparse.Namespace, context: AppContext) -> int:
    from desktop.service import DecisionError, NoticeNotFound

    try:
        context.notices.decide(
            args.receipt,
            args.decision,
            args.actor,
            version=args.version,
            reason_code=args.reason,
            reason_text=args.reason_text or "",
            customer_number=args.customer_number or "",
        )
    except NoticeNotFound as error:
        return fail(error)
    except (DecisionError, TransitionError) as error:
        return fail(error, EXIT_USAGE)
    print(f"{args.receipt}: {args.decision} saved; it goes to the hub with the next sync")
    return EXIT_OK


def cmd_reopen(args: argparse.Namespace, context: AppContext) -> int:
    outcome = context.notices.reopen(args.receipt, args.actor)
    print(f"{args.receipt}: reopened ({outcome})")
    return EXIT_OK


def cmd_login(args: argparse.Namespace, context: AppContext) -> int:
    """Store the hub password: a supervisor's setting, audited like one (never the value)."""
    from desktop import audit
    from desktop.cli.access import read_password

    partner = context.settings.get("partner_id")
    if not partner:
        return fail("no partner ID: pass --partner-id or set it in Settings", EXIT_USAGE)
    # With --staff and --password-stdin the staff password was the first line.
    password = read_password(args, f"Hub password for {partner}: ")
    if not password:
        return fail("no password given", EXIT_USAGE)
    secrets.store_hub_password(partner, password)
    with context.database.session() as session:
        audit.record(session, args.actor.user_id, "setting_changed", "hub_password", "changed")
    print(f"password for {partner} stored in {secrets.backend_name()}")
    return EXIT_OK


def cmd_db_login(args: argparse.Namespace, context: AppContext) -> int:
    url = context.settings.database_url()
    from desktop.cli.access import read_password

    password = read_password(args, "PostgreSQL password: ")
    if not password:
        return fail("no password given", EXIT_USAGE)
    try:
        entry = secrets.store_database_password(url, password)
    except ValueError:
        return fail(
            "db login is for a PostgreSQL database URL given without a password "
            "(postgresql://USER@HOST/DATABASE)",
            EXIT_USAGE,
        )
    print(f"database password stored in {secrets.backend_name()} as {entry}")
    return EXIT_OK


def cmd_db_upgrade(args: argparse.Namespace, context: AppContext) -> int:
    print(context.database.migrate())
    return EXIT_OK


def cmd_db_status(args: argparse.Namespace, context: AppContext) -> int:
    from sqlalchemy import func, select

    from desktop.store.models import Decision, QuarantinedPayload
    from desktop.sync_outcome import all_outcomes, office_last_pull

    with context.database.session() as session:
        pending = session.scalar(
            select(func.count()).select_from(Decision).where(Decision.outbox_state == "pending")
        )
        quarantined = session.scalar(select(func.count()).select_from(QuarantinedPayload))
        last_pull = office_last_pull(session)
        outcomes = sorted(all_outcomes(session), key=lambda outcome: outcome.seat)
    print(f"database: {context.database.engine.url.render_as_string(hide_password=True)}")
    print(f"pending decisions: {pending}")
    print(f"quarantined payloads: {quarantined}")
    print(f"last completed pull: {_moment(last_pull)}")
    for outcome in outcomes:
        # An older database kept one outcome for the whole office.
        where = outcome.seat or "every PC (kept before each PC had its own)"
        how = f"error: {outcome.error[:300]}" if outcome.error else "ok"
        print(f"last sync of {where}: {_moment(outcome.synced_at)}, {how}")
    return _print_audit_chain(context)


def _moment(moment: datetime | None) -> str:
    from desktop.domain.notice import JST

    return moment.astimezone(JST).strftime("%Y-%m-%d %H:%M:%S") if moment else "never"


def _print_audit_chain(context: AppContext) -> int:
    from desktop.audit_chain import verify_chain

    report = verify_chain(context.database, folder=context.settings.path.parent)
    print(report.summary())
    for problem in report.problems:
        print(f"  ! {problem.describe()}")
    return EXIT_OK if report.intact else EXIT_FAILED


def cmd_hub_sim(args: argparse.Namespace, context: AppContext) -> int:
    from desktop.hub.simulator import serve

    try:
        serve(
            port=args.port,
            notices=args.notices,
            seed=args.seed,
            partner_id=args.sim_partner_id,
            password=args.sim_password,
            host=args.host,
            activity_interval=args.activity or None,
        )
    except OSError as error:  # the port is taken, or not ours to take
        raise UsageProblem(
            "port_unavailable",
            QT_TRANSLATE_NOOP(
                "CoreMessages",
                "{host}:{port} で模擬ハブを開けません（{reason}）。--port で別のポートを指定してください",
            ),
            host=args.host,
            port=args.port,
            reason=error.strerror or str(error),
        ) from error
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sync = commands.add_parser("sync", help="push decisions to the hub, then pull new notices")
    sync.set_defaults(handler=cmd_sync)

    notices_parser = commands.add_parser("notices", help="look at notices")
    notice_commands = notices_parser.add_subparsers(dest="notices_command", required=True)
    listing = notice_commands.add_parser("list", help="list notices")
    listing.add_argument("--status", action="append", choices=[s.value for s in Status])
    listing.add_argument("--kind", action="append", help="move_in, move_out, …")
    listing.add_argument("--date", type=parse_day, help="move date (YYYY-MM-DD or today)")
    listing.add_argument("--search", help="receipt no., customer no., name or kana prefix, address")
    listing.add_argument("--limit", type=int, default=200)
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(handler=cmd_notices_list)

    decide = commands.add_parser("decide", help="accept or reject a notice")
    decide.add_argument("receipt")
    decide.add_argument("decision", choices=["accept", "reject"])
    decide.add_argument("--reason", help="rejection reason code: outside_area, duplicate, …")
    decide.add_argument("--reason-text", help="free text for the reason")
    decide.add_argument("--customer-number", help="お客さま番号 (needed to accept)")
    decide.add_argument(
        "--version", type=int, help="refuse if the notice is no longer this version"
    )
    decide.set_defaults(handler=cmd_decide)

    reopen = commands.add_parser("reopen", help="undo a decision (supervisors only)")
    reopen.add_argument("receipt")
    reopen.set_defaults(handler=cmd_reopen)

    login = commands.add_parser("login", help="store the hub password in the credential store")
    login.add_argument(
        "--password-stdin",
        action="store_true",
        help="read it from standard input (after your own password when --staff is given)",
    )
    login.set_defaults(handler=cmd_login)

    database = commands.add_parser("db", help="database maintenance")
    db_commands = database.add_subparsers(dest="db_command", required=True)
    db_login = db_commands.add_parser(
        "login", help="store the PostgreSQL password in the credential store"
    )
    db_login.add_argument(
        "--password-stdin", action="store_true", help="read it from standard input"
    )
    db_login.set_defaults(handler=cmd_db_login)
    db_commands.add_parser("upgrade", help="migrate the schema").set_defaults(
        handler=cmd_db_upgrade
    )
    db_commands.add_parser("status", help="outbox and quarantine counts").set_defaults(
        handler=cmd_db_status
    )

    sim = commands.add_parser("hub-sim", help="run the hub simulator on this PC")
    sim.add_argument("--host", default="127.0.0.1")
    sim.add_argument("--port", type=int, default=8765)
    sim.add_argument("--notices", type=int, default=200)
    sim.add_argument("--seed", type=int, default=42)
    sim.add_argument("--partner-id", dest="sim_partner_id", default="demo-partner")
    sim.add_argument("--password", dest="sim_password", default="demo-password")
    sim.add_argument(
        "--activity",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="new, edited and cancelled notices every SECONDS (0: none)",
    )
    sim.set_defaults(handler=cmd_hub_sim)
