"""The Windows print path's calls, with the Win32 layer (pywin32) and pdfium's raw printing
API faked: what DEVMODE the printer gets, what pdfium draws where, and the job's life."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from ektp_desk.core.errors import UserError
from ektp_desk.core.printing import CANCELLED, DONE, FAILED, PENDING, PrintRequest
from ektp_desk.core.printing import windows as w

A4_PT, F4_PT = (595.28, 841.89), (609.45, 935.43)


class FakeWin32:
    """win32print + win32gui: records every call."""

    def __init__(self, status: int = 0) -> None:
        self.calls: list[tuple] = []
        self.devmode = SimpleNamespace(PaperSize=1, PaperWidth=0, PaperLength=0, Orientation=2,
                                       Scale=90, Copies=1, Duplex=1, Fields=0)
        self.status = status
        self.jobs: dict[int, dict] = {}

    def __getattr__(self, name: str):
        def call(*args):
            self.calls.append((name, *args))
            if name == "GetDeviceCaps":
                return {w.LOGPIXELSX: 600, w.LOGPIXELSY: 600, w.PHYSICALOFFSETX: 100,
                        w.PHYSICALOFFSETY: 120}[args[1]]
            return {"StartDoc": 41, "CreateDC": 0x1234, "OpenPrinter": "h"}.get(name)
        return call

    def EnumPrinters(self, flags, name, level):
        return [(0, "", "HP LaserJet Kantor", ""), (0, "", "Epson L3110", "")]

    def GetDefaultPrinter(self):
        return "HP LaserJet Kantor"

    def GetPrinter(self, handle, level):
        return {"Status": self.status, "pDevMode": self.devmode}

    def GetJob(self, handle, job, level):
        if job not in self.jobs:
            raise OSError("job not found")
        return self.jobs[job]


class FakeRaw:
    FPDF_RenderPage = FPDF_SetPrintMode = None

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def __getattribute__(self, name: str):
        if name.startswith("FPDF_"):
            calls = object.__getattribute__(self, "calls")
            return lambda *args: calls.append((name, *args))
        return object.__getattribute__(self, name)


class FakeDocument:
    def __init__(self, sizes: list[tuple[float, float]]) -> None:
        self.sizes = sizes
        self.page_count = len(sizes)
        self.loaded: list[int] = []
        self.closed = False

    def page_size(self, index: int):
        return self.sizes[index]

    def load_page(self, index: int):
        self.loaded.append(index)
        return f"page{index}"

    def close_page(self, page) -> None:
        pass

    def close(self) -> None:
        self.closed = True


def system(fake: FakeWin32, raw: FakeRaw, document: FakeDocument) -> w.WindowsPrinting:
    return w.WindowsPrinting(win32print=fake, win32gui=fake, pdfium_raw=raw,
                             open_pdf=lambda path: document)


def test_f4_duplex_pages_drawn_by_pdfium_at_full_size():
    fake, raw, document = FakeWin32(), FakeRaw(), FakeDocument([F4_PT] * 5)
    printing = system(fake, raw, document)
    job = printing.submit(PrintRequest(Path("s.pdf"), "HP LaserJet Kantor", copies=2,
                                       pages=(2, 4), paper="F4", duplex=True, title="surat"))
    assert job == "HP LaserJet Kantor#41"
    mode = fake.devmode
    assert (mode.PaperSize, mode.PaperWidth, mode.PaperLength) == (w.DMPAPER_USER, 2150, 3300)
    assert (mode.Copies, mode.Duplex, mode.Scale, mode.Orientation) == (
        2, w.DMDUP_VERTICAL, 100, w.DMORIENT_PORTRAIT)
    assert mode.Fields & w.DM_PAPERSIZE and mode.Fields & w.DM_DUPLEX and mode.Fields & \
        w.DM_COPIES
    names = [c[0] for c in fake.calls]
    assert ("CreateDC", "WINSPOOL", "HP LaserJet Kantor", mode) in fake.calls
    assert ("StartDoc", 0x1234, ("surat", None, None, 0)) in fake.calls
    assert names.count("StartPage") == names.count("EndPage") == 3
    assert names.index("EndDoc") > max(i for i, n in enumerate(names) if n == "EndPage")
    assert names[-1] == "DeleteDC" and document.closed
    assert document.loaded == [1, 2, 3]
    assert raw.calls[0] == ("FPDF_SetPrintMode", w.FPDF_PRINTMODE_EMF)
    renders = [c for c in raw.calls if c[0] == "FPDF_RenderPage"]
    assert len(renders) == 3
    _, hdc, page, x, y, width, height, rotate, flags = renders[0]
    assert hdc.value == 0x1234 and page == "page1"
    # from the paper's corner, at 100 %: 215 mm at 600 dpi
    assert (x, y, rotate) == (-100, -120, 0)
    assert (width, height) == (round(609.45 / 72 * 600), round(935.43 / 72 * 600))
    assert flags & w.FPDF_PRINTING


def test_a4_by_name_and_every_page():
    fake, raw, document = FakeWin32(), FakeRaw(), FakeDocument([A4_PT] * 3)
    system(fake, raw, document).submit(PrintRequest(Path("s.pdf"), "Epson L3110",
                                                    paper="A4"))
    assert fake.devmode.PaperSize == w.DMPAPER_A4
    assert fake.devmode.Duplex == w.DMDUP_SIMPLEX
    assert document.loaded == [0, 1, 2]


def test_stopped_and_unknown_printers_refuse_before_any_page():
    for status, words in ((w.PRINTER_STATUS_PAUSED, "dijeda"),
                          (w.PRINTER_STATUS_OFFLINE, "offline"),
                          (w.PRINTER_STATUS_PAPER_JAM, "kertas macet")):
        fake, raw, document = FakeWin32(status), FakeRaw(), FakeDocument([A4_PT])
        with pytest.raises(UserError) as caught:
            system(fake, raw, document).submit(PrintRequest(Path("s.pdf"), "Epson L3110",
                                                            paper="A4"))
        assert caught.value.message_id == "print_printer_stopped"
        assert words in caught.value.message
        assert not any(c[0] == "StartDoc" for c in fake.calls) and not raw.calls
    fake = FakeWin32()
    with pytest.raises(UserError) as caught:
        system(fake, FakeRaw(), FakeDocument([A4_PT])).submit(
            PrintRequest(Path("s.pdf"), "Canon", paper="A4"))
    assert caught.value.message_id == "print_unknown_printer"
    assert "HP LaserJet Kantor" in caught.value.message


def test_a_failure_while_drawing_deletes_the_job():
    fake, document = FakeWin32(), FakeDocument([A4_PT] * 2)

    class Broken(FakeRaw):
        def __getattribute__(self, name: str):
            if name == "FPDF_RenderPage":
                def fail(*args):
                    raise MemoryError("pdfium")
                return fail
            return super().__getattribute__(name)

    with pytest.raises(MemoryError):
        system(fake, Broken(), document).submit(PrintRequest(Path("s.pdf"), "Epson L3110",
                                                             paper="A4"))
    assert ("SetJob", "h", 41, 0, None, w.JOB_CONTROL_DELETE) in fake.calls
    assert not any(c[0] == "EndDoc" for c in fake.calls)
    assert fake.calls[-1][0] == "DeleteDC" and document.closed


def test_job_status_and_cancel():
    fake = FakeWin32()
    printing = system(fake, FakeRaw(), FakeDocument([A4_PT]))
    fake.jobs = {7: {"Status": 0}, 8: {"Status": w.JOB_STATUS_PAPEROUT, "pStatus": "kertas"},
                 9: {"Status": w.JOB_STATUS_DELETING}, 10: {"Status": w.JOB_STATUS_PRINTED}}
    assert printing.status("Epson L3110#7").state == PENDING
    assert printing.status("Epson L3110#8").state == FAILED
    assert printing.status("Epson L3110#9").state == CANCELLED
    assert printing.status("Epson L3110#10").state == DONE
    assert printing.status("Epson L3110#99").state == DONE  # forgotten: printed long ago
    printing.cancel("Epson L3110#7")
    assert ("SetJob", "h", 7, 0, None, w.JOB_CONTROL_DELETE) in fake.calls
    assert printing.default_printer() == "HP LaserJet Kantor"


def test_pdfium_without_the_printing_api_is_said():
    class Bare:
        pass

    with pytest.raises(UserError) as caught:
        w.WindowsPrinting(win32print=FakeWin32(), win32gui=FakeWin32(), pdfium_raw=Bare())
    assert "FPDF_RenderPage" in caught.value.message


def test_cancelling_between_pages_deletes_the_job():
    from ektp_desk.core.errors import Cancelled
    from ektp_desk.core.jobs import CancelToken

    fake, raw, document = FakeWin32(), FakeRaw(), FakeDocument([A4_PT] * 4)
    token = CancelToken()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int, message: str = "") -> None:
        seen.append((done, total))
        if done == 2:
            token.cancel()  # Batal pressed while page 2 is drawn

    with pytest.raises(Cancelled):
        system(fake, raw, document).submit(PrintRequest(Path("s.pdf"), "Epson L3110",
                                                        paper="A4"),
                                           progress=progress, cancel=token)
    assert seen == [(0, 4), (1, 4), (2, 4)]
    assert [c[0] for c in fake.calls].count("StartPage") == 3
    assert ("SetJob", "h", 41, 0, None, w.JOB_CONTROL_DELETE) in fake.calls
    assert not any(c[0] == "EndDoc" for c in fake.calls)
