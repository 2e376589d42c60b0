"""Handing a PDF to the office's printer as it is: vectors and text, not pictures of pages.

One interface, two print systems, no Qt (the window and the CLI share it):

- :mod:`.cups` (Linux, macOS): the file goes to CUPS with ``lp``, with the printer, copies,
  page range, paper (A4, or F4 as ``Custom.215x330mm``) and duplex, at 100 % (no scaling:
  the kop and the QR code land where the letter puts them);
- :mod:`.windows`: pdfium draws each page on the printer's device context (FPDF_RenderPage
  in printing mode) through pywin32; no PDF reader the office may have is involved.

``submit`` returns the print system's job id once it *accepted* the job; that is when a
letter counts as printed (:mod:`.jobs`). A system that cannot take the file says why in a
UserError, in Indonesian.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ektp_desk.core import messages
from ektp_desk.core.errors import UserError
from ektp_desk.core.jobs import NEVER_CANCELLED, CancelToken, Progress, no_progress

PAPER_SIZES_MM = {"A4": (210, 297), "F4": (215, 330)}

# states of a job in the print system, as ektp-desk names them
PENDING = "menunggu"
PRINTING = "mencetak"
DONE = "selesai"
FAILED = "gagal"
CANCELLED = "dibatalkan"
STATE_LABELS = messages.Labels("print_state_", {
    PENDING: ("Menunggu di antrean", "Waiting in the queue"),
    PRINTING: ("Sedang dicetak", "Printing"),
    DONE: ("Selesai", "Done"),
    FAILED: ("Gagal", "Failed"),
    CANCELLED: ("Dibatalkan", "Cancelled"),
})

messages.register({
    "print_no_system": (
        "Sistem cetak tidak tersedia di komputer ini ({detail}).",
        "No print system on this computer ({detail})."),
    "print_unknown_printer": (
        "Printer \u201c{printer}\u201d tidak dikenal. Pilih printer yang terpasang: {known}.",
        "Printer \u201c{printer}\u201d is unknown. Choose an installed printer: {known}."),
    "print_printer_stopped": (
        "Printer \u201c{printer}\u201d sedang dihentikan ({detail}). Jalankan lagi printernya, "
        "lalu cetak ulang; surat belum ditandai dicetak dan nomornya tetap.",
        "Printer \u201c{printer}\u201d is stopped ({detail}). Start it again, then print "
        "again; the letters are not marked printed and keep their numbers."),
    "print_refused": (
        "Printer \u201c{printer}\u201d menolak pekerjaan cetak: {detail}. Surat belum ditandai "
        "dicetak dan nomornya tetap.",
        "Printer \u201c{printer}\u201d refused the print job: {detail}. The letters are not "
        "marked printed and keep their numbers."),
    "print_bad_range": (
        "Rentang halaman \u201c{range}\u201d tidak sah untuk berkas {pages} halaman.",
        "Page range \u201c{range}\u201d is not valid for a {pages}-page file."),
    "print_bad_copies": (
        "Jumlah salinan harus 1 sampai 99, bukan {copies}.",
        "Copies must be 1 to 99, not {copies}."),
    "print_bad_paper": ("Ukuran kertas {paper} tidak dikenal (A4 atau F4).",
                        "Unknown paper size {paper} (A4 or F4)."),
    "print_no_pdf": ("Berkas PDF {path} tidak ada atau tidak dapat dibaca.",
                     "PDF file {path} is missing or unreadable."),
    "print_cancel_failed": (
        "Pekerjaan cetak {job} tidak dapat dibatalkan: {detail}.",
        "Print job {job} cannot be cancelled: {detail}."),
})


@dataclass(frozen=True)
class PrintRequest:
    """One PDF for one printer. ``pages``: 1-based inclusive (first, last) or None for all;
    ``paper``: "A4" or "F4" ("" as the PDF's first page); ``duplex``: both sides (long
    edge)."""

    pdf: Path
    printer: str
    copies: int = 1
    pages: tuple[int, int] | None = None
    paper: str = ""
    duplex: bool = False
    title: str = "ektp-desk"

    def checked(self, page_count: int) -> PrintRequest:
        """The request, or UserError for copies, paper or a range that cannot be."""
        if not 1 <= self.copies <= 99:
            raise UserError("print_bad_copies", copies=self.copies)
        if self.paper not in PAPER_SIZES_MM:
            raise UserError("print_bad_paper", paper=self.paper)
        if self.pages is not None:
            first, last = self.pages
            if not 1 <= first <= last <= page_count:
                raise UserError("print_bad_range", range=f"{first}-{last}", pages=page_count)
        return self


@dataclass(frozen=True)
class JobStatus:
    """A job as the print system sees it now: one of the states above, and its words."""

    state: str
    detail: str = ""


class PrintSystem(Protocol):
    """What :mod:`.jobs` needs from a print system."""

    name: str  # "cups" | "windows"

    def printers(self) -> list[str]: ...

    def default_printer(self) -> str | None: ...

    def submit(self, request: PrintRequest, *, progress: Progress = no_progress,
               cancel: CancelToken = NEVER_CANCELLED) -> str:
        """Hand the file over; the job id once the system accepted it, else UserError
        (Cancelled, and nothing left in the queue, when cancelled on the way)."""
        ...

    def status(self, job: str) -> JobStatus: ...

    def cancel(self, job: str) -> None: ...


def parse_range(text: str, page_count: int) -> tuple[int, int] | None:
    """'3-7' / '5' / '' → (first, last) 1-based, or None for every page; UserError when it
    is not a range inside the document."""
    text = text.strip().replace("\u2013", "-")
    if not text:
        return None
    first_text, _, last_text = text.partition("-")
    try:
        first = int(first_text)
        last = int(last_text) if last_text.strip() else (first if not _ else page_count)
    except ValueError:
        raise UserError("print_bad_range", range=text, pages=page_count) from None
    if not 1 <= first <= last <= page_count:
        raise UserError("print_bad_range", range=text, pages=page_count)
    return first, last


def pdf_info(pdf: Path) -> tuple[int, str]:
    """Page count and paper ("A4"/"F4", by the first page) of a PDF."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(pdf))
    except (OSError, pdfium.PdfiumError):
        raise UserError("print_no_pdf", path=str(pdf)) from None
    try:
        count = len(document)
        width, height = document[0].get_size() if count else (595.0, 842.0)
    finally:
        document.close()
    return count, paper_for(width, height)


def paper_for(width_pt: float, height_pt: float) -> str:
    """The paper a page's size in points is (the nearer of A4 and F4)."""
    height_mm = max(width_pt, height_pt) / 72 * 25.4
    return "F4" if abs(height_mm - 330) < abs(height_mm - 297) else "A4"


def default_system() -> PrintSystem:
    """The print system of this computer: pdfium on Windows, CUPS elsewhere."""
    if sys.platform == "win32":
        from ektp_desk.core.printing.windows import WindowsPrinting

        return WindowsPrinting()
    from ektp_desk.core.printing.cups import CupsPrinting

    return CupsPrinting()
