"""The Jemput Bola page's jobs: places, visits by month and day, a visit's people and
documents, the proposals and candidates for outreach, a school or lapas list matched and
added. They call core (core/scheduling, core/letters/visit_docs) and shape its answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import peewee as pw
from PySide6.QtCore import QCoreApplication

from ektp_desk import paths
from ektp_desk.core import regions, scheduling
from ektp_desk.core.jobs import Changes
from ektp_desk.core.letters import visit_docs
from ektp_desk.core.scheduling import Selection
from ektp_desk.core.scheduling.outreach import VisitInfo, VisitPerson
from ektp_desk.core.scheduling.places import Place
from ektp_desk.core.scheduling.proposals import MadeVisits, ProposedVisit, make_visits
from ektp_desk.core.scheduling.visit_lists import ListMatch


@dataclass(frozen=True)
class MonthData:
    """The visits of a month (the calendar marks their days) and the places to visit."""

    first: dt.date
    visits: list[VisitInfo]
    places: list[Place]


def month_job(db: pw.Database, first: dt.date) -> MonthData:
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return MonthData(first, scheduling.list_visits(db, first, last),
                     scheduling.list_places(db, include_inactive=True))


@dataclass(frozen=True)
class VisitDetail:
    visit: VisitInfo
    people: list[VisitPerson]


def visit_job(db: pw.Database, visit_id: int) -> VisitDetail:
    return VisitDetail(scheduling.get_visit(db, visit_id),
                       scheduling.visit_people(db, visit_id))


def save_place_job(db: pw.Database, place_id: int | None, values: dict[str, Any]
                   ) -> scheduling.LocationResult:
    """Add a place (``place_id`` None) or change one with the dialog's values."""
    if place_id is None:
        return scheduling.add_place(db, values.pop("kind"), values.pop("name"), **values)
    return scheduling.update_place(db, place_id, **values)


@dataclass(frozen=True)
class NewVisit:
    """What the Buat kunjungan dialog asks for; ``who``: none, filter or candidates."""

    place_id: int
    day: dt.date
    start: str | None
    end: str | None
    team: tuple[str, ...]
    kits: int
    deliberate: bool
    who: str = "none"
    filters: dict[str, str | None] = field(default_factory=dict)


def create_visit_job(db: pw.Database, new: NewVisit, *, today: dt.date
                     ) -> scheduling.VisitResult:
    """Plan the visit and add its people by filter or from the candidates."""
    ids: list[int] = []
    source = "tangan"
    if new.who == "filter":
        ids, source = scheduling.visit_filter_ids(db, **new.filters), "filter"
    elif new.who == "candidates":
        ids, source = scheduling.outreach_candidates(db), "kandidat"
    return scheduling.create_visit(db, new.place_id, new.day, person_ids=ids,
                                   start=new.start, end=new.end, team=new.team,
                                   kits=new.kits, deliberate=new.deliberate, source=source,
                                   today=today)


def proposal_visits_job(db: pw.Database, proposal: ProposedVisit, new: NewVisit, *,
                        today: dt.date) -> MadeVisits:
    """Visits for one proposal from the dialog's first day, hours, kits and team."""
    return make_visits(db, proposal, new.day, start=new.start, end=new.end, kits=new.kits,
                       team=new.team, place_id=new.place_id or None, today=today)


def capacity_job(db: pw.Database, kits: int, start: str | None, end: str | None
                 ) -> int | None:
    return scheduling.visit_capacity(db, kits, start, end)


@dataclass(frozen=True)
class Proposals:
    """The proposals by category and the candidates by no-shows, with what to show."""

    proposals: list[ProposedVisit]
    places: dict[int, str]
    candidates: list[int]
    attempts: int


def proposals_job(db: pw.Database) -> Proposals:
    found = scheduling.outreach_proposals(db, Selection())
    places = {p.id: p.name for p in scheduling.list_places(db, include_inactive=True)}
    from ektp_desk.core.scheduling.common import (
        DEFAULT_MAX_ATTEMPTS,
        SETTING_MAX_ATTEMPTS,
        int_setting,
    )

    return Proposals(found, places, scheduling.outreach_candidates(db),
                     int_setting(db, SETTING_MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS))


@dataclass(frozen=True)
class Matched:
    """A list matched, with a line to show for every candidate of its ambiguous rows."""

    path: Path
    match: ListMatch
    labels: dict[int, str]


def match_list_job(db: pw.Database, path: Path) -> Matched:
    match = scheduling.match_people_list(db, path)
    ids = sorted({pid for row in match.ambiguous for pid in row.candidates})
    table = regions.default_table()
    labels = {}
    for pid, name, born, kel, rw, rt in db.execute_sql(
            "SELECT id, name, birth_date, kelurahan_code, rw, rt FROM person WHERE id IN "
            "(SELECT value FROM json_each(?))", (str(ids),)):
        where = table.kelurahan_name(kel) or "-"
        when = dt.date.fromisoformat(born).strftime("%d-%m-%Y") if born else "-"
        labels[pid] = QCoreApplication.translate(
            "ImportTab", "{name} · lahir {born} · {place} RT {rt}/RW {rw}").format(
                name=name, born=when, place=where, rt=rt or "-", rw=rw or "-")
    return Matched(path, match, labels)


def add_list_job(db: pw.Database, visit_id: int, matched: Matched, chosen: dict[int, int]
                 ) -> scheduling.VisitResult:
    """The list's people, once the clerk chose for ambiguous rows, onto the visit."""
    ids = scheduling.resolve_list(matched.match, chosen)
    result = scheduling.add_visit_people(db, visit_id, ids, source="daftar")
    return scheduling.VisitResult(result.visit_id, result.added, result.skipped,
                                  withdrawn=result.withdrawn,
                                  changes=Changes(schedule=True, people=True))


def add_person_job(db: pw.Database, visit_id: int, nik: str) -> scheduling.VisitResult:
    """One person by NIK onto a visit (refused with the reason)."""
    from ektp_desk.core import search
    from ektp_desk.core.errors import UserError
    from ektp_desk.core.people import person_id_by_nik

    digits = search.nik_digits(nik) or ""
    person_id = person_id_by_nik(db, digits) if len(digits) == 16 else None
    if person_id is None:
        raise UserError("desk_nik_unknown", nik=nik.strip() or "-")
    return scheduling.add_visit_people(db, visit_id, [person_id])


def documents_job(db: pw.Database, visit_id: int, doc: str, *, today: dt.date
                  ) -> visit_docs.VisitDocsResult:
    """One kind of the visit's documents into the letters folder, never over a file."""
    folder = paths.letters_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"kunjungan-{visit_id}-{doc}-{today.isoformat()}"
    out, n = folder / f"{stem}.pdf", 2
    while out.exists():
        out, n = folder / f"{stem}-{n}.pdf", n + 1
    return visit_docs.make_visit_documents(db, visit_id, out=out, doc=doc, letter_date=today)
