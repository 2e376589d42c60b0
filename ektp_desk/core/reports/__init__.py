"""The drive's progress report: how far it has got, where it is behind, whether the pace
is enough (docs/domain.md, "Reports", says what every figure counts).

:func:`recap` is the one entry point (``figures.py``); the CLI (``ektp-desk report``),
the exports and the Laporan page read the frozen :class:`Recap` it returns and never count
for themselves. :func:`write` writes it by the file's extension: csv and xlsx
(``files.py``), or a PDF ready to sign (``pdf.py``, :func:`write_pdf`/:func:`render_pdf`).
The follow-up lists (``lists.py``: ``lists.follow_up(db, kind, office=, kelurahan=)`` →
``FollowUp`` with ``rows``, ``by_kelurahan()``, ``by_reason()``, ``as_json(unmasked=)``;
``lists.export(db, found, path, user=, unmasked=)`` for .csv/.xlsx, audited first;
``lists.KINDS``, ``lists.table_rows``) name the people behind the figures, NIKs masked.

- People's figures (target, summoned, attended, recorded, failed, no-show, not served)
  come from the folded status cached in ``person.status`` (the same fold as the desk's and
  sync's, ``core/status.py``), counted per group in ``person_count`` (migration 18, kept
  by triggers, *summoned* from ``person.called``); nothing is refolded or walked.
- The day series reads the per-day event counts ``event_day_count`` (migration 18),
  leaving out the undone events and those the fold overruled after a sync (listed in
  ``sync_conflict``).
- The projection sets the pace needed (per service day left) against the pace achieved
  (recordings of the last 7 days / 7) and says when the target would be reached.
- A purge's anonymous counts are added to every figure.

Speed (benchmarks/bench_report.py, 1,000,000 people and 2,191,093 events, the machine
loaded by other test runs; target 1 s): the whole drive's recap (60 days) 0.62 s, one day
(the dashboard) 0.47 s, beside 0.23 s for the raw ``GROUP BY status`` baseline in the same
run (before migration 18: 50.8 s and 15.0 s). What is left: the failure reasons (0.24 s,
one pass over the failures), the events left out of the day series (0.2 s) and the
projection's last 7 days (0.12 s).

The city's follow-up list ``belum_rekam`` (549,985 of the 1,000,000, same bench, a load
of 5–6 on 2 cores): its query 15.0 s beside 12.8 s for a raw ``SELECT`` of the same rows
in the same order (1.17×; with the last call looked up per person it was 1.45×, 15.0 s
beside 10.3 s in one run); ``lists.follow_up`` as a whole 22.1 s, the rest being the
550,000 ``Row`` objects built in Python. In a quieter run (load 2): raw 5.1–5.8 s, the
list's query 7.3–8.1 s, ``follow_up`` 10.6 s; the old per-person lookup on migration 20's
indexes took 6.0–7.7 s there, about the same: the covering indexes are most of the gain,
and grouping every call costs about what the lookups did. One kelurahan (20,410 people):
0.3 s.
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
