"""The front desk on real SQLite files: check-in by letter code and by NIK, outcomes and
the transition table, undo and history, today's list and queue numbers, walk-ins, closing
the day, and every bad input (a clear message, nothing changed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import peewee as pw
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ektp_desk.core import clock, demo, desk, desk_rules, scheduling
from ektp_desk.core.errors import UserError
from ektp_desk.core.letters import numbering
from ektp_desk.core.status import fold_ordered

DAY = dt.date(2026, 11, 30)  # a Senin
NEXT = dt.date(2026, 12, 1)
WHO = {"desk": "Meja 1", "user": "ani"}
TABLES = ("person", "event", "desk_event", "summons", "slot", "letter", "audit_log")


def issue_letters(db: pw.Database, person_ids: list[int]) -> dict[int, str]:
    """Register a letter for each person's open summons; returns person id → QR code."""
    rows = db.execute_sql(
        "SELECT id, person_id, round FROM summons WHERE state = 'open' AND person_id IN "
        f"({','.join(map(str, person_ids))})").fetchall()
    with db.atomic():
        first = numbering.take_serials(db, 2026, len(rows))
        codes = {pid: numbering.new_code() for _, pid, _ in rows}
        numbering.register_letters(db, [
            {"number": f"471.13/{first + i}/2026", "year": 2026, "serial": first + i,
             "code": codes[pid], "summons_id": sid, "person_id": pid, "round": rnd,
             "letter_date": "2026-11-20"} for i, (sid, pid, rnd) in enumerate(rows)],
            issued_at=clock.timestamp(), by="ani")
    return codes


class Drive:
    """Thirty people; the first ten summoned to 08.00 on DAY at Kecamatan Pekalongan
    Barat with a registered letter each, the next five to DAY + 1 without letters."""

    def __init__(self, db: pw.Database) -> None:
        self.db = db
        demo.fill(db, 30, seed=5)
        self.ids = [r[0] for r in db.execute_sql("SELECT id FROM person ORDER BY id")]
        self.slot = scheduling.add_slot(db, 1, DAY, "08:00", "10:00", capacity=20,
                                        today=DAY).slot_ids[0]
        self.next_slot = scheduling.add_slot(db, 1, NEXT, "08:00", "10:00", capacity=20,
                                             today=DAY).slot_ids[0]
        scheduling.summon_to_slot(db, self.ids[:10], self.slot, today=DAY)
        scheduling.summon_to_slot(db, self.ids[10:15], self.next_slot, today=DAY)
        self.codes = self.letters(self.ids[:10])

    def letters(self, person_ids: list[int]) -> dict[int, str]:
        return issue_letters(self.db, person_ids)

    def nik(self, person_id: int) -> str:
        return self.db.execute_sql("SELECT nik FROM person WHERE id = ?",
                                   (person_id,)).fetchone()[0]

    def status(self, person_id: int) -> str:
        return self.db.execute_sql("SELECT status FROM person WHERE id = ?",
                                   (person_id,)).fetchone()[0]

    def snapshot(self) -> dict[str, list[tuple]]:
        return {t: sorted(self.db.execute_sql(f"SELECT * FROM {t}").fetchall(), key=repr)
                for t in TABLES}


@pytest.fixture
def drive(db: pw.Database) -> Iterator[Drive]:
    yield Drive(db)


def checkin(drive: Drive, text: str, **kw: object) -> desk.DeskResult:
    return desk.checkin(drive.db, text, today=DAY, **WHO, **kw)  # type: ignore[arg-type]


# --- check-in ------------------------------------------------------------------------------

def test_checkin_by_letter_code_gives_queue_numbers(drive: Drive) -> None:
    a, b = drive.ids[:2]
    first = checkin(drive, drive.codes[a])
    second = checkin(drive, "ektp:" + drive.codes[b].lower())  # the QR payload, any case
    assert (first.card.person_id, first.card.status, first.card.queue_number) == (a, "hadir", 1)
    assert (second.card.person_id, second.card.queue_number) == (b, 2)
    assert first.card.summons and first.card.summons["date"] == DAY.isoformat()
    assert first.card.warnings == []
    assert drive.status(a) == "hadir"
    row = drive.db.execute_sql("SELECT kind, desk, by_user FROM event WHERE id = ?",
                               (first.event_id,)).fetchone()
    assert row == ("hadir", "Meja 1", "ani")
    assert first.changes.people and first.changes.events


def test_checkin_by_nik_with_spaces(drive: Drive) -> None:
    pid = drive.ids[3]
    nik = drive.nik(pid)
    card = checkin(drive, f"{nik[:4]} {nik[4:8]}.{nik[8:]}").card
    assert card.person_id == pid and card.status == "hadir" and card.queue_number == 1


def test_lookup_reads_only_and_warns_another_day(drive: Drive) -> None:
    before = drive.snapshot()
    card = desk.lookup(drive.db, drive.nik(drive.ids[10]), today=DAY)
    assert card.status == "dipanggil" and card.queue_number is None
    assert any("bukan hari ini" in w for w in card.warnings)
    unscheduled = desk.lookup(drive.db, drive.nik(drive.ids[20]), today=DAY)
    assert unscheduled.summons is None
    assert any("tanpa jadwal" in w for w in unscheduled.warnings)
    assert drive.snapshot() == before


def test_double_scan_is_refused_with_the_queue_number(drive: Drive) -> None:
    code = drive.codes[drive.ids[0]]
    checkin(drive, code)
    before = drive.snapshot()
    with pytest.raises(UserError, match=r"sudah tercatat hadir.*nomor antrian 1"):
        checkin(drive, code)
    assert drive.snapshot() == before


def scan(drive: Drive, text: str, *, check_in: bool) -> desk.Scanned:
    return desk.scan(drive.db, text, check_in=check_in, today=DAY, **WHO)


def test_scan_without_check_in_opens_the_person_and_reads_only(drive: Drive) -> None:
    a, b = drive.ids[:2]
    before = drive.snapshot()
    by_code = scan(drive, "EKTP:" + drive.codes[a], check_in=False)
    by_nik = scan(drive, drive.nik(b), check_in=False)
    assert (by_code.card.person_id, by_code.card.status) == (a, "dipanggil")
    assert by_nik.card.person_id == b
    assert not by_code.checked_in and not by_code.changes.any
    assert not by_nik.checked_in and not by_nik.changes.any
    assert drive.snapshot() == before


def test_scan_with_check_in_marks_hadir_once(drive: Drive) -> None:
    pid = drive.ids[0]
    first = scan(drive, drive.codes[pid], check_in=True)
    assert first.checked_in and first.changes.people and first.changes.events
    assert (first.card.status, first.card.queue_number) == ("hadir", 1)
    before = drive.snapshot()
    again = scan(drive, drive.codes[pid], check_in=True)  # already hadir: only opened
    assert not again.checked_in and not again.changes.any
    assert (again.card.status, again.card.queue_number) == ("hadir", 1)
    assert drive.snapshot() == before
    desk.record(drive.db, pid, "terekam", today=DAY, **WHO)
    before = drive.snapshot()
    done = scan(drive, drive.codes[pid], check_in=True)  # done: only opened
    assert not done.checked_in and done.card.status == "terekam"
    assert drive.snapshot() == before


def test_scan_of_text_naming_nobody_gives_the_reason(drive: Drive) -> None:
    before = drive.snapshot()
    for text, match in (("hello?", "bukan kode surat"), ("AAAAAAAAAAAA", "tidak terdaftar"),
                        ("3375011302070999", "tidak ada dalam daftar")):
        for check_in in (False, True):
            with pytest.raises(UserError, match=match):
                scan(drive, text, check_in=check_in)
    assert drive.snapshot() == before


def test_outcomes_follow_the_table(drive: Drive) -> None:
    pid = drive.ids[0]
    before = drive.snapshot()
    with pytest.raises(UserError, match="tidak dapat diwakilkan"):
        desk.record(drive.db, pid, "terekam", today=DAY, **WHO)
    assert drive.snapshot() == before
    checkin(drive, drive.codes[pid])
    for bad, match in (({"status": "gagal_rekam"}, "Pilih alasan"),
                       ({"status": "gagal_rekam", "reason": "kacamata"}, "tidak dikenal"),
                       ({"status": "gagal_rekam", "reason": "lainnya"}, "keterangan"),
                       ({"status": "suket", "reason": "sistem"}, "tidak memakai alasan"),
                       ({"status": "terekam", "reason": "sistem"}, "tidak dikenal"),
                       ({"status": "gagal_rekam", "reason": "tanpa_jari"}, "tidak dikenal"),
                       ({"status": "gagal_rekam", "reason": "data_ganda"}, "tidak dikenal"),
                       ({"status": "dipanggil"}, "Jadwal"),
                       ({"status": "tidak_hadir"}, "Tutup hari"),
                       ({"status": "entah"}, "Status tidak dikenal")):
        before = drive.snapshot()
        with pytest.raises(UserError, match=match):
            desk.record(drive.db, pid, today=DAY, **WHO, **bad)  # type: ignore[arg-type]
        assert drive.snapshot() == before
    failed = desk.record(drive.db, pid, "gagal_rekam", reason="sidik_jari", today=DAY, **WHO)
    assert failed.card.status == "gagal_rekam"
    with pytest.raises(UserError, match="Hadir dulu"):
        desk.record(drive.db, pid, "terekam", today=DAY, **WHO)
    desk.record(drive.db, pid, "hadir", today=DAY, **WHO)  # checks in again: new number
    done = desk.record(drive.db, pid, "terekam", today=DAY, **WHO)
    assert done.card.status == "terekam" and done.card.queue_number == 2
    suket = desk.record(drive.db, pid, "suket", today=DAY, **WHO)
    assert suket.card.status_label == "Suket diterbitkan"
    other = drive.ids[1]
    checkin(drive, drive.codes[other])
    gone = desk.record(drive.db, other, "tidak_dapat_dilayani", reason="meninggal",
                       today=DAY, **WHO)
    assert gone.card.status == "tidak_dapat_dilayani"


def test_checkin_with_an_outcome_status(drive: Drive) -> None:
    pid = drive.ids[2]
    result = checkin(drive, drive.codes[pid], status="sudah_rekam", note="rekam di Batang")
    assert result.card.status == "sudah_rekam" and result.card.queue_number is None


# --- undo and history ----------------------------------------------------------------------

def test_undo_and_history(drive: Drive) -> None:
    a, b = drive.ids[:2]
    checkin(drive, drive.codes[a])
    desk.record(drive.db, a, "gagal_rekam", reason="lainnya", note="kabel putus", today=DAY,
                **WHO)
    undone = desk.undo_last(drive.db, a, today=DAY, **WHO)
    assert undone.card.status == "hadir" and undone.card.queue_number == 1
    undone = desk.undo_last(drive.db, a, today=DAY, **WHO)
    assert undone.card.status == "dipanggil" and undone.card.queue_number is None
    # nothing deleted: five events, two of them undone
    rows = desk.history(drive.db, a)
    assert [r.kind for r in rows] == ["dipanggil", "hadir", "gagal_rekam", "batal", "batal"]
    assert [r.undone for r in rows] == [False, True, True, False, False]
    assert rows[2].reason == "Lainnya" and rows[2].note == "kabel putus"
    assert rows[3].kind_label == "Pembatalan: Gagal rekam"
    assert rows[1].desk == "Meja 1" and rows[1].by_user == "ani"
    # the last change is now the schedule's summons: not undone at the desk
    before = drive.snapshot()
    with pytest.raises(UserError, match="Jadwal"):
        desk.undo_last(drive.db, a, today=DAY, **WHO)
    assert drive.snapshot() == before
    # an undone arrival's number is not given again
    assert checkin(drive, drive.codes[b]).card.queue_number == 2
    assert checkin(drive, drive.codes[a]).card.queue_number == 3


def test_nothing_to_undo(drive: Drive) -> None:
    pid = drive.ids[25]
    before = drive.snapshot()
    with pytest.raises(UserError, match="Tidak ada perubahan"):
        desk.undo_last(drive.db, pid, today=DAY, **WHO)
    assert drive.snapshot() == before


# --- today's list --------------------------------------------------------------------------

def test_today_list_and_counts(drive: Drive) -> None:
    a, b, c = drive.ids[:3]
    walk = drive.ids[20]  # not summoned: comes anyway
    checkin(drive, drive.codes[b])
    checkin(drive, drive.codes[a])
    desk.record(drive.db, a, "terekam", today=DAY, **WHO)
    checkin(drive, drive.nik(walk))
    checkin(drive, drive.codes[c], status="sudah_rekam")
    rows = desk.today_list(drive.db, DAY)
    assert [r.person_id for r in rows[:3]] == [b, a, walk]  # by queue number
    assert [r.queue_number for r in rows[:3]] == [1, 2, 3]
    assert len(rows) == 11  # ten scheduled + one walk-in
    assert all("••" in r.nik_masked for r in rows)
    assert {r.person_id for r in desk.today_list(drive.db, DAY, filter="waiting")} == {b, walk}
    assert {r.person_id for r in desk.today_list(drive.db, DAY, filter="done")} == {a, c}
    assert {r.person_id for r in desk.today_list(drive.db, DAY, filter="arrived")} == {
        a, b, c, walk}
    assert len(desk.today_list(drive.db, DAY, filter="scheduled")) == 10
    assert desk.today_counts(drive.db, DAY) == {"all": 11, "scheduled": 10, "arrived": 4,
                                                "waiting": 2, "done": 2}
    assert desk.today_list(drive.db, NEXT, filter="scheduled")[0].slot_start == "08:00"
    with pytest.raises(UserError, match="Saringan"):
        desk.today_list(drive.db, DAY, filter="semua")


# --- walk-ins ------------------------------------------------------------------------------

def test_walk_in_added_and_marked_hadir(drive: Drive) -> None:
    result = desk.add_walk_in(drive.db, nik="'3375 0152 0307 0009", name="nur'aini  binti ali",
                              birth_date="12-03-2007", address="Jl. Merdeka 5 RT 02/RW 03",
                              kelurahan="Medono", today=DAY, **WHO)
    card = result.card
    assert card.nik == "3375015203070009" and card.sex == "P" and card.status == "hadir"
    assert card.birth_date == "2007-03-12" and (card.rt, card.rw) == ("002", "003")
    assert card.kelurahan_name == "Medono" and card.queue_number == 1
    assert any("datang langsung" in w.lower() for w in card.warnings)
    note = drive.db.execute_sql("SELECT note, first_import_id FROM person WHERE id = ?",
                                (card.person_id,)).fetchone()
    assert note == ("datang langsung", None)
    assert desk.search(drive.db, "NUR AINI", today=DAY)[0].person_id == card.person_id


def test_walk_in_under_16_is_flagged_not_refused(drive: Drive) -> None:
    card = desk.add_walk_in(drive.db, nik="3375010101150001", name="Budi Kecil", today=DAY,
                            **WHO).card
    assert any("Belum berumur 16" in w for w in card.warnings)
    stored = drive.db.execute_sql("SELECT warnings FROM person WHERE id = ?",
                                  (card.person_id,)).fetchone()[0]
    assert "umur_di_bawah_16" in stored


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"nik": "3375011302070", "name": "A"}, "NIK tidak sah"),
    ({"nik": "3375011399070001", "name": "A"}, "NIK tidak sah"),
    ({"nik": "3.37501E+15", "name": "A"}, "NIK tidak sah"),
    ({"nik": "3375011302070001", "name": "  "}, "Nama"),
    # a birth date after the day (the desk's "today", not the machine's) or absurdly old
    ({"nik": "3375011302070001", "name": "A", "birth_date": "2099-01-01"},
     "Tanggal lahir 1 Januari 2099 belum terjadi"),
    ({"nik": "3375011302070001", "name": "A", "birth_date": "01-12-2026"}, "belum terjadi"),
    ({"nik": "3375011302070001", "name": "A", "birth_date": "1890-05-01"},
     "lebih dari 130 tahun"),
    # other scripts are refused for what they are, not as an empty name
    ({"nik": "3375011302070001", "name": "Иван Петров"}, "huruf Latin"),
    ({"nik": "3375011302070001", "name": "王小明"}, "huruf Latin"),
    ({"nik": "3375011302070001", "name": "SITI देवी"}, "huruf Latin"),
])
def test_walk_in_bad_input_changes_nothing(drive: Drive, kwargs: dict, match: str) -> None:
    before = drive.snapshot()
    with pytest.raises(UserError, match=match):
        desk.add_walk_in(drive.db, today=DAY, **WHO, **kwargs)
    assert drive.snapshot() == before


def test_walk_in_born_today_is_accepted(drive: Drive) -> None:
    card = desk.add_walk_in(drive.db, nik="3375011302070001", name="A",
                            birth_date=DAY.isoformat(), today=DAY, **WHO).card
    assert card.birth_date == DAY.isoformat() and card.status == "hadir"


def test_walk_in_of_a_listed_nik_is_refused(drive: Drive) -> None:
    before = drive.snapshot()
    with pytest.raises(UserError, match="sudah ada dalam daftar"):
        desk.add_walk_in(drive.db, nik=drive.nik(drive.ids[0]), name="Siapa", today=DAY,
                         **WHO)
    assert drive.snapshot() == before


# --- closing the day -----------------------------------------------------------------------

def test_close_day_counts(drive: Drive) -> None:
    a, b, c = drive.ids[:3]
    checkin(drive, drive.codes[a])
    desk.record(drive.db, a, "terekam", today=DAY, **WHO)
    checkin(drive, drive.codes[b])
    desk.record(drive.db, b, "gagal_rekam", reason="sistem", today=DAY, **WHO)
    checkin(drive, drive.codes[c])
    result = desk.close_day(drive.db, DAY, today=DAY, **WHO)
    assert result.no_show == 7
    assert result.counts_by_outcome == {"terekam": 1, "gagal_rekam": 1, "hadir": 1,
                                        "tidak_hadir": 7}
    assert sum(sum(v.values()) for v in result.counts_by_kelurahan.values()) == 10
    assert drive.status(drive.ids[5]) == "tidak_hadir"
    assert desk.lookup(drive.db, drive.nik(drive.ids[5]), today=DAY).attempts == 1
    assert desk.close_day(drive.db, DAY, today=DAY, **WHO).no_show == 0
    # a no-show's old letter still finds them, with a warning
    late = desk.lookup(drive.db, drive.codes[drive.ids[5]], today=NEXT)
    assert any("sudah ditutup" in w for w in late.warnings)
    with pytest.raises(UserError, match="belum tiba"):
        desk.close_day(drive.db, NEXT, today=DAY, **WHO)


# --- bad input -----------------------------------------------------------------------------

def test_bad_input_is_clear_and_changes_nothing(drive: Drive) -> None:
    cancelled = drive.ids[4]
    old_code = drive.codes[cancelled]
    # the slot is cancelled without relocation; the person is then summoned to another day
    slot = scheduling.add_slot(drive.db, 2, DAY, "11:00", "12:00", capacity=5,
                               today=DAY).slot_ids[0]
    scheduling.move_people(drive.db, [cancelled], slot, today=DAY)
    scheduling.cancel_slot(drive.db, slot, relocate=False, today=DAY)
    scheduling.summon_to_slot(drive.db, [cancelled], drive.next_slot, today=DAY)
    unlisted = "3375011302070999"
    cases = [
        ("", "Ketik NIK"),
        ("EKTP:", "bukan kode surat"),
        ("hello?", "bukan kode surat"),
        ("AAAAAAAAAAAA", "tidak terdaftar"),
        ("EKTP:BBBBBBBBBBBB", "tidak terdaftar"),
        ("33750113020", "16 angka"),
        ("3375011399070001", "tidak sah"),
        (unlisted, "tidak ada dalam daftar"),
        (old_code, "dibatalkan. Panggilan yang berlaku: Selasa, 1 Desember 2026 pukul 08.00"),
    ]
    for text, match in cases:
        before = drive.snapshot()
        for call in (lambda t: desk.lookup(drive.db, t, today=DAY),
                     lambda t: checkin(drive, t)):
            with pytest.raises(UserError, match=match):
                call(text)
        assert drive.snapshot() == before, text
    with pytest.raises(UserError, match="tidak ada"):
        desk.record(drive.db, 999_999, "hadir", today=DAY, **WHO)


def test_moved_summons_letter_finds_the_new_session(drive: Drive) -> None:
    pid = drive.ids[6]
    scheduling.move_people(drive.db, [pid], drive.next_slot, today=DAY)
    card = desk.lookup(drive.db, drive.codes[pid], today=DAY)
    assert card.person_id == pid and card.summons and card.summons["date"] == NEXT.isoformat()
    assert any("bukan hari ini" in w for w in card.warnings)


def test_search_by_nik_prefix_and_name(drive: Drive) -> None:
    nik = drive.nik(drive.ids[0])
    found = desk.search(drive.db, nik[:10], today=DAY)
    assert drive.ids[0] in [c.person_id for c in found]
    name = drive.db.execute_sql("SELECT name FROM person WHERE id = ?",
                                (drive.ids[0],)).fetchone()[0]
    assert drive.ids[0] in [c.person_id for c in desk.search(drive.db, name, today=DAY)]
    assert desk.search(drive.db, "  ") == []


# --- the state machine against the database ------------------------------------------------

OPS = st.lists(st.tuples(st.integers(0, 3), st.sampled_from(
    [*sorted(desk_rules.DESK_KINDS), "undo"])), max_size=25)


def fold_of(db, person_id: int) -> str:
    """The fold of a person's events, all this office's and unstamped (id order)."""
    return fold_ordered(db.execute_sql(
        "SELECT id, kind, '', undoes FROM event WHERE person_id = ? ORDER BY id",
        (person_id,)).fetchall())[0]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=OPS)
def test_cached_status_is_always_the_fold(drive: Drive, ops: list[tuple[int, str]]) -> None:
    people = drive.ids[:4]
    for index, kind in ops:
        pid = people[index]
        before = drive.snapshot()
        try:
            if kind == "undo":
                desk.undo_last(drive.db, pid, today=DAY, **WHO)
            else:
                reason = {"gagal_rekam": "sistem", "tidak_dapat_dilayani": "meninggal",
                          "dirujuk": "pindah", "rekam_luar_daerah": "luar_kota"}.get(kind)
                desk.record(drive.db, pid, kind, reason=reason, note="Batang", today=DAY,
                            **WHO)
        except UserError:
            assert drive.snapshot() == before  # refused: nothing changed
        for p in people:
            assert drive.status(p) == fold_of(drive.db, p)
    # and a full recomputation from the events agrees with the cache
    cached = drive.db.execute_sql("SELECT id, status FROM person ORDER BY id").fetchall()
    with drive.db.atomic():
        desk.refold_status(drive.db, drive.ids)
    assert drive.db.execute_sql("SELECT id, status FROM person ORDER BY id").fetchall() == cached


def test_a_letter_from_another_office_is_served_with_a_note(tmp_path) -> None:
    """Summoned by the kecamatan, the person comes to Dindukcapil with the letter: the
    city's desk knows the letter from the sync file and serves them."""
    from tests.sync_helpers import build, exchange

    offices = build(tmp_path / "offices", people=6, kecamatan=("337501",))
    city, kec = offices["kota"], offices["337501"]
    try:
        exchange(city, kec, tmp_path)
        pid = kec.db.execute_sql("SELECT id FROM person ORDER BY id LIMIT 1").fetchone()[0]
        slot = scheduling.add_slot(kec.db, 1, DAY, "08:00", "10:00", capacity=5,
                                   today=DAY).slot_ids[0]
        scheduling.summon_to_slot(kec.db, [pid], slot, today=DAY)
        code = issue_letters(kec.db, [pid])[pid]
        number = kec.db.execute_sql("SELECT number FROM letter").fetchone()[0]
        exchange(kec, city, tmp_path)

        done = desk.checkin(city.db, f"EKTP:{code}", today=DAY, **WHO)
        nik = kec.db.execute_sql("SELECT nik FROM person WHERE id = ?", (pid,)).fetchone()[0]
        assert done.card.nik == nik and done.card.status == "hadir"
        assert f"Surat {number} diterbitkan oleh Kecamatan 337501" in " ".join(
            done.card.warnings)
        with pytest.raises(UserError, match="tidak terdaftar"):
            desk.checkin(city.db, "ABCDEFGHJKLM", today=DAY, **WHO)
    finally:
        for item in offices.values():
            item.db.close()
