"""The desk never records for the wrong person: with a list of search results open (or
typed text not yet opened, or a greyed-out button) every outcome key does nothing but say
why; once a card is chosen, a key records for that person only. And the new keys: tanpa
jari, a referral asking its place, the age rules greying keys out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from ektp_desk.core import desk_rules
from ektp_desk.ui.pages.meja import MejaPage
from tests.ui import test_meja_page
from tests.ui.test_meja_page import (
    WAIT,
    Drive,
    event_count,
    press,
    scan,
    snap,
    status,
    type_and_enter,
)

# the desk page over a summoned day, as the page's own tests open it
drive, page = test_meja_page.drive, test_meja_page.page

KEYS = [*desk_rules.OUTCOME_KEYS.values(), desk_rules.TANPA_JARI_KEY]


def key_press(qtbot, page: MejaPage, keys: str) -> None:
    """Press a key as QKeySequence spells it ("F8", "Shift+F7") in the search field."""
    combined = QKeySequence(keys)[0]
    qtbot.keyClick(page.search, combined.key(), combined.keyboardModifiers())


def events_of(db) -> list[tuple]:
    return db.execute_sql("SELECT person_id, kind FROM event ORDER BY id").fetchall()


def adult(db, drive: Drive, index: int) -> int:
    """A person of the day made 20, so no age rule is in the way."""
    person = drive.today[index]
    db.execute_sql("UPDATE person SET birth_date = '2004-01-01' WHERE id = ?", (person,))
    return person


def test_no_key_records_while_the_results_wait_for_a_choice(qtbot, page, drive, db,
                                                            output_dir):
    first, chosen = adult(db, drive, 5), adult(db, drive, 6)
    scan(qtbot, page, drive.codes[first])  # opened (and checked in): the card before
    assert page.card.person_id == first
    type_and_enter(qtbot, page, drive.name[chosen])
    assert page.results.isVisible() and page.results.currentIndex().row() == 0
    highlighted = page.results_model.row_value(0).person_id
    assert page.card.person_id == first  # the old card is still shown
    for button in [*page.outcome_buttons.values(), page.tanpa_jari_button]:
        assert not button.isEnabled()
    before = events_of(db)
    for keys in KEYS:
        with qtbot.waitSignal(page.notice_changed, timeout=WAIT):
            key_press(qtbot, page, keys)
        assert "pilih warganya dulu" in page.notice.text(), keys
        assert page.dialog is None, keys  # no reason dialog either
    assert events_of(db) == before
    snap(qtbot, page, output_dir / "meja_results_open.png")
    # choose the highlighted card: now the keys act, on that person only
    with qtbot.waitSignal(page.person_shown, timeout=WAIT):
        qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.card.person_id == highlighted and not page.results.isVisible()
    press(qtbot, page, Qt.Key.Key_F2)
    press(qtbot, page, Qt.Key.Key_F3)
    assert status(db, highlighted) == "terekam"
    added = events_of(db)[len(before):]
    assert added == [(highlighted, "hadir"), (highlighted, "terekam")]
    assert status(db, first) == "hadir"  # the card before is untouched
    snap(qtbot, page, output_dir / "meja_chosen_terekam.png")


def test_typed_text_not_yet_opened_holds_the_keys(qtbot, page, drive, db):
    person = adult(db, drive, 8)
    scan(qtbot, page, drive.codes[person])
    qtbot.keyClicks(page.search, "Siti")  # no Enter yet: the card may be the wrong one
    before = event_count(db)
    with qtbot.waitSignal(page.notice_changed, timeout=WAIT):
        qtbot.keyClick(page.search, Qt.Key.Key_F3)
    assert "belum dibuka" in page.notice.text() and event_count(db) == before
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)  # back to the card
    press(qtbot, page, Qt.Key.Key_F3)
    assert status(db, person) == "terekam"


def test_a_greyed_out_key_opens_no_dialog(qtbot, page, drive, db):
    person = drive.today[9]
    type_and_enter(qtbot, page, drive.nik[person], page.person_shown)  # dipanggil
    assert not page.outcome_buttons["gagal_rekam"].isEnabled()
    before = event_count(db)
    for key in (Qt.Key.Key_F4, Qt.Key.Key_F10):
        with qtbot.waitSignal(page.notice_changed, timeout=WAIT):
            qtbot.keyClick(page.search, key)
        assert page.dialog is None and page.notice_kind == "error"
        assert "Hadir dulu" in page.notice.text()
    assert event_count(db) == before


def test_tanpa_jari_and_a_referral_with_its_place(qtbot, page, drive, db):
    person, away = adult(db, drive, 10), drive.today[11]
    scan(qtbot, page, drive.codes[person])
    press(qtbot, page, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert status(db, person) == "terekam"
    assert page.history_model.rows()[-1].reason == desk_rules.RECORDED_NOTES["tanpa_jari"]
    type_and_enter(qtbot, page, drive.nik[away], page.person_shown)
    qtbot.keyClick(page.search, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    dialog = page.dialog
    assert dialog is not None and set(dialog.reasons) == set(desk_rules.AWAY)
    qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT)
    qtbot.keyClick(dialog.list, Qt.Key.Key_1)  # pindah: the focus goes to the place
    assert dialog.note.hasFocus()
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    assert dialog.isVisible() and "tempat" in dialog.error.text()
    qtbot.keyClicks(dialog.note, "Disdukcapil Kab. Batang")
    with qtbot.waitSignal(page.person_shown, timeout=WAIT):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    assert status(db, away) == "dirujuk" and page.badge.text() == "Dirujuk"
    assert page.history_model.rows()[-1].note == "Disdukcapil Kab. Batang"


def test_a_16_year_old_waits_for_17(qtbot, page, drive, db, output_dir):
    person = drive.today[12]
    db.execute_sql("UPDATE person SET birth_date = '2007-06-01', marital = 'B' WHERE id = ?",
                   (person,))  # 16 on DAY (5 February 2024)
    scan(qtbot, page, drive.codes[person])
    press(qtbot, page, Qt.Key.Key_F3)
    assert not page.outcome_buttons["ktp_dicetak"].isEnabled()
    assert page.outcome_buttons["menunggu_17"].isEnabled()
    before = event_count(db)
    with qtbot.waitSignal(page.notice_changed, timeout=WAIT):
        qtbot.keyClick(page.search, Qt.Key.Key_F8)
    assert "mulai umur 17 tahun (1 Juni 2024)" in page.notice.text()
    assert event_count(db) == before
    press(qtbot, page, Qt.Key.Key_F12)
    assert status(db, person) == "menunggu_17" and page.badge.text() == "Menunggu usia 17"
    snap(qtbot, page, output_dir / "meja_menunggu_17.png")
