"""Call-up scheduling (jadwal panggilan) and outreach visits (jemput bola), without Qt.

The clerk's flow, and the functions behind it:

1. **Locations** (:func:`list_locations`, :func:`add_location`, :func:`update_location`)
   with weekly hours (:mod:`ektp_desk.core.calendar`) and a capacity per hour. A kantor
   kecamatan serves the kecamatan in its ``kecamatan_code``; Dindukcapil serves people
   whose kecamatan is unknown.
2. **Plan** (:func:`plan`): who (a :class:`Selection`) and a date range → a :class:`Plan`,
   computed without writing anything: each person at their own kecamatan office, in a slot
   that respects capacity, hours and holidays, neighbours together (kelurahan, RW, RT on the
   same day). Same input, same plan. People who do not fit are listed with a reason.
3. **Apply** (:func:`apply_plan`) saves a plan in one transaction: slots, summonses, a
   ``dipanggil`` event per person, person.status = ``dipanggil``.
4. **Changes**: :func:`move_people`, :func:`summon_to_slot`, :func:`cancel_slot` (its people
   go to the next free slots), :func:`move_slot`. Letters already printed become
   ``cetak_ulang``. A person never holds two open summonses (a partial UNIQUE index too).
5. **No-shows**: :func:`close_day` marks who did not come (``tidak_hadir``); a plan with
   :meth:`Selection.second_round` calls them again (round N+1); after the configured number
   of no-shows they are proposed for outreach (:func:`outreach_candidates`).
6. **Outreach** (docs/domain.md, "Jemput bola"): places (:func:`add_place`,
   :func:`update_place`, :func:`set_place_active`); visits (:func:`create_visit` with team,
   kits and capacity, :func:`add_visit_people` by hand, by :func:`visit_filter_ids`, from a
   place's list via :func:`match_people_list` and :func:`resolve_list`, or from
   :func:`outreach_candidates`; :func:`record_visit_outcomes`, :func:`close_visit`). A
   person holds one open call: a visit takes back their office summons in the same
   transaction (:func:`letters_to_withdraw`), and migration 13's
   triggers refuse a second one.

Long functions have the shape ``f(db, …, *, progress, cancel) -> Result``; every write
returns a result with ``changes`` (:class:`ektp_desk.core.jobs.Changes`). Bad input raises
:class:`UserError` before anything is written. Dates are ``datetime.date``; times are
``'HH:MM'`` text (shown as ``08.00`` with :func:`calendar.format_time`). "Today" is a
parameter everywhere (default :func:`clock.today`), so tests never depend on the clock.

- :mod:`.common`     vocabulary, messages, small helpers
- :mod:`.locations`  locations, which serve each kecamatan, open hours and holidays
- :mod:`.slots`      slots, and the candidate slots cut from the hours
- :mod:`.limits`     how far a plan may reach; the midday break and pupils' hours
- :mod:`.planner`    selections and the plan
- :mod:`.summons`    saving a plan, moves, cancellations, letters printed, closing a day
- :mod:`.places`     outreach places: add, edit, deactivate
- :mod:`.outreach`   outreach proposals, visits, the one open call, letters to withdraw
- :mod:`.visit_lists` matching a place's list of people (school, pesantren, lapas)
- :mod:`.routing`    which category goes to outreach instead of an office (settings)
- :mod:`.proposals`  the people routed to outreach, grouped as proposed visits
- :mod:`.evening`    evening sessions at the kantor kelurahan, a series at a time

Everything public is re-exported here: callers write ``scheduling.add_slot(...)``.
"""

from __future__ import annotations

from ektp_desk.core.scheduling.common import (
    CHUNK,
    DEFAULT_CAPACITY_PER_HOUR,
    DEFAULT_MAX_ATTEMPTS,
    DEFAULT_RELOCATE_DAYS,
    DEFAULT_SLOT_MINUTES,
    LETTER_LABELS,
    LETTER_NOT_PRINTED,
    LETTER_PRINTED,
    LETTER_REPRINT,
    LOCATION_KINDS,
    MAX_RANGE_DAYS,
    OUTREACH_KINDS,
    REASONS,
    SCHEDULABLE,
    SERVED,
    SETTING_MAX_ATTEMPTS,
    SETTING_SLOT_MINUTES,
    SUMMONS_STATES,
    VISIT_OUTCOMES,
    reason_text,
)
from ektp_desk.core.scheduling.evening import (
    EveningResult,
    generate_evening_series,
    kelurahan_offices,
)
from ektp_desk.core.scheduling.limits import (
    PAST_CALENDAR,
    PAST_ELECTION,
    PlanLimit,
    PlanRefused,
    plan_limits,
)
from ektp_desk.core.scheduling.locations import (
    Location,
    LocationResult,
    add_location,
    default_locations,
    get_location,
    list_locations,
    update_location,
)
from ektp_desk.core.scheduling.outreach import (
    LetterToWithdraw,
    VisitInfo,
    VisitPerson,
    VisitResult,
    add_visit_people,
    close_visit,
    create_visit,
    get_visit,
    letters_to_withdraw,
    list_visits,
    outreach_candidates,
    record_visit_outcomes,
    remove_visit_people,
    visit_capacity,
    visit_filter_ids,
    visit_people,
)
from ektp_desk.core.scheduling.places import (
    Place,
    add_place,
    get_place,
    list_places,
    set_place_active,
    update_place,
)
from ektp_desk.core.scheduling.planner import Assignment, Plan, Selection, plan, select_person_ids
from ektp_desk.core.scheduling.proposals import ProposedVisit, outreach_proposals
from ektp_desk.core.scheduling.routing import PROPOSAL_KINDS, PROPOSAL_LABELS, Routes, routes
from ektp_desk.core.scheduling.slots import (
    DayLoad,
    PlannedSlot,
    SlotInfo,
    SlotPerson,
    SlotResult,
    SummonedPerson,
    add_slot,
    day_loads,
    first_slot_day,
    generate_slots,
    get_slot,
    list_slots,
    slot_people,
    summoned_near,
)
from ektp_desk.core.scheduling.summons import (
    ApplyResult,
    CloseResult,
    LetterResult,
    MoveResult,
    apply_plan,
    cancel_slot,
    close_day,
    current_summons,
    mark_letters_printed,
    move_people,
    move_slot,
    summon_to_slot,
)
from ektp_desk.core.scheduling.visit_lists import (
    AmbiguousRow,
    ListMatch,
    match_people_list,
    resolve_list,
)

__all__ = [
    "CHUNK",
    "DEFAULT_CAPACITY_PER_HOUR",
    "DEFAULT_MAX_ATTEMPTS",
    "DEFAULT_RELOCATE_DAYS",
    "DEFAULT_SLOT_MINUTES",
    "LETTER_LABELS",
    "LETTER_NOT_PRINTED",
    "LETTER_PRINTED",
    "LETTER_REPRINT",
    "LOCATION_KINDS",
    "MAX_RANGE_DAYS",
    "OUTREACH_KINDS",
    "PAST_CALENDAR",
    "PAST_ELECTION",
    "PROPOSAL_KINDS",
    "PROPOSAL_LABELS",
    "REASONS",
    "SCHEDULABLE",
    "SERVED",
    "SETTING_MAX_ATTEMPTS",
    "SETTING_SLOT_MINUTES",
    "SUMMONS_STATES",
    "VISIT_OUTCOMES",
    "AmbiguousRow",
    "ApplyResult",
    "Assignment",
    "CloseResult",
    "DayLoad",
    "EveningResult",
    "LetterResult",
    "LetterToWithdraw",
    "ListMatch",
    "Location",
    "LocationResult",
    "MoveResult",
    "Place",
    "Plan",
    "PlanLimit",
    "PlanRefused",
    "PlannedSlot",
    "ProposedVisit",
    "Routes",
    "Selection",
    "SlotInfo",
    "SlotPerson",
    "SlotResult",
    "SummonedPerson",
    "VisitInfo",
    "VisitPerson",
    "VisitResult",
    "add_location",
    "add_place",
    "add_slot",
    "add_visit_people",
    "apply_plan",
    "cancel_slot",
    "close_day",
    "close_visit",
    "create_visit",
    "current_summons",
    "day_loads",
    "default_locations",
    "first_slot_day",
    "generate_evening_series",
    "generate_slots",
    "get_location",
    "get_place",
    "get_slot",
    "get_visit",
    "kelurahan_offices",
    "letters_to_withdraw",
    "list_locations",
    "list_places",
    "list_slots",
    "list_visits",
    "mark_letters_printed",
    "match_people_list",
    "move_people",
    "move_slot",
    "outreach_candidates",
    "outreach_proposals",
    "plan",
    "plan_limits",
    "reason_text",
    "record_visit_outcomes",
    "remove_visit_people",
    "resolve_list",
    "routes",
    "select_person_ids",
    "set_place_active",
    "slot_people",
    "summon_to_slot",
    "summoned_near",
    "update_location",
    "update_place",
    "visit_capacity",
    "visit_filter_ids",
    "visit_people",
]
