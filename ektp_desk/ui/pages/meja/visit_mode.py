"""Meja Layanan at a jemput bola visit: the "Layanan di" choice (the office, or a visit of
today still open: "Kunjungan: SMA N 1 Pekalongan, 14 Desember 2026"). With a visit chosen
the page's jobs get its id (ui/operations/desk.py): scan and search find the visit's
people, the outcome keys and undo write the same events (core/desk_visit.py), today's list
is the visit's list, and *Tutup hari…* becomes *Tutup kunjungan…* (whoever was not met is
tidak hadir for the visit)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel

from ektp_desk.core import scheduling
from ektp_desk.core.people import format_count
from ektp_desk.ui.operations.desk import ServicePlace, service_places_job
from ektp_desk.ui.widgets import buddy_label, confirm

if TYPE_CHECKING:
    from ektp_desk.ui.pages.meja.page import MejaPage


# translate("MejaPage", "…"), the form lupdate reads (a wrapper of it would hide the texts)
translate = QCoreApplication.translate


def build_choice(page: MejaPage, title: QLabel) -> QHBoxLayout:
    """The page title with the "Layanan di" combo beside it."""
    page.service_at = QComboBox()
    page.service_at.setObjectName("serviceAt")
    # wide enough for "Kunjungan: <a school's name>, <date>" without widening the window
    page.service_at.setMinimumContentsLength(44)
    page.service_at.setSizeAdjustPolicy(
        QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    page.service_at.addItem(translate("MejaPage", "Kantor (jadwal hari ini)"), None)
    page.service_at.setToolTip(translate(
        "MejaPage", "Di mana meja ini melayani: kantor, atau kunjungan jemput bola hari ini "
        "(laptop tim)."))
    row = QHBoxLayout()
    row.addWidget(title)
    row.addStretch(1)
    row.addWidget(buddy_label(translate("MejaPage", "La&yanan di"), page.service_at))
    row.addWidget(page.service_at)
    page.service_at.currentIndexChanged.connect(lambda _i: _changed(page))
    return row


def reload_choices(page: MejaPage) -> None:
    page.runner.run_read(service_places_job, page.today, key=(id(page), "places"),
                         on_success=lambda places: _fill(page, places),
                         on_failure=page.failed)


def _fill(page: MejaPage, places: list[ServicePlace]) -> None:
    combo = page.service_at
    keep = combo.currentData()
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for place in places:
        combo.addItem(place.label, place.visit_id)
    index = combo.findData(keep) if keep is not None else 0
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)
    if keep is not None and index < 0:  # the visit was closed meanwhile
        _changed(page)
    page.service_places_loaded.emit()


def _changed(page: MejaPage) -> None:
    """Another place served: a fresh card, the place's list, the close button's words."""
    visit = page.visit_id
    page.close_day_button.setText(translate("MejaPage", "Tutup kunjungan…") if visit is not None
                                  else translate("MejaPage", "Tutup hari…"))
    page.clear_search()
    page.show_nobody()
    page.reload_today()
    if visit is not None:
        page.say("info", translate(
            "MejaPage", "Melayani {place}: pindai atau cari warga dalam daftar kunjungan "
            "ini.").format(place=page.service_at.currentText()))


def ask_close_visit(page: MejaPage, visit_id: int) -> None:
    """Read the visit, then ask with the number it will mark tidak hadir."""
    page.runner.run_read(scheduling.get_visit, visit_id, key=(id(page), "close"),
                         on_success=lambda visit: _confirm_close(page, visit),
                         on_failure=page.failed)


def _confirm_close(page: MejaPage, visit: scheduling.VisitInfo) -> None:
    visit_id = visit.id
    missing = visit.people - visit.recorded
    place = page.service_at.currentText()
    if not confirm(page, translate("MejaPage", "Tutup kunjungan"),
                   translate("MejaPage", "Tutup {place}?").format(place=place),
                   informative=translate(
                       "MejaPage", "{n} warga yang belum ada hasilnya ditandai tidak hadir "
                       "(masuk panggilan berikutnya). Setelah ditutup, meja kembali melayani "
                       "kantor.").format(n=format_count(missing)),
                   yes=translate("MejaPage", "Ya, tutup kunjungan"),
                   no=translate("MejaPage", "Batal")):
        QTimer.singleShot(0, page.refocus)
        return

    def closed(result: scheduling.VisitResult) -> None:
        page.say("ok", translate(
            "MejaPage", "Kunjungan ditutup: {n} warga ditandai tidak hadir.").format(
                n=format_count(result.recorded)))
        reload_choices(page)
        page.visit_closed.emit(result)

    page.runner.run_write(scheduling.close_visit, visit_id, today=page.today, source=page,
                          title=translate("MejaPage", "Menutup kunjungan…"), on_success=closed,
                          on_failure=page.failed)
