"""Routing by category (docs/domain.md, "Routing by category"): inmates and people with
disabilities are proposed for outreach and never summoned to an office with the default
settings; with a setting changed they are; pupils on a school's list go to their school
when the setting says so; proposals group them into visits."""

from __future__ import annotations

import datetime as dt

import pytest

from ektp_desk.core import scheduling, settings
from ektp_desk.core.errors import UserError
from ektp_desk.core.scheduling import Selection, outreach_proposals
from ektp_desk.core.scheduling.proposals import as_tuples
from tests.db.test_scheduling import add_people, apply, plan, rt_people, unchanged
from tests.plan_helpers import SETTING as PUPIL_RULE

BARAT_KEL, TIMUR_KEL = "3375011002", "3375021004"


@pytest.fixture(autouse=True)
def _no_pupil_rule(db):
    settings.set(db, PUPIL_RULE, False)  # these people are 17: not a test of pupils' hours


def _office_summoned(db, ids) -> set[int]:
    """Of these people, those with an open summons to any slot."""
    return {r[0] for r in db.execute_sql(
        "SELECT m.person_id FROM summons m WHERE m.state = 'open' AND m.person_id IN "
        f"({','.join(map(str, ids))})")}


def _mixed(db):
    pemula = add_people(db, rt_people(BARAT_KEL, "001", "001", 5))
    inmates = add_people(db, rt_people(BARAT_KEL, "002", "001", 3), category="warga_binaan")
    disabled = (add_people(db, rt_people(BARAT_KEL, "001", "002", 2), category="disabilitas")
                + add_people(db, rt_people(TIMUR_KEL, "004", "001", 2),
                             category="disabilitas"))
    return pemula, inmates, disabled


def test_by_default_inmates_and_people_with_disabilities_are_proposed_never_summoned(db):
    pemula, inmates, disabled = _mixed(db)
    the_plan = plan(db)
    assert the_plan.scheduled == 5
    assert {a.person_id for a in the_plan.assignments} == set(pemula)
    assert the_plan.proposed_visits == {"lapas": 3, "rumah": 4, "sekolah": 0}
    assert set(the_plan.proposed["lapas"]) == set(inmates)
    assert set(the_plan.proposed["rumah"]) == set(disabled)
    assert not the_plan.left_over  # apart from the left-over reasons
    summary = the_plan.summary()
    assert summary["proposed_visits"] == {"lapas": 3, "rumah": 4, "sekolah": 0}
    assert summary["proposed_visits_total"] == 7 and summary["scheduled"] == 5
    apply(db, the_plan)
    assert _office_summoned(db, inmates + disabled) == set()
    assert _office_summoned(db, pemula) == set(pemula)
    # the second run keeps them out too: still proposed, still without a letter
    again = plan(db)
    assert again.scheduled == 0 and again.proposed_total == 7


def test_with_the_setting_changed_they_are_summoned_to_their_office(db):
    pemula, inmates, _ = _mixed(db)
    settings.save_many(db, {"route_warga_binaan": "kantor", "route_disabilitas": "kantor"})
    the_plan = plan(db)
    assert the_plan.scheduled == 12 and the_plan.proposed_total == 0
    settings.save_many(db, {"route_disabilitas": "kunjungan_rumah"})
    the_plan = plan(db)
    assert {a.person_id for a in the_plan.assignments} == set(pemula + inmates)
    assert the_plan.proposed_visits["rumah"] == 4


def test_a_wrong_route_setting_is_refused_in_indonesian_and_nothing_changes(db):
    with unchanged(db, "setting_invalid") as caught:
        settings.save_many(db, {"route_disabilitas": "rumah_sakit"})
    assert "pilih salah satu" in caught[0].message
    spec = settings.BY_KEY["route_warga_binaan"]
    assert spec.choice_label("kunjungan_lapas") == "Kunjungan ke rutan/lapas"


def test_proposals_group_inmates_by_their_prison_and_homes_by_kelurahan_and_rw(db):
    pemula, inmates, disabled = _mixed(db)
    timur_inmate = add_people(db, rt_people(TIMUR_KEL, "001", "001", 1),
                              category="warga_binaan")
    # no prison listed yet: one proposal without a place, saying so
    found = outreach_proposals(db, Selection())
    lapas = [p for p in found if p.kind == "lapas"]
    assert len(lapas) == 1 and lapas[0].location_id is None
    assert "rutan/lapas" in lapas[0].note
    assert set(lapas[0].person_ids) == set(inmates + timur_inmate)

    rutan = scheduling.add_location(db, "rutan_lapas", "Rutan Pekalongan").location_id
    lapas_barat = scheduling.add_location(db, "rutan_lapas", "Lapas Kelas IIA Pekalongan",
                                          kecamatan_code="337501").location_id
    found = outreach_proposals(db, Selection())
    by_place = {p.location_id: set(p.person_ids) for p in found if p.kind == "lapas"}
    # in the person's kecamatan, else the first listed
    assert by_place == {lapas_barat: set(inmates), rutan: set(timur_inmate)}
    homes = [(p.kelurahan_code, p.rw, set(p.person_ids)) for p in found if p.kind == "rumah"]
    assert homes == [(BARAT_KEL, "001", set(disabled[:2])),
                     (TIMUR_KEL, "004", set(disabled[2:]))]
    assert all(p.location_id is None for p in found if p.kind == "rumah")
    # one loop makes the visits: (place or None, kind, people)
    assert (lapas_barat, "lapas", inmates) in as_tuples(found)
    assert not {pid for p in found for pid in p.person_ids} & set(pemula)


def test_pupils_on_a_school_list_go_to_their_school_only_when_the_setting_says_so(db, tmp_path):
    names = [f"SISWA SEKOLAH {i}" for i in range(4)]
    pupils = add_people(db, [(BARAT_KEL, "003", "001", name) for name in names])
    others = add_people(db, rt_people(BARAT_KEL, "003", "002", 2))
    school = scheduling.add_location(db, "sekolah", "SMA Negeri 1 Pekalongan").location_id
    listing = tmp_path / "daftar_siswa.csv"
    listing.write_text("DAFTAR SISWA KELAS XII\nNO;NAMA SISWA\n" + "".join(
        f"{i + 1};{name}\n" for i, name in enumerate(names[:3])), encoding="utf-8")
    matched = scheduling.match_people_list(db, listing).person_ids
    assert set(matched) == set(pupils[:3])
    lists = {school: matched}

    # the default: pupils go to the offices, school list or not
    assert plan(db, school_lists=lists).proposed_total == 0
    settings.save_many(db, {"route_pelajar": "sekolah"})
    the_plan = plan(db, school_lists=lists)
    assert set(the_plan.proposed["sekolah"]) == set(pupils[:3])
    assert {a.person_id for a in the_plan.assignments} == {pupils[3], *others}
    found = outreach_proposals(db, Selection(), school_lists=lists)
    assert as_tuples(found) == [(school, "sekolah", list(matched))]
    # without a list, nobody is sent to a school
    assert plan(db).proposed_total == 0


def test_a_school_list_must_name_a_school(db):
    add_people(db, rt_people(BARAT_KEL, "003", "001", 1))
    with pytest.raises(UserError) as info:
        plan(db, school_lists={1: [1]})  # 1 is a kantor kecamatan
    assert info.value.message_id == "route_not_school"
    assert "bukan sekolah" in info.value.message


def test_a_kantor_kelurahan_never_takes_people_of_another_kelurahan(db):
    barat = add_people(db, rt_people(BARAT_KEL, "001", "001", 3))
    timur = add_people(db, rt_people(TIMUR_KEL, "001", "001", 3))
    office = scheduling.kelurahan_offices(db)[BARAT_KEL]
    scheduling.add_slot(db, office, dt.date(2024, 1, 3), "17:00", "21:00", deliberate=True,
                        today=dt.date(2024, 1, 2))
    # offered to everyone as an overflow: only its own kelurahan may go there
    the_plan = plan(db, overflow=(office,), locations={"337501": [office],
                                                       "337502": [office]})
    by_person = {a.person_id: the_plan.slots[a.slot].location_id for a in the_plan.assignments}
    assert {pid for pid, loc in by_person.items() if loc == office} == set(barat)
    assert set(timur).isdisjoint(by_person)
    assert set(the_plan.left_over["tanpa_lokasi"]) == set(timur)
