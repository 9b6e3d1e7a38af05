"""Demo mode: a complete MoveDesk on this PC with nothing configured.

The hub simulator runs in-process on a free loopback port, the data lives in
its own folder (wiped at each start, so every demo begins the same way) and
two staff accounts exist, shown on the sign-in screen. Everything the demo
writes stays in that folder: database, settings, received faxes, logs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from desktop import paths
from desktop.context import AppContext
from desktop.demo_accounts import DEMO_ACCOUNTS, DEMO_BUREAU_NAME, DemoAccount
from desktop.demo_fax import DemoFax
from desktop.hub.simulator import DEMO_PARTNER_ID, DEMO_PASSWORD, HubSimulator
from desktop.privacy import private_folder
from desktop.settings import Settings
from desktop.staff import StaffService

DEMO_NOTICES = 200
DEMO_SEED = 42


class DemoEnvironment:
    def __init__(
        self,
        folder: Path | None = None,
        *,
        notices: int = DEMO_NOTICES,
        activity_interval: float | None = 45.0,
    ) -> None:
        self.folder = folder or paths.demo_dir()
        self.hub = HubSimulator(
            notices=notices, seed=DEMO_SEED, activity_interval=activity_interval
        )
        self.context: AppContext | None = None
        self.fax: DemoFax | None = None

    def start(self) -> AppContext:
        if self.folder.exists():
            for entry in self.folder.iterdir():
                if entry.name == paths.DEMO_LOGS:
                    continue
                if entry.is_dir():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
        private_folder(self.folder)
        self.hub.start()
        settings = Settings(
            path=self.folder / "settings.json",
            overrides={
                "hub_url": self.hub.url,
                "partner_id": DEMO_PARTNER_ID,
                "database_url": f"sqlite:///{(self.folder / 'demo.sqlite3').as_posix()}",
            },
        )
        settings.set("bureau_name", DEMO_BUREAU_NAME)
        settings.set("bureau_fax_number", "0311112222")
        settings.set("sync_interval_minutes", 1)
        # The hub also faxes some notices to the desk's emulated modem.
        interval = 240.0 if self.hub.activity_interval else None
        self.fax = DemoFax(self.hub, interval=interval).start(settings)
        # Everything the demo writes stays in its folder, received faxes too.
        self.context = AppContext(settings, hub_password=DEMO_PASSWORD, fax_dir=self.folder / "fax")
        staff = StaffService(self.context.database)
        if not staff.has_staff():
            for account in DEMO_ACCOUNTS:
                staff.create(
                    account.user_id,
                    account.display_name,
                    account.role,
                    account.password,
                    created_by="demo",
                )
        return self.context

    def stop(self) -> None:
        if self.fax is not None:
            self.fax.stop()
        if self.context is not None:
            self.context.close()
        self.hub.stop()


__all__ = ["DEMO_ACCOUNTS", "DEMO_NOTICES", "DemoAccount", "DemoEnvironment"]
