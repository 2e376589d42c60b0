"""USB sync between a city office and kecamatan offices (docs/architecture.md, "Sync files")."""

from __future__ import annotations

import datetime as dt
import json
import struct
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ektp_desk.core.errors import UserError
from ektp_desk.core.status import folds
from ektp_desk.core.sync import envelope, export, office, records, review, status
from ektp_desk.core.sync import hlc as hlc_mod
from tests.sync_helpers import (
    NOW,
    PASS,
    add_event,
    build,
    copy_offices,
    event_state,
    people_state,
    receive,
    resident,
    scope,
    send,
    snapshot,
    summon_at,
)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build(tmp_path_factory.mktemp("template"))


def sync_all(offs, folder: Path, rounds: int = 2) -> None:
    """Kecamatan offices to the city, the city back to each, with receipts."""
    city = offs["kota"]
    kecs = [o for name, o in offs.items() if name != "kota"]
    for _ in range(rounds):
        for kec in kecs:
            got = receive(city, send(kec, city, folder))
            receive(kec, got.receipt)
        for kec in kecs:
            got = receive(kec, send(city, kec, folder))
            receive(city, got.receipt)


def some_nik(db, n: int = 0) -> str:
    return db.execute_sql("SELECT nik FROM person ORDER BY nik LIMIT 1 OFFSET ?",
                          (n,)).fetchone()[0]


# --- the basic flows -----------------------------------------------------------------------

def test_people_and_events_travel_city_to_kecamatan_and_back(offices, tmp_path):
    city, kec = offices["kota"], offices["337501"]
    first = receive(kec, send(city, kec, tmp_path))
    mine = scope(city, kec)
    assert 0 < len(mine) < 30  # its own kecamatan's people, nobody else's
    assert first.new_people == len(mine) and first.applied == len(mine)
    assert first.receipt.exists()
    assert people_state(kec.db) == people_state(city.db, mine)
    nik = some_nik(kec.db)
    add_event(kec.db, nik, "hadir")
    add_event(kec.db, nik, "terekam")
    back = receive(city, send(kec, city, tmp_path))
    assert back.new_events == 2 and back.updated_people == 1
    assert city.db.execute_sql("SELECT status FROM person WHERE nik = ?",
                               (nik,)).fetchone()[0] == "terekam"
    assert event_state(city.db) == event_state(kec.db)


def test_file_name_and_header_say_who_what_and_how_many(offices, tmp_path):
    city, kec = offices["kota"], offices["337501"]
    path = send(city, kec, tmp_path)
    origin, recipient, rng, stamp = path.name.removesuffix(".ektpsync").split("_")
    assert (origin, recipient, rng, stamp) == (city.office_id, kec.office_id, "1-30",
                                                "20261128T020000Z")
    header = envelope.parse(path.read_bytes(), path).header
    mine = len(scope(city, kec))
    # the people of 337501 and the one signature of the city over its 30 rows
    assert header["counts"] == {"person": mine, "batch": 1} and header["rows"] == mine + 1
    assert header["created_at"] == "2026-11-28T02:00:00+00:00"
    # a lost stick leaks nothing: no NIK or name in clear anywhere in the file
    data = path.read_bytes()
    nik = some_nik(city.db)
    name = city.db.execute_sql("SELECT name FROM person WHERE nik = ?", (nik,)).fetchone()[0]
    assert nik.encode() not in data and name.encode() not in data
    assert not list(tmp_path.glob(".*.part"))


def test_a_file_imported_twice_changes_nothing_the_second_time(offices, tmp_path):
    city, kec = offices["kota"], offices["337501"]
    add_event(city.db, resident(city.db, "337501"), "dipanggil")
    path = send(city, kec, tmp_path)
    receive(kec, path)
    before = (people_state(kec.db), event_state(kec.db),
              kec.db.execute_sql("SELECT * FROM sync_item ORDER BY origin, seq").fetchall())
    again = receive(kec, path)
    assert (again.applied, again.new_people, again.updated_people, again.skipped) == (
        0, 0, 0, len(scope(city, kec)) + 1)
    after = (people_state(kec.db), event_state(kec.db),
             kec.db.execute_sql("SELECT * FROM sync_item ORDER BY origin, seq").fetchall())
    assert after == before


def test_after_a_receipt_the_next_export_is_empty_and_without_one_it_repeats(offices,
                                                                             tmp_path):
    city, kec = offices["kota"], offices["337501"]
    first = receive(kec, send(city, kec, tmp_path))
    mine = len(scope(city, kec))
    repeat = export.export(city.db, kec.office_id, tmp_path, passphrase=PASS, now=NOW)
    assert repeat.rows == mine  # no receipt yet: the next file repeats, which is safe
    assert receive(kec, repeat.file).skipped == mine
    done = receive(city, first.receipt)
    assert done.kind == "receipt" and done.acknowledged == mine
    assert export.export(city.db, kec.office_id, tmp_path, passphrase=PASS, now=NOW).rows == 0
    add_event(city.db, resident(city.db, "337501"), "dipanggil")
    # the new event, and the person's earlier rows with it (a person who just came into
    # scope needs them; the recipient skips those it holds)
    assert export.export(city.db, kec.office_id, tmp_path, passphrase=PASS, now=NOW).rows == 2
    # an old receipt imported late lowers nothing
    assert receive(city, first.receipt).acknowledged == 0


def test_status_per_office_sent_acknowledged_pending(offices, tmp_path):
    city, kec = offices["kota"], offices["337501"]
    got = receive(kec, send(city, kec, tmp_path))
    mine = len(scope(city, kec))
    add_event(city.db, resident(city.db, "337501"), "dipanggil")
    st_ = {p.office_id: p for p in status.sync_status(city.db).peers}[kec.office_id]
    assert (st_.sent, st_.acknowledged, st_.pending) == (mine, 0, mine + 1)
    assert status.sync_status(city.db).unstamped == 1
    receive(city, got.receipt)
    st_ = {p.office_id: p for p in status.sync_status(city.db).peers}[kec.office_id]
    assert (st_.acknowledged, st_.pending) == (mine, 1)  # the new event, not sent yet
    assert st_.last_receipt is not None and st_.last_export_file.endswith(".ektpsync")
    seen = {p.office_id: p for p in status.sync_status(kec.db).peers}[city.office_id]
    assert seen.last_import is not None


def test_the_city_relays_what_one_kecamatan_sent_to_the_offices_serving_the_person(
        offices, tmp_path):
    city, k1, k2, k3 = (offices[k] for k in ("kota", "337501", "337502", "337503"))
    nik = resident(city.db, "337501", 3)
    summon_at(city, nik, "337502")  # k2 serves this person of k1's kecamatan too
    for k in (k1, k2, k3):
        receive(k, send(city, k, tmp_path))
    add_event(k1.db, nik, "hadir")
    add_event(k1.db, nik, "terekam")
    receive(city, send(k1, city, tmp_path))
    got = receive(k2, send(city, k2, tmp_path))
    assert got.new_events == 2
    assert k2.db.execute_sql("SELECT status FROM person WHERE nik = ?",
                             (nik,)).fetchone()[0] == "terekam"
    # k3 neither serves nor owns them: it is sent nothing about them
    assert receive(k3, send(city, k3, tmp_path)).applied == 0
    assert k3.db.execute_sql("SELECT count(*) FROM person WHERE nik = ?", (nik,)
                             ).fetchone()[0] == 0
    # and k1 never gets its own rows back
    again = export.export(city.db, k1.office_id, tmp_path, passphrase=PASS, now=NOW)
    header = envelope.parse(again.file.read_bytes(), again.file).header
    assert k1.office_id not in header["contents"]["origins"]


# --- conflicts ----------------------------------------------------------------------------

def test_a_recorded_person_is_not_set_back_by_a_later_no_show_from_elsewhere(offices,
                                                                             tmp_path):
    city, k1, k2 = offices["kota"], offices["337501"], offices["337502"]
    nik = resident(city.db, "337501", 1)
    summon_at(city, nik, "337502")  # called to k2's office too (a second call)
    receive(k1, send(city, k1, tmp_path))
    receive(k2, send(city, k2, tmp_path))
    add_event(k1.db, nik, "hadir", NOW)
    add_event(k1.db, nik, "terekam", NOW)
    later = NOW + dt.timedelta(days=1)
    add_event(k2.db, nik, "dipanggil", later)
    add_event(k2.db, nik, "tidak_hadir", later)  # k2 did not know k1 had recorded them
    receive(city, send(k1, city, tmp_path, later))
    receive(city, send(k2, city, tmp_path, later))
    sync_all(offices, tmp_path)
    for item in (city, k1, k2):
        assert item.db.execute_sql("SELECT status FROM person WHERE nik = ?",
                                   (nik,)).fetchone()[0] == "terekam", item.name
    listed = review.conflicts(city.db)
    assert {(c.nik, c.kind, c.differences[0].overruled) for c in listed} >= {
        (nik, "status", "Tidak hadir")}
    # the overruled events stay in the history (beside the city's own "dipanggil")
    assert city.db.execute_sql("SELECT count(*) FROM event e JOIN person p ON p.id = "
                               "e.person_id WHERE p.nik = ?", (nik,)).fetchone()[0] == 5


def test_person_changed_at_two_offices_owner_wins_everywhere(offices, tmp_path):
    city, k1, k2 = offices["kota"], offices["337501"], offices["337502"]
    nik = resident(city.db, "337501")
    summon_at(city, nik, "337502")
    for k in (k1, k2):
        receive(k, send(city, k, tmp_path))
    # k2 edits later by the clock, but k1 is the person's kecamatan office
    k1.db.execute_sql("UPDATE person SET address = 'JL. PEMILIK 1' WHERE nik = ?", (nik,))
    receive(city, send(k1, city, tmp_path, NOW))
    k2.db.execute_sql("UPDATE person SET address = 'JL. TAMU 2' WHERE nik = ?", (nik,))
    receive(city, send(k2, city, tmp_path, NOW + dt.timedelta(hours=2)))
    sync_all(offices, tmp_path)
    for item in (city, k1, k2):
        assert item.db.execute_sql("SELECT address FROM person WHERE nik = ?",
                                   (nik,)).fetchone()[0] == "JL. PEMILIK 1", item.name
    kinds = {(c.nik, c.kind, c.loser) for c in review.conflicts(city.db)}
    assert (nik, "person", f"Kecamatan 337502 ({k2.office_id})") in kinds
    # the overruled version stays in the history
    assert city.db.execute_sql("SELECT count(*) FROM sync_item WHERE kind = 'person' AND "
                               "key = ?", (nik,)).fetchone()[0] == 3


def test_a_later_edit_that_saw_the_other_replaces_it_without_conflict(offices, tmp_path):
    city, k1 = offices["kota"], offices["337501"]
    receive(k1, send(city, k1, tmp_path))
    nik = resident(city.db, "337501", 2)
    k1.db.execute_sql("UPDATE person SET address = 'JL. SATU' WHERE nik = ?", (nik,))
    receive(city, send(k1, city, tmp_path))
    city.db.execute_sql("UPDATE person SET address = 'JL. KOREKSI KOTA' WHERE nik = ?", (nik,))
    receive(k1, send(city, k1, tmp_path, NOW + dt.timedelta(minutes=5)))
    assert k1.db.execute_sql("SELECT address FROM person WHERE nik = ?",
                             (nik,)).fetchone()[0] == "JL. KOREKSI KOTA"
    assert review.conflicts(k1.db) == []


def test_an_unsent_local_change_is_never_overwritten_silently(offices, tmp_path):
    city, k1 = offices["kota"], offices["337501"]
    nik = city.db.execute_sql("SELECT nik FROM person WHERE kecamatan_code != '337501' "
                              "LIMIT 1").fetchone()[0]
    summon_at(city, nik, "337501")  # a guest k1 serves
    receive(k1, send(city, k1, tmp_path))
    k1.db.execute_sql("UPDATE person SET address = 'JL. LOKAL' WHERE nik = ?", (nik,))
    city.db.execute_sql("UPDATE person SET address = 'JL. KOTA' WHERE nik = ?", (nik,))
    got = receive(k1, send(city, k1, tmp_path, NOW + dt.timedelta(hours=1)))
    assert got.conflicts == 1
    listed = review.conflicts(k1.db)
    assert listed[0].nik == nik and listed[0].local_unsent
    assert k1.db.execute_sql("SELECT count(*) FROM sync_item WHERE key = ? AND body LIKE "
                             "'%JL. LOKAL%'", (nik,)).fetchone()[0] == 1


def test_identity_reused_with_other_content_is_refused_not_overwritten(offices, tmp_path):
    city, k1 = offices["kota"], offices["337501"]
    receive(k1, send(city, k1, tmp_path))
    nik = some_nik(k1.db)
    add_event(k1.db, nik, "hadir")
    path = send(k1, city, tmp_path)
    receive(city, path)
    # k1's database restored from an old backup: seq 1 given out again for something else
    k1.db.execute_sql("DELETE FROM event")
    k1.db.execute_sql("DELETE FROM sync_batch")
    k1.db.execute_sql("UPDATE sync_origin SET last_seq = 0, applied = 0 WHERE origin = ?",
                      (k1.office_id,))
    add_event(k1.db, nik, "sudah_rekam")
    got = receive(city, send(k1, city, tmp_path))
    assert got.rejected == 1 and got.applied == 0
    assert city.db.execute_sql("SELECT kind FROM event WHERE origin = ?",
                               (k1.office_id,)).fetchall() == [("hadir",)]
    assert city.db.execute_sql("SELECT count(*) FROM sync_rejected").fetchone()[0] == 1


def test_a_row_for_a_person_not_here_yet_is_deferred_and_sent_again(offices, tmp_path):
    city, k1 = offices["kota"], offices["337501"]
    # k1 knows a person the city has not got (it was a walk-in at k1)
    receive(k1, send(city, k1, tmp_path))
    nik = some_nik(k1.db)
    add_event(k1.db, nik, "hadir")
    path = send(k1, city, tmp_path)
    city.db.execute_sql("DELETE FROM event")
    city.db.execute_sql("DELETE FROM sync_item WHERE key = ?", (nik,))
    city.db.execute_sql("DELETE FROM person WHERE nik = ?", (nik,))
    got = receive(city, path)
    assert got.deferred == 1 and got.new_events == 0


def test_wrong_clock_by_days_is_warned_about(offices, tmp_path):
    city, k1 = offices["kota"], offices["337501"]
    ahead = NOW + dt.timedelta(days=9)
    add_event(city.db, resident(city.db, "337501", 4), "dipanggil", ahead)  # clock ahead
    path = send(city, k1, tmp_path, ahead)
    got = receive(k1, path, NOW)
    assert any("9 hari" in w for w in got.warnings)
    # and the clock never goes back: later local changes still sort after what was seen
    nik = some_nik(k1.db)
    add_event(k1.db, nik, "hadir")
    back = export.export(k1.db, city.office_id, tmp_path, passphrase=PASS, now=NOW)
    assert any("tertinggal" in w for w in back.warnings)
    stamp = k1.db.execute_sql("SELECT hlc FROM event WHERE origin = ?",
                              (k1.office_id,)).fetchone()[0]
    assert stamp > k1.db.execute_sql("SELECT max(hlc) FROM event WHERE origin = ?",
                                     (city.office_id,)).fetchone()[0]


def test_hlc_never_goes_backwards_and_orders_as_text():
    c = hlc_mod.Clock()
    a = c.tick(1000)
    b = c.tick(900)  # the wall clock went back
    c.observe(hlc_mod.make(5000, 3))
    d = c.tick(1200)
    assert a < b < d and d > hlc_mod.make(5000, 3)
    assert sorted([hlc_mod.make(100, 2), hlc_mod.make(99, 7)]) == [hlc_mod.make(99, 7),
                                                                   hlc_mod.make(100, 2)]


def test_fold_is_the_same_in_any_order_and_keeps_recorded():
    evs = [records.Ev("1", "A", 1, "dipanggil"), records.Ev("2", "B", 1, "terekam"),
           records.Ev("3", "A", 2, "tidak_hadir"), records.Ev("4", "A", 3, "batal", ("A", 2))]
    status_, overruled = records.fold(evs[:3])
    assert status_ == "terekam" and [e.kind for e, _ in overruled] == ["tidak_hadir"]
    assert records.fold(list(reversed(evs)))[0] == "terekam"
    assert records.fold([records.Ev("1", "B", 1, "terekam"),
                         records.Ev("2", "B", 2, "gagal_rekam")])[0] == "gagal_rekam"


# --- offices, cards and keys -----------------------------------------------------------------

def test_office_init_refuses_bad_input_and_a_second_identity(tmp_path):
    from ektp_desk.core import db as core_db

    db = core_db.open_database(tmp_path / "x.sqlite", bind=False)
    with pytest.raises(UserError, match="6 angka"):
        office.init_office(db, kind="kecamatan", code="3375", name="X", passphrase=PASS)
    with pytest.raises(UserError, match="minimal"):
        office.init_office(db, kind="kota", code="3375", name="X", passphrase="pendek")
    made = office.init_office(db, kind="kota", code="3375", name="Dindukcapil",
                              passphrase=PASS).office
    assert made.office_id.startswith("3375-") and len(made.fingerprint) == 19
    assert db.execute_sql("SELECT value FROM meta WHERE key = 'office_id'").fetchone()[0] == \
        made.office_id
    with pytest.raises(UserError, match="sudah menjadi kantor"):
        office.init_office(db, kind="kota", code="3375", name="Lagi", passphrase=PASS)
    with pytest.raises(UserError, match="salah"):
        office.unlock(db, "bukan-sandinya")
    # the private keys are not stored in clear
    secret = db.execute_sql("SELECT secret FROM sync_office").fetchone()[0]
    keys = office.unlock(db, PASS)
    from cryptography.hazmat.primitives import serialization as s
    raw = keys.sign.private_bytes(s.Encoding.Raw, s.PrivateFormat.Raw, s.NoEncryption())
    assert office.b64(raw) not in secret and raw.hex() not in secret
    db.close()


def test_a_card_edited_on_the_way_or_with_another_fingerprint_is_not_trusted(offices,
                                                                             tmp_path):
    city, k1 = offices["kota"], offices["337501"]
    card = office.export_card(k1.db, tmp_path / "k1.card")
    data = json.loads(card.read_text())
    data["name"] = "Kantor Palsu"
    forged = tmp_path / "forged.card"
    forged.write_text(json.dumps({**data, "box_public": office.b64(b"\1" * 32)}))
    with pytest.raises(UserError, match="sidik kunci"):
        office.trust_card(city.db, forged)
    with pytest.raises(UserError, match="tidak sama"):
        office.trust_card(city.db, card, expected_fingerprint="AAAA-BBBB-CCCC-DDDD")
    got = office.trust_card(city.db, card, expected_fingerprint=office.identity(
        k1.db).fingerprint.lower())
    assert got.replaced is None
    with pytest.raises(UserError, match="sendiri"):
        office.trust_card(k1.db, card)


def test_rotated_keys_old_key_files_refused_new_accepted_after_trust(offices, tmp_path):
    city, k1 = offices["kota"], offices["337501"]
    receive(k1, send(city, k1, tmp_path))
    add_event(k1.db, some_nik(k1.db), "hadir")
    old_file = send(k1, city, tmp_path)
    office.rotate_keys(k1.db, PASS)
    add_event(k1.db, some_nik(k1.db, 1), "hadir")
    new_file = send(k1, city, tmp_path, NOW + dt.timedelta(minutes=1))
    with pytest.raises(UserError, match="tidak dikenal"):
        receive(city, new_file)  # the city has not trusted the new card yet
    result = office.trust_card(city.db, office.export_card(k1.db, tmp_path / "k1new.card"))
    assert result.replaced is not None
    before = snapshot(city.db)
    with pytest.raises(UserError, match="dipensiunkan"):
        receive(city, old_file)
    assert snapshot(city.db) == before
    assert receive(city, new_file).new_events == 2
    # a file the city made for k1's old key is refused with a clear message
    stale = tmp_path / "stale"
    office.retire_key(city.db, k1.office_id)
    with pytest.raises(UserError, match="dipensiunkan"):
        export.export(city.db, k1.office_id, stale, passphrase=PASS, now=NOW)


# --- bad files: each refused with a clear message, the database unchanged -------------------

def _damaged(path: Path, data: bytes, tmp_path: Path, name: str) -> Path:
    out = tmp_path / "bad" / name
    out.parent.mkdir(exist_ok=True)
    out.write_bytes(data)
    return out


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x10]) + data[at + 1:]


def _bad_files(good: Path, tmp_path: Path) -> list[tuple[str, Path, str]]:
    data = good.read_bytes()
    header_len = struct.unpack_from(">I", data, 10)[0]
    header_at, ct_at = 14, 14 + header_len + 8
    out = []
    for cut in (0.1, 0.5, 0.99):
        out.append((f"truncated {cut}", _damaged(good, data[:int(len(data) * cut)], tmp_path,
                                                 f"cut{cut}.ektpsync"), "terpotong"))
    for label, at in (("magic", 2), ("header length", 12), ("header", header_at + 20),
                      ("header end", ct_at - 9), ("ciphertext start", ct_at + 3),
                      ("ciphertext middle", (ct_at + len(data) - 64) // 2),
                      ("signature", len(data) - 10), ("last byte", len(data) - 1)):
        out.append((f"bit flipped in {label}", _damaged(good, _flip(data, at), tmp_path,
                                                        f"flip{at}.ektpsync"),
                    r"(?i)bukan berkas|rusak|tanda tangan|terpotong"))
    header = json.loads(data[header_at:header_at + header_len])
    header["counts"] = {"person": 999}
    edited = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    fixed = (data[:10] + struct.pack(">I", len(edited)) + edited + data[header_at + header_len:])
    out.append(("header edited", _damaged(good, fixed, tmp_path, "edited.ektpsync"),
                r"(?i)tanda tangan"))
    newer = data[:8] + struct.pack(">H", envelope.FORMAT_VERSION + 1) + data[10:]
    out.append(("newer format", _damaged(good, newer, tmp_path, "newer.ektpsync"),
                "versi 2"))
    out.append(("not a sync file", _damaged(good, b"%PDF-1.4 bukan sinkronisasi\n" * 20,
                                            tmp_path, "surat.ektpsync"), "bukan berkas"))
    out.append(("empty", _damaged(good, b"", tmp_path, "kosong.ektpsync"), "kosong"))
    return out


def test_each_bad_file_is_refused_with_a_clear_message_and_nothing_changes(offices,
                                                                           tmp_path):
    city, k1 = offices["kota"], offices["337501"]
    add_event(city.db, resident(city.db, "337501"), "dipanggil")
    good = send(city, k1, tmp_path)
    before = snapshot(k1.db)
    for label, path, message in _bad_files(good, tmp_path):
        with pytest.raises(UserError, match=message):
            receive(k1, path)
        assert snapshot(k1.db) == before, label
    assert receive(k1, good).new_people == len(scope(city, k1))  # the good one still goes in


def test_files_meant_for_another_office_or_signed_by_strangers_are_refused(offices, tmp_path):
    city, k1, k2, k3 = (offices[k] for k in ("kota", "337501", "337502", "337503"))
    for_k2 = send(city, k2, tmp_path)
    before = snapshot(k1.db)
    with pytest.raises(UserError, match="ditujukan untuk kantor"):
        receive(k1, for_k2)
    # k3 is trusted by the city but not by k1: a file k3 made for k1 is refused
    office.trust_card(k3.db, office.export_card(k1.db, tmp_path / "k1.card"))
    with pytest.raises(UserError, match="belum dipercaya"):
        receive(k1, send(k3, k1, tmp_path))
    # a stranger using the city's office id, signing with keys of its own
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    sign, box = Ed25519PrivateKey.generate(), X25519PrivateKey.generate()
    pub_s, pub_b = sign.public_key().public_bytes_raw(), box.public_key().public_bytes_raw()
    fake = office.Keys(office.OfficeInfo(city.office_id, "kota", "3375", "Palsu",
                                         office.fingerprint(city.office_id, pub_s, pub_b),
                                         pub_s, pub_b), sign, box)
    own = office.identity(k1.db)
    forged = tmp_path / "palsu.ektpsync"
    forged.write_bytes(envelope.seal(
        {"kind": "data", "counts": {}, "rows": 0, "contents": {"origins": {}}}, b"",
        sender=fake, recipient_id=own.office_id, recipient_box_public=own.box_public,
        recipient_fingerprint=own.fingerprint))
    with pytest.raises(UserError, match="tidak dikenal"):
        receive(k1, forged)
    assert snapshot(k1.db) == before
    with pytest.raises(UserError, match="sendiri"):
        receive(city, for_k2)


@pytest.mark.parametrize("row", [["e", "x"], ["i", "x", 1, "h"]])
def test_a_signed_file_with_a_row_too_short_to_read_is_refused(offices, tmp_path, row):
    city, k1 = offices["kota"], offices["337501"]
    peer = office.get_peer(city.db, k1.office_id)
    path = tmp_path / "pendek.ektpsync"
    path.write_bytes(envelope.seal(
        {"kind": "data", "counts": {"event" if row[0] == "e" else "x": 1}, "rows": 1,
         "contents": {"origins": {}}}, json.dumps(row).encode(),
        sender=office.unlock(city.db, PASS), recipient_id=k1.office_id,
        recipient_box_public=peer.box_public, recipient_fingerprint=peer.fingerprint))
    before = snapshot(k1.db)
    with pytest.raises(UserError, match="rusak"):
        receive(k1, path)
    assert snapshot(k1.db) == before


def test_a_forged_file_signed_with_another_key_under_a_trusted_id_is_refused(offices,
                                                                             tmp_path):
    city, k1 = offices["kota"], offices["337501"]
    good = send(city, k1, tmp_path)
    parsed = envelope.parse(good.read_bytes(), good)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    forged = parsed.signed + Ed25519PrivateKey.generate().sign(parsed.signed)
    path = tmp_path / "forged.ektpsync"
    path.write_bytes(forged)
    before = snapshot(k1.db)
    with pytest.raises(UserError, match=r"(?i)tanda tangan"):
        receive(k1, path)
    assert snapshot(k1.db) == before


def test_export_to_a_folder_that_cannot_be_written_is_a_clear_error(offices, tmp_path):
    city, k1 = offices["kota"], offices["337501"]
    blocked = tmp_path / "berkas"
    blocked.write_text("bukan folder")
    with pytest.raises(UserError, match="Tidak dapat menulis"):
        export.export(city.db, k1.office_id, blocked, passphrase=PASS, now=NOW)
    with pytest.raises(UserError, match="salah"):
        export.export(city.db, k1.office_id, tmp_path, passphrase="sandi-yang-salah", now=NOW)


# --- any order, duplicates and drops converge ----------------------------------------------

KINDS = ("dipanggil", "hadir", "terekam", "tidak_hadir", "gagal_rekam", "sudah_rekam",
         "ktp_dicetak")
NAMES = ("kota", "337501", "337502", "337503")

step = st.one_of(
    st.tuples(st.just("event"), st.integers(0, 3), st.integers(0, 9), st.sampled_from(KINDS)),
    st.tuples(st.just("edit"), st.integers(0, 3), st.integers(0, 9), st.integers(0, 3)),
    st.tuples(st.just("export"), st.integers(1, 3), st.booleans()),
    st.tuples(st.just("deliver"), st.integers(0, 50), st.booleans()),
)


@pytest.mark.slow
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(steps=st.lists(step, min_size=5, max_size=40))
def test_offices_exchanging_files_in_any_order_converge(template, steps):
    with tempfile.TemporaryDirectory() as folder:
        offs = copy_offices(template, Path(folder) / "db")
        files = Path(folder) / "files"
        try:
            _run(offs, steps, files)
            sync_all(offs, files, rounds=2)
            city = offs["kota"]
            assert len(people_state(city.db)) == 30
            for name, item in offs.items():
                if name == "kota":
                    continue
                # each kecamatan office holds exactly the city's view of its people
                mine = scope(city, item)
                assert people_state(item.db) == people_state(city.db, mine), name
                assert event_state(item.db) == event_state(city.db, mine), name
        finally:
            for item in offs.values():
                item.db.close()


def _run(offs, steps, files: Path) -> None:
    city = offs["kota"]
    in_flight: list[tuple[str, Path]] = []  # (recipient name, file)
    clock = NOW
    for item in steps:
        clock += dt.timedelta(minutes=7)
        kind = item[0]
        if kind in ("event", "edit"):
            where = offs[NAMES[item[1]]]
            count = where.db.execute_sql("SELECT count(*) FROM person").fetchone()[0]
            if not count:
                continue
            nik = some_nik(where.db, item[2] % count)
            if kind == "event":
                add_event(where.db, nik, item[3], clock)
            else:
                where.db.execute_sql("UPDATE person SET address = ? WHERE nik = ?",
                                     (f"JL. {NAMES[item[1]]} {item[3]}", nik))
        elif kind == "export":
            kec = offs[NAMES[item[1]]]
            src, dst = (city, kec) if item[2] else (kec, city)
            in_flight.append((dst.name, send(src, dst, files, clock)))
        elif in_flight:
            name, path = in_flight[item[1] % len(in_flight)]
            if not item[2]:  # delivered once (else: left in flight, may come again)
                in_flight.remove((name, path))
            got = receive(offs[name], path, clock)
            if got.kind == "data":  # (a receipt stamps nothing)
                assert_general_paths_agree(offs[name].db)
            if got.receipt is not None and item[1] % 3:  # some receipts are lost
                sender = next(n for n, o in offs.items() if o.office_id == got.origin)
                in_flight.append((sender, got.receipt))


def assert_general_paths_agree(db) -> None:
    """After a data import (everything stamped), what its fast paths left equals what the
    general paths give: every person row shows records.choose over all the versions known
    here, and every cached status is the fold of all the person's events (status.folds)."""
    for nik, versions in records.load_versions(db.connection(), [
            r[0] for r in db.execute_sql("SELECT nik FROM person")]).items():
        winner, _ = records.choose(versions)
        row = db.execute_sql(f"SELECT {', '.join(records.PERSON_FIELDS)}, origin, origin_seq "
                             "FROM person WHERE nik = ?", (nik,)).fetchone()
        assert (tuple(row[:-2]), tuple(row[-2:])) == (winner.fields, winner.ident), nik
    ids = [r[0] for r in db.execute_sql("SELECT id FROM person")]
    for folded in folds(db.connection(), ids):
        assert folded.cached == folded.status, folded.nik
