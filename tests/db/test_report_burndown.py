"""The burn-down of any period (core/reports/burndown.py): people left at the end of each
day, from the events, equal to the test's own ledger of whom it recorded on which day; a
period that ended in the past is counted back through the recordings since its end and has
no pace line; the PDF draws it and says so under the chart."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest

from ektp_desk.core import reports
from ektp_desk.core.calendar import format_date_plain
from tests.burndown_helpers import FIRST, PEOPLE, RECORDED, TODAY, Ledger
from tests.letter_helpers import give_logo


@pytest.fixture
def ledger(db, monkeypatch) -> Ledger:
    return Ledger(db, monkeypatch)


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def test_a_past_period_matches_the_ledger_day_by_day(db, ledger):
    first, last = FIRST + dt.timedelta(days=1), FIRST + dt.timedelta(days=4)
    recap = reports.recap(db, date_from=first, date_to=last, today=TODAY)
    burn = recap.burn_down
    assert list(burn.points) == [(d, ledger.left_at_end_of(d)) for d in _days(first, last)]
    assert burn.start == ledger.left_at_end_of(first - dt.timedelta(days=1))
    assert not burn.live and burn.pace_line is None
    # the same days inside the whole drive up to today give the same figures
    whole = reports.recap(db, date_from=FIRST, date_to=TODAY, today=TODAY).burn_down
    assert dict(whole.points) == {d: ledger.left_at_end_of(d) for d in _days(FIRST, TODAY)}
    assert whole.points[-1] == (TODAY, PEOPLE - sum(RECORDED))
    assert whole.start == PEOPLE and whole.live


def test_the_pace_line_only_for_a_period_reaching_today(db, ledger):
    live = reports.recap(db, date_from=TODAY - dt.timedelta(days=2),
                         date_to=TODAY + dt.timedelta(days=3), today=TODAY)
    burn = live.burn_down
    # the line stops today: later days have no events yet
    assert burn.points[-1] == (TODAY, PEOPLE - sum(RECORDED))
    assert len(burn.points) == 3
    p = live.projection
    assert p.pace_7d == round(sum(RECORDED[1:]) / 7, 1)
    assert burn.pace_line is not None and burn.pace_line[0] == (TODAY, p.remaining)
    yesterday = reports.recap(db, date_from=FIRST, date_to=TODAY - dt.timedelta(days=1),
                              today=TODAY).burn_down
    assert yesterday.pace_line is None and not yesterday.live
    assert yesterday.points[-1][1] == ledger.left_at_end_of(TODAY - dt.timedelta(days=1))


def test_the_pdf_of_a_past_period_draws_its_burn_down(db, ledger, tmp_path: Path,
                                                      output_dir: Path):
    give_logo(db)
    last = FIRST + dt.timedelta(days=4)
    recap = reports.recap(db, date_from=FIRST, date_to=last, today=TODAY)
    out = reports.write(recap, tmp_path / "laporan.pdf", db=db)
    reader = pypdf.PdfReader(out, strict=True)
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Sisa warga belum terekam menuju Pemilihan Umum Uji" in text
    assert (f"Sisa di akhir setiap hari sampai {format_date_plain(last)}. Tanpa garis "
            "laju 7 hari") in text
    assert "Laju 7 hari" not in text  # no pace line, so not in the legend either
    pdf = pdfium.PdfDocument(str(out))
    try:
        pdf[0].render(scale=1.6).to_pil().save(output_dir / "report_burndown_past.png")
    finally:
        pdf.close()
    # the period reaching today: its caption and the pace line's legend
    live = reports.recap(db, date_from=FIRST, date_to=TODAY, today=TODAY)
    text = " ".join(pypdf.PdfReader(reports.write(live, tmp_path / "live.pdf", db=db))
                    .pages[0].extract_text().split())
    assert "garis laju 7 hari diteruskan dari hari ini" in text and "Laju 7 hari" in text
    pdf = pdfium.PdfDocument(str(tmp_path / "live.pdf"))
    try:
        pdf[0].render(scale=1.6).to_pil().save(output_dir / "report_burndown_live.png")
    finally:
        pdf.close()
