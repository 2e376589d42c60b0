"""The progress report (core/reports.py, docs/domain.md "Reports") against a drive the test
makes through the core and counts itself: people summoned, moved between sessions, served
at two locations and on an outreach visit, desk slips undone, a no-show from another office
overruled by the sync fold, days closed. Every cell of the recap is checked against the
test's own ledger of what it did; and four kecamatan offices that exchange files add up to
the city's report."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pytest

from ektp_desk.core import clock, desk, reports, scheduling, settings
from ektp_desk.core.errors import UserError
from ektp_desk.core.status import CATEGORIES, RECORDED
from ektp_desk.core.text import format_percent
from tests.db.test_report_called import counts_hold
from tests.sync_helpers import WIB, add_event, build, exchange, receive, send

WHO = {"desk": "Meja 1", "user": "uji"}
D0 = dt.date(2026, 11, 23)  # a Monday: the calls go out
D1, D2, D3 = (D0 + dt.timedelta(days=i) for i in (1, 2, 3))
KECAMATAN4 = ("337501", "337502", "337503", "337504")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build(tmp_path_factory.mktemp("template"), people=90, kecamatan=KECAMATAN4)


@pytest.fixture
def wall(monkeypatch):
    """The core's clock, set by the test: events are written on the day the test says."""
    now = [dt.datetime.combine(D0, dt.time(7), WIB)]
    monkeypatch.setattr(clock, "now", lambda: now[0])

    def set_to(day: dt.date, hour: int = 9) -> None:
        now[0] = dt.datetime.combine(day, dt.time(hour), WIB)
    return set_to


@dataclass
class Ledger:
    """What the test did, in its own words: every event that should count (day, kind, on
    the spot), each person's statuses in order (an undo pops the last), who was called."""

    events: list[tuple[dt.date, str, bool]] = field(default_factory=list)
    history: dict[int, list[tuple[str, str | None]]] = field(
        default_factory=lambda: defaultdict(list))
    counted: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    summoned: set[int] = field(default_factory=set)

    def add(self, pid: int, day: dt.date, kind: str, reason: str | None = None, *,
            spot: bool = False) -> None:
        self.counted[pid].append(len(self.events))
        self.events.append((day, kind, spot))
        self.history[pid].append((kind, reason))

    def undo(self, pid: int) -> None:
        self.events[self.counted[pid].pop()] = (D0, "undone", False)
        self.history[pid].pop()

    def status(self, pid: int) -> str:
        return self.history[pid][-1][0] if self.history[pid] else "belum_dipanggil"

    def reason(self, pid: int) -> str | None:
        return self.history[pid][-1][1] if self.history[pid] else None


def _people(db) -> dict[int, tuple[str, str, str]]:
    return {r[0]: (r[1] or "", r[2] or "", r[3]) for r in db.execute_sql(
        "SELECT id, kecamatan_code, kelurahan_code, category FROM person")}


def _expected_figures(ledger: Ledger, pids, target: int | None = None) -> dict[str, int]:
    statuses = Counter(ledger.status(p) for p in pids)
    failed = {"gagal_rekam", "data_ganda"}
    people = len(pids)
    return {
        "target": people if target is None else target, "people": people,
        "summoned": sum(1 for p in pids if p in ledger.summoned),
        "attended": sum(n for s, n in statuses.items()
                        if s in RECORDED | failed | {"hadir", "klarifikasi_selesai"}),
        "recorded": sum(n for s, n in statuses.items() if s in RECORDED),
        "failed": sum(n for s, n in statuses.items() if s in failed),
        "no_show": statuses["tidak_hadir"],
        "not_served": statuses["belum_dipanggil"] + statuses["dipanggil"]
        + statuses["tidak_hadir"],
        "unservable": statuses["tidak_dapat_dilayani"],
        "elsewhere": statuses["rekam_luar_daerah"] + statuses["dirujuk"],
    }


def _expected_day(ledger: Ledger, day: dt.date) -> dict[str, object]:
    kinds = Counter((k, spot) for d, k, spot in ledger.events if d == day)

    def of(*wanted: str) -> int:
        return sum(n for (k, _), n in kinds.items() if k in wanted)

    spot = sum(n for (k, s), n in kinds.items() if s and k in ("terekam", "gagal_rekam"))
    return {"date": day.isoformat(), "summoned": of("dipanggil"),
            "attended": of("hadir") + spot, "recorded": of("terekam"),
            "failed": of("gagal_rekam", "data_ganda"), "no_show": of("tidak_hadir")}


def _known_drive(offices, wall, tmp_path) -> tuple[Ledger, dict[int, tuple[str, str, str]]]:
    """The drive at the city office: two locations, three service days, and one kecamatan
    office (337502) that serves a resident of its own and sends a stale no-show."""
    city, k2 = offices["kota"].db, offices["337502"]
    ledger = Ledger()
    people = _people(city)
    ids = sorted(people)
    barat = scheduling.add_location(city, "kecamatan", "Kantor Kecamatan Pekalongan Barat",
                                    kecamatan_code="337501").location_id
    dinas = scheduling.add_location(city, "dindukcapil", "Dindukcapil Kota").location_id
    school = scheduling.add_location(city, "sekolah", "SMA Negeri 1").location_id
    slots = {(place, day): scheduling.add_slot(city, place, day, "08:00", "12:00",
                                               capacity=40, deliberate=True,
                                               today=D0).slot_ids[0]
             for place in (barat, dinas) for day in (D1, D2, D3)}
    # calls: days 1 and 2 go out on D0, day 3's on D1
    wall(D0, 7)
    groups = {D1: ids[0:12], D2: ids[12:24], D3: ids[24:34]}
    for day in (D1, D2):
        for place, half in ((barat, groups[day][:6]), (dinas, groups[day][6:])):
            scheduling.summon_to_slot(city, half, slots[(place, day)], today=D0)
            for pid in half:
                ledger.add(pid, D0, "dipanggil")
                ledger.summoned.add(pid)
    # two people moved from day 1 to day 2, one to the other location: no new call
    scheduling.move_people(city, [ids[0], ids[1]], slots[(dinas, D2)], today=D0)
    groups[D1] = [p for p in groups[D1] if p not in (ids[0], ids[1])]
    groups[D2] = groups[D2] + [ids[0], ids[1]]

    def serve(pid: int, day: dt.date, *outcomes: tuple[str, str | None]) -> None:
        for kind, reason in outcomes:
            desk.record(city, pid, kind, reason=reason, today=day, **WHO)
            ledger.add(pid, day, kind, reason)

    def undo(pid: int, day: dt.date) -> None:
        desk.undo_last(city, pid, today=day, **WHO)
        ledger.undo(pid)

    def close(day: dt.date) -> None:
        absent = [p for p in groups[day] if ledger.status(p) == "dipanggil"]
        result = desk.close_day(city, day, today=day, **WHO)
        assert result.no_show == len(absent)
        for pid in absent:
            ledger.add(pid, day, "tidak_hadir")

    # day 1: recordings, a failure, a slip undone and redone, two no-shows
    wall(D1)
    d1 = groups[D1]
    for pid in d1[:4]:
        serve(pid, D1, ("hadir", None), ("terekam", None))
    serve(d1[4], D1, ("hadir", None), ("gagal_rekam", "sidik_jari"))
    serve(d1[5], D1, ("hadir", None), ("terekam", None))
    undo(d1[5], D1)  # recorded by mistake: undone, then the failure it really was
    serve(d1[5], D1, ("gagal_rekam", "sistem"))
    serve(d1[6], D1, ("hadir", None), ("data_ganda", None))
    serve(d1[7], D1, ("hadir", None))  # still waiting when the day closes
    close(D1)
    # day 3's calls go out on day 1
    for place, half in ((barat, groups[D3][:5]), (dinas, groups[D3][5:])):
        scheduling.summon_to_slot(city, half, slots[(place, D3)], today=D1)
        for pid in half:
            ledger.add(pid, D1, "dipanggil")
            ledger.summoned.add(pid)
    # day 2: the moved people come, a failed person of day 1 comes back, a walk-in, an
    # arrival undone, and an outreach visit that records on the spot
    wall(D2)
    d2 = groups[D2]
    for pid in d2[:5]:
        serve(pid, D2, ("hadir", None), ("terekam", None))
    serve(d2[-1], D2, ("hadir", None), ("terekam", None))  # a moved person
    serve(d1[4], D2, ("hadir", None), ("terekam", None))  # failed on day 1, recorded now
    serve(d2[5], D2, ("hadir", None), ("gagal_rekam", "iris_lensa"))
    serve(d2[6], D2, ("hadir", None))
    undo(d2[6], D2)  # checked in by mistake: back to dipanggil, closed as a no-show
    walk_in = ids[40]
    serve(walk_in, D2, ("hadir", None), ("terekam", None))
    visited = ids[41:44]
    visit = scheduling.create_visit(city, school, D2, person_ids=visited, today=D2).visit_id
    ledger.summoned.update(visited)
    scheduling.record_visit_outcomes(city, visit, {
        visited[0]: "terekam", visited[1]: ("gagal_rekam", "sidik_jari"),
        visited[2]: "tidak_hadir"})
    ledger.add(visited[0], D2, "terekam", spot=True)
    ledger.add(visited[1], D2, "gagal_rekam", "sidik_jari", spot=True)
    ledger.add(visited[2], D2, "tidak_hadir")
    close(D2)
    # day 3: two recorded, the rest not closed yet (still called)
    wall(D3)
    d3 = groups[D3]
    for pid in d3[:2]:
        serve(pid, D3, ("hadir", None), ("terekam", None))
    # the kecamatan office 337502: a resident of its own served at its desk, and a stale
    # no-show for a person the city has already recorded (the fold overrules it)
    exchange(offices["kota"], k2, tmp_path)
    k2_people = {r[1]: r[0] for r in k2.db.execute_sql("SELECT id, nik FROM person")}
    nik_of = {r[0]: r[1] for r in city.execute_sql("SELECT id, nik FROM person")}
    own = next(p for p in ids[60:] if people[p][0] == "337502")
    desk.record(k2.db, k2_people[nik_of[own]], "hadir", today=D3, **WHO)
    desk.record(k2.db, k2_people[nik_of[own]], "terekam", today=D3, **WHO)
    ledger.add(own, D3, "hadir")
    ledger.add(own, D3, "terekam")
    recorded_at_city = [p for p in ids if people[p][0] == "337502"
                        and ledger.status(p) == "terekam"]
    if recorded_at_city:
        recorded_here = recorded_at_city[0]
    else:  # make one: a resident of 337502 recorded at the city
        recorded_here = next(p for p in ids[44:60] if people[p][0] == "337502")
        serve(recorded_here, D3, ("hadir", None), ("terekam", None))
    exchange(offices["kota"], k2, tmp_path, dt.datetime.combine(D3, dt.time(10), WIB))
    add_event(k2.db, nik_of[recorded_here], "tidak_hadir",
              dt.datetime.combine(D3, dt.time(11), WIB))
    receive(offices["kota"], send(k2, offices["kota"], tmp_path,
                                  dt.datetime.combine(D3, dt.time(12), WIB)),
            dt.datetime.combine(D3, dt.time(12), WIB))
    return ledger, people


def test_every_cell_of_the_recap_matches_the_drive_the_test_made(offices, wall, tmp_path):
    ledger, people = _known_drive(offices, wall, tmp_path)
    city = offices["kota"].db
    overruled = city.execute_sql(
        "SELECT count(*) FROM sync_conflict WHERE kind = 'status'").fetchone()[0]
    assert overruled == 1  # the stale no-show is there, and counts nowhere
    recap = reports.recap(city, date_from=D0, date_to=D3 + dt.timedelta(days=1),
                          office="all", today=D3)
    everyone = list(people)
    assert recap.totals.as_json() == _expected_figures(ledger, everyone)

    def groups_of(part) -> dict[str, list[int]]:
        found: dict[str, list[int]] = defaultdict(list)
        for pid, key in people.items():
            found[part(key)].append(pid)
        return found

    for rows, part, key in ((recap.by_kecamatan, lambda k: k[0], "kecamatan_code"),
                            (recap.by_kelurahan, lambda k: k[1], "kelurahan_code"),
                            (recap.by_category, lambda k: k[2], "category")):
        expected = groups_of(part)
        assert [g.code for g in rows] == (
            [c for c in CATEGORIES if c in expected] if key == "category" else sorted(expected))
        for group in rows:
            assert group.figures.as_json() == _expected_figures(ledger, expected[group.code])
            assert group.name and group.name != "-"
    # by office: each kecamatan to its office (all four are trusted here)
    by_kec = groups_of(lambda k: k[0])
    offices_json = {g.code: g.figures.as_json() for g in recap.by_office}
    assert offices_json == {offices[code].office_id: _expected_figures(ledger, by_kec[code])
                            for code in KECAMATAN4 if code in by_kec}
    assert [d.as_json() for d in recap.by_day] == [
        _expected_day(ledger, D0 + dt.timedelta(days=i)) for i in range(5)]
    failed = Counter(ledger.reason(p) if ledger.status(p) == "gagal_rekam" else "data_ganda"
                     for p in everyone if ledger.status(p) in ("gagal_rekam", "data_ganda"))
    assert {r.code: r.count for r in recap.failure_reasons} == dict(failed)
    assert sum(r.count for r in recap.failure_reasons) == recap.totals.failed
    assert {r.code: r.label for r in recap.failure_reasons}["sidik_jari"] == (
        "Sidik jari tidak terbaca")
    # the parts add up: every person is in exactly one of four places
    t = recap.totals
    assert t.not_served + t.attended + t.unservable + t.elsewhere == t.people
    assert t.recorded_pct == format_percent(t.recorded, t.target)


def test_projection_and_target_setting(offices, wall, tmp_path):
    ledger, people = _known_drive(offices, wall, tmp_path)
    city = offices["kota"].db
    settings.set(city, "election_date", "2026-12-31")
    settings.set(city, "report_target", 60)
    recap = reports.recap(city, date_from=D3, date_to=D3, today=D3)
    recorded = _expected_figures(ledger, list(people))["recorded"]
    assert recap.totals.target == 60 and recap.totals.recorded == recorded
    p = recap.projection
    assert p.days_left == (dt.date(2026, 12, 31) - D3).days
    # service days: every weekday on which a kantor kecamatan or Dindukcapil has hours,
    # from today to the day before polling day, holidays left out (24 Dec is cuti bersama,
    # 25 Dec Natal)
    weekdays = {r[0] for r in city.execute_sql(
        "SELECT DISTINCT h.weekday FROM location_hours h JOIN location l ON l.id = "
        "h.location_id WHERE l.active AND l.kind IN ('kecamatan', 'dindukcapil')")}
    holidays = {dt.date.fromisoformat(r[0]) for r in city.execute_sql(
        "SELECT date FROM holiday")}
    days = [D3 + dt.timedelta(days=i) for i in range((dt.date(2026, 12, 31) - D3).days)]
    left = [d for d in days if d.weekday() in weekdays and d not in holidays]
    assert dt.date(2026, 12, 25) not in left and len(left) == p.service_days_left > 0
    assert p.remaining == 60 - recorded
    assert p.pace_needed == round((60 - recorded) / len(left), 1)
    week = sum(1 for d, k, _ in ledger.events if k == "terekam" and D3 - dt.timedelta(
        days=6) <= d <= D3)
    assert p.pace_7d == round(week / 7, 1)
    import math
    assert p.done_by == D3 + dt.timedelta(days=math.ceil((60 - recorded) / (week / 7)))
    assert (p.done_by > dt.date(2026, 12, 31)) == (p.warning is not None)
    # a target already reached: done today, no warning
    settings.set(city, "report_target", recorded)
    done = reports.recap(city, date_from=D3, date_to=D3, today=D3).projection
    assert (done.remaining, done.pace_needed, done.done_by, done.warning) == (0, 0.0, D3, None)
    # nobody recorded in the last 7 days: no date, a plain warning
    later = D3 + dt.timedelta(days=20)
    settings.set(city, "report_target", 60)
    settings.set(city, "election_date", "2027-02-17")
    idle = reports.recap(city, date_from=later, date_to=later, today=later).projection
    assert idle.pace_7d == 0 and idle.done_by is None
    assert "Belum ada perekaman dalam 7 hari terakhir" in idle.warning


def test_four_offices_add_up_to_the_city(offices, wall, tmp_path):
    """Each kecamatan office serves its own residents (and the city serves some too); after
    the files go round, the city's report of everyone is the sum of the four offices'
    reports of their own people, *summoned* too: the city counts the kecamatan offices'
    calls it holds read-only (person.called, docs/domain.md "Reports")."""
    city = offices["kota"]
    for code in KECAMATAN4:
        exchange(city, offices[code], tmp_path)
    for n, code in enumerate(KECAMATAN4):
        db = offices[code].db
        ids = [r[0] for r in db.execute_sql(
            "SELECT id FROM person WHERE kecamatan_code = ? ORDER BY nik", (code,))]
        wall(D0)  # called at the office, unseen by the city till it syncs
        place = scheduling.add_location(db, "kecamatan", f"Kantor Kecamatan {code}",
                                        kecamatan_code=code).location_id
        slot = scheduling.add_slot(db, place, D1, "08:00", "12:00", deliberate=True,
                                   today=D0).slot_ids[0]
        scheduling.summon_to_slot(db, ids[:4 + n], slot, today=D0)
        wall(D1)
        for pid in ids[:3 + n]:
            desk.record(db, pid, "hadir", today=D1, **WHO)
            desk.record(db, pid, "terekam", today=D1, **WHO)
        wall(D2)
        desk.record(db, ids[-1], "hadir", today=D2, **WHO)
        desk.record(db, ids[-1], "gagal_rekam", reason="sistem", today=D2, **WHO)
        desk.undo_last(db, ids[0], today=D2, **WHO)  # an old slip found a day later
        exchange(offices[code], city, tmp_path, dt.datetime.combine(D2, dt.time(15), WIB))
    # the city serves a resident of 337503 at its own desk
    wall(D2)
    pid = city.db.execute_sql("SELECT id FROM person WHERE kecamatan_code = '337503' "
                              "AND status = 'belum_dipanggil' LIMIT 1").fetchone()[0]
    desk.record(city.db, pid, "hadir", today=D2, **WHO)
    desk.record(city.db, pid, "terekam", today=D2, **WHO)
    later = dt.datetime.combine(D2, dt.time(17), WIB)
    for code in KECAMATAN4:
        exchange(city, offices[code], tmp_path, later)
    span = {"date_from": D0, "date_to": D3, "today": D3}
    for office in offices.values():  # the counts followed every person and event synced in
        assert counts_hold(office.db)
    whole = reports.recap(city.db, office="all", **span)
    parts = [reports.recap(offices[code].db, **span) for code in KECAMATAN4]
    assert [p.scope.kecamatan_code for p in parts] == list(KECAMATAN4)
    for name in ("target", "people", "summoned", "attended", "recorded", "failed",
                 "no_show", "not_served"):
        assert getattr(whole.totals, name) == sum(getattr(p.totals, name) for p in parts), name
    assert whole.totals.recorded == sum(3 + n for n in range(4)) - 4 + 1
    assert whole.totals.summoned == sum(4 + n for n in range(4))
    # the city's own tables hold none of those calls: they are other offices' calls
    assert city.db.execute_sql("SELECT count(*) FROM summons").fetchone()[0] == 0
    summed: dict[str, dict[str, object]] = {}
    for part in parts:  # each kelurahan in one office
        summed.update({g.code: g.as_json("kelurahan_code") for g in part.by_kelurahan})
    assert {g.code: g.as_json("kelurahan_code") for g in whole.by_kelurahan} == summed
    by_day = [Counter() for _ in whole.by_day]
    for part in parts:
        for i, day in enumerate(part.by_day):
            by_day[i].update({k: v for k, v in day.as_json().items() if k != "date"})
    assert [{k: v for k, v in d.as_json().items() if k != "date"} for d in whole.by_day] == [
        {k: c[k] for k in ("summoned", "attended", "recorded", "failed", "no_show")}
        for c in by_day]
    # the city's report of one office is that office's own report
    one = reports.recap(city.db, office=offices["337502"].office_id, **span)
    assert one.totals == parts[1].totals
    assert one.by_day == parts[1].by_day


def test_bad_input_is_refused_with_a_clear_message(offices):
    city = offices["kota"].db
    with pytest.raises(UserError) as reversed_:
        reports.recap(city, date_from=D3, date_to=D1, today=D3)
    assert "sesudah tanggal akhir" in reversed_.value.message
    with pytest.raises(UserError) as unknown:
        reports.recap(city, date_from=D1, date_to=D3, office="999999-x", today=D3)
    assert "tidak dikenal" in unknown.value.message
    assert offices["337501"].office_id in unknown.value.message
