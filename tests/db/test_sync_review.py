"""Conflicts for review at the city office: what was overruled, by whom, what differed;
marking them reviewed changes no data and takes them off the open list."""

from __future__ import annotations

import datetime as dt

import pytest

from ektp_desk.core.sync import review
from tests.sync_helpers import (
    NOW,
    add_event,
    build,
    exchange,
    person_conflict,
    resident,
    snapshot,
    summon_at,
)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build(tmp_path_factory.mktemp("template"), people=12,
                 kecamatan=("337501", "337502"))


def test_a_person_conflict_lists_offices_and_the_fields_that_differed(offices, tmp_path):
    city, k1, k2 = offices["kota"], offices["337501"], offices["337502"]
    nik = resident(city.db, "337501")
    summon_at(city, nik, "337502")  # k2 serves them too
    exchange(city, k1, tmp_path)
    exchange(city, k2, tmp_path)
    k1.db.execute_sql("UPDATE person SET address = 'JL. PEMILIK 1', rt = '007' WHERE nik = ?",
                      (nik,))
    k2.db.execute_sql("UPDATE person SET address = 'JL. TAMU 2' WHERE nik = ?", (nik,))
    exchange(k1, city, tmp_path)
    exchange(k2, city, tmp_path, NOW + dt.timedelta(hours=2))  # later, but not the owner

    [conflict] = review.conflicts(city.db)
    assert conflict.kind == "person" and conflict.nik == nik and conflict.name
    assert conflict.winner == f"Kecamatan 337501 ({k1.office_id})"
    assert conflict.loser == f"Kecamatan 337502 ({k2.office_id})"
    by_field = {d.field: (d.kept, d.overruled) for d in conflict.differences}
    assert by_field["address"] == ("JL. PEMILIK 1", "JL. TAMU 2")
    assert "rt" in by_field and not conflict.local_unsent
    assert "Alamat: JL. TAMU 2 → JL. PEMILIK 1" in conflict.summary()
    listed = conflict.as_json(mask=lambda n: n[:4] + "…")
    assert listed["nik"] == nik[:4] + "…" and listed["differences"]


def test_a_status_conflict_says_what_was_refused_and_what_was_kept(offices, tmp_path):
    city, k1, k2 = offices["kota"], offices["337501"], offices["337502"]
    nik = resident(city.db, "337501")
    summon_at(city, nik, "337502")  # k2 serves them too
    exchange(city, k1, tmp_path)
    exchange(city, k2, tmp_path)
    add_event(k1.db, nik, "terekam", NOW)
    add_event(k2.db, nik, "tidak_hadir", NOW + dt.timedelta(days=1))
    exchange(k1, city, tmp_path, NOW + dt.timedelta(days=1))
    exchange(k2, city, tmp_path, NOW + dt.timedelta(days=1))

    [conflict] = review.conflicts(city.db)
    assert conflict.kind == "status"
    assert conflict.differences[0].kept == "Tidak hadir (ditolak) → tetap Terekam"


def test_marking_reviewed_hides_the_conflict_and_changes_no_data(offices, tmp_path):
    city = offices["kota"]
    person_conflict(offices, tmp_path, "note", "pindah", "sakit")
    [conflict] = review.conflicts(city.db)
    data_before = [line for line in snapshot(city.db) if "sync_conflict" not in line]

    done = review.mark_reviewed(city.db, [conflict.id], by="Admin Kota", now=NOW)
    assert done.marked == 1 and "sync_conflict" in done.changes.tables
    assert review.conflicts(city.db) == []
    [shown] = review.conflicts(city.db, include_reviewed=True)
    assert (shown.reviewed_by, shown.reviewed_at) == ("Admin Kota", NOW.isoformat())
    assert [line for line in snapshot(city.db) if "sync_conflict" not in line] == data_before
    assert review.mark_reviewed(city.db, [conflict.id], by="Lain").marked == 0  # once
