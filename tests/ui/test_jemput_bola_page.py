"""The Jemput Bola page and Meja Layanan at a visit, driven as a clerk would: a school is
added (a bad NPSN refused first), a visit planned through the dialogs, a school list with
an ambiguous row (two pupils of one name, the list without birth dates) resolved in the
review, then the visit served on Meja Layanan (terekam, gagal rekam with its reason, an
undo) and closed: the pupil not met is tidak hadir for the visit."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from ektp_desk import paths
from ektp_desk.core import scheduling
from ektp_desk.ui.pages.jemput_bola import JemputBolaPage
from ektp_desk.ui.pages.jemput_bola.place_dialog import PlaceDialog
from ektp_desk.ui.pages.jemput_bola.visit_dialog import VisitDialog
from ektp_desk.ui.pages.meja import MejaPage
from ektp_desk.ui.pages.meja.dialogs import ReasonDialog
from tests.db.test_scheduling import add_people
from tests.letter_helpers import give_logo
from tests.plan_helpers import without_pupil_rule
from tests.ui.test_meja_page import answer_message_box, open_reason, press, type_and_enter

DAY = dt.date(2024, 2, 5)  # a Senin
KEL = "3375011002"
WAIT = 10000


@pytest.fixture
def pupils(db):
    """Siti and Rina (the list gives their NIK) and two Ahmad Fauzi born apart (the list
    gives the name only)."""
    without_pupil_rule(db)
    ids = add_people(db, [(KEL, "002", "001", "SITI AMINAH"), (KEL, "002", "001", "RINA LESTARI"),
                          (KEL, "002", "003", "AHMAD FAUZI"), (KEL, "004", "001", "AHMAD FAUZI")])
    db.execute_sql("UPDATE person SET birth_date = '2007-03-01' WHERE id = ?", (ids[2],))
    db.execute_sql("UPDATE person SET birth_date = '2007-09-17' WHERE id = ?", (ids[3],))
    return dict(zip(("siti", "rina", "ahmad1", "ahmad2"), ids, strict=True))


def nik(db, pid: int) -> str:
    return db.execute_sql("SELECT nik FROM person WHERE id = ?", (pid,)).fetchone()[0]


def snap(qtbot, widget, path) -> None:
    qtbot.wait(50)
    widget.grab().save(str(path))


def test_a_visit_planned_filled_from_a_list_and_served_at_the_desk(
        qtbot, db, runner, pupils, tmp_path, output_dir):
    page = JemputBolaPage(db, runner, today=DAY)
    qtbot.addWidget(page)
    page.resize(1186, 700)  # the window less its navigation at 1366×768
    with qtbot.waitSignal(page.places_loaded, timeout=WAIT):
        page.show()

    # --- Tempat: a school, a bad NPSN refused first ---------------------------------------
    page.tabs.setCurrentIndex(0)
    page.add_place_button.click()
    dialog = page.dialog
    assert isinstance(dialog, PlaceDialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("sekolah"))
    dialog.name.setText("SMA N 1 Pekalongan")
    dialog.kelurahan.setCurrentIndex(dialog.kelurahan.findData(KEL))
    dialog.contact_name.setText("Drs. Hartono")
    dialog.contact_title.setText("Kepala Sekolah")
    dialog.phone.setText("0285 421234")
    dialog.npsn.setText("1234")
    snap(qtbot, dialog, output_dir / "jemput_bola_place_dialog.png")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=WAIT)
    assert "NPSN harus 8 angka" in dialog.error.text() and dialog.isVisible()
    assert scheduling.list_places(db, kinds=("sekolah",)) == []
    dialog.npsn.setText("20329101")
    with qtbot.waitSignal(page.places_loaded, timeout=WAIT):
        dialog.save_button.click()
    (school,) = scheduling.list_places(db, kinds=("sekolah",))
    assert (school.name, school.kelurahan_code, school.npsn, school.contact_title) == (
        "SMA N 1 Pekalongan", KEL, "20329101", "Kepala Sekolah")
    assert page.places_model.find_row(lambda p: p.id == school.id) is not None
    snap(qtbot, page, output_dir / "jemput_bola_tempat.png")

    # --- Kunjungan: planned through the dialog ----------------------------------------------
    page.tabs.setCurrentIndex(1)
    page.visits_tab.new_button.click()
    dialog = page.dialog
    assert isinstance(dialog, VisitDialog)
    dialog.place.setCurrentIndex(dialog.place.findData(school.id))
    dialog.team.setText("Rina Wulandari, Budi Santoso")
    dialog.kits.setValue(2)
    assert dialog.capacity.text().startswith("48 orang")  # 2 kits × 4 hours × 6
    snap(qtbot, dialog, output_dir / "jemput_bola_visit_dialog.png")
    with qtbot.waitSignal(page.visit_shown, timeout=WAIT,
                          check_params_cb=lambda v: v.location == school.name):
        dialog.save_button.click()
    (visit,) = scheduling.list_visits(db)
    assert (visit.date, visit.start, visit.end, visit.team, visit.kits, visit.capacity) == (
        DAY, "08:00", "12:00", ("Rina Wulandari", "Budi Santoso"), 2, 48)

    # --- Impor daftar: NIKs for Siti and Rina, the name only for Ahmad ------------------------
    listed = tmp_path / "daftar-sma1.csv"
    with listed.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerows([["DAFTAR SISWA KELAS XII"], [], ["NO", "NIK", "NAMA"],
                          [1, nik(db, pupils["siti"]), "SITI AMINAH"],
                          [2, nik(db, pupils["rina"]), "RINA LESTARI"],
                          [3, "", "AHMAD FAUZI"], [4, "", "DEWI TIDAK ADA"]])
    page.tabs.setCurrentIndex(3)
    qtbot.waitUntil(lambda: page.import_tab.visit.count() == 1, timeout=WAIT)
    page.import_tab.load(listed)
    qtbot.waitUntil(lambda: page.import_tab.matched is not None, timeout=WAIT)
    assert "2 warga ditemukan, 1 perlu dipilih, 1 tidak ditemukan" in \
        page.import_tab.summary.text()
    assert page.import_tab.unmatched.item(0, 1).text() == "DEWI TIDAK ADA"
    combo = page.import_tab.ambiguous.cellWidget(0, 3)
    assert isinstance(combo, QComboBox) and combo.count() == 3  # skip, and the two Ahmad
    assert "17-09-2007" in combo.itemText(combo.findData(pupils["ahmad2"]))
    combo.setCurrentIndex(combo.findData(pupils["ahmad2"]))
    snap(qtbot, page, output_dir / "jemput_bola_impor.png")
    with qtbot.waitSignal(page.list_added, timeout=WAIT):
        page.import_tab.add_button.click()
    on_visit = {r[0]: r[1] for r in db.execute_sql(
        "SELECT person_id, source FROM visit_person WHERE visit_id = ?", (visit.id,))}
    assert on_visit == {pupils["siti"]: "daftar", pupils["rina"]: "daftar",
                        pupils["ahmad2"]: "daftar"}
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.visits_tab.people_model.rowCount() == 3, timeout=WAIT)
    snap(qtbot, page, output_dir / "jemput_bola_kunjungan.png")

    # the visit's papers: the notice to the head of the school and the daftar peserta
    give_logo(db)
    tab = page.visits_tab
    assert not tab.doc_buttons["keluarga"].isEnabled()  # a school has no family letters
    for key, title in (("pemberitahuan", "Pemberitahuan"), ("daftar", "DAFTAR PESERTA")):
        with qtbot.waitSignal(page.document_made, timeout=WAIT * 3) as made:
            tab.doc_buttons[key].click()
        pdf = made.args[0].out
        assert pdf.parent == paths.letters_dir() and tab.open_button.isEnabled()
        text = " ".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
        assert title in text and "SMA N 1 Pekalongan" in text, text[:300]

    # --- Meja Layanan at the visit ------------------------------------------------------------
    meja = MejaPage(db, runner, today=DAY)
    qtbot.addWidget(meja)
    meja.resize(1186, 700)
    meja.show()
    qtbot.waitUntil(lambda: meja.service_at.count() == 2, timeout=WAIT)
    assert meja.service_at.itemText(1) == "Kunjungan: SMA N 1 Pekalongan, 5 Februari 2024"
    with qtbot.waitSignal(meja.today_loaded, timeout=WAIT):
        meja.service_at.setCurrentIndex(1)
    assert meja.visit_id == visit.id and meja.today_model.rowCount() == 3
    assert meja.close_day_button.text().startswith("Tutup kunjungan")

    # Siti by NIK: hadir, terekam
    type_and_enter(qtbot, meja, nik(db, pupils["siti"]), meja.person_shown)
    press(qtbot, meja, Qt.Key.Key_F2)
    press(qtbot, meja, Qt.Key.Key_F3)
    # Ahmad by name: the search finds the visit's Ahmad only; hadir, gagal rekam, undo, again
    type_and_enter(qtbot, meja, "AHMAD")
    assert meja.results_model.rowCount() == 1
    with qtbot.waitSignal(meja.person_shown, timeout=WAIT):
        qtbot.keyClick(meja.search, Qt.Key.Key_Return)
    assert meja.card.person_id == pupils["ahmad2"]
    press(qtbot, meja, Qt.Key.Key_F2)
    for attempt in range(2):
        reason = open_reason(qtbot, meja, Qt.Key.Key_F4)
        assert isinstance(reason, ReasonDialog)
        reason.choose("sidik_jari")
        with qtbot.waitSignal(meja.person_shown, timeout=WAIT):
            reason.save_button.click()
        assert meja.card.status == "gagal_rekam"
        if attempt == 0:
            press(qtbot, meja, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
            assert meja.card.status == "hadir"
            assert db.execute_sql("SELECT outcome FROM visit_person WHERE person_id = ?",
                                  (pupils["ahmad2"],)).fetchone() == (None,)
    snap(qtbot, meja, output_dir / "jemput_bola_meja.png")

    # Tutup kunjungan: Rina was not met
    answered = answer_message_box("Ya, tutup kunjungan")
    with qtbot.waitSignal(meja.visit_closed, timeout=WAIT):
        meja.close_day_button.click()
    assert "1 warga yang belum ada hasilnya" in answered[1]
    outcomes = {r[0]: (r[1], r[2]) for r in db.execute_sql(
        "SELECT person_id, outcome, reason FROM visit_person WHERE visit_id = ?", (visit.id,))}
    assert outcomes == {pupils["siti"]: ("terekam", None),
                        pupils["ahmad2"]: ("gagal_rekam", "sidik_jari"),
                        pupils["rina"]: ("tidak_hadir", None)}
    statuses = dict(db.execute_sql("SELECT id, status FROM person").fetchall())
    assert (statuses[pupils["siti"]], statuses[pupils["ahmad2"]], statuses[pupils["rina"]],
            statuses[pupils["ahmad1"]]) == ("terekam", "gagal_rekam", "tidak_hadir",
                                            "belum_dipanggil")
    assert scheduling.get_visit(db, visit.id).state == "selesai"
    assert {r[0] for r in db.execute_sql(
        "SELECT DISTINCT desk FROM event WHERE person_id IN (?, ?) AND kind != 'dipanggil'",
        (pupils["siti"], pupils["ahmad2"]))} == {f"kunjungan:{visit.id} Meja 1"}
    qtbot.waitUntil(lambda: meja.service_at.count() == 1 and meja.visit_id is None,
                    timeout=WAIT)


def test_proposals_become_visits_from_the_page(qtbot, db, runner, output_dir):
    """Usulan: inmates routed to the lapas and people with disabilities to their homes are
    listed (routing by category as the settings default to); a proposal made into visits
    from the dialog (core/scheduling/proposals.make_visits) leaves the list."""
    add_people(db, [(KEL, "001", "001")] * 3, category="warga_binaan")
    add_people(db, [(KEL, "003", "002")] * 2, category="disabilitas")
    prison = scheduling.add_place(db, "rutan_lapas", "Lapas Pekalongan", kelurahan=KEL)
    page = JemputBolaPage(db, runner, today=DAY)
    qtbot.addWidget(page)
    page.resize(1186, 700)
    page.show()
    with qtbot.waitSignal(page.proposals_loaded, timeout=WAIT):
        page.tabs.setCurrentIndex(2)
    kinds = [p.kind for p in page.proposals_model.rows()]
    assert sorted(kinds) == ["lapas", "rumah"]
    snap(qtbot, page, output_dir / "jemput_bola_usulan.png")
    page.proposals_view.selectRow(kinds.index("lapas"))
    page.from_proposal_button.click()
    dialog = page.dialog
    assert isinstance(dialog, VisitDialog) and dialog.place.currentData() == prison.location_id
    with qtbot.waitSignal(page.proposals_loaded, timeout=WAIT):
        dialog.save_button.click()
    assert [p.kind for p in page.proposals_model.rows()] == ["rumah"]
    (visit,) = scheduling.list_visits(db)
    assert (visit.location_id, visit.people, visit.date) == (prison.location_id, 3,
                                                            DAY + dt.timedelta(days=1))
