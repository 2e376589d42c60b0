"""Showing and printing PDFs without QtPdf (PySide6-Essentials has none): pages are rendered
by pypdfium2 into QImages.

- :class:`PdfView`: a one-page-at-a-time viewer with page up/down, "Halaman 1 dari 40",
  and zoom (fit width by default). A letter page renders in a few milliseconds, so pages
  are rendered on the UI thread when shown; pdfium is not thread-safe, and keeping every
  pdfium call on the UI thread means no lock is needed.
- :func:`print_pdf`: the system print dialog, then every chosen page rendered at the
  printer's resolution (at most 300 dpi) and painted on the QPrinter.
- :func:`open_pdf`: the PDF in the system's own viewer.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF, QSize, QSizeF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QImage,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPixmap,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.ui.widgets import tr

FIT_WIDTH, FIT_PAGE = "lebar", "halaman"
ZOOMS = (FIT_WIDTH, FIT_PAGE, 50, 75, 100, 125, 150, 200)
PAGE_MARGIN = 12  # pixels of grey around the page
MAX_PRINT_DPI = 300  # a 1200-dpi page would be half a gigabyte of pixels
POINTS_PER_INCH = 72.0


def render_page(page: pdfium.PdfPage, scale: float) -> QImage:
    """One page as an RGB image, `scale` pixels per PDF point (a detached copy)."""
    bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
    try:
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                       QImage.Format.Format_RGBX8888)
        return image.copy()  # the bitmap's buffer goes away with it
    finally:
        bitmap.close()


def open_document(source: Path | str | bytes) -> pdfium.PdfDocument:
    """A pdfium document from a file or from PDF bytes (a letter preview)."""
    return pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))


class PdfView(QWidget):
    """A PDF, one page at a time. Keys: PgDown/PgUp next/previous page, Home/End first/
    last page, Ctrl++ / Ctrl+- zoom, Ctrl+0 fit width.

    Signals: ``page_shown(int)`` after a page (0-based) is drawn; ``document_changed(int)``
    with the page count when a document is loaded (0 when cleared)."""

    page_shown = Signal(int)
    document_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc: pdfium.PdfDocument | None = None
        self._source: Path | None = None
        self._count = 0
        self._page = 0
        self._zoom: str | int = FIT_WIDTH
        self._build()
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(60)
        self._resize_timer.timeout.connect(self._render)
        self.clear()

    def _build(self) -> None:
        self.prev_button = QToolButton()
        self.prev_button.setObjectName("prevPage")
        self.prev_button.setArrowType(Qt.ArrowType.UpArrow)
        self.prev_button.setToolTip(self.tr("Halaman sebelumnya (PgUp)"))
        self.prev_button.clicked.connect(self.previous_page)
        self.next_button = QToolButton()
        self.next_button.setObjectName("nextPage")
        self.next_button.setArrowType(Qt.ArrowType.DownArrow)
        self.next_button.setToolTip(self.tr("Halaman berikutnya (PgDown)"))
        self.next_button.clicked.connect(self.next_page)
        self.page_label = QLabel()
        self.page_label.setObjectName("pageLabel")
        self.zoom_combo = QComboBox()
        self.zoom_combo.setObjectName("zoom")
        self.zoom_combo.setToolTip(self.tr("Perbesaran (Ctrl++ / Ctrl+- ; Ctrl+0: "
                                           "selebar tampilan)"))
        for zoom in ZOOMS:
            label = (self.tr("Selebar tampilan") if zoom == FIT_WIDTH
                     else self.tr("Satu halaman penuh") if zoom == FIT_PAGE else f"{zoom}%")
            self.zoom_combo.addItem(label, zoom)
        self.zoom_combo.currentIndexChanged.connect(
            lambda i: self.set_zoom(self.zoom_combo.itemData(i)))
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.prev_button)
        bar.addWidget(self.next_button)
        bar.addWidget(self.page_label, 1)
        bar.addWidget(self.zoom_combo)

        self.image_label = QLabel()
        self.image_label.setObjectName("pdfPage")
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_label.setSizePolicy(QSizePolicy.Policy.Ignored,
                                       QSizePolicy.Policy.Ignored)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("pdfScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll.setBackgroundRole(QPalette.ColorRole.Dark)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.scroll.setWidget(self.image_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.scroll, 1)

        for key, slot in ((QKeySequence.StandardKey.MoveToNextPage, self.next_page),
                          (QKeySequence.StandardKey.MoveToPreviousPage, self.previous_page),
                          (QKeySequence.StandardKey.ZoomIn, lambda: self._step_zoom(1)),
                          (QKeySequence.StandardKey.ZoomOut, lambda: self._step_zoom(-1))):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        for key, slot in (("Home", lambda: self.show_page(0)),
                          ("End", lambda: self.show_page(self._count - 1)),
                          ("Ctrl+0", lambda: self.set_zoom(FIT_WIDTH))):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # --- the document -----------------------------------------------------------------------
    @property
    def page_count(self) -> int:
        return self._count

    @property
    def current_page(self) -> int:
        return self._page

    @property
    def source(self) -> Path | None:
        """The file shown (None for bytes, e.g. a preview, or nothing)."""
        return self._source

    def load(self, source: Path | str | bytes) -> None:
        """Show a PDF file or PDF bytes from its first page."""
        self._close_document()
        self._doc = open_document(source)
        self._source = None if isinstance(source, bytes) else Path(source)
        self._count = len(self._doc)
        self._page = 0
        self.document_changed.emit(self._count)
        self._render()

    def clear(self, message: str = "") -> None:
        """Show no document, only `message` (and let go of the file)."""
        self._close_document()
        self._count = 0
        self._page = 0
        self.image_label.clear()
        self.image_label.setMinimumSize(0, 0)
        self.image_label.setText(message or self.tr("Tidak ada yang ditampilkan."))
        self._update_controls()
        self.document_changed.emit(0)

    def _close_document(self) -> None:
        if self._doc is not None:
            with contextlib.suppress(Exception):
                self._doc.close()
        self._doc = None
        self._source = None

    # --- moving and zooming -----------------------------------------------------------------
    def show_page(self, index: int) -> None:
        if not self._count:
            return
        index = max(0, min(index, self._count - 1))
        if index != self._page:
            self._page = index
            self._render()
            self.scroll.verticalScrollBar().setValue(0)

    def next_page(self) -> None:
        self.show_page(self._page + 1)

    def previous_page(self) -> None:
        self.show_page(self._page - 1)

    def set_zoom(self, zoom: str | int) -> None:
        if zoom not in ZOOMS:
            return
        self._zoom = zoom
        index = self.zoom_combo.findData(zoom)
        if index != self.zoom_combo.currentIndex():
            self.zoom_combo.blockSignals(True)
            self.zoom_combo.setCurrentIndex(index)
            self.zoom_combo.blockSignals(False)
        self._render()

    def _step_zoom(self, step: int) -> None:
        percents = [z for z in ZOOMS if isinstance(z, int)]
        now = self._scale() * POINTS_PER_INCH / self.logicalDpiX() * 100 if self._doc else 100
        if step > 0:
            bigger = [p for p in percents if p > now + 1]
            self.set_zoom(bigger[0] if bigger else percents[-1])
        else:
            smaller = [p for p in percents if p < now - 1]
            self.set_zoom(smaller[-1] if smaller else percents[0])

    def _scale(self) -> float:
        """Logical pixels per PDF point for the current page and zoom."""
        if self._doc is None:
            return 1.0
        width, height = self._doc[self._page].get_size()
        frame = 2 * self.scroll.frameWidth()
        bar = self.scroll.verticalScrollBar().sizeHint().width()
        room_w = max(self.scroll.width() - frame - 2 * PAGE_MARGIN, 50)
        room_h = max(self.scroll.height() - frame - 2 * PAGE_MARGIN, 50)
        if self._zoom == FIT_WIDTH:
            fit = room_w / width
            # a page taller than the view brings a vertical scroll bar: leave room for it
            return fit if height * fit <= room_h else max(room_w - bar, 50) / width
        if self._zoom == FIT_PAGE:
            return min(room_w / width, room_h / height)
        return float(self._zoom) / 100 * self.logicalDpiX() / POINTS_PER_INCH

    def _render(self) -> None:
        self._update_controls()
        if self._doc is None:
            return
        ratio = self.devicePixelRatioF()
        page = self._doc[self._page]
        try:
            image = render_page(page, self._scale() * ratio)
        finally:
            page.close()
        image.setDevicePixelRatio(ratio)
        pixmap = QPixmap.fromImage(image)
        self.image_label.setPixmap(pixmap)
        # as big as the page (scroll bars when it is bigger than the view), centred
        size = pixmap.deviceIndependentSize().toSize()
        self.image_label.setMinimumSize(size.width() + 2 * PAGE_MARGIN,
                                        size.height() + 2 * PAGE_MARGIN)
        self.page_shown.emit(self._page)

    def _update_controls(self) -> None:
        has = self._count > 0
        self.page_label.setText(self.tr("Halaman {page} dari {count}").format(
            page=self._page + 1, count=self._count) if has else "")
        self.prev_button.setEnabled(has and self._page > 0)
        self.next_button.setEnabled(has and self._page < self._count - 1)
        self.zoom_combo.setEnabled(has)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._doc is not None and self._zoom in (FIT_WIDTH, FIT_PAGE):
            self._resize_timer.start()

    def sizeHint(self) -> QSize:
        return QSize(520, 700)


# --- printing -------------------------------------------------------------------------------

def page_size_for(width_pt: float, height_pt: float) -> QPageSize:
    """The paper of a PDF page: A4 by name when it is A4, else its own size, named F4 when
    it is F4 (215×330 mm, which Qt would otherwise call "Fan-fold German Legal")."""
    size = QPageSize(QSizeF(width_pt, height_pt), QPageSize.Unit.Point, "",
                     QPageSize.SizeMatchPolicy.FuzzyMatch)
    if size.id() == QPageSize.PageSizeId.A4:
        return size
    millimetres = QSizeF(round(width_pt / POINTS_PER_INCH * 25.4, 1),
                         round(height_pt / POINTS_PER_INCH * 25.4, 1))
    name = ("F4" if (round(millimetres.width()), round(millimetres.height())) == (215, 330)
            else "")
    return QPageSize(millimetres, QPageSize.Unit.Millimeter, name,
                     QPageSize.SizeMatchPolicy.ExactMatch)


def prepare_printer(printer: QPrinter, document: pdfium.PdfDocument, title: str) -> None:
    """Paper as the PDF's first page, portrait, no margins (the letter has its own)."""
    width, height = document[0].get_size()
    printer.setDocName(title)
    printer.setFullPage(True)
    printer.setPageSize(page_size_for(width, height))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)


def paint_pages(document: pdfium.PdfDocument, printer: QPrinter, pages: Sequence[int], *,
                progress: Callable[[int, int], bool] | None = None) -> int:
    """Paint the given pages (0-based) on the printer, each fitted to the paper; returns
    how many were sent. `progress(done, total)` returning False stops (the job is
    aborted)."""
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    done = 0
    try:
        for n, index in enumerate(pages):
            if progress is not None and not progress(n, len(pages)):
                printer.abort()
                break
            if n:
                printer.newPage()
            page = document[index]
            try:
                image = render_page(page, dpi / POINTS_PER_INCH)
            finally:
                page.close()
            area = QRectF(painter.viewport())
            scale = min(area.width() / image.width(), area.height() / image.height())
            target = QRectF(area.x(), area.y(), image.width() * scale, image.height() * scale)
            painter.drawImage(target, image)
            done += 1
    finally:
        painter.end()
    return done


def print_pdf(source: Path | str | bytes, parent: QWidget | None = None, *,
              title: str = "ektp-desk") -> int:
    """Print a PDF through the system print dialog (page range allowed); returns the
    number of pages sent (0 when the clerk cancelled)."""
    document = open_document(source)
    try:
        count = len(document)
        if not count:
            return 0
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        prepare_printer(printer, document, title)
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(tr("Cetak ke printer"))
        dialog.setMinMax(1, count)
        dialog.setFromTo(1, count)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return 0
        if printer.printRange() == QPrinter.PrintRange.PageRange:
            first, last = max(printer.fromPage(), 1), min(printer.toPage() or count, count)
            pages = list(range(first - 1, last))
        else:
            pages = list(range(count))
        copies = 1 if printer.supportsMultipleCopies() else max(printer.copyCount(), 1)
        pages = pages * copies
        box = QProgressDialog(tr("Mengirim ke printer…"), tr("Batal"), 0, len(pages), parent)
        box.setWindowTitle(title)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setMinimumDuration(500)

        def step(done: int, total: int) -> bool:
            box.setValue(done)
            box.setLabelText(tr("Mengirim halaman {done} dari {total} ke printer…").format(
                done=done + 1, total=total))
            QApplication.processEvents()
            return not box.wasCanceled()

        try:
            return paint_pages(document, printer, pages, progress=step)
        finally:
            box.close()
            box.deleteLater()
    finally:
        document.close()


def open_pdf(path: Path | str) -> bool:
    """Open a PDF in the system's PDF viewer."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).resolve())))
