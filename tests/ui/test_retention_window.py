"""The window purges past-retention data off the GUI thread; the demo writes only into its folder."""

from __future__ import annotations

import os
import stat
import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

import desktop.demo
from desktop.demo import DEMO_ACCOUNTS, DemoEnvironment
from desktop.demo_fax import DemoFax
from desktop.retention import RetentionPurge
from desktop.staff import StaffService
from desktop.store.models import NoticeRecord

pytestmark = pytest.mark.gui


def test_the_window_purges_off_the_gui_thread_and_shows_it(qtbot, window, monkeypatch) -> None:
    database = window.context.database
    with database.session() as session:
        ids = list(session.scalars(select(NoticeRecord.id).order_by(NoticeRecord.id).limit(3)))
        session.execute(
            update(NoticeRecord).where(NoticeRecord.id.in_(ids)).values(move_date=date(2015, 4, 1))
        )
        before = session.scalar(select(func.count()).select_from(NoticeRecord))
    ran_on: list[threading.Thread] = []
    original = RetentionPurge.run

    def watched_run(purge, **options):  # type: ignore[no-untyped-def]
        ran_on.append(threading.current_thread())
        return original(purge, **options)

    monkeypatch.setattr(RetentionPurge, "run", watched_run)
    progress: list[tuple[str, int, int]] = []
    window.runner.progressed.connect(
        lambda stage, done, total: progress.append((stage, done, total))
    )
    with qtbot.waitSignal(window.retention.finished, timeout=60_000) as finished:
        assert window.retention.run_now()
        assert "削除しています" in window.statusBar().currentMessage()
    report = finished.args[0]
    assert report is not None and report.notices == 3
    assert ran_on and ran_on[0] is not threading.main_thread()
    assert ("purge", 3, 3) in progress
    assert "3 件" in window.statusBar().currentMessage()
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(NoticeRecord)) == before - 3
    assert not set(ids) & {window.model.id_at(row) for row in range(window.model.rowCount())}


class _QuickDemoFax(DemoFax):
    """The demo's fax line, unpaced, with the hub faxing one notice at once."""

    def __init__(self, hub, **options) -> None:  # type: ignore[no-untyped-def]
        options.update(paced=False, interval=3600.0, first=1)
        super().__init__(hub, **options)


def test_the_demo_keeps_everything_it_writes_in_its_folder(
    qtbot, private_data_dir: Path, monkeypatch
) -> None:
    from ui.main_window import MainWindow

    monkeypatch.setattr(desktop.demo, "DemoFax", _QuickDemoFax)
    environment = DemoEnvironment(notices=5, activity_interval=None)
    context = environment.start()
    try:
        clerk = DEMO_ACCOUNTS[0]
        member = StaffService(context.database).authenticate(clerk.user_id, clerk.password)
        main = MainWindow(context, member, demo=True)
        qtbot.addWidget(main)
        main.sync_timer.stop()
        with qtbot.waitSignal(main.fax.fax_arrived, timeout=120_000):
            main.fax.desk.start()
        main.fax.shutdown()
        main.runner.wait()
    finally:
        environment.stop()
    demo_folder = private_data_dir / "demo"
    assert environment.folder == demo_folder
    written = [p for p in private_data_dir.rglob("*") if p.is_file()]
    outside = [p for p in written if not p.is_relative_to(demo_folder)]
    assert outside == []
    received = list((demo_folder / "fax").glob("received-*.tif"))
    assert received
    if os.name == "posix":  # a resident's faxed page, readable by this account only
        assert stat.S_IMODE((demo_folder / "fax").stat().st_mode) == 0o700
        assert {stat.S_IMODE(p.stat().st_mode) for p in received} == {0o600}
