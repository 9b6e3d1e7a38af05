"""A counter desk on a fresh database and a simulated hub, for window tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.demo import DEMO_ACCOUNTS, DemoEnvironment
from desktop.staff import StaffService

pytestmark = pytest.mark.gui


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[DemoEnvironment]:
    environment = DemoEnvironment(tmp_path / "demo", notices=40, activity_interval=None)
    context = environment.start()
    context.settings.set("hub_attempts", 1)
    yield environment
    environment.stop()


@pytest.fixture
def window(qtbot, demo: DemoEnvironment):  # type: ignore[no-untyped-def]
    from ui.i18n import set_language
    from ui.main_window import MainWindow

    set_language("ja")
    context = demo.context
    assert context is not None
    clerk = DEMO_ACCOUNTS[0]
    member = StaffService(context.database).authenticate(clerk.user_id, clerk.password)
    main = MainWindow(context, member, demo=True)
    qtbot.addWidget(main)
    with qtbot.waitSignal(main.sync_finished, timeout=30_000):
        main.sync_now()
    yield main
    main.runner.wait()
    set_language("ja")
