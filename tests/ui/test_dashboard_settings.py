"""The dashboard's figures and the settings dialog."""

from __future__ import annotations

import pytest

from desktop import secrets
from desktop.authority import change_settings
from desktop.service import Actor
from desktop.settings import Settings
from ui.settings_dialog import SettingsDialog

pytestmark = pytest.mark.gui


def test_dashboard_counts_match_the_store(window, qtbot) -> None:
    window.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: window.dashboard.data is not None)  # counted off the GUI thread
    data = window.dashboard.data
    assert sum(data.by_status.values()) == 40
    assert len(data.daily) == 30
    texts = [
        window.dashboard.counts.itemAt(i).widget().text()
        for i in range(window.dashboard.counts.count())
    ]
    assert any("未処理" in t and f"<b>{data.by_status.get('new', 0)}</b>" in t for t in texts)


def test_settings_dialog_saves_values_and_password_to_the_keyring(
    qtbot, tmp_path, throwaway_keyring, database
) -> None:
    settings = Settings(path=tmp_path / "settings.json")
    boss = Actor("boss", "supervisor")

    def save_changes(values, password, passphrase):  # type: ignore[no-untyped-def]
        change_settings(
            database,
            boss,
            settings,
            values,
            hub_password=password,
            certificate_passphrase=passphrase,
        )

    dialog = SettingsDialog(settings, save_changes=save_changes)
    qtbot.addWidget(dialog)
    dialog.editors["hub_url"].setText("https://hub.example.jp")
    dialog.editors["partner_id"].setText("akishima-water")
    dialog.editors["sync_interval_minutes"].setValue(15)
    dialog.editors["lockout_minutes"].setValue(30)  # the staff policy is set here too
    dialog.editors["unused_lock_days"].setValue(365)
    dialog.editors["language"].setCurrentIndex(dialog.editors["language"].findData("en"))
    dialog.password.setText("s3cret-pass")
    dialog.save()
    reread = Settings(path=tmp_path / "settings.json")
    assert reread.get("hub_url") == "https://hub.example.jp"
    assert reread.get("sync_interval_minutes") == 15 and reread.get("language") == "en"
    assert reread.get("lockout_minutes") == 30 and reread.get("unused_lock_days") == 365
    assert secrets.hub_password("akishima-water") == "s3cret-pass"
    assert "s3cret-pass" not in (tmp_path / "settings.json").read_text("utf-8")


def test_settings_file_that_is_damaged_falls_back_to_defaults(tmp_path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json", "utf-8")
    settings = Settings(path=path)
    assert settings.get("sync_interval_minutes") == 5
    assert settings.problems and "defaults" in settings.problems[0]
