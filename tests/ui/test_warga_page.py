"""The Warga page driven as a clerk would: type, pick filters, click, read what shows."""

from __future__ import annotations

import json
import threading

import pytest
from PySide6.QtCore import QPoint, Qt

from ektp_desk.core import demo, people
from ektp_desk.core.jobs import NEVER_CANCELLED, Changes
from ektp_desk.core.people import PeopleFilter, Sort
from ektp_desk.core.text import search_key
from ektp_desk.ui.changes import ChangeBus
from ektp_desk.ui.models import people_model
from ektp_desk.ui.models.people_model import COLUMN_KEYS, PeopleModel
from ektp_desk.ui.pages.warga import WargaPage

NOW = "2026-11-28T09:00:00+07:00"
MARUF = "MA'RUF AMIN SANTOSO"
MARUF_NIK = "3375011402070012"
COL = {key: i for i, key in enumerate(COLUMN_KEYS)}


def insert(db, name, nik, kelurahan, *, status="belum_dipanggil", category="pemula",
           warnings=()):
    return db.execute_sql(
        "INSERT INTO person (nik, nkk, name, name_norm, birth_place, birth_date, sex, marital, "
        "address, rt, rw, kelurahan_code, kecamatan_code, disability, note, category, status, "
        "warnings, created_at, updated_at) VALUES (?, '3375010101200001', ?, ?, 'PEKALONGAN', "
        "'2007-02-14', 'L', 'B', 'JL. MERDEKA NO. 12', '003', '005', ?, ?, NULL, NULL, ?, ?, "
        "?, ?, ?)",
        (nik, name, search_key(name), kelurahan, kelurahan[:6], category, status,
         json.dumps(list(warnings)), NOW, NOW)).lastrowid


@pytest.fixture
def filled(db):
    demo.fill(db, 400, seed=11)
    maruf = insert(db, MARUF, MARUF_NIK, "3375011002", status="hadir",
                   warnings=["nik_tanggal_beda", "kelurahan_nama_lama"])
    db.execute_sql("INSERT INTO event (person_id, kind, at, by_user, desk) "
                   "VALUES (?, 'dipanggil', '2026-11-20T08:00:00+07:00', 'rina', 'Meja 1')",
                   (maruf,))
    db.execute_sql("INSERT INTO event (person_id, kind, at, by_user, desk) "
                   "VALUES (?, 'hadir', '2026-11-27T09:15:00+07:00', 'rina', 'Meja 1')",
                   (maruf,))
    return {"maruf": maruf, "total": 401}


@pytest.fixture
def page(qtbot, db, filled, runner):
    widget = WargaPage(db, runner, ChangeBus())
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: widget.model.complete, timeout=5000)
    return widget


def shown(page, row, key="name"):
    return page.model.data(page.model.index(row, COL[key]))


def names(page):
    return [shown(page, r) for r in range(page.model.rowCount())]


def click_row(qtbot, page, row):
    rect = page.table.visualRect(page.model.index(row, COL["name"]))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


# --- the model ----------------------------------------------------------------------------

def test_model_passes_the_model_tester(qtmodeltester, db, filled):
    model = PeopleModel(db)  # no runner: every query on the spot
    model.set_query(PeopleFilter(kecamatan="337501"), Sort("place"))
    assert model.rowCount() == people.count(db, PeopleFilter(kecamatan="337501"))
    qtmodeltester.check(model)
    model.set_query(PeopleFilter(search="santoso"), Sort("nik", descending=True))
    qtmodeltester.check(model)


def test_first_page_at_once_then_the_whole_list_in_the_background(qtbot, qtmodeltester, db,
                                                                  filled, runner):
    model = PeopleModel(db, runner)
    model.set_query()
    # the true count and the first page come straight away, the rest is still loading
    assert model.rowCount() == filled["total"]
    assert not model.complete
    first = model.data(model.index(0, 0))
    assert first and first != "Memuat…"
    assert model.data(model.index(filled["total"] - 1, 0)) == "Memuat…"
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.loaded, timeout=5000):
        pass
    assert model.complete
    assert model.data(model.index(0, 0)) == first
    last = model.data(model.index(filled["total"] - 1, 0))
    assert last != "Memuat…"
    qtmodeltester.check(model)


def test_model_roles_give_raw_values_and_records(db, filled):
    model = PeopleModel(db)
    model.set_query(PeopleFilter(search=MARUF_NIK))
    index = model.index(0, COL["nik"])
    assert model.data(index) == "3375 01•• •••• ••••"
    assert model.data(index, PeopleModel.SortRole) == MARUF_NIK
    assert model.data(index, PeopleModel.IdRole) == filled["maruf"]
    record = model.data(index, PeopleModel.RecordRole)
    assert record.name == MARUF and record.status == "hadir"
    # beside a masked NIK the birth year only; the sort still uses the date
    assert model.data(model.index(0, COL["birth_date"])) == "2007"
    assert model.data(model.index(0, COL["rt_rw"])) == "003/005"
    assert model.data(model.index(0, COL["kelurahan"])) == "Medono"
    assert model.data(model.index(0, COL["status"])) == "Hadir"
    assert model.data(model.index(0, COL["category"])) == "Pemula"
    assert model.data(model.index(0, COL["warnings"])) == "2"
    tip = model.data(model.index(0, COL["warnings"]), Qt.ItemDataRole.ToolTipRole)
    assert "Tanggal lahir berbeda dengan tanggal di NIK" in tip


def test_rows_load_a_page_at_a_time_into_a_bounded_cache(db, filled, monkeypatch):
    calls = []
    real = people.fetch_rows

    def counting(database, ids):
        calls.append(len(ids))
        return real(database, ids)

    monkeypatch.setattr(people, "fetch_rows", counting)
    monkeypatch.setattr(people_model, "CACHE_ROWS", 300)
    model = PeopleModel(db)
    model.set_query()
    for row in range(0, 50):
        model.data(model.index(row, 0))
    assert calls == [people.PAGE_SIZE]
    model.data(model.index(399, 0))
    model.data(model.index(400, 0))
    assert calls == [people.PAGE_SIZE, people.PAGE_SIZE, 1]
    assert len(model._cache) <= 300
    model.data(model.index(0, 0))  # used recently: still there
    assert len(calls) == 3
    # a row of the least recently used page was evicted (which ones: the order the page's
    # rows were fetched in), and is loaded again
    evicted = next(r for r in range(1, 200) if model._ids[r] not in model._cache)
    model.data(model.index(evicted, 0))
    assert len(calls) == 4


def test_a_stale_answer_is_dropped(qtbot, db, filled, runner, monkeypatch):
    real = people.ordered_ids
    newer_shown = threading.Event()

    def stale_first(database, flt, sort, **kwargs):
        if flt.search == "santoso":  # the older query answers last, and ignores its cancel
            newer_shown.wait(30)
            return real(database, flt, sort)
        return real(database, flt, sort, cancel=kwargs.get("cancel", NEVER_CANCELLED))

    monkeypatch.setattr(people, "ordered_ids", stale_first)
    model = PeopleModel(db, runner)
    model.set_query(PeopleFilter(search="santoso"))
    model.set_query(PeopleFilter(search="aini"))
    qtbot.waitUntil(lambda: model.complete, timeout=5000)
    expected = list(real(db, PeopleFilter(search="aini")))
    assert [model.person_id(r) for r in range(model.rowCount())] == expected
    # now the older query answers; its callbacks have run when the runner says it finished
    with qtbot.waitSignal(runner.finished, timeout=10000) as stale:
        newer_shown.set()
    assert list(stale.args[0].result) == list(real(db, PeopleFilter(search="santoso")))
    assert list(stale.args[0].result) != expected
    assert [model.person_id(r) for r in range(model.rowCount())] == expected


# --- the page -----------------------------------------------------------------------------

def test_page_shows_everyone_with_a_count(page, filled):
    assert page.model.rowCount() == filled["total"]
    assert page.count_label.text() == "401 warga"
    assert page.search.placeholderText() == "Cari nama atau NIK…"
    listed = [search_key(n) for n in names(page)]
    assert listed == sorted(listed)


def test_search_as_you_type_finds_any_part_of_a_name(qtbot, page, filled):
    qtbot.keyClicks(page.search, "ruf ami")
    assert page.model.filter.search == ""  # debounced: not on every key
    qtbot.waitUntil(lambda: names(page) == [MARUF], timeout=3000)
    assert page.count_label.text() == "1 warga"
    page.clear_search()
    qtbot.waitUntil(lambda: page.model.rowCount() == filled["total"], timeout=3000)


def test_search_by_nik_whole_or_prefix(qtbot, page, db):
    qtbot.keyClicks(page.search, MARUF_NIK)
    qtbot.waitUntil(lambda: names(page) == [MARUF], timeout=3000)
    page.search.clear()
    qtbot.keyClicks(page.search, "3375 0114")
    expected = people.ordered_ids(db, PeopleFilter(search="33750114"))
    qtbot.waitUntil(lambda: page.model.rowCount() == len(expected), timeout=3000)
    assert MARUF in names(page)
    assert all(shown(page, r, "nik").startswith("3375 01") for r in range(len(expected)))


def test_filters_narrow_the_list(qtbot, page, db):
    page.kecamatan.setCurrentIndex(page.kecamatan.findData("337502"))
    expected = people.count(db, PeopleFilter(kecamatan="337502"))
    qtbot.waitUntil(lambda: page.model.rowCount() == expected, timeout=3000)
    # the kelurahan list follows the kecamatan
    codes = [page.kelurahan.itemData(i) for i in range(1, page.kelurahan.count())]
    assert codes and all(code.startswith("337502") for code in codes)
    page.kelurahan.setCurrentIndex(page.kelurahan.findData("3375021004"))
    expected = people.count(db, PeopleFilter(kecamatan="337502", kelurahan="3375021004"))
    qtbot.waitUntil(lambda: page.model.rowCount() == expected, timeout=3000)
    assert {shown(page, r, "kelurahan") for r in range(expected)} == {"Kauman"}
    page.kecamatan.setCurrentIndex(0)
    page.kelurahan.setCurrentIndex(0)
    page.status.setCurrentIndex(page.status.findData("hadir"))
    qtbot.waitUntil(lambda: names(page) == [MARUF], timeout=3000)
    page.status.setCurrentIndex(0)
    page.category.setCurrentIndex(page.category.findData("disabilitas"))
    expected = people.count(db, PeopleFilter(category="disabilitas"))
    qtbot.waitUntil(lambda: page.model.rowCount() == expected, timeout=3000)
    assert page.count_label.text() == f"{expected} warga"


def test_selecting_a_row_shows_the_person_and_nik_unmasks_with_an_audit(qtbot, page, db,
                                                                       output_dir):
    qtbot.keyClicks(page.search, "amin sant")
    qtbot.waitUntil(lambda: names(page) == [MARUF], timeout=3000)
    click_row(qtbot, page, 0)
    detail = page.detail
    assert detail.title.text() == MARUF
    assert detail.fields["nik"].text() == "3375 01•• •••• ••••"
    assert detail.fields["kelurahan"].text() == "Medono"
    assert detail.status_line.text() == "Status: Hadir"
    assert "Tanggal lahir berbeda dengan tanggal di NIK" in detail.warnings.text()
    assert "Nama kelurahan lama" in detail.warnings.text()
    assert "Dipanggil" in detail.history.text() and "Hadir" in detail.history.text()
    qtbot.wait(50)  # let the pane lay out its new texts before the picture
    page.grab().save(str(output_dir / "warga.png"))
    qtbot.mouseClick(detail.show_nik, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.fields["nik"].text() == MARUF_NIK, timeout=3000)
    audited = db.execute_sql(
        "SELECT by_user, detail FROM audit_log WHERE action = 'tampilkan_nik'").fetchall()
    assert audited == [("petugas", json.dumps({"person_id": page.selected_person_id()}))]
    # another person: masked again
    page.clear_search()
    qtbot.waitUntil(lambda: page.model.rowCount() > 1, timeout=3000)
    click_row(qtbot, page, 0 if shown(page, 0) != MARUF else 1)
    assert "•" in detail.fields["nik"].text()


def test_an_invalid_nkk_is_masked_like_a_valid_one(qtbot, page, db, output_dir):
    # the importer keeps an NKK it refused as the list wrote it (15 digits here)
    db.execute_sql("UPDATE person SET nkk = NULL, nkk_raw = '337501120315000' WHERE nik = ?",
                   (MARUF_NIK,))
    qtbot.keyClicks(page.search, "amin sant")
    qtbot.waitUntil(lambda: names(page) == [MARUF], timeout=3000)
    click_row(qtbot, page, 0)
    detail = page.detail
    assert detail.fields["nkk"].text() == "3375 01•• •••• •••"
    assert detail.fields["nik"].text() == "3375 01•• •••• ••••"
    page.grab().save(str(output_dir / "warga_nkk_invalid.png"))
    qtbot.mouseClick(detail.show_nik, Qt.MouseButton.LeftButton)  # audited, then whole
    qtbot.waitUntil(lambda: detail.fields["nik"].text() == MARUF_NIK, timeout=3000)
    assert detail.fields["nkk"].text() == "337501120315000"


def test_keyboard_ctrl_f_esc_and_down(qtbot, page):
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=3000)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    qtbot.keyClicks(page.search, "santoso")
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)
    assert page.search.text() == ""
    qtbot.keyClicks(page.search, "amin sant")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)  # search now, go to the list
    qtbot.waitUntil(lambda: names(page) == [MARUF], timeout=3000)
    assert page.table.hasFocus()
    qtbot.waitUntil(lambda: page.detail.title.text() == MARUF, timeout=3000)


def test_header_click_sorts_in_sql(qtbot, page, db):
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(COL["nik"]) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    qtbot.waitUntil(lambda: page.model.sort_order.column == "nik" and page.model.complete,
                    timeout=3000)
    ids = [page.model.person_id(r) for r in range(page.model.rowCount())]
    assert ids == list(people.ordered_ids(db, sort=page.model.sort_order))
    # a column that cannot be sorted leaves the order (and its arrow) where they were
    before = page.model.sort_order
    x = header.sectionViewportPosition(COL["sex"]) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert page.model.sort_order == before
    assert header.sortIndicatorSection() == COL["nik"]


def test_refresh_after_an_import_keeps_the_selection(qtbot, db, filled, runner):
    bus = ChangeBus()
    widget = WargaPage(db, runner, bus)
    qtbot.addWidget(widget)
    widget.show()  # a hidden page only marks itself stale (tests/ui/test_changes.py)
    qtbot.waitUntil(lambda: widget.model.complete, timeout=5000)
    row = widget.model.row_of(filled["maruf"])
    widget._select_row(row)
    insert(db, "AAAB PERTAMA", "3375010101990001", "3375011003")  # sorts first
    bus.announce(Changes(people=True))
    qtbot.waitUntil(lambda: widget.model.rowCount() == filled["total"] + 1, timeout=5000)
    qtbot.waitUntil(lambda: widget.model.complete, timeout=5000)
    assert widget.model.data(widget.model.index(0, 0)) == "AAAB PERTAMA"
    assert widget.selected_person_id() == filled["maruf"]
    assert widget.table.currentIndex().row() == row + 1
    assert widget.detail.title.text() == MARUF


def test_empty_database_says_what_to_do(qtbot, db):
    widget = WargaPage(db)
    qtbot.addWidget(widget)
    assert widget.model.rowCount() == 0
    assert "Impor daftar KPU" in widget.count_label.text()
    assert "Pilih warga" in widget.detail.empty.text()


def test_lists_show_whole_niks_when_the_office_turns_masking_off(qtbot, db, filled):
    from ektp_desk.core import settings

    bus = ChangeBus()
    widget = WargaPage(db, None, bus)
    qtbot.addWidget(widget)
    widget.show()  # (a hidden page would reload only when shown)
    widget.search.setText(MARUF_NIK)
    widget._apply_filter()  # no runner: answered on the spot
    assert shown(widget, 0, "nik") == "3375 01•• •••• ••••"
    settings.set(db, "mask_nik", False)
    bus.announce(Changes(settings=True))
    assert shown(widget, 0, "nik") == MARUF_NIK
    assert shown(widget, 0, "birth_date") == "14-02-2007"
    widget._select_row(0)
    assert widget.detail.fields["nik"].text() == MARUF_NIK
    assert not widget.detail.show_nik.isVisibleTo(widget.detail)


def test_refresh_with_nothing_changed_moves_nothing(qtbot, page, filled):
    row = page.model.row_of(filled["maruf"])
    page._select_row(row)
    scrolled = page.table.verticalScrollBar().value()
    with qtbot.assertNotEmitted(page.model.modelAboutToBeReset):
        page.refresh()
        qtbot.waitUntil(lambda: page.model.complete, timeout=5000)
    assert page.table.currentIndex().row() == row
    assert page.table.verticalScrollBar().value() == scrolled
