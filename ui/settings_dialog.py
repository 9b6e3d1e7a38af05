"""Settings: built from the one declared schema in ``desktop.settings``.

The dialog only collects the values; ``save_changes`` (the core's
``desktop.authority.change_settings``) decides whether they may be saved,
saves them, puts secrets into the credential store and audits each change.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop import secrets
from desktop.settings import SETTINGS, Setting, Settings, SettingsError
from ui.i18n import error_text, language
from ui.widgets import dialog_buttons, password_field

# Choice labels for settings with a closed list; the schema holds only codes.
_CHOICE_LABELS = {
    ("language", "ja"): "日本語",
    ("language", "en"): "English",
    ("date_style", "era"): "和暦（令和7年11月21日）",
    ("date_style", "western"): "西暦（2025年11月21日）",
}
_SHOWN = (
    "hub_url",
    "partner_id",
    "client_cert",
    "ca_bundle",
    "sync_interval_minutes",
    "bureau_name",
    "bureau_fax_number",
    "hub_fax_public_key",
    "language",
    "date_style",
    "lead_business_days",
    "idle_lock_minutes",
    "retention_days",
    "lockout_minutes",
    "unused_first_warning_days",
    "unused_second_warning_days",
    "unused_lock_days",
)


# values, the new hub password, the new certificate passphrase ("" when unchanged)
SaveChanges = Callable[[dict[str, object], str, str], None]


class SettingsDialog(QDialog):
    def __init__(
        self, settings: Settings, parent: QWidget | None = None, *, save_changes: SaveChanges
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.save_changes = save_changes
        self.setWindowTitle(self.tr("設定"))
        self.editors: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        form = QFormLayout()
        by_key = {s.key: s for s in SETTINGS}
        for key in _SHOWN:
            setting = by_key[key]
            editor = self._editor(setting)
            self.editors[key] = editor
            title = setting.en if language() == "en" else setting.ja
            if key == "client_cert":
                row = QHBoxLayout()
                row.addWidget(editor)
                browse = QPushButton(self.tr("参照…"))
                browse.clicked.connect(self._pick_certificate)
                row.addWidget(browse)
                form.addRow(title, row)
            else:
                form.addRow(title, editor)
            if key == "partner_id":
                self.password = password_field(
                    self.tr("変更するときだけ入力（資格情報マネージャーに保存）")
                )
                form.addRow(self.tr("パスワード"), self.password)
            if key == "client_cert":
                self.passphrase = password_field(self.tr("変更するときだけ入力"))
                form.addRow(self.tr("証明書のパスフレーズ"), self.passphrase)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setStyleSheet("color:#b00020")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addWidget(dialog_buttons(self, self.save, self.tr("保存"), self.tr("キャンセル")))

    def _editor(self, setting: Setting) -> QWidget:
        value = self.settings.get(setting.key)
        if setting.choices:
            box = QComboBox()
            for code in setting.choices:
                box.addItem(_CHOICE_LABELS.get((setting.key, code), code), code)
            box.setCurrentIndex(max(0, box.findData(value)))
            return box
        if setting.type is int:
            spin = QSpinBox()
            spin.setRange(setting.minimum or 0, setting.maximum or 1_000_000)
            spin.setValue(int(value))
            return spin
        line = QLineEdit(str(value))
        return line

    def _pick_certificate(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("クライアント証明書"), "", self.tr("証明書 (*.pem *.crt *.p12 *.pfx)")
        )
        if path:
            editor = self.editors["client_cert"]
            assert isinstance(editor, QLineEdit)
            editor.setText(path)

    def values(self) -> dict[str, object]:
        found: dict[str, object] = {}
        for key, editor in self.editors.items():
            if isinstance(editor, QComboBox):
                found[key] = editor.currentData()
            elif isinstance(editor, QSpinBox):
                found[key] = editor.value()
            elif isinstance(editor, QLineEdit):
                found[key] = editor.text().strip()
        return found

    def save(self) -> None:
        try:
            self.save_changes(self.values(), self.password.text(), self.passphrase.text())
        except (SettingsError, secrets.SecretUnavailable, OSError) as error:
            # OSError covers the core's refusal too (a PermissionError), already audited.
            self.message.setText(error_text(error))
            return
        self.accept()
