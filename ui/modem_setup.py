"""The modem settings dialog: choosing the port and class, checking the modem, applying it.

Changing the modem is a supervisor's and is audited like every other
setting (``authority.change_settings``); the desk takes the new settings
off the GUI thread, since it may be on a call.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QMessageBox

from desktop import authority
from desktop.authority import Use
from ui.i18n import error_text

if TYPE_CHECKING:
    from fax.modem.at import ModemHealth
    from ui.fax_controller import FaxController
    from ui.fax_dialogs import ModemChoices, ModemSettingsDialog

log = logging.getLogger(__name__)


def serial_ports() -> list[str]:
    """The serial ports this PC has (a USB modem shows up as one)."""
    try:
        from serial.tools import list_ports

        return sorted(port.device for port in list_ports.comports())
    except Exception:  # listing ports is a convenience; typing the name still works
        log.debug("cannot list serial ports", exc_info=True)
        return []


def _title() -> str:
    # Worded where the fax menu's other texts are, so one translation serves both.
    return QCoreApplication.translate("FaxController", "モデムの設定")


class ModemSetup:
    """The fax controller's modem settings: its dialog, its check and its change."""

    def __init__(self, controller: FaxController) -> None:
        self.controller = controller

    def make_settings_dialog(self) -> ModemSettingsDialog:
        from ui.fax_dialogs import ModemChoices, ModemSettingsDialog

        config = self.controller.desk.config
        current = ModemChoices(
            config.port, config.fax_class, config.bit_order, config.flow_control, config.rings
        )
        dialog = ModemSettingsDialog(current, serial_ports(), self.controller.dialog_parent())
        dialog.check_requested.connect(lambda port: self.check_modem(port, dialog))
        self.controller.last_settings_dialog = dialog
        return dialog

    def open_dialog(self) -> bool:
        """The dialog for a supervisor; anyone else is told why not."""
        actor = self.controller.actor()
        if not authority.allowed(actor, Use.CHANGE_SETTINGS):
            QMessageBox.warning(
                self.controller.dialog_parent(),
                _title(),
                error_text(authority.NotAllowed(Use.CHANGE_SETTINGS, actor)),
            )
            return False
        dialog = self.make_settings_dialog()
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.apply(dialog.choices())
        return True

    def check_modem(self, port: str, dialog: ModemSettingsDialog | None = None) -> bool:
        controller = self.controller
        desk = controller.desk

        def done(health: ModemHealth) -> None:
            if dialog is not None:
                dialog.show_health(health)
            controller.modem_checked.emit(health)

        def failed(error: Exception) -> None:
            if dialog is not None:
                dialog.show_error(error_text(error))

        return controller.runner.run(
            "fax-check", lambda _progress: desk.check_modem(port), on_done=done, on_error=failed
        )

    def apply(self, choices: ModemChoices) -> bool:
        """Save the choices and hand them to the desk (off the GUI thread: it may be on a call)."""
        from desktop.fax_desk import FaxDeskConfig

        controller = self.controller
        settings = controller.context.settings
        values = {
            "fax_modem_port": choices.port,
            "fax_modem_class": choices.fax_class,
            "fax_bit_order": choices.bit_order,
            "fax_flow_control": choices.flow_control,
            "fax_answer_rings": choices.rings,
        }
        try:
            # Checked, applied and audited old → new like every other setting.
            authority.change_settings(
                controller.context.database, controller.actor(), settings, values
            )
        except (authority.NotAllowed, ValueError, OSError) as error:
            QMessageBox.warning(controller.dialog_parent(), _title(), error_text(error))
            return False
        config = FaxDeskConfig.from_settings(settings)
        desk = controller.desk

        def work(_progress: Any) -> None:
            if not config.port:
                desk.stop()
                desk.config = config
                return
            desk.reconfigure(config)
            desk.start()

        return controller.runner.run("fax-reconfigure", work)
