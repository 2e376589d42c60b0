"""The Meja Layanan page driven as a clerk (and a USB scanner) would: a letter code typed
plus Enter marks the right person hadir; the F-keys record outcomes; gagal rekam asks its
reason; Ctrl+Z undoes and the history strikes it through; today's list follows; walk-ins;
bad codes change nothing; closing the day shows its counts. The day is passed in."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ektp_desk.core import demo, desk, desk_rules, scheduling
from ektp_desk.core.calendar import format_date_id
from ektp_desk.core.letters import numbering
from ektp_desk.core.scheduling import Selection
from ektp_desk.ui.dialogs.close_day import CloseDayDialog
from ektp_desk.ui.dialogs.walk_in import WalkInDialog
from ektp_desk.ui.pages.meja import MejaPage
from ektp_desk.ui.pages.meja.dialogs import ReasonDialog
from ektp_desk.ui.pages.meja.page import classify
from tests.plan_helpers import without_pupil_rule

DAY = dt.date(2024, 2, 5)  # a Senin
TOMORROW = DAY + dt.timedelta(days=1)
LATER = DAY + dt.timedelta(days=2)
PEOPLE = 60
WAIT = 10000


# --- the drive: people, a schedule, letters -------------------------------------------------

def _register_letters(db) -> dict[int, str]:
    """A registered letter (number and QR code) for every open summons: person → code."""
    rows = db.execute_sql("SELECT id, person_id, round FROM summons WHERE state = 'open' "
                          "ORDER BY id").fetchall()
    codes: dict[int, str] = {}
    with db.atomic():
        first = numbering.take_serials(db, DAY.year, len(rows))
        letters = []
        for serial, (summons_id, person_id, round_) in enumerate(rows, start=first):
            code = numbering.new_code()
            codes[person_id] = code
            letters.append({"number": f"471.13/{serial}/Dindukcapil/II/2024", "year": 2024,
                            "serial": serial, "code": code, "summons_id": summons_id,
                            "person_id": person_id, "round": round_,
                            "letter_date": "2024-02-01"})
        numbering.register_letters(db, letters, issued_at="2024-02-01T08:00:00+07:00",
                                   by="test")
    return codes


class Drive:
    """What the fixture made: who is scheduled when, and their letter codes."""

    def __init__(self, db) -> None:
        demo.fill(db, PEOPLE, seed=11, build_index=True)
        without_pupil_rule(db)
        plan = scheduling.plan(db, Selection(), DAY, DAY, today=DAY)
        scheduling.apply_plan(db, plan, today=DAY)
        today_ids = [r[0] for r in db.execute_sql(
            "SELECT m.person_id FROM summons m JOIN slot s ON s.id = m.slot_id "
            "WHERE s.date = ? AND m.state = 'open' ORDER BY m.person_id", (DAY.isoformat(),))]
        assert len(today_ids) == PEOPLE
        # three people moved to tomorrow, one to a session that is then cancelled
        tomorrow = scheduling.add_slot(db, 1, TOMORROW, "09:00", "10:00", today=DAY).slot_id
        later = scheduling.add_slot(db, 1, LATER, "09:00", "10:00", today=DAY).slot_id
        self.other_day = today_ids[-3:]
        self.cancelled = today_ids[-4]
        scheduling.move_people(db, self.other_day, tomorrow, today=DAY)
        scheduling.move_people(db, [self.cancelled], later, today=DAY)
        self.codes = _register_letters(db)
        scheduling.cancel_slot(db, later, reason="uji", relocate=False, today=DAY)
        self.today = today_ids[:-4]
        self.nik = dict(db.execute_sql("SELECT id, nik FROM person").fetchall())
        self.name = dict(db.execute_sql("SELECT id, name FROM person").fetchall())


@pytest.fixture
def drive(db) -> Drive:
    return Drive(db)


@pytest.fixture
def page(qtbot, drive, db, runner) -> MejaPage:
    widget = MejaPage(db, runner, runner.bus, today=DAY)
    qtbot.addWidget(widget)
    widget.resize(1100, 780)
    with qtbot.waitSignal(widget.today_loaded, timeout=WAIT):
        widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(widget.search.hasFocus, timeout=WAIT)
    return widget


def status(db, person_id: int) -> str:
    return db.execute_sql("SELECT status FROM person WHERE id = ?", (person_id,)).fetchone()[0]


def event_count(db) -> int:
    return db.execute_sql("SELECT count(*) FROM event").fetchone()[0]


def type_and_enter(qtbot, page: MejaPage, text: str, signal=None) -> None:
    """Type as a scanner or a clerk does, then Enter; wait for the page's answer."""
    qtbot.keyClicks(page.search, text)
    with qtbot.waitSignal(signal or page.notice_changed, timeout=WAIT):
        qtbot.keyClick(page.search, Qt.Key.Key_Return)


def scan(qtbot, page: MejaPage, code: str) -> None:
    type_and_enter(qtbot, page, numbering.qr_payload(code), page.person_shown)


def press(qtbot, page: MejaPage, key: Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key anywhere on the page (the focus is in the search field), waiting for the
    person to be shown again."""
    with qtbot.waitSignal(page.person_shown, timeout=WAIT):
        qtbot.keyClick(page.search, key, modifier)


def open_reason(qtbot, page: MejaPage, key: Qt.Key) -> ReasonDialog:
    qtbot.keyClick(page.search, key)
    dialog = page.dialog
    assert isinstance(dialog, ReasonDialog) and dialog.isVisible()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT)
    assert dialog.list.hasFocus()
    return dialog


def snap(qtbot, widget: QWidget, path) -> None:
    qtbot.wait(50)
    widget.grab().save(str(path))


def answer_message_box(button_text: str, tries: int = 200) -> list[str]:
    """Click `button_text` in the next message box; returns [its text, its informative
    text] once answered."""
    seen: list[str] = []

    def look(left: int = tries) -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                for button in widget.buttons():
                    if button.text() == button_text:
                        seen.extend([widget.text(), widget.informativeText()])
                        button.click()
                        return
        if left:
            QTimer.singleShot(25, lambda: look(left - 1))

    QTimer.singleShot(0, look)
    return seen


# --- scanning --------------------------------------------------------------------------------

def test_a_scanned_letter_code_marks_the_right_person_hadir(qtbot, page, drive, db,
                                                            output_dir):
    person = drive.today[5]
    scan(qtbot, page, drive.codes[person])  # its speed: benchmarks/bench_desk.py
    assert page.card is not None and page.card.person_id == person
    assert status(db, person) == "hadir"
    assert page.card.queue_number == 1
    assert page.name_label.text() == drive.name[person]
    assert page.badge.text() == "Hadir"
    assert page.notice_kind == "ok" and drive.name[person] in page.notice.text()
    assert page.search.text() == "" and page.search.hasFocus()  # ready for the next scan
    assert not page.banner.isVisible()  # scheduled today, here: nothing to warn about
    # only what is allowed next can be pressed
    assert page.outcome_buttons["terekam"].isEnabled()
    assert not page.outcome_buttons["hadir"].isEnabled()
    assert page.outcome_buttons["terekam"].text().startswith("F3")
    # the next person gets the next queue number; the list shows both
    second = drive.today[6]
    scan(qtbot, page, drive.codes[second])
    assert page.card.person_id == second and page.card.queue_number == 2
    qtbot.waitUntil(lambda: _today_status(page, second) == "hadir", timeout=WAIT)
    assert _today_queue(page, person) == 1 and _today_queue(page, second) == 2
    snap(qtbot, page, output_dir / "meja_scanned.png")


def test_the_code_typed_by_hand_and_without_auto_hadir_only_opens(qtbot, page, drive, db):
    person = drive.today[0]
    page.auto_hadir.setChecked(False)
    code = drive.codes[person]
    type_and_enter(qtbot, page, f"{code[:4]} {code[4:8]} {code[8:]}".lower(),
                   page.person_shown)
    assert page.card.person_id == person
    assert status(db, person) == "dipanggil"
    page.auto_hadir.setChecked(True)
    page.search.clear()
    type_and_enter(qtbot, page, code, page.person_shown)
    assert status(db, person) == "hadir"


def test_scanning_someone_already_present_opens_them_without_a_second_event(
        qtbot, page, drive, db):
    person = drive.today[1]
    scan(qtbot, page, drive.codes[person])
    events = event_count(db)
    scan(qtbot, page, drive.codes[person])
    assert event_count(db) == events
    assert page.card.person_id == person and page.card.queue_number == 1
    assert "tidak ditandai hadir lagi" in page.notice.text()


def test_someone_scheduled_another_day_gets_a_warning_not_a_refusal(qtbot, page, drive, db,
                                                                    output_dir):
    person = drive.other_day[0]
    scan(qtbot, page, drive.codes[person])
    assert status(db, person) == "hadir"
    assert page.banner.isVisible()
    assert "bukan hari ini" in page.banner.text()
    snap(qtbot, page, output_dir / "meja_other_day.png")


# --- bad input -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, words", [
    ("EKTP:AAAAAAAAAAAA", "tidak terdaftar"),
    ("EKTP:12", "bukan kode surat"),
    ("3375010101900999", "tidak ada dalam daftar"),
    ("99999999", None),  # the start of a NIK: a search, with nobody found
])
def test_a_bad_code_or_nik_says_so_and_changes_nothing(qtbot, page, drive, db, text, words):
    before = event_count(db)
    type_and_enter(qtbot, page, text)
    if words is None:
        assert page.notice_kind == "warn"
    else:
        assert page.notice_kind == "error", page.notice.text()
        assert words in page.notice.text()
    assert page.card is None
    assert event_count(db) == before
    assert page.search.hasFocus() and page.search.selectedText() == text  # retype over it


def test_the_code_of_a_cancelled_summons_is_refused(qtbot, page, drive, db, output_dir):
    before = event_count(db)
    type_and_enter(qtbot, page, numbering.qr_payload(drive.codes[drive.cancelled]))
    assert page.notice_kind == "error"
    assert "tidak berlaku lagi" in page.notice.text()
    assert event_count(db) == before
    assert status(db, drive.cancelled) == "belum_dipanggil"
    snap(qtbot, page, output_dir / "meja_bad_code.png")


def test_outcome_keys_without_a_person_ask_for_one(qtbot, page, db):
    before = event_count(db)
    with qtbot.waitSignal(page.notice_changed, timeout=WAIT):
        qtbot.keyClick(page.search, Qt.Key.Key_F3)
    assert "Belum ada warga" in page.notice.text()
    assert event_count(db) == before


# --- outcomes, reasons, undo -------------------------------------------------------------------

def test_f3_records_terekam(qtbot, page, drive, db):
    person = drive.today[2]
    scan(qtbot, page, drive.codes[person])
    press(qtbot, page, Qt.Key.Key_F3)
    assert status(db, person) == "terekam"
    assert page.badge.text() == "Terekam"
    kinds = [row.kind for row in page.history_model.rows()]
    assert kinds[-2:] == ["hadir", "terekam"]
    assert page.search.hasFocus()


def test_a_refused_outcome_says_why_and_changes_nothing(qtbot, page, drive, db):
    person = drive.today[2]
    type_and_enter(qtbot, page, drive.nik[person], page.person_shown)  # opened, not marked
    assert status(db, person) == "dipanggil"
    before = event_count(db)
    with qtbot.waitSignal(page.notice_changed, timeout=WAIT):
        qtbot.keyClick(page.search, Qt.Key.Key_F3)
    assert page.notice_kind == "error"
    assert "Hadir dulu" in page.notice.text()  # recording is not done by proxy
    assert event_count(db) == before


def test_gagal_rekam_asks_the_reason(qtbot, page, drive, db, output_dir):
    person = drive.today[3]
    scan(qtbot, page, drive.codes[person])
    dialog = open_reason(qtbot, page, Qt.Key.Key_F4)
    snap(qtbot, dialog, output_dir / "meja_reason.png")
    qtbot.keyClick(dialog.list, Qt.Key.Key_Down)  # 2: iris
    qtbot.keyClick(dialog.list, Qt.Key.Key_1)  # no: 1, sidik jari tidak terbaca
    # no fingers is a recording, a duplicate its own state: neither is offered here
    assert "tanpa_jari" not in dialog.reasons and "data_ganda" not in dialog.reasons
    assert dialog.chosen()[0] == "sidik_jari"
    with qtbot.waitSignal(page.person_shown, timeout=WAIT):
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    assert status(db, person) == "gagal_rekam"
    last = page.history_model.rows()[-1]
    assert last.kind == "gagal_rekam" and last.reason == desk_rules.REASONS["sidik_jari"]
    qtbot.waitUntil(page.search.hasFocus, timeout=WAIT)  # the keyboard is back


def test_gagal_rekam_lainnya_needs_a_text(qtbot, page, drive, db):
    person = drive.today[4]
    scan(qtbot, page, drive.codes[person])
    dialog = open_reason(qtbot, page, Qt.Key.Key_F4)
    qtbot.keyClick(dialog.list, Qt.Key.Key_4)  # lainnya: the focus goes to the text
    assert dialog.chosen()[0] == "lainnya" and dialog.note.hasFocus()
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert status(db, person) == "hadir"
    qtbot.keyClicks(dialog.note, "kamera rusak")
    with qtbot.waitSignal(page.person_shown, timeout=WAIT):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    last = page.history_model.rows()[-1]
    assert (last.kind, last.note) == ("gagal_rekam", "kamera rusak")


def test_tidak_dapat_dilayani_asks_its_reason_and_escape_cancels(qtbot, page, drive, db):
    person = drive.today[7]
    scan(qtbot, page, drive.codes[person])
    before = event_count(db)
    dialog = open_reason(qtbot, page, Qt.Key.Key_F6)
    assert dialog.list.count() == len(desk_rules.NOT_SERVED)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.dialog is None, timeout=WAIT)
    assert event_count(db) == before
    qtbot.waitUntil(page.search.hasFocus, timeout=WAIT)
    open_reason(qtbot, page, Qt.Key.Key_F6).choose("meninggal")
    with qtbot.waitSignal(page.person_shown, timeout=WAIT):
        page.dialog.save_button.click()
    assert status(db, person) == "tidak_dapat_dilayani"


def test_ctrl_z_undoes_the_last_change_and_the_history_strikes_it(qtbot, page, drive, db,
                                                                  output_dir):
    person = drive.today[8]
    scan(qtbot, page, drive.codes[person])
    press(qtbot, page, Qt.Key.Key_F3)
    assert status(db, person) == "terekam"
    page.search.setText("abc")  # Ctrl+Z is the person's undo, not the typing's
    press(qtbot, page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert status(db, person) == "hadir"
    assert page.badge.text() == "Hadir"
    assert page.notice_kind == "ok" and "dibatalkan" in page.notice.text()
    rows = page.history_model.rows()
    undone = [i for i, row in enumerate(rows) if row.undone]
    assert [rows[i].kind for i in undone] == ["terekam"]
    font = page.history_model.index(undone[0], 1).data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.strikeOut()
    assert rows[-1].kind == desk.UNDO
    live = page.history_model.index(0, 1).data(Qt.ItemDataRole.FontRole)
    assert live is None
    snap(qtbot, page, output_dir / "meja_undo.png")
    # undo the arrival too: back to dipanggil, and the queue number is gone
    press(qtbot, page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert status(db, person) == "dipanggil"
    assert page.card.queue_number is None and not page.queue.isVisible()


# --- search by NIK and name ------------------------------------------------------------------

def test_a_typed_nik_opens_the_person(qtbot, page, drive, db):
    person = drive.today[9]
    type_and_enter(qtbot, page, drive.nik[person], page.person_shown)
    assert page.card.person_id == person
    assert status(db, person) == "dipanggil"
    press(qtbot, page, Qt.Key.Key_F2)
    assert status(db, person) == "hadir"


def test_a_name_gives_a_list_to_pick_from_with_the_keyboard(qtbot, page, drive, db,
                                                            qtmodeltester, output_dir):
    person = drive.today[10]
    word = drive.name[person].split()[0]
    type_and_enter(qtbot, page, word)
    assert page.results.isVisible()
    qtmodeltester.check(page.results_model)
    cards = page.results_model.rows()
    row = next(i for i, card in enumerate(cards) if card.person_id == person)
    snap(qtbot, page, output_dir / "meja_search.png")
    for _ in range(row):
        qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.results.currentIndex().row() == row
    with qtbot.waitSignal(page.person_shown, timeout=WAIT):
        qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.card.person_id == person
    assert not page.results.isVisible() and page.search.text() == ""
    assert status(db, person) == "dipanggil"  # opened from a search: not marked


# --- today's list ------------------------------------------------------------------------------

def tile(page: MejaPage, key: str) -> str:
    return page.filter_buttons[key].text()


def _today_status(page: MejaPage, person_id: int) -> str | None:
    row = page.today_model.row_of(person_id)
    return None if row is None else page.today_model.row_value(row).status


def _today_queue(page: MejaPage, person_id: int) -> int | None:
    row = page.today_model.row_of(person_id)
    return None if row is None else page.today_model.row_value(row).queue_number


def test_todays_list_filters_counts_and_updates(qtbot, page, drive, db, qtmodeltester):
    scheduled = len(drive.today)
    assert page.today_model.rowCount() == scheduled
    qtmodeltester.check(page.today_model)
    assert tile(page, "scheduled") == f"{scheduled}\nTerjadwal"
    assert tile(page, "waiting") == "0\nMenunggu"
    first, second = drive.today[11], drive.today[12]
    scan(qtbot, page, drive.codes[first])
    scan(qtbot, page, drive.codes[second])
    press(qtbot, page, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: _today_status(page, second) == "terekam", timeout=WAIT)
    assert tile(page, "arrived") == "2\nHadir"
    assert tile(page, "waiting") == "1\nMenunggu"
    assert tile(page, "done") == "1\nSelesai"
    with qtbot.waitSignal(page.today_loaded, timeout=WAIT):
        qtbot.mouseClick(page.filter_buttons["waiting"], Qt.MouseButton.LeftButton)
    assert page.filter_key == "waiting"
    assert [r.person_id for r in page.today_model.rows()] == [first]
    qtmodeltester.check(page.today_model)
    # a row of the list opens its person (Enter or a double click)
    page.today_view.setFocus()
    page.today_view.setCurrentIndex(page.today_model.index(0, 2))
    with qtbot.waitSignal(page.person_shown, timeout=WAIT):
        qtbot.keyClick(page.today_view, Qt.Key.Key_Return)
    assert page.card.person_id == first and page.search.hasFocus()
    with qtbot.waitSignal(page.today_loaded, timeout=WAIT):
        page.set_filter("done")
    assert [r.person_id for r in page.today_model.rows()] == [second]


def test_the_history_model_passes_the_model_tester(qtbot, page, drive, qtmodeltester):
    person = drive.today[13]
    scan(qtbot, page, drive.codes[person])
    press(qtbot, page, Qt.Key.Key_F3)
    press(qtbot, page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.history_model.rowCount() >= 4
    qtmodeltester.check(page.history_model)


# --- walk-ins ---------------------------------------------------------------------------------

def _new_nik(drive: Drive, birth: dt.date, sex: str = "L") -> str:
    """A valid NIK of the region of someone on the list, with a serial nobody has."""
    region = next(iter(drive.nik.values()))[:6]
    day = birth.day + (40 if sex == "P" else 0)
    return f"{region}{day:02d}{birth.month:02d}{birth.year % 100:02d}9876"


def _open_walk_in(qtbot, page: MejaPage) -> WalkInDialog:
    qtbot.keyClick(page.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert isinstance(dialog, WalkInDialog) and dialog.isVisible()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT)
    return dialog


def test_a_walk_in_is_added_and_marked_hadir(qtbot, page, drive, db, output_dir):
    nik = _new_nik(drive, dt.date(2004, 3, 9), "P")
    dialog = _open_walk_in(qtbot, page)
    qtbot.keyClicks(dialog.nik, nik)
    assert dialog.birth_date() == dt.date(2004, 3, 9)  # read from the NIK
    assert dialog.sex.currentData() == "P"
    assert not dialog.flag.isVisible()
    qtbot.keyClicks(dialog.name, "Siti Walkin Rahayu")
    before = event_count(db)
    # Enter in Nama goes on to the next field and saves nothing
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.isVisible() and not dialog.name.hasFocus()
    assert not dialog.busy and event_count(db) == before
    # neither address nor kelurahan: Simpan says what is missing, and saves nothing
    dialog.save_button.click()
    assert dialog.isVisible() and "alamat" in dialog.error.text()
    qtbot.keyClicks(dialog.address, "Jl. Merdeka 5")
    dialog.save_button.click()
    assert dialog.isVisible() and "kelurahan" in dialog.error.text()
    assert not dialog.busy and event_count(db) == before
    qtbot.keyClicks(dialog.rt, "2")
    qtbot.keyClicks(dialog.rw, "4")
    dialog.marital.setCurrentIndex(dialog.marital.findData("S"))
    dialog.kelurahan.setCurrentIndex(1)
    snap(qtbot, dialog, output_dir / "meja_walk_in.png")
    with qtbot.waitSignal(page.person_shown, timeout=WAIT):
        dialog.save_button.click()
    row = db.execute_sql("SELECT id, name, status, note, marital FROM person WHERE nik = ?",
                         (nik,)).fetchone()
    assert row is not None and row[2] == "hadir" and "datang langsung" in (row[3] or "")
    assert row[4] == "S"
    assert page.card.person_id == row[0] and page.card.queue_number == 1
    assert page.banner.isVisible() and "datang langsung" in page.banner.text().lower()
    assert "datang langsung" in page.notice.text()
    qtbot.waitUntil(lambda: _today_status(page, row[0]) == "hadir", timeout=WAIT)
    qtbot.waitUntil(page.search.hasFocus, timeout=WAIT)


def test_a_walk_in_under_16_is_flagged_and_a_bad_nik_refused(qtbot, page, drive, db):
    dialog = _open_walk_in(qtbot, page)
    qtbot.keyClicks(dialog.nik, _new_nik(drive, dt.date(2010, 6, 1)))
    assert dialog.flag.isVisible() and "belum 16 tahun" in dialog.flag.text()
    # a NIK already on the list: the core says so, the dialog stays open
    dialog.nik.setText(drive.nik[drive.today[0]])
    qtbot.keyClicks(dialog.name, "Sudah Ada")
    qtbot.keyClicks(dialog.address, "Jl. Hayam Wuruk 1")
    dialog.kelurahan.setCurrentIndex(2)
    before = event_count(db)
    with qtbot.waitSignal(dialog.runner.finished, timeout=WAIT):
        dialog.save_button.click()
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "sudah ada dalam daftar" in dialog.error.text()
    # a NIK with a month 13: a clear reason, nothing written
    dialog.nik.setText("3375010113049876")
    assert dialog.error.isVisible()  # said at once
    with qtbot.waitSignal(dialog.runner.finished, timeout=WAIT):
        dialog.save_button.click()
    assert dialog.isVisible() and "NIK" in dialog.error.text()
    assert event_count(db) == before
    dialog.reject()
    qtbot.waitUntil(lambda: page.dialog is None, timeout=WAIT)
    qtbot.waitUntil(page.search.hasFocus, timeout=WAIT)


def test_a_walk_in_under_16_is_added_with_a_warning(qtbot, page, drive, db):
    dialog = _open_walk_in(qtbot, page)
    qtbot.keyClicks(dialog.nik, _new_nik(drive, dt.date(2010, 6, 1)))
    qtbot.keyClicks(dialog.name, "Anak Muda")
    qtbot.keyClicks(dialog.address, "Jl. Sulawesi 3")
    dialog.kelurahan.setCurrentIndex(3)
    with qtbot.waitSignal(page.person_shown, timeout=WAIT):
        dialog.save_button.click()
    assert "Belum berumur 16 tahun" in page.banner.text()
    # added and present, but not recorded: the keys for recording are greyed out
    assert page.card.status == "hadir"
    for status in ("terekam", "gagal_rekam", "data_ganda"):
        assert not page.outcome_buttons[status].isEnabled(), status
    before = event_count(db)
    with qtbot.waitSignal(page.notice_changed, timeout=WAIT):
        qtbot.keyClick(page.search, Qt.Key.Key_F3)
    assert "baru boleh mulai umur 16 tahun" in page.notice.text()
    assert event_count(db) == before


# --- closing the day ---------------------------------------------------------------------------

def test_closing_the_day_marks_no_shows_and_shows_the_counts(qtbot, page, drive, db,
                                                            output_dir):
    came, recorded = drive.today[14], drive.today[15]
    scan(qtbot, page, drive.codes[came])
    scan(qtbot, page, drive.codes[recorded])
    press(qtbot, page, Qt.Key.Key_F3)
    asked = answer_message_box("Ya, tutup hari")
    page.close_day_button.click()
    qtbot.waitUntil(lambda: bool(asked), timeout=WAIT)
    assert f"Tutup hari {format_date_id(DAY)}?" in asked[0]
    qtbot.waitUntil(lambda: isinstance(page.dialog, CloseDayDialog), timeout=WAIT)
    dialog = page.dialog
    no_show = len(drive.today) - 2
    assert dialog.result_value.no_show == no_show
    # the question said how many, and who is still waiting; the recap flags them
    assert f"{no_show} warga yang dijadwalkan" in asked[1]
    assert f"1 warga masih menunggu (hadir, belum ada hasil) dan tidak ditandai: " \
        f"{drive.name[came]}" in asked[1]
    assert dialog.waiting.isVisible() and drive.name[came] in dialog.waiting.text()
    assert f"Hari {format_date_id(DAY)} ditutup: {no_show} warga" in page.notice.text()
    assert str(no_show) in dialog.summary.text()
    counts = dialog.outcome_counts()
    assert counts["Tidak hadir"] == str(no_show)
    assert counts["Hadir"] == "1" and counts["Terekam"] == "1"
    assert counts["Jumlah"] == str(len(drive.today))
    assert dialog.kelurahan.rowCount() >= 1
    assert status(db, drive.today[20]) == "tidak_hadir"
    snap(qtbot, dialog, output_dir / "meja_close_day.png")
    dialog.accept()
    qtbot.waitUntil(lambda: page.dialog is None, timeout=WAIT)
    qtbot.waitUntil(page.search.hasFocus, timeout=WAIT)


def test_closing_the_day_can_be_declined(qtbot, page, drive, db):
    before = event_count(db)
    asked = answer_message_box("Batal")
    page.close_day_button.click()
    qtbot.waitUntil(lambda: bool(asked), timeout=WAIT)
    assert not page.runner.busy_writing  # declining started no job (it registers at once)
    qtbot.waitUntil(page.search.hasFocus, timeout=WAIT)  # the end of the declined path
    assert event_count(db) == before and page.dialog is None


# --- pure helpers ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, kind", [
    ("EKTP:ABCDEFGHJKLM", "code"), ("ektp:abcd", "code"), ("3375014102070012", "nik"),
    ("3375 0141 0207 0012", "nik"), ("337501", "search"), ("Siti", "search"),
    ("ABCD EFGH JKLM", "maybe_code"), ("Sulistyowati", "maybe_code"), ("", ""),
    ("Siti Aminah", "search"),
])
def test_classify(text, kind):
    assert classify(text) == kind
