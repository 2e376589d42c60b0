"""Outreach places on real SQLite files: made, edited, deactivated and reactivated, with
every bad input refused with a clear message and nothing changed."""

from __future__ import annotations

import json

import pytest

from ektp_desk.core import scheduling
from tests.db.test_scheduling import unchanged


def audit_actions(db) -> list[str]:
    return [r[0] for r in db.execute_sql("SELECT action FROM audit_log ORDER BY id")]


def test_every_kind_of_place_is_made_with_its_kelurahan_and_contact(db):
    school = scheduling.add_place(
        db, "sekolah", "SMA Negeri 1 Pekalongan", address="Jl. Kartini No. 36",
        kelurahan="Medono", contact_name="Drs. Slamet", contact_title="Kepala Sekolah",
        contact_phone="(0285) 421-123", npsn="20325123").location_id
    lapas = scheduling.add_place(db, "lapas", "Lapas Kelas IIA Pekalongan",
                                 kelurahan="3375031007", contact_title="Kalapas").location_id
    pondok = scheduling.add_place(db, "Pondok Pesantren", "PP Al-Ma'ruf",
                                  kelurahan="Soko Duwet").location_id
    home = scheduling.add_place(db, "rumah", "Rumah Bp. Darmo (tuna daksa)").location_id
    panti = scheduling.add_place(db, "panti", "Panti Wredha Abiyoso",
                                 contact_phone="+62 812 2345 6789").location_id

    place = scheduling.get_place(db, school)
    assert (place.kind, place.kelurahan_code, place.kecamatan_code) == \
        ("sekolah", "3375011002", "337501")
    assert (place.contact_name, place.contact_title, place.contact_phone, place.npsn) == \
        ("Drs. Slamet", "Kepala Sekolah", "(0285) 421-123", "20325123")
    assert scheduling.get_place(db, lapas).kind == "rutan_lapas"
    assert scheduling.get_place(db, lapas).kecamatan_code == "337503"
    assert scheduling.get_place(db, pondok).kind == "pesantren"
    assert scheduling.get_place(db, pondok).kelurahan_code == "3375041010"
    assert scheduling.get_place(db, home).kelurahan_code is None
    assert scheduling.get_place(db, panti).kind_label == "Panti"
    made = {p.id for p in scheduling.list_places(db, kinds=("sekolah", "pesantren", "rumah",
                                                            "rutan_lapas", "panti"))}
    assert made == {school, lapas, pondok, home, panti}
    assert audit_actions(db).count("tempat_tambah") == 5


def test_the_kantor_kelurahan_come_preloaded_for_their_address(db):
    offices = scheduling.list_places(db, kinds=("kelurahan",))
    assert len(offices) == 27 and all(p.address is None for p in offices)
    medono = next(p for p in offices if p.kelurahan_code == "3375011002")
    scheduling.update_place(db, medono.id, address="Jl. Medono Raya", contact_name="Lurah")
    assert scheduling.get_place(db, medono.id).address == "Jl. Medono Raya"


def test_a_place_is_edited_deactivated_and_reactivated(db):
    school = scheduling.add_place(db, "sekolah", "SMK 2", npsn="20325999").location_id
    scheduling.update_place(db, school, name="SMK Negeri 2 Pekalongan", kelurahan="Kauman",
                            contact_phone="0285 12345")
    place = scheduling.get_place(db, school)
    assert (place.name, place.kelurahan_code, place.contact_phone) == \
        ("SMK Negeri 2 Pekalongan", "3375021004", "0285 12345")
    # a kind without an NPSN, once the NPSN is cleared with it
    scheduling.update_place(db, school, kind="rumah", npsn=None)
    assert (scheduling.get_place(db, school).kind, scheduling.get_place(db, school).npsn) == \
        ("rumah", None)
    scheduling.set_place_active(db, school, False)
    assert school not in {p.id for p in scheduling.list_places(db)}
    assert school in {p.id for p in scheduling.list_places(db, include_inactive=True)}
    scheduling.set_place_active(db, school, True)
    assert scheduling.get_place(db, school).active
    actions = audit_actions(db)
    assert {"tempat_ubah", "tempat_nonaktifkan", "tempat_aktifkan"} <= set(actions)
    detail = json.loads(db.execute_sql(
        "SELECT detail FROM audit_log WHERE action = 'tempat_ubah' ORDER BY id LIMIT 1"
    ).fetchone()[0])
    assert detail["kelurahan_code"] == "3375021004"


@pytest.mark.parametrize(("call", "message_id"), [
    (lambda db, sid: scheduling.add_place(db, "pasar", "Pasar Banjarsari"), "place_bad_kind"),
    (lambda db, sid: scheduling.add_place(db, "sekolah", "  "), "sched_name_empty"),
    (lambda db, sid: scheduling.add_place(db, "sekolah", "SD 1", kelurahan="Atlantis"),
     "sched_bad_kelurahan"),
    (lambda db, sid: scheduling.add_place(db, "sekolah", "SD 1", npsn="2032512"),
     "place_bad_npsn"),
    (lambda db, sid: scheduling.add_place(db, "sekolah", "SD 1", npsn="2032512X"),
     "place_bad_npsn"),
    (lambda db, sid: scheduling.add_place(db, "rutan", "Rutan", npsn="20325123"),
     "place_npsn_kind"),
    (lambda db, sid: scheduling.add_place(db, "rumah", "Rumah", contact_phone="0812-ABC"),
     "place_bad_phone"),
    (lambda db, sid: scheduling.add_place(db, "rumah", "Rumah", contact_phone="123"),
     "place_bad_phone"),
    (lambda db, sid: scheduling.update_place(db, sid, name=""), "sched_name_empty"),
    (lambda db, sid: scheduling.update_place(db, sid, kind="rumah"), "place_npsn_kind"),
    (lambda db, sid: scheduling.update_place(db, 1, name="Kecamatan"), "place_not_outreach"),
    (lambda db, sid: scheduling.update_place(db, 9999, name="X"), "cal_location_missing"),
    (lambda db, sid: scheduling.set_place_active(db, sid, True), "place_already"),
])
def test_bad_place_input_is_refused_and_changes_nothing(db, call, message_id):
    school = scheduling.add_place(db, "sekolah", "SD Negeri 1", npsn="20325123").location_id
    with unchanged(db, message_id):
        call(db, school)
