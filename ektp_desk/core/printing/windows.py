"""Windows: pdfium draws each page straight on the printer's device context.

No PDF reader the office may (or may not) have installed takes part: the printer's driver
gets GDI drawing calls from pdfium's printing path (``FPDF_SetPrintMode`` then
``FPDF_RenderPage`` with ``FPDF_PRINTING``), so text stays text and the QR code stays
sharp vector squares.

The paper, copies and duplex go in the printer's DEVMODE (F4 as a user size of
215 × 330 mm); the page is drawn at 100 % from the paper's corner (the printable area's
offset subtracted), so the kop and the QR code land where the letter puts them.

The Win32 layer comes from pywin32 (win32print, win32gui) and pypdfium2's raw API; both
are passed in, so the calls are unit-tested on any system with the layer faked.
"""

from __future__ import annotations

import contextlib
import ctypes
from collections.abc import Callable
from types import ModuleType
from typing import Any

from ektp_desk.core.errors import UserError
from ektp_desk.core.jobs import NEVER_CANCELLED, CancelToken, Progress, no_progress
from ektp_desk.core.printing import (
    CANCELLED,
    DONE,
    FAILED,
    PAPER_SIZES_MM,
    PENDING,
    PRINTING,
    JobStatus,
    PrintRequest,
)

# Win32 constants (wingdi.h, winspool.h): named here so a fake needs none of pywin32
DMPAPER_A4 = 9
DMPAPER_USER = 256
DM_ORIENTATION, DM_PAPERSIZE, DM_PAPERLENGTH, DM_PAPERWIDTH = 0x1, 0x2, 0x4, 0x8
DM_SCALE, DM_COPIES, DM_DUPLEX = 0x10, 0x100, 0x1000
DMORIENT_PORTRAIT = 1
DMDUP_SIMPLEX, DMDUP_VERTICAL = 1, 2  # vertical: flipped on the long edge
LOGPIXELSX, LOGPIXELSY = 88, 90
PHYSICALOFFSETX, PHYSICALOFFSETY = 112, 113
PRINTER_ENUM_LOCAL, PRINTER_ENUM_CONNECTIONS = 2, 4
PRINTER_STATUS_PAUSED, PRINTER_STATUS_ERROR = 0x1, 0x2
PRINTER_STATUS_OFFLINE, PRINTER_STATUS_PAPER_JAM = 0x80, 0x8
PRINTER_STATUS_NOT_AVAILABLE = 0x1000
JOB_STATUS_ERROR, JOB_STATUS_DELETING, JOB_STATUS_PRINTING = 0x2, 0x4, 0x10
JOB_STATUS_OFFLINE, JOB_STATUS_PAPEROUT = 0x20, 0x40
JOB_STATUS_PRINTED, JOB_STATUS_DELETED, JOB_STATUS_BLOCKED = 0x80, 0x100, 0x200
JOB_CONTROL_DELETE = 5
FPDF_PRINTMODE_EMF = 0
FPDF_ANNOT, FPDF_PRINTING = 0x01, 0x800

_SEP = "#"  # job ids are "printer#number": status and cancel need the printer


def _win32() -> tuple[ModuleType, ModuleType]:
    try:
        import win32gui  # type: ignore[import-not-found]
        import win32print  # type: ignore[import-not-found]
    except ImportError as exc:
        raise UserError("print_no_system", detail=f"pywin32 tidak terpasang ({exc})") from None
    return win32print, win32gui


def _raw() -> Any:
    import pypdfium2  # initialises the library
    import pypdfium2.raw as raw

    del pypdfium2
    return raw


class WindowsPrinting:
    """The Windows spooler through pywin32, pages drawn by pdfium."""

    name = "windows"

    def __init__(self, win32print: Any = None, win32gui: Any = None, pdfium_raw: Any = None,
                 open_pdf: Callable[[str], Any] | None = None) -> None:
        if win32print is None or win32gui is None:
            win32print, win32gui = _win32()
        self.win32print = win32print
        self.win32gui = win32gui
        self.raw = pdfium_raw if pdfium_raw is not None else _raw()
        for needed in ("FPDF_RenderPage", "FPDF_SetPrintMode"):
            if not hasattr(self.raw, needed):
                raise UserError("print_no_system", detail=f"pdfium tanpa {needed}")
        self._open_pdf = open_pdf or (lambda path: _Document(path, self.raw))

    # --- printers ---------------------------------------------------------------------
    def printers(self) -> list[str]:
        found = self.win32print.EnumPrinters(PRINTER_ENUM_LOCAL | PRINTER_ENUM_CONNECTIONS, None,
                                             1)
        return [entry[2] for entry in found]

    def default_printer(self) -> str | None:
        try:
            return self.win32print.GetDefaultPrinter() or None
        except Exception:  # pywintypes.error: no printer installed at all
            return None

    def _open(self, printer: str) -> Any:
        if printer not in self.printers():
            raise UserError("print_unknown_printer", printer=printer,
                            known=", ".join(self.printers()) or "-")
        return self.win32print.OpenPrinter(printer)

    def _devmode(self, handle: Any, printer: str, request: PrintRequest) -> Any:
        """The printer's DEVMODE set to the request, or UserError when it is stopped."""
        info = self.win32print.GetPrinter(handle, 2)
        status = int(info.get("Status", 0))
        for bit, words in ((PRINTER_STATUS_PAUSED, "dijeda"), (PRINTER_STATUS_OFFLINE,
                           "offline"), (PRINTER_STATUS_ERROR, "galat"),
                           (PRINTER_STATUS_PAPER_JAM, "kertas macet"),
                           (PRINTER_STATUS_NOT_AVAILABLE, "tidak tersedia")):
            if status & bit:
                raise UserError("print_printer_stopped", printer=printer, detail=words)
        devmode = info["pDevMode"]
        if request.paper == "A4":
            devmode.PaperSize = DMPAPER_A4
        else:
            width, height = PAPER_SIZES_MM[request.paper]
            devmode.PaperSize = DMPAPER_USER
            devmode.PaperWidth, devmode.PaperLength = width * 10, height * 10  # 0.1 mm
        devmode.Orientation = DMORIENT_PORTRAIT
        devmode.Scale = 100
        devmode.Copies = request.copies
        devmode.Duplex = DMDUP_VERTICAL if request.duplex else DMDUP_SIMPLEX
        devmode.Fields |= (DM_ORIENTATION | DM_PAPERSIZE | DM_PAPERWIDTH | DM_PAPERLENGTH
                           | DM_SCALE | DM_COPIES | DM_DUPLEX)
        return devmode

    # --- the job --------------------------------------------------------------------------
    def submit(self, request: PrintRequest, *, progress: Progress = no_progress,
               cancel: CancelToken = NEVER_CANCELLED) -> str:
        """Draw the pages into a spooler job, checking ``cancel`` between pages (a
        cancelled or failed job is deleted from the queue)."""
        handle = self._open(request.printer)
        try:
            devmode = self._devmode(handle, request.printer, request)
        finally:
            self.win32print.ClosePrinter(handle)
        document = self._open_pdf(str(request.pdf))
        hdc = self.win32gui.CreateDC("WINSPOOL", request.printer, devmode)
        try:
            # GDI drawing calls (EMF), which every Windows driver takes
            self.raw.FPDF_SetPrintMode(FPDF_PRINTMODE_EMF)
            dpi_x = self.win32print.GetDeviceCaps(hdc, LOGPIXELSX)
            dpi_y = self.win32print.GetDeviceCaps(hdc, LOGPIXELSY)
            offset_x = self.win32print.GetDeviceCaps(hdc, PHYSICALOFFSETX)
            offset_y = self.win32print.GetDeviceCaps(hdc, PHYSICALOFFSETY)
            first, last = request.pages or (1, document.page_count)
            job = self.win32print.StartDoc(hdc, (request.title, None, None, 0))
            try:
                for index in range(first - 1, last):
                    cancel.raise_if_cancelled()
                    progress(index - first + 1, last - first + 1, "Mengirim ke printer")
                    self.win32print.StartPage(hdc)
                    page = document.load_page(index)
                    width_pt, height_pt = document.page_size(index)
                    try:
                        # 100 %: points to device pixels, from the paper's corner
                        self.raw.FPDF_RenderPage(
                            ctypes.c_void_p(hdc), page, -offset_x, -offset_y,
                            round(width_pt / 72 * dpi_x), round(height_pt / 72 * dpi_y),
                            0, FPDF_PRINTING | FPDF_ANNOT)
                    finally:
                        document.close_page(page)
                    self.win32print.EndPage(hdc)
            except BaseException:
                with contextlib.suppress(Exception, UserError):  # nothing half-printed
                    self.cancel(f"{request.printer}{_SEP}{job}")
                raise
            self.win32print.EndDoc(hdc)
        finally:
            self.win32gui.DeleteDC(hdc)
            document.close()
        return f"{request.printer}{_SEP}{job}"

    def status(self, job: str) -> JobStatus:
        printer, _, number = job.rpartition(_SEP)
        handle = self.win32print.OpenPrinter(printer)
        try:
            try:
                info = self.win32print.GetJob(handle, int(number), 1)
            except Exception:  # the spooler forgot it: printed and gone
                return JobStatus(DONE)
        finally:
            self.win32print.ClosePrinter(handle)
        status = int(info.get("Status", 0))
        if status & (JOB_STATUS_DELETING | JOB_STATUS_DELETED):
            return JobStatus(CANCELLED)
        if status & (JOB_STATUS_ERROR | JOB_STATUS_OFFLINE | JOB_STATUS_PAPEROUT
                     | JOB_STATUS_BLOCKED):
            return JobStatus(FAILED, str(info.get("pStatus") or ""))
        if status & JOB_STATUS_PRINTED:
            return JobStatus(DONE)
        return JobStatus(PRINTING if status & JOB_STATUS_PRINTING else PENDING)

    def cancel(self, job: str) -> None:
        printer, _, number = job.rpartition(_SEP)
        handle = self.win32print.OpenPrinter(printer)
        try:
            self.win32print.SetJob(handle, int(number), 0, None, JOB_CONTROL_DELETE)
        except Exception as exc:
            raise UserError("print_cancel_failed", job=job, detail=str(exc)) from None
        finally:
            self.win32print.ClosePrinter(handle)


class _Document:
    """The few raw pdfium calls the printing path needs, over one open file."""

    def __init__(self, path: str, raw: Any) -> None:
        self.raw = raw
        self.handle = raw.FPDF_LoadDocument(path.encode("utf-8"), None)
        if not self.handle:
            raise UserError("print_no_pdf", path=path)
        self.page_count = raw.FPDF_GetPageCount(self.handle)

    def page_size(self, index: int) -> tuple[float, float]:
        size = self.raw.FS_SIZEF()
        self.raw.FPDF_GetPageSizeByIndexF(self.handle, index, ctypes.byref(size))
        return size.width, size.height

    def load_page(self, index: int) -> Any:
        return self.raw.FPDF_LoadPage(self.handle, index)

    def close_page(self, page: Any) -> None:
        self.raw.FPDF_ClosePage(page)

    def close(self) -> None:
        self.raw.FPDF_CloseDocument(self.handle)
