"""The Warga page: everyone on the list, searchable as you type, with a detail pane.

The table sits on :class:`PeopleModel` (ids snapshot + page cache), so it is as quick with
a million people as with a hundred. Keyboard: Ctrl+F search, Esc clears it, Enter or Down
goes to the list.
"""

from __future__ import annotations

from typing import Any

import peewee as pw
from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.core import accounts, calls, people, regions
from ektp_desk.core import nik as nik_rules
from ektp_desk.core.calendar import format_moment
from ektp_desk.core.errors import UserError
from ektp_desk.core.people import PeopleFilter, PersonDetail
from ektp_desk.core.status import CATEGORY_LABELS, STATUS_LABELS
from ektp_desk.ui import crash, theme
from ektp_desk.ui.changes import PageRefresh
from ektp_desk.ui.models.people_model import COLUMN_KEYS, COLUMNS, PeopleModel
from ektp_desk.ui.operations.people import record_nik_shown
from ektp_desk.ui.widgets import choice_combo, fill_kelurahan, page_title

SEARCH_DELAY_MS = 250
NOT_RECORDED = "belum_terekam"  # the status combo's data for PeopleFilter.not_recorded
MIN_ADDRESS_WIDTH = 90
MAX_EXTRA_NAME_WIDTH = 120

# Which column shows a sort's indicator: the first column sorting that way.
_SORT_SECTION = {c.sort: i for i, c in reversed(list(enumerate(COLUMNS))) if c.sort}


class WargaPage(QWidget):
    def __init__(self, db: pw.Database, runner: Any = None, bus: Any = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wargaPage")
        self.db = db
        self.runner = runner
        self.regions = regions.default_table()
        self._selected_id: int | None = None
        self._first_row_on_load = False  # Enter in the search box: go to the first answer

        self.model = PeopleModel(db, runner, self)
        self._build()
        self._connect()
        if bus is not None:
            # settings: 'Samarkan NIK di daftar' changes what the rows show
            self.refresher = PageRefresh(
                self, bus, lambda c: c.people or c.events or c.imports or c.settings,
                self.refresh)
        self.model.set_query(PeopleFilter(), people.BY_NAME)

    # --- layout ------------------------------------------------------------------------
    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("Cari nama atau NIK…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self.search.setToolTip(self.tr(
            "Bagian mana pun dari nama, atau NIK (lengkap atau angka awalnya). "
            "Ctrl+F untuk mencari, Esc untuk mengosongkan."))

        self.kecamatan = choice_combo("kecamatan", self.tr("Semua kecamatan"), (
            (kec.name, kec.code) for kec in self.regions.kecamatan.values()))
        self.kelurahan = QComboBox()
        self.kelurahan.setObjectName("kelurahan")
        self._fill_kelurahan(None)
        self.category = choice_combo("category", self.tr("Semua kategori"), (
            (label, code) for code, label in CATEGORY_LABELS.items()))
        self.status = choice_combo("status", self.tr("Semua status"), (
            (label, code) for code, label in STATUS_LABELS.items()))
        # every status not yet recorded: where the Laporan page's kelurahan bars lead
        self.status.insertItem(1, self.tr("Belum terekam"), NOT_RECORDED)
        for combo in (self.kecamatan, self.kelurahan, self.category, self.status):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        font = self.count_label.font()
        font.setBold(True)
        self.count_label.setFont(font)
        self.busy_label = QLabel(self.tr("Mencari…"))
        self.busy_label.setObjectName("busy")
        self.busy_label.setEnabled(False)  # drawn grey
        self.busy_label.setVisible(False)

        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        bar.addWidget(self.kecamatan)
        bar.addWidget(self.kelurahan)
        bar.addWidget(self.category)
        bar.addWidget(self.status)
        bar.addStretch(1)
        bar.addWidget(self.busy_label)
        bar.addWidget(self.count_label)

        self.table = QTableView()
        self.table.setObjectName("table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setCornerButtonEnabled(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        # One fixed height: the view never measures a million rows.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        text = self.table.fontMetrics()
        bold = QFont(header.font())
        bold.setBold(True)
        head = QFontMetrics(bold)
        # sorting first: a sortable header's size hint makes room for the arrow
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self._widths: list[int] = []
        for section, column in enumerate(COLUMNS):
            # Sized to a typical value, never to the data (a million rows).
            title = str(self.model.headerData(section, Qt.Orientation.Horizontal))
            arrow = 18 if column.sort else 8
            self._widths.append(max(text.horizontalAdvance(column.sample) + 20,
                                    head.horizontalAdvance(title) + arrow,
                                    header.sectionSizeHint(section), 32))
            header.resizeSection(section, self._widths[-1])
        # Room left over goes to the name, then the address; the address gives way first
        # when the window is narrow (the pane shows it whole). See _fit_columns.
        self.table.viewport().installEventFilter(self)

        self.detail = PersonPane(self)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("splitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setCollapsible(0, False)
        self.splitter.setSizes([900, 280])

        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("Warga")))
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)

    def _connect(self) -> None:
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self._search_timer.timeout.connect(self._apply_filter)
        self.search.returnPressed.connect(self._search_now_and_go_to_list)
        self.kecamatan.currentIndexChanged.connect(self._on_kecamatan)
        for combo in (self.kelurahan, self.category, self.status):
            combo.currentIndexChanged.connect(self._apply_filter)
        self.model.loaded.connect(self._on_loaded)
        self.model.loading.connect(self.busy_label.setVisible)
        self.model.failed.connect(self._on_failed)
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._on_sort_indicator)
        self.detail.show_nik.clicked.connect(self._show_full_nik)

        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.focus_search)
        clear = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search)
        clear.setContext(Qt.ShortcutContext.WidgetShortcut)
        clear.activated.connect(self.clear_search)
        down = QShortcut(QKeySequence(Qt.Key.Key_Down), self.search)
        down.setContext(Qt.ShortcutContext.WidgetShortcut)
        down.activated.connect(self._go_to_list)

    def _fill_kelurahan(self, kecamatan_code: str | None) -> None:
        fill_kelurahan(self.kelurahan, self.regions, kecamatan_code,
                       self.tr("Semua kelurahan"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        header = self.table.horizontalHeader()
        name, address = COLUMN_KEYS.index("name"), COLUMN_KEYS.index("address")
        others = sum(header.sectionSize(i) for i in range(header.count())
                     if i not in (name, address))
        room = self.table.viewport().width() - others
        # names first (they are what a clerk reads), then the address
        extra = max(room - self._widths[name] - MIN_ADDRESS_WIDTH, 0)
        name_width = self._widths[name] + min(extra, MAX_EXTRA_NAME_WIDTH)
        header.resizeSection(name, name_width)
        header.resizeSection(address, max(room - name_width, MIN_ADDRESS_WIDTH))

    # --- the public face ---------------------------------------------------------------
    def refresh(self) -> None:
        """The people changed (an import, a status event): read the list again."""
        self.model.refresh()
        self._show_detail(self._selected_id)

    def current_filter(self) -> PeopleFilter:
        status = self.status.currentData()
        return PeopleFilter(
            search=self.search.text().strip(),
            kecamatan=self.kecamatan.currentData(),
            kelurahan=self.kelurahan.currentData(),
            category=self.category.currentData(),
            status=None if status == NOT_RECORDED else status,
            not_recorded=status == NOT_RECORDED,
        )

    def show_filtered(self, *, kelurahan_code: str, not_recorded: bool = True) -> None:
        """Show one kelurahan's people (those not yet recorded), the rest of the filters
        cleared: the Laporan page's way here."""
        self._fill_kelurahan(kelurahan_code[:6])  # (sends no signal)
        widgets = (self.search, self.kecamatan, self.kelurahan, self.category, self.status)
        for widget in widgets:
            widget.blockSignals(True)
        self.search.clear()
        self.kecamatan.setCurrentIndex(max(self.kecamatan.findData(kelurahan_code[:6]), 0))
        self.kelurahan.setCurrentIndex(max(self.kelurahan.findData(kelurahan_code), 0))
        self.category.setCurrentIndex(0)
        self.status.setCurrentIndex(self.status.findData(NOT_RECORDED) if not_recorded else 0)
        for widget in widgets:
            widget.blockSignals(False)
        self._apply_filter()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def clear_search(self) -> None:
        self.search.clear()
        self._apply_filter()

    def selected_person_id(self) -> int | None:
        return self._selected_id

    # --- reacting ----------------------------------------------------------------------
    def _on_kecamatan(self) -> None:
        self._fill_kelurahan(self.kecamatan.currentData())
        self._apply_filter()

    def _apply_filter(self) -> None:
        self._search_timer.stop()
        wanted = self.current_filter()
        if wanted != self.model.filter:
            self.model.set_query(wanted)

    def _search_now_and_go_to_list(self) -> None:
        self._apply_filter()
        if self.model.busy:  # the answer is on its way: take its first row when it comes
            self._first_row_on_load = True
            self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self._go_to_list()

    def _go_to_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self._select_row(0)

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def _on_loaded(self, total: int, complete: bool) -> None:
        if total:
            self.count_label.setText(self.tr("{} warga").format(people.format_count(total)))
        elif self.model.filter.is_empty:
            self.count_label.setText(self.tr("Belum ada warga. Impor daftar KPU (Ctrl+I)."))
        else:
            self.count_label.setText(self.tr("Tidak ada warga yang cocok"))
        if complete and self._first_row_on_load:
            self._first_row_on_load = False
            if total:
                self._select_row(0)
                return
        if complete and self._selected_id is not None and \
                not self.table.currentIndex().isValid():
            row = self.model.row_of(self._selected_id)
            if row is not None:
                self._select_row(row)
            else:
                self._selected_id = None
                self.detail.show_person(None)

    def _on_failed(self, message: str) -> None:
        self.count_label.setText(message)

    def _remember_selection(self) -> None:
        # a reset clears the selection; _on_loaded puts it back if the person is still there
        current = self.table.currentIndex()
        if current.isValid():
            self._selected_id = self.model.person_id(current.row())

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        person_id = self.model.person_id(current.row())
        if person_id is None:
            return  # a row of the list still loading
        if person_id != self._selected_id or self.detail.person is None:
            self._selected_id = person_id
            self._show_detail(person_id)

    def _show_detail(self, person_id: int | None) -> None:
        detail = people.person_detail(self.db, person_id) if person_id is not None else None
        # the one current call, this office's or another's (shown read-only: nothing here
        # edits a call; the Jadwal page edits this office's own)
        call = calls.current_calls(self.db, [person_id]).get(person_id) if detail else None
        self.detail.show_person(detail, masked=self.model.masks_nik,
                                call=calls.describe(self.db, call) if call else None)

    def _on_sort_indicator(self, section: int, order: Qt.SortOrder) -> None:
        if 0 <= section < len(COLUMNS) and COLUMNS[section].sort is not None:
            return  # the model re-sorts (QTableView calls model.sort)
        # Not sortable: put the indicator back where the order really is.
        sort = self.model.sort_order
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(
            _SORT_SECTION[sort.column],
            Qt.SortOrder.DescendingOrder if sort.descending else Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)

    def _show_full_nik(self) -> None:
        detail = self.detail.person
        if detail is None:
            return
        user = accounts.acting_name(self.db)
        shown = detail.id

        def reveal(_result: object = None) -> None:
            if self.detail.person is not None and self.detail.person.id == shown:
                self.detail.reveal_nik()

        def refuse(error: BaseException) -> None:
            # no audit row, no NIK: it stays masked and the pane says why
            if not isinstance(error, UserError):
                crash.report(error)
                return
            if self.detail.person is not None and self.detail.person.id == shown:
                self.detail.refuse_nik(error.message)

        if self.runner is not None:
            self.runner.run_write(record_nik_shown, shown, user, on_success=reveal,
                                  on_failure=refuse)
            return
        try:
            record_nik_shown(self.db, shown, user)
        except UserError as error:
            refuse(error)
            return
        reveal()


class PersonPane(QScrollArea):
    """The selected person in full. NIK and NKK stay masked until "Tampilkan NIK"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detail")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumWidth(240)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.person: PersonDetail | None = None

        body = QWidget()
        layout = QVBoxLayout(body)
        self.empty = QLabel(self.tr("Pilih warga di daftar untuk melihat rinciannya."))
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)
        layout.addWidget(self.empty)

        self.title = QLabel()
        self.title.setObjectName("detailName")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        title_font = self.title.font()
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        self.title.setFont(title_font)
        self.status_line = QLabel()
        self.status_line.setObjectName("detailStatus")
        layout.addWidget(self.title)
        layout.addWidget(self.status_line)

        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QLabel] = {}
        self.show_nik = QPushButton(self.tr("Tampilkan NIK"))
        self.show_nik.setObjectName("showNik")
        self.show_nik.setToolTip(self.tr("Menampilkan NIK dan NKK lengkap. Tercatat di log."))
        self.show_nik.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        nik_box = QVBoxLayout()
        nik_box.setSpacing(2)
        self.fields["nik"] = self._value()
        self.fields["nik"].setWordWrap(False)
        nik_box.addWidget(self.fields["nik"])
        nik_box.addWidget(self.show_nik)
        self.nik_error = QLabel()
        self.nik_error.setObjectName("nikError")
        self.nik_error.setWordWrap(True)
        self.nik_error.setStyleSheet(theme.text_style(theme.ERROR))
        self.nik_error.setVisible(False)
        nik_box.addWidget(self.nik_error)
        self.form.addRow(self.tr("NIK"), nik_box)
        for key, label in (
            ("nkk", self.tr("NKK")),
            ("born", self.tr("Tempat, tgl lahir")),
            ("sex", self.tr("Jenis kelamin")),
            ("marital", self.tr("Status kawin")),
            ("address", self.tr("Alamat")),
            ("rt_rw", self.tr("RT/RW")),
            ("kelurahan", self.tr("Kelurahan")),
            ("kecamatan", self.tr("Kecamatan")),
            ("category", self.tr("Kategori")),
            ("disability", self.tr("Disabilitas")),
            ("note", self.tr("Keterangan")),
            ("call", self.tr("Panggilan")),
        ):
            self.fields[key] = self._value()
            self.form.addRow(label, self.fields[key])
        layout.addLayout(self.form)

        self.warnings_title = self._heading(self.tr("Peringatan"))
        self.warnings = self._value()
        self.warnings.setObjectName("detailWarnings")
        self.history_title = self._heading(self.tr("Riwayat"))
        self.history = self._value()
        self.history.setObjectName("detailHistory")
        self.imports_title = self._heading(self.tr("Impor"))
        self.imports = self._value()
        for widget in (self.warnings_title, self.warnings, self.history_title, self.history,
                       self.imports_title, self.imports):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setWidget(body)
        self._details = [self.title, self.status_line, self.warnings_title, self.warnings,
                         self.history_title, self.history, self.imports_title, self.imports]
        self.show_person(None)

    def _value(self) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        label.setContentsMargins(0, 10, 0, 0)
        return label

    def show_person(self, person: PersonDetail | None, *, masked: bool = True,
                    call: str | None = None) -> None:
        """Show `person` (None: nothing selected). `masked` False when the office chose
        to show NIKs in lists: then there is nothing to unmask here either. `call`: their
        current call in words (``calls.describe``), None when they hold none."""
        self.person = person
        self.empty.setVisible(person is None)
        for widget in self._details:
            widget.setVisible(person is not None)
        for row in range(self.form.rowCount()):
            self.form.setRowVisible(row, person is not None)
        if person is None:
            return
        self.title.setText(person.name)
        self.status_line.setText(self.tr("Status: {}").format(person.status_label))
        f = self.fields
        f["nik"].setText(nik_rules.mask(person.nik))
        # an NKK the list wrote wrongly (kept as written) is masked like a valid one
        f["nkk"].setText(people.mask_nkk(person.nkk or person.nkk_raw) or "–")
        self.show_nik.setEnabled(True)
        self.show_nik.setVisible(True)
        self.nik_error.setVisible(False)
        self._show_born(masked=True)
        f["sex"].setText({"L": self.tr("Laki-laki"), "P": self.tr("Perempuan")}.get(
            person.sex or "", "–"))
        f["marital"].setText({"B": self.tr("Belum kawin"), "S": self.tr("Kawin"),
                              "P": self.tr("Pernah kawin")}.get(person.marital or "", "–"))
        f["address"].setText(person.address or "–")
        f["rt_rw"].setText(f"{person.rt or '–'}/{person.rw or '–'}")
        f["kelurahan"].setText(person.kelurahan_name or "–")
        f["kecamatan"].setText(person.kecamatan_name or "–")
        f["category"].setText(person.category_label)
        f["disability"].setText(person.disability or "–")
        f["note"].setText(person.note or "–")
        f["call"].setText(call or self.tr("Tidak ada panggilan."))

        if person.warnings:
            self.warnings.setText("\n".join(f"• {text}" for text in person.warning_texts))
        else:
            self.warnings.setText(self.tr("Tidak ada peringatan."))
        if person.events:
            lines = []
            for event in person.events:
                line = f"{format_moment(event.at)}  {event.label}"
                if event.reason:
                    line += f" ({event.reason})"
                line += self.tr(" — oleh {}").format(event.by_user)
                lines.append(line)
            self.history.setText("\n".join(lines))
        else:
            self.history.setText(self.tr("Belum ada kejadian."))
        imports = []
        if person.first_import is not None:
            imports.append(self.tr("Pertama: {file}, {when} oleh {user}").format(
                file=person.first_import.file_name,
                when=format_moment(person.first_import.imported_at),
                user=person.first_import.imported_by))
        if person.last_import is not None and person.last_import != person.first_import:
            imports.append(self.tr("Terakhir: {file}, {when} oleh {user}").format(
                file=person.last_import.file_name,
                when=format_moment(person.last_import.imported_at),
                user=person.last_import.imported_by))
        self.imports.setText("\n".join(imports) or self.tr("Tidak tercatat."))
        if not masked:
            self.reveal_nik()

    def _show_born(self, *, masked: bool) -> None:
        # beside a masked NIK only the birth year: the date and sex give the masked digits
        person = self.person
        assert person is not None
        born = ", ".join(x for x in (person.birth_place, people.birth_shown(
            person.birth_date, person.birth_date_raw, masked=masked)) if x)
        self.fields["born"].setText(born or "–")

    def reveal_nik(self) -> None:
        if self.person is None:
            return
        self.fields["nik"].setText(self.person.nik)
        self.fields["nkk"].setText(self.person.nkk or self.person.nkk_raw or "–")
        self._show_born(masked=False)
        self.show_nik.setEnabled(False)
        self.show_nik.setVisible(False)
        self.nik_error.setVisible(False)

    def refuse_nik(self, message: str) -> None:
        """Showing the full NIK failed (its audit row could not be written): it stays masked."""
        self.nik_error.setText(message)
        self.nik_error.setVisible(True)
