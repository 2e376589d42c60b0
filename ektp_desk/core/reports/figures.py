"""The recap's figures: people by folded status, the day series, failure reasons and the
projection (the package docstring and docs/domain.md, "Reports", say what each counts)."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields

import peewee as pw

from ektp_desk.core import calendar, election, messages, regions, settings
from ektp_desk.core.calendar import format_date_plain
from ektp_desk.core.desk_rules import REASONS, reason_label
from ektp_desk.core.errors import UserError
from ektp_desk.core.reports import burndown
from ektp_desk.core.status import CATEGORY_LABELS, LEFT_OUT_IDS, RECORDED, STATUS_LABELS
from ektp_desk.core.sync import office as sync_office
from ektp_desk.core.text import format_count, format_percent

messages.register({
    "report_office_unknown": (
        "Kantor '{office}' tidak dikenal. Pilih 'all' atau salah satu: {known}. Tidak ada "
        "yang ditulis.",
        "Unknown office '{office}'. Choose 'all' or one of: {known}. Nothing was written."),
    "report_range_reversed": (
        "Tanggal awal {date_from} sesudah tanggal akhir {date_to}. Tidak ada yang ditulis.",
        "The start date {date_from} is after the end date {date_to}. Nothing was written."),
    "report_range_too_long": (
        "Rentang laporan terlalu panjang ({days} hari; paling lama {limit} hari).",
        "The report's range is too long ({days} days; at most {limit} days)."),
    "report_pace_zero": (
        "Belum ada perekaman dalam 7 hari terakhir: dengan laju ini target {target} orang "
        "tidak tercapai sebelum {election} ({election_day}).",
        "Nobody was recorded in the last 7 days: at this pace the target of {target} people "
        "is not reached before {election} ({election_day})."),
    "report_late": (
        "Dengan laju 7 hari terakhir ({pace} orang/hari) target tercapai {done_by}, "
        "sesudah {election} ({election_day}). Perlu {needed} orang per hari layanan.",
        "At the last 7 days' pace ({pace} people a day) the target is reached on {done_by}, "
        "after {election} ({election_day}). {needed} people per service day are needed."),
    "report_no_office": ("Tanpa kantor", "No office"),
    "report_all_offices": ("Semua kantor", "All offices"),
    "report_failed_no_reason": ("Tanpa alasan", "No reason given"),
})

# Which folded statuses each figure counts (docs/domain.md, "Reports"). Every status is in
# exactly one of NOT_SERVED, ATTENDED, UNSERVABLE, ELSEWHERE.
FAILED = frozenset({"gagal_rekam", "data_ganda"})
ATTENDED = RECORDED | FAILED | {"hadir", "klarifikasi_selesai"}
NO_SHOW = frozenset({"tidak_hadir"})
NOT_SERVED = frozenset({"belum_dipanggil", "dipanggil"}) | NO_SHOW
UNSERVABLE = frozenset({"tidak_dapat_dilayani"})
ELSEWHERE = frozenset({"rekam_luar_daerah", "dirujuk"})
# Event kinds of the day series: a recording made without a check-in (an outreach visit
# records on the spot, ``desk`` empty) is an arrival too.
RECORDING_KINDS = ("terekam", "gagal_rekam", "data_ganda")
MAX_DAYS = 3660  # a report over more than ten years of days is a typo
PACE_DAYS = 7
SERVICE_KINDS = ("kecamatan", "dindukcapil")  # the offices' own desks, not outreach places
DEFAULT_WEEKDAYS = frozenset(range(5))  # Senin–Jumat when no location has hours yet


@dataclass(frozen=True)
class Figures:
    """One set of people's figures (totals, an office, a kecamatan, …); see docs/domain.md,
    "Reports". ``people`` is everyone in the set; not_served + attended + unservable +
    elsewhere = people."""

    target: int
    people: int
    summoned: int
    attended: int
    recorded: int
    failed: int
    no_show: int
    not_served: int
    unservable: int
    elsewhere: int

    @property
    def recorded_pct(self) -> str:
        """Recorded against the target, '96,4%'."""
        return format_percent(self.recorded, self.target)

    def as_json(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Group:
    """A row of a breakdown: ``code`` (office id, kecamatan or kelurahan code, category)
    and its name in words."""

    code: str
    name: str
    figures: Figures
    kecamatan_code: str = ""  # for a kelurahan

    def as_json(self, key: str) -> dict[str, object]:
        row: dict[str, object] = {key: self.code or None, "name": self.name}
        if key == "kelurahan_code":
            row["kecamatan_code"] = self.kecamatan_code or None
        return {**row, **self.figures.as_json()}


@dataclass(frozen=True)
class Day:
    """The events of one day (undone and overruled ones left out)."""

    day: dt.date
    summoned: int
    attended: int
    recorded: int
    failed: int
    no_show: int

    def as_json(self) -> dict[str, object]:
        return {"date": self.day.isoformat(), "summoned": self.summoned,
                "attended": self.attended, "recorded": self.recorded,
                "failed": self.failed, "no_show": self.no_show}


@dataclass(frozen=True)
class Reason:
    code: str  # a gagal_rekam reason, 'data_ganda', or '' when none was given
    label: str
    count: int

    def as_json(self) -> dict[str, object]:
        return {"code": self.code, "label": self.label, "count": self.count}


@dataclass(frozen=True)
class Projection:
    election_name: str
    election_day: dt.date
    days_left: int  # calendar days from today to polling day
    service_days_left: int  # days from today to the day before polling day that serve
    remaining: int  # target - recorded, never below 0
    pace_needed: float | None  # people per service day left; None: no service day left
    pace_7d: float  # recorded in the last 7 days (today included) / 7
    done_by: dt.date | None  # when the target is reached at pace_7d; None: never
    warning: str | None

    def as_json(self) -> dict[str, object]:
        return {"election_name": self.election_name,
                "election_date": self.election_day.isoformat(),
                "days_left": self.days_left, "service_days_left": self.service_days_left,
                "remaining": self.remaining, "pace_needed": self.pace_needed,
                "pace_7d": self.pace_7d,
                "done_by": self.done_by.isoformat() if self.done_by else None,
                "warning": self.warning}


@dataclass(frozen=True)
class Scope:
    """Whose people a report counts: ``kecamatan_code`` None = everyone in the database."""

    office_id: str | None
    name: str
    kecamatan_code: str | None
    own: bool  # this office's own scope: the target setting applies to its totals


@dataclass(frozen=True)
class Recap:
    scope: Scope
    date_from: dt.date
    date_to: dt.date
    today: dt.date
    totals: Figures
    by_office: tuple[Group, ...]
    by_kecamatan: tuple[Group, ...]
    by_kelurahan: tuple[Group, ...]
    by_category: tuple[Group, ...]
    by_day: tuple[Day, ...]
    failure_reasons: tuple[Reason, ...]
    projection: Projection
    burn_down: burndown.BurnDown

    def as_json(self) -> dict[str, object]:
        """What ``report --json`` prints and the exports hold."""
        return {
            "office": {"office_id": self.scope.office_id, "name": self.scope.name,
                       "kecamatan_code": self.scope.kecamatan_code},
            "date_from": self.date_from.isoformat(), "date_to": self.date_to.isoformat(),
            "today": self.today.isoformat(),
            "totals": self.totals.as_json(),
            "by_office": [g.as_json("office_id") for g in self.by_office],
            "by_kecamatan": [g.as_json("kecamatan_code") for g in self.by_kecamatan],
            "by_kelurahan": [g.as_json("kelurahan_code") for g in self.by_kelurahan],
            "by_category": [g.as_json("category") for g in self.by_category],
            "by_day": [d.as_json() for d in self.by_day],
            "failure_reasons": [r.as_json() for r in self.failure_reasons],
            "projection": self.projection.as_json(),
        }


# --- whose people -----------------------------------------------------------------------

def _offices(db: pw.Database
             ) -> tuple[sync_office.OfficeInfo | None, dict[str, tuple[str, str]]]:
    """This office, and the kecamatan offices known here: kecamatan code → (id, name)."""
    own = sync_office.identity(db)
    known = {p.code: (p.office_id, p.name) for p in sync_office.peers(db)
             if p.kind == "kecamatan"}
    if own is not None and own.kind == "kecamatan":
        known[own.code] = (own.office_id, own.name)
    return own, known


def resolve_scope(db: pw.Database, office: str | None = None) -> Scope:
    """The people a report counts. None: this office's own (a kecamatan office's kecamatan;
    everyone at the city or before sync is set up); 'all': everyone in the database; an
    office id (or its kecamatan code): the people of that office's kecamatan. UserError
    for an office not known here."""
    own, known = _offices(db)
    if office is None or (own is not None and office in (own.office_id, own.code)):
        if own is not None and own.kind == "kecamatan":
            return Scope(own.office_id, own.name, own.code, True)
        return Scope(own.office_id if own else None,
                     own.name if own else messages.text("report_all_offices"), None, True)
    if office == "all":
        city = own is None or own.kind == "kota"
        return Scope(None, messages.text("report_all_offices"), None, city)
    for code, (office_id, name) in known.items():
        if office in (office_id, code):
            return Scope(office_id, name, code, False)
    raise UserError("report_office_unknown", office=office,
                    known=", ".join(sorted(i for i, _ in known.values())) or "-")


# --- people's figures -------------------------------------------------------------------

# People by group and folded status, and how many of them were ever called: the counts
# migration 18 keeps (person_count), then the anonymous counts a purge left in their place
# (docs/domain.md, "Retention").
_PEOPLE_SQL = ("SELECT kecamatan_code, kelurahan_code, category, status, sum(n), "
               "sum(n * called) FROM person_count WHERE n > 0 {scope} GROUP BY 1, 2, 3, 4")
_ANON_PEOPLE_SQL = ("SELECT kecamatan_code, kelurahan_code, category, status, sum(n), "
                    "sum(called) FROM anonymous_count WHERE what = 'orang' {scope} "
                    "GROUP BY 1, 2, 3, 4")

_Key = tuple[str, str, str]  # kecamatan, kelurahan, category


def _people(db: pw.Database, scope: Scope) -> tuple[dict[_Key, Counter[str]], Counter[_Key]]:
    """Everyone in scope by (kecamatan, kelurahan, category): status counts, and how many
    were ever summoned."""
    params = (scope.kecamatan_code,) if scope.kecamatan_code else ()
    where = "AND kecamatan_code = ?" if scope.kecamatan_code else ""
    statuses: dict[_Key, Counter[str]] = defaultdict(Counter)
    summoned: Counter[_Key] = Counter()
    rows = [*db.execute_sql(_PEOPLE_SQL.format(scope=where), params),
            *db.execute_sql(_ANON_PEOPLE_SQL.format(scope=where), params)]
    for kec, kel, cat, status, n, called in rows:
        key = (kec or "", kel or "", cat or "")
        statuses[key][status] += n
        summoned[key] += called
    return statuses, summoned


def _figures(statuses: Counter[str], summoned: int, target: int | None = None) -> Figures:
    def among(codes: Iterable[str]) -> int:
        return sum(statuses[c] for c in codes)

    people = sum(statuses.values())
    return Figures(target=people if target is None else target, people=people,
                   summoned=summoned, attended=among(ATTENDED),
                   recorded=among(RECORDED), failed=among(FAILED), no_show=among(NO_SHOW),
                   not_served=among(NOT_SERVED), unservable=among(UNSERVABLE),
                   elsewhere=among(ELSEWHERE))


def _breakdown(statuses: Mapping[_Key, Counter[str]], summoned: Counter[_Key], part
               ) -> dict[str, Figures]:
    """Figures summed by ``part(key)``."""
    by_status: dict[str, Counter[str]] = defaultdict(Counter)
    by_summoned: Counter[str] = Counter()
    for key, counts in statuses.items():
        by_status[part(key)].update(counts)
    for key, n in summoned.items():
        by_summoned[part(key)] += n
    return {code: _figures(counts, by_summoned[code]) for code, counts in by_status.items()}


# --- the day series ---------------------------------------------------------------------

# Events per day, kind and desk (migration 18 keeps the counts as events come and go).
_DAY_SQL = ("SELECT day, kind, no_desk, sum(n) FROM event_day_count "
            "WHERE day >= ? AND day <= ? {scope} GROUP BY 1, 2, 3")
# Events the fold does not count: undone ones, and set-backs it overruled after a sync.
_LEFT_OUT_SQL = f"""
SELECT substr(e.at, 1, 10), e.kind, e.desk IS NULL, count(*)
FROM event e JOIN person p ON p.id = e.person_id
WHERE e.id IN ({LEFT_OUT_IDS}) AND e.at >= ? AND e.at < ? {{scope}}
GROUP BY 1, 2, 3
"""
# The events a purge kept as anonymous counts, less those the fold did not count
_ANON_DAY_SQL = ("SELECT day, status, sum(n - left_out), sum(no_desk) FROM anonymous_count "
                 "WHERE what = 'peristiwa' AND day >= ? AND day <= ? {scope} GROUP BY 1, 2")


def _day_counts(kinds: Counter[tuple[str, bool]]) -> tuple[int, int, int, int, int]:
    """(summoned, attended, recorded, failed, no_show) from event counts by (kind, no
    desk)."""
    def of(*wanted: str) -> int:
        return sum(n for (kind, _), n in kinds.items() if kind in wanted)

    on_the_spot = sum(n for (kind, no_desk), n in kinds.items()
                      if no_desk and kind in RECORDING_KINDS)
    return (of("dipanggil"), of("hadir") + on_the_spot, of("terekam"),
            of("gagal_rekam", "data_ganda"), of("tidak_hadir"))


def _next_day(day: dt.date) -> str:
    return (day + dt.timedelta(days=1)).isoformat()


def _days(db: pw.Database, scope: Scope, date_from: dt.date, date_to: dt.date
          ) -> tuple[Day, ...]:
    """Each day of the range, from ``event.at`` (the WIB date it was written): the events
    counted per day (``event_day_count``), less those the fold does not count, plus those
    a purge kept as anonymous counts."""
    scoped = bool(scope.kecamatan_code)
    office = (scope.kecamatan_code,) if scoped else ()
    conn = db.connection()
    counts: dict[str, Counter[tuple[str, bool]]] = defaultdict(Counter)
    for day, kind, no_desk, n in conn.execute(
            _DAY_SQL.format(scope="AND kecamatan_code = ?" if scoped else ""),
            (date_from.isoformat(), date_to.isoformat(), *office)):
        counts[day][(kind, bool(no_desk))] += n
    for day, kind, no_desk, n in conn.execute(
            _LEFT_OUT_SQL.format(scope="AND p.kecamatan_code = ?" if scoped else ""),
            (date_from.isoformat(), _next_day(date_to), *office)):
        counts[day][(kind, bool(no_desk))] -= n
    for day, kind, counted, no_desk in conn.execute(
            _ANON_DAY_SQL.format(scope="AND kecamatan_code = ?" if scoped else ""),
            (date_from.isoformat(), date_to.isoformat(), *office)):
        counts[day][(kind, True)] += no_desk
        counts[day][(kind, False)] += counted - no_desk
    return tuple(Day(day, *_day_counts(counts.get(day.isoformat(), Counter())))
                 for day in calendar.dates(date_from, date_to))


def drive_start(db: pw.Database) -> dt.date | None:
    """The day of the first event (the drive's first day), None before any."""
    row = db.execute_sql("SELECT min(at) FROM event").fetchone()
    return dt.date.fromisoformat(row[0][:10]) if row and row[0] else None


# --- failures and the projection --------------------------------------------------------

# Failed people by the reason their status shows (status.SHOWN_REASON_SQL: that of their
# newest gagal_rekam event not undone, in status.FOLD_ORDER): one pass from the failed
# people (person_status) to their failures in the small covering index event_failed
# (migration 18), keeping the event no newer failure of theirs outranks, rather than a
# sorted lookup per person; then the purged people's reasons.
_FOLD_KEY = ("({e}.hlc IS NULL, coalesce({e}.hlc, ''), {e}.origin, "
             "coalesce({e}.origin_seq, 0), {e}.id)")
_REASONS_SQL = f"""
SELECT e.reason, count(*) FROM person p INDEXED BY person_status
JOIN event e INDEXED BY event_failed ON e.person_id = p.id AND e.kind = 'gagal_rekam'
WHERE p.status = 'gagal_rekam' {{scope}}
  AND NOT EXISTS (SELECT 1 FROM event u WHERE u.undoes = e.id)
  AND NOT EXISTS (SELECT 1 FROM event f INDEXED BY event_failed
                  WHERE f.person_id = p.id AND f.kind = 'gagal_rekam' AND f.id != e.id
                    AND NOT EXISTS (SELECT 1 FROM event v WHERE v.undoes = f.id)
                    AND {_FOLD_KEY.format(e="f")} > {_FOLD_KEY.format(e="e")})
GROUP BY 1
UNION ALL
SELECT reason, sum(n) FROM anonymous_count
WHERE what = 'orang' AND status = 'gagal_rekam' {{anon_scope}} GROUP BY 1
"""


def _reasons(db: pw.Database, scope: Scope, held: int) -> tuple[Reason, ...]:
    where = "AND p.kecamatan_code = ?" if scope.kecamatan_code else ""
    params = (scope.kecamatan_code,) * 2 if scope.kecamatan_code else ()
    counts: Counter[str] = Counter()
    for code, n in db.execute_sql(_REASONS_SQL.format(
            scope=where, anon_scope=where.replace("p.", "")), params):
        counts[code or ""] += n
    if held:
        counts["data_ganda"] = held
    order = {code: i for i, code in enumerate((*REASONS, "data_ganda"))}
    return tuple(Reason(code, _reason_words(code), n) for code, n in
                 sorted(counts.items(), key=lambda c: (order.get(c[0], len(order)), c[0])))


def _reason_words(code: str) -> str:
    if not code:
        return messages.text("report_failed_no_reason")
    if code == "data_ganda":
        return STATUS_LABELS["data_ganda"]
    return reason_label(code) or code


def service_days(db: pw.Database, date_from: dt.date, date_to: dt.date) -> list[dt.date]:
    """The days an office desk serves between two dates (both included): a weekday on
    which an active kantor kecamatan or Dindukcapil has hours, not a holiday or cuti
    bersama. Senin–Jumat when no location has hours yet."""
    if date_to < date_from:
        return []
    weekdays = {r[0] for r in db.execute_sql(
        "SELECT DISTINCT h.weekday FROM location_hours h JOIN location l "
        "ON l.id = h.location_id WHERE l.active AND l.kind IN (?, ?)", SERVICE_KINDS)}
    closed = calendar.holidays(db, date_from, date_to)
    open_days = weekdays or DEFAULT_WEEKDAYS
    return [d for d in calendar.dates(date_from, date_to)
            if d.weekday() in open_days and d not in closed]


def _projection(db: pw.Database, scope: Scope, totals: Figures, today: dt.date
                ) -> Projection:
    drive = election.current(db)
    remaining = max(totals.target - totals.recorded, 0)
    days_left = max((drive.day - today).days, 0)
    left = len(service_days(db, today, drive.day - dt.timedelta(days=1)))
    pace_needed = (0.0 if remaining == 0 else
                   round(remaining / left, 1) if left else None)
    last = _days(db, scope, today - dt.timedelta(days=PACE_DAYS - 1), today)
    rate = sum(d.recorded for d in last) / PACE_DAYS
    if remaining == 0:
        done_by: dt.date | None = today
    elif rate > 0:
        done_by = today + dt.timedelta(days=math.ceil(remaining / rate))
    else:
        done_by = None
    warning = drive.passed_warning(today)
    words = {"election": drive.name, "election_day": format_date_plain(drive.day),
             "target": format_count(totals.target)}
    if warning is None and remaining and done_by is None:
        warning = messages.text("report_pace_zero", **words)
    elif warning is None and done_by is not None and done_by > drive.day:
        warning = messages.text("report_late", pace=format_rate(rate),
                                done_by=format_date_plain(done_by),
                                needed=format_rate(pace_needed), **words)
    return Projection(drive.name, drive.day, days_left, left, remaining, pace_needed,
                      round(rate, 1), done_by, warning)


def format_rate(value: float | None) -> str:
    """A pace in words: 12,5; '–' when there is none."""
    if value is None:
        return "–"
    whole = round(value, 1)
    if whole == int(whole):
        return format_count(int(whole))
    return f"{format_count(int(whole))},{round(whole * 10) % 10}"


# --- the recap --------------------------------------------------------------------------

def check_range(date_from: dt.date, date_to: dt.date) -> None:
    """UserError when the range is reversed or absurdly long (nothing is computed)."""
    if date_from > date_to:
        raise UserError("report_range_reversed", date_from=format_date_plain(date_from),
                        date_to=format_date_plain(date_to))
    days = (date_to - date_from).days + 1
    if days > MAX_DAYS:
        raise UserError("report_range_too_long", days=format_count(days),
                        limit=format_count(MAX_DAYS))


def recap(db: pw.Database, *, date_from: dt.date, date_to: dt.date,
          office: str | None = None, today: dt.date) -> Recap:
    """The progress report: people's figures now (overall, by office, kecamatan, kelurahan
    and category), each day of ``date_from``..``date_to``, the failure reasons and the
    projection to polling day as of ``today``. ``office``: see :func:`resolve_scope`."""
    check_range(date_from, date_to)
    scope = resolve_scope(db, office)
    statuses, summoned = _people(db, scope)
    everyone: Counter[str] = Counter()
    for counts in statuses.values():
        everyone.update(counts)
    setting = int(settings.get(db, "report_target") or 0)
    totals = _figures(everyone, sum(summoned.values()),
                      setting if scope.own and setting else None)
    table = regions.default_table()
    own, known = _offices(db)
    city = (own.office_id, own.name) if own is not None and own.kind == "kota" else (
        "", messages.text("report_no_office"))

    def office_of(key: _Key) -> str:
        return known.get(key[0], city)[0]

    names = {office_id: name for office_id, name in (*known.values(), city)}
    offices = _breakdown(statuses, summoned, office_of)
    kecamatan = _breakdown(statuses, summoned, lambda k: k[0])
    kelurahan = _breakdown(statuses, summoned, lambda k: k[1])
    kelurahan_kec = {k[1]: k[0] for k in statuses}
    categories = _breakdown(statuses, summoned, lambda k: k[2])
    by_day = _days(db, scope, date_from, date_to)
    projection = _projection(db, scope, totals, today)
    # a period that ended before today: its days are counted back through the recordings
    # since its end (docs/domain.md, "The Laporan page")
    after = (sum(d.recorded for d in _days(db, scope, date_to + dt.timedelta(days=1), today))
             if date_to < today else 0)
    return Recap(
        scope=scope, date_from=date_from, date_to=date_to, today=today, totals=totals,
        by_office=tuple(Group(code, names.get(code, code), f)
                        for code, f in sorted(offices.items())),
        by_kecamatan=tuple(Group(code, table.kecamatan_name(code) or "-", f)
                           for code, f in sorted(kecamatan.items())),
        by_kelurahan=tuple(Group(code, table.kelurahan_name(code) or "-", f,
                                 kelurahan_kec[code])
                           for code, f in sorted(kelurahan.items())),
        by_category=tuple(Group(code, CATEGORY_LABELS.get(code, code), categories[code])
                          for code in (*CATEGORY_LABELS, *sorted(set(categories)
                                                                 - set(CATEGORY_LABELS)))
                          if code in categories),
        by_day=by_day,
        failure_reasons=_reasons(db, scope, everyone["data_ganda"]),
        projection=projection,
        burn_down=burndown.build(by_day, remaining=projection.remaining,
                                 recorded_after=after, pace_7d=projection.pace_7d,
                                 date_to=date_to, today=today,
                                 election_day=projection.election_day),
    )
