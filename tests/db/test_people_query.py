"""The people list's queries (core/people.py, core/search.py) on a real SQLite file."""

from __future__ import annotations

import json

import pytest

from ektp_desk.core import demo, people, search
from ektp_desk.core.errors import Cancelled
from ektp_desk.core.jobs import CancelToken
from ektp_desk.core.people import PeopleFilter, Sort
from ektp_desk.core.status import RECORDED
from ektp_desk.core.text import search_key

NOW = "2026-11-28T09:00:00+07:00"

# name, nik, kelurahan, status, category, birth_date, warnings
KNOWN = [
    ("MA'RUF AMIN SANTOSO", "3375011402070012", "3375011002", "hadir", "pemula",
     "2007-02-14", ["nik_tanggal_beda"]),
    ("NUR'AINI BINTI SLAMET", "3375025506060003", "3375021004", "terekam", "disabilitas",
     "2006-06-15", []),
    ("ANDRÉ SEBASTIEN", "3375030101900001", "3375031002", "belum_dipanggil", "lainnya",
     None, []),
    ("AL FIRDAUS", "3375040202020002", "3375041002", "tidak_hadir", "warga_binaan",
     "2002-02-02", ["nik_wilayah_beda", "tanggal_lahir_pengganti"]),
]


def insert(db, name, nik, kelurahan, status="belum_dipanggil", category="pemula",
           birth_date=None, warnings=(), rt="001", rw="002", nkk="3375010101200001"):
    cursor = db.execute_sql(
        "INSERT INTO person (nik, nkk, name, name_norm, birth_date, sex, address, rt, rw, "
        "kelurahan_code, kecamatan_code, category, status, warnings, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, 'L', 'JL. MERDEKA NO. 1', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (nik, nkk, name, search_key(name), birth_date, rt, rw, kelurahan, kelurahan[:6],
         category, status, json.dumps(list(warnings)), NOW, NOW))
    return cursor.lastrowid


@pytest.fixture
def filled(db):
    """300 demo people (indexed), then the KNOWN people above the index watermark."""
    demo.fill(db, 300, seed=7)
    ids = {row[0]: insert(db, *row) for row in KNOWN}
    assert search.pending(db) == len(KNOWN)
    return ids


def everyone(db):
    """All rows as dicts, for checking SQL against plain Python."""
    cursor = db.execute_sql("SELECT * FROM person")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def python_order(rows, sort):
    def key(r):
        return tuple((r[t[2:]] is not None, r[t[2:]] or "") for t in people.SORT_TERMS[sort])
    return [r["id"] for r in sorted(rows, key=key, reverse=False)]


# --- filters and sorting ------------------------------------------------------------------

@pytest.mark.parametrize("field,column,value", [
    ("kecamatan", "kecamatan_code", "337502"),
    ("kelurahan", "kelurahan_code", "3375011002"),
    ("category", "category", "disabilitas"),
    ("status", "status", "hadir"),
])
def test_each_filter_keeps_exactly_the_matching_people(db, filled, field, column, value):
    rows = everyone(db)
    ids = people.ordered_ids(db, PeopleFilter(**{field: value}))
    expected = {r["id"] for r in rows if r[column] == value}
    assert expected and set(ids) == expected
    assert len(ids) == len(expected)  # no duplicates
    assert people.count(db, PeopleFilter(**{field: value})) == len(expected)


def test_filters_combine(db, filled):
    rows = everyone(db)
    flt = PeopleFilter(kecamatan="337501", category="pemula")
    expected = {r["id"] for r in rows
                if r["kecamatan_code"] == "337501" and r["category"] == "pemula"}
    assert set(people.ordered_ids(db, flt)) == expected



def test_not_recorded_keeps_everyone_whose_status_is_not_a_recorded_one(db, filled):
    rows = everyone(db)
    kelurahan = "3375021004"  # NUR'AINI (terekam) lives here
    flt = PeopleFilter(kelurahan=kelurahan, not_recorded=True)
    expected = {r["id"] for r in rows
                if r["kelurahan_code"] == kelurahan and r["status"] not in RECORDED}
    assert expected and filled["NUR'AINI BINTI SLAMET"] not in expected
    assert set(people.ordered_ids(db, flt)) == expected
    assert people.count(db, flt) == len(expected)
    everyone_left = {r["id"] for r in rows if r["status"] not in RECORDED}
    assert set(people.ordered_ids(db, PeopleFilter(not_recorded=True))) == everyone_left
    assert not PeopleFilter(not_recorded=True).is_empty

@pytest.mark.parametrize("column", people.SORT_COLUMNS)
def test_every_sort_column_ascending_and_descending(db, filled, column):
    rows = everyone(db)
    expected = python_order(rows, column)
    assert list(people.ordered_ids(db, sort=Sort(column))) == expected
    assert list(people.ordered_ids(db, sort=Sort(column, descending=True))) == expected[::-1]


def test_sort_applies_within_a_filter_and_limit_gives_the_first_rows(db, filled):
    flt = PeopleFilter(kecamatan="337503")
    full = people.ordered_ids(db, flt, Sort("birth_date"))
    assert list(people.ordered_ids(db, flt, Sort("birth_date"), limit=10)) == list(full[:10])
    rows = [r for r in everyone(db) if r["kecamatan_code"] == "337503"]
    assert list(full) == python_order(rows, "birth_date")


def test_the_whole_list_is_the_name_order(db, filled):
    ids = people.ordered_ids(db)
    assert ids.typecode == "q"
    assert len(ids) == 304 == people.count(db)
    names = [r.name for r in people.fetch_rows(db, ids).values()]
    assert len(names) == 304
    norms = [search_key(people.fetch_rows(db, [i])[i].name) for i in ids[:50]]
    assert norms == sorted(norms)


def test_unknown_sort_or_category_is_refused():
    with pytest.raises(ValueError):
        Sort("alamat")
    with pytest.raises(ValueError):
        PeopleFilter(category="pemilih")
    with pytest.raises(ValueError):
        PeopleFilter(status="rekam")


# --- NIK ----------------------------------------------------------------------------------

def test_exact_nik_lookup(db, filled):
    pid = filled["MA'RUF AMIN SANTOSO"]
    assert people.find_by_nik(db, "3375011402070012") == pid
    assert people.find_by_nik(db, "3375 0114 0207 0012") == pid  # as read off a card
    assert people.find_by_nik(db, "3375011402070013") is None
    assert people.find_by_nik(db, "337501140207") is None  # not a whole NIK


def test_nik_prefix_lookup_and_search(db, filled):
    rows = everyone(db)
    expected = sorted((r["nik"], r["id"]) for r in rows if r["nik"].startswith("33750114"))
    assert people.find_by_nik_prefix(db, "3375.0114", limit=None) == [i for _, i in expected]
    found = people.ordered_ids(db, PeopleFilter(search="3375 0114"))
    assert set(found) == {i for _, i in expected}
    whole = people.ordered_ids(db, PeopleFilter(search="3375011402070012"))
    assert list(whole) == [filled["MA'RUF AMIN SANTOSO"]]
    assert list(people.ordered_ids(db, PeopleFilter(search="33750114020700120"))) == []


# --- names --------------------------------------------------------------------------------

def python_search(rows, text):
    """The meaning of a name search, spelled out plainly."""
    words = search_key(text).split()
    long_words = [w for w in words if len(w) >= 3]
    if not long_words:
        return {r["id"] for r in rows if r["name_norm"].startswith(search_key(text))}
    found = set()
    for r in rows:
        norm = r["name_norm"]
        if all(w in norm for w in long_words) and all(
                (" " + norm).find(" " + w) >= 0 for w in words if len(w) < 3):
            found.add(r["id"])
    return found


QUERIES = ["santoso", "ma'ruf", "Maruf", "aini", "ruf ami", "andre", "André", "SEBAST",
           "binti slamet", "al firdaus", "firdaus al", "budi", "siti", "wati", "al", "n",
           "si", "m yusuf", "zzz", "a b"]


@pytest.mark.parametrize("text", QUERIES)
def test_name_search_matches_any_part_index_or_not(db, filled, text):
    """Rows above the watermark are found by the LIKE scan, the rest by the index; after
    indexing everything, the answer is the same."""
    rows = everyone(db)
    expected = python_search(rows, text)
    before = people.ordered_ids(db, PeopleFilter(search=text))
    assert set(before) == expected
    assert len(before) == len(expected)
    search.index_pending(db)
    assert search.pending(db) == 0
    after = people.ordered_ids(db, PeopleFilter(search=text))
    assert list(after) == list(before)


def test_known_names_found_both_above_and_below_the_watermark(db, filled):
    santoso = filled["MA'RUF AMIN SANTOSO"]
    assert santoso in people.ordered_ids(db, PeopleFilter(search="ruf"))  # LIKE part
    search.index_pending(db)
    insert(db, "BUDI MARUFI", "3375010101010001", "3375011003")  # above again
    found = people.fetch_rows(db, people.ordered_ids(db, PeopleFilter(search="maruf")))
    names = {row.name for row in found.values()}
    assert {"MA'RUF AMIN SANTOSO", "BUDI MARUFI"} <= names


def test_search_combines_with_filters_and_sort(db, filled):
    search.index_pending(db)
    rows = everyone(db)
    hits = python_search(rows, "a")  # prefix
    flt = PeopleFilter(search="a", kecamatan="337503")
    expected = [i for i in python_order(rows, "nik") if i in hits
                and next(r for r in rows if r["id"] == i)["kecamatan_code"] == "337503"]
    assert list(people.ordered_ids(db, flt, Sort("nik"))) == expected


def test_blank_search_is_no_search(db, filled):
    assert len(people.ordered_ids(db, PeopleFilter(search="  "))) == 304
    assert len(people.ordered_ids(db, PeopleFilter(search="'"))) == 304


# --- rows, streaming, detail --------------------------------------------------------------

def test_fetch_rows_gives_the_list_fields(db, filled):
    pid = filled["AL FIRDAUS"]
    row = people.fetch_rows(db, [pid, 999_999])[pid]
    assert row.nik == "3375040202020002"
    assert row.kelurahan_code == "3375041002" and row.kecamatan_code == "337504"
    assert row.warnings == ("nik_wilayah_beda", "tanggal_lahir_pengganti")
    assert row.status == "tidak_hadir" and row.category == "warga_binaan"
    assert 999_999 not in people.fetch_rows(db, [pid, 999_999])


def test_fetch_rows_in_chunks_beyond_one_statement(db, filled):
    ids = people.ordered_ids(db)
    assert set(people.fetch_rows(db, ids)) == set(ids)


@pytest.mark.parametrize("flt", [
    PeopleFilter(),
    PeopleFilter(kelurahan="3375011002"),
    PeopleFilter(search="santoso"),
    PeopleFilter(search="si"),
    PeopleFilter(search="3375 01"),
    PeopleFilter(search="3375011402070012"),
    PeopleFilter(search="a", category="pemula", kecamatan="337502"),
])
def test_keyset_iteration_is_every_match_in_id_order(db, filled, flt):
    expected = sorted(people.ordered_ids(db, flt))
    for batch in (7, 1000):
        got = [row.id for row in people.iter_rows(db, flt, batch=batch)]
        assert got == expected


def test_keyset_iteration_reads_one_batch_at_a_time(db, filled):
    rows = people.iter_rows(db, batch=50)
    first = next(rows)
    # a generator: nothing beyond the first batch has been read yet
    assert first.id == min(people.ordered_ids(db))


def test_person_detail_has_everything(db, filled):
    pid = filled["MA'RUF AMIN SANTOSO"]
    batch = db.execute_sql(
        "INSERT INTO import_batch (file_name, sha256, rows, inserted, updated, unchanged, "
        "rejected, duplicates, warnings, imported_at, imported_by) "
        "VALUES ('dpt.xlsx', 'ab', 1, 1, 0, 0, 0, 0, 1, ?, 'petugas')", (NOW,)).lastrowid
    db.execute_sql("UPDATE person SET first_import_id = ?, last_import_id = ? WHERE id = ?",
                   (batch, batch, pid))
    for kind, reason in (("dipanggil", None), ("hadir", None), ("gagal_rekam", "sidik jari")):
        db.execute_sql("INSERT INTO event (person_id, kind, reason, at, by_user) "
                       "VALUES (?, ?, ?, ?, 'rina')", (pid, kind, reason, NOW))
    detail = people.person_detail(db, pid)
    assert detail is not None
    assert detail.name == "MA'RUF AMIN SANTOSO" and detail.nik == "3375011402070012"
    assert detail.kelurahan_name == "Medono" and detail.kecamatan_name == "Pekalongan Barat"
    assert detail.status_label == "Hadir" and detail.category_label == "Pemilih pemula"
    assert detail.first_import is not None and detail.first_import.file_name == "dpt.xlsx"
    assert [e.label for e in detail.events] == ["Dipanggil", "Hadir", "Gagal rekam"]
    assert detail.events[-1].reason == "sidik jari"
    assert detail.warning_texts == ["Tanggal lahir berbeda dengan tanggal di NIK"]
    assert people.person_detail(db, 999_999) is None


# --- cancelling, formats ------------------------------------------------------------------

def test_a_cancelled_query_raises_cancelled(db, filled):
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        people.ordered_ids(db, PeopleFilter(search="a"), cancel=token)
    # the connection is usable afterwards, without the handler
    assert len(people.ordered_ids(db, PeopleFilter(search="a"))) > 0


def test_formats():
    assert people.mask_nkk("3375010101200001") == "3375 01•• •••• ••••"
    assert people.mask_nkk(None) == ""
    assert people.format_date("2007-02-14") == "14-02-2007"
    assert people.format_date(None) == ""
    assert people.format_date("14/2/07") == "14/2/07"
    assert people.format_count(1_000_000) == "1.000.000"
    assert people.format_count(12) == "12"
