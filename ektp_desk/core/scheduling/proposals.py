"""Proposed outreach visits: the people routed away from the offices by their category
(:mod:`.routing`), grouped as the visits that would serve them (docs/domain.md, "Routing
by category"). Reads only; a visit is made from a proposal with the visit functions.

- **lapas**: inmates by their rutan/lapas, the active ``rutan_lapas`` location of the
  person's kecamatan, else the first one; with none in the list of locations, one proposal
  without a place, saying so.
- **rumah**: people with disabilities by kelurahan and RW, one home-visit round each.
- **sekolah**: pupils found on a school's list, by that school.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import peewee as pw

from ektp_desk.core import messages
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
