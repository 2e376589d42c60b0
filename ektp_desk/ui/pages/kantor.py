"""Profil kantor dan teks surat: the office profile form (built from ``profile.FIELDS``) and
the letter texts editor (every part of ``templates.PARTS`` for the first call and for the
second and later calls), with a live preview of one summoned person's letter.

Every edit is checked at once with the core's own rules: an unknown placeholder, a broken
brace, an empty required text, a bad NIP or a missing logo file is shown in red under the
field, and Simpan stays disabled until it is fixed. The preview is rendered ~400 ms after
the last keystroke (``LetterTexts.with_changes`` + ``profile.preview`` +
``batch.preview_letter`` on a reader thread); it registers nothing. Simpan stores the
profile and the texts in one transaction through the runner.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import peewee as pw
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPixmap, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.core import clock
from ektp_desk.core.errors import UserError
from ektp_desk.core.letters import batch, numbering, profile, templates
from ektp_desk.core.letters.profile import OfficeProfile
from ektp_desk.core.letters.templates import LetterTexts
from ektp_desk.ui import theme
from ektp_desk.ui.changes import ChangeBus, PageRefresh
from ektp_desk.ui.operations.letters import (
    Loaded,
    PreviewPerson,
    SaveResult,
    load_all,
    preview_people,
    save_all,
)
from ektp_desk.ui.pdf_view import PdfView
from ektp_desk.ui.runner import JobRunner
from ektp_desk.ui.widgets import ERROR_STYLE, error_text, key_for, page_title

PREVIEW_DELAY_MS = 400
THUMBNAIL = 64
HELP_STYLE = theme.text_style(theme.HINT)
ROUND_TITLES = {1: QT_TRANSLATE_NOOP("ProfilKantorPage", "Teks panggilan pertama"),
                2: QT_TRANSLATE_NOOP("ProfilKantorPage", "Teks panggilan kedua dst.")}
PAPER_LABELS = {"A4": "A4 (210 × 297 mm)", "F4": "F4 (215 × 330 mm)"}


class _PartEditor(QWidget):
    """One letter part: its label, the text, the red message under it."""

    def __init__(self, round_: int, part: templates.PartDef, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.round = round_
        self.part = part
        title = part.shown_label + (" *" if part.required else "")
        self.label = QLabel(f"<b>{title}</b>")
        self.edit = QPlainTextEdit()
        self.edit.setObjectName(f"text_{round_}_{part.key}")
        self.edit.setTabChangesFocus(True)
        lines = 1 if part.kind == "line" else 5
        height = self.edit.fontMetrics().lineSpacing() * lines + 14
        self.edit.setFixedHeight(height)
        if part.kind == "line":
            self.edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
            self.edit.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.label.setBuddy(self.edit)
        self.error = QLabel()
        self.error.setObjectName(f"error_{round_}_{part.key}")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.edit)
        layout.addWidget(self.error)

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))


class ProfilKantorPage(QWidget):
    """Signals: ``loaded`` when the form shows what is stored; ``checked`` after every
    check of the edits; ``preview_rendered`` when the preview shows the edited letter;
    ``saved`` after Simpan stored everything."""

    loaded = Signal()
    checked = Signal()
    preview_rendered = Signal()
    saved = Signal()

    def __init__(self, db: pw.Database, runner: JobRunner, bus: ChangeBus | None = None,
                 parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.bus = bus
        self._today = today
        self._profile: OfficeProfile | None = None
        self._texts: LetterTexts | None = None
        self._logo_change: str | None = None  # None: unchanged; '': remove; else a file
        self._image_changes: dict[str, str] = {}  # signature/stamp: '' remove, else a file
        self.image_labels: dict[str, QLabel] = {}
        self._loading = False
        self.last_preview: bytes | None = None
        self.field_editors: dict[str, QWidget] = {}
        self.part_editors: dict[tuple[int, str], _PartEditor] = {}
        self._last_part: _PartEditor | None = None
        self._errors: list[str] = []
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.render_preview)
        self._build()
        if bus is not None:
            self.refresher = PageRefresh(self, bus, lambda c: c.schedule or c.people,
                                         self._load_people)
        self.reload()

    @property
    def today(self) -> dt.date:
        return self._today or clock.today()

    # --- layout -----------------------------------------------------------------------------
    def _build(self) -> None:
        title = page_title(self.tr("Profil Kantor dan Teks Surat"))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.addTab(self._scrolling(self._build_profile_form()), self.tr("Profil &kantor"))
        for round_ in templates.ROUNDS:
            self.tabs.addTab(self._build_texts(round_), self.tr(ROUND_TITLES[round_]))
        self.tabs.currentChanged.connect(lambda _: self._schedule_preview())

        self.person_combo = QComboBox()
        self.person_combo.setObjectName("previewPerson")
        self.person_combo.setMinimumContentsLength(30)
        self.person_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.person_combo.currentIndexChanged.connect(lambda _: self._schedule_preview())
        self.preview_note = QLabel()
        self.preview_note.setObjectName("previewNote")
        self.preview_note.setWordWrap(True)
        self.preview_note.setStyleSheet(HELP_STYLE)
        self.viewer = PdfView()
        self.viewer.setObjectName("viewer")
        self.viewer.clear(self.tr("Pratinjau muncul di sini."))
        person_row = QHBoxLayout()
        person_label = QLabel(self.tr("&Pratinjau untuk:"))
        person_label.setBuddy(self.person_combo)
        person_row.addWidget(person_label)
        person_row.addWidget(self.person_combo, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(person_row)
        right_layout.addWidget(self.preview_note)
        right_layout.addWidget(self.viewer, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tabs)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.reset_button = QPushButton(self.tr("Bat&alkan perubahan"))
        self.reset_button.setObjectName("reset")
        self.reset_button.setToolTip(self.tr("Kembali ke yang tersimpan"))
        self.reset_button.clicked.connect(self.reload)
        self.save_button = QPushButton(self.tr("&Simpan"))
        self.save_button.setObjectName("save")
        self.save_button.setToolTip(self.tr("Simpan profil kantor dan teks surat"))
        key_for(self.save_button, "Ctrl+S")
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

    @staticmethod
    def _scrolling(inner: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(inner)
        return area

    def _build_profile_form(self) -> QWidget:
        box = QWidget()
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for spec in profile.FIELDS:
            editor = self._field_editor(spec)
            editor.setObjectName(f"field_{spec.key}")
            self.field_editors[spec.key] = editor
            label = QLabel(spec.shown_label + (" *" if spec.required else ""))
            label.setBuddy(editor.findChild(QPushButton) if spec.kind == "logo" else editor)
            if spec.shown_help:
                label.setToolTip(spec.shown_help)
                editor.setToolTip(spec.shown_help)
            form.addRow(label, editor)
            if spec.kind == "pattern":
                form.addRow(self.tr("Kode klasifikasi"), self._classification_editor())
            if spec.shown_help and spec.kind in ("logo", "image", "pattern", "bool"):
                hint = QLabel(spec.shown_help)
                hint.setWordWrap(True)
                hint.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
                hint.setStyleSheet(HELP_STYLE)
                form.addRow("", hint)
        self.profile_error = QLabel()
        self.profile_error.setObjectName("profileError")
        self.profile_error.setWordWrap(True)
        self.profile_error.setStyleSheet(ERROR_STYLE)
        self.profile_error.setVisible(False)
        form.addRow(self.profile_error)
        note = QLabel(self.tr("Tanggal pemungutan suara diatur di Pengaturan umum. "
                              "Isian bertanda * wajib diisi."))
        note.setWordWrap(True)
        note.setStyleSheet(HELP_STYLE)
        form.addRow(note)
        return box

    def _field_editor(self, spec: profile.ProfileField) -> QWidget:
        if spec.kind == "bool":
            check = QCheckBox()
            check.toggled.connect(lambda _: self._edited())
            return check
        if spec.kind == "choice":
            combo = QComboBox()
            for paper in profile.PAPERS:
                combo.addItem(PAPER_LABELS.get(paper, paper), paper)
            combo.currentIndexChanged.connect(lambda _: self._edited())
            return combo
        if spec.kind == "logo":
            return self._logo_editor()
        if spec.kind == "image":
            return self._image_editor(spec.key)
        line = QLineEdit()
        line.setMaxLength(spec.max_length)
        line.textEdited.connect(lambda _: self._edited())
        return line

    def _logo_editor(self) -> QWidget:
        box = QWidget()
        self.logo_thumb = QLabel()
        self.logo_thumb.setObjectName("logoThumb")
        self.logo_thumb.setFixedSize(QSize(THUMBNAIL, THUMBNAIL))
        self.logo_thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_thumb.setFrameShape(QFrame.Shape.StyledPanel)
        self.logo_name = QLabel()
        self.logo_name.setObjectName("logoName")
        self.logo_name.setWordWrap(True)
        self.logo_choose = QPushButton(self.tr("Pilih &logo…"))
        self.logo_choose.setObjectName("chooseLogo")
        self.logo_choose.clicked.connect(self.choose_logo)
        self.logo_remove = QPushButton(self.tr("Hapus logo"))
        self.logo_remove.setObjectName("removeLogo")
        self.logo_remove.clicked.connect(self.remove_logo)
        buttons = QVBoxLayout()
        buttons.addWidget(self.logo_name)
        row = QHBoxLayout()
        row.addWidget(self.logo_choose)
        row.addWidget(self.logo_remove)
        row.addStretch(1)
        buttons.addLayout(row)
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.logo_thumb)
        layout.addLayout(buttons, 1)
        return box

    def _classification_editor(self) -> QComboBox:
        """The filing code as a choice: it rewrites the start of the number pattern."""
        self.classification = QComboBox()
        self.classification.setObjectName("classification")
        for code, label in numbering.CLASSIFICATIONS.items():
            self.classification.addItem(label, code)
        self.classification.addItem(self.tr("(lain, ditulis pada pola)"), None)
        self.classification.activated.connect(self._classification_chosen)
        return self.classification

    def _classification_chosen(self) -> None:
        code = self.classification.currentData()
        line = self.field_editors["number_pattern"]
        if code and isinstance(line, QLineEdit):
            line.setText(numbering.with_classification(line.text().strip(), code))
            self._edited()

    def _show_classification(self) -> None:
        line = self.field_editors["number_pattern"]
        code = numbering.classification(line.text()) if isinstance(line, QLineEdit) else None
        self.classification.setCurrentIndex(self.classification.findData(code))

    def _image_editor(self, key: str) -> QWidget:
        """Choose or remove the signature or stamp image (stored in the database)."""
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel()
        label.setObjectName(f"image_{key}")
        self.image_labels[key] = label
        choose = QPushButton(self.tr("Pilih gambar…"))
        choose.setObjectName(f"choose_{key}")
        choose.clicked.connect(lambda: self.choose_image(key))
        remove = QPushButton(self.tr("Hapus"))
        remove.setObjectName(f"remove_{key}")
        remove.clicked.connect(lambda: self.set_image(key, ""))
        row.addWidget(label, 1)
        row.addWidget(choose)
        row.addWidget(remove)
        return box

    def choose_image(self, key: str) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Pilih gambar"), str(Path.home()),
            self.tr("Gambar (*.png *.jpg *.jpeg)"))
        if chosen:
            self.set_image(key, chosen)

    def set_image(self, key: str, path: str) -> None:
        """A new image file for ``key`` (checked by the core on check/save), or '' to
        remove it."""
        self._image_changes[key] = path
        self._show_image(key, None)
        self._edited()

    def _show_image(self, key: str, stored: bytes | None) -> None:
        change = self._image_changes.get(key)
        if change:
            text = Path(change).name
        elif change == "" or not stored:
            text = self.tr("Belum ada gambar.")
        else:
            text = self.tr("Tersimpan ({size} KB).").format(size=max(1, len(stored) // 1000))
        self.image_labels[key].setText(text)

    def _build_texts(self, round_: int) -> QWidget:
        editors = QWidget()
        column = QVBoxLayout(editors)
        intro = QLabel(self.tr("Teks surat untuk panggilan pertama.") if round_ == 1 else self.tr(
            "Teks surat untuk panggilan kedua dan seterusnya (warga yang belum datang)."))
        intro.setWordWrap(True)
        intro.setStyleSheet(HELP_STYLE)
        column.addWidget(intro)
        for part in templates.PARTS:
            editor = _PartEditor(round_, part)
            editor.edit.textChanged.connect(self._edited)
            editor.edit.installEventFilter(self)
            self.part_editors[(round_, part.key)] = editor
            column.addWidget(editor)
        defaults = QPushButton(self.tr("Kembalikan semua teks ini ke teks ba&waan"))
        defaults.setObjectName(f"defaults_{round_}")
        defaults.clicked.connect(lambda: self.restore_defaults(round_))
        column.addWidget(defaults, 0, Qt.AlignmentFlag.AlignLeft)
        column.addStretch(1)

        placeholders = QListWidget()
        placeholders.setObjectName(f"placeholders_{round_}")
        for name, meaning in templates.placeholder_meanings().items():
            item = QListWidgetItem(f"{{{name}}}  {meaning}")
            item.setData(Qt.ItemDataRole.UserRole, "{" + name + "}")
            item.setToolTip(self.tr("Klik dua kali untuk menyisipkan {name} di teks yang "
                                    "sedang diubah").format(name="{" + name + "}"))
            placeholders.addItem(item)
        placeholders.itemActivated.connect(self._insert_placeholder)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_label = QLabel(self.tr("I&sian yang dapat dipakai:"))
        side_label.setBuddy(placeholders)
        side_layout.addWidget(side_label)
        side_layout.addWidget(placeholders, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._scrolling(editors))
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        return splitter

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            for editor in self.part_editors.values():
                if editor.edit is watched:
                    self._last_part = editor
        return super().eventFilter(watched, event)

    # --- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        """Read what is stored (discarding edits)."""
        self.runner.run_read(load_all, self.today, on_success=self._loaded,
                             on_failure=self._say_error)

    def _loaded(self, data: Loaded) -> None:
        self._profile, self._texts = data.profile, data.texts
        self._logo_change = None
        self._image_changes = {}
        self._loading = True
        try:
            self._fill_profile(data.profile)
            for (round_, key), editor in self.part_editors.items():
                editor.edit.setPlainText(data.texts.parts[round_][key])
            self._fill_people(data.people)
        finally:
            self._loading = False
        self._say("")
        self.check()
        self.loaded.emit()
        self._schedule_preview(now=True)

    def _fill_profile(self, values: OfficeProfile) -> None:
        for spec in profile.FIELDS:
            editor = self.field_editors[spec.key]
            value = getattr(values, spec.key)
            if spec.kind == "image":
                self._show_image(spec.key, value)
            elif isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(editor.findData(value), 0))
            elif isinstance(editor, QLineEdit):
                editor.setText(str(value or ""))
                editor.setCursorPosition(0)  # long values show their start
        self._show_logo(values.logo, values.logo_path)
        self._show_classification()

    def _fill_people(self, people: list[PreviewPerson]) -> None:
        keep = self.person_combo.currentData()
        self.person_combo.blockSignals(True)
        self.person_combo.clear()
        for person in people:
            self.person_combo.addItem(person.label, person.summons_id)
        if not people:
            self.person_combo.addItem(self.tr("Belum ada warga yang dipanggil"), None)
        self.person_combo.setEnabled(bool(people))
        index = self.person_combo.findData(keep) if keep is not None else -1
        self.person_combo.setCurrentIndex(max(index, 0))
        self.person_combo.blockSignals(False)
        if self.person_combo.currentData() != keep:
            # the first person called since (or another, the one shown left the list): the
            # preview follows, as if the clerk had picked them
            self._schedule_preview()

    def _load_people(self) -> None:
        self.runner.run_read(preview_people, self.today, on_success=self._fill_people,
                             key="kantor.people")

    # --- the logo ---------------------------------------------------------------------------
    def _show_logo(self, data: bytes | None, path: str | None) -> None:
        pixmap = QPixmap()
        if not data and path:
            # through the core's checked reader: a FIFO or a device must not hang the window
            try:
                data = profile.read_logo(path)
            except UserError:
                data = None  # check() shows why, under the form
        if data:
            pixmap.loadFromData(data)
        if pixmap.isNull():
            self.logo_thumb.setPixmap(QPixmap())
            self.logo_thumb.setText(self.tr("(tanpa\nlogo)"))
        else:
            self.logo_thumb.setPixmap(pixmap.scaled(
                THUMBNAIL - 4, THUMBNAIL - 4, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))
        name = Path(path).name if path else ""
        self.logo_name.setText(name or self.tr("Belum ada logo: surat hanya dapat dilihat "
                                               "sebagai CONTOH, belum dapat dicetak."))
        self.logo_remove.setEnabled(bool(data or path))

    def choose_logo(self) -> None:
        start = str(Path(self._logo_change or (self._profile and self._profile.logo_path)
                         or Path.home()).parent)
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Pilih logo daerah"), start, self.tr("Gambar (*.png *.jpg *.jpeg)"))
        if not chosen:
            return
        self._logo_change = chosen
        self._show_logo(None, chosen)
        self._edited()

    def remove_logo(self) -> None:
        self._logo_change = ""
        self._show_logo(None, None)
        self._edited()

    # --- editing and checking -------------------------------------------------------------------
    def profile_values(self) -> dict[str, object]:
        """The form's profile fields as the core's validate/save take them (the logo only
        when it was changed)."""
        values: dict[str, object] = {}
        for spec in profile.FIELDS:
            editor = self.field_editors[spec.key]
            if spec.kind == "logo":
                if self._logo_change is not None:
                    values[spec.key] = self._logo_change
            elif spec.kind == "image":
                if spec.key in self._image_changes:
                    values[spec.key] = self._image_changes[spec.key]
            elif isinstance(editor, QCheckBox):
                values[spec.key] = editor.isChecked()
            elif isinstance(editor, QComboBox):
                values[spec.key] = editor.currentData()
            elif isinstance(editor, QLineEdit):
                values[spec.key] = editor.text()
        return values

    def text_changes(self) -> dict[tuple[int, str], str]:
        """The parts whose text differs from what is in force (valid ones only)."""
        if self._texts is None:
            return {}
        changes = {}
        for (round_, key), editor in self.part_editors.items():
            try:
                tidy = templates.validate_text(key, editor.text())
            except UserError:
                continue
            if tidy != self._texts.parts[round_][key]:
                changes[(round_, key)] = tidy
        return changes

    def _edited(self) -> None:
        if self._loading:
            return
        self._show_classification()
        self.check()
        self._schedule_preview()

    def check(self) -> list[str]:
        """Check every field and text with the core's rules; show each message where it
        belongs; Simpan only when all is well. Returns the messages."""
        errors: list[str] = []
        try:
            profile.validate(self.profile_values())
            self.profile_error.clear()
            self.profile_error.setVisible(False)
        except UserError as exc:
            self.profile_error.setText(exc.message)
            self.profile_error.setVisible(True)
            errors.append(exc.message)
        for editor in self.part_editors.values():
            try:
                templates.validate_text(editor.part.key, editor.text())
                editor.set_error("")
            except UserError as exc:
                editor.set_error(exc.message)
                errors.append(exc.message)
        self._errors = errors
        for index, round_ in enumerate(templates.ROUNDS, start=1):
            bad = any(e.error.text() for (r, _), e in self.part_editors.items() if r == round_)
            self.tabs.setTabText(index, self.tr(ROUND_TITLES[round_]) + (" ⚠" if bad else ""))
        self.tabs.setTabText(0, self.tr("Profil &kantor") + (
            " ⚠" if self.profile_error.text() else ""))
        self.save_button.setEnabled(not errors and self._profile is not None)
        if errors:
            self._say_error_text(self.tr("Perbaiki isian yang ditandai merah sebelum "
                                         "menyimpan."))
        elif self.status.styleSheet():
            self._say("")
        self.checked.emit()
        return errors

    def restore_defaults(self, round_: int) -> None:
        defaults = templates.default_texts().parts[round_]
        for (r, key), editor in self.part_editors.items():
            if r == round_:
                editor.edit.setPlainText(defaults[key])

    def _insert_placeholder(self, item: QListWidgetItem) -> None:
        editor = self._last_part
        if editor is None:
            round_ = templates.ROUNDS[max(self.tabs.currentIndex() - 1, 0)]
            editor = self.part_editors[(round_, templates.PARTS[0].key)]
        editor.edit.textCursor().insertText(str(item.data(Qt.ItemDataRole.UserRole)))
        editor.edit.setFocus()
        editor.edit.moveCursor(QTextCursor.MoveOperation.NoMove)

    # --- the preview ------------------------------------------------------------------------
    @property
    def preview_round(self) -> int:
        """The wording the preview shows: the tab being edited (round 1 on the profile)."""
        return 2 if self.tabs.currentIndex() == 2 else 1

    def _schedule_preview(self, now: bool = False) -> None:
        if self._texts is None:
            return
        if now:
            self._preview_timer.stop()
            self.render_preview()
        else:
            self._preview_timer.start()

    def render_preview(self) -> None:
        """Render the chosen person's letter with the edited texts and profile."""
        summons_id = self.person_combo.currentData()
        if self._texts is None or self._profile is None:
            return
        if summons_id is None:
            self.preview_note.setText(self.tr("Pratinjau muncul setelah ada warga yang "
                                              "dijadwalkan."))
            return
        if self._errors:
            self.preview_note.setText(self.tr("Pratinjau belum diperbarui: perbaiki dulu "
                                              "isian yang ditandai merah."))
            return
        try:
            texts = self._texts.with_changes(self.text_changes())
            office = profile.preview(self._profile, self.profile_values())
        except UserError as exc:
            self.preview_note.setText(exc.message)
            return
        round_ = self.preview_round
        if round_ == 2:  # show the second-call wording whatever this person's call is
            texts = LetterTexts({1: texts.parts[2], 2: texts.parts[2]}, texts.custom)
        self.runner.run_read(
            batch.preview_letter, int(summons_id), texts=texts, profile=office,
            letter_date=self._today, key=(id(self), "preview"),
            on_success=lambda data: self._preview_ready(round_, data),
            on_failure=self._preview_failed)

    def _preview_ready(self, round_: int, data: bytes) -> None:
        self.last_preview = data
        self.viewer.load(data)
        self.preview_note.setText(self.tr(
            "Pratinjau dengan teks {which}, belum disimpan bila ada perubahan. Tidak ada "
            "nomor yang dipakai.").format(
            which=self.tr("panggilan pertama") if round_ == 1 else
            self.tr("panggilan kedua dst.")))
        self.preview_rendered.emit()

    def _preview_failed(self, error: BaseException) -> None:
        self.preview_note.setText(error_text(error))

    # --- saving -----------------------------------------------------------------------------
    def save(self) -> None:
        if self.check():
            return
        values = self.profile_values()
        texts = self.text_changes()
        self.save_button.setEnabled(False)
        self.runner.run_write(save_all, values, texts, on_success=self._saved,
                              on_failure=self._save_failed)

    def _saved(self, _result: SaveResult) -> None:
        self._say(self.tr("Profil kantor dan teks surat tersimpan."))
        self.runner.run_read(load_all, self.today, on_success=self._reloaded_after_save,
                             on_failure=self._say_error)

    def _reloaded_after_save(self, data: Loaded) -> None:
        message = self.status.text()
        self._loaded(data)
        self._say(message)
        self.saved.emit()

    def _save_failed(self, error: BaseException) -> None:
        self._say_error(error)
        self.save_button.setEnabled(True)

    # --- messages -------------------------------------------------------------------------
    def _say(self, text: str) -> None:
        self.status.setStyleSheet("")
        self.status.setText(text)

    def _say_error_text(self, text: str) -> None:
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(text)

    def _say_error(self, error: BaseException) -> None:
        self._say_error_text(error_text(error))
