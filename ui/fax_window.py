"""The fax window: received faxes with their pages, the notices read off them beside the
stored ones (``ui.evidence_view``) and a form to make a notice; sent faxes.

It shows what ``desktop.fax_inbox`` / ``desktop.fax_outbox`` read and acts
through the ``FaxController``; page pictures are rendered off the GUI
thread by the window's ``OperationRunner``. Open it from the ファクス menu;
``FaxController`` in ``ui.fax_controller`` owns the modem.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.claims import clock_text
from desktop.domain.notice import InvalidNotice
from desktop.fax_desk import DeskState, FaxArrived
from desktop.fax_inbox import InboxRow, inbox, inbox_row, page_pngs, thumbnail_png
from desktop.fax_notices import FaxFiledElsewhere, make_notice_from_fax
from desktop.fax_outbox import outbox
from desktop.service import Actor
from desktop.store.leases import seat_pc
from fax.modem.at import ModemHealth
from ui.evidence_view import EvidencePanel
from ui.fax_models import THUMBNAIL_HEIGHT, FaxInboxModel, FaxOutboxModel
from ui.fax_notice_form import FaxNoticeForm
from ui.i18n import error_text, language

ZOOMS = (0.35, 0.5, 0.75, 1.0)


def _table(model: Any) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class FaxWindow(QWidget):
    def __init__(self, controller: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.controller = controller
        self.context = controller.context
        self.runner = controller.runner
        self.shown_fax: int | None = None
        self.form_fax: InboxRow | None = None  # the fax the notice form was started for
        self.pages: list[QPixmap] = []
        self.last_made: Any = None

        # -- inbox
        self.inbox_model = FaxInboxModel(self)
        self.inbox_model.thumbnail_wanted.connect(self._load_thumbnail)
        self.inbox_table = _table(self.inbox_model)
        self.inbox_table.verticalHeader().setDefaultSectionSize(THUMBNAIL_HEIGHT + 6)
        self.inbox_table.setColumnWidth(0, 70)
        self.inbox_table.setColumnWidth(1, 130)
        self.inbox_table.selectionModel().currentRowChanged.connect(self._fax_chosen)
        self.only_open = QCheckBox()
        self.only_open.toggled.connect(lambda _on: self.reload_inbox())
        self.make_button = QPushButton()
        self.make_button.setEnabled(False)
        self.make_button.clicked.connect(self.start_notice)
        inbox_left = QWidget()
        left_layout = QVBoxLayout(inbox_left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.only_open)
        left_layout.addWidget(self.inbox_table, 1)
        left_layout.addWidget(self.make_button)

        self.page_info = QLabel()
        self.page_info.setWordWrap(True)
        self.zoom = QComboBox()
        for zoom in ZOOMS:
            self.zoom.addItem(f"{round(zoom * 100)}%", zoom)
        self.zoom.setCurrentIndex(1)
        self.zoom.currentIndexChanged.connect(lambda _i: self._show_pages())
        self.page_holder = QWidget()
        self.page_layout = QVBoxLayout(self.page_holder)
        self.page_area = QScrollArea()
        self.page_area.setWidgetResizable(True)
        self.page_area.setWidget(self.page_holder)
        viewer = QWidget()
        viewer_layout = QVBoxLayout(viewer)
        viewer_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.page_info, 1)
        top.addWidget(self.zoom)
        viewer_layout.addLayout(top)
        viewer_layout.addWidget(self.page_area, 1)

        self.evidence = EvidencePanel(
            self.context.database,
            Actor(controller.member.user_id, controller.member.role),
            lead_business_days=self.context.settings.get("lead_business_days"),
        )
        self.evidence.settled.connect(self._evidence_settled)
        self.evidence.hide()

        self.form = FaxNoticeForm()
        self.form.submitted.connect(self.create_notice)
        self.form.cancelled.connect(self.form.hide)
        self.form.hide()
        inbox_split = QSplitter(Qt.Orientation.Horizontal)
        inbox_split.addWidget(inbox_left)
        inbox_split.addWidget(viewer)
        inbox_split.addWidget(self.evidence)
        inbox_split.addWidget(self.form)
        inbox_split.setStretchFactor(0, 2)
        inbox_split.setStretchFactor(1, 3)
        inbox_split.setStretchFactor(2, 3)
        inbox_split.setStretchFactor(3, 2)
        inbox_split.setSizes([360, 500, 480, 420])
        self.form.setMaximumWidth(520)

        # -- outbox
        self.outbox_model = FaxOutboxModel(self)
        self.outbox_table = _table(self.outbox_model)
        self.outbox_table.setColumnWidth(1, 130)
        self.outbox_table.setColumnWidth(3, 260)
        self.outbox_table.setColumnWidth(6, 130)
        self.outbox_table.selectionModel().currentRowChanged.connect(
            lambda _c, _p: self._update_job_buttons()
        )
        self.send_button = QPushButton()
        self.retry_button = QPushButton()
        self.cancel_button = QPushButton()
        self.report_button = QPushButton()
        self.send_button.clicked.connect(lambda: self.controller.send_dialog(""))
        self.retry_button.clicked.connect(self.retry_selected)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.report_button.clicked.connect(self.report_selected)
        outbox_page = QWidget()
        outbox_layout = QVBoxLayout(outbox_page)
        outbox_layout.addWidget(self.outbox_table, 1)
        job_buttons = QHBoxLayout()
        for button in (self.send_button, self.retry_button, self.cancel_button, self.report_button):
            job_buttons.addWidget(button)
        job_buttons.addStretch(1)
        outbox_layout.addLayout(job_buttons)

        self.tabs = QTabWidget()
        self.tabs.addTab(inbox_split, "")
        self.tabs.addTab(outbox_page, "")
        self.modem_label = QLabel()
        self.modem_label.setWordWrap(True)
        self.settings_button = QPushButton()
        self.settings_button.clicked.connect(self.controller.modem_setup.open_dialog)
        # Modem settings are a supervisor's, as in the menu.
        self.settings_button.setEnabled(controller.settings_action.isEnabled())
        bottom = QHBoxLayout()
        bottom.addWidget(self.modem_label, 1)
        bottom.addWidget(self.settings_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

        controller.fax_arrived.connect(self._arrived)
        controller.inbox_changed.connect(self.reload_inbox)
        controller.office_changed.connect(lambda _o: self._update_modem_label())
        controller.jobs_changed.connect(self.reload_outbox)
        controller.job_progress.connect(self.outbox_model.set_progress)
        controller.state_changed.connect(lambda _s: self._update_modem_label())
        controller.health_changed.connect(lambda _h: self._update_modem_label())
        self.retranslate()
        self.reload_inbox()
        self.reload_outbox()
        self.resize(1280, 800)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("ファクス — MoveDesk"))
        self.tabs.setTabText(0, self.tr("受信箱"))
        self.tabs.setTabText(1, self.tr("送信箱"))
        self.only_open.setText(self.tr("未処理のファクスだけ表示"))
        self.make_button.setText(self.tr("このファクスから届出を作成"))
        self.send_button.setText(self.tr("ファクスを送信…"))
        self.retry_button.setText(self.tr("再送"))
        self.cancel_button.setText(self.tr("送信取消"))
        self.report_button.setText(self.tr("送信結果を表示"))
        self.settings_button.setText(self.tr("モデムの設定…"))
        self.form.retranslate()
        self.evidence.retranslate()
        for model in (self.inbox_model, self.outbox_model):
            model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, model.columnCount() - 1)
        self._update_modem_label()
        self._update_page_info()

    # -- the modem line at the bottom ----------------------------------------------------
    def modem_text(self) -> str:
        desk, office = self.controller.desk, self.controller.office
        if not desk.config.port:
            if office is not None and office.modem_alive:
                return self.tr(
                    "このPCにはモデムがありません。ファクスは %1 のモデムで送受信します"
                    "（送信待ちに入れると、その席が送ります）。"
                ).replace("%1", office.modem_pc)
            if office is not None and office.modem_seat:
                return self.tr(
                    "モデムのある席（%1）が応答していません。送信待ちのファクスは、"
                    "その席が戻るか、ほかのモデムのある席が引き継ぐと送られます。"
                ).replace("%1", office.modem_pc)
            return self.tr(
                "モデムが設定されていません。事務所のどの席もモデムを使っていないため、"
                "送信待ちのファクスはまだ送られません。モデムをつないだPCで「モデムの設定」から"
                "ポートを選んでください。"
            )
        state: DeskState = desk.state
        if state.state == "standby":
            holder = office.modem_pc if office is not None and office.modem_seat else ""
            return (
                self.tr(
                    "%1: 待機中（事務所のモデムは %2 が使っています。その席が止まると引き継ぎます）"
                )
                .replace("%1", desk.config.port)
                .replace("%2", holder or state.holder or "?")
            )
        text = {
            "stopped": self.tr("停止中"),
            "offline": self.tr("モデムに接続できません"),
            "idle": self.tr("待機中（着信に自動で応答します）"),
            "sending": self.tr("送信中（ジョブ %1）").replace("%1", str(state.job_id or "")),
            "receiving": self.tr("受信中"),
            "checking": self.tr("モデムを確認中"),
        }.get(state.state, state.state)
        health: ModemHealth | None = desk.health
        if health is not None:
            text += " — " + (health.english if language() == "en" else health.japanese)
        return f"{desk.config.port}: {text}"

    def _update_modem_label(self) -> None:
        self.modem_label.setText(self.modem_text())

    # -- inbox ----------------------------------------------------------------------------
    def reload_inbox(self) -> None:
        shown = self.shown_fax
        self.inbox_model.set_rows(
            inbox(self.context.database, only_open=self.only_open.isChecked())
        )
        if shown is not None:
            self.select_fax(shown)

    def select_fax(self, fax_id: int) -> bool:
        position = self.inbox_model.position_of(fax_id)
        if position < 0:
            return False
        self.inbox_table.selectionModel().setCurrentIndex(
            self.inbox_model.index(position, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        return True

    def current_fax(self) -> InboxRow | None:
        index = self.inbox_table.currentIndex()
        return self.inbox_model.row_at(index.row()) if index.isValid() else None

    def _arrived(self, event: FaxArrived) -> None:
        self.reload_inbox()
        if event.fax_id == self.shown_fax:
            self.evidence.show_fax(event.fax_id)

    def _evidence_settled(self, notice_id: int) -> None:
        if notice_id:
            self.runner.notices_changed.emit({notice_id})
        self.reload_inbox()

    def _load_thumbnail(self, fax_id: int) -> None:
        database, model = self.context.database, self.inbox_model
        self.runner.run(
            f"fax-thumbnail-{fax_id}",
            lambda _progress: thumbnail_png(database, fax_id),
            on_done=lambda png: model.set_thumbnail(fax_id, png),
        )

    def _fax_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.inbox_model.row_at(current.row()) if current.isValid() else None
        self.make_button.setEnabled(row is not None)
        fax_id = row.id if row is not None else None
        if fax_id == self.shown_fax:
            return
        self.shown_fax = fax_id
        self.pages = []
        self.form.hide()
        self.evidence.show_fax(fax_id)
        self._show_pages()
        if fax_id is None:
            return
        database, staff = self.context.database, self.controller.member.user_id
        self.runner.run(
            f"fax-pages-{fax_id}",
            lambda _progress: page_pngs(database, fax_id, staff=staff),
            on_done=lambda pngs: self._pages_loaded(fax_id, pngs),
        )

    def _pages_loaded(self, fax_id: int, pngs: list[bytes]) -> None:
        if fax_id != self.shown_fax:
            return  # the clerk moved on meanwhile
        pixmaps = []
        for png in pngs:
            pixmap = QPixmap()
            pixmap.loadFromData(png, "PNG")
            pixmaps.append(pixmap)
        self.pages = pixmaps
        self._show_pages()

    def _show_pages(self) -> None:
        while self.page_layout.count():
            item = self.page_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        zoom = self.zoom.currentData()
        for number, pixmap in enumerate(self.pages, 1):
            picture = QLabel()
            picture.setPixmap(
                pixmap.scaledToWidth(
                    max(1, round(pixmap.width() * zoom)), Qt.TransformationMode.SmoothTransformation
                )
            )
            picture.setStyleSheet("border:1px solid #999; background:white;")
            picture.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.page_layout.addWidget(picture)
            caption = QLabel(f"{number} / {len(self.pages)}")
            caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.page_layout.addWidget(caption)
        self.page_layout.addStretch(1)
        self._update_page_info()

    def _update_page_info(self) -> None:
        row = inbox_row(self.context.database, self.shown_fax) if self.shown_fax else None
        if row is None:
            self.page_info.setText(self.tr("ファクスを選ぶとページが表示されます"))
            return
        lines = [self.inbox_model.state_text(row)]
        if row.received_by:
            lines.append(self.tr("受信した席: %1").replace("%1", seat_pc(row.received_by)))
        if row.handled_by:
            lines.append(
                self.tr("登録した職員: %1（%2）")
                .replace("%1", row.handled_by)
                .replace("%2", clock_text(row.handled_at))
            )
        if row.errors:
            lines.append(self.tr("受信時の問題: %1").replace("%1", row.errors.splitlines()[0]))
        if row.notice_error:
            lines.append(self.tr("読取コード: %1").replace("%1", row.notice_error.splitlines()[0]))
        self.page_info.setText("\n".join(lines))

    def start_notice(self) -> None:
        row = self.current_fax()
        if row is None:
            return
        self.form_fax = row
        self.form.start(row.received_at)
        self.form.show()

    def create_notice(self, values: dict[str, Any]) -> Any:
        """Store the typed notice; show what the validation refused in the form.

        The notice belongs to the fax the form was started for, even if the
        clerk has since clicked another one in the list.
        """
        row = self.form_fax or self.current_fax()
        if row is None:
            return None
        try:
            made = make_notice_from_fax(
                self.context.database,
                row.id,
                values,
                staff=self.controller.member.user_id,
                lead_business_days=self.context.settings.get("lead_business_days"),
                seen_receipts=row.receipts,
            )
        except InvalidNotice as error:
            self.form.show_problems(error.problems)
            return None
        except FaxFiledElsewhere as error:
            # Shown, and the fax as it is now is what a second try is checked against.
            self.form.show_problems([error_text(error)])
            self.reload_inbox()
            self.form_fax = inbox_row(self.context.database, row.id)
            return None
        except (LookupError, RuntimeError) as error:
            self.form.show_problems([error_text(error)])
            return None
        self.last_made = made
        self.form_fax = None
        self.form.hide()
        self.runner.notices_changed.emit({made.notice_id})
        self.reload_inbox()
        self._update_page_info()
        message = (
            self.tr("既にある届出 %1 にこのファクスを結び付けました")
            if made.existing
            else self.tr("届出 %1 を登録しました")
        ).replace("%1", made.receipt_number)
        self.controller.main.statusBar().showMessage(message, 8000)
        return made

    # -- outbox ---------------------------------------------------------------------------
    def reload_outbox(self) -> None:
        selected = self.selected_job()
        self.outbox_model.set_rows(outbox(self.context.database))
        if selected is not None:
            position = self.outbox_model.position_of(selected)
            if position >= 0:
                self.outbox_table.selectionModel().setCurrentIndex(
                    self.outbox_model.index(position, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
        self._update_job_buttons()

    def selected_job(self) -> int | None:
        index = self.outbox_table.currentIndex()
        row = self.outbox_model.row_at(index.row()) if index.isValid() else None
        return row.id if row is not None else None

    def select_job(self, job_id: int) -> None:
        position = self.outbox_model.position_of(job_id)
        if position >= 0:
            self.outbox_table.selectionModel().setCurrentIndex(
                self.outbox_model.index(position, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def _update_job_buttons(self) -> None:
        index = self.outbox_table.currentIndex()
        row = self.outbox_model.row_at(index.row()) if index.isValid() else None
        self.retry_button.setEnabled(row is not None and row.can_retry)
        self.cancel_button.setEnabled(row is not None and row.can_cancel)
        self.report_button.setEnabled(row is not None)

    def retry_selected(self) -> bool:
        job_id = self.selected_job()
        return job_id is not None and self.controller.retry_job(job_id)

    def cancel_selected(self) -> bool:
        job_id = self.selected_job()
        return job_id is not None and self.controller.cancel_job(job_id)

    def report_selected(self) -> bool:
        job_id = self.selected_job()
        return job_id is not None and self.controller.transmission_report(job_id)
