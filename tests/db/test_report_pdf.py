"""The recap as a PDF (core/reports/pdf.py): read back with pypdf it holds the title, the
office, the totals in Indonesian style and the signer; page 1 is rendered to PNG in the
output folder for a person to look at."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pypdf
import pypdfium2 as pdfium

from ektp_desk.core import clock, demo_drive, reports, settings
from ektp_desk.core.letters import profile as office_profile
from ektp_desk.core.text import format_count
from tests.letter_helpers import give_logo


def test_the_pdf_holds_the_totals_and_is_ready_to_sign(db, tmp_path: Path, output_dir: Path):
    today = clock.today()  # the demo drive writes its events on the clock's days
    demo_drive.build(db, 400, seed=4, today=today)
    give_logo(db)
    office_profile.save(db, {"signer_name": "Drs. Bambang Sutrisno, M.Si.",
                             "signer_nip": "196805121994031007"}, user="admin")
    settings.set(db, "report_target", 6000)  # far off, and polling day near: a warning
    settings.set(db, "election_date", (today + dt.timedelta(days=45)).isoformat())
    settings.set(db, "election_name", "Pemilihan Kepala Daerah 2027")
    # two weeks: the burn-down has days to draw (the demo drive's events are all today's)
    recap = reports.recap(db, date_from=today - dt.timedelta(days=14), date_to=today,
                          today=today)
    out = reports.write(recap, tmp_path / "laporan.pdf", db=db)

    reader = pypdf.PdfReader(out, strict=True)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    t = recap.totals
    assert "LAPORAN KEMAJUAN PEREKAMAN KTP-el" in text
    assert f"Target {format_count(t.target)}" in text and "6.000" in text
    assert f"Terekam {format_count(t.recorded)} ({t.recorded_pct})" in text
    for figure in (t.people, t.summoned, t.attended, t.failed, t.no_show, t.not_served):
        assert format_count(figure) in text
    assert recap.projection.warning and recap.projection.warning.split(":")[0] in text
    assert "Drs. Bambang Sutrisno, M.Si." in text and "NIP. 19680512 199403 1 007" in text
    assert all(g.name in text for g in recap.by_kelurahan)
    assert all(r.label in text for r in recap.failure_reasons)
    assert reader.pages[0].mediabox.width == 595.2756 or round(
        float(reader.pages[0].mediabox.width)) == 595  # A4 portrait
    assert len(reader.pages) >= 2 and "Halaman 2" in text

    pdf = pdfium.PdfDocument(str(out))
    try:
        for i in range(min(2, len(pdf))):
            pdf[i].render(scale=1.6).to_pil().save(output_dir / f"report_pdf_page{i + 1}.png")
    finally:
        pdf.close()
    assert (output_dir / "report_pdf_page1.png").stat().st_size > 10_000
