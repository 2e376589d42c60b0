"""Automatic planning: who a :class:`Selection` means, and :func:`plan`, a preview of who
goes where and when; :func:`ektp_desk.core.scheduling.summons.apply_plan` saves it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import peewee as pw

from ektp_desk.core import messages, regions
from ektp_desk.core.calendar import format_date_id
from ektp_desk.core.errors import UserError
from ektp_desk.core.jobs import NEVER_CANCELLED, CancelToken, Progress, no_progress
from ektp_desk.core.scheduling.common import (
    DEFAULT_MAX_ATTEMPTS,
    REASONS,
    SCHEDULABLE,
    SETTING_MAX_ATTEMPTS,
    check_range,
    ids_json,
    int_setting,
    reason_text,
    slot_length,
    today_or_clock,
)
from ektp_desk.core.scheduling.evening import kelurahan_offices, office_kelurahan
from ektp_desk.core.scheduling.limits import (
    PlanLimit,
    check_limits,
    day_rules,
    pelajar_birth_after,
)
from ektp_desk.core.scheduling.locations import (
    default_locations,
    list_locations,
    normalize_kecamatan,
)
from ektp_desk.core.scheduling.routing import PROPOSAL_KINDS, Routes, routes
from ektp_desk.core.scheduling.slots import (
    Allocator,
    DayLoad,
    PlannedSlot,
    WDay,
    WSlot,
    candidate_days,
    check_locations,
)
from ektp_desk.core.status import CATEGORIES, STATUS_LABELS


@dataclass(frozen=True)
class Selection:
    """Who to schedule. Filters combine with AND. With ``person_ids`` (a hand-made
    selection) every schedulable status is accepted; otherwise ``statuses`` (default: not
    yet summoned). Codes: kecamatan 6 digits, kelurahan 10 digits (names are accepted)."""

    kecamatan: str | None = None
    kelurahan: str | None = None
    category: str | None = None
    person_ids: tuple[int, ...] | None = None
    statuses: tuple[str, ...] = ("belum_dipanggil",)

    @classmethod
    def second_round(cls, **filters: object) -> Selection:
        """Those who did not come (status ``tidak_hadir``): round N+1."""
        return cls(statuses=("tidak_hadir",), **filters)  # type: ignore[arg-type]

    def normalized(self) -> Selection:
        """Codes checked and normalised (UserError for unknown ones)."""
        table = regions.default_table()
        kecamatan = normalize_kecamatan(self.kecamatan)
        kelurahan = None
        if self.kelurahan:
            match = table.match_kelurahan(self.kelurahan, kecamatan)
            if match is None:
                raise UserError("sched_bad_kelurahan", value=self.kelurahan)
            kelurahan = match.kelurahan.code
        if self.category and self.category not in CATEGORIES:
            raise UserError("sched_bad_category", value=self.category,
                            choices=", ".join(CATEGORIES))
        for code in self.statuses:
            if code not in STATUS_LABELS:
                raise UserError("sched_bad_status", value=code)
        ids = tuple(int(i) for i in self.person_ids) if self.person_ids is not None else None
        return Selection(kecamatan, kelurahan, self.category or None, ids,
                         tuple(self.statuses))


class _Candidate(NamedTuple):
    person_id: int
    kecamatan: str
    kelurahan: str
    rw: str
    rt: str
    status: str
    has_open: int
    calls: int  # closed summonses: rounds already made
    no_shows: int
    on_visit: int
    birth: str  # ISO birth date, '' when unknown
    category: str


_CANDIDATE_SQL = """
SELECT p.id, coalesce(p.kecamatan_code, substr(p.kelurahan_code, 1, 6), ''),
       coalesce(p.kelurahan_code, ''), coalesce(p.rw, ''), coalesce(p.rt, ''), p.status,
       EXISTS (SELECT 1 FROM summons m WHERE m.person_id = p.id AND m.state = 'open'),
       (SELECT count(*) FROM summons m WHERE m.person_id = p.id AND m.state = 'closed'),
       (SELECT count(*) FROM summons m WHERE m.person_id = p.id AND m.state = 'closed'
          AND m.attended = 0),
       EXISTS (SELECT 1 FROM visit_person vp JOIN visit v ON v.id = vp.visit_id
               WHERE vp.person_id = p.id AND vp.outcome IS NULL AND v.state = 'rencana'),
       coalesce(p.birth_date, ''), p.category
FROM person p
"""


def select_candidates(db: pw.Database, selection: Selection) -> tuple[list[_Candidate], list[int]]:
    """The selected people, neighbours together (kelurahan, RW, RT, name); and the
    requested ids that do not exist."""
    where, params = _selection_where(selection)
    sql = (_CANDIDATE_SQL + where +
           " ORDER BY p.kelurahan_code, p.rw, p.rt, p.name_norm, p.id")
    found = [_Candidate(*row) for row in db.execute_sql(sql, params)]
    missing: list[int] = []
    if selection.person_ids is not None:
        present = {c.person_id for c in found}
        missing = [i for i in dict.fromkeys(selection.person_ids) if i not in present]
    return found, missing


def _selection_where(selection: Selection) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if selection.person_ids is not None:
        clauses.append("p.id IN (SELECT value FROM json_each(?))")
        params.append(ids_json(selection.person_ids))
    else:
        clauses.append(f"p.status IN ({','.join('?' * len(selection.statuses))})")
        params += list(selection.statuses)
    if selection.kecamatan:
        clauses.append("coalesce(p.kecamatan_code, substr(p.kelurahan_code, 1, 6)) = ?")
        params.append(selection.kecamatan)
    if selection.kelurahan:
        clauses.append("p.kelurahan_code = ?")
        params.append(selection.kelurahan)
    if selection.category:
        clauses.append("p.category = ?")
        params.append(selection.category)
    return " WHERE " + " AND ".join(clauses), params


class Routed(NamedTuple):
    """The selected people sorted out: who may be summoned, who is left out and why, and
    who is proposed for an outreach visit instead (by kind: lapas, rumah, sekolah)."""

    callable: list[_Candidate]
    left: dict[str, list[int]]
    proposed: dict[str, list[_Candidate]]


def route_candidates(db: pw.Database, selection: Selection, *, max_attempts: int,
                     routing: Routes) -> Routed:
    """Sort the selected people, neighbours together: an open summons, a status that
    needs no call, too many no-shows (``jemput_bola``), already on a visit; then the
    category's route (:mod:`.routing`): to outreach, or to be summoned."""
    candidates, missing = select_candidates(db, selection)
    allowed = set(SCHEDULABLE) if selection.person_ids is not None else set(selection.statuses)
    left: dict[str, list[int]] = {code: [] for code in REASONS}
    left["tidak_ada"] = missing
    proposed: dict[str, list[_Candidate]] = {kind: [] for kind in PROPOSAL_KINDS}
    callable_: list[_Candidate] = []
    for person in candidates:
        if person.has_open:
            left["sudah_dipanggil"].append(person.person_id)
        elif person.status not in allowed:
            left["status"].append(person.person_id)
        elif person.status == "tidak_hadir" and person.no_shows >= max_attempts:
            left["jemput_bola"].append(person.person_id)
        elif person.on_visit:
            left["ada_kunjungan"].append(person.person_id)
        elif (kind := routing.kind_for(person.person_id, person.category,
                                       person.birth)) is not None:
            proposed[kind].append(person)
        else:
            callable_.append(person)
    return Routed(callable_, left, proposed)


def select_person_ids(db: pw.Database, selection: Selection) -> list[int]:
    """The ids a selection means (for a visit list chosen by filter), neighbours together."""
    selection = selection.normalized()
    where, params = _selection_where(selection)
    sql = f"SELECT p.id FROM person p{where} ORDER BY p.kelurahan_code, p.rw, p.rt, " \
          "p.name_norm, p.id"
    return [r[0] for r in db.execute_sql(sql, params)]


class Assignment(NamedTuple):
    """One person in a plan: ``slot`` indexes :attr:`Plan.slots`."""

    person_id: int
    slot: int
    round: int


@dataclass(frozen=True)
class Plan:
    """A preview of a scheduling run; nothing is written until :func:`apply_plan`."""

    selection: Selection
    date_from: dt.date
    date_to: dt.date
    slots: tuple[PlannedSlot, ...]  # used slots, by date, location, start
    assignments: tuple[Assignment, ...]  # neighbours together
    left_over: Mapping[str, tuple[int, ...]]  # reason code -> person ids
    days: tuple[DayLoad, ...]  # every candidate day per location, with load after the plan
    location_names: Mapping[int, str]
    full_locations: Mapping[int, int]  # location -> people left over because it was full
    max_attempts: int
    slot_minutes: int
    limits: tuple[PlanLimit, ...] = ()  # limits the clerk confirmed reaching past
    pelajar: int = 0  # pupils booked on Saturdays or after school
    # routed to outreach by their category, never summoned: kind -> person ids
    proposed: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    evening: bool = False  # called to their own kantor kelurahan's evening sessions

    @property
    def scheduled(self) -> int:
        return len(self.assignments)

    @property
    def left_over_count(self) -> int:
        return sum(len(ids) for ids in self.left_over.values())

    @property
    def slots_used(self) -> int:
        return len(self.slots)

    @property
    def new_slots(self) -> int:
        return sum(1 for s in self.slots if s.slot_id is None)

    @property
    def reasons(self) -> dict[str, int]:
        """Left-over counts by reason code (only reasons that occur)."""
        return {code: len(ids) for code, ids in self.left_over.items() if ids}

    @property
    def proposed_visits(self) -> dict[str, int]:
        """People proposed for an outreach visit by their category, by kind (lapas,
        rumah, sekolah); :func:`.proposals.outreach_proposals` groups them into visits."""
        return {kind: len(self.proposed.get(kind, ())) for kind in PROPOSAL_KINDS}

    @property
    def proposed_total(self) -> int:
        return sum(len(ids) for ids in self.proposed.values())

    @property
    def outreach(self) -> tuple[int, ...]:
        """People proposed for an outreach visit (too many no-shows)."""
        return self.left_over.get("jemput_bola", ())

    def summary(self) -> dict[str, object]:
        """The JSON the CLI prints: counts, reasons, and the load per day and location."""
        return {
            "scheduled": self.scheduled,
            "left_over": self.left_over_count,
            "slots_used": self.slots_used,
            "new_slots": self.new_slots,
            "reasons": self.reasons,
            "reason_texts": {code: reason_text(code) for code in self.reasons},
            "left_over_by_location": {self.location_names.get(loc, str(loc)): n
                                      for loc, n in self.full_locations.items()},
            "outreach_proposed": len(self.outreach),
            "proposed_visits": self.proposed_visits,
            "proposed_visits_total": self.proposed_total,
            "evening": self.evening,
            "pelajar": self.pelajar,
            "limits": [{"code": lim.code, "date": lim.day.isoformat(), "text": lim.message}
                       for lim in self.limits],
            "date_from": self.date_from.isoformat(),
            "date_to": self.date_to.isoformat(),
            "days": [{"date": d.date.isoformat(),
                      "location": self.location_names.get(d.location_id, ""),
                      "location_id": d.location_id, "people": d.people,
                      "places_left": d.places_left} for d in self.days if d.people],
        }


def plan(
    db: pw.Database,
    selection: Selection,
    date_from: dt.date,
    date_to: dt.date,
    *,
    today: dt.date | None = None,
    locations: Mapping[str, Sequence[int]] | None = None,
    overflow: Sequence[int] = (),
    slot_minutes: int | None = None,
    max_attempts: int | None = None,
    past_calendar: bool = False,
    past_election: bool = False,
    evening: bool = False,
    school_lists: Mapping[int, Sequence[int]] | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken = NEVER_CANCELLED,
) -> Plan:
    """Compute (never write) who goes where and when.

    - ``locations`` maps a kecamatan code to location ids by preference (default
      :func:`default_locations`); ``overflow`` adds locations tried last for everyone
      (e.g. Dindukcapil).
    - Slots: existing live ones in the range with free places, and new ones cut from each
      location's weekly hours (``slot_minutes`` long, capacity per hour prorated) on days
      that are not holidays. Deliberate slots already made are used as they are.
    - Neighbours together: people in kelurahan, RW, RT, name order; each RT goes whole to
      the first day with room for it, else is split over the earliest places.
    - Round = earlier closed calls + 1; a ``tidak_hadir`` person with ``max_attempts``
      no-shows is left over as ``jemput_bola`` (proposed for an outreach visit).
    - Pupils (setting ``pelajar_after_school``) go first, only into Saturday sessions or
      sessions starting after school, at their office or Dindukcapil; the midday break
      gets no new session (:mod:`.limits`).
    - Routing (:mod:`.routing`, the ``route_*`` settings): inmates, people with
      disabilities and (with ``school_lists``, location id -> people on its list) pupils
      may go to outreach instead: they are never summoned, the plan counts them apart
      (:attr:`Plan.proposed`).
    - ``evening``: everyone is called to their own kelurahan's kantor kelurahan, into the
      evening sessions made there (:mod:`.evening`); a kantor kelurahan never takes people
      of another kelurahan, in either mode.

    UserError: an empty, past or too long range; a needed location with zero capacity or
    without hours; a range without a single service day. PlanRefused: the range reaches
    into a year without its published holidays, or past polling day, and
    ``past_calendar`` / ``past_election`` does not confirm it.
    """
    today = today_or_clock(today)
    check_range(date_from, date_to, today)
    limits = check_limits(db, date_from, date_to, past_calendar=past_calendar,
                          past_election=past_election)
    rules = day_rules(db)
    pupil_born_after = pelajar_birth_after(db, rules) if rules.pelajar_after_school else None
    city = default_locations(db).get("", ())
    selection = selection.normalized()
    minutes_ = slot_length(db, slot_minutes)
    attempts = max_attempts if max_attempts is not None else int_setting(
        db, SETTING_MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS)
    mapping = dict(default_locations(db))
    if locations:
        mapping.update({code: tuple(ids) for code, ids in locations.items()})
    fallback = mapping.get("", ())
    progress(0, 3, messages.text("sched_progress_choosing"))

    routed = route_candidates(db, selection, max_attempts=attempts,
                              routing=routes(db, school_lists))
    cancel.raise_if_cancelled()
    left = routed.left
    # a kantor kelurahan serves its own kelurahan only (docs/domain.md, "Evening sessions")
    own_office = kelurahan_offices(db)
    serves = office_kelurahan(db)
    queue: list[tuple[_Candidate, tuple[int, ...]]] = []
    pupils: list[tuple[_Candidate, tuple[int, ...]]] = []
    for person in routed.callable:
        if evening:
            office = own_office.get(person.kelurahan)
            prefs = tuple(dict.fromkeys(((office,) if office else ()) + tuple(overflow)))
            pupil_prefs = prefs
        else:
            prefs = tuple(dict.fromkeys((*mapping.get(person.kecamatan, fallback),
                                         *overflow)))
            # Saturdays are served at Dindukcapil: a pupil may go there too.
            pupil_prefs = tuple(dict.fromkeys((*prefs, *city)))
        prefs, pupil_prefs = (tuple(loc for loc in p if serves.get(
            loc, person.kelurahan) == person.kelurahan) for p in (prefs, pupil_prefs))
        if pupil_born_after is not None and person.birth > pupil_born_after and pupil_prefs:
            pupils.append((person, pupil_prefs))
        elif prefs:
            queue.append((person, prefs))
        else:
            left["tanpa_lokasi"].append(person.person_id)

    needed = sorted({loc for _, prefs in (*queue, *pupils) for loc in prefs})
    names = {loc.id: loc.name for loc in list_locations(db, include_inactive=True)}
    days_by_location: dict[int, list[WDay]] = {}
    if needed:
        progress(1, 3, messages.text("sched_progress_sessions"))
        days_by_location = candidate_days(db, needed, date_from, date_to, minutes_)
        if evening:  # no hours to fall back on: only the evening sessions made
            closed = {loc for loc in needed if not days_by_location.get(loc)}
            if closed == set(needed):
                raise UserError("evening_none_in_range",
                                date_from=format_date_id(date_from),
                                date_to=format_date_id(date_to))
        else:
            closed = check_locations(db, needed, days_by_location, date_from, date_to,
                                     names)
    else:
        closed = set()
    cancel.raise_if_cancelled()

    progress(2, 3, messages.text("sched_progress_planning"))
    placed: list[tuple[int, WSlot, int]] = []
    full: Counter[int] = Counter()
    if pupils:
        # Pupils first, into the sessions they can come to; the same slots, so the places
        # they take are gone for everyone else.
        pupil_days = {loc: [view for day in days if (view := WDay(
            day.date, loc, [s for s in day.slots if rules.fits_pelajar(day.date, s.start)]
        )).slots] for loc, days in days_by_location.items()}
        _place(pupils, Allocator(pupil_days), closed, placed, left, full, cancel,
               shut_reason="tanpa_sesi_malam" if evening else "pelajar_tanpa_sesi",
               unplaced_reason="pelajar_tanpa_sesi")
        taken = {(d.location_id, d.date): d.planned for ds in pupil_days.values() for d in ds}
        days_by_location = {loc: [_refreshed(d, taken) for d in days]
                            for loc, days in days_by_location.items()}
    _place(queue, Allocator(days_by_location), closed, placed, left, full, cancel,
           shut_reason="tanpa_sesi_malam" if evening else "tanpa_hari_layanan")
    pupil_ids = {p.person_id for p, _ in pupils}

    used = sorted({id(s): s for _, s, _ in placed}.values(),
                  key=lambda s: (s.date, s.location_id, s.start, s.end))
    planned_slots = []
    for index, slot in enumerate(used):
        slot.plan_index = index
        planned_slots.append(PlannedSlot(slot.location_id, slot.date, slot.start, slot.end,
                                         slot.capacity, slot.already,
                                         max(slot.capacity - slot.already, 0) - slot.free,
                                         slot.slot_id, slot.name, slot.deliberate))
    assignments = tuple(Assignment(pid, slot.plan_index, rnd) for pid, slot, rnd in placed)
    days = tuple(DayLoad(day.date, day.location_id, day.planned, day.free)
                 for loc in needed for day in days_by_location.get(loc, []))
    days = tuple(sorted(days, key=lambda d: (d.date, d.location_id)))
    progress(3, 3, messages.text("sched_progress_done"))
    return Plan(
        selection=selection, date_from=date_from, date_to=date_to,
        slots=tuple(planned_slots), assignments=assignments,
        left_over={code: tuple(ids) for code, ids in left.items() if ids},
        days=days, location_names={loc: names.get(loc, str(loc)) for loc in needed},
        full_locations=dict(sorted(full.items())), max_attempts=attempts,
        slot_minutes=minutes_, limits=tuple(limits),
        pelajar=sum(1 for pid, _, _ in placed if pid in pupil_ids),
        proposed={kind: tuple(p.person_id for p in people)
                  for kind, people in routed.proposed.items() if people},
        evening=evening,
    )


def _refreshed(day: WDay, taken: Mapping[tuple[int, dt.date], int]) -> WDay:
    """The day afresh after the pupils' pass: its free places recounted from its slots."""
    fresh = WDay(day.date, day.location_id, day.slots)
    fresh.planned = taken.get((day.location_id, day.date), 0)
    return fresh


def _place(queue: Sequence[tuple[_Candidate, tuple[int, ...]]], allocator: Allocator,
           closed: set[int], placed: list[tuple[int, WSlot, int]],
           left: dict[str, list[int]], full: Counter[int], cancel: CancelToken, *,
           shut_reason: str, unplaced_reason: str | None = None) -> None:
    """Place the queue RT by RT (neighbours together); who does not fit is left over:
    ``shut_reason`` when their places are closed all along, else ``unplaced_reason``, else
    as ``penuh`` (full)."""
    start = groups = 0
    while start < len(queue):
        # one group = the people of one RT (same location preferences, kelurahan, RW, RT)
        head, prefs = queue[start]
        key = (prefs, head.kelurahan, head.rw, head.rt)
        end = start + 1
        while end < len(queue) and (queue[end][1], queue[end][0].kelurahan,
                                    queue[end][0].rw, queue[end][0].rt) == key:
            end += 1
        group = queue[start:end]
        slots = allocator.place(len(group), prefs)
        for (person, _), slot in zip(group, slots, strict=False):
            placed.append((person.person_id, slot, person.calls + 1))
        shut = all(loc in closed for loc in prefs)
        for person, _ in group[len(slots):]:
            if shut or unplaced_reason:
                left[shut_reason if shut else unplaced_reason].append(person.person_id)
            else:
                left["penuh"].append(person.person_id)
                full[prefs[0]] += 1
        start = end
        groups += 1
        if groups % 256 == 0:
            cancel.raise_if_cancelled()
