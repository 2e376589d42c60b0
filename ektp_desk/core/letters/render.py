"""The summoning letter on paper: reportlab's canvas, in the manner of pretix's renderers.

One :class:`LetterRenderer` per batch holds the layout constants and small drawing hooks
(kop, heading, addressee, body, signature, QR code, tembusan). The parts that are the
same on every page (the kop: logo, government and office name, address, rule lines) are
drawn once per file as a PDF form and placed on each page; the rest is laid out per person
with a line-breaking cache (most paragraphs repeat word for word across a slot), then
drawn as one text object. Platypus per letter (~10 ms a page here) cannot reach 6,000
letters in 20 s; this does about 1 ms.

The QR code comes from zxing-cpp (≈0.05 ms a code) and is drawn as one filled path of
module runs, with the 4-module quiet zone kept clear, 25 mm wide, error correction M.
Text is drawn in a bundled TrueType font (Liberation Sans, Arial's metrics, SIL OFL,
embedded) at 12 pt, so NUR'AINI, MA'RUF and ANDRÉ SÉBASTIEN print as written; characters
the font lacks fall back to their base letter. A letter that does not fit one page shrinks
to at most 11 pt; beyond that it runs on to a second page under a repeated heading (the kop
and "Lanjutan surat Nomor …"), never smaller type (docs/domain.md, "The letter").
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, NamedTuple

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from ektp_desk.core.calendar import format_date_plain
from ektp_desk.core.election import Election
from ektp_desk.core.letters import nip, numbering, templates
from ektp_desk.core.letters.profile import OfficeProfile
from ektp_desk.core.letters.templates import LetterTexts

# the primitives live in typeset; the names stay importable from here
from ektp_desk.core.letters.typeset import (
    FONT,
    FONT_BOLD,
    PAPER_SIZES,
    printable,
    qr_modules,
    qr_path,
    register_fonts,
    string_width,
    wrap,
)

__all__ = ["FONT", "FONT_BOLD", "PAPER_SIZES", "LetterData", "LetterOverflow",
           "LetterRenderer", "RenderConfig", "letter_values", "printable", "qr_modules",
           "qr_path", "register_fonts", "salutation", "wrap"]


class LetterOverflow(Exception):
    """A letter needs more than :attr:`LetterRenderer.max_pages` pages (args: summons id,
    name). Plain exception so it crosses process boundaries."""


@dataclass(frozen=True, slots=True)
class LetterData:
    """Everything one letter prints. ``values`` fills the templates' placeholders
    ({nama}, {hari_tanggal}, …; see :data:`templates.PLACEHOLDERS`)."""

    summons_id: int
    person_id: int
    number: str
    code: str
    round: int
    letter_date: dt.date
    values: Mapping[str, str]


@dataclass(frozen=True)
class RenderConfig:
    """What is the same for every letter of a batch (picklable: sent to worker processes
    once)."""

    profile: OfficeProfile
    texts: LetterTexts
    invariant: bool = False
    sample: bool = False  # a preview: marked CONTOH across the page, never handed out


# A laid-out page: text runs (font, size, x, y, text, word space) and rules (x1, y1, x2, y2,
# width), in points from the lower-left corner.
_Text = tuple[str, float, float, float, str, float]
_Rule = tuple[float, float, float, float, float]
_Image = tuple[str, float, float, float, float]  # 'signature' | 'stamp', x, y, width, height


class LaidPage(NamedTuple):
    """One laid-out page of a letter; ``qr_at`` on the page of the signature only."""

    texts: list[_Text]
    rules: list[_Rule]
    qr_at: tuple[float, float] | None
    images: list[_Image]


# What was see-through in an image (its transparency flattened onto white paper) is keyed
# out as near-white: a colour key, not a soft mask. A soft mask makes the print system
# rasterise the page (CUPS's pdftops turned 20 letters with a transparent logo into 5 MB of
# PostScript and 12 s of work), while a colour key prints as it is.
WHITE_KEY = [250, 255, 250, 255, 250, 255]


@lru_cache(maxsize=4)
def print_image(data: bytes) -> ImageReader:
    """The image for print: RGB on white (one reader per image and process: every letter
    of a batch draws the same bytes)."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as opened:
        rgba = opened.convert("RGBA")
    flat = Image.new("RGB", rgba.size, (255, 255, 255))
    flat.paste(rgba, mask=rgba.getchannel("A"))
    return ImageReader(flat)


class LetterRenderer:
    """Draws surat panggilan: one page per :class:`LetterData`. Subclass and override a
    ``draw_*``/``layout_*`` hook to change one part of the layout."""

    margin_left = 25 * mm
    margin_right = 20 * mm
    margin_top = 12 * mm
    margin_bottom = 12 * mm
    logo_width = 22 * mm
    logo_height = 24 * mm
    body_sizes = (12.0, 11.5, 11.0)  # tried in turn; below 11 pt a letter runs on instead
    max_pages = 4
    small_size = 9.0
    leading_factor = 1.32
    label_width = 24 * mm  # Nomor / Sifat / Lampiran / Hal
    details_indent = 10 * mm
    details_label_width = 30 * mm
    paragraph_indent = 10 * mm
    qr_width = 25 * mm  # the symbol; the quiet zone (4 modules) is kept clear around it
    signature_space = 20 * mm
    form_name = "kop"
    qr_hint = "Tunjukkan di meja layanan"  # under the code: where the letter is shown

    def __init__(self, config: RenderConfig) -> None:
        register_fonts()
        self.config = config
        self.profile = config.profile
        self.page_width, self.page_height = PAPER_SIZES[config.profile.paper]
        self.left = self.margin_left
        self.right = self.page_width - self.margin_right
        self.text_width = self.right - self.left
        self._kop_bottom = self._measure_kop()

    @property
    def kop_bottom(self) -> float:
        """Where the kop's rules end (points from the bottom): other documents on the same
        letterhead (a visit's documents) start their text below it."""
        return self._kop_bottom

    # --- files ------------------------------------------------------------------------

    def new_canvas(self, target: str | Path | BinaryIO) -> Canvas:
        """A canvas for a batch file, with the kop defined once as a form."""
        canvas = Canvas(target if not isinstance(target, Path) else str(target),
                        pagesize=(self.page_width, self.page_height),
                        invariant=int(self.config.invariant), pageCompression=1,
                        initialFontName=FONT, initialFontSize=11)
        canvas.setTitle("Surat panggilan perekaman KTP-el")
        canvas.setAuthor(printable(self.profile.office))
        canvas.setCreator("ektp-desk")
        canvas.beginForm(self.form_name)
        self.draw_kop(canvas)
        canvas.endForm()
        return canvas

    def render(self, letters: Iterable[LetterData], target: str | Path | BinaryIO) -> int:
        """Write the letters to a PDF file (or binary stream): one page each. Returns the
        number of pages."""
        canvas = self.new_canvas(target)
        pages = 0
        for letter in letters:
            pages += self.draw_letter(canvas, letter)
        canvas.save()
        return pages

    def render_bytes(self, letters: Iterable[LetterData]) -> bytes:
        """The PDF as bytes (a live preview)."""
        out = io.BytesIO()
        self.render(letters, out)
        return out.getvalue()

    # --- the kop (once per file) ----------------------------------------------------------

    def _kop_lines(self) -> list[tuple[str, float, str]]:
        """(font, size, text) of the kop's centred lines, wrapped to the room beside the
        logo."""
        p = self.profile
        width = self.text_width - 2 * (self.logo_width + 2 * mm)
        lines: list[tuple[str, float, str]] = []
        address = f"{p.address} {p.postcode}".strip() if p.postcode else p.address
        web = "   ".join(x for x in (f"Laman {p.website}" if p.website else "",
                                     f"Pos-el {p.contact}" if p.contact else "") if x)
        for font, size, text in ((FONT_BOLD, 13.0, p.government), (FONT_BOLD, 15.0, p.office),
                                 (FONT, 9.5, address),
                                 (FONT, 9.5, f"Telepon {p.telephone}" if p.telephone else ""),
                                 (FONT, 9.0, web)):
            text = printable(text.strip())
            if not text:
                continue
            # a long office name shrinks a little before it wraps: one line reads better
            fitted = size
            while string_width(text, font, fitted) > width and fitted > size * 0.8:
                fitted -= 0.5
            lines += [(font, fitted, line) for line, _ in wrap(text, font, fitted, width)]
        return lines

    def _measure_kop(self) -> float:
        height = sum(size * 1.2 for _, size, _ in self._kop_lines())
        top = self.page_height - self.margin_top
        return top - max(height, self.logo_height) - 3 * mm

    def draw_kop(self, canvas: Canvas) -> None:
        """Logo at the left, the centred lines, the double rule: the same on every page."""
        top = self.page_height - self.margin_top
        self.draw_logo(canvas, self.left, top - self.logo_height)
        lines = self._kop_lines()
        height = sum(size * 1.2 for _, size, _ in lines)
        y = top - max(0.0, (self.logo_height - height) / 2)
        centre = (self.left + self.right) / 2
        for font, size, text in lines:
            y -= size * 1.2
            canvas.setFont(font, size)
            canvas.drawCentredString(centre, y + size * 0.25, text)
        rule = self._kop_bottom
        canvas.setLineWidth(2.2)
        canvas.line(self.left, rule + 1.6, self.right, rule + 1.6)
        canvas.setLineWidth(0.6)
        canvas.line(self.left, rule - 0.6, self.right, rule - 0.6)

    def draw_logo(self, canvas: Canvas, x: float, y: float) -> None:
        """The office's logo, or, in a preview only (printing refuses without a logo), a
        neutral placeholder: an empty shield outline."""
        w, h = self.logo_width, self.logo_height
        if self.profile.logo:
            canvas.drawImage(print_image(self.profile.logo), x, y, w, h,
                             preserveAspectRatio=True, anchor="c", mask=WHITE_KEY)
            return
        canvas.saveState()
        canvas.setStrokeGray(0.55)
        canvas.setLineWidth(0.8)
        path = canvas.beginPath()
        path.moveTo(x + 2 * mm, y + h - 2 * mm)
        path.lineTo(x + w - 2 * mm, y + h - 2 * mm)
        path.lineTo(x + w - 2 * mm, y + h * 0.45)
        path.curveTo(x + w - 2 * mm, y + h * 0.2, x + w * 0.7, y + 3 * mm, x + w / 2, y + mm)
        path.curveTo(x + w * 0.3, y + 3 * mm, x + 2 * mm, y + h * 0.2, x + 2 * mm, y + h * 0.45)
        path.close()
        canvas.drawPath(path, stroke=1, fill=0)
        canvas.restoreState()

    # --- one letter -------------------------------------------------------------------

    def draw_letter(self, canvas: Canvas, letter: LetterData) -> int:
        """The letter's pages: the kop form, the laid-out text, the QR code and any
        signature and stamp images on the page of the signature. Returns the page count."""
        pages = self.layout(letter)
        for page in pages:
            canvas.doForm(self.form_name)
            for kind, x, y, w, h in page.images:
                data = self.profile.signature if kind == "signature" else self.profile.stamp
                canvas.drawImage(print_image(data), x, y, w, h, preserveAspectRatio=True,
                                 anchor="c", mask=WHITE_KEY)
            obj = canvas.beginText()
            font_state: tuple[str, float] | None = None
            space_state = 0.0
            for font, size, x, y, text, word_space in page.texts:
                if (font, size) != font_state:
                    obj.setFont(font, size)
                    font_state = (font, size)
                if word_space != space_state:
                    obj.setWordSpace(word_space)
                    space_state = word_space
                obj.setTextOrigin(x, y)
                obj.textOut(text)
            canvas.drawText(obj)
            if page.rules:
                canvas.setLineWidth(0.7)
                for x1, y1, x2, y2, width in page.rules:
                    if width != 0.7:
                        canvas.setLineWidth(width)
                    canvas.line(x1, y1, x2, y2)
            if page.qr_at is not None:
                canvas.addLiteral(qr_path(numbering.qr_payload(letter.code), page.qr_at[0],
                                          page.qr_at[1], self.qr_width))
            if self.config.sample:
                self.draw_sample_mark(canvas)
            canvas.showPage()
        return len(pages)

    def draw_sample_mark(self, canvas: Canvas) -> None:
        """'CONTOH' across the page: a preview is never a letter to hand out."""
        canvas.saveState()
        canvas.setFillColorRGB(0.85, 0.1, 0.1, alpha=0.28)
        canvas.setFont(FONT_BOLD, 96)
        canvas.translate(self.page_width / 2, self.page_height / 2)
        canvas.rotate(35)
        canvas.drawCentredString(0, -30, "CONTOH")
        canvas.restoreState()

    def layout(self, letter: LetterData) -> list[LaidPage]:
        """The letter's pages at the largest type size that fits one page; below the
        smallest (11 pt) the letter runs on to more pages instead. Raises LetterOverflow
        past :attr:`max_pages`."""
        parts = self.config.texts.for_round(letter.round)
        values = {k: printable(v) for k, v in letter.values.items()}
        filled = {k: templates.fill(v, values) for k, v in parts.items()}
        for size in self.body_sizes:
            page = _Page(self, size)
            self.layout_heading(page, letter, filled)
            self.layout_addressee(page, values)
            self.layout_body(page, filled)
            page.sig_start = len(page.texts)
            qr_at = self.layout_signature(page, letter)
            page.sig_end = len(page.texts)
            self.layout_tembusan(page, filled)
            if page.y >= self.margin_bottom:
                return [LaidPage(page.texts, page.rules, qr_at, page.images)]
        pages = self._split(page, qr_at, letter, values)
        if len(pages) > self.max_pages:
            raise LetterOverflow(letter.summons_id, letter.values.get("nama", ""))
        return pages

    def _split(self, page: _Page, qr_at: tuple[float, float], letter: LetterData,
               values: Mapping[str, str]) -> list[LaidPage]:
        """Cut a page laid out past its bottom into pages: a line goes over whole, the
        signature block (with its QR code and images) stays together, and every later
        page starts under the kop and a continuation heading."""
        bottom = self.margin_bottom
        head_y = self._kop_bottom - 7 * mm
        top = head_y - page.leading * 2
        pages: list[LaidPage] = [LaidPage([], [], None, [])]
        offset = 0.0
        sig_offset = 0.0
        sig_runs = page.texts[page.sig_start:page.sig_end]
        sig_top = max([qr_at[1] + self.qr_width] + [r[3] for r in sig_runs]) + 2
        sig_low = min(r[3] for r in sig_runs) if sig_runs else sig_top

        def new_page() -> None:
            heading = printable(f"Lanjutan surat Nomor {letter.number}, "
                                f"Yth. {values.get('sapaan', 'Sdr.')} "
                                f"{values.get('nama', '')}")
            line = wrap(heading, FONT, self.small_size, self.text_width * 0.8)[0][0]
            number = f"Halaman {len(pages) + 1}"
            pages.append(LaidPage([
                (FONT, self.small_size, self.left, head_y, line, 0.0),
                (FONT, self.small_size, self.right - string_width(number, FONT, self.small_size),
                 head_y, number, 0.0)], [], None, []))

        for i, run in enumerate(page.texts):
            if i == page.sig_start:
                if sig_low + offset < bottom:
                    new_page()
                    offset = top - sig_top
                sig_offset = offset
            elif not page.sig_start < i < page.sig_end and run[3] + offset < bottom:
                new_page()
                offset = top - run[3]
            font, size, x, y, text, word_space = run
            pages[-1].texts.append((font, size, x, y + offset, text, word_space))
            if i == page.sig_start:
                pages[-1].rules.extend((x1, y1 + sig_offset, x2, y2 + sig_offset, w)
                                       for x1, y1, x2, y2, w in page.rules)
                pages[-1].images.extend((k, x_, y_ + sig_offset, w, h)
                                        for k, x_, y_, w, h in page.images)
                pages[-1] = pages[-1]._replace(qr_at=(qr_at[0], qr_at[1] + sig_offset))
        return pages

    def layout_heading(self, page: _Page, letter: LetterData, filled: Mapping[str, str]) -> None:
        """Place and date at the right; Nomor, Sifat, Lampiran, Hal at the left."""
        size = page.size
        page.y = self._kop_bottom - 7 * mm
        place = printable(f"{self.profile.city}, {format_date_plain(letter.letter_date)}")
        page.text(FONT, size, self.right - string_width(place, FONT, size), page.y, place)
        page.y -= page.leading * 1.6
        rows = (("Nomor", printable(letter.number)), ("Sifat", filled["sifat"]),
                ("Lampiran", filled["lampiran"]), ("Hal", filled["hal"]))
        for label, value in rows:
            if not value:
                continue
            font = FONT_BOLD if label == "Hal" else FONT
            page.label_value(label, value, self.left, self.label_width, self.right, font=font)
        page.y -= page.leading * 0.8

    def layout_addressee(self, page: _Page, values: Mapping[str, str]) -> None:
        """'Yth. Sdr. NAME' or 'Yth. Sdri. NAME' by the person's sex (bold, wrapping under
        itself), NIK, address, RT/RW, kelurahan and kecamatan, then 'di <city>'."""
        size = page.size
        intro = f"Yth. {values.get('sapaan') or 'Sdr.'} "
        indent = string_width(intro, FONT, size)
        page.text(FONT, size, self.left, page.y, intro)
        for i, (line, _) in enumerate(wrap(values.get("nama", ""), FONT_BOLD, size,
                                           self.text_width - indent)):
            if i:
                page.y -= page.leading
            page.text(FONT_BOLD, size, self.left + indent, page.y, line)
        page.y -= page.leading
        lines = []
        if values.get("nik"):
            lines.append(f"NIK {values['nik']}")
        if values.get("alamat"):
            lines.append(values["alamat"])
        rt_rw = " / ".join(x for x in (f"RT {values['rt']}" if values.get("rt") else "",
                                      f"RW {values['rw']}" if values.get("rw") else "") if x)
        place = ", ".join(x for x in (
            f"Kelurahan {values['kelurahan']}" if values.get("kelurahan") else "",
            f"Kecamatan {values['kecamatan']}" if values.get("kecamatan") else "") if x)
        lines.append(", ".join(x for x in (rt_rw, place) if x))
        for text in lines:
            page.paragraph(text, FONT, size, self.left + indent, self.right, justify=False)
        if self.profile.city:
            page.text(FONT, size, self.left + indent, page.y,
                      printable(f"di {self.profile.city.strip()}"))
            page.y -= page.leading
        page.y -= page.leading * 0.6

    def layout_body(self, page: _Page, filled: Mapping[str, str]) -> None:
        """Salutation, opening, the details, what to bring, closing."""
        size = page.size
        gap = page.leading * 0.45
        if filled["salam"]:
            page.paragraph(filled["salam"], FONT, size, self.left, self.right, justify=False)
            page.y -= gap
        page.paragraph(filled["pembuka"], FONT, size, self.left, self.right,
                       first_indent=self.paragraph_indent)
        page.y -= gap
        label_x = self.left + self.details_indent
        for line in filled["rincian"].split("\n"):
            label, sep, value = line.partition(":")
            if not sep:
                label, value = "", line
            if not value.strip():
                continue  # e.g. 'Alamat:' for a place without an address
            page.label_value(label.strip(), value.strip(), label_x, self.details_label_width,
                             self.right, font=FONT, value_font=FONT_BOLD)
        page.y -= gap
        if filled["bawa_pengantar"]:
            page.paragraph(filled["bawa_pengantar"], FONT, size, self.left, self.right,
                           first_indent=self.paragraph_indent)
        page.numbered(filled["bawa"].split("\n") if filled["bawa"] else [], FONT, size,
                      self.left + self.details_indent, self.right)
        page.y -= gap
        if filled["penutup"]:
            page.paragraph(filled["penutup"], FONT, size, self.left, self.right,
                           first_indent=self.paragraph_indent)
        page.y -= page.leading * 0.8

    def layout_signature(self, page: _Page, letter: LetterData) -> tuple[float, float]:
        """The signature block in the right half; the QR code and the letter code at the
        left, level with it. Returns where the QR symbol's lower-left corner goes."""
        p = self.profile
        size = page.size
        block_left = self.left + self.text_width * 0.5
        block_width = self.right - block_left
        centre = block_left + block_width / 2
        top = page.y
        y = top
        title = printable(p.signer_title.strip())
        if title and not title.endswith(","):
            title += ","  # the jabatan line closes with a comma (tata naskah dinas)
        for line, w in wrap(title, FONT, size, block_width):
            page.text(FONT, size, centre - w / 2, y, line)
            y -= page.leading
        # the signature over the gap, the stamp overlapping its left part, as signed by hand
        space_top = y + page.leading * 0.6
        if p.stamp:
            page.images.append(("stamp", centre - 36 * mm, space_top - 30 * mm,
                                34 * mm, 34 * mm))
        if p.signature:
            page.images.append(("signature", centre - 25 * mm, y - self.signature_space + 2,
                                50 * mm, self.signature_space + page.leading * 0.3))
        y -= self.signature_space
        name = printable(p.signer_name) or "(.................................)"
        for line, w in wrap(name, FONT_BOLD, size, block_width):
            page.text(FONT_BOLD, size, centre - w / 2, y, line)
            if p.signer_name:
                page.rules.append((centre - w / 2, y - 1.5, centre + w / 2, y - 1.5, 0.7))
            y -= page.leading
        for extra in (printable(p.signer_rank), f"NIP. {nip.format_nip(p.signer_nip)}"
                      if p.signer_nip else ""):
            for line, w in wrap(extra, FONT, size, block_width):
                page.text(FONT, size, centre - w / 2, y, line)
                y -= page.leading
        # the QR code: its quiet zone (4 modules) starts at the margin
        n, _ = qr_modules(numbering.qr_payload(letter.code))
        quiet = 4 * self.qr_width / n
        qr_x = self.left + quiet
        qr_top = top + page.leading * 0.6 - quiet
        qr_y = qr_top - self.qr_width
        small = self.small_size
        caption_y = qr_y - quiet - small * 0.2
        code = " ".join(letter.code[i:i + 4] for i in range(0, len(letter.code), 4))
        for line in (f"Kode surat: {code}", self.qr_hint):
            page.text(FONT, small, self.left, caption_y, line)
            caption_y -= small * 1.25
        page.y = min(y, caption_y) - page.leading * 0.3
        return qr_x, qr_y

    def layout_tembusan(self, page: _Page, filled: Mapping[str, str]) -> None:
        """'Tembusan:' and its numbered list, small, at the bottom left."""
        items = [x for x in filled["tembusan"].split("\n") if x.strip()]
        if not items:
            return
        size = max(self.small_size, page.size - 2)
        page.y -= size * 0.4
        page.text(FONT, size, self.left, page.y, "Tembusan:")
        page.y -= size * self.leading_factor
        page.numbered(items, FONT, size, self.left, self.left + self.text_width * 0.62)


class _Page:
    """A page being laid out top-down: collects text runs and rules; ``y`` is the next
    baseline."""

    __slots__ = ("images", "leading", "renderer", "rules", "sig_end", "sig_start", "size",
                 "texts", "y")

    def __init__(self, renderer: LetterRenderer, size: float) -> None:
        self.renderer = renderer
        self.size = size
        self.leading = size * renderer.leading_factor
        self.texts: list[_Text] = []
        self.rules: list[_Rule] = []
        self.images: list[_Image] = []
        self.sig_start = self.sig_end = 0  # the signature block's runs in texts
        self.y = 0.0

    def text(self, font: str, size: float, x: float, y: float, text: str,
             word_space: float = 0.0) -> None:
        self.texts.append((font, size, x, y, text, word_space))

    def paragraph(self, text: str, font: str, size: float, left: float, right: float, *,
                  first_indent: float = 0.0, justify: bool = True) -> None:
        """A wrapped paragraph, justified except its last line."""
        leading = size * self.renderer.leading_factor
        width = right - left
        lines = wrap(text, font, size, width, first_indent)
        last = len(lines) - 1
        for i, (line, natural) in enumerate(lines):
            x = left + (first_indent if i == 0 else 0.0)
            room = width - (first_indent if i == 0 else 0.0)
            spaces = line.count(" ")
            word_space = (room - natural) / spaces if justify and i < last and spaces else 0.0
            self.texts.append((font, size, x, self.y, line, word_space))
            self.y -= leading

    def label_value(self, label: str, value: str, x: float, label_width: float,
                    right: float, *, font: str = FONT, value_font: str | None = None) -> None:
        """'Label : value' with the value wrapping in its own column."""
        size = self.size
        value_x = x + label_width + string_width(": ", FONT, size)
        self.texts.append((FONT, size, x, self.y, label, 0.0))
        self.texts.append((FONT, size, x + label_width, self.y, ":", 0.0))
        for i, (line, _) in enumerate(wrap(value, value_font or font, size, right - value_x)):
            if i:
                self.y -= self.leading
            self.texts.append((value_font or font, size, value_x, self.y, line, 0.0))
        self.y -= self.leading

    def numbered(self, items: list[str], font: str, size: float, left: float,
                 right: float) -> None:
        """'1. item' with a hanging indent."""
        leading = size * self.renderer.leading_factor
        hang = string_width("10. ", font, size)
        for number, item in enumerate(items, 1):
            self.texts.append((font, size, left, self.y, f"{number}.", 0.0))
            # items are short: ragged right reads better than stretched gaps
            for line, _ in wrap(item, font, size, right - left - hang):
                self.texts.append((font, size, left + hang, self.y, line, 0.0))
                self.y -= leading


def salutation(sex: str | None, nik_digits: str = "") -> tuple[str, str]:
    """('Sdr.', 'Saudara') for a man, ('Sdri.', 'Saudari') for a woman: from the list's sex
    column, else the NIK's day (40 added for women); never both."""
    if sex not in ("L", "P") and len(nik_digits) == 16 and nik_digits.isdigit():
        sex = "P" if int(nik_digits[6:8]) > 40 else "L"
    return ("Sdri.", "Saudari") if sex == "P" else ("Sdr.", "Saudara")


def letter_values(*, name: str, nik: str, address: str, rt: str, rw: str, kelurahan: str,
                  kecamatan: str, day: dt.date, start: str, end: str, place: str,
                  place_address: str, number: str, round_: int, letter_date: dt.date,
                  election: Election, profile: OfficeProfile, sex: str | None = None,
                  nik_digits: str = "") -> dict[str, str]:
    """Every placeholder's value for one letter (see :data:`templates.PLACEHOLDERS`)."""
    from ektp_desk.core.calendar import format_date_id, format_time_range

    sapaan, saudara = salutation(sex, nik_digits)
    return {
        "nama": name, "nik": nik, "alamat": address, "rt": rt, "rw": rw,
        "kelurahan": kelurahan, "kecamatan": kecamatan,
        "hari_tanggal": format_date_id(day), "tanggal": format_date_plain(day),
        "pukul": f"{format_time_range(start, end)} WIB", "tempat": place,
        "alamat_tempat": place_address,
        "nomor": number, "tanggal_surat": format_date_plain(letter_date),
        "putaran": templates.ordinal(round_), "putaran_kecil": templates.ordinal(round_).lower(),
        "tanggal_pemilu": format_date_plain(election.day), "nama_pemilu": election.name,
        "sapaan": sapaan, "saudara": saudara,
        "pemerintah": profile.government, "kantor": profile.office, "kota": profile.city,
    }
