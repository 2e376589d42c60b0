"""The delivery list (daftar tanda terima): for each RT/RW, the letters its head hands out,
with a column for each recipient's signature. Platypus ``LongTable`` (header row repeated
on every page), landscape, the NIK masked (README, "Data protection"). Each RT starts on a new page,
so the sheets can be cut apart and handed to the RT heads with their letters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    LongTable,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ektp_desk.core.letters.profile import OfficeProfile
from ektp_desk.core.letters.render import FONT, FONT_BOLD, PAPER_SIZES, printable, register_fonts


@dataclass(frozen=True, slots=True)
class ReceiptRow:
    """One letter on a delivery list."""

    kelurahan: str
    kecamatan: str
    rw: str
    rt: str
    name: str
    nik: str  # masked
    address: str
    number: str
    schedule: str  # 'Rabu, 14 Februari 2024, 08.00 – 10.00 WIB'
    place: str


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    # names like "<KELUARGA> & co" must not be read as markup
    return Paragraph(escape(printable(text)), style)


class ReceiptRenderer:
    """Draws delivery lists: one section per (kelurahan, RW, RT)."""

    margin = 12 * mm
    # No, Nama/NIK, Alamat, Nomor surat, Jadwal, Tanggal terima, Tanda tangan (fractions)
    columns = (0.04, 0.21, 0.19, 0.17, 0.17, 0.08, 0.14)

    def __init__(self, profile: OfficeProfile, *, invariant: bool = False) -> None:
        register_fonts()
        self.profile = profile
        self.invariant = invariant
        width, height = PAPER_SIZES[profile.paper]
        self.page_size = (height, width)  # landscape
        base = ParagraphStyle("base", fontName=FONT, fontSize=8.5, leading=10.5)
        self.cell = base
        self.cell_bold = ParagraphStyle("bold", parent=base, fontName=FONT_BOLD)
        self.head = ParagraphStyle("head", parent=base, fontName=FONT_BOLD, alignment=TA_CENTER)
        self.title = ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=12,
                                    leading=15, alignment=TA_CENTER)
        self.subtitle = ParagraphStyle("subtitle", parent=base, fontSize=10, leading=13,
                                       alignment=TA_CENTER)

    def render(self, rows: Sequence[ReceiptRow], target: str | Path | BinaryIO) -> int:
        """Write the list; rows should already be in kelurahan, RW, RT, name order.
        Returns the number of pages."""
        pages = [0]
        doc = BaseDocTemplate(target if not isinstance(target, Path) else str(target),
                              pagesize=self.page_size, leftMargin=self.margin,
                              rightMargin=self.margin, topMargin=self.margin,
                              bottomMargin=self.margin + 4 * mm, invariant=int(self.invariant),
                              title="Daftar tanda terima surat panggilan",
                              author=printable(self.profile.office), creator="ektp-desk")
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")

        def footer(canvas: Canvas, _doc: BaseDocTemplate) -> None:
            pages[0] += 1
            canvas.saveState()
            canvas.setFont(FONT, 7.5)
            canvas.drawString(self.margin, self.margin,
                              printable(f"{self.profile.government} – {self.profile.office}"))
            canvas.drawRightString(self.page_size[0] - self.margin, self.margin,
                                   f"Halaman {canvas.getPageNumber()}")
            canvas.restoreState()

        doc.addPageTemplates([PageTemplate(id="list", frames=[frame], onPage=footer)])
        story: list = []
        for index, ((kelurahan, rw, rt), group) in enumerate(
                groupby(rows, key=lambda r: (r.kelurahan, r.rw, r.rt))):
            if index:
                story.append(PageBreak())
            story += self.section(kelurahan, rw, rt, list(group), doc.width)
        if not story:
            story.append(_p("Tidak ada surat.", self.subtitle))
        doc.build(story)
        return pages[0]

    def section(self, kelurahan: str, rw: str, rt: str, rows: list[ReceiptRow],
                width: float) -> list:
        """Title, the table (header repeated on each page), and the signature lines."""
        kecamatan = rows[0].kecamatan
        place = ", ".join(x for x in (f"Kelurahan {kelurahan}" if kelurahan else "",
                                      f"Kecamatan {kecamatan}" if kecamatan else "") if x)
        story: list = [
            _p("DAFTAR TANDA TERIMA SURAT PANGGILAN PEREKAMAN KTP ELEKTRONIK", self.title),
            _p(f"RT {rt or '-'} / RW {rw or '-'}, {place}", self.subtitle),
            Spacer(1, 4 * mm),
        ]
        header = [Paragraph(h, self.head) for h in (
            "No", "Nama / NIK", "Alamat", "Nomor surat", "Jadwal dan tempat",
            "Tanggal terima", "Tanda tangan penerima")]
        data = [header]
        for number, row in enumerate(rows, 1):
            data.append([
                str(number),
                [_p(row.name, self.cell_bold), _p(f"NIK {row.nik}", self.cell)],
                _p(row.address, self.cell),
                _p(row.number, self.cell),
                [_p(row.schedule, self.cell), _p(row.place, self.cell)],
                "",
                f"{number}.",
            ])
        widths = [width * f for f in self.columns]
        table = LongTable(data, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), FONT, 8.5),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
            ("ALIGN", (0, 1), (0, -1), "CENTER"),
            ("TOPPADDING", (0, 1), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 1), (-1, -1), 9),  # room to sign
            ("FONTSIZE", (-1, 1), (-1, -1), 7),
        ]))
        story.append(table)
        sign = Table([["Yang menyerahkan,", "Mengetahui,"],
                      [f"Ketua RT {rt or '…'} / RW {rw or '…'}", "Petugas Dindukcapil"],
                      ["", ""], ["", ""],
                      ["(................................)", "(................................)"]],
                     colWidths=[width * 0.3, width * 0.3], rowHeights=[12, 12, 14, 14, 12])
        sign.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 9),
                                  ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
        sign.hAlign = "RIGHT"
        story += [Spacer(1, 6 * mm), KeepTogether([sign])]
        return story
