"""A drive over eight days whose recordings per day the test knows (the burn-down's
ledger), for the core, PDF and Laporan page tests of the burn-down."""

from __future__ import annotations

import datetime as dt

from ektp_desk.core import clock, demo, desk, scheduling, settings

FIRST = dt.date(2026, 11, 23)  # a Monday
TODAY = FIRST + dt.timedelta(days=7)
PEOPLE = 40
# recordings per day of the drive (day 0 = FIRST), the last on TODAY
RECORDED = (3, 0, 4, 1, 2, 0, 5, 2)
WHO = {"desk": "Meja 1", "user": "uji"}


class Ledger:
    """The drive as the test wrote it: how many people it left recorded on each day."""

    def __init__(self, db, monkeypatch) -> None:
        """Each day written on its own clock; the clock is left at TODAY."""
        demo.fill(db, PEOPLE, seed=5, build_index=False)
        settings.set(db, "election_date", TODAY + dt.timedelta(days=40))
        settings.set(db, "election_name", "Pemilihan Umum Uji")
        ids = iter(r[0] for r in db.execute_sql("SELECT id FROM person ORDER BY id"))
        place = scheduling.add_location(db, "dindukcapil", "Dindukcapil Kota").location_id
        self.recorded_on: dict[dt.date, int] = {}
        for i, count in enumerate(RECORDED):
            day = FIRST + dt.timedelta(days=i)
            monkeypatch.setattr(clock, "now", lambda day=day: dt.datetime.combine(
                day, dt.time(9), clock.WIB))
            people = [next(ids) for _ in range(count + 2)]
            slot = scheduling.add_slot(db, place, day, "08:00", "12:00", capacity=40,
                                       deliberate=True, today=day).slot_ids[0]
            scheduling.summon_to_slot(db, people, slot, today=day)
            for pid in people[:count]:
                desk.record(db, pid, "hadir", today=day, **WHO)
                desk.record(db, pid, "terekam", today=day, **WHO)
            # one more recorded by mistake and undone: out of the ledger and the line
            desk.record(db, people[count], "hadir", today=day, **WHO)
            desk.record(db, people[count], "terekam", today=day, **WHO)
            desk.undo_last(db, people[count], today=day, **WHO)
            # one failed: not recorded
            desk.record(db, people[count + 1], "hadir", today=day, **WHO)
            desk.record(db, people[count + 1], "gagal_rekam", reason="sidik_jari",
                        today=day, **WHO)
            self.recorded_on[day] = count

    def left_at_end_of(self, day: dt.date) -> int:
        return PEOPLE - sum(n for d, n in self.recorded_on.items() if d <= day)
