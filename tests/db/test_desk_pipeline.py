"""The recording pipeline at the desk on real SQLite files: the age rules (recording from
16, the card from 17 or marriage), data ganda and its clarification, a recording without
fingers, referrals, blank cards running out, and closing the day's preview and recap
(docs/domain.md, "Statuses at the desk")."""

from __future__ import annotations

import datetime as dt

import peewee as pw
import pytest

from ektp_desk.core import desk
from ektp_desk.core.errors import UserError
from tests.db.test_desk import DAY, WHO, Drive, checkin


@pytest.fixture
def drive(db: pw.Database) -> Drive:
    return Drive(db)


def young(db: pw.Database, person_id: int, birth: str, marital: str = "B") -> None:
    """Give a demo person another birth date and marital status."""
    db.execute_sql("UPDATE person SET birth_date = ?, marital = ? WHERE id = ?",
                   (birth, marital, person_id))


def record(drive: Drive, pid: int, status: str, **kw: object) -> desk.DeskResult:
    return desk.record(drive.db, pid, status, today=DAY, **WHO, **kw)  # type: ignore[arg-type]


def refused(drive: Drive, match: str, pid: int, status: str, **kw: object) -> None:
    before = drive.snapshot()
    with pytest.raises(UserError, match=match):
        record(drive, pid, status, **kw)
    assert drive.snapshot() == before


def test_a_15_year_old_comes_but_is_not_recorded(drive: Drive) -> None:
    pid = drive.ids[0]
    young(drive.db, pid, "2011-03-01")  # 15 on DAY (30 November 2026)
    card = checkin(drive, drive.codes[pid]).card
    assert card.status == "hadir" and any("Belum berumur 16" in w for w in card.warnings)
    for status in ("terekam", "gagal_rekam", "data_ganda"):
        refused(drive, r"berumur 15 tahun: perekaman KTP-el baru boleh mulai umur 16 "
                       r"tahun \(1 Maret 2027\)", pid, status,
                **({"reason": "sistem"} if status == "gagal_rekam" else {}))
    assert drive.status(pid) == "hadir"


def test_a_walk_in_of_15_is_added_but_not_recorded(drive: Drive) -> None:
    card = desk.add_walk_in(drive.db, nik="3375010303110001", name="Budi Muda", today=DAY,
                            **WHO).card
    assert card.status == "hadir"
    refused(drive, "mulai umur 16", card.person_id, "terekam")


def test_a_16_year_old_waits_for_17_unless_married(drive: Drive) -> None:
    a, b = drive.ids[:2]
    young(drive.db, a, "2010-01-10")  # 16 on DAY, 17 on 10 January 2027
    young(drive.db, b, "2010-01-10", marital="S")
    for pid in (a, b):
        checkin(drive, drive.codes[pid])
        assert record(drive, pid, "terekam").card.status == "terekam"
    refused(drive, r"belum kawin: KTP-el dicetak dan diserahkan mulai umur 17 tahun "
                   r"\(10 Januari 2027\)\. Catat Menunggu usia 17", a, "ktp_dicetak")
    refused(drive, "mulai umur 17", a, "menunggu_blangko")
    waiting = record(drive, a, "menunggu_17").card
    assert waiting.status == "menunggu_17" and waiting.status_label == "Menunggu usia 17"
    refused(drive, "mulai umur 17", a, "ktp_dicetak")
    # on the seventeenth birthday the card is printed
    printed = desk.record(drive.db, a, "ktp_dicetak", today=dt.date(2027, 1, 10), **WHO)
    assert printed.card.status == "ktp_dicetak"
    # married: no waiting, the card at once
    refused(drive, "sudah/pernah kawin: tidak perlu menunggu usia 17", b, "menunggu_17")
    assert record(drive, b, "ktp_dicetak").card.status == "ktp_dicetak"
    assert record(drive, b, "ktp_diterima").card.status == "ktp_diterima"


def test_an_adult_need_not_wait_for_17(drive: Drive) -> None:
    pid = drive.ids[0]
    checkin(drive, drive.codes[pid], status="sudah_rekam")
    refused(drive, "tidak perlu menunggu usia 17", pid, "menunggu_17")


def test_data_ganda_is_clarified_before_a_new_recording(drive: Drive) -> None:
    pid = drive.ids[0]
    checkin(drive, drive.codes[pid])
    assert record(drive, pid, "data_ganda").card.status_label == "Data ganda"
    for status in ("terekam", "gagal_rekam", "hadir", "ktp_dicetak"):
        refused(drive, "Data ganda tidak direkam ulang: klarifikasi dulu", pid, status,
                **({"reason": "sistem"} if status == "gagal_rekam" else {}))
    assert record(drive, pid, "klarifikasi_selesai").card.status == "klarifikasi_selesai"
    refused(drive, "Hadir dulu", pid, "terekam")  # a new recording, in person
    assert record(drive, pid, "hadir").card.queue_number == 2
    assert record(drive, pid, "terekam").card.status == "terekam"
    # central reports a duplicate after a recording; it turns out they had recorded before
    other = drive.ids[1]
    checkin(drive, drive.codes[other])
    record(drive, other, "terekam")
    record(drive, other, "data_ganda", note="hasil verifikasi pusat")
    assert record(drive, other, "sudah_rekam").card.status == "sudah_rekam"


def test_tanpa_jari_is_a_recording_not_a_failure(drive: Drive) -> None:
    pid = drive.ids[0]
    checkin(drive, drive.codes[pid])
    refused(drive, "tidak dikenal", pid, "gagal_rekam", reason="tanpa_jari")
    done = record(drive, pid, "terekam", reason="tanpa_jari")
    assert done.card.status == "terekam"
    last = desk.history(drive.db, pid)[-1]
    assert last.kind == "terekam" and last.reason == "Tanpa jari (pengecualian biometri)"


def test_moved_and_away_people_are_referred_with_the_place(drive: Drive) -> None:
    a, b, c = drive.ids[:3]
    refused(drive, "tidak dikenal", a, "tidak_dapat_dilayani", reason="pindah")
    refused(drive, "tidak dikenal", a, "tidak_dapat_dilayani", reason="luar_kota")
    refused(drive, "tuliskan tempatnya", a, "dirujuk", reason="pindah")
    refused(drive, "Pilih alasan", a, "dirujuk", note="Kab. Batang")
    referred = record(drive, a, "dirujuk", reason="pindah", note="Disdukcapil Kab. Batang")
    assert referred.card.status_label == "Dirujuk"
    away = record(drive, b, "rekam_luar_daerah", reason="luar_kota", note="Pondok Lirboyo")
    assert away.card.status_label == "Direkam di luar daerah"
    row = desk.history(drive.db, b)[-1]
    assert (row.reason, row.note) == ("Di luar kota / mondok / merantau", "Pondok Lirboyo")
    # still unservable, with the split reasons
    for reason in ("nik_tidak_ada_siak", "tidak_ditemukan_alamat"):
        refused(drive, "tidak dikenal", c, "tidak_dapat_dilayani", reason="tidak_ditemukan")
        assert record(drive, c, "tidak_dapat_dilayani", reason=reason).card.status == \
            "tidak_dapat_dilayani"
        desk.undo_last(drive.db, c, today=DAY, **WHO)
    # a referred person who comes back after all is served here
    assert record(drive, a, "hadir").card.status == "hadir"
    # they are done for the day, not waiting, and are counted apart
    counts, _ = desk.day_counts(drive.db, DAY)
    assert counts["rekam_luar_daerah"] == 1 and counts["hadir"] == 1


def test_blank_cards_run_out(drive: Drive) -> None:
    pid = drive.ids[0]
    checkin(drive, drive.codes[pid])
    record(drive, pid, "terekam")
    assert record(drive, pid, "menunggu_blangko").card.status_label == "Menunggu blangko"
    assert record(drive, pid, "suket").card.status == "suket"
    assert record(drive, pid, "ktp_dicetak").card.status == "ktp_dicetak"


def test_the_recap_counts_the_new_states_apart(drive: Drive) -> None:
    a, b, c = drive.ids[:3]
    young(drive.db, a, "2010-01-10")
    for pid in (a, b, c):
        checkin(drive, drive.codes[pid])
    record(drive, a, "terekam")
    record(drive, a, "menunggu_17")
    record(drive, b, "data_ganda")
    assert {r.person_id for r in desk.today_list(drive.db, DAY, filter="done")} == {a, b}
    result = desk.close_day(drive.db, DAY, today=DAY, **WHO)
    assert result.counts_by_outcome == {"menunggu_17": 1, "data_ganda": 1, "hadir": 1,
                                        "tidak_hadir": 7}


def test_close_day_preview_and_the_waiting_flag(drive: Drive) -> None:
    a, b = drive.ids[:2]
    checkin(drive, drive.codes[a])
    checkin(drive, drive.codes[b])
    record(drive, b, "terekam")
    before = drive.snapshot()
    preview = desk.close_day_preview(drive.db, DAY)
    assert drive.snapshot() == before  # reads only
    name_a = drive.db.execute_sql("SELECT name FROM person WHERE id = ?", (a,)).fetchone()[0]
    assert preview.no_show == 8 and preview.waiting == (name_a,)
    result = desk.close_day(drive.db, DAY, today=DAY, **WHO)
    assert result.no_show == preview.no_show and result.waiting == (name_a,)
    assert desk.close_day_preview(drive.db, DAY).no_show == 0


def test_a_married_16_year_old_walk_in_gets_the_card(drive: Drive) -> None:
    card = desk.add_walk_in(drive.db, nik="3375015005100002", name="Nur Kawin",
                            marital="KAWIN", address="Jl. Sawo 2", kelurahan="Medono",
                            today=DAY, **WHO).card
    assert card.marital == "S"  # 16 on DAY (born 10 May 2010)
    record(drive, card.person_id, "terekam")
    assert record(drive, card.person_id, "ktp_dicetak").card.status == "ktp_dicetak"
    before = drive.snapshot()
    with pytest.raises(UserError, match="Status perkawinan 'entah' tidak dikenal"):
        desk.add_walk_in(drive.db, nik="3375015005100003", name="X", marital="entah",
                         today=DAY, **WHO)
    assert drive.snapshot() == before


def test_a_duplicate_is_called_again_only_once_cleared_up(drive: Drive) -> None:
    from ektp_desk.core import scheduling

    pid = desk.add_walk_in(drive.db, nik="3375011503000001", name="Slamet Riyadi",
                           today=DAY, **WHO).card.person_id  # no summons of their own
    record(drive, pid, "data_ganda")
    place = scheduling.add_location(drive.db, "kecamatan", "Kantor Kecamatan Uji").location_id
    later = DAY + dt.timedelta(days=7)
    slot = scheduling.add_slot(drive.db, place, later, "08:00", "12:00", deliberate=True,
                               today=DAY).slot_ids[0]
    with pytest.raises(UserError, match="tidak dapat dipanggil"):
        scheduling.summon_to_slot(drive.db, [pid], slot, today=DAY)
    record(drive, pid, "klarifikasi_selesai")
    assert scheduling.summon_to_slot(drive.db, [pid], slot, today=DAY).moved == 1
