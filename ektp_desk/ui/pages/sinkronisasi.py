"""Sinkronisasi: this office's identity and trusted offices; per office what was sent,
acknowledged and pending and when the last file came; export to a folder or USB drive
(told "aman dicabut" only after the file was read back and verified); import a file or a
receipt with its summary. Every job goes through the runner."""

from __future__ import annotations

from pathlib import Path

import peewee as pw
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.core import accounts, outputs
from ektp_desk.core.calendar import format_moment
from ektp_desk.core.drives import removable_drives
from ektp_desk.core.errors import UserError
from ektp_desk.core.people import format_count
from ektp_desk.core.sync import apply, export, office, status
from ektp_desk.ui import crash
from ektp_desk.ui.changes import ChangeBus, PageRefresh
from ektp_desk.ui.dialogs.conflicts import ConflictsDialog
from ektp_desk.ui.dialogs.office_identity import OfficeIdentityDialog
from ektp_desk.ui.operations.sync import page_state
from ektp_desk.ui.runner import JobRunner
from ektp_desk.ui.widgets import ERROR_STYLE, fit_columns, page_title

PENDING_COLUMN = 5
SYNC_TABLES = frozenset({"sync_office", "sync_peer", "sync_log", "sync_item", "sync_ack",
                         "sync_conflict"})


class SinkronisasiPage(QWidget):
    refreshed = Signal()  # the office and the per-office figures are shown as they are now

    def __init__(self, db: pw.Database, runner: JobRunner, bus: ChangeBus,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.bus = bus
        title = page_title(self.tr("Sinkronisasi"))
        self._no_recipient_said = False  # the export label says there is nobody to send to

        # --- identity and cards
        self.identity_label = QLabel()
        self.identity_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.init_button = QPushButton(self.tr("Buat identitas kantor…"))
        self.init_button.clicked.connect(self.create_identity)
        self.card_button = QPushButton(self.tr("Simpan kartu kantor…"))
        self.card_button.clicked.connect(self.save_card)
        self.trust_button = QPushButton(self.tr("Percayai kartu kantor lain…"))
        self.trust_button.clicked.connect(self.trust_card)
        self.rotate_button = QPushButton(self.tr("Ganti kunci…"))
        self.rotate_button.setToolTip(self.tr(
            "Kunci baru untuk kantor ini (mis. kata sandi bocor). Kartu kantor yang baru harus "
            "dikirim dan dipercaya lagi di kantor lain."))
        self.rotate_button.clicked.connect(self.rotate_keys)
        self.retire_button = QPushButton(self.tr("Pensiunkan kunci kantor terpilih…"))
        self.retire_button.setToolTip(self.tr(
            "PC kantor lain hilang atau dicuri: berkas dari kuncinya ditolak sampai kartu "
            "barunya dipercaya."))
        self.retire_button.clicked.connect(self.retire_selected)
        self.restore_button = QPushButton(self.tr("Pulihkan kunci…"))
        self.restore_button.setToolTip(self.tr(
            "Batalkan pensiun kunci kantor terpilih, atau kembalikan kuncinya yang lama bila "
            "kartu yang salah telah dipercaya."))
        self.restore_button.clicked.connect(self.restore_selected)
        # two rows of three: one row of six is wider than a 125 % screen
        id_buttons = QGridLayout()
        for index, button in enumerate((self.init_button, self.card_button, self.trust_button,
                                        self.rotate_button, self.retire_button,
                                        self.restore_button)):
            id_buttons.addWidget(button, index // 3, index % 3)
        id_buttons.setColumnStretch(3, 1)
        id_box = QGroupBox(self.tr("Kantor ini"))
        id_layout = QVBoxLayout(id_box)
        id_layout.addWidget(self.identity_label)
        id_layout.addLayout(id_buttons)

        # --- offices
        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels([
            self.tr("Kantor"), self.tr("Nama"), self.tr("Sidik kunci"), self.tr("Terkirim"),
            self.tr("Dikonfirmasi"), self.tr("Akan dikirim"), self.tr("Berkas terakhir masuk")])
        # the page's two counts of what is not yet across, each saying what it counts
        self.table.horizontalHeaderItem(PENDING_COLUMN).setToolTip(self.tr(
            "Baris yang akan dimuat berkas berikutnya untuk kantor ini: semua yang belum "
            "dikonfirmasi tanda terimanya, yang sudah dikirim maupun perubahan yang belum "
            "pernah diekspor."))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        fit_columns(self.table, stretch=1)
        self.table.itemSelectionChanged.connect(self._update_retire)
        self.review_label = QLabel()
        self.review_button = QPushButton(self.tr("Tinjau &konflik…"))
        self.review_button.clicked.connect(self.open_conflicts)
        review_row = QHBoxLayout()
        review_row.addWidget(self.review_label, 1)
        review_row.addWidget(self.review_button)

        # --- export
        self.recipient = QComboBox()
        self.folder = QComboBox()
        self.folder.setEditable(True)
        self.folder.setMinimumWidth(280)
        self.browse_button = QPushButton(self.tr("Pilih folder…"))
        self.browse_button.clicked.connect(self.choose_folder)
        self.export_button = QPushButton(self.tr("&Ekspor"))
        self.export_button.clicked.connect(self.start_export)
        exp_row = QHBoxLayout()
        exp_row.addWidget(QLabel(self.tr("Untuk:")))
        exp_row.addWidget(self.recipient, 1)
        exp_row.addWidget(QLabel(self.tr("Ke folder / flashdisk:")))
        exp_row.addWidget(self.folder, 2)
        exp_row.addWidget(self.browse_button)
        exp_row.addWidget(self.export_button)
        self.export_label = QLabel()
        self.export_label.setWordWrap(True)
        self.export_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        exp_box = QGroupBox(self.tr("Ekspor"))
        exp_layout = QVBoxLayout(exp_box)
        exp_layout.addLayout(exp_row)
        exp_layout.addWidget(self.export_label)

        # --- import
        self.import_button = QPushButton(self.tr("&Impor berkas…"))
        self.import_button.clicked.connect(self.start_import)
        self.import_label = QLabel()
        self.import_label.setWordWrap(True)
        self.import_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        imp_row = QHBoxLayout()
        imp_row.addWidget(self.import_button)
        imp_row.addStretch(1)
        imp_box = QGroupBox(self.tr("Impor"))
        # the summary under the button: a wrapped label beside it gets too little height
        imp_layout = QVBoxLayout(imp_box)
        imp_layout.addLayout(imp_row)
        imp_layout.addWidget(self.import_label)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(id_box)
        layout.addWidget(self.table, 1)
        layout.addLayout(review_row)
        layout.addWidget(exp_box)
        layout.addWidget(imp_box)
        self.refresher = PageRefresh(
            self, bus, lambda c: c.people or c.events or bool(c.tables & SYNC_TABLES),
            self.refresh)
        self.refresh()

    # --- showing -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read this office and the per-office figures on a reader thread; a newer refresh
        replaces one still running."""
        self.runner.run_read(page_state, key="sinkronisasi", on_success=self._show_state,
                             on_failure=lambda e: self._error(self.review_label, e))

    def _show_state(self, state_: tuple[office.OfficeInfo | None, status.SyncStatus]) -> None:
        own, state = state_
        if own is None:
            self.identity_label.setText(self.tr(
                "Belum ada identitas kantor. Buat identitas sebelum bertukar berkas."))
        else:
            self.identity_label.setText(self.tr(
                "{office_id} — {name} ({kind}) · sidik kunci {fp}").format(
                office_id=own.office_id, name=own.name, kind=own.kind, fp=own.fingerprint))
        self.init_button.setVisible(own is None)
        for button in (self.card_button, self.trust_button, self.rotate_button,
                       self.export_button, self.import_button):
            button.setEnabled(own is not None)
        self.peers = state.peers
        self.table.setRowCount(len(state.peers))
        for row, peer in enumerate(state.peers):
            last = format_moment(peer.last_import) if peer.last_import else "-"
            values = [peer.office_id, peer.name + (self.tr(" (dipensiunkan)")
                                                   if peer.retired else ""),
                      peer.fingerprint, format_count(peer.sent),
                      format_count(peer.acknowledged), format_count(peer.pending), last]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if 3 <= col <= 5:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        current = self.recipient.currentData()
        self.recipient.clear()
        for peer in state.peers:
            if not peer.retired:
                self.recipient.addItem(f"{peer.name} ({peer.office_id})", peer.office_id)
        if current is not None and self.recipient.findData(current) >= 0:
            self.recipient.setCurrentIndex(self.recipient.findData(current))
        self.review_label.setText(self.tr(
            "Perubahan yang belum pernah diekspor: {unsent} · konflik untuk ditinjau: "
            "{conflicts} · baris ditolak: {rejected}").format(
                unsent=format_count(state.unstamped), conflicts=state.conflicts_open,
                rejected=state.rejected))
        if self._no_recipient_said and self.recipient.count():
            self._no_recipient_said = False  # an office was trusted since: no longer true
            self.export_label.clear()
        self.review_button.setEnabled(state.conflicts_open > 0)
        self._update_retire()
        self._fill_drives()
        self.refreshed.emit()

    def selected_peer(self) -> status.PeerStatus | None:
        rows = self.table.selectionModel().selectedRows()
        return self.peers[rows[0].row()] if rows else None

    def _update_retire(self) -> None:
        peer = self.selected_peer()
        self.retire_button.setEnabled(peer is not None and not peer.retired)
        self.restore_button.setEnabled(peer is not None)

    def _fill_drives(self) -> None:
        typed = self.folder.currentText()
        self.folder.clear()
        for drive in removable_drives():
            self.folder.addItem(str(drive))
        if typed:
            self.folder.setCurrentText(typed)

    # --- dialogs -------------------------------------------------------------------------
    def _passphrase(self, title: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, self.tr("Kata sandi kunci kantor:"),
                                        QLineEdit.EchoMode.Password)
        return text if ok and text else None

    def _user(self) -> str:
        return accounts.acting_name(self.db)

    def _error(self, label: QLabel, error: BaseException) -> None:
        if isinstance(error, UserError):
            label.setStyleSheet(ERROR_STYLE)
            label.setText(error.message)
        else:
            crash.report(error)  # a bug: the crash dialog and the log, as the runner does

    def create_identity(self) -> OfficeIdentityDialog:
        """One dialog: the kind of office, its region, the passphrase twice, and at the end
        the fingerprint to read out by phone."""
        dialog = OfficeIdentityDialog(self.db, self.runner, self)
        dialog.created.connect(lambda _: self.refresh())
        dialog.open()
        return dialog

    def save_card(self) -> None:
        own = office.identity(self.db)
        if own is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Simpan kartu kantor"), f"kartu-{own.office_id}.ektpcard",
            self.tr("Kartu kantor (*.ektpcard);;Semua berkas (*)"))
        if not path:
            return
        try:
            outputs.check_outputs([path], database=self.db)
        except UserError as exc:
            self._error(self.identity_label, exc)
            return
        self.runner.run_write(
            office.export_card, path,
            on_success=lambda p: self.identity_label.setText(self.tr(
                "Kartu kantor disimpan: {path}. Bacakan sidik kunci lewat telepon: {fp}"
            ).format(path=p, fp=own.fingerprint)),
            on_failure=lambda e: self._error(self.identity_label, e))

    def trust_card(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Percayai kartu kantor"), "",
            self.tr("Kartu kantor (*.ektpcard *.card);;Semua berkas (*)"))
        if not path:
            return
        try:
            card = office.read_card(path)
        except UserError as exc:
            QMessageBox.warning(self, self.tr("Kartu kantor"), exc.message)
            return
        fp, ok = QInputDialog.getText(
            self, self.tr("Bandingkan sidik kunci"),
            self.tr("Kantor {office_id} ({name}).\nKetik sidik kunci yang dibacakan lewat "
                    "telepon:").format(office_id=card.office_id, name=card.name))
        if not ok:
            return
        self._trust(path, fp, replace_key=False)

    def _trust(self, path: str, fp: str, *, replace_key: bool) -> None:
        self.runner.run_write(office.trust_card, path, by=self._user(),
                              expected_fingerprint=fp, replace_key=replace_key,
                              on_success=lambda _: self.refresh(),
                              on_failure=lambda e: self._trust_refused(path, fp, e))

    def _trust_refused(self, path: str, fp: str, error: BaseException) -> None:
        message = getattr(error, "message", str(error))
        if getattr(error, "message_id", "") != "card_key_change_unproven":
            QMessageBox.warning(self, self.tr("Kartu kantor"), message)
            return
        # the fingerprint typed matched this card: the admin may still replace the key,
        # knowingly, with the question defaulting to No
        answer = QMessageBox.question(
            self, self.tr("Ganti kunci kantor?"),
            message + "\n\n" + self.tr(
                "Sidik kunci yang Anda ketik ({fp}) cocok dengan kartu ini. Ganti kunci "
                "kantor itu sekarang? Kunci lamanya dipensiunkan (dapat dipulihkan).").format(
                    fp=fp),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self._trust(path, fp, replace_key=True)

    def rotate_keys(self) -> None:
        passphrase = self._passphrase(self.tr("Ganti kunci"))
        if passphrase is None:
            return
        self.runner.run_write(
            office.rotate_keys, passphrase, by=self._user(), title=self.tr("Membuat kunci baru"),
            on_success=self._rotated, on_failure=lambda e: self._error(self.identity_label, e))

    def _rotated(self, result: office.OfficeResult) -> None:
        self.refresh()
        self.identity_label.setText(self.tr(
            "Kunci baru dibuat. Simpan kartu kantor dan kirim ke kantor lain; bacakan sidik "
            "kunci baru lewat telepon: {fp}").format(fp=result.office.fingerprint))

    def retire_selected(self) -> None:
        peer = self.selected_peer()
        if peer is None or peer.retired:
            return
        answer = QMessageBox.question(
            self, self.tr("Pensiunkan kunci"),
            self.tr("Pensiunkan kunci {name} ({office_id}), sidik {fp}?\n\nBerkas yang dibuat "
                    "dengan kunci ini akan ditolak sampai kartu kantor barunya dipercaya. "
                    "Lakukan ini bila PC kantor itu hilang atau dicuri.").format(
                name=peer.name, office_id=peer.office_id, fp=peer.fingerprint),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.runner.run_write(office.retire_key, peer.office_id, by=self._user(),
                              on_success=lambda _: self.refresh())

    def restore_selected(self) -> None:
        peer = self.selected_peer()
        if peer is None:
            return
        keys = office.retired_keys(self.db, peer.office_id)
        if not keys:
            QMessageBox.information(self, self.tr("Pulihkan kunci"), self.tr(
                "Kantor {office_id} tidak punya kunci yang dipensiunkan.").format(
                    office_id=peer.office_id))
            return
        labels = [self.tr("{fp} (dipensiunkan {at})").format(fp=k.fingerprint, at=k.retired_at)
                  for k in keys]
        choice, ok = QInputDialog.getItem(
            self, self.tr("Pulihkan kunci"),
            self.tr("Kunci {name} ({office_id}) yang dipercaya lagi:").format(
                name=peer.name, office_id=peer.office_id), labels, 0, False)
        if not ok:
            return
        chosen = keys[labels.index(choice)]
        self.runner.run_write(office.restore_key, peer.office_id, chosen.fingerprint,
                              by=self._user(), on_success=lambda _: self.refresh(),
                              on_failure=lambda e: self._error(self.identity_label, e))

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Pilih folder atau flashdisk"),
                                                  self.folder.currentText())
        if folder:
            self.folder.setCurrentText(folder)

    def open_conflicts(self) -> ConflictsDialog:
        dialog = ConflictsDialog(self.db, self.runner, self)
        dialog.finished.connect(lambda _: self.refresh())
        dialog.open()
        return dialog

    # --- jobs ----------------------------------------------------------------------------
    def start_export(self) -> None:
        to = self.recipient.currentData()
        folder = self.folder.currentText().strip()
        self.export_label.setStyleSheet("")
        self._no_recipient_said = to is None
        if to is None:
            self.export_label.setText(self.tr("Belum ada kantor tujuan yang dipercaya."))
            return
        if not folder:
            self.choose_folder()
            folder = self.folder.currentText().strip()
            if not folder:
                return
        passphrase = self._passphrase(self.tr("Ekspor"))
        if passphrase is None:
            return
        self.export_label.setText(self.tr("Menulis berkas… jangan cabut flashdisk."))
        self.runner.run_write(export.export, to, Path(folder), passphrase=passphrase,
                              title=self.tr("Mengekspor data"),
                              on_success=self._exported,
                              on_failure=lambda e: self._error(self.export_label, e))

    def _exported(self, result: export.ExportResult) -> None:
        # what matters first; a long path cannot wrap, so it goes last on its own lines
        text = self.tr("{rows} baris ditulis dan sudah diperiksa ulang: flashdisk aman "
                       "dicabut.\nBerkas: {name}\nFolder: {folder}").format(
            rows=result.rows, name=result.file.name, folder=result.file.parent)
        if result.warnings:
            text += "\n" + "\n".join(result.warnings)
        self.export_label.setText(text)
        self.refresh()

    def start_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Impor berkas sinkronisasi"), self.folder.currentText(),
            self.tr("Berkas sinkronisasi (*.ektpsync);;Semua berkas (*)"))
        if not path:
            return
        passphrase = self._passphrase(self.tr("Impor"))
        if passphrase is None:
            return
        self.import_label.setStyleSheet("")
        self.import_label.setText(self.tr("Memeriksa dan mengimpor…"))
        self.runner.run_write(apply.import_file, Path(path), passphrase=passphrase,
                              title=self.tr("Mengimpor data"), on_success=self._imported,
                              on_failure=lambda e: self._error(self.import_label, e))

    def _imported(self, result: apply.ImportResult) -> None:
        if result.kind == "receipt":
            text = self.tr("Tanda terima dari {origin}: {n} baris dikonfirmasi.").format(
                origin=result.origin, n=result.acknowledged)
        else:
            text = self.tr(
                "Dari {origin}: baru {new}, diperbarui {updated}, kejadian baru {events}, "
                "dilewati {skipped}, konflik untuk ditinjau {conflicts}, ditolak {rejected}."
                "\nTanda terima untuk pengirim: {receipt}").format(
                origin=result.origin, new=result.new_people, updated=result.updated_people,
                events=result.new_events, skipped=result.skipped,
                conflicts=result.conflicts, rejected=result.rejected, receipt=result.receipt)
        if result.warnings:
            text += "\n" + "\n".join(result.warnings)
        self.import_label.setText(text)
        self.refresh()
