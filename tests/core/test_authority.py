"""desktop.authority: who may do what, the audit of each release, audited settings."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from desktop import authority, secrets
from desktop.authority import LEAST_ROLE, NotAllowed, Use, allowed, change_settings, release
from desktop.domain.workflow import Role
from desktop.service import Actor
from desktop.settings import Settings, SettingsError
from desktop.store.models import AuditEntry

VIEWER, CLERK, BOSS = Actor("v", "viewer"), Actor("c", "clerk"), Actor("b", "supervisor")


def _audit(database) -> list[tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    with database.session() as session:
        return list(
            session.execute(
                select(AuditEntry.staff, AuditEntry.action, AuditEntry.target, AuditEntry.detail)
            ).all()
        )


def test_the_roles_of_each_use() -> None:
    table = {use: [a.role for a in (VIEWER, CLERK, BOSS) if allowed(a, use)] for use in Use}
    assert table[Use.VIEW] == ["viewer", "clerk", "supervisor"]
    clerks = (Use.CLAIM, Use.DECIDE, Use.PRINT_NOTICE, Use.PRINT_LIST, Use.SAVE_NOTICE_PDF)
    for use in (*clerks, Use.FAX_SEND):
        assert table[use] == ["clerk", "supervisor"], use
    for use in (Use.SAVE_LIST_PDF, Use.EXPORT_CSV, Use.CHANGE_SETTINGS, Use.REOPEN):
        assert table[use] == ["supervisor"], use
    assert set(LEAST_ROLE) == set(Use)
    assert not allowed(Actor("x", "administrator"), Use.VIEW)  # an unknown role may nothing


def test_a_service_account_may_only_what_it_was_granted() -> None:
    job = Actor("service:morning", Role.VIEWER, "service", frozenset({"print_list"}))
    assert allowed(job, Use.PRINT_LIST)
    assert not allowed(job, Use.VIEW) and not allowed(job, Use.DECIDE)
    with pytest.raises(NotAllowed) as refused:
        authority.require(job, Use.EXPORT_CSV)
    assert refused.value.code == "service_use_not_allowed"


def test_a_release_is_audited_with_its_destination_granted_or_not(database) -> None:
    release(database, CLERK, Use.PRINT_NOTICE, "T00000001", "printer:Counter")
    with pytest.raises(NotAllowed):
        release(database, CLERK, Use.SAVE_LIST_PDF, "move_in 2026-11-27", "file:/tmp/l.pdf")
    granted, refused = _audit(database)
    assert granted[:3] == ("c", "export", "T00000001")
    assert json.loads(granted[3]) == {"use": "print_notice", "destination": "printer:Counter"}
    assert refused[:3] == ("c", "export_refused", "move_in 2026-11-27")
    assert json.loads(refused[3])["destination"] == "file:/tmp/l.pdf"


def test_settings_are_a_supervisors_and_each_change_is_audited(database, tmp_path) -> None:
    settings = Settings(path=tmp_path / "settings.json")
    values = {"hub_url": "https://evil.example", "partner_id": "akishima"}
    with pytest.raises(NotAllowed):
        change_settings(database, CLERK, settings, values, hub_password="leaked-pass-1")
    assert settings.get("hub_url") == "" and not (tmp_path / "settings.json").exists()
    assert secrets.hub_password("akishima") is None
    assert _audit(database) == [("c", "settings_refused", "", "hub_url, partner_id")]

    changed = change_settings(
        database, BOSS, settings, {**values, "sync_interval_minutes": 5}, hub_password="pass-22"
    )
    assert changed == ["hub_url", "partner_id", "hub_password"]  # the interval stayed at 5
    rows = {t: d for _s, action, t, d in _audit(database) if action == "setting_changed"}
    assert rows == {
        "hub_url": "'' → 'https://evil.example'",
        "partner_id": "'' → 'akishima'",
        "hub_password": "changed",
    }
    assert Settings(path=tmp_path / "settings.json").get("hub_url") == "https://evil.example"
    assert secrets.hub_password("akishima") == "pass-22"


def test_an_invalid_setting_changes_nothing(database, tmp_path) -> None:
    settings = Settings(path=tmp_path / "settings.json")
    with pytest.raises(SettingsError):
        change_settings(
            database, BOSS, settings, {"bureau_name": "新しい名前", "sync_interval_minutes": 0}
        )
    assert settings.get("bureau_name") == "水道局" and _audit(database) == []
    with pytest.raises(SettingsError) as no_partner:
        change_settings(database, BOSS, settings, {"partner_id": ""}, hub_password="pass-33")
    assert no_partner.value.code == "partner_id_needed"  # type: ignore[attr-defined]
