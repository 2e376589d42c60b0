"""Print jobs in the database: what was handed to which printer, and whether the letters in
it count as printed.

A letter is *dicetak* once the print system accepted its job (``submit`` returned a job
id). Before that the letter is only *PDF dibuat* (its number registered, the summons still
``belum_dicetak`` or ``cetak_ulang``). A job that the system refuses, that fails later or
that is cancelled puts each of its letters back to the state it had before the job; the
numbers stay registered, so the next print of those letters reuses them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import peewee as pw

from ektp_desk.core import accounts, audit, clock, messages, scheduling
from ektp_desk.core.errors import Cancelled, UserError
from ektp_desk.core.jobs import NEVER_CANCELLED, CancelToken, Changes, Progress, no_progress
from ektp_desk.core.printing import (
    CANCELLED,
    DONE,
    FAILED,
    PrintRequest,
    PrintSystem,
    default_system,
    pdf_info,
)

# print_job.state
SENT = "dikirim"  # handed over, no answer yet
ACCEPTED = "diterima"  # the print system took it: its letters are printed
FINISHED = "selesai"
JOB_FAILED = "gagal"
JOB_CANCELLED = "dibatalkan"
OPEN_STATES = (SENT, ACCEPTED)
STATE_WORDS = messages.Labels("print_job_", {
    SENT: ("Dikirim", "Sent"),
    ACCEPTED: ("Diterima printer", "Accepted by the printer"),
    FINISHED: ("Selesai", "Done"),
    JOB_FAILED: ("Gagal", "Failed"),
    JOB_CANCELLED: ("Dibatalkan", "Cancelled"),
})


@dataclass(frozen=True)
class PrintResult:
    """A job the print system accepted: its id there, the pages it will print (range ×
    copies) and the letters now marked printed."""

    job_id: int
    job: str
    printer: str
    printed_pages: int
    letters: int
    documents: int = 0  # a visit's documents in the job
    reprints: int = 0  # of them, those an earlier accepted job held already
    changes: Changes = field(default_factory=lambda: Changes(letters=True, schedule=True))

    def as_json(self) -> dict[str, object]:
        return {"printed_pages": self.printed_pages, "printer": self.printer, "job": self.job}


@dataclass(frozen=True)
class PrintJobRow:
    """A job as the Surat page lists it."""

    id: int
    created_at: str
    document: str
    printer: str
    job: str | None
    pages: int
    copies: int
    letters: int
    state: str
    message: str
    documents: int = 0  # a visit's documents (print_job_visit_document)
    visit_id: int | None = None


def print_file(db: pw.Database, request: PrintRequest, *, document: str = "surat",
               summons_ids: Sequence[int] = (), visit_document_ids: Sequence[int] = (),
               system: PrintSystem | None = None, user: str | None = None,
               progress: Progress = no_progress,
               cancel: CancelToken = NEVER_CANCELLED) -> PrintResult:
    """Hand ``request.pdf`` to the print system; once accepted, mark the letters of
    ``summons_ids`` printed. A visit's documents (``visit_document_ids``, registered when
    their PDF was made) are linked to the job, each noted as a reprint when an earlier
    accepted job held it already. UserError (nothing marked, the job recorded as failed)
    when the system refuses it; Cancelled before it is handed over."""
    system = system or default_system()
    pages, paper = pdf_info(request.pdf)
    request = PrintRequest(request.pdf, request.printer, request.copies, request.pages,
                           request.paper or paper, request.duplex, request.title
                           ).checked(pages)
    first, last = request.pages or (1, pages)
    printed_pages = (last - first + 1) * request.copies
    by = user or accounts.acting_name(db)
    progress(0, 1, "Mengirim ke printer")
    job_id = _record(db, request, document=document, system=system.name, pages=pages,
                     summons_ids=summons_ids, visit_document_ids=visit_document_ids, by=by)
    try:
        cancel.raise_if_cancelled()
        ref = system.submit(request, progress=progress, cancel=cancel)
    except UserError as exc:
        _finish(db, job_id, JOB_FAILED, exc.message)
        raise
    except Cancelled:
        _finish(db, job_id, JOB_CANCELLED, "")
        raise
    with db.atomic():
        now = clock.timestamp()
        db.execute_sql("UPDATE print_job SET state = ?, job_ref = ?, updated_at = ? "
                       "WHERE id = ?", (ACCEPTED, ref, now, job_id))
        marked = db.execute_sql(
            "UPDATE summons SET letter = ? WHERE state = 'open' AND id IN "
            "(SELECT summons_id FROM print_job_summons WHERE job_id = ?)",
            (scheduling.LETTER_PRINTED, job_id)).rowcount
        extra = _visit_documents_detail(db, job_id) if visit_document_ids else {}
        audit.record(db, by, "cetak_printer", job=ref, printer=request.printer,
                     document=document, pages=printed_pages, letters=marked, **extra)
    progress(1, 1, "Mengirim ke printer")
    return PrintResult(job_id, ref, request.printer, printed_pages, len(summons_ids),
                       len(visit_document_ids), int(extra.get("reprints", 0)))


def letters_on_pages(summons_ids: Sequence[int], pages: tuple[int, int] | None
                     ) -> tuple[int, ...]:
    """The letters a page range of a letters PDF holds: a letter is one page (a batch
    refuses a letter that does not fit one), in the batch's order."""
    if pages is None:
        return tuple(summons_ids)
    return tuple(summons_ids[pages[0] - 1:pages[1]])


def _record(db: pw.Database, request: PrintRequest, *, document: str, system: str,
            pages: int, summons_ids: Sequence[int], visit_document_ids: Sequence[int],
            by: str) -> int:
    now = clock.timestamp()
    with db.atomic():
        cursor = db.execute_sql(
            "INSERT INTO print_job (created_at, by_user, document, pdf, printer, system, "
            "pages, copies, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (now, by, document, str(request.pdf), request.printer, system, pages,
             request.copies, now))
        job_id = int(cursor.lastrowid)
        if summons_ids:
            db.execute_sql(
                "INSERT INTO print_job_summons (job_id, summons_id, letter_before) "
                "SELECT ?, id, letter FROM summons WHERE id IN (SELECT value FROM "
                "json_each(?))", (job_id, _json_ids(summons_ids)))
        if visit_document_ids:
            # a reprint: the same numbered document in an earlier job the printer took
            db.execute_sql(
                "INSERT INTO print_job_visit_document (job_id, document_id, reprint) "
                "SELECT ?, d.id, EXISTS (SELECT 1 FROM print_job_visit_document l "
                "JOIN print_job j ON j.id = l.job_id WHERE l.document_id = d.id "
                "AND j.state IN (?, ?)) FROM visit_document d WHERE d.id IN "
                "(SELECT value FROM json_each(?))",
                (job_id, ACCEPTED, FINISHED, _json_ids(visit_document_ids)))
    return job_id


def _json_ids(ids: Sequence[int]) -> str:
    return "[" + ",".join(str(int(i)) for i in ids) + "]"


def _visit_documents_detail(db: pw.Database, job_id: int) -> dict[str, object]:
    """The audit's words for a visit's documents in a job: the visit, their numbers and
    how many were reprints (their numbers kept)."""
    rows = db.execute_sql(
        "SELECT d.visit_id, d.number, l.reprint FROM print_job_visit_document l "
        "JOIN visit_document d ON d.id = l.document_id WHERE l.job_id = ? ORDER BY d.id",
        (job_id,)).fetchall()
    return {"visit_id": rows[0][0] if rows else None, "numbers": [r[1] for r in rows],
            "reprints": sum(r[2] for r in rows)}


def _finish(db: pw.Database, job_id: int, state: str, message: str) -> int:
    """Close a job; a failed or cancelled one gives its letters back their state before
    it (only those it had marked printed). Returns how many letters went back."""
    with db.atomic():
        db.execute_sql("UPDATE print_job SET state = ?, message = ?, updated_at = ? "
                       "WHERE id = ?", (state, message, clock.timestamp(), job_id))
        if state not in (JOB_FAILED, JOB_CANCELLED):
            return 0
        return db.execute_sql(
            "UPDATE summons SET letter = (SELECT letter_before FROM print_job_summons j "
            "WHERE j.job_id = ? AND j.summons_id = summons.id) "
            "WHERE state = 'open' AND letter = ? AND id IN "
            "(SELECT summons_id FROM print_job_summons WHERE job_id = ?)",
            (job_id, scheduling.LETTER_PRINTED, job_id)).rowcount


def _job(db: pw.Database, job_id: int) -> tuple[str, str | None]:
    row = db.execute_sql("SELECT state, job_ref FROM print_job WHERE id = ?",
                         (job_id,)).fetchone()
    if row is None:
        raise UserError("print_cancel_failed", job=job_id, detail="tidak ada")
    return row[0], row[1]


@dataclass(frozen=True)
class JobUpdate:
    """What refreshing or cancelling changed: jobs whose state moved, letters put back."""

    jobs: int
    letters_back: int
    changes: Changes = field(default_factory=lambda: Changes(letters=True, schedule=True))


def cancel_job(db: pw.Database, job_id: int, *, system: PrintSystem | None = None,
               user: str | None = None) -> JobUpdate:
    """Cancel a job in the print system; its letters go back to unprinted."""
    state, ref = _job(db, job_id)
    if state not in OPEN_STATES:
        raise UserError("print_cancel_failed", job=ref or job_id, detail=state)
    if ref is not None:
        (system or default_system()).cancel(ref)
    back = _finish(db, job_id, JOB_CANCELLED, "")
    with db.atomic():
        audit.record(db, user or accounts.acting_name(db), "cetak_batal",
                     job=ref, letters=back)
    return JobUpdate(1, back)


def refresh_jobs(db: pw.Database, *, system: PrintSystem | None = None) -> JobUpdate:
    """Ask the print system how the open jobs went: done ones close, failed or cancelled
    ones (cancelled at the printer, say) give their letters back."""
    open_jobs = db.execute_sql(
        "SELECT id, job_ref, system FROM print_job WHERE state = ? AND job_ref IS NOT NULL",
        (ACCEPTED,)).fetchall()
    if not open_jobs:
        return JobUpdate(0, 0, Changes())
    system = system or default_system()
    moved = back = 0
    for job_id, ref, name in open_jobs:
        if name != system.name:
            continue
        status = system.status(ref)
        if status.state == DONE:
            _finish(db, job_id, FINISHED, status.detail)
        elif status.state in (FAILED, CANCELLED):
            back += _finish(db, job_id, JOB_FAILED if status.state == FAILED
                            else JOB_CANCELLED, status.detail)
        else:
            continue
        moved += 1
    return JobUpdate(moved, back, Changes(letters=True, schedule=True) if moved else Changes())


def recent_jobs(db: pw.Database, limit: int = 10) -> list[PrintJobRow]:
    """The last jobs, newest first, with how many letters (or a visit's documents) each
    held."""
    rows = db.execute_sql(
        "SELECT j.id, j.created_at, j.document, j.printer, j.job_ref, j.pages, j.copies, "
        "(SELECT count(*) FROM print_job_summons s WHERE s.job_id = j.id), j.state, "
        "j.message, (SELECT count(*) FROM print_job_visit_document v WHERE v.job_id = j.id), "
        "(SELECT max(d.visit_id) FROM print_job_visit_document v JOIN visit_document d "
        "ON d.id = v.document_id WHERE v.job_id = j.id) "
        "FROM print_job j ORDER BY j.id DESC LIMIT ?", (int(limit),)).fetchall()
    return [PrintJobRow(*r) for r in rows]

