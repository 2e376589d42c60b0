"""A jemput bola visit's documents on paper: the surat pemberitahuan to the head of the
institution, the daftar peserta taken along, and the berita acara signed afterwards.

Each is a platypus document on the office's letterhead: the kop of the summoning letter
(:meth:`LetterRenderer.draw_kop`, the same logo, lines and double rule) on every page,
the text flowing below it, a page number at the foot once a document runs on. The family
letter of a home visit is the summoning letter's own layout (:mod:`.render`) and is not
drawn here. What the texts say comes from ``resources/letters/kunjungan.json``
(:mod:`.visit_docs` fills them in); this module only lays them out.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    LongTable,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ektp_desk.core.calendar import format_date_plain
from ektp_desk.core.letters import nip
from ektp_desk.core.letters.profile import OfficeProfile
from ektp_desk.core.letters.render import (
    FONT,
    FONT_BOLD,
    WHITE_KEY,
    LetterRenderer,
    RenderConfig,
    print_image,
)
from ektp_desk.core.letters.templates import default_texts
from ektp_desk.core.letters.typeset import printable
from ektp_desk.core.text import format_count

# page number -> that page's foot line as (left, right) texts, or None for no foot line
Footer = Callable[[int], tuple[str, str] | None]


@dataclass(frozen=True, slots=True)
class Signer:
    """One signature block: the jabatan line(s), the name (None: a dotted line to write
    it by hand), and the rank and NIP when known."""

    title: str
    name: str | None = None
    rank: str = ""
    nip: str = ""
    office: bool = False  # the head of the office: the profile's signature and stamp images


@dataclass(frozen=True, slots=True)
class Participant:
    """One row of the daftar peserta (the NIK already masked as the profile says)."""

    name: str
    nik: str
    born: str
    address: str
    outcome: str = ""  # filled in on a reprint after the visit


@dataclass(frozen=True)
class DocPage:
    """What one document prints: its number and date, its filled texts (``parts``: the
    resource's keys), the details ('Label: value' lines) and the kind's own content."""

    number: str
    letter_date: dt.date
    parts: Mapping[str, str]
    details: str = ""
    addressee: Sequence[str] = ()
    people: Sequence[Participant] = ()
    counts: Sequence[tuple[str, int]] = ()
    signers: Sequence[Signer] = ()
    acknowledger: Signer | None = None


class _SignatureSpace(Flowable):
    """The room for the signature; the head of the office's signature and stamp images
    drawn in it as on the summoning letter (the stamp over the signature's left part)."""

    def __init__(self, width: float, height: float, profile: OfficeProfile | None) -> None:
        super().__init__()
        self.width, self.height, self.profile = width, height, profile

    def wrap(self, *_args: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        p, centre = self.profile, self.width / 2
        if p is None:
            return
        if p.stamp:
            self.canv.drawImage(print_image(p.stamp), centre - 36 * mm, self.height - 32 * mm,
                                34 * mm, 34 * mm, preserveAspectRatio=True, anchor="c",
                                mask=WHITE_KEY)
        if p.signature:
            self.canv.drawImage(print_image(p.signature), centre - 25 * mm, 0, 50 * mm,
                                self.height, preserveAspectRatio=True, anchor="c",
                                mask=WHITE_KEY)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    # a school called "SMK <Bina> & co" must not be read as markup
    return Paragraph("<br/>".join(escape(printable(line)) for line in text.split("\n")), style)


class VisitDocRenderer:
    """Lays out a visit's documents on the office's letterhead, A4 or F4 as the profile
    says. One call per document: ``render_<kind>(page) -> (pdf bytes, pages)``."""

    size = 11.0  # a notice holds more than a summons: 11 pt keeps it to one page
    leading = 13.5

    def __init__(self, profile: OfficeProfile, *, invariant: bool = False) -> None:
        self.profile = profile
        self.invariant = invariant
        self.kop = LetterRenderer(RenderConfig(profile, default_texts(), invariant))
        self.page_size = (self.kop.page_width, self.kop.page_height)
        self.width = self.kop.text_width
        base = ParagraphStyle("base", fontName=FONT, fontSize=self.size, leading=self.leading)
        self.body = ParagraphStyle("body", parent=base, alignment=TA_JUSTIFY,
                                   firstLineIndent=10 * mm, spaceAfter=3)
        self.plain = base
        self.bold = ParagraphStyle("bold", parent=base, fontName=FONT_BOLD)
        self.right = ParagraphStyle("right", parent=base, alignment=TA_RIGHT)
        self.centre = ParagraphStyle("centre", parent=base, alignment=TA_CENTER)
        self.title = ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=12.5,
                                    leading=16, alignment=TA_CENTER)
        self.cell = ParagraphStyle("cell", parent=base, fontSize=9, leading=11)
        self.head = ParagraphStyle("head", parent=self.cell, fontName=FONT_BOLD,
                                   alignment=TA_CENTER)
        self.small = ParagraphStyle("small", parent=base, fontSize=9, leading=11)

    # --- the frame: the kop on every page -------------------------------------------------

    def _build_on_kop(self, story: list, title: str, footer: Footer, *, font_size: float,
                      foot_gap: float) -> tuple[bytes, int]:
        """Lay ``story`` out below the kop, which is drawn on every page; ``footer(n)``
        gives page n's foot line as (left, right) texts, or None for none. Returns the
        PDF's bytes and its number of pages. The visit documents and the recap
        (:mod:`ektp_desk.core.reports.pdf`) are both built here."""
        out = io.BytesIO()
        top = self.kop.kop_bottom - 5 * mm
        bottom = self.kop.margin_bottom + foot_gap  # room for the foot line
        doc = BaseDocTemplate(out, pagesize=self.page_size, invariant=int(self.invariant),
                              leftMargin=self.kop.left, rightMargin=self.kop.margin_right,
                              topMargin=self.page_size[1] - top, bottomMargin=bottom,
                              title=title, author=printable(self.profile.office),
                              creator="ektp-desk")
        frame = Frame(self.kop.left, bottom, self.width, top - bottom, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        pages = [0]

        def on_page(canvas: Canvas, _doc: BaseDocTemplate) -> None:
            pages[0] += 1
            self.kop.draw_kop(canvas)
            foot = footer(canvas.getPageNumber())
            if foot is not None:
                canvas.saveState()
                canvas.setFont(FONT, font_size)
                canvas.drawString(self.kop.left, self.kop.margin_bottom, printable(foot[0]))
                canvas.drawRightString(self.kop.right, self.kop.margin_bottom,
                                       printable(foot[1]))
                canvas.restoreState()

        doc.addPageTemplates([PageTemplate(id="doc", frames=[frame], onPage=on_page)])
        doc.build(story)
        return out.getvalue(), pages[0]

    def _build(self, story: list, title: str, number: str) -> tuple[bytes, int]:
        """A visit document: a run-on page says whose it is at its foot."""
        def footer(page: int) -> tuple[str, str] | None:
            if page == 1:
                return None
            return f"Lanjutan {title} Nomor {number}", f"Halaman {page}"

        return self._build_on_kop(story, title, footer, font_size=8.5, foot_gap=4 * mm)

    # --- parts shared by the documents ----------------------------------------------------

    def _place_date(self, day: dt.date) -> Paragraph:
        return _p(f"{self.profile.city}, {format_date_plain(day)}", self.right)

    def _heading_rows(self, rows: Sequence[tuple[str, str]]) -> Table:
        """Nomor / Sifat / Lampiran / Hal as label : value, Hal in bold."""
        data = [[_p(label, self.plain), _p(":", self.plain),
                 _p(value, self.bold if label == "Hal" else self.plain)]
                for label, value in rows if value]
        table = Table(data, colWidths=(24 * mm, 4 * mm, self.width - 28 * mm))
        table.setStyle(_TIGHT)
        return table

    def _details(self, text: str, indent: float = 10 * mm) -> Table | None:
        """'Label: value' lines as a two-column table, values bold; empty values skipped."""
        data = []
        for line in text.split("\n"):
            label, sep, value = line.partition(":")
            if not sep or not value.strip():
                continue
            data.append([_p(label.strip(), self.plain), _p(":", self.plain),
                         _p(value.strip(), self.bold)])
        if not data:
            return None
        table = Table(data, colWidths=(36 * mm, 4 * mm, self.width - indent - 40 * mm))
        table.setStyle(_TIGHT)
        table.hAlign = "RIGHT"
        return table

    def _numbered(self, text: str) -> Table | None:
        items = [x for x in text.split("\n") if x.strip()]
        if not items:
            return None
        table = Table([[_p(f"{i}.", self.plain), _p(item, self.plain)]
                       for i, item in enumerate(items, 1)],
                      colWidths=(8 * mm, self.width - 18 * mm))
        table.setStyle(_TIGHT)
        table.hAlign = "RIGHT"
        return table

    def _signer(self, signer: Signer, width: float) -> list[Paragraph]:
        title = signer.title.strip()
        name = signer.name.strip() if signer.name else ""
        cells = [_p(title, self.centre),
                 _SignatureSpace(width - 4, 18 * mm, self.profile if signer.office else None),
                 Paragraph(f"<u>{escape(printable(name))}</u>", self.centre) if name
                 else _p("(" + "." * 40 + ")", self.centre)]
        if signer.rank:
            cells.append(_p(signer.rank, self.centre))
        if signer.nip:
            cells.append(_p(f"NIP. {nip.format_nip(signer.nip)}", self.centre))
        return cells

    def _signatures(self, signers: Sequence[Signer]) -> Table:
        """Signature blocks side by side (one: in the right half, as a letter signs)."""
        if len(signers) == 1:
            cells = [[[], self._signer(signers[0], self.width / 2)]]
            widths: tuple[float, ...] = (self.width / 2, self.width / 2)
        else:
            share = self.width / len(signers)
            cells = [[self._signer(s, share) for s in signers]]
            widths = (share,) * len(signers)
        table = Table(cells, colWidths=widths)
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 2),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 2)]))
        return table

    def office_signer(self) -> Signer:
        p = self.profile
        title = p.signer_title.strip()
        if title and not title.endswith(","):
            title += ","  # the jabatan line closes with a comma, as on the summons
        return Signer(title, p.signer_name or None, p.signer_rank, p.signer_nip, office=True)

    def _tembusan(self, text: str) -> list:
        items = [x for x in text.split("\n") if x.strip()]
        if not items:
            return []
        return [Spacer(1, 4 * mm), _p("Tembusan:", self.small)] + [
            _p(f"{i}. {item}", self.small) for i, item in enumerate(items, 1)]

    def _centred_heading(self, page: DocPage) -> list:
        # a title in capitals, but KTP-el keeps its official spelling
        title = page.parts["hal"].upper().replace("KTP-EL", "KTP-el")
        return [_p(title, self.title),
                _p(f"Nomor: {page.number}", self.centre), Spacer(1, 5 * mm)]

    # --- the documents --------------------------------------------------------------------

    def render_pemberitahuan(self, page: DocPage) -> tuple[bytes, int]:
        """The letter to the head of the institution: heading, addressee, the visit's
        day, hours, place, team and number of people, what to prepare, signature."""
        parts = page.parts
        story: list = [self._place_date(page.letter_date), Spacer(1, 2 * mm),
                       self._heading_rows((("Nomor", page.number), ("Sifat", parts["sifat"]),
                                           ("Lampiran", parts["lampiran"]),
                                           ("Hal", parts["hal"]))),
                       Spacer(1, 4 * mm)]
        for i, line in enumerate(page.addressee):
            story.append(_p(line, self.bold if i == 0 else self.plain))
        story.append(Spacer(1, 3 * mm))
        if parts["salam"]:
            story.append(_p(parts["salam"], self.plain))
        story.append(_p(parts["pembuka"], self.body))
        story += [x for x in (self._details(page.details),) if x is not None]
        story.append(Spacer(1, 2 * mm))
        if parts["siapkan_pengantar"]:
            story.append(_p(parts["siapkan_pengantar"], self.body))
        story += [x for x in (self._numbered(parts["siapkan"]),) if x is not None]
        story.append(Spacer(1, 2 * mm))
        if parts["penutup"]:
            story.append(_p(parts["penutup"], self.body))
        story.append(Spacer(1, 3 * mm))
        story.append(self._signatures([self.office_signer()]))
        story += self._tembusan(parts["tembusan"])
        return self._build(story, "surat pemberitahuan", page.number)

    def render_daftar(self, page: DocPage) -> tuple[bytes, int]:
        """The list taken along: the visit's details, then one row per person with the
        outcome and signature columns left empty for the team (the header repeats on
        every page), the key to the outcome codes, and the team leader's signature."""
        story: list = self._centred_heading(page)
        details = self._details(page.details, indent=0)
        if details is not None:
            details.hAlign = "LEFT"
            story += [details, Spacer(1, 4 * mm)]
        fractions = (0.06, 0.26, 0.21, 0.25, 0.1, 0.12)
        widths = [self.width * f for f in fractions]
        head = [_p(x, self.head) for x in ("No", "Nama", "NIK / Tahun lahir", "Alamat",
                                           "Hasil", "Tanda tangan")]
        rows = [head]
        for i, person in enumerate(page.people, 1):
            signature = f"{i}." if i % 2 else f"{'&nbsp;' * 10}{i}."  # staggered, as receipts
            rows.append([_p(str(i), self.cell), _p(person.name, self.cell),
                         _p(f"{person.nik}\n{person.born}".strip(), self.cell),
                         _p(person.address, self.cell), _p(person.outcome, self.cell),
                         Paragraph(signature, self.cell)])
        table = LongTable(rows, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 1), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 1), (-1, -1), 9)]))
        story += [table, Spacer(1, 2 * mm), _p(page.parts["keterangan_hasil"], self.small),
                  Spacer(1, 5 * mm)]
        story.append(KeepTogether([self._place_date(page.letter_date), Spacer(1, 2 * mm),
                                   self._signatures(page.signers)]))
        return self._build(story, "daftar peserta", page.number)

    def render_berita_acara(self, page: DocPage) -> tuple[bytes, int]:
        """What happened: the opening (day, hours, place, team), the count per outcome,
        those not met included, the closing, and the signatures of the institution and the
        team leader, with the head of the office's acknowledgement below."""
        parts = page.parts
        story: list = self._centred_heading(page)
        story.append(_p(parts["pembuka"], self.body))
        if parts["hasil_pengantar"]:
            story.append(_p(parts["hasil_pengantar"], self.body))
        total = sum(n for _, n in page.counts)
        rows = [[_p("No", self.head), _p("Hasil pelayanan", self.head),
                 _p("Jumlah", self.head)]]
        rows += [[_p(f"{i}.", self.cell), _p(label, self.cell),
                  _p(f"{format_count(n)} orang", self.cell)]
                 for i, (label, n) in enumerate(page.counts, 1)]
        rows.append(["", _p("Jumlah", self.head),
                     _p(f"{format_count(total)} orang", self.head)])
        table = Table(rows, colWidths=(12 * mm, self.width * 0.55, 35 * mm))
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
                                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        table.hAlign = "CENTER"
        story += [Spacer(1, 1 * mm), table, Spacer(1, 4 * mm)]
        if parts["penutup"]:
            story.append(_p(parts["penutup"], self.body))
        story.append(Spacer(1, 4 * mm))
        blocks: list = [self._place_date(page.letter_date), Spacer(1, 2 * mm),
                        self._signatures(page.signers)]
        if page.acknowledger is not None:
            blocks += [Spacer(1, 4 * mm), _p("Mengetahui,", self.centre),
                       self._signatures_centred(page.acknowledger)]
        story.append(KeepTogether(blocks))
        return self._build(story, "berita acara", page.number)

    def _signatures_centred(self, signer: Signer) -> Table:
        table = Table([[self._signer(signer, self.width / 2)]], colWidths=(self.width / 2,))
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        table.hAlign = "CENTER"
        return table


_TIGHT = TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                     ("LEFTPADDING", (0, 0), (-1, -1), 0),
                     ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                     ("TOPPADDING", (0, 0), (-1, -1), 0),
                     ("BOTTOMPADDING", (0, 0), (-1, -1), 1)])
