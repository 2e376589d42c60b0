"""A drive through the core, as Kota Pekalongan ran it (docs/domain.md, "Routing by
category", "Evening sessions"): 6,000 demo people with their categories, a prison among
the locations, a plan across the offices and then the kantor kelurahan's evenings. Inmates
and people with disabilities end up only in proposals, never in a slot; everyone called
to an evening goes to their own kelurahan's office; one loop over the proposals makes the
visits, and then inmates and people with disabilities are all on visits, never in an office
slot, each with one open call."""

from __future__ import annotations

import datetime as dt
import time

from ektp_desk.core import demo, scheduling
from ektp_desk.core.scheduling import Selection, outreach_proposals
from ektp_desk.core.scheduling.proposals import as_tuples, make_visits

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

    # the proposals become visits: one loop, working days from the first day, a prison
    # visit of 2 kits × 4 hours holding 48 (so the inmates take several), home rounds 1 kit
    made, began = [], time.perf_counter()
    for proposal in proposals:
        kits = 2 if proposal.kind == "lapas" else 1
        made.append(make_visits(db, proposal, START, kits=kits, start="08:00", end="12:00",
                                team=["Tim Jemput Bola"], today=TODAY))
    made_in = time.perf_counter() - began
    prison_visits = made[proposals.index(next(p for p in proposals if p.kind == "lapas"))]
    assert len(prison_visits.visit_ids) == -(-len(inmates) // 48) > 1
    assert sum(m.added for m in made) == len(routed_away) and not any(m.skipped for m in made)
    too_full = db.execute_sql(
        "SELECT count(*) FROM visit v WHERE (SELECT count(*) FROM visit_person vp "
        "WHERE vp.visit_id = v.id) > v.capacity").fetchone()[0]
    closed_days = db.execute_sql(
        "SELECT count(*) FROM visit v WHERE strftime('%w', v.date) IN ('0', '6') "
        "OR v.date IN (SELECT date FROM holiday)").fetchone()[0]
    assert too_full == 0 and closed_days == 0

    assert not _ids(db, "SELECT person_id FROM summons WHERE state = 'open'") & routed_away
    on_visit = _ids(db, "SELECT vp.person_id FROM visit_person vp JOIN visit v "
                        "ON v.id = vp.visit_id WHERE v.state = 'rencana' "
                        "AND vp.outcome IS NULL")
    assert routed_away <= on_visit
    two_calls = db.execute_sql(
        "SELECT count(*) FROM (SELECT person_id FROM (SELECT person_id FROM summons "
        "WHERE state = 'open' UNION ALL SELECT vp.person_id FROM visit_person vp "
        "JOIN visit v ON v.id = vp.visit_id WHERE v.state = 'rencana' "
        "AND vp.outcome IS NULL) GROUP BY person_id HAVING count(*) > 1)").fetchone()[0]
    assert two_calls == 0
    with capsys.disabled():
        print(f"\n6.000 warga: plan across the offices {planned_in:.2f} s; "
              f"{offices.scheduled} to offices, {evenings.scheduled} to evenings, "
              f"{len(routed_away)} proposed in {len(proposals)} visits "
              f"({len(homes)} home-visit rounds), made into "
              f"{sum(len(m.visit_ids) for m in made)} visits in {made_in:.2f} s")
