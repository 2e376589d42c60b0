"""The recap as a PDF ready to sign: the office's kop (the summoning letter's, drawn by
:class:`~ektp_desk.core.letters.render.LetterRenderer` through the visit documents' frame),
the title, office and period, the totals, the projection and its warning, a burn-down
chart toward polling day and a bar chart per kelurahan (reportlab's own graphics), the
recap's tables, and the office signer's block. A4 portrait; figures in Indonesian style
(6.000; 96,4%). No NIK is in it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    LongTable,
    Spacer,
    Table,
    TableStyle,
)

from ektp_desk.core import messages
from ektp_desk.core.calendar import format_date_plain
from ektp_desk.core.letters.profile import OfficeProfile
from ektp_desk.core.letters.render import FONT, FONT_BOLD
from ektp_desk.core.letters.typeset import printable
from ektp_desk.core.letters.visit_render import VisitDocRenderer, _p
from ektp_desk.core.reports.figures import Figures, Group, Recap
from ektp_desk.core.reports.files import atomic_write, projection_text
from ektp_desk.core.text import format_count

messages.register({
    "report_pdf_title": ("Laporan Kemajuan Perekaman KTP-el",
                         "KTP-el Recording Progress Report"),
    "report_pdf_totals": ("Ringkasan", "Summary"),
    "report_pdf_burndown": ("Sisa warga belum terekam menuju {election}",
                            "People left to record toward {election}"),
    "report_pdf_remaining": ("Sisa (nyata)", "Left (actual)"),
    "report_pdf_ideal": ("Garis ideal", "Ideal line"),
    "report_pdf_pace": ("Laju 7 hari", "7 days' pace"),
    "report_pdf_burndown_live": (
        "Sisa di akhir setiap hari sampai hari ini; garis laju 7 hari diteruskan dari hari ini.",
        "People left at the end of each day up to today; the 7 days' pace carried on from "
        "today."),
    "report_pdf_burndown_past": (
        "Sisa di akhir setiap hari sampai {day}. Tanpa garis laju 7 hari: garis itu hanya "
        "untuk periode sampai hari ini.",
        "People left at the end of each day up to {day}. No 7 days' pace line: it is drawn "
        "only for a period up to today."),
    "report_pdf_kelurahan_chart": ("Warga dan terekam per kelurahan",
                                   "People and recorded per kelurahan"),
    "report_pdf_days": ("Per hari", "Per day"),
    "report_pdf_reasons": ("Alasan gagal rekam", "Failure reasons"),
    "report_pdf_page": ("Halaman {n}", "Page {n}"),
})

RED = colors.Color(0.75, 0, 0)
BLUE = colors.Color(0.16, 0.36, 0.62)
GREY = colors.Color(0.55, 0.55, 0.55)
ORANGE = colors.Color(0.78, 0.27, 0)
HEAD_BG = colors.Color(0.87, 0.92, 0.97)


def _n(value: int) -> str:
    return format_count(value)


class ReportRenderer(VisitDocRenderer):
    """The recap on the office's letterhead (the visit documents' styles and signature
    block, the summoning letter's kop)."""

    size = 10.0
    leading = 12.5

    def __init__(self, profile: OfficeProfile, *, invariant: bool = False) -> None:
        super().__init__(dataclasses.replace(profile, paper="A4"), invariant=invariant)
        self.warning = ParagraphStyle("warning", parent=self.plain, fontName=FONT_BOLD,
                                      textColor=RED, spaceBefore=2)
        self.cell_right = ParagraphStyle("cell_right", parent=self.cell, alignment=TA_RIGHT)
        self.head_small = ParagraphStyle("head_small", parent=self.head, fontSize=8,
                                         leading=9.5)
        # a section's heading stays with its table
        self.section = ParagraphStyle("section", parent=self.bold, keepWithNext=1,
                                      spaceAfter=1 * mm)

    def render(self, recap: Recap) -> tuple[bytes, int]:
        text = messages.text
        story: list = [_p(text("report_pdf_title").upper().replace("KTP-EL", "KTP-el"),
                          self.title),
                       _p(recap.scope.name, self.centre),
                       _p(f"{text('report_period')}: {format_date_plain(recap.date_from)} – "
                          f"{format_date_plain(recap.date_to)}; {text('report_made')} "
                          f"{format_date_plain(recap.today)}", self.centre),
                       Spacer(1, 4 * mm)]
        story += [self._totals(recap.totals), Spacer(1, 3 * mm),
                  _p(projection_text(recap), self.body)]
        if recap.projection.warning:
            story.append(_p(recap.projection.warning, self.warning))
        story += [Spacer(1, 4 * mm), *self._burndown(recap)]
        for key, groups in (("office", recap.by_office), ("kecamatan", recap.by_kecamatan),
                            ("kelurahan", recap.by_kelurahan),
                            ("category", recap.by_category)):
            if key == "kelurahan" and len(groups) > 1:
                story += [Spacer(1, 4 * mm), *self._kelurahan_chart(groups)]
            if len(groups) > 1 or key in ("kelurahan", "category"):
                story += [Spacer(1, 4 * mm), *self._groups(text(f"report_section_{key}"),
                                                           groups, recap.totals)]
        story += [Spacer(1, 4 * mm), *self._days(recap), Spacer(1, 4 * mm),
                  self._reasons(recap), Spacer(1, 6 * mm),
                  KeepTogether([self._place_date(recap.today), Spacer(1, 2 * mm),
                                self._signatures([self.office_signer()])])]
        return self._build_report(story, text("report_pdf_title"))

    # --- the frame: the kop on every page, the page number at the foot ---------------------

    def _build_report(self, story: list, title: str) -> tuple[bytes, int]:
        def footer(page: int) -> tuple[str, str]:
            return title, messages.text("report_pdf_page", n=page)

        return self._build_on_kop(story, title, footer, font_size=8, foot_gap=5 * mm)

    # --- tables ------------------------------------------------------------------------------

    def _table(self, rows: list[list[str]], widths: list[float], *, total_row: bool = False,
               first_left: int = 1) -> LongTable:
        cells = [[_p(c, self.head_small) for c in rows[0]]]
        for row in rows[1:]:
            cells.append([_p(c, self.cell if i < first_left else self.cell_right)
                          for i, c in enumerate(row)])
        table = LongTable(cells, colWidths=widths, repeatRows=1)
        style = [("GRID", (0, 0), (-1, -1), 0.4, GREY),
                 ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                 ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                 ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                 ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                 ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
                 ("RIGHTPADDING", (0, 0), (-1, -1), 2.5)]
        if total_row:
            style.append(("BACKGROUND", (0, -1), (-1, -1), colors.Color(0.95, 0.95, 0.95)))
        table.setStyle(TableStyle(style))
        table.hAlign = "LEFT"
        return table

    def _totals(self, t: Figures) -> Table:
        text = messages.text
        pairs = [("target", _n(t.target)), ("people", _n(t.people)),
                 ("summoned", _n(t.summoned)), ("attended", _n(t.attended)),
                 ("recorded", f"{_n(t.recorded)} ({t.recorded_pct})"),
                 ("failed", _n(t.failed)), ("no_show", _n(t.no_show)),
                 ("not_served", _n(t.not_served)), ("unservable", _n(t.unservable)),
                 ("elsewhere", _n(t.elsewhere))]
        half = (len(pairs) + 1) // 2
        rows = []
        for left, right in zip(pairs[:half], pairs[half:] + [("", "")] * 2, strict=False):
            rows.append([_p(text(f"report_col_{left[0]}"), self.plain),
                         _p(left[1], self.bold),
                         _p(text(f"report_col_{right[0]}") if right[0] else "", self.plain),
                         _p(right[1], self.bold)])
        w = self.width / 2
        table = Table(rows, colWidths=(w * 0.58, w * 0.42, w * 0.58, w * 0.42))
        table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, GREY),
                                   ("LINEAFTER", (1, 0), (1, -1), 0.4, GREY),
                                   ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]))
        return KeepTogether([_p(text("report_pdf_totals"), self.bold), Spacer(1, 1 * mm),
                             table])

    def _groups(self, title: str, groups: tuple[Group, ...], totals: Figures) -> list:
        text = messages.text
        columns = ("target", "summoned", "attended", "recorded", "failed", "no_show",
                   "not_served")
        rows = [[text("report_col_name"), *(text(f"report_col_{c}") for c in columns),
                 text("report_col_recorded_pct")]]
        for g in (*groups, Group("", text("report_section_total"), totals)):
            rows.append([g.name, *(_n(getattr(g.figures, c)) for c in columns),
                         g.figures.recorded_pct])
        first = self.width * 0.25
        rest = (self.width - first) / (len(columns) + 1)
        return [_p(title, self.section),
                self._table(rows, [first] + [rest] * (len(columns) + 1), total_row=True)]

    def _days(self, recap: Recap) -> list:
        text = messages.text
        columns = ("summoned", "attended", "recorded", "failed", "no_show")
        rows = [[text("report_col_date"), *(text(f"report_col_{c}") for c in columns)]]
        for d in recap.by_day:
            values = d.as_json()
            rows.append([format_date_plain(d.day), *(_n(values[c]) for c in columns)])
        sums = [sum(getattr(d, c) for d in recap.by_day) for c in columns]
        rows.append([text("report_section_total"), *(_n(n) for n in sums)])
        first = self.width * 0.3
        rest = (self.width - first) / len(columns)
        return [_p(text("report_pdf_days"), self.section),
                self._table(rows, [first] + [rest] * len(columns), total_row=True)]

    def _reasons(self, recap: Recap) -> object:
        text = messages.text
        rows = [[text("report_col_reason"), text("report_col_count")]]
        rows += [[r.label, _n(r.count)] for r in recap.failure_reasons]
        rows.append([text("report_section_total"), _n(recap.totals.failed)])
        return KeepTogether([_p(text("report_pdf_reasons"), self.bold), Spacer(1, 1 * mm),
                             self._table(rows, [self.width * 0.6, self.width * 0.15],
                                         total_row=True)])

    # --- charts ------------------------------------------------------------------------------

    def _burndown(self, recap: Recap) -> list:
        """People left at the end of each day of the period (``Recap.burn_down``, the
        Laporan page's line) against the ideal straight line from the period's first day
        to zero on polling day; the 7 days' pace from today only for a period reaching
        today, and a caption that says which."""
        p, burn = recap.projection, recap.burn_down
        points = [(day.toordinal(), left) for day, left in burn.points]
        first = recap.date_from.toordinal()
        end = max(p.election_day.toordinal(), first + 1)
        height = 60 * mm
        drawing = Drawing(self.width, height)
        plot = LinePlot()
        plot.x, plot.y = 16 * mm, 8 * mm
        plot.width, plot.height = self.width - 20 * mm, height - 16 * mm
        lines = [(BLUE, 1.8, None, [(first - 1, burn.start), *points], "report_pdf_remaining"),
                 (GREY, 1, (3, 2), [(first - 1, burn.start), (end, 0)], "report_pdf_ideal")]
        if burn.pace_line:
            lines.append((ORANGE, 1.2, (1, 2), [(d.toordinal(), left)
                                                for d, left in burn.pace_line],
                          "report_pdf_pace"))
        plot.data = [line[3] for line in lines]
        for i, (colour, width, dash, _, _) in enumerate(lines):
            plot.lines[i].strokeColor, plot.lines[i].strokeWidth = colour, width
            if dash:
                plot.lines[i].strokeDashArray = dash
        plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = first - 1, end
        plot.xValueAxis.labelTextFormat = lambda x: _short_date(int(x))
        plot.xValueAxis.labels.fontName, plot.xValueAxis.labels.fontSize = FONT, 7
        _count_axis(plot.yValueAxis)
        drawing.add(plot)
        legend = self._legend(height, [(c, messages.text(key)) for c, _, _, _, key in lines])
        legend.x = min(legend.x, self.width - 30 * mm * len(lines))  # a third entry fits
        drawing.add(legend)
        title = messages.text("report_pdf_burndown", election=(
            f"{p.election_name} ({format_date_plain(p.election_day)})"))
        caption = (messages.text("report_pdf_burndown_live") if burn.live else
                   messages.text("report_pdf_burndown_past",
                                 day=format_date_plain(recap.date_to)))
        return [_p(title, self.section), drawing, _p(caption, self.body)]

    def _legend(self, height: float, pairs: list) -> Legend:
        """A legend in one row at the drawing's top right."""
        legend = Legend()
        legend.x, legend.y = self.width - 70 * mm, height
        legend.fontName, legend.fontSize = FONT, 7.5
        legend.columnMaximum = 1
        legend.dx, legend.dy, legend.deltax = 8, 8, 80
        legend.colorNamePairs = pairs
        return legend

    def _kelurahan_chart(self, groups: tuple[Group, ...]) -> list:
        """People and recorded per kelurahan, one pair of bars each."""
        bar = 2.4 * mm
        plot_height = bar * len(groups) * 1.25
        height = plot_height + 14 * mm
        drawing = Drawing(self.width, height)
        chart = HorizontalBarChart()
        chart.x, chart.y = 40 * mm, 6 * mm
        chart.width, chart.height = self.width - 44 * mm, plot_height
        ordered = list(reversed(groups))  # the first kelurahan at the top
        chart.data = [[g.figures.recorded for g in ordered], [g.figures.people for g in ordered]]
        light = colors.Color(0.8, 0.85, 0.92)
        chart.bars[0].fillColor, chart.bars[1].fillColor = BLUE, light
        chart.bars.strokeWidth = 0
        chart.barSpacing, chart.groupSpacing = 0, 1.2
        chart.categoryAxis.categoryNames = [printable(g.name) for g in ordered]
        chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = FONT, 6.5
        chart.categoryAxis.labels.boxAnchor = "e"
        _count_axis(chart.valueAxis)
        drawing.add(chart)
        drawing.add(self._legend(height, [(light, messages.text("report_col_people")),
                                          (BLUE, messages.text("report_col_recorded"))]))
        return [_p(messages.text("report_pdf_kelurahan_chart"), self.section), drawing]


def _count_axis(axis: Any) -> None:
    """A chart's axis of people: from 0, figures with a thousands dot, a light grid."""
    axis.valueMin = 0
    axis.labelTextFormat = lambda v: format_count(int(v))
    axis.labels.fontName, axis.labels.fontSize = FONT, 7
    axis.visibleGrid, axis.gridStrokeColor = True, colors.lightgrey


def _short_date(ordinal: int) -> str:
    day = dt.date.fromordinal(max(ordinal, 1))
    return f"{day.day}/{day.month}"


def render_pdf(recap: Recap, profile: OfficeProfile, *, invariant: bool = False
               ) -> tuple[bytes, int]:
    """The report's PDF bytes and its number of pages."""
    return ReportRenderer(profile, invariant=invariant).render(recap)


def write_pdf(recap: Recap, path: Path, profile: OfficeProfile) -> Path:
    """The report as a PDF at ``path`` (written to a temporary name and renamed)."""
    data, _ = render_pdf(recap, profile)
    return atomic_write(path, lambda temp: temp.write_bytes(data))
