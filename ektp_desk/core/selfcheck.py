"""The core half of `ektp-desk --self-check`: a clerk's day on a fresh database.

Run inside the built bundle (docs/architecture.md, "The bundle"), it finds what the source
tree hides: a module PyInstaller missed (migrations and verbs are imported by name), a
resource left out of `resources/` (regions, holidays, fonts, letter texts), a native
library (zxing-cpp, pdfium, the cryptography backend). Each step is a real call a clerk's
action makes; the window's half (`ui/smoke.py`) opens every page afterwards.
"""

from __future__ import annotations

import csv
import datetime as dt
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import peewee as pw

from ektp_desk.core import clock, desk, messages, settings

messages.register({
    "selfcheck_ok": ("baik", "ok"),
    "selfcheck_failed": ("GAGAL", "FAILED"),
    "selfcheck_summary_ok": ("Pemeriksaan mandiri lulus: {count} langkah.",
                             "Self-check passed: {count} steps."),
    "selfcheck_summary_failed": ("Pemeriksaan mandiri gagal: {failed} dari {count} langkah.",
                                 "Self-check failed: {failed} of {count} steps."),
    "selfcheck_step_database": ("basis data", "database"),
    "selfcheck_step_import": ("impor", "import"),
    "selfcheck_step_schedule": ("jadwal", "schedule"),
    "selfcheck_step_letter": ("surat + QR", "letter + QR"),
    "selfcheck_step_desk": ("meja layanan", "front desk"),
    "selfcheck_step_window": ("jendela", "window"),
    "selfcheck_step_qt": ("pesan Qt", "Qt messages"),
    "selfcheck_schema": ("skema versi {version}", "schema version {version}"),
    "selfcheck_imported": ("{count} warga", "{count} people"),
    "selfcheck_scheduled": ("{count} warga, pertama {day}", "{count} people, first {day}"),
    "selfcheck_checked_in": ("{status}, antrean {queue}", "{status}, queue {queue}"),
    "selfcheck_pages": ("{count} halaman, Warga {rows} baris",
                        "{count} pages, Warga {rows} rows"),
    "selfcheck_no_qr": ("kode QR tidak terbaca dari surat", "no QR code read from the letter"),
    "selfcheck_wrong_qr": ("kode QR {code} tidak menunjuk surat ini",
                           "QR code {code} does not name this letter"),
})

# Three people of Kota Pekalongan, old enough to vote at any election from now on and not
# pupils (who are booked only after school): born 20 years before the check runs.
_HEADER = ["NO", "NIK", "NAMA LENGKAP", "TEMPAT LAHIR", "TANGGAL LAHIR", "JENIS KELAMIN",
           "ALAMAT", "RT", "RW", "KELURAHAN", "KECAMATAN"]
_PEOPLE = (("SITI AMINAH", "P", 1), ("BUDI SANTOSO", "L", 2), ("DEWI LESTARI", "P", 3))


@dataclass
class Step:
    name: str
    ok: bool
    detail: str


@dataclass
class Report:
    steps: list[Step] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(step.ok for step in self.steps)

    def run(self, name: str, action: Callable[[], str]) -> bool:
        """Run one step; its exception becomes the step's failure with its traceback."""
        try:
            detail = action()
        except Exception as exc:
            detail = f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"
            self.steps.append(Step(name, False, detail))
            return False
        self.steps.append(Step(name, True, detail))
        return True

    def lines(self) -> list[str]:
        failed = sum(1 for step in self.steps if not step.ok)
        out = [f"[{messages.text('selfcheck_ok' if s.ok else 'selfcheck_failed')}] "
               f"{s.name}: {s.detail}" for s in self.steps]
        out.append(messages.text("selfcheck_summary_failed", failed=failed,
                                 count=len(self.steps)) if failed or not self.steps
                   else messages.text("selfcheck_summary_ok", count=len(self.steps)))
        return out


def write_tiny_list(path: Path, today: dt.date) -> Path:
    """A KPU csv of three valid people (NIKs with the +40 day for women)."""
    born = today.replace(year=today.year - 20, day=min(today.day, 28))
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(_HEADER)
        for number, (name, sex, serial) in enumerate(_PEOPLE, 1):
            day = born.day + (40 if sex == "P" else 0)
            nik = f"337501{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"
            writer.writerow([number, nik, name, "PEKALONGAN", born.strftime("%d-%m-%Y"), sex,
                             "JL. MERDEKA NO. 5", "001", "002", "Medono", "Pekalongan Barat"])
    return path


class DayCheck:
    """The steps in order, sharing what each one made (a failed step stops the rest)."""

    def __init__(self, db: pw.SqliteDatabase, folder: Path, today: dt.date | None = None):
        self.db = db
        self.folder = folder
        self.today = today or clock.today()
        self.summons_id: int | None = None
        self.slot_day: dt.date | None = None
        self.code: str | None = None

    def run(self, report: Report) -> bool:
        return (report.run(messages.text("selfcheck_step_import"), self.import_list)
                and report.run(messages.text("selfcheck_step_schedule"), self.schedule)
                and report.run(messages.text("selfcheck_step_letter"), self.letter)
                and report.run(messages.text("selfcheck_step_desk"), self.check_in))

    def import_list(self) -> str:
        from ektp_desk.core import importer

        path = write_tiny_list(self.folder / "dpp_non_ktp_el.csv", self.today)
        result = importer.run_import(self.db, path, today=self.today)
        if result.inserted != len(_PEOPLE) or result.rejected:
            raise AssertionError(f"{result.inserted} masuk, {result.rejected} ditolak")
        return messages.text("selfcheck_imported", count=result.inserted)

    def schedule(self) -> str:
        from ektp_desk.core import scheduling
        from ektp_desk.core.demo_drive import demo_logo, next_election

        name, polling_day, previous = next_election(self.today)
        settings.save_many(self.db, {"election_name": name, "election_date": polling_day,
                                     "previous_election_date": previous})
        # no letter is made without the regional logo (Profil Kantor)
        self.db.execute_sql("UPDATE office_profile SET logo = ? WHERE id = 1", (demo_logo(),))
        # a calendar not yet published for the coming weeks must not stop the check
        plan = scheduling.plan(self.db, scheduling.Selection(), self.today,
                               self.today + dt.timedelta(days=30), today=self.today,
                               past_calendar=True, past_election=True)
        applied = scheduling.apply_plan(self.db, plan, today=self.today)
        if applied.scheduled != len(_PEOPLE):
            raise AssertionError(f"{applied.scheduled} dijadwalkan")
        row = self.db.execute_sql(
            "SELECT m.id, s.date FROM summons m JOIN slot s ON s.id = m.slot_id "
            "WHERE m.state = 'open' ORDER BY s.date, s.start_time, m.id LIMIT 1").fetchone()
        self.summons_id, self.slot_day = row[0], dt.date.fromisoformat(row[1])
        return messages.text("selfcheck_scheduled", count=applied.scheduled,
                             day=self.slot_day.isoformat())

    def letter(self) -> str:
        import pypdfium2 as pdfium
        import zxingcpp

        from ektp_desk.core.letters import batch, numbering

        assert self.summons_id is not None
        out = self.folder / "surat.pdf"
        batch.print_batch(self.db, batch.Selection(summons_ids=(self.summons_id,)), out=out,
                          letter_date=self.today, workers=1)
        # a real read of the rendered page, as the desk's scanner reads the paper
        document = pdfium.PdfDocument(str(out))
        try:
            image = document[0].render(scale=2).to_pil()
        finally:
            document.close()
        codes = [b.text for b in zxingcpp.read_barcodes(image) if b.format.name == "QRCode"]
        if not codes:
            raise AssertionError(messages.text("selfcheck_no_qr"))
        info = numbering.find_letter(self.db, codes[0])
        if info is None or info.current_summons_id != self.summons_id:
            raise AssertionError(messages.text("selfcheck_wrong_qr", code=codes[0]))
        self.code = codes[0]
        return f"{info.number}, {out.stat().st_size // 1024} KB"

    def check_in(self) -> str:
        assert self.code is not None and self.slot_day is not None
        result = desk.checkin(self.db, self.code, today=self.slot_day,
                              desk=str(settings.get(self.db, "desk_name")),
                              user=str(settings.get(self.db, "user_name")))
        if result.card.status != "hadir":
            raise AssertionError(result.card.status)
        return messages.text("selfcheck_checked_in", status=result.card.status,
                             queue=result.card.queue_number)
