"""The delivery list (daftar tanda terima): the letters an RW's heads hand out, one RW per
page (an RW longer than a page runs on), the RTs as sub-headings, with the receiver's name
and relationship (parents usually receive the letter) and a staggered signature column.
Platypus ``LongTable`` (header row repeated on every page), landscape, the NIK masked
(README, "Data protection"). The place/date line stands above the signatures; "Mengetahui"
is signed by the Lurah or the Ketua RW, as the setting ``receipt_acknowledger`` says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
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

ACKNOWLEDGERS = ("Lurah", "Ketua RW")


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
    schedule: str  # 'Rabu, 14 Februari 2024, 08.00–10.00 WIB'
    place: str


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    # names like "<KELUARGA> & co" must not be read as markup
    return Paragraph(escape(printable(text)), style)


def number_lines(number: str, font: str, size: float, width: float) -> list[str]:
    """A letter number broken only after a '/', never inside its last two parts (the
    month and the year: 'IV/2026' stays whole)."""
    parts = number.split("/")
    if len(parts) >= 3:
        parts = [*parts[:-2], parts[-2] + "/" + parts[-1]]
    pieces = [p + "/" for p in parts[:-1]] + [parts[-1]]
    lines: list[str] = []
    for piece in pieces:
        if lines and stringWidth(lines[-1] + piece, font, size) <= width:
            lines[-1] += piece
        else:
            lines.append(piece)
    return lines


class ReceiptRenderer:
    """Draws delivery lists: one section per (kelurahan, RW), an RT sub-heading row per RT."""

    margin = 12 * mm
    # No, Nama/NIK, Alamat, Nomor surat, Jadwal, Penerima/hubungan, Tanggal, Tanda tangan
    columns = (0.035, 0.17, 0.125, 0.12, 0.205, 0.145, 0.07, 0.13)

    def __init__(self, profile: OfficeProfile, *, invariant: bool = False,
                 acknowledger: str = "Lurah") -> None:
        register_fonts()
        self.profile = profile
        self.invariant = invariant
        self.acknowledger = acknowledger if acknowledger in ACKNOWLEDGERS else "Lurah"
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
        self.place = ParagraphStyle("place", parent=base, fontSize=9.5, leading=12,
                                    alignment=TA_RIGHT)

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
                              printable(f"{self.profile.government}, {self.profile.office}"))
            canvas.drawRightString(self.page_size[0] - self.margin, self.margin,
                                   f"Halaman {canvas.getPageNumber()}")
            canvas.restoreState()

        doc.addPageTemplates([PageTemplate(id="list", frames=[frame], onPage=footer)])
        story: list = []
        for index, ((kelurahan, rw), group) in enumerate(
                groupby(rows, key=lambda r: (r.kelurahan, r.rw))):
            if index:
                story.append(PageBreak())
            story += self.section(kelurahan, rw, list(group), doc.width)
        if not story:
            story.append(_p("Tidak ada surat.", self.subtitle))
        doc.build(story)
        return pages[0]

    def section(self, kelurahan: str, rw: str, rows: list[ReceiptRow], width: float) -> list:
        """Title, the table (header repeated on each page, a sub-heading row per RT), the
        place/date line and the signatures."""
        kecamatan = rows[0].kecamatan
        place = ", ".join(x for x in (f"Kelurahan {kelurahan}" if kelurahan else "",
                                      f"Kecamatan {kecamatan}" if kecamatan else "") if x)
        story: list = [
            _p("DAFTAR TANDA TERIMA SURAT PANGGILAN PEREKAMAN KTP-el", self.title),
            _p(f"RW {rw or '-'}, {place}", self.subtitle),
            Spacer(1, 4 * mm),
        ]
        header = [Paragraph(h, self.head) for h in (
            "No", "Nama / NIK", "Alamat", "Nomor surat", "Jadwal dan tempat",
            "Nama penerima / hubungan", "Tanggal terima", "Tanda tangan penerima")]
        widths = [width * f for f in self.columns]
        number_width = widths[3] - 12  # the cell's padding
        data: list = [header]
        styles: list = [
            ("FONT", (0, 0), (-1, -1), FONT, 8.5),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
            ("ALIGN", (0, 1), (0, -1), "CENTER"),
            ("TOPPADDING", (0, 1), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 1), (-1, -1), 6),  # room to sign
        ]
        number = 0
        for rt, group in groupby(rows, key=lambda r: r.rt):
            line = len(data)
            data.append([_p(f"RT {rt or '-'} / RW {rw or '-'}", self.cell_bold)] + [""] * 7)
            styles += [("SPAN", (0, line), (-1, line)),
                       ("BACKGROUND", (0, line), (-1, line), colors.Color(0.95, 0.95, 0.95)),
                       ("BOTTOMPADDING", (0, line), (-1, line), 3)]
            for row in group:
                number += 1
                lines = number_lines(printable(row.number), FONT, 8.5, number_width)
                data.append([
                    str(number),
                    [_p(row.name, self.cell_bold), _p(f"NIK {row.nik}", self.cell)],
                    _p(row.address, self.cell),
                    Paragraph("<br/>".join(escape(x) for x in lines), self.cell),
                    # the day on one line, the hours on the next: 'WIB' never alone
                    [*(_p(x, self.cell) for x in row.schedule.rsplit(", ", 1)),
                     _p(row.place, self.cell)],
                    "", "",
                    f"{number}. ........",
                ])
                # signatures staggered as on paper lists: odd numbers left, even right
                if number % 2 == 0:
                    styles.append(("ALIGN", (-1, len(data) - 1), (-1, len(data) - 1), "RIGHT"))
        table = LongTable(data, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle(styles))
        story.append(table)
        who = (f"Lurah {kelurahan}".strip() if self.acknowledger == "Lurah"
               else f"Ketua RW {rw or '…'}")
        city = printable(self.profile.city.strip())
        sign = Table([["Mengetahui,", "Yang menyerahkan,"],
                      [printable(who), f"Ketua RT ......... / RW {rw or '…'}"],
                      ["", ""], ["", ""],
                      ["(................................)", "(................................)"]],
                     colWidths=[width * 0.3, width * 0.3], rowHeights=[12, 12, 14, 14, 12])
        sign.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 9),
                                  ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
        sign.hAlign = "RIGHT"
        date_line = _p(f"{city}, ...............................", self.place)
        story += [Spacer(1, 5 * mm), KeepTogether([date_line, Spacer(1, 2 * mm), sign])]
        return story
