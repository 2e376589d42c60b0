"""The drive's progress report: how far it has got, where it is behind, whether the pace
is enough (docs/domain.md, "Reports", says what every figure counts).

:func:`recap` is the one entry point (``figures.py``); the CLI (``ektp-desk report``),
the exports and the Laporan page read the frozen :class:`Recap` it returns and never count
for themselves; ``files.py`` writes it as csv and xlsx.

- People's figures (target, summoned, attended, recorded, failed, no-show, not served)
  come from the folded status cached in ``person.status`` (the same fold as the desk's and
  sync's, ``core/status.py``), grouped in one walk of an index; nothing is refolded.
- The day series counts the events of each day, leaving out the undone ones and those the
  fold overruled after a sync (listed in ``sync_conflict``).
- The projection sets the pace needed (per service day left) against the pace achieved
  (recordings of the last 7 days / 7) and says when the target would be reached.

Speed (benchmarks/bench_report.py; migration 16 holds the indexes it reads): the target
is 1 s at 1,000,000 people and 2,000,000 events, NOT met yet. Measured on a loaded machine
where the raw ``GROUP BY status`` baseline took 1.0–1.3 s: the plain group count 0.7× the
baseline, the *summoned* probe per person (``_summoned``) +5.5 s, the failure reasons'
subquery per failed person 3.3 s, one day of events 0.4 s.
"""

from ektp_desk.core.reports.figures import (
    ATTENDED,
    ELSEWHERE,
    FAILED,
    NO_SHOW,
    NOT_SERVED,
    UNSERVABLE,
    Day,
    Figures,
    Group,
    Projection,
    Reason,
    Recap,
    Scope,
    check_range,
    drive_start,
    format_rate,
    recap,
    resolve_scope,
    service_days,
)
from ektp_desk.core.reports.files import (
    TABLE_HEADER,
    check_out_type,
    table_rows,
    write,
    write_csv,
    write_xlsx,
)
from ektp_desk.core.reports.pdf import render_pdf, write_pdf

__all__ = ["ATTENDED", "ELSEWHERE", "FAILED", "NOT_SERVED", "NO_SHOW", "TABLE_HEADER",
           "UNSERVABLE", "Day", "Figures", "Group", "Projection", "Reason", "Recap", "Scope",
           "check_out_type", "check_range", "drive_start", "format_rate", "recap",
           "render_pdf", "resolve_scope", "service_days", "table_rows", "write", "write_csv",
           "write_pdf", "write_xlsx"]
