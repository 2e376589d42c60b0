"""The cached person.status is the sync fold (HLC order, recorded people kept) at all times,
not only after a sync: a desk undo between syncs on a person who already has events from
other offices folds the same way :func:`records.fold` does."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ektp_desk.core import desk, status
from ektp_desk.core.sync import hlc as hlc_mod
from ektp_desk.core.sync import records
from tests.sync_helpers import NOW, add_event, build, receive, send, summon_at

WHO = {"desk": "Meja 1", "user": "uji"}
DAY = NOW.date()
KINDS = ("dipanggil", "hadir", "terekam", "tidak_hadir", "gagal_rekam", "sudah_rekam",
         "ktp_dicetak")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build(tmp_path_factory.mktemp("template"), people=10)  # 3+ in kecamatan 337501


def person(db, n: int = 0) -> tuple[int, str]:
    return db.execute_sql("SELECT id, nik FROM person ORDER BY nik LIMIT 1 OFFSET ?",
                          (n,)).fetchone()


def cached(db, pid: int) -> str:
    return db.execute_sql("SELECT status FROM person WHERE id = ?", (pid,)).fetchone()[0]


def sync_fold(db, pid: int) -> str:
    """records.fold of the person's events, the unstamped ones last (in id order) as this
    office's: what the next stamping makes of them."""
    own = db.execute_sql("SELECT office_id FROM sync_office").fetchone()[0]
    rows = {r[0]: r[1:] for r in db.execute_sql(
        "SELECT id, hlc, origin, origin_seq, kind, undoes FROM event WHERE person_id = ?",
        (pid,))}

    def ident(event_id: int) -> tuple[str, int]:
        _, origin, seq, _, _ = rows[event_id]
        return (origin, seq) if seq is not None else (own, 10**9 + event_id)

    return records.fold([
        records.Ev(stamp or "9" * 21, *ident(event_id), kind,
                   ident(undoes) if undoes is not None else None)
        for event_id, (stamp, _, _, kind, undoes) in rows.items()])[0]


def test_undo_after_a_foreign_no_show_keeps_the_person_recorded(offices, tmp_path):
    city, k1, k2 = offices["kota"], offices["337501"], offices["337502"]
    receive(k1, send(city, k1, tmp_path))
    pid, nik = person(k1.db)
    summon_at(city, nik, "337502")  # k2 serves them too
    receive(k2, send(city, k2, tmp_path))
    desk.record(k1.db, pid, "hadir", today=DAY, **WHO)
    desk.record(k1.db, pid, "terekam", today=DAY, **WHO)
    later = NOW + dt.timedelta(hours=3)
    add_event(k2.db, nik, "dipanggil", later)
    add_event(k2.db, nik, "tidak_hadir", later)  # k2 did not know k1 had recorded them
    receive(city, send(k1, city, tmp_path))
    receive(city, send(k2, city, tmp_path, later))
    receive(k1, send(city, k1, tmp_path, later))
    assert cached(k1.db, pid) == "terekam"  # the foreign no-show was overruled
    desk.record(k1.db, pid, "ktp_dicetak", today=DAY, **WHO)
    desk.undo_last(k1.db, pid, today=DAY, **WHO)
    assert cached(k1.db, pid) == sync_fold(k1.db, pid) == "terekam"


def test_undo_folds_in_clock_order_not_arrival_order(offices, tmp_path):
    city, k1 = offices["kota"], offices["337501"]
    receive(k1, send(city, k1, tmp_path))
    pid, nik = person(k1.db, 1)
    later = NOW + dt.timedelta(hours=2)
    add_event(k1.db, nik, "hadir", later)
    to_city = send(k1, city, tmp_path, later)  # stamps the arrival at k1's (later) clock
    add_event(city.db, nik, "dipanggil", NOW)  # the city called them earlier by the clock
    receive(k1, send(city, k1, tmp_path))  # arrives after the arrival: a higher event id
    assert cached(k1.db, pid) == "hadir"
    desk.record(k1.db, pid, "terekam", today=DAY, **WHO)
    desk.undo_last(k1.db, pid, today=DAY, **WHO)
    assert cached(k1.db, pid) == sync_fold(k1.db, pid) == "hadir"
    # and after the next sync both offices agree with it
    receive(city, to_city)
    receive(city, send(k1, city, tmp_path, later + dt.timedelta(minutes=1)))
    assert cached(city.db, person(city.db, 1)[0]) == "hadir"


def test_undo_takes_back_the_change_the_status_shows(offices, tmp_path):
    city, k1 = offices["kota"], offices["337501"]
    receive(k1, send(city, k1, tmp_path))
    pid, nik = person(k1.db, 2)
    desk.record(k1.db, pid, "hadir", today=DAY, **WHO)
    send(k1, city, tmp_path, NOW + dt.timedelta(hours=2))  # stamps the arrival, 11:00
    add_event(city.db, nik, "dipanggil", NOW)  # called at 09:00, arriving after
    receive(k1, send(city, k1, tmp_path))
    assert cached(k1.db, pid) == "hadir"
    desk.undo_last(k1.db, pid, today=DAY, **WHO)
    assert cached(k1.db, pid) == sync_fold(k1.db, pid) == "dipanggil"

# An event: (who wrote it: this office unstamped, this office stamped, or another office;
# its clock; its kind; the earlier event it undoes, if any).
event = st.tuples(st.sampled_from(["local", "own", "337502-bbbb", "3375-cccc"]),
                  st.integers(0, 20), st.sampled_from(KINDS), st.none() | st.integers(0, 30))


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=st.lists(event, max_size=12))
def test_the_desk_refold_is_the_sync_fold(offices, events):
    k1 = offices["337501"]
    with k1.db.atomic() as tx:
        pid = k1.db.execute_sql("INSERT INTO person (nik, name, name_norm, category, "
                                "created_at, updated_at) VALUES ('3375011111110001', 'X', "
                                "'X', 'lainnya', 'x', 'x')").lastrowid
        ids: list[int] = []
        for i, (origin, clock, kind, undoes) in enumerate(events):
            stamped = origin != "local"
            origin = k1.office_id if origin in ("local", "own") else origin
            target = ids[undoes % len(ids)] if undoes is not None and ids else None
            ids.append(k1.db.execute_sql(
                "INSERT INTO event (person_id, kind, undoes, at, by_user, origin, origin_seq, "
                "hlc) VALUES (?, ?, ?, 'x', 'uji', ?, ?, ?)",
                (pid, "batal" if target else kind, target, origin if stamped else "",
                 i + 1 if stamped else None,
                 hlc_mod.make(clock * 1000) if stamped else None)).lastrowid)
        status.refold_status(k1.db, [pid])
        assert cached(k1.db, pid) == sync_fold(k1.db, pid)
        tx.rollback()
