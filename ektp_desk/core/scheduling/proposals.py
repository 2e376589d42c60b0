"""Proposed outreach visits: the people routed away from the offices by their category
(:mod:`.routing`), grouped as the visits that would serve them (docs/domain.md, "Routing
by category"). Reads only; a visit is made from a proposal with the visit functions.

- **lapas**: inmates by their rutan/lapas, the active ``rutan_lapas`` location of the
  person's kecamatan, else the first one; with none in the list of locations, one proposal
  without a place, saying so.
- **rumah**: people with disabilities by kelurahan and RW, one home-visit round each.
- **sekolah**: pupils found on a school's list, by that school.

:func:`make_visits` turns one proposal into visits: on working days from a first day, as
many as its people need at the visits' capacity, a home-visit round at a ``rumah`` place
of its kelurahan and RW (made once, then reused).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import peewee as pw

from ektp_desk.core import calendar, messages, regions
from ektp_desk.core.errors import UserError
from ektp_desk.core.jobs import Changes
from ektp_desk.core.scheduling.common import DEFAULT_MAX_ATTEMPTS, SETTING_MAX_ATTEMPTS, int_setting
from ektp_desk.core.scheduling.locations import list_locations
from ektp_desk.core.scheduling.planner import Selection, route_candidates
from ektp_desk.core.scheduling.routing import LAPAS, PROPOSAL_KINDS, RUMAH, routes

messages.register({
    "route_no_lapas": (
        "Belum ada rutan/lapas di daftar lokasi: tambahkan tempatnya dulu, lalu buat "
        "kunjungannya.",
        "No prison in the list of locations yet: add the place first, then make the visit."),
    "route_no_place_home": (
        "Kunjungan rumah di kelurahan {kelurahan} RW {rw}.",
        "Home visits in kelurahan {kelurahan}, RW {rw}."),
    "route_home_place": ("Rumah warga {kelurahan} RW {rw}", "Homes in {kelurahan} RW {rw}"),
    "route_no_people": ("Usulan ini tidak berisi warga.", "This proposal holds nobody."),
})


@dataclass(frozen=True)
class ProposedVisit:
    """One visit the routing proposes: its kind (lapas, rumah, sekolah), its place (None
    for home visits, and for inmates while no rutan/lapas is listed), its people
    (neighbours together), the area of a home-visit round, and a note for the clerk."""

    kind: str
    location_id: int | None
    person_ids: tuple[int, ...]
    kelurahan_code: str | None = None
    rw: str | None = None
    note: str = ""

    def as_tuple(self) -> tuple[int | None, str, list[int]]:
        """(location id or None, kind, person ids): one visit to make."""
        return self.location_id, self.kind, list(self.person_ids)


def outreach_proposals(db: pw.Database, selection: Selection, *,
                       school_lists: Mapping[int, Sequence[int]] | None = None,
                       max_attempts: int | None = None) -> list[ProposedVisit]:
    """The visits the selected people routed to outreach would need: lapas by place,
    then home visits by kelurahan and RW, then schools (see the module's words)."""
    attempts = max_attempts if max_attempts is not None else int_setting(
        db, SETTING_MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS)
    routing = routes(db, school_lists)
    routed = route_candidates(db, selection.normalized(), max_attempts=attempts,
                              routing=routing)
    prisons = list_locations(db, kinds=("rutan_lapas",))
    by_kecamatan: dict[str, int] = {}
    for prison in prisons:
        if prison.kecamatan_code:
            by_kecamatan.setdefault(prison.kecamatan_code, prison.id)
    first_prison = prisons[0].id if prisons else None

    groups: dict[tuple, list[int]] = {}
    for kind in PROPOSAL_KINDS:
        for person in routed.proposed[kind]:
            if kind == LAPAS:
                key: tuple = (kind, by_kecamatan.get(person.kecamatan, first_prison))
            elif kind == RUMAH:
                key = (kind, None, person.kelurahan or None, person.rw or None)
            else:
                key = (kind, routing.school_of[person.person_id])
            groups.setdefault(key, []).append(person.person_id)
    out: list[ProposedVisit] = []
    for key, ids in groups.items():
        kind, location_id = key[0], key[1]
        if kind == RUMAH:
            out.append(ProposedVisit(kind, None, tuple(ids), key[2], key[3], messages.text(
                "route_no_place_home", kelurahan=key[2] or "-", rw=key[3] or "-")))
        else:
            note = messages.text("route_no_lapas") if location_id is None else ""
            out.append(ProposedVisit(kind, location_id, tuple(ids), note=note))
    return out


def as_tuples(proposals: Sequence[ProposedVisit]) -> list[tuple[int | None, str, list[int]]]:
    """[(location id or None, kind, [person ids])]: one loop makes the visits."""
    return [p.as_tuple() for p in proposals]


@dataclass(frozen=True)
class MadeVisits:
    """The visits made from one proposal, the people put on them and those skipped
    (recorded or on another open visit meanwhile)."""

    visit_ids: tuple[int, ...]
    place_id: int
    added: int
    skipped: int
    changes: Changes = field(default_factory=lambda: Changes(schedule=True, people=True))


def _home_place(db: pw.Database, proposal: ProposedVisit, user: str | None) -> int:
    from ektp_desk.core.scheduling.places import add_place

    name = messages.text("route_home_place", kelurahan=regions.default_table().kelurahan_name(
        proposal.kelurahan_code) or proposal.kelurahan_code or "-", rw=proposal.rw or "-")
    found = db.execute_sql("SELECT id FROM location WHERE kind = 'rumah' AND active = 1 "
                           "AND name = ? ORDER BY id LIMIT 1", (name,)).fetchone()
    if found:
        return int(found[0])
    return add_place(db, "rumah", name, kelurahan=proposal.kelurahan_code,
                     user=user).location_id


def _working_days(db: pw.Database, first: dt.date) -> Iterable[dt.date]:
    day, closed = first, calendar.holidays(db, first, first + dt.timedelta(days=400))
    while True:
        if day.weekday() < 5 and day not in closed:
            yield day
        day += dt.timedelta(days=1)


def make_visits(db: pw.Database, proposal: ProposedVisit, first_day: dt.date, *,
                start: str | None = "08:00", end: str | None = "12:00", kits: int = 1,
                team: Sequence[str] = (), place_id: int | None = None,
                today: dt.date | None = None, user: str | None = None) -> MadeVisits:
    """Visits for one proposal: on working days from ``first_day`` (weekends and
    holidays skipped), one a day, each filled up to its capacity (kits × hours ×
    ``kit_people_per_hour``) in the proposal's order, so neighbours stay together. The
    place is ``place_id``, else the proposal's, else for a home-visit round a ``rumah``
    place of its kelurahan and RW; an inmates' proposal with no rutan/lapas is refused.
    Each visit is its own transaction (its people's summonses taken back with it)."""
    from ektp_desk.core.scheduling.outreach import create_visit, visit_capacity

    ids = list(proposal.person_ids)
    if not ids:
        raise UserError("route_no_people")
    place = place_id or proposal.location_id
    if place is None:
        if proposal.kind != RUMAH:
            raise UserError("route_no_lapas")
        place = _home_place(db, proposal, user)
    size = visit_capacity(db, kits, start, end) or len(ids)
    made, added, skipped = [], 0, 0
    for day, begin in zip(_working_days(db, first_day), range(0, len(ids), size),
                          strict=False):
        result = create_visit(db, place, day, person_ids=ids[begin:begin + size],
                              start=start, end=end, kits=kits, team=team, source="rute",
                              today=today, user=user)
        made.append(result.visit_id)
        added += result.added
        skipped += sum(len(v) for v in result.skipped.values())
    return MadeVisits(tuple(made), place, added, skipped)
