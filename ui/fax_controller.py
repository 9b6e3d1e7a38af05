"""The fax desk in the window: starts it, turns its events into Qt signals, runs fax acts.

One controller per main window, created with it and shut down when it
closes. The desk's callbacks arrive on its worker thread; emitting
``desk_event`` from there queues them to the GUI thread, where they are
sorted into the signals the fax window listens to. Making documents,
checking the modem and applying new settings go through the window's
``OperationRunner``; nothing here blocks on the modem.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox, QWidget

from desktop import authority
from desktop.authority import Use
from desktop.domain.kinds import known_kinds
from desktop.service import Actor
from ui.i18n import error_text, language
from ui.modem_setup import ModemSetup

if TYPE_CHECKING:
    from desktop.fax_desk import FaxArrived, FaxDesk
    from desktop.fax_office import FaxOffice
    from ui.fax_dialogs import ModemSettingsDialog, SendFaxDialog, SendRequest

log = logging.getLogger(__name__)

# The modem (and the fax code behind it, NumPy included) comes up once the
# window has painted: a clerk should not wait for it to see the notices.
DESK_START_DELAY_MS = 300
# How often a seat looks at the office's fax: where the modem is, new faxes, jobs moved on.
OFFICE_POLL_MS = 2000
FAX_OFFICE = "fax-office"


class FaxController(QObject):
    desk_event = Signal(object)  # emitted on the desk's thread; handled on the GUI thread
    state_changed = Signal(object)  # DeskState
    health_changed = Signal(object)  # ModemHealth
    jobs_changed = Signal()
    job_progress = Signal(int, int, int)  # job id, pages done, pages in the call
    fax_arrived = Signal(object)  # FaxArrived
    job_queued = Signal(int)
    modem_checked = Signal(object)  # ModemHealth from モデム確認
    office_changed = Signal(object)  # FaxOffice: which seat has the modem
    inbox_changed = Signal()  # a fax arrived, at this seat or another

    def __init__(self, window: Any, *, desk: FaxDesk | None = None) -> None:
        super().__init__(window)
        self.main = window
        self.context = window.context
        self.member = window.member
        self.runner = window.runner
        self._desk: FaxDesk | None = None
        self._unsubscribe: Any = None
        self._shut_down = False
        self.fax_window: Any = None
        self.last_send_dialog: SendFaxDialog | None = None
        self.last_settings_dialog: ModemSettingsDialog | None = None
        self.office: FaxOffice | None = None
        self._newest_fax: int | None = None
        self._announced: set[int] = set()  # faxes this seat's own desk already told of
        self.office_timer = QTimer(self)
        self.office_timer.setInterval(OFFICE_POLL_MS)
        self.office_timer.timeout.connect(self.poll_office)
        self.desk_event.connect(self._dispatch)
        self.menu = QMenu(window)
        window.menuBar().addMenu(self.menu)
        self.open_action = self._add_action(self.open_window)
        self.send_action = self._add_action(self.send_dialog)
        self.send_action.setEnabled(authority.allowed(self.actor(), Use.FAX_SEND))
        self.menu.addSeparator()
        self.modem_setup = ModemSetup(self)
        self.settings_action = self._add_action(self.modem_setup.open_dialog)
        self.settings_action.setEnabled(authority.allowed(self.actor(), Use.CHANGE_SETTINGS))
        self.retranslate()
        if desk is not None:
            self._attach(desk)
            self._start_if_configured()
        elif str(self.context.settings.get("fax_modem_port") or "").strip():
            QTimer.singleShot(DESK_START_DELAY_MS, self._start_if_configured)
        self.office_timer.start()

    @property
    def desk(self) -> FaxDesk:
        """The fax desk, made on first use (a PC without a modem may never need it)."""
        if self._desk is None:
            from desktop.fax_desk import FaxDesk, FaxDeskConfig

            settings = self.context.settings
            self._attach(
                FaxDesk(
                    self.context.database,
                    FaxDeskConfig.from_settings(settings),
                    lead_business_days=settings.get("lead_business_days"),
                    fax_dir=self.context.fax_dir,
                    hub_public_key=lambda: str(settings.get("hub_fax_public_key")),
                )
            )
        assert self._desk is not None
        return self._desk

    @property
    def desk_loaded(self) -> bool:
        return self._desk is not None

    def _attach(self, desk: FaxDesk) -> None:
        self._desk = desk
        self._unsubscribe = desk.subscribe(self.desk_event.emit)

    def _start_if_configured(self) -> None:
        if not self._shut_down and self.desk.config.port:
            self.desk.start()

    def _add_action(self, slot: Any) -> QAction:
        action = QAction(self.menu)
        action.triggered.connect(lambda _checked=False: slot())
        self.menu.addAction(action)
        return action

    def event(self, event: QEvent) -> bool:
        # The main window passes LanguageChange on to its children, this one included.
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return super().event(event)

    def retranslate(self) -> None:
        self.menu.setTitle(self.tr("ファクス(&X)"))
        self.open_action.setText(self.tr("ファクス画面(&W)"))
        self.send_action.setText(self.tr("ファクスを送信…"))
        self.settings_action.setText(self.tr("モデムの設定…"))

    def shutdown(self) -> None:
        """Stop the desk (a call under way gets a few seconds to end) and let go of it."""
        self._shut_down = True
        self.office_timer.stop()
        if self._desk is not None:
            self._unsubscribe()
            self._desk.stop()

    # -- the desk's events, now on the GUI thread -------------------------------------
    def _dispatch(self, event: object) -> None:
        from desktop.fax_desk import (
            DeskState,
            FaxArrived,
            HealthReport,
            JobEnded,
            JobQueued,
            JobStarted,
            PageSent,
        )

        if isinstance(event, DeskState):
            self.state_changed.emit(event)
        elif isinstance(event, HealthReport):
            self.health_changed.emit(event.health)
        elif isinstance(event, JobQueued):
            self.job_queued.emit(event.job_id)
            self.jobs_changed.emit()
        elif isinstance(event, JobStarted):
            self.jobs_changed.emit()
            self.job_progress.emit(event.job_id, 0, len(event.pages))
        elif isinstance(event, PageSent):
            self.job_progress.emit(event.job_id, event.done, event.total)
        elif isinstance(event, JobEnded):
            self.jobs_changed.emit()
        elif isinstance(event, FaxArrived):
            self._arrived(event)

    def _arrived(self, event: FaxArrived) -> None:
        self._announced.add(event.fax_id)
        if event.notice_ids:
            self.runner.notices_changed.emit(set(event.notice_ids))
        tray = getattr(self.main, "tray", None)
        if tray is not None:
            if event.receipts:
                # A faxed notice is only a copy to check, not a notice received.
                text = self.tr(
                    "ファクスで届出の写しが届きました（窓口で確認してください）: %1"
                ).replace("%1", ", ".join(event.receipts))
            else:
                text = self.tr("ファクスを受信しました（%1 枚）").replace(
                    "%1", str(event.page_count)
                )
            tray.showMessage("MoveDesk", text)
        self.fax_arrived.emit(event)
        self.inbox_changed.emit()

    # -- the office's fax, as the other seats left it ------------------------------------
    def poll_office(self) -> bool:
        """Look at the office's fax in the background; False while the last look is out."""
        from desktop.fax_office import fax_office, faxes_after

        database, known = self.context.database, self._newest_fax

        def work(_progress: Any) -> Any:
            try:
                office = fax_office(database)
                arrived = (
                    faxes_after(database, known)
                    if known is not None and office.newest_fax > known
                    else []
                )
                return office, arrived
            except Exception as error:  # the database is away: the main window says so
                return error

        return self.runner.run(FAX_OFFICE, work, on_done=self._office_seen, quiet=True)

    def _office_seen(self, seen: Any) -> None:
        if isinstance(seen, Exception) or self._shut_down:
            return
        office, arrived = seen
        before, self.office = self.office, office
        if before is not None and before.jobs != office.jobs:
            self.jobs_changed.emit()
        if before != office:
            self.office_changed.emit(office)
        if self._newest_fax is None or office.newest_fax > self._newest_fax:
            self._newest_fax = office.newest_fax
        fresh = [fax for fax in arrived if fax.fax_id not in self._announced]
        if not arrived:
            return
        self.inbox_changed.emit()
        tray = getattr(self.main, "tray", None)
        for fax in fresh:
            self._announced.add(fax.fax_id)
            if tray is not None:
                text = self.tr("ファクスを受信しました（%1 枚、%2 のモデム）")
                tray.showMessage(
                    "MoveDesk",
                    text.replace("%1", str(fax.page_count)).replace("%2", office.modem_pc or "?"),
                )

    @property
    def modem_elsewhere(self) -> bool:
        """Another live seat's modem serves the office."""
        office = self.office
        return (
            office is not None
            and office.modem_alive
            and (self._desk is None or office.modem_seat != self._desk.seat)
        )

    @property
    def no_modem_in_office(self) -> bool:
        """No seat's modem is running: queued faxes wait until one is."""
        office = self.office
        running = self._desk is not None and self._desk.state.state in (
            "idle",
            "sending",
            "receiving",
            "checking",
        )
        return office is not None and not office.modem_alive and not running

    # -- the window --------------------------------------------------------------------
    def open_window(self) -> Any:
        from ui.fax_window import FaxWindow

        if self.fax_window is None:
            self.fax_window = FaxWindow(self, self.main)
        if self.fax_window.isVisible():
            self.fax_window.raise_()
            self.fax_window.activateWindow()
        else:
            self.fax_window.show()
        return self.fax_window

    def dialog_parent(self) -> QWidget:
        window = self.fax_window
        return window if window is not None and window.isVisible() else self.main

    def _current_receipt(self) -> str:
        detail = getattr(getattr(self.main, "panel", None), "detail", None)
        return detail.notice.receipt_number if detail is not None else ""

    # -- sending ---------------------------------------------------------------------
    def make_send_dialog(self, receipt: str | None = None) -> SendFaxDialog:
        from desktop.fax_outbox import address_book
        from desktop.fax_settings import setting_value
        from ui.fax_dialogs import SendFaxDialog

        settings = self.context.settings
        dialog = SendFaxDialog(
            address_book(settings),
            receipt=self._current_receipt() if receipt is None else receipt,
            resolution=setting_value(settings, "fax_resolution"),
            parent=self.dialog_parent(),
        )
        if not authority.allowed(self.actor(), Use.CHANGE_SETTINGS):
            dialog.save_to_book.setEnabled(False)
            dialog.save_to_book.setToolTip(self.tr("宛先帳に保存できるのは監督者です"))
        self.last_send_dialog = dialog
        return dialog

    def actor(self) -> Actor:
        return Actor(self.member.user_id, self.member.role)

    def send_dialog(self, receipt: str | None = None) -> bool:
        if not authority.allowed(self.actor(), Use.FAX_SEND):
            QMessageBox.warning(
                self.dialog_parent(),
                self.tr("ファクスを送信できません"),
                error_text(authority.NotAllowed(Use.FAX_SEND, self.actor())),
            )
            return False
        dialog = self.make_send_dialog(receipt)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.queue_request(dialog.request())

    def queue_request(self, request: SendRequest) -> bool:
        """Make the document off the GUI thread and queue it; False if a queueing is under way."""
        from desktop.fax_outbox import (
            AddressEntry,
            daily_list_document,
            notice_sheets_document,
            pdf_to_tiff,
        )

        settings, database = self.context.settings, self.context.database
        staff, desk = self.member.user_id, self.desk
        if request.save_to_book and request.number:
            self._add_to_address_book(AddressEntry(request.name, request.number))
        if request.source == "notice":
            what = self.tr("受付票 %1").replace("%1", ", ".join(request.receipts))
        elif request.source == "list":
            kind = known_kinds().get(request.kind)
            what = f"{kind.label(language()) if kind else request.kind} {request.first.isoformat()}"
            if request.last != request.first:
                what += f"..{request.last.isoformat()}"
        else:
            what = Path(request.path).name
        subject = request.subject or (f"{request.name}: {what}" if request.name else what)

        actor = self.actor()
        if request.source == "notice":
            audited = ", ".join(request.receipts)
        elif request.source == "list":
            audited = f"{request.kind} {request.first.isoformat()}"
            if request.last != request.first:
                audited += f"..{request.last.isoformat()}"
        else:
            audited = f"file {Path(request.path).name}"

        def work(_progress: Any) -> int:
            # The core says whether it may go, and audits where it went, before it is made.
            authority.release(database, actor, Use.FAX_SEND, audited, f"fax:{request.number}")
            if request.source == "notice":
                document = notice_sheets_document(
                    database, settings, request.receipts, staff=staff, resolution=request.resolution
                )
            elif request.source == "list":
                document = daily_list_document(
                    database,
                    settings,
                    request.kind,
                    request.first,
                    request.last,
                    staff=staff,
                    resolution=request.resolution,
                )
            else:
                document = pdf_to_tiff(Path(request.path), request.resolution)
            return desk.queue(
                document,
                request.number,
                staff=staff,
                resolution=request.resolution,
                subject=subject,
            )

        def queued(_job_id: int) -> None:
            if self.no_modem_in_office:
                text = self.tr(
                    "送信待ちに入れました: %1（今はモデムの席が動いていないため、"
                    "その席が起動するまで送られません）"
                )
            else:
                text = self.tr("送信待ちに入れました: %1")
            self._say(text.replace("%1", subject))

        return self.runner.run(
            "fax-queue",
            work,
            on_done=queued,
            on_error=lambda error: QMessageBox.warning(
                self.dialog_parent(), self.tr("ファクスを送信できません"), error_text(error)
            ),
        )

    def _add_to_address_book(self, entry: Any) -> bool:
        """The address book is a setting: a supervisor's to change, and audited."""
        from desktop.fax_outbox import address_book, address_book_text

        settings = self.context.settings
        book = [e for e in address_book(settings) if e.number != entry.number]
        try:
            authority.change_settings(
                self.context.database,
                self.actor(),
                settings,
                {"fax_address_book": address_book_text([*book, entry])},
            )
        except (authority.NotAllowed, ValueError, OSError) as error:
            # Said in passing: the fax itself still goes.
            self._say(self.tr("宛先帳に保存できません: %1").replace("%1", error_text(error)))
            return False
        return True

    def _say(self, text: str) -> None:
        self.main.statusBar().showMessage(text, 8000)

    def cancel_job(self, job_id: int) -> bool:
        cancelled = self.desk.cancel(job_id, self.member.user_id)
        self.jobs_changed.emit()
        return cancelled

    def retry_job(self, job_id: int) -> bool:
        from desktop.fax_outbox import retry_job

        retried = retry_job(self.context.database, job_id, self.member.user_id)
        if retried:
            self.desk.wake()
        self.jobs_changed.emit()
        return retried

    def transmission_report(self, job_id: int) -> bool:
        from ui.print_job import page_images
        from ui.print_preview import PREVIEW_DPI, PrintPreview

        settings, service = self.context.settings, self.desk.service

        def work(progress: Any) -> tuple[Any, list[Any]]:
            result = service.transmission_report(
                job_id,
                bureau_name=settings.get("bureau_name"),
                date_style=settings.get("date_style"),
            )
            return result, page_images(
                result.pdf, PREVIEW_DPI, lambda n, t: progress("render", n, t)
            )

        def show(made: tuple[Any, list[Any]]) -> None:
            result, images = made
            title = self.tr("送信結果 %1").replace("%1", str(job_id))
            preview = PrintPreview(
                title, result.pdf, images, [], f"fax-{job_id}.pdf", self.dialog_parent()
            )
            self.last_report_preview = preview
            preview.open()

        return self.runner.run("fax-report", work, on_done=show)
