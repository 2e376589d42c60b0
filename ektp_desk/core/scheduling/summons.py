"""Summonses: saving a plan, summoning or moving people by hand, moving or cancelling a
slot (its people follow, printed letters marked for reprint), closing a service day.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import peewee as pw

from ektp_desk.core import accounts, audit, calendar, clock, messages, status
from ektp_desk.core.calendar import Interval, format_date_id
from ektp_desk.core.errors import UserError
from ektp_desk.core.jobs import (
    NEVER_CANCELLED,
    CancelToken,
    Changes,
    Progress,
    ThrottledProgress,
    no_progress,
)
from ektp_desk.core.scheduling.common import (
    CHUNK,
    DEFAULT_RELOCATE_DAYS,
    LETTER_NOT_PRINTED,
    LETTER_PRINTED,
    LETTER_REPRINT,
    SCHEDULABLE,
    acting_user,
    ids_json,
    next_row_id,
    slot_length,
    today_or_clock,
)
from ektp_desk.core.scheduling.evening import check_own_kelurahan
from ektp_desk.core.scheduling.locations import get_location
from ektp_desk.core.scheduling.planner import Plan, Selection, select_candidates
from ektp_desk.core.scheduling.slots import (
    Allocator,
    SlotInfo,
    candidate_days,
    check_slot_time,
    get_slot,
    insert_slots,
)
from ektp_desk.core.text import clean


def append_events(conn: sqlite3.Connection, rows: Sequence[tuple[int, str, str | None,
                                                                  str | None, int | None]],
                  at: str, by_user: str) -> list[int]:
    """Append (person_id, kind, reason, note, undoes) events; returns their ids."""
    first = next_row_id(conn, "event")
    conn.executemany(
        "INSERT INTO event (id, person_id, kind, reason, note, undoes, at, by_user) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(first + i, *row, at, by_user) for i, row in enumerate(rows)])
    return list(range(first, first + len(rows)))


def _summon(conn: sqlite3.Connection, rows: Sequence[tuple[int, int, int]], now: str,
            user: str, *, progress: Progress, cancel: CancelToken, total: int) -> None:
    """Open summonses (person_id, slot_id, round): a 'dipanggil' event each, the summons,
    and person.status = 'dipanggil'. Raises IntegrityError on a second open summons."""
    for begin in range(0, len(rows), CHUNK):
        cancel.raise_if_cancelled()
        chunk = rows[begin:begin + CHUNK]
        event_ids = append_events(
            conn, [(pid, "dipanggil", None, f"Panggilan ke-{rnd}" if rnd > 1 else None, None)
                   for pid, _, rnd in chunk], now, user)
        first = next_row_id(conn, "summons")
        conn.executemany(
            "INSERT INTO summons (id, person_id, slot_id, round, event_id, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(first + i, pid, sid, rnd, eid, now)
             for i, ((pid, sid, rnd), eid) in enumerate(zip(chunk, event_ids, strict=True))])
        conn.execute("UPDATE person SET status = 'dipanggil' "
                     "WHERE id IN (SELECT value FROM json_each(?))",
                     (ids_json(pid for pid, _, _ in chunk),))
        progress(begin + len(chunk), total, messages.text("sched_progress_saving"))


@dataclass(frozen=True)
class ApplyResult:
    scheduled: int
    slots_created: int
    changes: Changes = field(
        default_factory=lambda: Changes(schedule=True, people=True, events=True))


def apply_plan(db: pw.Database, plan_: Plan, *, today: dt.date | None = None,
               user: str | None = None, progress: Progress = no_progress,
               cancel: CancelToken = NEVER_CANCELLED) -> ApplyResult:
    """Save a plan in one transaction: new slots, a summons and a 'dipanggil' event per
    person, person.status = 'dipanggil'. Checks first that nothing it relies on changed
    since the preview (statuses, open summonses, places, overlapping slots); if anything
    did, UserError and nothing is saved. Cancel rolls everything back."""
    today = today_or_clock(today)
    progress = ThrottledProgress(progress)
    total = len(plan_.assignments)
    if not total:
        return ApplyResult(0, 0, Changes())
    if plan_.slots and min(s.date for s in plan_.slots) < today:
        raise UserError("sched_range_past", date=format_date_id(plan_.date_from),
                        today=format_date_id(today))
    by = acting_user(db, user)
    now = clock.timestamp()
    conn = db.connection()
    with db.atomic():
        _check_still_valid(db, plan_)
        slot_ids = insert_slots(conn, plan_.slots, now)
        # in person order: the person, event and summons indexes are then written in order
        rows = sorted((a.person_id, slot_ids[a.slot], a.round) for a in plan_.assignments)
        try:
            _summon(conn, rows, now, by, progress=progress, cancel=cancel, total=total)
        except sqlite3.IntegrityError as exc:
            raise UserError("sched_plan_stale", detail="warga sudah dipanggil") from exc
        audit.record(db, by, "jadwal_otomatis", scheduled=total,
                     slots_created=plan_.new_slots, date_from=plan_.date_from.isoformat(),
                     date_to=plan_.date_to.isoformat())
    return ApplyResult(total, plan_.new_slots)


def _check_still_valid(db: pw.Database, plan_: Plan) -> None:
    ids = ids_json(a.person_id for a in plan_.assignments)
    changed = db.execute_sql(
        "SELECT count(*) FROM person WHERE id IN (SELECT value FROM json_each(?)) "
        f"AND status NOT IN ({','.join('?' * len(SCHEDULABLE))})", (ids, *SCHEDULABLE)
    ).fetchone()[0]
    if changed:
        raise UserError("sched_plan_stale", detail=f"status {changed} warga berubah")
    for slot in plan_.slots:
        if slot.slot_id is None:
            continue
        row = db.execute_sql(
            "SELECT cancelled, capacity, (SELECT count(*) FROM summons WHERE slot_id = slot.id"
            " AND state = 'open') FROM slot WHERE id = ?", (slot.slot_id,)).fetchone()
        if row is None or row[0] or row[2] + slot.added > row[1]:
            raise UserError("sched_plan_stale", detail="sesi sudah terisi atau dibatalkan")
    new = [s for s in plan_.slots if s.slot_id is None]
    if new:
        live: dict[tuple[int, str], list[tuple[str, str]]] = {}
        for loc, day, start, end in db.execute_sql(
                "SELECT location_id, date, start_time, end_time FROM slot "
                "WHERE date >= ? AND date <= ?",
                (min(s.date for s in new).isoformat(), max(s.date for s in new).isoformat())):
            live.setdefault((loc, day), []).append((start, end))
        for slot in new:
            for start, end in live.get((slot.location_id, slot.date.isoformat()), ()):
                if start < slot.end and slot.start < end:
                    raise UserError("sched_plan_stale", detail="sesi baru bertumpuk")


# --- moves and cancellations --------------------------------------------------------------

@dataclass(frozen=True)
class MoveResult:
    """People moved or summoned by hand; ``unplaced`` lost their call (no room left)."""

    moved: int
    unplaced: tuple[int, ...] = ()
    slot_ids: tuple[int, ...] = ()
    changes: Changes = field(default_factory=lambda: Changes(schedule=True))


def _usable_slot(db: pw.Database, slot_id: int, today: dt.date) -> SlotInfo:
    slot = get_slot(db, slot_id)
    if slot.cancelled:
        raise UserError("sched_slot_cancelled", slot=slot.label)
    if slot.date < today:
        raise UserError("sched_slot_past", slot=slot.label)
    return slot


class _Open(NamedTuple):
    summons_id: int
    person_id: int
    slot_id: int
    round: int
    letter: str
    event_id: int | None


def _open_summonses(db: pw.Database, person_ids: Sequence[int] | None = None, *,
                    slot_id: int | None = None) -> list[_Open]:
    sql = ("SELECT m.id, m.person_id, m.slot_id, m.round, m.letter, m.event_id FROM summons m "
           "JOIN person p ON p.id = m.person_id WHERE m.state = 'open'")
    params: list[object] = []
    if person_ids is not None:
        sql += " AND m.person_id IN (SELECT value FROM json_each(?))"
        params.append(ids_json(person_ids))
    if slot_id is not None:
        sql += " AND m.slot_id = ?"
        params.append(slot_id)
    sql += " ORDER BY p.kelurahan_code, p.rw, p.rt, p.name_norm, p.id"
    return [_Open(*r) for r in db.execute_sql(sql, params)]


def _reprint(letter: str) -> str:
    # A letter already in someone's hands tells the old time: print a new one. One never
    # printed stays 'belum_dicetak' and is printed with the new time anyway.
    return LETTER_NOT_PRINTED if letter == LETTER_NOT_PRINTED else LETTER_REPRINT


def _move(conn: sqlite3.Connection, moves: Sequence[tuple[_Open, int]], now: str) -> None:
    """Close each open summons as 'moved' and open its successor in the new slot."""
    if not moves:
        return
    conn.executemany("UPDATE summons SET state = 'moved', closed_at = ? WHERE id = ?",
                     [(now, old.summons_id) for old, _ in moves])
    first = next_row_id(conn, "summons")
    conn.executemany(
        "INSERT INTO summons (id, person_id, slot_id, round, letter, replaces, event_id, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(first + i, old.person_id, slot_id, old.round, _reprint(old.letter), old.summons_id,
          old.event_id, now) for i, (old, slot_id) in enumerate(moves)])


def _drop(conn: sqlite3.Connection, olds: Sequence[_Open], now: str, user: str,
          reason: str) -> None:
    """Cancel open summonses with no replacement: undo their 'dipanggil' event and fold
    the status back (belum_dipanggil, or tidak_hadir for a second call)."""
    if not olds:
        return
    conn.executemany("UPDATE summons SET state = 'cancelled', closed_at = ? WHERE id = ?",
                     [(now, old.summons_id) for old in olds])
    append_events(conn, [(old.person_id, "batal", reason, None, old.event_id) for old in olds],
                  now, user)
    status.refold_status(conn, [old.person_id for old in olds])


def withdraw_for_visit(db: pw.Database, person_ids: Sequence[int], visit_id: int, now: str,
                       user: str) -> dict[int, int]:
    """Take back the open office summonses of people put on a visit (one open call each):
    cancelled as by :func:`cancel_slot` without a place, and marked with the visit, so a
    letter already printed is listed to withdraw. Call inside the visit's transaction.
    Returns {person_id: summons_id} of those taken back."""
    olds = _open_summonses(db, person_ids)
    _drop(db.connection(), olds, now, user, "jemput_bola")
    db.connection().executemany("UPDATE summons SET withdrawn_visit_id = ? WHERE id = ?",
                                [(visit_id, o.summons_id) for o in olds])
    return {o.person_id: o.summons_id for o in olds}


def move_people(db: pw.Database, person_ids: Sequence[int], slot_id: int, *,
                today: dt.date | None = None, user: str | None = None) -> MoveResult:
    """Move people (their open summonses) to another slot, if it has room for all and, at
    a kantor kelurahan, all live in its kelurahan. People already in that slot stay;
    letters already printed are marked for reprint."""
    today = today_or_clock(today)
    target = _usable_slot(db, slot_id, today)
    person_ids = list(dict.fromkeys(person_ids))
    if not person_ids:
        raise UserError("sched_no_people")
    olds = _open_summonses(db, person_ids)
    have = {o.person_id for o in olds}
    lacking = [p for p in person_ids if p not in have]
    if lacking:
        raise UserError("sched_no_open_summons", count=len(lacking), names=_names(db, lacking))
    moving = [o for o in olds if o.slot_id != slot_id]
    check_own_kelurahan(db, target.location_id, [o.person_id for o in moving])
    if len(moving) > target.free:
        raise UserError("sched_slot_full", slot=target.label, free=target.free,
                        count=len(moving) - target.free)
    by = acting_user(db, user)
    now = clock.timestamp()
    with db.atomic():
        _move(db.connection(), [(o, slot_id) for o in moving], now)
        audit.record(db, by, "jadwal_pindah", slot_id=slot_id, people=len(moving))
    return MoveResult(len(moving), (), (slot_id,))


def summon_to_slot(db: pw.Database, person_ids: Sequence[int], slot_id: int, *,
                   today: dt.date | None = None, user: str | None = None) -> MoveResult:
    """Summon people by hand into a slot (drag from the Warga list): each must be
    schedulable and without an open summons (and of its kelurahan, at a kantor
    kelurahan); the slot must have room for all."""
    today = today_or_clock(today)
    target = _usable_slot(db, slot_id, today)
    person_ids = list(dict.fromkeys(person_ids))
    if not person_ids:
        raise UserError("sched_no_people")
    candidates, missing = select_candidates(db, Selection(person_ids=tuple(person_ids)))
    if missing:
        raise UserError("sched_person_missing", ids=", ".join(map(str, missing[:10])))
    refused = [c.person_id for c in candidates
               if c.has_open or c.on_visit or c.status not in SCHEDULABLE]
    if refused:
        raise UserError("sched_not_schedulable", count=len(refused), names=_names(db, refused))
    check_own_kelurahan(db, target.location_id, [c.person_id for c in candidates])
    if len(candidates) > target.free:
        raise UserError("sched_slot_full", slot=target.label, free=target.free,
                        count=len(candidates) - target.free)
    by = acting_user(db, user)
    now = clock.timestamp()
    with db.atomic():
        _summon(db.connection(), [(c.person_id, slot_id, c.calls + 1) for c in candidates],
                now, by, progress=no_progress, cancel=NEVER_CANCELLED, total=len(candidates))
        audit.record(db, by, "jadwal_manual", slot_id=slot_id, people=len(candidates))
    return MoveResult(len(candidates), (), (slot_id,),
                      Changes(schedule=True, people=True, events=True))


def _relocate(db: pw.Database, olds: Sequence[_Open], location_id: int, date_from: dt.date,
              date_to: dt.date, not_before: tuple[str, str] | None, slot_minutes: int,
              now: str, user: str, reason: str) -> MoveResult:
    """Move open summonses to the next free slots of a location (existing, or new ones
    from its hours); those that find none are cancelled. Call inside a transaction."""
    conn = db.connection()
    if not olds:
        return MoveResult(0)
    days = candidate_days(db, [location_id], date_from, date_to, slot_minutes,
                          not_before=not_before)
    allocator = Allocator(days)
    slots = allocator.place(len(olds), [location_id])
    used = list({id(s): s for s in slots}.values())
    ids = insert_slots(conn, used, now)
    slot_id_of = {id(s): i for s, i in zip(used, ids, strict=True)}
    moves = [(old, slot_id_of[id(slot)]) for old, slot in zip(olds, slots, strict=False)]
    _move(conn, moves, now)
    dropped = list(olds[len(slots):])
    _drop(conn, dropped, now, user, reason)
    changes = Changes(schedule=True, people=bool(dropped), events=bool(dropped))
    return MoveResult(len(moves), tuple(o.person_id for o in dropped),
                      tuple(sorted(set(ids))), changes)


def cancel_slot(db: pw.Database, slot_id: int, *, reason: str | None = None,
                relocate: bool = True, until: dt.date | None = None,
                today: dt.date | None = None, user: str | None = None,
                progress: Progress = no_progress,
                cancel: CancelToken = NEVER_CANCELLED) -> MoveResult:
    """Cancel a slot (power cut, broken kit). Its people go to the next free slots of the
    same location, from the cancelled slot's end up to ``until`` (default 60 days later),
    new slots being made from the hours where needed; their printed letters are marked
    for reprint. Whoever finds no place (or all, with ``relocate=False``) loses the call:
    the summons is cancelled and the 'dipanggil' event undone, so the next plan picks
    them up again."""
    today = today_or_clock(today)
    slot = get_slot(db, slot_id)
    if slot.cancelled:
        raise UserError("sched_slot_cancelled", slot=slot.label)
    minutes_ = slot_length(db, None)
    date_from = max(slot.date, today)
    date_to = until or (date_from + dt.timedelta(days=DEFAULT_RELOCATE_DAYS))
    if relocate and date_to < date_from:
        raise UserError("sched_range_empty", date_from=format_date_id(date_from),
                        date_to=format_date_id(date_to))
    by = acting_user(db, user)
    now = clock.timestamp()
    progress(0, 1, messages.text("sched_progress_cancelling"))
    with db.atomic():
        cancel.raise_if_cancelled()
        db.execute_sql("UPDATE slot SET cancelled = 1, cancel_reason = ? WHERE id = ?",
                       (clean(reason) or None, slot_id))
        olds = _open_summonses(db, slot_id=slot_id)
        if relocate:
            result = _relocate(db, olds, slot.location_id, date_from, date_to,
                               (slot.date.isoformat(), slot.end), minutes_, now, by,
                               "sesi_dibatalkan")
        else:
            _drop(db.connection(), olds, now, by, "sesi_dibatalkan")
            result = MoveResult(0, tuple(o.person_id for o in olds), (),
                                Changes(schedule=True, people=bool(olds), events=bool(olds)))
        audit.record(db, by, "sesi_batal", slot_id=slot_id, reason=reason,
                     moved=result.moved, unplaced=len(result.unplaced))
        cancel.raise_if_cancelled()
    progress(1, 1, messages.text("sched_progress_done"))
    return result


def move_slot(db: pw.Database, slot_id: int, day: dt.date, start: str, end: str | None = None,
              *, location_id: int | None = None, deliberate: bool = False,
              today: dt.date | None = None, user: str | None = None) -> MoveResult:
    """Move a whole slot to another date/time (and location): a new slot with the same
    capacity and name is made, the old one is cancelled, and all its people follow, their
    printed letters marked for reprint. Off-hours or a holiday only when ``deliberate``."""
    today = today_or_clock(today)
    old = get_slot(db, slot_id)
    if old.cancelled:
        raise UserError("sched_slot_cancelled", slot=old.label)
    if day < today:
        raise UserError("sched_past_date", date=format_date_id(day))
    location = get_location(db, location_id if location_id is not None else old.location_id)
    begin = calendar.parse_time(start)
    length = calendar.minutes(old.end) - calendar.minutes(old.start)
    finish = calendar.parse_time(end) if end else calendar.from_minutes(
        calendar.minutes(begin) + length)
    interval = Interval(begin, finish)
    if interval.start >= interval.end:
        raise UserError("cal_bad_interval", start=calendar.format_time(begin),
                        end=calendar.format_time(finish))
    if (location.id, day, interval.start, interval.end) == (old.location_id, old.date,
                                                           old.start, old.end):
        raise UserError("sched_same_slot")
    check_slot_time(db, location, day, interval, deliberate, ignore_slot=slot_id)
    by = acting_user(db, user)
    now = clock.timestamp()
    with db.atomic():
        db.execute_sql("UPDATE slot SET cancelled = 1, cancel_reason = ? WHERE id = ?",
                       ("dipindah", slot_id))
        cursor = db.execute_sql(
            "INSERT INTO slot (location_id, date, start_time, end_time, capacity, name, "
            "deliberate, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (location.id, day.isoformat(), interval.start, interval.end, old.capacity,
             old.name, int(deliberate or _was_deliberate(db, slot_id)), now))
        new_id = int(cursor.lastrowid)
        olds = _open_summonses(db, slot_id=slot_id)
        _move(db.connection(), [(o, new_id) for o in olds], now)
        audit.record(db, by, "sesi_pindah", slot_id=slot_id, new_slot_id=new_id,
                     people=len(olds))
    return MoveResult(len(olds), (), (new_id,))


def _was_deliberate(db: pw.Database, slot_id: int) -> bool:
    row = db.execute_sql("SELECT deliberate FROM slot WHERE id = ?", (slot_id,)).fetchone()
    return bool(row and row[0])


def _names(db: pw.Database, person_ids: Sequence[int], limit: int = 5) -> str:
    rows = db.execute_sql(
        "SELECT name FROM person WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id "
        f"LIMIT {limit + 1}", (ids_json(person_ids),)).fetchall()
    names = [r[0] for r in rows[:limit]]
    if len(person_ids) > limit:
        names.append("…")
    return ", ".join(names) or ", ".join(str(i) for i in person_ids[:limit])


@dataclass(frozen=True)
class LetterResult:
    marked: int
    changes: Changes = field(default_factory=lambda: Changes(schedule=True, letters=True))


def mark_letters_printed(db: pw.Database, summons_ids: Iterable[int]) -> LetterResult:
    """Record that the letters of these open summonses were printed (after the PDF is
    written); a later move marks them 'cetak_ulang' again."""
    with db.atomic():
        cursor = db.execute_sql(
            "UPDATE summons SET letter = ? WHERE state = 'open' "
            "AND id IN (SELECT value FROM json_each(?))", (LETTER_PRINTED, ids_json(summons_ids)))
    return LetterResult(cursor.rowcount)


# --- closing a day, current calls ---------------------------------------------------------

@dataclass(frozen=True)
class CloseResult:
    no_show: int
    attended: int
    changes: Changes = field(
        default_factory=lambda: Changes(schedule=True, people=True, events=True))


def close_day(db: pw.Database, day: dt.date, *, location_ids: Iterable[int] | None = None,
              today: dt.date | None = None, user: str | None = None) -> CloseResult:
    """Close the open summonses of a service day (what the desk does at closing time).
    Whoever is still 'dipanggil' did not come: 'tidak_hadir' event and status, summons
    closed with attended = 0; the others (hadir, terekam, …) are closed as attended."""
    accounts.require_acting(db, "close_day")
    if day > today_or_clock(today):
        raise UserError("sched_close_future", date=format_date_id(day))
    sql = ("SELECT m.id, m.person_id, m.round, p.status FROM summons m "
           "JOIN slot s ON s.id = m.slot_id JOIN person p ON p.id = m.person_id "
           "WHERE m.state = 'open' AND s.date = ?")
    params: list[object] = [day.isoformat()]
    if location_ids is not None:
        sql += " AND s.location_id IN (SELECT value FROM json_each(?))"
        params.append(ids_json(location_ids))
    rows = db.execute_sql(sql + " ORDER BY m.id", params).fetchall()
    absent = [r for r in rows if r[3] == "dipanggil"]
    came = [r for r in rows if r[3] != "dipanggil"]
    by = acting_user(db, user)
    now = clock.timestamp()
    conn = db.connection()
    with db.atomic():
        conn.executemany(
            "UPDATE summons SET state = 'closed', attended = ?, closed_at = ? WHERE id = ?",
            [(0, now, r[0]) for r in absent] + [(1, now, r[0]) for r in came])
        append_events(conn, [(r[1], "tidak_hadir", None, f"Panggilan ke-{r[2]}", None)
                             for r in absent], now, by)
        conn.execute("UPDATE person SET status = 'tidak_hadir' "
                     "WHERE id IN (SELECT value FROM json_each(?))",
                     (ids_json(r[1] for r in absent),))
        audit.record(db, by, "tutup_hari", date=day.isoformat(), no_show=len(absent),
                     attended=len(came))
    return CloseResult(len(absent), len(came))


def current_summons(db: pw.Database, person_ids: Iterable[int] | None = None
                    ) -> dict[int, dict[str, object]]:
    """Each person's open summons as ``{"slot_id", "date", "start", "location", "round"}``
    (date ISO, start 'HH:MM'), keyed by person id; people without one are absent. All open
    summonses when ``person_ids`` is None."""
    sql = ("SELECT m.person_id, m.slot_id, s.date, s.start_time, l.name, m.round "
           "FROM summons m JOIN slot s ON s.id = m.slot_id JOIN location l ON l.id = "
           "s.location_id WHERE m.state = 'open'")
    params: tuple = ()
    if person_ids is not None:
        sql += " AND m.person_id IN (SELECT value FROM json_each(?))"
        params = (ids_json(person_ids),)
    return {pid: {"slot_id": sid, "date": day, "start": start, "location": loc, "round": rnd}
            for pid, sid, day, start, loc, rnd in db.execute_sql(sql, params)}
