"""Finding the people of a list a place hands over: a school's or a pesantren's list of
pupils (names, NIKs), a lapas list of inmates (names with birth dates, NIK often missing).

Reading changes nothing. Each row is matched, ambiguous (candidates for the clerk to
choose from) or unmatched (with the reason); the clerk's choices for the ambiguous rows are
an explicit call (:func:`resolve_list`), then the people are added to the visit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from ektp_desk.core import calendar, messages, nik
from ektp_desk.core.errors import UserError
from ektp_desk.core.people import person_id_by_nik
from ektp_desk.core.text import clean, search_key

messages.register({
    "sched_match_birth_differs": (
        "nama cocok tetapi tanggal lahir berbeda; periksa",
        "the name matches but the birth date differs; check"),
    "sched_match_name_like": (
        "tanggal lahir cocok dan nama mirip; periksa",
        "the birth date matches and the name is alike; check"),
    "sched_match_same_birth": (
        "nama dan tanggal lahir sama untuk {count} warga; pilih",
        "the same name and birth date for {count} people; choose"),
    "list_bad_choice": (
        "Pilihan untuk baris {row} tidak sah: warga nomor {person_id} bukan salah satu calon "
        "baris itu.",
        "The choice for row {row} is not valid: person number {person_id} is not one of "
        "that row's candidates."),
})


@dataclass(frozen=True)
class AmbiguousRow:
    """A row that may be one of several people (or one person, not surely)."""

    row: int  # as the clerk sees it in the spreadsheet
    text: str
    reason: str
    candidates: tuple[int, ...]


@dataclass(frozen=True)
class ListMatch:
    """People found in a list file: ``person_ids`` in file order; ``ambiguous`` rows with
    their candidates; ``unmatched`` rows as (row number as the clerk sees it, text,
    reason)."""

    person_ids: tuple[int, ...]
    unmatched: tuple[tuple[int, str, str], ...]
    rows: int
    ambiguous: tuple[AmbiguousRow, ...] = ()


_NIK_HEADERS = ("NIK", "NO NIK", "NOMOR INDUK KEPENDUDUKAN", "NIK SISWA", "NIK SANTRI")
_NAME_HEADERS = ("NAMA", "NAMA LENGKAP", "NAMA SISWA", "NAMA SANTRI", "NAMA WARGA BINAAN",
                 "NAMA NARAPIDANA", "NAMA TAHANAN", "NAMA WBP")
_BIRTH_HEADERS = ("TANGGAL LAHIR", "TGL LAHIR", "TGL. LAHIR", "TANGGAL LAHIR (DD-MM-YYYY)")


def match_people_list(db: pw.Database, path: Path, *, sheet: str | None = None) -> ListMatch:
    """Find the people of a list (csv or xlsx with a NIK and/or NAMA column, title rows
    allowed): by NIK; else by exact name, the birth date telling namesakes apart; a name
    with another birth date, or a like name with the same birth date, is ambiguous.
    Reads only; add the result with :func:`add_visit_people`."""
    from ektp_desk.core import listfile

    rows = listfile.read_rows(path, sheet=sheet)
    spec = {"nik": _NIK_HEADERS, "name": _NAME_HEADERS, "birth": _BIRTH_HEADERS}
    header_at, columns = listfile.find_header(rows, spec, required="nik")
    if header_at is None:
        header_at, columns = listfile.find_header(rows, spec, required="name")
    if header_at is None:
        raise UserError("sched_list_no_column", path=path.name)
    found: list[int] = []
    unmatched: list[tuple[int, str, str]] = []
    ambiguous: list[AmbiguousRow] = []
    count = 0
    for index in range(header_at + 1, len(rows)):
        row = rows[index]
        raw_nik = listfile.cell(row, columns.get("nik"))
        raw_name = clean(listfile.cell(row, columns.get("name")))
        if raw_nik in (None, "") and not raw_name:
            continue
        count += 1
        person_id, candidates, why = _match_row(db, raw_nik, raw_name,
                                                listfile.cell(row, columns.get("birth")))
        text = clean(raw_nik) or raw_name
        if person_id is not None:
            found.append(person_id)
        elif candidates:
            ambiguous.append(AmbiguousRow(index + 1, text, why, candidates))
        else:
            unmatched.append((index + 1, text, why))
    return ListMatch(tuple(dict.fromkeys(found)), tuple(unmatched), count, tuple(ambiguous))


def resolve_list(match: ListMatch, chosen: Mapping[int, int]) -> tuple[int, ...]:
    """The people of a list once the clerk chose for ambiguous rows ({row: person id},
    rows left out stay out). UserError for a choice that is not one of the row's
    candidates."""
    by_row = {a.row: a for a in match.ambiguous}
    for row, person_id in chosen.items():
        if row not in by_row or int(person_id) not in by_row[row].candidates:
            raise UserError("list_bad_choice", row=row, person_id=person_id)
    return tuple(dict.fromkeys((*match.person_ids, *(int(p) for p in chosen.values()))))


def _match_row(db: pw.Database, raw_nik: object, name: str, birth: object
               ) -> tuple[int | None, tuple[int, ...], str]:
    """(person id, candidates, why): a match, or candidates to choose from, or neither."""
    why = messages.text("sched_match_not_found")
    if raw_nik not in (None, ""):
        try:
            digits = nik.normalize(raw_nik)
        except nik.NikError as exc:
            why = str(exc)
        else:
            person_id = person_id_by_nik(db, digits)
            if person_id is not None:
                return person_id, (), ""
            why = messages.text("sched_match_nik_unknown")
    if not name:
        return None, (), why
    key = search_key(name)
    named = db.execute_sql("SELECT id, birth_date FROM person WHERE name_norm = ? ORDER BY id",
                           (key,)).fetchall()
    born = _birth(birth)
    if born is not None:
        same = tuple(pid for pid, day in named if day == born)
        if len(same) == 1:
            return same[0], (), ""
        if same:
            return None, same, messages.text("sched_match_same_birth", count=len(same))
        if named:
            return None, tuple(pid for pid, _ in named), \
                messages.text("sched_match_birth_differs")
        alike = _alike(db, key, born)
        if alike:
            return None, alike, messages.text("sched_match_name_like")
    elif len(named) == 1:
        return named[0][0], (), ""
    elif named:
        return None, tuple(pid for pid, _ in named), \
            messages.text("sched_match_namesakes", count=len(named))
    return None, (), (why if raw_nik not in (None, "")
                      else messages.text("sched_match_name_unknown"))


def _birth(value: object) -> str | None:
    if value in (None, ""):
        return None
    try:
        return calendar.parse_date(value).isoformat()
    except UserError:
        return None


def _alike(db: pw.Database, key: str, born: str) -> tuple[int, ...]:
    """People born that day whose name shares a word of at least 3 letters with the row's
    (a list writes 'M. RIZKI' where the KPU list has 'MUHAMMAD RIZKI')."""
    words = {w for w in key.split() if len(w) >= 3}
    rows = db.execute_sql("SELECT id, name_norm FROM person WHERE birth_date = ? ORDER BY id",
                          (born,))
    return tuple(pid for pid, norm in rows if words & set(norm.split()))
