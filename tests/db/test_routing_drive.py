"""A drive through the core, as Kota Pekalongan ran it (docs/domain.md, "Routing by
category", "Evening sessions"): 6,000 demo people with their categories, a prison among
the locations, a plan across the offices and then the kantor kelurahan's evenings. Inmates
and people with disabilities end up only in proposals, never in a slot; everyone called
to an evening goes to their own kelurahan's office; the proposals are one loop away from
visits."""

from __future__ import annotations

import datetime as dt
import time

from ektp_desk.core import demo, scheduling
from ektp_desk.core.scheduling import Selection, outreach_proposals
from ektp_desk.core.scheduling.proposals import as_tuples

TODAY = dt.date(2024, 1, 2)
START, END = dt.date(2024, 1, 3), dt.date(2024, 2, 13)  # to the eve of polling day
PEOPLE = 6000


def _ids(db, sql: str, *params) -> set[int]:
    return {row[0] for row in db.execute_sql(sql, params)}


def test_six_thousand_people_inmates_and_disabled_only_in_proposals(db, capsys):
    demo.fill(db, PEOPLE, build_index=False)
    prison = scheduling.add_location(db, "rutan_lapas", "Lapas Kelas IIA Pekalongan",
                                     kecamatan_code="337501").location_id
    routed_away = _ids(db, "SELECT id FROM person WHERE category IN "
                           "('warga_binaan', 'disabilitas')")
    inmates = _ids(db, "SELECT id FROM person WHERE category = 'warga_binaan'")
    assert len(inmates) > 150 and len(routed_away) > 800  # the demo's mix

    began = time.perf_counter()
    offices = scheduling.plan(db, Selection(), START, END, today=TODAY)
    planned_in = time.perf_counter() - began
    assert offices.proposed_visits["lapas"] == len(inmates)
    assert offices.proposed_total == len(routed_away)
    assert not {a.person_id for a in offices.assignments} & routed_away
    scheduling.apply_plan(db, offices, today=TODAY)

    # the pupils who found no Saturday or after-school place: the kelurahan evenings
    series = scheduling.generate_evening_series(db, START, END, today=TODAY)
    assert len(series.slot_ids) >= 27 and not series.without_evening
    evenings = scheduling.plan(db, Selection(), START, END, today=TODAY, evening=True)
    assert evenings.scheduled > 0 and evenings.pelajar == evenings.scheduled
    assert evenings.proposed_total == len(routed_away)  # still proposed, never called
    scheduling.apply_plan(db, evenings, today=TODAY)

    summoned = _ids(db, "SELECT person_id FROM summons WHERE state = 'open'")
    assert summoned and not summoned & routed_away
    strangers = db.execute_sql(
        "SELECT count(*) FROM summons m JOIN slot s ON s.id = m.slot_id "
        "JOIN location l ON l.id = s.location_id JOIN person p ON p.id = m.person_id "
        "WHERE l.kind = 'kelurahan' AND l.kelurahan_code != p.kelurahan_code").fetchone()[0]
    at_evenings = db.execute_sql(
        "SELECT count(*) FROM summons m JOIN slot s ON s.id = m.slot_id "
        "JOIN location l ON l.id = s.location_id WHERE l.kind = 'kelurahan'").fetchone()[0]
    assert strangers == 0 and at_evenings == evenings.scheduled

    proposals = outreach_proposals(db, Selection())
    visits = as_tuples(proposals)
    assert {pid for _, _, ids in visits for pid in ids} == routed_away
    lapas = [(loc, ids) for loc, kind, ids in visits if kind == "lapas"]
    assert len(lapas) == 1 and lapas[0][0] == prison and set(lapas[0][1]) == inmates
    homes = [p for p in proposals if p.kind == "rumah"]
    assert all(p.location_id is None and p.kelurahan_code and p.rw for p in homes)
    assert len({(p.kelurahan_code, p.rw) for p in homes}) == len(homes)
    with capsys.disabled():
        print(f"\n6.000 warga: plan across the offices {planned_in:.2f} s; "
              f"{offices.scheduled} to offices, {evenings.scheduled} to evenings, "
              f"{len(routed_away)} proposed in {len(proposals)} visits "
              f"({len(homes)} home-visit rounds)")
