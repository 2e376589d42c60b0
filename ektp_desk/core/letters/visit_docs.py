"""The documents of a jemput bola visit (docs/domain.md, "A visit's documents"):

- ``pemberitahuan``: the letter telling the head of the institution (kepala sekolah,
  pengasuh pondok, kepala lapas/rutan, kepala panti) the day, hours, team, number of
  people and what to prepare;
- ``daftar_peserta``: the list the team takes along, with outcome and signature columns;
- ``berita_acara``: afterwards, the count per outcome, signed by the team leader and the
  institution;
- ``surat_keluarga``: for a home visit, one letter per person to the family, laid out like
  the summoning letter with its QR code.

Every document takes a number in the same yearly series as the summoning letters
(``letter_serial``) and is registered in ``visit_document``. Making a document of a visit
again keeps its number, code and date (a reprint) unless the clerk asks for a new number;
the old row stays in the register. Numbers are taken, the PDF written and moved into place
in one write transaction: a failure registers nothing and leaves no file. The wording is
``resources/letters/kunjungan.json``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import peewee as pw

from ektp_desk import paths
from ektp_desk.core import (
    accounts,
    audit,
    clock,
    election,
    messages,
    models,
    nik,
    outputs,
    regions,
)
from ektp_desk.core.calendar import format_date_id, format_date_plain, format_time_range
from ektp_desk.core.errors import UserError, environment_error
from ektp_desk.core.jobs import Changes
from ektp_desk.core.letters import batch, numbering, pdfjoin, templates, workdirs
from ektp_desk.core.letters.profile import OfficeProfile
from ektp_desk.core.letters.render import LetterData, LetterRenderer, RenderConfig, letter_values
from ektp_desk.core.letters.templates import LetterTexts
from ektp_desk.core.letters.visit_render import DocPage, Participant, Signer, VisitDocRenderer
from ektp_desk.core.people import birth_shown
from ektp_desk.core.scheduling.common import VISIT_OUTCOMES
from ektp_desk.core.status import STATUS_LABELS
from ektp_desk.core.text import clean, display_name, format_count

RESOURCE = ("letters", "kunjungan.json")
KINDS = ("pemberitahuan", "daftar_peserta", "berita_acara", "surat_keluarga")
# What the CLI's --doc names; 'all' is every document the visit can have now.
CHOICES: dict[str, tuple[str, ...]] = {
    "pemberitahuan": ("pemberitahuan",), "daftar": ("daftar_peserta",),
    "berita_acara": ("berita_acara",), "keluarga": ("surat_keluarga",), "all": KINDS}
HOME = "rumah"
TITLES = {"pemberitahuan": "Surat pemberitahuan", "daftar_peserta": "Daftar peserta",
          "berita_acara": "Berita acara", "surat_keluarga": "Surat kepada keluarga"}
# Placeholders of the visit documents beyond the summoning letter's own.
EXTRA_PLACEHOLDERS = {
    "jumlah": "jumlah warga pada kunjungan (25)",
    "tim": "nama petugas kunjungan",
    "penerima": "jabatan pimpinan lembaga (Kepala Sekolah, ...)",
    "perangkat": "jumlah perangkat perekaman yang dibawa",
    "kecamatan_tempat": "kecamatan tempat kunjungan",
    "kelurahan_tempat": "kelurahan tempat kunjungan",
}

messages.register({
    "visitdoc_cancelled": (
        "Kunjungan nomor {visit_id} sudah dibatalkan; dokumennya tidak dibuat.",
        "Visit {visit_id} was cancelled; its documents are not made."),
    "visitdoc_early_report": (
        "Berita acara kunjungan nomor {visit_id} baru dapat dibuat pada atau setelah hari "
        "kunjungan ({date}). Tidak ada nomor yang dipakai.",
        "The report of visit {visit_id} can be made on or after the day of the visit "
        "({date}). No number was used."),
    "visitdoc_no_people": (
        "Kunjungan nomor {visit_id} belum berisi warga; tambahkan warga dulu. Tidak ada "
        "nomor yang dipakai.",
        "Visit {visit_id} has nobody on it yet; add people first. No number was used."),
    "visitdoc_family_only_home": (
        "Surat kepada keluarga hanya untuk kunjungan ke rumah; kunjungan nomor {visit_id} "
        "ke {place}. Tidak ada nomor yang dipakai.",
        "Letters to the family are for home visits only; visit {visit_id} is to {place}. "
        "No number was used."),
    "visitdoc_notice_not_home": (
        "Kunjungan ke rumah tidak memerlukan surat pemberitahuan kepada lembaga; buat surat "
        "kepada keluarga (--doc keluarga). Tidak ada nomor yang dipakai.",
        "A home visit needs no notice to an institution; make the letters to the family "
        "(--doc keluarga). No number was used."),
    "visitdoc_bad_choice": (
        "Dokumen kunjungan tidak dikenal: {value}. Pilih: {choices}.",
        "Unknown visit document: {value}. Choose: {choices}."),
    "visitdoc_texts_broken": (
        "Teks dokumen kunjungan ({path}) tidak dapat dipakai: {detail}.",
        "The visit documents' texts ({path}) cannot be used: {detail}."),
    "visitdoc_cli_options": (
        "--receipts dan --per-letter tidak dipakai untuk dokumen kunjungan (--visit).",
        "--receipts and --per-letter do not apply to visit documents (--visit)."),
    "visitdoc_time_open": ("waktu menyusul", "time to be agreed"),
    "visitdoc_not_recorded": ("Belum dicatat", "Not recorded yet"),
})


# --- the wording ------------------------------------------------------------------------

@cache
def visit_texts() -> dict[str, dict[str, str]]:
    """The documents' texts from the resource, every placeholder checked: an office that
    edited the file and broke it gets a message naming what is wrong."""
    path = paths.resource(*RESOURCE)
    known = set(templates.PLACEHOLDERS) | set(EXTRA_PLACEHOLDERS)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        out = {key: {k: str(v) for k, v in data[key].items()}
               for key in ("penerima", "pemberitahuan", "daftar_peserta", "berita_acara",
                           "surat_keluarga")}
    except (OSError, ValueError, KeyError, AttributeError) as exc:
        raise UserError("visitdoc_texts_broken", path=str(path), detail=str(exc)) from None
    for section, parts in out.items():
        for part, text in parts.items():
            for name in templates.placeholders_in(text, part=f"{section}.{part}"):
                if name not in known:
                    raise UserError("visitdoc_texts_broken", path=str(path),
                                    detail=f"{section}.{part}: {{{name}}}")
    return out


def _family_texts() -> LetterTexts:
    """The family letter's wording as summoning-letter texts (the same parts, checked by
    the same rules), for both rounds: a family letter has no second call."""
    given = visit_texts()["surat_keluarga"]
    parts = {p.key: templates.validate_text(p.key, given.get(p.key, ""))
             for p in templates.PARTS}
    return LetterTexts({1: parts, 2: parts})


def _fill_lines(text: str, values: Mapping[str, str]) -> str:
    """A list template filled line by line; a line naming an empty value is dropped
    ('Camat {kecamatan_tempat}' for a place of unknown kecamatan)."""
    kept = [line for line in text.split("\n")
            if all(values.get(n) for n in templates.placeholders_in(line))]
    return templates.fill("\n".join(kept), values)


# --- what the documents print --------------------------------------------------------------

@dataclass(frozen=True)
class _Visit:
    id: int
    day: dt.date
    start: str | None
    end: str | None
    state: str
    team: tuple[str, ...]
    kits: int
    kind: str
    place: str
    place_address: str
    kecamatan_code: str | None
    kelurahan_code: str | None
    contact_name: str
    contact_title: str


@dataclass(frozen=True)
class _Person:
    id: int
    nik: str
    name: str
    address: str
    rt: str
    rw: str
    kelurahan: str
    kecamatan: str
    sex: str | None
    birth_date: str | None
    birth_raw: str | None
    outcome: str | None


def _load_visit(db: pw.Database, visit_id: int) -> _Visit:
    v, loc = models.Visit, models.Location
    row = (v.select(v.id, v.date, v.start_time, v.end_time, v.state, v.team, v.kits, loc.kind,
                    loc.name, loc.address, loc.kecamatan_code, loc.kelurahan_code,
                    loc.contact_name, loc.contact_title)
           .join(loc, on=(loc.id == v.location)).where(v.id == int(visit_id)).tuples()
           .first(db))
    if row is None:
        raise UserError("sched_visit_missing", visit_id=visit_id)
    team = tuple(clean(t) for t in (row[5] or []) if clean(t))
    return _Visit(row[0], dt.date.fromisoformat(row[1]), row[2], row[3], row[4], team,
                  int(row[6] or 1), row[7], clean(row[8]), clean(row[9]), row[10], row[11],
                  clean(row[12]), clean(row[13]))


def _load_people(db: pw.Database, visit_id: int) -> list[_Person]:
    table = regions.default_table()
    rows = db.execute_sql(
        "SELECT p.id, p.nik, p.name, p.address, p.rt, p.rw, p.kelurahan_code, p.kelurahan_raw, "
        "p.kecamatan_code, p.sex, p.birth_date, p.birth_date_raw, vp.outcome "
        "FROM visit_person vp JOIN person p ON p.id = vp.person_id WHERE vp.visit_id = ? "
        "ORDER BY p.kelurahan_code IS NULL, p.kelurahan_code, p.rw, p.rt, p.name_norm, p.id",
        (visit_id,))
    return [_Person(r[0], r[1] or "", display_name(r[2]), clean(r[3]), clean(r[4]),
                    clean(r[5]), table.kelurahan_name(r[6]) or clean(r[7]),
                    table.kecamatan_name(r[8] or (r[6] or "")[:6]), r[9], r[10], r[11], r[12])
            for r in rows]


def _hours(visit: _Visit) -> str:
    if visit.start and visit.end:
        return f"{format_time_range(visit.start, visit.end)} WIB"
    return messages.text("visitdoc_time_open")


def _values(db: pw.Database, visit: _Visit, people: int, profile: OfficeProfile
            ) -> dict[str, str]:
    """The placeholders of the institution's documents."""
    table = regions.default_table()
    polls = election.current(db)
    recipient = visit_texts()["penerima"]
    return {
        "hari_tanggal": format_date_id(visit.day), "tanggal": format_date_plain(visit.day),
        "pukul": _hours(visit), "tempat": visit.place, "alamat_tempat": visit.place_address,
        "tim": ", ".join(visit.team), "jumlah": format_count(people),
        "perangkat": str(visit.kits),
        "penerima": recipient.get(visit.kind) or recipient.get("lainnya", "Pimpinan"),
        "kecamatan_tempat": table.kecamatan_name(
            visit.kecamatan_code or (visit.kelurahan_code or "")[:6]),
        "kelurahan_tempat": table.kelurahan_name(visit.kelurahan_code),
        "nama_pemilu": polls.name, "tanggal_pemilu": format_date_plain(polls.day),
        "kantor": profile.office, "pemerintah": profile.government, "kota": profile.city,
    }


def _addressee(visit: _Visit, values: Mapping[str, str], profile: OfficeProfile) -> list[str]:
    """'Yth.' and the contact's name when known (else the jabatan and the place), the
    jabatan and place, the address and 'di <city>'."""
    title = visit.contact_title or values["penerima"]
    role = f"{title} {visit.place}"
    lines = [f"Yth. {visit.contact_name or role}"]
    if visit.contact_name:
        lines.append(role)
    if visit.place_address:
        lines.append(visit.place_address)
    if profile.city:
        lines.append(f"di {profile.city.strip()}")
    return lines


def _team_leader(visit: _Visit) -> Signer:
    return Signer(visit_texts()["berita_acara"]["pihak_tim"] + ",",
                  visit.team[0] if visit.team else None)


def _details(visit: _Visit, values: Mapping[str, str]) -> str:
    rows = [("Tempat", visit.place), ("Alamat", visit.place_address),
            ("Hari/tanggal", values["hari_tanggal"]), ("Pukul", values["pukul"]),
            ("Petugas", values["tim"]), ("Jumlah peserta", f"{values['jumlah']} orang")]
    return "\n".join(f"{label}: {value}" for label, value in rows)


def _counts(people: Sequence[_Person]) -> list[tuple[str, int]]:
    """(label, count) per visit outcome, every outcome shown (0 too), then outcomes of
    other kinds and those not recorded yet, when there are any."""
    tally: dict[str | None, int] = {}
    for person in people:
        tally[person.outcome] = tally.get(person.outcome, 0) + 1
    rows = [(STATUS_LABELS[code], tally.pop(code, 0)) for code in VISIT_OUTCOMES]
    not_recorded = tally.pop(None, 0)
    rows += [(STATUS_LABELS.get(c, c), n) for c, n in sorted(tally.items())]
    if not_recorded:
        rows.append((messages.text("visitdoc_not_recorded"), not_recorded))
    return rows


def _rt_rw(person: _Person) -> str:
    """'RT 001 / RW 002', as the summoning letter writes it."""
    return " / ".join(x for x in (f"RT {person.rt}" if person.rt else "",
                                  f"RW {person.rw}" if person.rw else "") if x)


def _participant(person: _Person, full_nik: bool) -> Participant:
    address = ", ".join(x for x in (person.address, _rt_rw(person),
                                    f"Kel. {person.kelurahan}" if person.kelurahan else "") if x)
    outcome = STATUS_LABELS.get(person.outcome, "")
    return Participant(person.name, person.nik if full_nik else nik.mask(person.nik),
                       birth_shown(person.birth_date, person.birth_raw, masked=not full_nik),
                       address, outcome)


# --- the register ---------------------------------------------------------------------------

@dataclass(frozen=True)
class DocumentInfo:
    """A document written: its kind, number, the person (family letter) and its pages."""

    kind: str
    number: str
    code: str
    person_id: int | None
    letter_date: dt.date
    pages: int
    reprint: bool
    document_id: int = 0  # its row in visit_document


@dataclass(frozen=True)
class VisitDocsResult:
    visit_id: int
    out: Path
    documents: tuple[DocumentInfo, ...]
    changes: Changes = field(default_factory=lambda: Changes(letters=True))

    @property
    def pages(self) -> int:
        return sum(d.pages for d in self.documents)

    def documents_on_pages(self, pages: tuple[int, int] | None) -> tuple[int, ...]:
        """The registered documents (visit_document ids) a page range of the PDF prints at
        least one page of; every document for None."""
        first, last = pages or (1, self.pages)
        ids, at = [], 1
        for doc in self.documents:
            if at <= last and first < at + doc.pages:
                ids.append(doc.document_id)
            at += doc.pages
        return tuple(ids)

    def as_json(self) -> dict[str, object]:
        return {"visit_id": self.visit_id, "out": str(self.out),
                "documents": [{"kind": d.kind, "number": d.number, "pages": d.pages,
                               "person_id": d.person_id, "reprint": d.reprint}
                              for d in self.documents]}


def registered(db: pw.Database, visit_id: int) -> dict[tuple[str, int | None], tuple]:
    """The latest registered document of each (kind, person) of a visit:
    (number, code, letter_date, id)."""
    doc = models.VisitDocument
    rows = (doc.select(doc.kind, doc.person, doc.number, doc.code, doc.letter_date, doc.id)
            .where(doc.visit == int(visit_id)).order_by(doc.id).tuples().execute(db))
    return {(r[0], r[1]): (r[2], r[3], dt.date.fromisoformat(r[4]), r[5]) for r in rows}


def _kinds_for(choice: str, visit: _Visit, today: dt.date) -> tuple[str, ...]:
    if choice not in CHOICES:
        raise UserError("visitdoc_bad_choice", value=choice, choices=", ".join(CHOICES))
    home = visit.kind == HOME
    if choice == "all":  # what the visit can have now
        return tuple(k for k in KINDS
                     if not (k == "pemberitahuan" and home)
                     and not (k == "surat_keluarga" and not home)
                     and not (k == "berita_acara" and today < visit.day))
    kind = CHOICES[choice][0]
    if kind == "surat_keluarga" and not home:
        raise UserError("visitdoc_family_only_home", visit_id=visit.id, place=visit.place)
    if kind == "pemberitahuan" and home:
        raise UserError("visitdoc_notice_not_home")
    if kind == "berita_acara" and today < visit.day:
        raise UserError("visitdoc_early_report", visit_id=visit.id,
                        date=format_date_id(visit.day))
    return (kind,)


def make_visit_documents(db: pw.Database, visit_id: int, *, out: Path, doc: str = "all",
                         letter_date: dt.date | None = None, new_numbers: bool = False,
                         user: str | None = None, invariant: bool = False
                         ) -> VisitDocsResult:
    """Write a visit's documents (``doc``: a key of :data:`CHOICES`) to one PDF. A document
    made before for the visit keeps its number, code and date unless ``new_numbers``.
    UserError, with nothing registered and no file written, for an unknown or cancelled
    visit, a visit with nobody on it, a document the visit's place has no use for, a
    berita acara before the visit's day, a missing logo or an unwritable folder."""
    outputs.check_outputs([out], database=db)
    today = clock.today()
    visit = _load_visit(db, visit_id)
    if visit.state == "batal":
        raise UserError("visitdoc_cancelled", visit_id=visit.id)
    kinds = _kinds_for(doc, visit, today)
    people = _load_people(db, visit.id)
    if not people:
        raise UserError("visitdoc_no_people", visit_id=visit.id)
    letter_date = batch.check_letter_date(db, letter_date or today, today=today)
    profile = batch.print_profile(db)
    by = user or accounts.acting_name(db)
    values = _values(db, visit, len(people), profile)
    wanted = [(k, None) for k in kinds if k != "surat_keluarga"]
    if "surat_keluarga" in kinds:
        wanted += [("surat_keluarga", p.id) for p in people]
    work = _work_dir(out.parent)
    try:
        with db.atomic():
            known = {} if new_numbers else registered(db, visit.id)
            made: list[DocumentInfo] = []
            parts: list[Path] = []
            for index, (kind, person_id) in enumerate(wanted):
                info = _number(db, known.get((kind, person_id)), kind, person_id, visit.id,
                               profile, letter_date, by)
                person = next((p for p in people if p.id == person_id), None)
                data, pages = _render(kind, info, visit, people, person, values, profile,
                                      db, invariant)
                part = work.path / f"{index:05d}.pdf"
                part.write_bytes(data)
                parts.append(part)
                made.append(DocumentInfo(kind, info[0], info[1], person_id, info[2], pages,
                                         info[3], info[4]))
            temp = work.path / "dokumen.pdf"
            with temp.open("wb") as handle:
                pdfjoin.join(parts, handle, title=f"Dokumen kunjungan {visit.id}")
                handle.flush()
                os.fsync(handle.fileno())
            audit.record(db, by, "kunjungan_dokumen", visit_id=visit.id,
                         documents=[[d.kind, d.number, d.reprint] for d in made], out=str(out))
            used = [k for k in ("signature", "stamp") if getattr(profile, k)]
            signed = [d.number for d in made if d.kind != "daftar_peserta"]
            if used and signed:  # the head of the office signs these, as the summonses
                audit.record(db, by, "surat_ttd_cap", images=used, letters=len(signed),
                             selection=f"kunjungan {visit.id}", first_number=signed[0],
                             last_number=signed[-1])
            os.replace(temp, out)  # inside the transaction: a failed move registers nothing
    except (OSError, pw.DatabaseError) as exc:  # a full disk, a busy database: nothing kept
        raise environment_error(exc) or UserError(
            "letters_render_failed", detail=str(exc) or type(exc).__name__) from exc
    finally:
        work.close()
    return VisitDocsResult(visit.id, out, tuple(made))


def _work_dir(folder: Path) -> workdirs.WorkDir:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        workdirs.clean_stale(folder)
        return workdirs.WorkDir(folder)
    except OSError as exc:
        raise UserError("letters_out_folder", path=str(folder),
                        detail=exc.strerror or str(exc)) from None


def _number(db: pw.Database, known: tuple | None, kind: str, person_id: int | None,
            visit_id: int, profile: OfficeProfile, letter_date: dt.date, by: str
            ) -> tuple[str, str, dt.date, bool, int]:
    """(number, code, date, reprint, id): the registered one, else a new serial of the year
    (the summoning letters' counter) registered now."""
    if known is not None:
        return known[0], known[1], known[2], True, known[3]
    year = letter_date.year
    serial = numbering.take_serials(db, year, 1)
    number = numbering.format_number(profile.number_pattern, serial, letter_date)
    code = numbering.new_code()
    document_id = models.VisitDocument.insert(
        number=number, year=year, serial=serial, code=code, visit=visit_id,
        person=person_id, kind=kind, letter_date=letter_date.isoformat(),
        issued_at=clock.timestamp(), issued_by=by).execute(db)
    return number, code, letter_date, False, int(document_id)


def _render(kind: str, info: tuple, visit: _Visit, people: Sequence[_Person],
            person: _Person | None, values: Mapping[str, str], profile: OfficeProfile,
            db: pw.Database, invariant: bool) -> tuple[bytes, int]:
    number, code, letter_date = info[0], info[1], info[2]
    texts = visit_texts()
    if kind == "surat_keluarga":
        assert person is not None
        return _family_letter(db, person, visit, number, code, letter_date, profile, invariant)
    renderer = VisitDocRenderer(profile, invariant=invariant)
    section = texts[kind]
    filled = {k: (_fill_lines(v, values) if k == "tembusan" else templates.fill(v, values))
              for k, v in section.items()}
    if kind == "pemberitahuan":
        page = DocPage(number, letter_date, filled,
                       details=_fill_lines(section.get("rincian", ""), values),
                       addressee=_addressee(visit, values, profile))
        return renderer.render_pemberitahuan(page)
    if kind == "daftar_peserta":
        page = DocPage(number, letter_date, filled, details=_details(visit, values),
                       people=[_participant(p, profile.print_full_nik) for p in people],
                       signers=[_team_leader(visit)])
        return renderer.render_daftar(page)
    institution = (Signer("Pihak keluarga,") if visit.kind == HOME else
                   Signer(f"{visit.contact_title or filled['pihak_lembaga']} {visit.place},",
                          visit.contact_name or None))
    page = DocPage(number, letter_date, filled, counts=_counts(people),
                   signers=[institution, _team_leader(visit)],
                   acknowledger=renderer.office_signer())
    return renderer.render_berita_acara(page)


class _FamilyLetterRenderer(LetterRenderer):
    qr_hint = "Tunjukkan kepada petugas yang datang"  # the team scans it at the home


def _family_letter(db: pw.Database, person: _Person, visit: _Visit, number: str, code: str,
                   letter_date: dt.date, profile: OfficeProfile, invariant: bool
                   ) -> tuple[bytes, int]:
    """The summoning letter's layout and QR code, with the family letter's wording."""
    values = letter_values(
        name=person.name, nik=person.nik if profile.print_full_nik else nik.mask(person.nik),
        address=person.address, rt=person.rt, rw=person.rw, kelurahan=person.kelurahan,
        kecamatan=person.kecamatan, day=visit.day, start=visit.start or "00:00",
        end=visit.end or "00:00", place="", place_address="", number=number, round_=1,
        letter_date=letter_date, election=election.current(db), profile=profile,
        sex=person.sex, nik_digits=person.nik)
    values["pukul"] = _hours(visit)
    home = ", ".join(x for x in (person.address, _rt_rw(person)) if x)
    values["tempat"] = f"Rumah {values['saudara']}" + (f", {home}" if home else "")
    renderer = _FamilyLetterRenderer(RenderConfig(profile, _family_texts(), invariant))
    letter = LetterData(0, person.id, number, code, 1, letter_date, values)
    data = renderer.render_bytes([letter])
    return data, len(renderer.layout(letter))
