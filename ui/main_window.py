"""The counter's main window: views and search, the list, the notice, sync state."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QSystemTrayIcon,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.changes import ChangeBatch, ChangeFeed
from desktop.context import AppContext, ConfigurationError
from desktop.listing import NoticeListing, dashboard
from desktop.service import Actor
from desktop.staff import StaffMember
from desktop.store.leases import seat_name
from desktop.sync import SyncReport
from ui.admin_actions import AdminActions
from ui.change_watch import ChangeWatcher
from ui.decision_actions import DecisionActions
from ui.document_actions import DocumentActions
from ui.fax_controller import FaxController
from ui.filter_bar import FilterBar
from ui.i18n import error_text
from ui.list_status import count_text
from ui.notice_model import NoticeTableModel
from ui.notice_panel import NoticePanel
from ui.operations import OperationRunner
from ui.retention_runner import RetentionRunner
from ui.staff_actions import StaffActions
from ui.widgets import steady_tabs
from ui.window_menus import build_menus

log = logging.getLogger(__name__)
SYNC = "sync"
LIST = "list"
_OFFLINE_STYLE = "background:#b00020; color:white; padding:6px; font-weight:bold;"
_DEMO_STYLE = "background:#2e7d32; color:white; padding:4px; font-weight:bold;"


class MainWindow(QMainWindow):
    sync_finished = Signal(object)  # SyncReport, after the window has taken it in
    language_requested = Signal(str)
    sign_out_requested = Signal()

    def __init__(
        self,
        context: AppContext,
        member: StaffMember,
        *,
        demo: bool = False,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__()
        self.context = context
        self.member = member
        self.actor = Actor(member.user_id, member.role)
        self.demo = demo
        self.today = today
        self.listing = NoticeListing(context.database)
        self.runner = OperationRunner(self)
        self.last_report: SyncReport | None = None
        self.last_sync_at: datetime | None = None
        self.sync_started = False  # until then the status bar shows this PC's last sync
        self.offline = False
        self.last_settings_dialog = None

        self._list_loads = 0
        self._kept_id: int | None = None
        self.model = NoticeTableModel(self.listing, today, self, self._list_in_background)
        self.filters = FilterBar(today)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(6, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((170, 70, 110, 130, 280, 100, 100, 80, 80)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        # After the view's own handlers: the selection survives a new id list.
        self.model.modelAboutToBeReset.connect(self._keep_current)
        self.model.modelReset.connect(self._restore_current)
        self.model.list_changed.connect(self._update_count)
        self.panel = NoticePanel()
        self.panel.set_role(member.role)

        self.demo_banner = QLabel()
        self.demo_banner.setStyleSheet(_DEMO_STYLE)
        self.demo_banner.setVisible(demo)
        self.offline_banner = QLabel()
        self.offline_banner.setStyleSheet(_OFFLINE_STYLE)
        self.offline_banner.setWordWrap(True)
        self.offline_banner.hide()
        self.database_banner = QLabel()
        self.database_banner.setStyleSheet(_OFFLINE_STYLE)
        self.database_banner.setWordWrap(True)
        self.database_banner.hide()

        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filters)
        left_layout.addWidget(self.table, 1)
        self.count_label = QLabel()
        left_layout.addWidget(self.count_label)
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        # Built when first opened: its counts are read only then.
        self.dashboard = None
        self.dashboard_holder = QWidget()
        QVBoxLayout(self.dashboard_holder).setContentsMargins(0, 0, 0, 0)
        self.tabs = steady_tabs(QTabWidget())
        self.tabs.addTab(splitter, "")
        self.tabs.addTab(self.dashboard_holder, "")
        self.tabs.currentChanged.connect(self._tab_changed)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.demo_banner)
        layout.addWidget(self.offline_banner)
        layout.addWidget(self.database_banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.sync_label = QLabel()
        self.pending_label = QLabel()
        self.office_label = QLabel()  # the office's sync, as every seat sees it
        self.user_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        status = self.statusBar()
        status.addWidget(self.sync_label)
        status.addWidget(self.pending_label)
        status.addWidget(self.office_label)
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.user_label)

        self.documents = DocumentActions(self, self.runner)
        self.staff_actions = StaffActions(self)
        self.admin = AdminActions(self)
        build_menus(self)
        self.tray = self._make_tray()
        self.fax = FaxController(self)

        self.filters.changed.connect(self.apply_filter)
        self.decisions = DecisionActions(self)
        self.panel.claim_requested.connect(self.decisions.claim)
        self.panel.accept_requested.connect(self.decisions.accept)
        self.panel.reject_requested.connect(self.decisions.reject)
        self.panel.reopen_requested.connect(self.decisions.reopen)
        self.panel.changes_acknowledged.connect(self.decisions.acknowledge)
        self.panel.print_requested.connect(self.documents.print_notice)
        self.runner.notices_changed.connect(self._notices_changed)
        self.runner.progressed.connect(self._progress)
        self.runner.started.connect(self._work_started)
        self.runner.ended.connect(self._work_ended)

        self.sync_timer = QTimer(self)
        self.sync_timer.timeout.connect(self.sync_now)
        self._restart_sync_timer()
        feed = ChangeFeed(context.database, seat=seat_name(context.settings.get("seat_name")))
        self.changes = ChangeWatcher(self.runner, feed, self)
        self.changes.lost_track.connect(lambda: self._notices_changed(set()))
        self.changes.polled.connect(self._show_office)
        self.changes.reachability_changed.connect(
            lambda reachable: self.database_banner.setVisible(not reachable)
        )
        self.retention = RetentionRunner(self)
        self.retention.start()
        self.retranslate()
        self._fit_to_screen()
        # Watched from before the list loads, so nothing falls between the two.
        self.changes.start(self.changes.feed.position())
        self.filters.select_view("open")
        QTimer.singleShot(0, self.staff_actions.check_at_sign_in)

    # -- set-up -----------------------------------------------------------------

    def _fit_to_screen(self) -> None:
        """Open at a comfortable size, but never larger than the screen (1366×768 at many counters)."""
        available = self.screen().availableGeometry()
        # The title bar and borders are not known before the window is shown.
        frame = 40
        width = min(1360, available.width())
        self.resize(width, min(820, available.height() - frame))
        # The notice is read in full: it gets two fifths, not what is left over.
        self.splitter.setSizes([width * 3 // 5, width * 2 // 5])

    def _make_tray(self) -> QSystemTrayIcon | None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return None
        tray = QSystemTrayIcon(self.windowIcon(), self)
        tray.show()
        return tray

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        bureau = self.context.settings.get("bureau_name")
        self.setWindowTitle(f"MoveDesk — {bureau}")
        self.demo_banner.setText(
            self.tr("デモ — 模擬ハブにつながっています。表示される住民は架空の人物です。")
        )
        self.offline_banner.setText(
            self.tr(
                "ハブに接続できません。このまま作業を続けられます。処理結果は接続が戻りしだい送信します。"
            )
        )
        self.database_banner.setText(
            self.tr(
                "データベースに接続できません。ほかの席の処理は表示されず、"
                "この席の処理も保存できません。接続が戻ると自動で再開します。"
            )
        )
        self.tabs.setTabText(0, self.tr("届出"))
        self.tabs.setTabText(1, self.tr("ダッシュボード"))
        self.file_menu.setTitle(self.tr("ファイル(&F)"))
        self.view_menu.setTitle(self.tr("表示(&V)"))
        self.notice_menu.setTitle(self.tr("届出(&N)"))
        self.admin_menu.setTitle(self.tr("管理(&A)"))
        self.sync_action.setText(self.tr("今すぐ同期(&S)"))
        self.settings_action.setText(self.tr("設定(&O)…"))
        self.print_notice_action.setText(self.tr("この届出を印刷(&P)…"))
        self.print_move_in_action.setText(self.tr("転入一覧を印刷…"))
        self.print_move_out_action.setText(self.tr("転出一覧を印刷…"))
        self.export_action.setText(self.tr("CSVで書き出す…"))
        self.sign_out_action.setText(self.tr("サインアウト"))
        self.quit_action.setText(self.tr("終了(&X)"))
        titles = {
            "open": self.tr("未処理"),
            "move_in_today": self.tr("今日の転入"),
            "move_out_today": self.tr("今日の転出"),
            "overdue": self.tr("期限切れ"),
            "all": self.tr("すべての届出"),
        }
        for key, action in self.view_actions.items():
            action.setText(titles[key])
        self.dashboard_action.setText(self.tr("ダッシュボード"))
        self.language_menu.setTitle(self.tr("言語 / Language"))
        self.japanese_action.setText("日本語")
        self.english_action.setText("English")
        self.search_action.setText(self.tr("検索(&F)"))
        self.next_action.setText(self.tr("次の届出"))
        self.previous_action.setText(self.tr("前の届出"))
        self.claim_action.setText(self.tr("担当する"))
        self.accept_action.setText(self.tr("受理"))
        self.reject_action.setText(self.tr("不受理…"))
        self.acknowledge_action.setText(self.tr("変更を確認した"))
        self.reopen_action.setText(self.tr("再開（監督者）"))
        self.new_staff_action.setText(self.tr("職員の登録…"))
        self.unlock_action.setText(self.tr("ロック解除…"))
        self.manage_staff_action.setText(self.tr("職員の管理…"))
        self.audit_log_action.setText(self.tr("監査ログ…"))
        self.password_action.setText(self.tr("パスワードの変更…"))
        self.user_label.setText(
            self.tr("サインイン中: %1").replace(
                "%1", f"{self.member.display_name} ({self.member.user_id})"
            )
        )
        self._update_status()
        self._update_count()
        self.model.headerDataChanged.emit(
            Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1
        )
        self.model.forget(set())  # kinds and statuses are shown in the new language

    # -- the list -------------------------------------------------------------------

    def apply_filter(self, spec: object) -> None:
        selected = self.current_id()
        self.model.set_filter(spec)  # type: ignore[arg-type]
        self._update_count()
        self.select_id(selected, fallback_first=False)

    def _list_in_background(self, work: Callable[[], object], done: Callable[..., None]) -> None:
        """The id list of a long view is read off the GUI thread; the list stays usable."""
        self._list_loads += 1
        self.runner.run(
            f"{LIST}-{self._list_loads}",
            lambda _progress: work(),
            on_done=done,
            on_error=lambda _error: self.model.load_failed(),
            quiet=True,
        )

    def _keep_current(self) -> None:
        self._kept_id = self.current_id()

    def _restore_current(self) -> None:
        kept, self._kept_id = self._kept_id, None
        if kept is not None:
            self.select_id(kept)

    def _update_count(self) -> None:
        self.count_label.setText(count_text(self.model))

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def select_id(self, notice_id: int | None, *, fallback_first: bool = False) -> None:
        near = self.table.currentIndex().row()
        position = self.model.position_of(notice_id, near) if notice_id is not None else -1
        if position < 0 and fallback_first and self.model.rowCount():
            position = 0
        if position < 0:
            if notice_id is None:
                self.panel.show_detail(None)
            return
        self.select_row(position)

    def select_row(self, position: int) -> None:
        index = self.model.index(position, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def move_selection(self, step: int) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        current = self.table.currentIndex().row()
        target = 0 if current < 0 else min(max(current + step, 0), rows - 1)
        self.select_row(target)

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.filters.search.setFocus()
        self.filters.search.selectAll()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        notice_id = self.model.id_at(current.row()) if current.isValid() else None
        shown = self.panel.detail
        if notice_id is not None and shown is not None and shown.id == notice_id:
            return  # the same notice found again after the list changed: already open
        self.show_notice(notice_id)

    def show_notice(self, notice_id: int | None, *, keep_version: bool = False) -> None:
        detail = self.listing.detail(notice_id) if notice_id is not None else None
        self.panel.show_detail(detail, keep_version=keep_version)
        if detail is not None and not keep_version:
            self._audit_view(detail.notice.receipt_number)

    def _audit_view(self, receipt: str) -> None:
        from desktop import audit

        with self.context.database.session() as session:
            audit.record(session, self.member.user_id, "view", receipt)

    def _notices_changed(self, ids: set[int]) -> None:
        current = self.current_id()
        self.model.reload(changed=ids)
        self._update_count()
        if current is not None:
            self.select_id(current)
            if current in ids:
                self.show_notice(current, keep_version=True)
        if self.tabs.currentIndex() == 1:
            self.refresh_dashboard()

    def _print_current(self) -> None:
        notice_id = self.current_id()
        if notice_id is not None:
            self.documents.print_notice(notice_id)

    # -- sync --------------------------------------------------------------------------

    def _restart_sync_timer(self) -> None:
        minutes = self.context.settings.get("sync_interval_minutes")
        self.sync_timer.start(minutes * 60_000)

    def sync_now(self) -> bool:
        """Start a sync in the background; False if one is running.

        The hub client (requests, TLS, the credential store) is made on the
        worker too: the first sync starts as the window opens.
        """
        context = self.context
        feed = self.changes.feed

        def work(progress):  # type: ignore[no-untyped-def]
            try:
                engine = context.sync_engine()
            except ConfigurationError as error:  # a setting to fill in, not a failure to log
                return error
            engine.progress = progress
            report = engine.sync_once()
            try:
                feed.prune()
            except Exception as error:  # upkeep only: the sync itself is done
                log.warning("the change log was not pruned: %s", type(error).__name__)
            return report

        started = self.runner.run(SYNC, work, on_done=self._sync_done, on_error=self._sync_failed)
        if started:
            self.sync_started = True
            self.sync_label.setText(self.tr("同期中…"))
        return started

    def _work_started(self, _label: str) -> None:
        self.progress.setRange(0, 0)  # busy until the work reports how far it is
        self.progress.show()

    def _work_ended(self, _label: str) -> None:
        if not self.runner.is_running():
            self.progress.hide()

    def _progress(self, stage: str, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _sync_done(self, report: SyncReport | ConfigurationError) -> None:
        if isinstance(report, ConfigurationError):
            self.sync_label.setText(self.tr("同期できません: %1").replace("%1", error_text(report)))
            self.sync_finished.emit(None)
            return
        self.last_report = report
        self.last_sync_at = datetime.now()
        self.offline = report.offline
        self.offline_banner.setVisible(report.offline)
        if report.new and self.tray is not None:
            self.tray.showMessage(
                "MoveDesk", self.tr("新しい届出が %1 件届きました").replace("%1", str(report.new))
            )
        self._update_status()
        shown = self.panel.detail
        if report.pushed and shown is not None:
            # A decision that reached the hub changes only its sending state,
            # which the sync does not count as a change to the notice. The
            # panel may show a notice the current view no longer lists.
            self.show_notice(shown.id, keep_version=True)
        self.sync_finished.emit(report)

    def _sync_failed(self, error: Exception) -> None:
        self.sync_label.setText(self.tr("同期に失敗しました: %1").replace("%1", error_text(error)))
        self.sync_finished.emit(None)

    def _show_office(self, batch: ChangeBatch) -> None:
        office = batch.office
        if office is None:
            return
        mine = office.this_seat
        if not self.sync_started and mine is not None and mine.synced_at is not None:
            # Until this window's first sync ends: how this PC's last one did.
            moment = mine.synced_at.astimezone().strftime("%H:%M:%S")
            text = self.tr("最終同期 %1").replace("%1", moment)
            if mine.error:
                text += " — " + self.tr("前回の同期でエラー")
            self.sync_label.setText(text)
            self.sync_label.setToolTip(mine.error)
        if office.pulling_seat:
            text = self.tr("同期中の席: %1").replace("%1", office.pulling_seat)
        elif office.last_pulled_at is not None:
            moment = office.last_pulled_at.astimezone().strftime("%H:%M:%S")
            text = self.tr("事務所の最終同期 %1").replace("%1", moment)
        else:
            text = ""
        self.office_label.setText(text)

    def _update_status(self) -> None:
        if self.last_sync_at is None:
            self.sync_label.setText(self.tr("まだ同期していません"))
        else:
            text = self.tr("最終同期 %1").replace("%1", self.last_sync_at.strftime("%H:%M:%S"))
            if self.offline:
                text += " — " + self.tr("オフライン")
            elif self.last_report and self.last_report.errors:
                # The sync's own account is technical: the tooltip and the log have it.
                text += " — " + self.tr("一部エラー %1 件").replace(
                    "%1", str(len(self.last_report.errors))
                )
            self.sync_label.setText(text)
            self.sync_label.setToolTip(
                "\n".join(self.last_report.errors[:5]) if self.last_report else ""
            )
        pending = self.context.notices.pending_decisions()
        self.pending_label.setText(self.tr("送信待ち %1 件").replace("%1", str(pending)))

    # -- other views and dialogs ----------------------------------------------------------

    def _tab_changed(self, index: int) -> None:
        if index == 1:
            self.refresh_dashboard()

    def refresh_dashboard(self) -> None:
        if self.dashboard is None:
            from ui.dashboard import DashboardView

            self.dashboard = DashboardView(self.runner)
            self.dashboard_holder.layout().addWidget(self.dashboard)
        database, today = self.context.database, self.today()
        # Counting a million notices by status takes a while: off the GUI thread.
        self.dashboard.refresh(lambda: dashboard(database, today))

    def open_settings(self) -> bool:
        return self.admin.open_settings()

    def add_staff(self) -> None:
        self.admin.add_staff()

    def unlock_staff(self) -> None:
        self.admin.unlock_staff()

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.sync_timer.stop()
        self.changes.stop()
        self.retention.stop()
        self.fax.shutdown()
        self.runner.wait()
        super().closeEvent(event)


def app_instance() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app
