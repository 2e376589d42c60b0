"""The Laporan page's two charts, drawn with QtCharts (docs/architecture.md, "Charts"):
the burn-down toward polling day and a bar per kelurahan by how far behind it is."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, QMargins, QPointF, Qt, QTime, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from ektp_desk.core.calendar import format_date_plain
from ektp_desk.core.reports import Recap
from ektp_desk.core.text import format_count, format_percent
from ektp_desk.ui.operations.reports import Behind
from ektp_desk.ui.widgets import INDONESIAN

REMAINING_COLOUR = "#1a5fb4"
IDEAL_COLOUR = "#9a9a9a"
PROJECTED_COLOUR = "#c64600"
BAR_COLOUR = "#e0823d"
BAR_ROW = 22  # px per kelurahan bar, so names stay readable with 27 of them


def _msecs(day: dt.date) -> float:
    return float(QDateTime(day, QTime(12, 0)).toMSecsSinceEpoch())


def _chart() -> QChart:
    chart = QChart()
    chart.setLocale(INDONESIAN)
    chart.setLocalizeNumbers(True)  # the axes' numbers with the thousands dot
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


class BurnDownView(QChartView):
    """People left to record at the end of each day of the period (core's
    ``Recap.burn_down``), against the ideal line from the period's start to zero on
    polling day, and, for a period reaching today, the pace of the last 7 days carried on
    from today. The title's second line says which."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_chart(), parent)
        self.setObjectName("burnDown")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(320, 240)
        self.points: tuple[tuple[dt.date, int], ...] = ()  # what the line shows, for tests
        self.caption = ""

    def show_recap(self, recap: Recap) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        p, burn = recap.projection, recap.burn_down
        remaining = QLineSeries()
        remaining.setName(self.tr("Sisa (orang)"))
        remaining.setPen(QPen(QColor(REMAINING_COLOUR), 2.5))
        remaining.setPointsVisible(True)  # a drive of a few days is a few points
        for day, left in burn.points:
            remaining.append(_msecs(day), left)
        ideal = QLineSeries()
        ideal.setName(self.tr("Ideal"))
        ideal.setPen(QPen(QColor(IDEAL_COLOUR), 1.5, Qt.PenStyle.DashLine))
        first = recap.date_from
        end = max(p.election_day, recap.today)
        ideal.append(_msecs(first), burn.start)
        ideal.append(_msecs(p.election_day), 0)
        series = [ideal, remaining]
        if burn.live:
            projected = QLineSeries()
            projected.setName(self.tr("Laju 7 hari"))
            projected.setPen(QPen(QColor(PROJECTED_COLOUR), 1.5, Qt.PenStyle.DotLine))
            for day, left in burn.pace_line or ():
                projected.append(_msecs(day), left)
            series.insert(1, projected)
            self.caption = self.tr("Garis laju 7 hari diteruskan dari hari ini.")
        else:
            self.caption = self.tr(
                "Sisa di akhir setiap hari sampai {day}.\nGaris laju 7 hari hanya untuk "
                "periode sampai hari ini.").format(day=format_date_plain(recap.date_to))
        caption = html.escape(self.caption).replace("\n", "<br>")
        chart.setTitle(self.tr("Sisa target menuju hari pemungutan suara")
                       + f"<br><small>{caption}</small>")
        x = QDateTimeAxis()
        x.setFormat("d/M" if (end - first).days < 300 else "d/M/yy")  # (no month names:
        # Qt would write them in English)
        x.setRange(QDateTime(first, QTime(0, 0)), QDateTime(end, QTime(23, 59)))
        x.setTickCount(min(max((end - first).days + 1, 2), 6))
        x.setTruncateLabels(False)
        y = QValueAxis()
        y.setLabelFormat("%.0f")
        y.setRange(0, max(burn.start, recap.totals.target, 1))
        y.applyNiceNumbers()
        y.setTitleText(self.tr("orang"))
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        for line in series:
            chart.addSeries(line)
            line.attachAxis(x)
            line.attachAxis(y)
        self.points = burn.points


class KelurahanBarsView(QChartView):
    """A bar per kelurahan, the share of its people not yet recorded, the furthest behind
    on top. Clicking a bar asks for that kelurahan's people (``chosen``)."""

    chosen = Signal(str)  # kelurahan code

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_chart(), parent)
        self.setObjectName("kelurahanBars")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart().setTitle(self.tr("Belum terekam per kelurahan (klik untuk daftar warga)"))
        self.chart().legend().setVisible(False)
        self.rows: list[Behind] = []  # top to bottom
        self.series: QHorizontalBarSeries | None = None
        self.setMinimumSize(320, 240)

    def show_rows(self, rows: list[Behind]) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        self.rows = rows
        bars = QBarSet(self.tr("Belum terekam"))
        bars.setColor(QColor(BAR_COLOUR))
        bars.setBorderColor(QColor(BAR_COLOUR))
        series = QHorizontalBarSeries()
        series.setBarWidth(0.7)
        # a horizontal bar series draws its first category at the bottom
        for row in reversed(rows):
            bars.append(row.share)
        series.append(bars)
        chart.addSeries(series)
        names = QBarCategoryAxis()
        names.setTruncateLabels(False)  # a name cut to "…" tells the clerk nothing
        names.append(_unique([f"{r.name} {format_percent(r.remaining, r.people)}"
                              for r in reversed(rows)]) or [""])
        share = QValueAxis()
        share.setRange(0, 100)
        share.setTickCount(5)
        share.setLabelFormat("%.0f%%")
        chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(share, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(names)
        series.attachAxis(share)
        bars.clicked.connect(self._clicked)
        bars.hovered.connect(self._hovered)
        self.series = series
        self.setMinimumHeight(max(240, 90 + BAR_ROW * len(rows)))

    def _row_at(self, index: int) -> Behind | None:
        position = len(self.rows) - 1 - index
        return self.rows[position] if 0 <= position < len(self.rows) else None

    def _clicked(self, index: int) -> None:
        row = self._row_at(index)
        if row is not None:
            self.chosen.emit(row.code)

    def _hovered(self, status: bool, index: int) -> None:
        # the view's tooltip: Qt shows it where the mouse rests over the bar
        row = self._row_at(index)
        self.setToolTip("" if not status or row is None else self.tr(
            "{name}: {left} dari {people} orang belum terekam ({share})").format(
                name=row.name, left=format_count(row.remaining),
                people=format_count(row.people),
                share=format_percent(row.remaining, row.people)))

    def bar_centre(self, code: str) -> QPointF | None:
        """Where a kelurahan's bar is, in the view's coordinates (for a test's click)."""
        if self.series is None:
            return None
        for position, row in enumerate(self.rows):
            if row.code == code:
                index = len(self.rows) - 1 - position
                at = self.chart().mapToPosition(QPointF(max(row.share, 2) / 2, index),
                                                self.series)
                return self.mapFromScene(self.chart().mapToScene(at)).toPointF()
        return None


def _unique(labels: list[str]) -> list[str]:
    """A category axis merges equal names: two kelurahan of one name (in two kecamatan)
    with the same share get a trailing space each time it repeats."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        out.append(label + " " * seen.get(label, 0))
        seen[label] = seen.get(label, 0) + 1
    return out
