"""How fast the Jadwal page opens with 100,000 people scheduled over three months (target:
"the Jadwal calendar opening in under 0.5 s with those slots").

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_jadwal.py [--people 100000]
                                                    [--runs 5] [--slot-minutes 60]

Builds once (cached as benchmarks/output/jadwal_<people>_<minutes>min.sqlite) `--people`
demo people,
planned and saved with scheduling.plan/apply_plan from 1 March to 31 May 2024 at the four
kantor kecamatan with 100 people an hour (so that all fit), then, per run, on a fresh
database connection and a fresh JobRunner (cold reader threads), times:
- open: JadwalPage constructed and shown until its month view (April 2024, all locations)
  is filled from the reader thread (`loaded`), and then until it is painted (a grab);
- next month, week view, one location: the same, for the navigation a clerk does;
- slot detail: clicking a slot until its people are shown.
Baseline in the same run: the raw SQL the month needs (slots + their open summonses counted)
with plain sqlite3. Medians of `--runs`. Target: open (painted) < 0.5 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "benchmarks" / "output"
sys.path.insert(0, str(ROOT))


from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from ektp_desk.core import db as core_db  # noqa: E402
from ektp_desk.core import demo, scheduling  # noqa: E402
from ektp_desk.ui.changes import ChangeBus  # noqa: E402
from ektp_desk.ui.pages.jadwal import JadwalPage  # noqa: E402
from ektp_desk.ui.pages.jadwal.calendar_helpers import WEEK  # noqa: E402
from ektp_desk.ui.runner import JobRunner  # noqa: E402
from tests.plan_helpers import without_pupil_rule  # noqa: E402

PLANNED_ON = dt.date(2024, 2, 20)
DATE_FROM, DATE_TO = dt.date(2024, 3, 1), dt.date(2024, 5, 31)
OPEN_ON = dt.date(2024, 4, 15)  # "today" for the page: April, in the middle of the plan
CAPACITY = 100
TARGET_S = 0.5


def build(people: int, slot_minutes: int) -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"jadwal_{people}_{slot_minutes}min.sqlite"
    if path.exists():
        return path
    started = time.perf_counter()
    partial = path.with_suffix(".building")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    db = core_db.open_database(partial, bind=False)
    demo.fill(db, people, build_index=False)
    for location in (1, 2, 3, 4):
        scheduling.update_location(db, location, capacity_per_hour=CAPACITY)
    without_pupil_rule(db)  # a full calendar of everyone, whatever their age
    plan = scheduling.plan(db, scheduling.Selection(), DATE_FROM, DATE_TO, today=PLANNED_ON,
                           slot_minutes=slot_minutes, past_election=True)
    scheduling.apply_plan(db, plan, today=PLANNED_ON)
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    partial.rename(path)
    print(f"built {people:,} people, {plan.scheduled:,} scheduled in {plan.slots_used:,} "
          f"slots, {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


def wait_for(signal, timeout_ms: int = 30000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)


def timed(action: Callable[[], None], signal, page: JadwalPage) -> tuple[float, float]:
    """Seconds until `signal` (data shown), and until the page is painted too."""
    started = time.perf_counter()
    action()
    wait_for(signal)
    loaded = time.perf_counter() - started
    page.grab()
    return loaded, time.perf_counter() - started


def raw_month(path: Path) -> float:
    conn = sqlite3.connect(path)
    started = time.perf_counter()
    rows = conn.execute(
        "SELECT s.id, s.location_id, s.date, s.start_time, s.capacity, "
        "(SELECT count(*) FROM summons m WHERE m.slot_id = s.id AND m.state = 'open') "
        "FROM slot s WHERE s.date >= '2024-04-01' AND s.date <= '2024-05-05' "
        "AND s.cancelled = 0 ORDER BY s.date, s.start_time").fetchall()
    elapsed = time.perf_counter() - started
    conn.close()
    assert rows
    return elapsed


def one_run(path: Path) -> dict[str, tuple[float, float]]:
    db = core_db.open_database(path, bind=False)
    bus = ChangeBus()
    runner = JobRunner(db, bus)
    figures: dict[str, tuple[float, float]] = {}
    page: JadwalPage | None = None

    def construct() -> None:
        nonlocal page
        page = JadwalPage(db, runner, bus, today=OPEN_ON)
        page.resize(1100, 760)
        page.show()

    # the page starts its read in the constructor: wait on a signal it has by then
    started = time.perf_counter()
    construct()
    assert page is not None
    wait_for(page.loaded)
    loaded = time.perf_counter() - started
    page.grab()
    figures["open"] = (loaded, time.perf_counter() - started)
    slots = page.visible_slots()
    assert len(slots) > 100, len(slots)
    figures["next month"] = timed(lambda: page.step(1), page.loaded, page)
    figures["week view"] = timed(lambda: page.set_view(WEEK), page.loaded, page)
    figures["one location"] = timed(lambda: page.set_location(1), page.loaded, page)
    slot = page.visible_slots()[0]
    figures["slot detail"] = timed(lambda: page.select_slot(slot.id), page.slot_loaded, page)
    assert page.people_model.rowCount() == slot.assigned > 0
    figures["slots in the month"] = (float(len(slots)), float(sum(s.assigned for s in slots)))
    runner.shutdown()
    page.deleteLater()
    db.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--slot-minutes", type=int, default=60,
                        help="length of the planned slots (15 makes four times as many)")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    path = build(args.people, args.slot_minutes)
    raws = [raw_month(path) for _ in range(args.runs)]
    runs = [one_run(path) for _ in range(args.runs)]
    app.processEvents()

    med = statistics.median
    slots, people = runs[0]["slots in the month"]
    scheduled = sqlite3.connect(path).execute(
        "SELECT count(*) FROM summons WHERE state = 'open'").fetchone()[0]
    print(f"people: {args.people:,}, {scheduled:,} scheduled {DATE_FROM} – {DATE_TO} in "
          f"{args.slot_minutes}-minute slots; median of {args.runs} runs; seconds until data "
          f"shown / until painted")
    print(f"raw SQL for the month grid (sqlite3):   {med(raws):7.3f}")
    for key in ("open", "next month", "week view", "one location", "slot detail"):
        loaded = med(r[key][0] for r in runs)
        painted = med(r[key][1] for r in runs)
        extra = ""
        if key == "open":
            extra = (f"  ({int(slots)} slots, {int(people):,} people in the grid; "
                     f"target < {TARGET_S} s: {'OK' if painted < TARGET_S else 'MISSED'})")
        print(f"{key + ':':<40}{loaded:7.3f} / {painted:7.3f}{extra}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
