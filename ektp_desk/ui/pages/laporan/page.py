"""The Laporan page: the drive's dashboard. One recap (core/reports) per period and office,
asked on a reader thread and painted when it comes: the figures as cards, the pace and the
projection to polling day, the burn-down and the kelurahan furthest behind, the
breakdowns as sortable tables, and the recap written to xlsx, csv (or PDF)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import peewee as pw
from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ektp_desk import paths
from ektp_desk.core import clock, outputs, regions
from ektp_desk.core.calendar import format_date_plain
from ektp_desk.core.errors import UserError
from ektp_desk.core.reports import Recap, format_rate
from ektp_desk.core.text import format_count
from ektp_desk.ui import theme
from ektp_desk.ui.changes import ChangeBus, PageRefresh
from ektp_desk.ui.operations import reports as ops
from ektp_desk.ui.pages.laporan import tables
from ektp_desk.ui.pages.laporan.charts import BurnDownView, KelurahanBarsView
from ektp_desk.ui.runner import JobRunner
from ektp_desk.ui.widgets import (
    buddy_label,
    date_edit,
    error_text,
    key_for,
    page_title,
    to_date,
)

CARDS = ("target", "summoned", "attended", "recorded", "failed", "no_show", "not_served",
         "days_left", "pace_needed", "pace_7d", "done_by")


class Card(QFrame):
    """A figure the clerk reads at a glance: a caption, the figure, a line under it."""

    def __init__(self, name: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"card_{name}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(f"QFrame#card_{name} {{ background: {theme.PANEL}; "
                           f"border: 1px solid {theme.PANEL_BORDER}; border-radius: 4px; }}")
        self.caption = QLabel(caption)
        self.caption.setStyleSheet(theme.text_style(theme.CAPTION))
        self.value = QLabel("–")
        self.value.setObjectName(f"value_{name}")
        font = self.value.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.5)
        self.value.setFont(font)
        self.note = QLabel()
        self.note.setWordWrap(True)  # a narrow screen wraps it rather than scroll
        self.note.setStyleSheet(theme.text_style(theme.DIM))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(0)
        for label in (self.caption, self.value, self.note):
            layout.addWidget(label)

    def show_figure(self, value: str, note: str = "", *, colour: str = theme.TEXT) -> None:
        self.value.setText(value)
        if colour != self.value.property("colour"):  # a style sheet costs a re-polish
            self.value.setProperty("colour", colour)
            self.value.setStyleSheet(theme.text_style(colour))
        self.note.setText(note)


class LaporanPage(QWidget):
    refreshed = Signal()  # the figures shown are those of the last recap asked
    open_people = Signal(str)  # a kelurahan code: show its people not yet recorded

    def __init__(self, db: pw.Database, runner: JobRunner, bus: ChangeBus | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("laporanPage")
        self.db = db
        self.runner = runner
        self.recap: Recap | None = None
        self._kecamatan = {k.code: k.name for k in regions.default_table().kecamatan.values()}
        self._build()
        # a desk outcome, a sync or KPU import, a call or a setting (target, election day)
        # changes the figures; hidden, the page only marks itself stale
        self.refresher = PageRefresh(
            self, bus, lambda c: c.people or c.events or c.imports or c.schedule
            or c.settings, self.refresh, stale=True)

    # --- layout ------------------------------------------------------------------------
    def _build(self) -> None:
        self.period = QComboBox()
        self.period.setObjectName("period")
        for label, key in ((self.tr("Seluruh kegiatan"), ops.DRIVE),
                           (self.tr("Hari ini"), ops.TODAY),
                           (self.tr("7 hari terakhir"), ops.WEEK),
                           (self.tr("Pilih tanggal"), ops.CHOSEN)):
            self.period.addItem(label, key)
        today = clock.today()
        self.date_from = date_edit(today - dt.timedelta(days=ops.WEEK_DAYS - 1))
        self.date_from.setObjectName("dateFrom")
        self.date_to = date_edit(today)
        self.date_to.setObjectName("dateTo")
        self.from_label = buddy_label(self.tr("&Dari"), self.date_from)
        self.to_label = buddy_label(self.tr("S&ampai"), self.date_to)
        self.office = QComboBox()
        self.office.setObjectName("office")
        self.office.addItem(self.tr("Semua kantor"), None)
        self.office_label = buddy_label(self.tr("&Kantor"), self.office)
        self.refresh_button = QPushButton(self.tr("&Segarkan"))
        self.refresh_button.setObjectName("refresh")
        key_for(self.refresh_button, "F5")
        self.busy_label = QLabel(self.tr("Menghitung…"))
        self.busy_label.setEnabled(False)
        self.busy_label.setVisible(False)
        self.exports: dict[str, QPushButton] = {}
        for kind, text in (("xlsx", self.tr("Ekspor &xlsx…")), ("pdf", self.tr("Ekspor &PDF…")),
                           ("csv", self.tr("Ekspor &csv…"))):
            button = QPushButton(text)
            button.setObjectName(f"export_{kind}")
            button.setEnabled(False)
            button.clicked.connect(lambda _=False, k=kind: self.export(k))
            # only ever hidden here: setVisible(True) on a widget with no parent yet opens it
            # as a window of its own, which takes the focus from the main window
            if kind not in ops.WRITERS:
                button.hide()
            self.exports[kind] = button

        bar = QHBoxLayout()
        bar.addWidget(buddy_label(self.tr("Peri&ode"), self.period))
        bar.addWidget(self.period)
        for widget in (self.from_label, self.date_from, self.to_label, self.date_to):
            bar.addWidget(widget)
        bar.addWidget(self.office_label)
        bar.addWidget(self.office)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.busy_label)
        bar.addStretch(1)
        for button in self.exports.values():
            bar.addWidget(button)

        captions = {
            "target": self.tr("Target"), "summoned": self.tr("Dipanggil"),
            "attended": self.tr("Datang"), "recorded": self.tr("Terekam"),
            "failed": self.tr("Gagal rekam"), "no_show": self.tr("Tidak hadir"),
            "not_served": self.tr("Belum dilayani"),
            "days_left": self.tr("Menuju pemungutan suara"),
            "pace_needed": self.tr("Laju dibutuhkan"), "pace_7d": self.tr("Laju 7 hari"),
            "done_by": self.tr("Perkiraan target tercapai"),
        }
        self.cards = {name: Card(name, captions[name]) for name in CARDS}
        grid = QGridLayout()
        grid.setSpacing(6)
        for i, name in enumerate(CARDS[:7]):
            grid.addWidget(self.cards[name], 0, i)
        for i, name in enumerate(CARDS[7:]):
            grid.addWidget(self.cards[name], 1, 2 * i, 1, 2 if i < 3 else 1)
        self.notice = theme.NoticeBar()
        self.message = theme.NoticeBar()  # a refused period, an export written
        self.message.setObjectName("message")

        self.burn_down = BurnDownView()
        self.bars = KelurahanBarsView()
        self.bars.chosen.connect(self.open_people)
        bars_scroll = QScrollArea()
        bars_scroll.setObjectName("barsScroll")
        bars_scroll.setWidgetResizable(True)
        bars_scroll.setFrameShape(QFrame.Shape.NoFrame)
        bars_scroll.setWidget(self.bars)
        charts = QWidget()
        row = QHBoxLayout(charts)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.burn_down, 1)
        row.addWidget(bars_scroll, 1)

        self.by_kelurahan = tables.group_table(
            "byKelurahan", (self.tr("Kelurahan"), self.tr("Kecamatan")), self)
        self.by_kelurahan.view.doubleClicked.connect(self._kelurahan_row)
        self.by_kelurahan.view.setToolTip(self.tr(
            "Klik dua kali: warga kelurahan ini yang belum terekam"))
        self.by_category = tables.group_table("byCategory", (self.tr("Kategori"),), self)
        self.by_office = tables.group_table("byOffice", (self.tr("Kantor"),), self)
        self.by_day = tables.day_table(self)
        self.reasons = tables.reason_table(self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.addTab(charts, self.tr("Grafik"))
        self.tabs.addTab(self.by_kelurahan.view, self.tr("Per kelurahan"))
        self.tabs.addTab(self.by_category.view, self.tr("Per kategori"))
        self.office_tab = self.tabs.addTab(self.by_office.view, self.tr("Per kantor"))
        self.tabs.addTab(self.by_day.view, self.tr("Per hari"))
        self.tabs.addTab(self.reasons.view, self.tr("Alasan gagal"))

        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("Laporan")))
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addLayout(grid)
        layout.addWidget(self.notice)
        layout.addWidget(self.tabs, 1)

        self.period.currentIndexChanged.connect(self._on_period)
        self.office.currentIndexChanged.connect(self.refresh)
        self.date_from.dateChanged.connect(self.refresh)
        self.date_to.dateChanged.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self._on_period(refresh=False)
        # shown once the recap says this is the city with kecamatan offices to choose from
        for widget in (self.office, self.office_label):
            widget.setVisible(False)
        self.tabs.setTabVisible(self.office_tab, False)

    # --- loading -----------------------------------------------------------------------
    def _on_period(self, *_: object, refresh: bool = True) -> None:
        chosen = self.period.currentData() == ops.CHOSEN
        for widget in (self.from_label, self.date_from, self.to_label, self.date_to):
            widget.setVisible(chosen)
        if refresh:
            self.refresh()

    def refresh(self) -> None:
        """Ask for the recap of the period and office chosen; the figures are painted when
        it comes (a newer question drops the older answer)."""
        chosen = (to_date(self.date_from.date()), to_date(self.date_to.date()))
        self.busy_label.setVisible(True)
        self.runner.run_read(ops.load_dashboard, period=self.period.currentData(),
                             today=clock.today(), chosen=chosen,
                             office=self.office.currentData(), key="laporan",
                             on_success=self._show, on_failure=self._failed)

    def _failed(self, error: BaseException) -> None:
        self.busy_label.setVisible(False)
        self.message.show_notice("error", error_text(error))
        self.refreshed.emit()

    def _show(self, dash: ops.Dashboard) -> None:
        self.busy_label.setVisible(False)
        self.message.show_notice("error", "")
        self.recap = recap = dash.recap
        self._show_offices(dash)
        self._show_cards(recap)
        self.burn_down.show_recap(recap)
        self.bars.show_rows(ops.kelurahan_behind(recap))
        self.by_kelurahan.fill(tables.group_rows(recap.by_kelurahan,
                                                 kecamatan=self._kecamatan))
        self.by_category.fill(tables.group_rows(recap.by_category))
        self.by_office.fill(tables.group_rows(recap.by_office))
        self.by_day.fill(tables.day_rows(recap.by_day))
        self.reasons.fill(tables.reason_rows(recap.failure_reasons))
        for button in self.exports.values():
            button.setEnabled(True)
        self.refreshed.emit()

    def _show_offices(self, dash: ops.Dashboard) -> None:
        """At the city: Semua kantor or one kecamatan office (kept when still known)."""
        keep = self.office.currentData()
        self.office.blockSignals(True)
        self.office.clear()
        self.office.addItem(self.tr("Semua kantor"), None)
        for office_id, name in dash.offices:
            self.office.addItem(name, office_id)
        self.office.setCurrentIndex(max(self.office.findData(keep), 0))
        self.office.blockSignals(False)
        several = dash.city and bool(dash.offices)
        self.office.setVisible(several)
        self.office_label.setVisible(several)
        self.tabs.setTabVisible(self.office_tab, several)

    def _show_cards(self, recap: Recap) -> None:
        f, p = recap.totals, recap.projection
        cards = self.cards
        cards["target"].show_figure(format_count(f.target), self.tr("orang"))
        cards["summoned"].show_figure(format_count(f.summoned))
        cards["attended"].show_figure(format_count(f.attended))
        cards["recorded"].show_figure(format_count(f.recorded), self.tr(
            "{pct} dari target").format(pct=f.recorded_pct), colour=theme.OK)
        cards["failed"].show_figure(format_count(f.failed))
        cards["no_show"].show_figure(format_count(f.no_show))
        cards["not_served"].show_figure(format_count(f.not_served))
        cards["days_left"].show_figure(
            self.tr("{n} hari").format(n=format_count(p.days_left)),
            f"{p.election_name} · {format_date_plain(p.election_day)}")
        cards["pace_needed"].show_figure(
            self.tr("{pace} orang/hari").format(pace=format_rate(p.pace_needed)),
            self.tr("sisa {left} orang, {days} hari layanan").format(
                left=format_count(p.remaining), days=format_count(p.service_days_left)))
        behind = p.pace_needed is None or p.pace_7d < p.pace_needed
        cards["pace_7d"].show_figure(
            self.tr("{pace} orang/hari").format(pace=format_rate(p.pace_7d)),
            self.tr("terekam 7 hari terakhir"),
            colour=theme.ERROR if behind and p.remaining else theme.OK)
        late = p.done_by is None or p.done_by > p.election_day
        cards["done_by"].show_figure(
            format_date_plain(p.done_by) if p.done_by else self.tr("tidak tercapai"),
            self.tr("pada laju 7 hari"), colour=theme.ERROR if late else theme.OK)
        self.notice.show_notice("warn", p.warning or "")

    # --- going to the people -----------------------------------------------------------
    def _kelurahan_row(self, index: QModelIndex) -> None:
        code = self.by_kelurahan.code_at(index.row())
        if code:
            self.open_people.emit(code)

    # --- exports -----------------------------------------------------------------------
    def default_path(self, kind: str) -> Path:
        recap = self.recap
        assert recap is not None
        days = (recap.date_from.isoformat() if recap.date_from == recap.date_to
                else f"{recap.date_from.isoformat()}_{recap.date_to.isoformat()}")
        folder = paths.data_dir() / "laporan"  # beside 'surat', unless the clerk picks
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"laporan-{days}.{kind}"

    def export(self, kind: str) -> None:
        """Write the recap shown (its period and office) to a file the clerk names."""
        if self.recap is None:
            return
        filters = {"xlsx": self.tr("Buku kerja Excel (*.xlsx)"),
                   "pdf": self.tr("Berkas PDF (*.pdf)"), "csv": self.tr("Berkas CSV (*.csv)")}
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Simpan laporan"), str(self.default_path(kind)), filters[kind])
        if not chosen:
            return
        out = Path(chosen)
        if out.suffix.lower() != f".{kind}":
            out = out.with_name(f"{out.name}.{kind}")
        try:
            outputs.check_outputs([out], database=self.db)
        except UserError as exc:
            self.message.show_notice("error", exc.message)
            return
        self.runner.run_read(ops.export_recap, self.recap, out,
                             title=self.tr("Menulis laporan"),
                             on_success=self._exported, on_failure=self._failed)

    def _exported(self, path: Path) -> None:
        self.message.show_notice("ok", self.tr("Laporan disimpan: {path}").format(path=path))
        self.refreshed.emit()
