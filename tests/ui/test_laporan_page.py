"""The Laporan page on a real database: the figures of a known drive in Indonesian style,
an update after a check-in at the desk, a kelurahan's bar leading to its people not yet
recorded, the exports, and a refused period."""

from __future__ import annotations

import csv
import datetime as dt

import openpyxl
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from ektp_desk.core import clock, demo, people, reports, scheduling, settings
from ektp_desk.core import desk as core_desk
from ektp_desk.core.calendar import format_date_plain
from ektp_desk.core.desk_rules import reason_label
from ektp_desk.core.people import PeopleFilter
from ektp_desk.core.status import RECORDED
from ektp_desk.core.text import format_count, format_percent
from ektp_desk.ui.main_window import MainWindow
from ektp_desk.ui.operations import desk as desk_ops
from ektp_desk.ui.operations import reports as ops
from ektp_desk.ui.pages.laporan import LaporanPage
from ektp_desk.ui.runner import JobRunner
from tests import burndown_helpers as ledgers

WHO = {"desk": "Meja 1", "user": "uji"}
PEOPLE = 240
TARGET = 6000  # the setting: the cards show it with its dot


class Drive:
    """What the test did: who was called, recorded, failed, did not come."""

    def __init__(self, db) -> None:
        self.today = clock.today()
        rows = db.execute_sql("SELECT id, kelurahan_code FROM person ORDER BY id").fetchall()
        self.kelurahan = {pid: kel for pid, kel in rows}
        # the busiest kelurahan: its people are called and served
        counts: dict[str, int] = {}
        for kel in self.kelurahan.values():
            counts[kel] = counts.get(kel, 0) + 1
        self.served_kel = max(counts, key=lambda k: (counts[k], k))
        ids = [pid for pid, kel in rows if kel == self.served_kel][:6]
        place = scheduling.add_location(db, "dindukcapil", "Dindukcapil Kota").location_id
        slot = scheduling.add_slot(db, place, self.today, "08:00", "12:00", capacity=40,
                                   deliberate=True, today=self.today).slot_ids[0]
        scheduling.summon_to_slot(db, ids, slot, today=self.today)
        self.called = ids
        for pid in ids[:3]:
            self.serve(db, pid, "hadir", "terekam")
        self.serve(db, ids[3], "hadir")
        core_desk.record(db, ids[3], "gagal_rekam", reason="sidik_jari", today=self.today, **WHO)
        self.recorded = ids[:3]
        self.waiting = ids[4:]  # called, not come yet

    def serve(self, db, pid: int, *kinds: str) -> None:
        for kind in kinds:
            core_desk.record(db, pid, kind, today=self.today, **WHO)


@pytest.fixture
def drive(db) -> Drive:
    demo.fill(db, PEOPLE, seed=11, build_index=False)
    today = clock.today()
    settings.set(db, "election_date", today + dt.timedelta(days=30))
    settings.set(db, "election_name", "Pemilihan Umum Uji")
    settings.set(db, "report_target", TARGET)
    return Drive(db)


@pytest.fixture
def page(qtbot, db, runner, drive):
    widget = LaporanPage(db, runner, runner.bus)
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    with qtbot.waitSignal(widget.refreshed, timeout=20000):
        widget.show()  # the first show loads (the page starts stale)
    return widget


def value(page: LaporanPage, card: str) -> str:
    return page.cards[card].value.text()


def test_the_cards_and_tables_show_the_recap_of_a_known_drive(qtbot, page, db, drive,
                                                              output_dir):
    recap = page.recap
    assert recap is not None and recap.date_to == drive.today
    # the figures the test made, in Indonesian style
    assert value(page, "target") == "6.000"
    assert value(page, "summoned") == "6"
    assert value(page, "attended") == "4"
    assert value(page, "recorded") == "3"
    assert page.cards["recorded"].note.text() == f"{format_percent(3, TARGET)} dari target"
    assert format_percent(3, TARGET) == "0,1%"
    assert value(page, "failed") == "1"
    assert value(page, "no_show") == "0"
    assert value(page, "not_served") == format_count(PEOPLE - 4)
    # the projection: 30 days left, the pace of the last 7 days (3 today / 7)
    p = recap.projection
    assert value(page, "days_left") == "30 hari"
    assert p.pace_7d == round(3 / 7, 1)
    assert value(page, "pace_7d") == f"{reports.format_rate(p.pace_7d)} orang/hari"
    assert value(page, "pace_needed") == f"{reports.format_rate(p.pace_needed)} orang/hari"
    # 5.997 left at 0,4 a day is years: the warning says it falls after polling day
    assert p.done_by is not None and p.done_by > p.election_day
    assert page.notice.isVisible() and page.notice.text() == p.warning
    assert "Pemilihan Umum Uji" in page.notice.text()
    assert value(page, "done_by") == reports.figures.format_date_plain(p.done_by)

    # the kelurahan table: the served kelurahan's row
    table = page.by_kelurahan
    rows = {table.code_at(r): table.texts(r) for r in range(table.proxy.rowCount())}
    assert len(rows) == len({k for k in drive.kelurahan.values()})
    served = rows[drive.served_kel]
    people_there = sum(1 for k in drive.kelurahan.values() if k == drive.served_kel)
    # name, kecamatan, target, summoned, attended, recorded, %, failed, no-show, not served
    assert served[2:] == [str(people_there), "6", "4", "3",
                          format_percent(3, people_there), "1", "0",
                          str(people_there - 4)]
    # sorted by a number column as numbers, not as text
    page.by_kelurahan.view.sortByColumn(5, Qt.SortOrder.DescendingOrder)
    assert table.code_at(0) == drive.served_kel
    # the reasons and the day
    reasons = page.reasons
    assert [reasons.texts(r) for r in range(reasons.proxy.rowCount())] == [
        [reason_label("sidik_jari"), "1"]]
    days = page.by_day
    last = days.texts(days.proxy.rowCount() - 1)
    assert last[1:] == ["6", "4", "3", "1", "0"]
    # the charts: the burn-down ends today at what is left, the served kelurahan is the
    # least behind (last bar)
    assert page.burn_down.points[-1] == (drive.today, TARGET - 3)
    assert page.bars.rows[-1].code == drive.served_kel
    page.tabs.setCurrentIndex(0)
    page.grab().save(str(output_dir / "laporan_page.png"))


def test_a_check_in_at_the_desk_updates_the_page(qtbot, page, runner, drive):
    assert value(page, "attended") == "4"
    pid = drive.waiting[0]
    # the desk's own job, through the runner: its changes go out on the bus
    with qtbot.waitSignal(page.refreshed, timeout=20000):
        runner.run_write(desk_ops.record_job, pid, "hadir", reason=None, note=None,
                         today=drive.today)
    assert value(page, "attended") == "5"
    with qtbot.waitSignal(page.refreshed, timeout=20000):
        runner.run_write(desk_ops.record_job, pid, "terekam", reason=None, note=None,
                         today=drive.today)
    assert value(page, "recorded") == "4"
    assert page.burn_down.points[-1] == (drive.today, TARGET - 4)


def test_clicking_a_kelurahan_bar_shows_its_people_not_yet_recorded(qtbot, db, db_path,
                                                                   drive, output_dir):
    window = MainWindow(db, db_path)
    qtbot.addWidget(window)
    window.resize(1366, 696)
    window.show()
    qtbot.waitExposed(window)
    laporan = window.laporan
    with qtbot.waitSignal(laporan.refreshed, timeout=20000):
        window.nav.setCurrentRow(list(window.pages.values()).index(laporan))
    bars = laporan.bars
    code = drive.served_kel
    centre = bars.bar_centre(code)
    assert centre is not None
    scroll = bars.parentWidget().parentWidget()  # the bars' scroll area
    scroll.ensureVisible(int(centre.x()), int(centre.y()), 20, 40)
    qtbot.waitUntil(lambda: bars.viewport().visibleRegion().contains(centre.toPoint()),
                    timeout=5000)
    qtbot.mouseClick(bars.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(int(centre.x()), int(centre.y())))
    warga = window.warga
    expected = people.ordered_ids(db, PeopleFilter(kelurahan=code, not_recorded=True))
    assert len(expected) > 0
    qtbot.waitUntil(lambda: window.current_page() is warga
                    and warga.model.rowCount() == len(expected)
                    and warga.model.filter.kelurahan == code, timeout=20000)
    shown = {warga.model.person_id(r) for r in range(warga.model.rowCount())}
    assert shown == set(expected)
    assert not set(drive.recorded) & shown  # the recorded ones are not there
    assert set(drive.waiting) <= shown
    assert warga.kelurahan.currentData() == code
    assert warga.status.currentText() == "Belum terekam"
    statuses = {r[0] for r in db.execute_sql(
        f"SELECT status FROM person WHERE id IN ({','.join(map(str, shown))})")}
    assert not statuses & RECORDED
    window.grab().save(str(output_dir / "laporan_to_warga.png"))
    # a double click on the kelurahan's row in the table goes the same way
    window.nav.setCurrentRow(list(window.pages.values()).index(laporan))
    table = laporan.by_kelurahan
    row = next(r for r in range(table.proxy.rowCount()) if table.code_at(r) == code)
    with qtbot.waitSignal(laporan.open_people, timeout=5000) as opened:
        table.view.doubleClicked.emit(table.proxy.index(row, 0))
    assert opened.args == [code]
    window.close()


@pytest.mark.parametrize("kind", sorted(ops.WRITERS))
def test_the_recap_shown_is_exported(qtbot, page, monkeypatch, tmp_path, kind):
    out = tmp_path / f"rekap.{kind}"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    with qtbot.waitSignal(page.refreshed, timeout=20000):
        page.exports[kind].click()
    assert out.exists()
    assert page.message.kind == "ok" and str(out) in page.message.text()
    if kind == "pdf":  # read back: the target as the page shows it
        import pypdf

        text = "".join(pg.extract_text() for pg in pypdf.PdfReader(out).pages)
        assert "6.000" in text
        return
    if kind == "csv":
        rows = list(csv.reader(out.open(encoding="utf-8")))
        total = dict(zip(rows[0], rows[1], strict=True))
    else:
        sheet = openpyxl.load_workbook(out)["Rekap"]
        values = [[c.value for c in row] for row in sheet.iter_rows(min_row=7, max_row=8)]
        assert str(values[0][3]) == "Target"
        total = dict(zip(("section", "code", "name", "target", "people", "summoned",
                          "attended", "recorded"), values[1], strict=False))
    assert int(total["target"]) == TARGET and int(total["recorded"]) == 3


def test_pdf_is_offered_once_core_writes_it(page):
    # the PDF button stands for core/reports' PDF writer, and is hidden while there is none
    assert page.exports["pdf"].isVisible() == ("pdf" in ops.WRITERS)
    assert page.exports["xlsx"].isVisible() and page.exports["csv"].isVisible()


def test_a_reversed_period_is_refused_and_changes_nothing(qtbot, page):
    shown = value(page, "recorded")
    page.period.setCurrentIndex(page.period.findData(ops.CHOSEN))
    qtbot.waitUntil(lambda: not page.runner.busy, timeout=20000)
    with qtbot.waitSignal(page.refreshed, timeout=20000):
        page.date_from.setDate(page.date_to.date().addDays(3))
    assert page.message.kind == "error"
    assert "sesudah tanggal akhir" in page.message.text()
    assert value(page, "recorded") == shown
    assert page.recap is not None and page.recap.date_from <= page.recap.date_to
    # set right again, the period's figures come back and the message goes
    with qtbot.waitSignal(page.refreshed, timeout=20000):
        page.date_from.setDate(page.date_to.date())
    assert not page.message.isVisible()
    assert page.recap.date_from == page.recap.date_to == clock.today()


def test_at_the_city_the_page_counts_all_offices_or_one(qtbot, tmp_path):
    from tests.sync_helpers import build

    offices = build(tmp_path / "offices", people=60, kecamatan=("337501", "337502"))
    city = offices["kota"].db
    parent = QWidget()
    qtbot.addWidget(parent)
    city_runner = JobRunner(city, parent=parent)
    try:
        widget = LaporanPage(city, city_runner, city_runner.bus)
        qtbot.addWidget(widget)
        with qtbot.waitSignal(widget.refreshed, timeout=20000):
            widget.show()
        assert widget.office.isVisible()
        choices = [widget.office.itemData(i) for i in range(widget.office.count())]
        assert choices == [None, offices["337501"].office_id, offices["337502"].office_id]
        assert widget.tabs.isTabVisible(widget.office_tab)
        everyone = city.execute_sql("SELECT count(*) FROM person").fetchone()[0]
        assert value(widget, "target") == format_count(everyone)
        assert widget.by_office.proxy.rowCount() >= 2
        # one office: the people of its kecamatan only
        with qtbot.waitSignal(widget.refreshed, timeout=20000):
            widget.office.setCurrentIndex(2)
        theirs = city.execute_sql(
            "SELECT count(*) FROM person WHERE kecamatan_code = '337502'").fetchone()[0]
        assert widget.recap is not None and widget.recap.scope.kecamatan_code == "337502"
        assert value(widget, "target") == format_count(theirs) and theirs < everyone
        assert {widget.by_kelurahan.code_at(r)[:6]
                for r in range(widget.by_kelurahan.proxy.rowCount())} == {"337502"}
    finally:
        city_runner.shutdown()


def test_a_past_period_shows_its_burn_down_without_the_pace_line(qtbot, db, runner,
                                                                   monkeypatch, output_dir):
    """Dates chosen that ended before today: the line is the test's ledger day by day up
    to the period's end, no 7 days' pace is drawn, and the caption says why."""
    ledger = ledgers.Ledger(db, monkeypatch)  # the clock stays at its TODAY
    today = ledgers.TODAY
    widget = LaporanPage(db, runner, runner.bus)
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    with qtbot.waitSignal(widget.refreshed, timeout=20000):
        widget.show()
    widget.period.setCurrentIndex(widget.period.findData(ops.CHOSEN))
    qtbot.waitUntil(lambda: not widget.runner.busy, timeout=20000)
    first, last = ledgers.FIRST + dt.timedelta(days=1), ledgers.FIRST + dt.timedelta(days=4)
    assert widget.date_from.date().toPython() == first  # the last 7 days up to TODAY
    with qtbot.waitSignal(widget.refreshed, timeout=20000):
        widget.date_to.setDate(last)
    assert (widget.recap.date_from, widget.recap.date_to, widget.recap.today) == (
        first, last, today)
    chart = widget.burn_down
    assert list(chart.points) == [(first + dt.timedelta(days=i),
                                   ledger.left_at_end_of(first + dt.timedelta(days=i)))
                                  for i in range(4)]
    names = [s.name() for s in chart.chart().series()]
    assert names == ["Ideal", "Sisa (orang)"]  # no "Laju 7 hari"
    line = next(s for s in chart.chart().series() if s.name() == "Sisa (orang)")
    assert [int(p.y()) for p in line.points()] == [left for _, left in chart.points]
    assert "Garis laju 7 hari hanya untuk periode sampai hari ini" in chart.chart().title()
    assert format_date_plain(last) in chart.caption
    widget.tabs.setCurrentIndex(0)
    widget.grab().save(str(output_dir / "laporan_past_period.png"))
    # back to a period reaching today: the pace line and its caption come back
    with qtbot.waitSignal(widget.refreshed, timeout=20000):
        widget.date_to.setDate(today)
    assert "Laju 7 hari" in [s.name() for s in chart.chart().series()]
    assert chart.points[-1] == (today, ledgers.PEOPLE - sum(ledgers.RECORDED))
    assert "diteruskan dari hari ini" in chart.caption
    QApplication.processEvents()  # the chart lays its title and legend out on the next pass
    widget.grab().save(str(output_dir / "laporan_period_to_today.png"))
