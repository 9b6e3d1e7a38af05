"""How the window words an error: its code's text, in the window's language."""

from __future__ import annotations

import errno

import pytest

from desktop.context import ConfigurationError
from desktop.messages import UserError, file_error
from desktop.settings import Settings
from fax.jobs import JobError
from fax.modem.at import ModemError
from ui.i18n import error_text, set_language

pytestmark = pytest.mark.gui


@pytest.fixture
def english(qapp):  # type: ignore[no-untyped-def]
    set_language("en")
    yield
    set_language("ja")


@pytest.mark.parametrize(
    ("error", "code", "japanese", "english_text"),
    [
        (
            PermissionError(errno.EACCES, "Permission denied"),
            "file_permission_denied",
            "「C:\\共有\\list.pdf」に書き込む権限がありません。別の場所を選んでください",
            "no permission to write C:\\共有\\list.pdf: choose another place",
        ),
        (
            FileNotFoundError(errno.ENOENT, "No such file or directory"),
            "folder_missing",
            "「C:\\共有\\list.pdf」のフォルダがありません。別の場所を選んでください",
            "the folder of C:\\共有\\list.pdf does not exist: choose another place",
        ),
        (
            OSError(errno.ENOSPC, "No space left on device"),
            "disk_full",
            "「C:\\共有\\list.pdf」を保存する空きがディスクにありません",
            "the disk has no room left for C:\\共有\\list.pdf",
        ),
    ],
)
def test_a_file_the_system_refused_is_named_with_a_reason_to_act_on(
    qapp, error: OSError, code: str, japanese: str, english_text: str
) -> None:
    made = file_error(error, "C:\\共有\\list.pdf")
    assert made.code == code
    set_language("ja")
    assert error_text(made) == japanese
    set_language("en")
    try:
        assert error_text(made) == english_text
    finally:
        set_language("ja")


def test_an_os_error_with_a_file_name_is_worded_like_file_error(qapp) -> None:
    set_language("ja")
    error = PermissionError(errno.EACCES, "Permission denied", "/srv/lists/x.pdf")
    assert (
        error_text(error)
        == "「/srv/lists/x.pdf」に書き込む権限がありません。別の場所を選んでください"
    )


def test_hub_settings_missing_in_both_languages(tmp_path, english) -> None:
    from desktop.context import AppContext

    with pytest.raises(ConfigurationError) as missing:
        AppContext(Settings(path=tmp_path / "settings.json")).hub_config()
    assert missing.value.code == "hub_url_missing"
    assert error_text(missing.value) == (
        "no hub URL: set it in Settings, with --hub-url or MOVEDESK_HUB_URL"
    )
    set_language("ja")
    assert error_text(missing.value).startswith("ハブのURLが設定されていません")


def test_a_bad_fax_number_is_a_user_error(tmp_path, database) -> None:
    from fax.jobs import FaxService

    with pytest.raises(JobError) as refused:
        FaxService(database, open_modem=None).queue(b"", "abc", staff="tanaka")  # type: ignore[arg-type]
    assert isinstance(refused.value, UserError) and refused.value.code == "fax_number_invalid"
    assert str(refused.value) == "FAX番号「abc」が正しくありません。数字で入力してください"


def test_a_modem_error_speaks_the_window_language(english) -> None:
    error = ModemError("モデムが開いていません", "the modem is not open")
    assert error_text(error) == "the modem is not open"
    set_language("ja")
    assert error_text(error) == "モデムが開いていません"


def test_an_unexpected_error_says_so_in_japanese_and_points_at_the_log(qapp) -> None:
    set_language("ja")
    assert error_text(KeyError("page")) == (
        "予期しない問題が起きました。詳しくはログを見てください（KeyError: 'page'）"
    )
