"""A print run of summoning letters: choose the summonses, number the letters, render one
PDF (optionally one per letter, and a delivery list per RT/RW), register the numbers.

The order is the RT heads' order: kelurahan, RW, RT, name. Letters of a second or later
call (round ≥ 2) use the round-2 wording. A summons whose call already has a letter (it
was printed before, or moved since) is a *reprint*: same number, same QR code, logged in
``letter_reprint``. Printed letters are marked ``dicetak`` on the summons, as the
scheduling core keeps it (a letter is not a status event: events fold into the person's
status).

Numbers are registered only once every file is written. The letters are rendered with
provisional numbers while no lock is held (6,000 letters take seconds, and other desks
must keep writing meanwhile); then one short write transaction (``BEGIN IMMEDIATE``)
checks that nobody took numbers or changed these summonses since, takes the serials,
registers the letters, marks them printed and moves the files to their final names. If
someone did, the run starts again with fresh numbers; two batches therefore never share a
number. A full disk, an unwritable folder, a missing logo or a template that does not fit
raises UserError and registers nothing; cancelling leaves nothing behind.

Big batches are rendered in parts by two worker processes (both cores) and the parts
joined (:mod:`.pdfjoin`); each part is a bounded reportlab document, so memory stays flat.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

import peewee as pw

from ektp_desk.core import (
    accounts,
    audit,
    clock,
    election,
    messages,
    nik,
    outputs,
    regions,
    scheduling,
    settings,
)
from ektp_desk.core.calendar import format_date_id, format_time_range
from ektp_desk.core.errors import Cancelled, UserError, environment_error
from ektp_desk.core.jobs import NEVER_CANCELLED, CancelToken, Changes, Progress, no_progress
from ektp_desk.core.letters import numbering, pdfjoin, workdirs
from ektp_desk.core.letters import profile as office_profile
from ektp_desk.core.letters.profile import OfficeProfile
from ektp_desk.core.letters.receipts import ReceiptRenderer, ReceiptRow
from ektp_desk.core.letters.render import (
    LetterData,
    LetterOverflow,
    LetterRenderer,
    RenderConfig,
    letter_values,
)
from ektp_desk.core.letters.templates import LetterTexts, load_texts
from ektp_desk.core.text import clean, display_name

PART_SIZE = 300  # letters per part file: bounds a worker's memory
PARALLEL_MIN = 600  # below this, starting worker processes costs more than it saves
MAX_ATTEMPTS = 4
PREVIEW_CODE = "PRATINJAU222"  # valid base32, never registered
# A letter is dated about when it is printed, for a session planned at most about a year
# ahead; a later date is a typo (9999-12-31) that would take a number in a far year.
LETTER_DATE_MAX_AHEAD = dt.timedelta(days=366)

messages.register({
    "letters_none": ("Tidak ada surat yang cocok dengan pilihan ini ({what}).",
                     "No letters match this choice ({what})."),
    "letters_choose": (
        "Pilih surat yang dicetak: satu sesi, satu hari, satu kelurahan, yang belum "
        "dicetak, yang perlu dicetak ulang, atau nomor panggilan tertentu.",
        "Choose the letters to print: a session, a day, a kelurahan, the unprinted ones, "
        "those marked for reprint, or given summons numbers."),
    "letters_busy": (
        "Meja lain terus mencetak surat pada waktu yang sama; tidak ada nomor yang "
        "dipakai. Coba lagi sebentar lagi.",
        "Another desk keeps printing letters at the same time; no number was used. Try "
        "again shortly."),
    "letters_overflow": (
        "Surat untuk {name} lebih panjang dari {pages} halaman. Perpendek teks surat di "
        "Profil Kantor. Tidak ada nomor yang dipakai.",
        "The letter for {name} is longer than {pages} pages. Shorten the letter texts on "
        "Profil Kantor. No number was used."),
    "letters_out_folder": (
        "Tidak dapat menulis di folder {path} ({detail}). Pilih folder lain. Tidak ada "
        "nomor yang dipakai.",
        "Cannot write in folder {path} ({detail}). Choose another folder. No number was "
        "used."),
    "letters_summons_missing": (
        "Panggilan nomor {ids} tidak ada atau sudah tidak berlaku.",
        "Summons number {ids} does not exist or is no longer open."),
    "letters_date_window": (
        "Tanggal surat {date} tidak wajar: harus antara {first} (pemilu sebelumnya, "
        "sebelum pendataan ini dimulai) dan {last} (setahun dari hari ini). Tidak ada nomor "
        "yang dipakai.",
        "Letter date {date} is implausible: it must be between {first} (the previous "
        "election, before this drive began) and {last} (a year from today). No number was "
        "used."),
    "letters_no_logo": (
        "Surat belum dapat dicetak: logo daerah belum dipilih. Pilih logonya di Profil "
        "Kantor (Ctrl+6); tanpa logo surat hanya dapat dilihat sebagai CONTOH. Tidak ada "
        "nomor yang dipakai.",
        "Letters cannot be made yet: no regional logo is set. Choose it on Profil Kantor "
        "(Ctrl+6); without a logo a letter can only be previewed as a SAMPLE. No number "
        "was used."),
    "letters_after_election": (
        "Tidak ada surat yang dibuat. Tambahkan --after-election untuk tetap membuatnya.",
        "No letters were made. Add --after-election to make them anyway."),
    "letters_render_failed": (
        "Pembuatan PDF gagal: {detail}. Tidak ada nomor yang dipakai.",
        "Making the PDF failed: {detail}. No number was used."),
})


# --- choosing letters ------------------------------------------------------------------

@dataclass(frozen=True)
class Selection:
    """Which open summonses to print. Filters combine with AND; at least one is needed.
    ``kelurahan``: a 10-digit code or a name; ``unprinted``: letter not printed yet;
    ``reprint``: letters marked 'cetak_ulang' (moved, or marked by hand)."""

    slot_id: int | None = None
    date: dt.date | None = None
    kelurahan: str | None = None
    unprinted: bool = False
    reprint: bool = False
    summons_ids: tuple[int, ...] | None = None

    def describe(self) -> str:
        """Words for messages and the audit log: 'sesi 12, belum dicetak'."""
        bits = []
        if self.slot_id is not None:
            bits.append(f"sesi {self.slot_id}")
        if self.date is not None:
            bits.append(format_date_id(self.date))
        if self.kelurahan:
            bits.append(f"kelurahan {self.kelurahan}")
        if self.unprinted:
            bits.append("belum dicetak")
        if self.reprint:
            bits.append("perlu dicetak ulang")
        if self.summons_ids is not None:
            bits.append(f"{len(self.summons_ids)} panggilan")
        return ", ".join(bits)

    @property
    def empty(self) -> bool:
        return not self.describe()


_ROW_SQL = """
SELECT m.id, m.person_id, m.round, m.letter, m.slot_id, p.name, p.nik, p.address, p.rt, p.rw,
       p.kelurahan_code, p.kelurahan_raw, p.kecamatan_code, s.date, s.start_time, s.end_time,
       l.name, l.address, p.sex
FROM summons m JOIN person p ON p.id = m.person_id JOIN slot s ON s.id = m.slot_id
JOIN location l ON l.id = s.location_id
"""
_ORDER = (" ORDER BY p.kelurahan_code IS NULL, p.kelurahan_code, p.rw, p.rt, p.name_norm, "
          "p.id, m.id")


def _where(selection: Selection) -> tuple[str, list[object]]:
    clauses = ["m.state = 'open'"]
    params: list[object] = []
    if selection.slot_id is not None:
        clauses.append("m.slot_id = ?")
        params.append(int(selection.slot_id))
    if selection.date is not None:
        clauses.append("s.date = ?")
        params.append(selection.date.isoformat())
    if selection.kelurahan:
        match = regions.default_table().match_kelurahan(selection.kelurahan)
        if match is None:
            raise UserError("sched_bad_kelurahan", value=selection.kelurahan)
        clauses.append("p.kelurahan_code = ?")
        params.append(match.kelurahan.code)
    states = [s for s, on in ((scheduling.LETTER_NOT_PRINTED, selection.unprinted),
                              (scheduling.LETTER_REPRINT, selection.reprint)) if on]
    if states:
        clauses.append(f"m.letter IN ({','.join('?' * len(states))})")
        params += states
    if selection.summons_ids is not None:
        clauses.append("m.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps([int(i) for i in selection.summons_ids]))
    return " WHERE " + " AND ".join(clauses), params


def select_summonses(db: pw.Database, selection: Selection) -> list[int]:
    """The open summonses a selection prints, in print order (kelurahan, RW, RT, name)."""
    if selection.empty:
        raise UserError("letters_choose")
    where, params = _where(selection)
    return [r[0] for r in db.execute_sql(_ROW_SQL + where + _ORDER, params)]


@dataclass(frozen=True, slots=True)
class LetterStatus:
    """A summons' letter as the Surat page lists it."""

    summons_id: int
    person_id: int
    name: str
    letter: str  # belum_dicetak | dicetak | cetak_ulang
    number: str | None
    reprints: int
    kelurahan: str = ""  # where the letter is delivered: the list's order
    rt_rw: str = ""
    session: str = ""  # 'Senin, 14 Desember 2026 08.00–09.00': when the letter calls them


def letter_statuses(db: pw.Database, selection: Selection) -> list[LetterStatus]:
    """Each selected summons with its letter state and number (if registered)."""
    where, params = _where(selection)
    rows = db.execute_sql(_ROW_SQL + where + _ORDER, params).fetchall()
    known = numbering.letters_for(db, [r[0] for r in rows])
    table = regions.default_table()
    return [LetterStatus(r[0], r[1], display_name(r[5]), r[3],
                         known[r[0]].number if r[0] in known else None,
                         known[r[0]].reprints if r[0] in known else 0,
                         table.kelurahan_name(r[10]) or clean(r[11]),
                         f"{r[8] or '-'}/{r[9] or '-'}" if r[8] or r[9] else "",
                         f"{format_date_id(dt.date.fromisoformat(r[13]))} "
                         f"{format_time_range(r[14], r[15])}")
            for r in rows]


def mark_for_reprint(db: pw.Database, summons_ids: Iterable[int], *,
                     user: str | None = None) -> scheduling.LetterResult:
    """Mark printed letters of open summonses 'cetak_ulang' (lost, damaged): the next
    ``--reprint`` run prints them again with the same number."""
    accounts.require_acting(db, "reprint")
    ids = json.dumps([int(i) for i in summons_ids])
    with db.atomic():
        cursor = db.execute_sql(
            "UPDATE summons SET letter = ? WHERE state = 'open' AND letter = ? "
            "AND id IN (SELECT value FROM json_each(?))",
            (scheduling.LETTER_REPRINT, scheduling.LETTER_PRINTED, ids))
        audit.record(db, user or accounts.acting_name(db), "surat_tandai_ulang",
                     summons=json.loads(ids))
    return scheduling.LetterResult(cursor.rowcount)


# --- the snapshot a run is rendered from ---------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Item:
    letter: LetterData
    receipt: ReceiptRow
    name: str
    letter_id: int | None  # set for a reprint
    serial: int | None  # set for a new letter


@dataclass
class _Snapshot:
    items: list[_Item]
    state: list[tuple]  # what must not change before registering
    existing: dict[int, int]  # summons id -> letter id
    year: int
    first_serial: int
    new_count: int


def _state(db: pw.Database, summons_ids: Sequence[int]) -> list[tuple]:
    return [tuple(r) for r in db.execute_sql(
        "SELECT m.id, m.state, m.letter, m.slot_id, p.updated_at, p.name, p.address "
        "FROM summons m JOIN person p ON p.id = m.person_id "
        "WHERE m.id IN (SELECT value FROM json_each(?)) ORDER BY m.id",
        (json.dumps(list(summons_ids)),))]


def _snapshot(db: pw.Database, selection: Selection, profile: OfficeProfile,
              letter_date: dt.date) -> _Snapshot:
    where, params = _where(selection)
    rows = db.execute_sql(_ROW_SQL + where + _ORDER, params).fetchall()
    if selection.summons_ids is not None:
        found = {r[0] for r in rows}
        missing = [i for i in selection.summons_ids if i not in found]
        if missing:
            raise UserError("letters_summons_missing", ids=", ".join(map(str, missing[:10])))
    if not rows:
        raise UserError("letters_none", what=selection.describe())
    ids = [r[0] for r in rows]
    known = numbering.letters_for(db, ids)
    year = letter_date.year
    first = numbering.last_serial(db, year) + 1
    polls = election.current(db)
    table = regions.default_table()
    items: list[_Item] = []
    serial = first
    for (sid, pid, round_, _, _, name, nik_, address, rt, rw, kel_code, kel_raw,
         kec_code, day, start, end, place, place_address, sex) in rows:
        old = known.get(sid)
        if old is not None:
            number, code, date_, letter_id, new_serial = (
                old.number, old.code, old.letter_date, old.letter_id, None)
        else:
            number = numbering.format_number(profile.number_pattern, serial, letter_date)
            code, date_, letter_id, new_serial = numbering.new_code(), letter_date, None, serial
            serial += 1
        shown_name = display_name(name)
        kelurahan = table.kelurahan_name(kel_code) or clean(kel_raw)
        kecamatan = table.kecamatan_name(kec_code or (kel_code or "")[:6])
        the_day = dt.date.fromisoformat(day)
        values = letter_values(
            name=shown_name, nik=nik_ if profile.print_full_nik else nik.mask(nik_),
            address=clean(address), rt=clean(rt), rw=clean(rw), kelurahan=kelurahan,
            kecamatan=kecamatan, day=the_day, start=start, end=end, place=clean(place),
            place_address=clean(place_address), number=number, round_=round_,
            letter_date=date_, election=polls, profile=profile, sex=sex,
            nik_digits=nik_ or "")
        letter = LetterData(sid, pid, number, code, round_, date_, values)
        receipt = ReceiptRow(kelurahan, kecamatan, clean(rw), clean(rt), shown_name,
                             nik.mask(nik_), clean(address), number,
                             f"{format_date_id(the_day)}, {values['pukul']}", clean(place))
        items.append(_Item(letter, receipt, shown_name, letter_id, new_serial))
    return _Snapshot(items, _state(db, ids), {s: i.letter_id for s, i in known.items()},
                     year, first, serial - first)


# --- rendering (in this process or two workers) ----------------------------------------------

_worker_renderer: LetterRenderer | None = None


def _init_worker(config: RenderConfig) -> None:
    global _worker_renderer
    _worker_renderer = LetterRenderer(config)


def _render_job(part: Path | None, letters: Sequence[LetterData],
                singles: Sequence[Path]) -> int:
    """Render letters into one part file and/or one file per letter (worker side)."""
    renderer = _worker_renderer
    assert renderer is not None
    if part is not None:
        renderer.render(letters, part)
    for letter, path in zip(letters, singles, strict=False):
        renderer.render([letter], path)
    return len(letters)


def _render_parts(config: RenderConfig, items: Sequence[_Item], part_dir: Path, *,
                  with_parts: bool, singles: Sequence[Path], workers: int,
                  progress: Progress, cancel: CancelToken) -> list[Path]:
    """Render every letter into part files (in order) and/or single files; returns the
    part files. Two worker processes for big batches."""
    letters = [i.letter for i in items]
    jobs = []
    for start in range(0, len(letters), PART_SIZE):
        part = part_dir / f"part{start // PART_SIZE:05d}.pdf" if with_parts else None
        jobs.append((part, letters[start:start + PART_SIZE],
                     list(singles[start:start + PART_SIZE])))
    total = len(letters)
    done = 0
    if workers > 1 and total >= PARALLEL_MIN and len(jobs) > 1:
        # spawn, not fork: the window's threads and open SQLite handles must not be copied
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                                 initializer=_init_worker, initargs=(config,)) as pool:
            futures: list[Future[int]] = [pool.submit(_render_job, *job) for job in jobs]
            try:
                for future in futures:
                    while True:
                        cancel.raise_if_cancelled()
                        try:
                            done += future.result(timeout=0.2)
                            break
                        except TimeoutError:
                            continue
                    progress(done, total, "Membuat surat")
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
    else:
        _init_worker(config)
        for part, chunk, single in jobs:
            cancel.raise_if_cancelled()
            done += _render_job(part, chunk, single)
            progress(done, total, "Membuat surat")
    return [job[0] for job in jobs if job[0] is not None]


_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


NAME_MAX_BYTES = 255  # a file name's limit on ext4, NTFS (UTF-16 units) and APFS
_NUMBER_MAX_BYTES = 100


def _cut(text: str, max_bytes: int) -> str:
    """`text` cut to at most `max_bytes` of UTF-8, never inside a letter."""
    return text.encode()[:max_bytes].decode("utf-8", "ignore")


def file_name(name: str, number: str) -> str:
    """A per-letter file name after the person, made unique by the letter number:
    "NUR'AINI (400.12.2.1-12-Dindukcapil-VII-2023).pdf" (safe on Windows too). The name is
    cut to fit the file system's limit, which counts bytes, not letters."""
    safe_number = _cut(_UNSAFE.sub("-", number).strip(" .-"), _NUMBER_MAX_BYTES)
    tail = f" ({safe_number}).pdf"
    safe_name = _UNSAFE.sub(" ", name).strip(" .") or "SURAT"
    safe_name = _cut(safe_name[:80], NAME_MAX_BYTES - len(tail.encode())).rstrip(" .")
    return f"{safe_name or 'SURAT'}{tail}"


# --- the print run ------------------------------------------------------------------------------

@dataclass(frozen=True)
class BatchResult:
    """A finished print run. ``new_numbers`` letters got a number; ``reprints`` kept
    theirs. ``numbers`` are the new numbers in print order."""

    letters: int
    pages: int
    out: Path | None
    receipts: Path | None = None
    receipt_pages: int = 0
    per_letter: tuple[Path, ...] = ()
    new_numbers: int = 0
    reprints: int = 0
    numbers: tuple[str, ...] = ()
    summons_ids: tuple[int, ...] = ()  # in print order: what a print job links to
    changes: Changes = field(default_factory=lambda: Changes(letters=True, schedule=True))

    def as_json(self) -> dict[str, object]:
        return {"letters": self.letters, "pages": self.pages,
                "out": str(self.out) if self.out else None,
                "receipts": str(self.receipts) if self.receipts else None,
                "receipt_pages": self.receipt_pages, "per_letter": len(self.per_letter),
                "new_numbers": self.new_numbers, "reprints": self.reprints,
                "first_number": self.numbers[0] if self.numbers else None,
                "last_number": self.numbers[-1] if self.numbers else None}


class _Stale(Exception):
    """Someone took numbers or changed these summonses while we rendered."""


def _work_dirs(folders: Iterable[Path]) -> dict[Path, workdirs.WorkDir]:
    """A locked work folder in each output folder (made if missing), after clearing the
    ones killed runs left there; UserError naming a folder that cannot be written, before
    any work."""
    made: dict[Path, workdirs.WorkDir] = {}
    try:
        for folder in folders:
            if folder in made:
                continue
            try:
                folder.mkdir(parents=True, exist_ok=True)
                workdirs.clean_stale(folder)
                made[folder] = workdirs.WorkDir(folder)
            except OSError as exc:
                raise UserError("letters_out_folder", path=str(folder),
                                detail=exc.strerror or str(exc)) from None
    except BaseException:
        for work in made.values():
            work.close()
        raise
    return made


def _as_user_error(exc: BaseException) -> UserError:
    known = environment_error(exc)
    if known is not None:
        return known
    return UserError("letters_render_failed", detail=str(exc) or type(exc).__name__)


def print_batch(
    db: pw.Database,
    selection: Selection,
    *,
    out: Path | None,
    receipts: Path | None = None,
    per_letter: Path | None = None,
    letter_date: dt.date | None = None,
    user: str | None = None,
    workers: int | None = None,
    invariant: bool = False,
    texts: LetterTexts | None = None,
    hold: bool = False,
    progress: Progress = no_progress,
    cancel: CancelToken = NEVER_CANCELLED,
) -> BatchResult:
    """Print the letters a selection names: ``out`` one PDF (a page per letter),
    ``per_letter`` a folder with one PDF per letter named after the person, ``receipts``
    the delivery list per RT/RW. New letters are numbered and registered; letters already
    registered for the call are reprinted with their number (logged). All printed
    summonses are marked 'dicetak'. ``letter_date`` (default today) is the date on new
    letters; ``workers`` (default: the machine's cores, at most 2) render big batches in
    parallel. ``hold``: the PDF is for the printer, so the letters stay unprinted (*PDF
    dibuat*, numbers registered) until the print system accepts the job
    (:mod:`ektp_desk.core.printing.jobs`). UserError (nothing registered, no file left)
    for an empty selection, an unwritable folder, a full disk, a broken logo or a letter
    that does not fit a page."""
    if selection.empty:
        raise UserError("letters_choose")
    if selection.reprint:  # the letters marked for reprinting: a supervisor's run
        accounts.require_acting(db, "reprint")
    if out is None and per_letter is None and receipts is None:
        raise UserError("letters_choose")
    # before anything is read or rendered: no output over the database or another output
    outputs.check_outputs([out, receipts, per_letter], database=db)
    letter_date = check_letter_date(db, letter_date or clock.today(), today=clock.today())
    by = user or accounts.acting_name(db)
    profile = print_profile(db)
    config = RenderConfig(profile, texts or load_texts(db), invariant)
    worker_count = workers if workers is not None else min(2, os.cpu_count() or 1)
    for _attempt in range(MAX_ATTEMPTS):
        try:
            return _attempt_batch(db, selection, config, out=out, receipts=receipts,
                                  per_letter=per_letter, letter_date=letter_date, by=by,
                                  workers=worker_count, hold=hold, progress=progress,
                                  cancel=cancel)
        except _Stale:
            continue
    raise UserError("letters_busy")


def print_profile(db: pw.Database) -> OfficeProfile:
    """The office profile for a letter to hand out: UserError without the regional logo
    (the shield placeholder is for previews only) or with a logo that cannot be read."""
    profile = office_profile.load(db)
    if not profile.logo and not profile.logo_path:
        raise UserError("letters_no_logo")
    if profile.logo:
        office_profile.check_logo(profile.logo, name=profile.logo_path or "logo")
    elif profile.logo_path:
        # a logo chosen but not stored (older data, or stored elsewhere): read it now
        profile = office_profile.preview(profile, {"logo_path": profile.logo_path})
    return profile


def check_letter_date(db: pw.Database, letter_date: dt.date, *, today: dt.date) -> dt.date:
    """The date, or UserError when it lies before the previous election (this drive began
    after it) or more than LETTER_DATE_MAX_AHEAD after today: its number would be
    registered in a year the office never reaches."""
    first = settings.get_date(db, "previous_election_date")
    last = today + LETTER_DATE_MAX_AHEAD
    if not first <= letter_date <= last:
        raise UserError("letters_date_window", date=format_date_id(letter_date),
                        first=format_date_id(first), last=format_date_id(last))
    return letter_date


def _attempt_batch(db: pw.Database, selection: Selection, config: RenderConfig, *,
                   out: Path | None, receipts: Path | None, per_letter: Path | None,
                   letter_date: dt.date, by: str, workers: int, progress: Progress,
                   cancel: CancelToken, hold: bool = False) -> BatchResult:
    snap = _snapshot(db, selection, config.profile, letter_date)
    published: list[Path] = []
    # beside the outputs (same disk: the files are moved into place, never copied), and
    # never in the system temp folder where a killed run would leave them for anyone
    work = _work_dirs(f for f in (out and out.parent, receipts and receipts.parent,
                                  per_letter) if f is not None)
    try:
        out_temp = work[out.parent].path / out.name if out else None
        receipts_temp = work[receipts.parent].path / receipts.name if receipts else None
        single_dir = work[per_letter].path / "satu" if per_letter else None
        part_dir = next(iter(work.values())).path / "bagian"
        for folder in (single_dir, part_dir):
            if folder is not None:
                folder.mkdir()
        names = [file_name(i.name, i.letter.number) for i in snap.items]
        singles = [single_dir / n for n in names] if single_dir else []
        if per_letter is not None:  # a letter's file must not land on the database or out
            outputs.check_outputs([out, receipts, *(per_letter / n for n in names)],
                                  database=db)
        progress(0, len(snap.items), "Membuat surat")
        parts = _render_parts(config, snap.items, part_dir, with_parts=out is not None,
                              singles=singles, workers=workers, progress=progress,
                              cancel=cancel)
        pages = 0
        if out_temp is not None:
            with out_temp.open("wb") as handle:
                pages = pdfjoin.join(parts, handle,
                                     title="Surat panggilan perekaman KTP-el")
                handle.flush()
                os.fsync(handle.fileno())
        receipt_pages = 0
        if receipts_temp is not None:
            progress(len(snap.items), len(snap.items), "Membuat daftar tanda terima")
            receipt_pages = ReceiptRenderer(
                config.profile, invariant=config.invariant,
                acknowledger=str(settings.get(db, "receipt_acknowledger"))
            ).render([i.receipt for i in snap.items], receipts_temp)
        cancel.raise_if_cancelled()
        result = _register(db, snap, config.profile, by=by, selection=selection, out=out,
                           out_temp=out_temp, receipts=receipts, receipts_temp=receipts_temp,
                           per_letter=per_letter, singles=singles, published=published,
                           pages=pages if out else len(snap.items),
                           receipt_pages=receipt_pages, hold=hold)
    except LetterOverflow as exc:
        _unpublish(published)
        name = exc.args[1] if len(exc.args) > 1 else ""
        raise UserError("letters_overflow", name=name,
                        pages=LetterRenderer.max_pages) from None
    except (UserError, Cancelled, _Stale):
        _unpublish(published)
        raise
    except (OSError, pw.DatabaseError, BrokenProcessPool) as exc:
        # the environment's fault (disk full, folder gone, database busy, worker killed)
        _unpublish(published)
        raise _as_user_error(exc) from exc
    except BaseException:
        _unpublish(published)  # a bug: goes to the crash dialog, but leaves no files
        raise
    finally:
        for folder in work.values():
            folder.close()
    return result


def _unpublish(paths: Sequence[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def _register(db: pw.Database, snap: _Snapshot, profile: OfficeProfile, *, by: str,
              selection: Selection,
              out: Path | None, out_temp: Path | None, receipts: Path | None,
              receipts_temp: Path | None, per_letter: Path | None, singles: Sequence[Path],
              published: list[Path], pages: int, receipt_pages: int,
              hold: bool = False) -> BatchResult:
    """The short write transaction: check, number, register, mark, publish the files."""
    ids = [i.letter.summons_id for i in snap.items]
    now = clock.timestamp()
    with db.atomic():
        if _state(db, ids) != snap.state:
            raise _Stale()
        current = {s: i.letter_id for s, i in numbering.letters_for(db, ids).items()}
        if current != snap.existing:
            raise _Stale()
        new = [i for i in snap.items if i.serial is not None]
        if new and numbering.take_serials(db, snap.year, len(new)) != snap.first_serial:
            raise _Stale()
        try:
            numbering.register_letters(db, [
                {"number": i.letter.number, "year": snap.year, "serial": i.serial,
                 "code": i.letter.code, "summons_id": i.letter.summons_id,
                 "person_id": i.letter.person_id, "round": i.letter.round,
                 "letter_date": i.letter.letter_date.isoformat()} for i in new],
                issued_at=now, by=by)
        except pw.IntegrityError as exc:  # a number or code taken meanwhile: start again
            raise _Stale() from exc
        reprinted = [(i.letter_id, i.letter.summons_id) for i in snap.items
                     if i.letter_id is not None]
        numbering.log_reprints(db, reprinted, at=now, by=by)
        if not hold:  # held: printed once the print system accepts the job
            scheduling.mark_letters_printed(db, ids)
        audit.record(db, by, "surat_cetak", selection=selection.describe(),
                     letters=len(snap.items), new=len(new), reprints=len(reprinted),
                     first_number=new[0].letter.number if new else None,
                     last_number=new[-1].letter.number if new else None,
                     out=str(out) if out else None)
        used = [k for k in ("signature", "stamp") if getattr(profile, k)]
        if used:  # a signature or stamp printed by the program: who, when, on which letters
            audit.record(db, by, "surat_ttd_cap", images=used, letters=len(snap.items),
                         selection=selection.describe(),
                         first_number=snap.items[0].letter.number,
                         last_number=snap.items[-1].letter.number)
        # publish inside the transaction: a failed rename rolls the numbers back
        if out is not None and out_temp is not None:
            os.replace(out_temp, out)
            published.append(out)
        if receipts is not None and receipts_temp is not None:
            os.replace(receipts_temp, receipts)
            published.append(receipts)
        if per_letter is not None:
            for single in singles:
                target = per_letter / single.name
                os.replace(single, target)
                published.append(target)
    return BatchResult(
        letters=len(snap.items), pages=pages, out=out, receipts=receipts,
        receipt_pages=receipt_pages,
        per_letter=tuple(per_letter / s.name for s in singles) if per_letter else (),
        new_numbers=len(new), reprints=len(reprinted),
        numbers=tuple(i.letter.number for i in new), summons_ids=tuple(ids))


# --- one letter for a live preview --------------------------------------------------------------

def preview_letter(db: pw.Database, summons_id: int, *, texts: LetterTexts | None = None,
                   profile: OfficeProfile | None = None, letter_date: dt.date | None = None
                   ) -> bytes:
    """One person's letter as PDF bytes with the given (possibly unsaved) texts and
    profile: registers nothing. Shows the letter's number when it has one, else the number
    the next letter would get; the QR code holds a code that finds nothing."""
    profile = profile or office_profile.load(db)
    letter_date = letter_date or clock.today()
    snap = _snapshot(db, Selection(summons_ids=(int(summons_id),)), profile, letter_date)
    item = snap.items[0]
    letter = item.letter
    if item.serial is not None:
        letter = LetterData(letter.summons_id, letter.person_id, letter.number, PREVIEW_CODE,
                            letter.round, letter.letter_date, letter.values)
    renderer = LetterRenderer(RenderConfig(profile, texts or load_texts(db), invariant=True,
                                           sample=True))
    try:
        return renderer.render_bytes([letter])
    except LetterOverflow:
        raise UserError("letters_overflow", name=item.name,
                        pages=LetterRenderer.max_pages) from None


def format_slot_time(start: str, end: str) -> str:
    """'08:00', '10:00' → '08.00–10.00 WIB' (as letters print it)."""
    return f"{format_time_range(start, end)} WIB"
