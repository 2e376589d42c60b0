"""Printing speed: 3,000 letters handed to a CUPS queue as the PDF they are.

    .venv/bin/python benchmarks/bench_print.py [--letters 3000]

Starts a CUPS scheduler of its own with a cups-pdf queue (tests/cups_helpers.py: needs
the cups and printer-driver-cups-pdf packages and root), makes the letters' PDF once
(print_batch, not timed here: benchmarks/bench_letters.py measures it), then measures:
- ours: printing.jobs.print_file, from the file to the job accepted by CUPS (checking
  the queue, recording the job, ``lp``, marking the letters printed);
- baseline, in the same run: ``lp`` alone on the same file;
- the print job's size: the PDF cups-pdf wrote from the job, beside the letters' PDF;
- for scale, the old way on 20 pages: rasterised at 300 dpi and painted on a QPrinter
  writing a PDF file (pdf_view.paint_pages), per page and bytes per page.
Target: ours < 10 s for 3,000 letters.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_letters import LETTER_DATE, template  # noqa: E402
from ektp_desk.core import db as core_db  # noqa: E402
from ektp_desk.core.letters import batch  # noqa: E402
from ektp_desk.core.printing import PrintRequest, jobs  # noqa: E402
from ektp_desk.core.printing.cups import CupsPrinting  # noqa: E402
from tests.cups_helpers import TestCups, missing  # noqa: E402

TARGET_S = 10.0
RASTER_PAGES = 20


def raster_per_page(pdf: Path, folder: Path) -> tuple[float, int]:
    """The old path on the first pages: seconds and bytes of print job per page."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    from ektp_desk.ui import pdf_view

    _app = QApplication.instance() or QApplication([])
    out = folder / "raster.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    document = pdf_view.open_document(pdf)
    try:
        pdf_view.prepare_printer(printer, document, "surat")
        started = time.perf_counter()
        pdf_view.paint_pages(document, printer, list(range(RASTER_PAGES)))
        elapsed = time.perf_counter() - started
    finally:
        document.close()
    return elapsed / RASTER_PAGES, out.stat().st_size // RASTER_PAGES


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=3000)
    args = parser.parse_args()
    why = missing()
    if why:
        print(f"tidak dapat mengukur: {why}", file=sys.stderr)
        return 1
    work = Path(tempfile.mkdtemp(prefix="ektp-bench-print-"))
    cups = TestCups(Path(tempfile.mkdtemp(prefix="ektp-cups-"))).start()
    try:
        queue = cups.add_queue("bench")
        base = cups.add_queue("baseline")
        path = work / "ektp.sqlite"
        shutil.copy(template(args.letters), path)
        db = core_db.open_database(path, bind=False)
        made = batch.print_batch(db, batch.Selection(unprinted=True), out=work / "surat.pdf",
                                 letter_date=LETTER_DATE, hold=True)
        size = made.out.stat().st_size
        system = CupsPrinting(str(cups.socket))

        started = time.perf_counter()
        result = jobs.print_file(db, PrintRequest(made.out, queue, title="surat"),
                                 summons_ids=made.summons_ids, system=system)
        ours = time.perf_counter() - started
        started = time.perf_counter()
        subprocess.run(["lp", "-d", base, "--", str(made.out)], env=cups.env, check=True,
                       capture_output=True)
        raw = time.perf_counter() - started
        printed = cups.wait_output(queue, timeout=1800)[0].stat().st_size
        cups.wait_output(base, timeout=1800)
        db.close()
        per_page, raster_bytes = raster_per_page(made.out, work)
        pages = made.pages
        print(f"{made.letters:,} letters, {pages:,} pages, job {result.job}")
        print(f"hand to the queue   ours {ours:6.2f} s   baseline lp alone {raw:6.2f} s   "
              f"(target < {TARGET_S:.0f} s)")
        print(f"letters' PDF        {size / 1e6:8.2f} MB  ({size / pages / 1e3:.1f} kB/page)")
        print(f"print job (cups-pdf){printed / 1e6:8.2f} MB  ({printed / pages / 1e3:.1f} "
              f"kB/page, {printed / size:.2f}× the PDF)")
        print(f"old raster path     {per_page * 1e3:6.0f} ms/page, {raster_bytes / 1e6:.2f} "
              f"MB/page ({RASTER_PAGES} pages): {per_page * pages / 60:.1f} min and "
              f"{raster_bytes * pages / 1e9:.1f} GB for this batch")
        ok = ours < TARGET_S
        print("OK" if ok else "TOO SLOW")
        return 0 if ok else 1
    finally:
        cups.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
