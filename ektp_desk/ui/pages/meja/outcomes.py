"""The Meja Layanan page's outcome keys: which person they act on, and when they act.

An outcome key (or its button) records for the person whose card is shown, and only once
that card is what the clerk is looking at: not while a list of search results waits for a
choice, not while text typed in the search field is still unopened, not while another
person is being opened. Then every key does nothing but say why on the page. A key whose
button is greyed out (the status or the person's age does not allow the outcome) is refused
the same way, before any reason dialog opens.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog

from ektp_desk.core import desk_rules
from ektp_desk.core.desk import PersonCard
from ektp_desk.ui.operations.desk import record_job
from ektp_desk.ui.pages.meja.dialogs import ReasonDialog
from ektp_desk.ui.widgets import tr

if TYPE_CHECKING:
    from ektp_desk.ui.pages.meja.page import MejaPage

TANPA_JARI = "tanpa_jari"


def not_ready(page: MejaPage) -> str | None:
    """Why the outcome keys may not act now, or None when they act on the shown card."""
    card = page.card
    if card is None:
        return tr("Belum ada warga yang dibuka. Pindai kode surat atau cari NIK/nama dulu.")
    if page.results.isVisible():
        return tr("Daftar hasil pencarian masih terbuka: pilih warganya dulu (↑/↓ lalu "
                   "Enter). Tombol hasil belum berlaku; tidak ada yang dicatat.")
    if page.opening:
        return tr("Warga sedang dibuka; tunggu kartunya tampil. Tidak ada yang dicatat.")
    typed = page.search.text().strip()
    if typed:
        return tr("Kolom pencarian berisi \"{text}\" yang belum dibuka: tekan Enter untuk "
                   "membukanya, atau Esc untuk kembali ke {name}. Tidak ada yang dicatat."
                   ).format(text=typed[:40], name=card.name)
    return None


def refresh_outcomes(page: MejaPage) -> None:
    """Enable the buttons (and so their keys) the shown person may be given now."""
    card = page.card
    ready = card is not None and not_ready(page) is None
    for status, button in page.outcome_buttons.items():
        button.setEnabled(ready and card is not None and desk_rules.offered(
            card.status, status, birth_date=card.birth_date, marital=card.marital,
            today=page.today))
    page.tanpa_jari_button.setEnabled(page.outcome_buttons["terekam"].isEnabled())


def _refused(page: MejaPage, card: PersonCard, status: str) -> str:
    """Why a greyed-out outcome is not recorded: the core's own words."""
    error = desk_rules.age_refusal(status, name=card.name, birth_date=card.birth_date,
                                   marital=card.marital, today=page.today)
    if not desk_rules.allowed(card.status, status) or error is None:
        error = desk_rules.refusal(card.name, card.status, status)
    return error.message


def mark(page: MejaPage, status: str, reason: str | None = None) -> None:
    """An outcome key or button: record `status` for the shown person, asking the reason
    first where the outcome needs one."""
    why = not_ready(page)
    card = page.card
    if why is not None or card is None:
        page.say("warn", why or "")
        page.refocus()
        return
    if not page.outcome_buttons[status].isEnabled():
        page.say("error", _refused(page, card, status))
        page.refocus()
        return
    asks = {
        "gagal_rekam": (tr("Gagal rekam"), tr("Mengapa perekaman {name} gagal?"),
                        desk_rules.REASONS, None),
        "tidak_dapat_dilayani": (tr("Tidak dapat dilayani"),
                                 tr("Mengapa {name} tidak dapat dilayani?"),
                                 desk_rules.NOT_SERVED, None),
        "rekam_luar_daerah": (tr("Direkam di luar daerah"),
                              tr("Mengapa {name} merekam di luar daerah, dan di mana?"),
                              desk_rules.AWAY, tr("Tempat perekaman (wajib):")),
        "dirujuk": (tr("Dirujuk"), tr("Mengapa {name} dirujuk, dan ke mana?"),
                    desk_rules.AWAY, tr("Kantor atau daerah tujuan (wajib):")),
    }
    if status in asks:
        title, prompt, reasons, place = asks[status]
        _ask_reason(page, card, status, title, prompt.format(name=card.name), reasons,
                    place)
        return
    _record(page, card, status, reason, None)


def _ask_reason(page: MejaPage, card: PersonCard, status: str, title: str, prompt: str,
                reasons: Mapping[str, str], place: str | None) -> None:
    dialog = ReasonDialog(title, prompt, reasons, page, note_label=place)
    page.dialog = dialog

    def done(result: int) -> None:
        page.dialog_closed()
        dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted:
            code, note = dialog.chosen()
            _record(page, card, status, code, note)

    dialog.finished.connect(done)
    dialog.open()


def _record(page: MejaPage, card: PersonCard, status: str, reason: str | None,
            note: str | None) -> None:
    page.runner.run_write(record_job, card.person_id, status, reason=reason, note=note,
                          today=page.today, visit_id=page.visit_id, source=page,
                          on_success=lambda result: page.opened(result, None),
                          on_failure=page.failed)
