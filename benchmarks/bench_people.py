"""The Warga page and the people queries at 1,000,000 people (the list's speed targets).

    .venv/bin/python benchmarks/bench_people.py [--people N] [--db PATH]

Builds the database once with demo.fill into benchmarks/output/ (gitignored; about a
minute) and reuses it. Prints, next to a raw sqlite3 baseline measured in the same run:
first rows of the page, scroll-and-paint, exact NIK lookup, name search, process memory.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import time
from array import array
from operator import itemgetter
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psutil

from ektp_desk.core import db as core_db
from ektp_desk.core import demo, people, search
from ektp_desk.core.people import PeopleFilter

OUTPUT = Path(__file__).resolve().parent / "output"
TARGETS = {"first rows": 0.8, "scroll and paint": 0.100, "NIK lookup": 0.005,
           "name search": 0.050}
# Searches a clerk types: first names, surnames, a fragment, whole names, with apostrophes.
NAME_QUERIES = ["budi", "siti", "santoso", "ma'ruf", "nur aini", "wulan sari", "hidayat",
                "yusuf", "kartika", "andre", "rahma", "ardiansyah", "putri ayu", "zainal"]


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:8.3f} ms" if value < 1 else f"{value:8.1f} ms"


def verdict(name: str, value: float) -> str:
    target = TARGETS.get(name)
    if target is None:
        return ""
    return f"  (target < {target * 1000:.0f} ms: {'OK' if value < target else 'MISSED'})"


def build(path: Path, n: int) -> None:
    if path.exists():
        with sqlite3.connect(path) as conn:
            have = conn.execute("SELECT count(*) FROM person").fetchone()[0]
        if have == n:
            return
        path.unlink()
        for extra in (path.with_suffix(".sqlite-wal"), path.with_suffix(".sqlite-shm")):
            extra.unlink(missing_ok=True)
    print(f"building {n:,} people in {path} (once) …", flush=True)
    started = time.perf_counter()
    database = core_db.open_database(path)
    demo.fill(database, n)
    database.close()
    print(f"  built in {time.perf_counter() - started:.1f} s", flush=True)


def rss_now() -> int:
    return psutil.Process().memory_info().rss


def wait_until_loaded(model: object) -> None:
    """Sleep in an event loop until the model has its whole answer (a busy loop of
    processEvents would fight the reader thread for the GIL and time itself)."""
    from PySide6.QtCore import QEventLoop, QTimer

    while not model.complete:  # type: ignore[attr-defined]
        loop = QEventLoop()
        model.loaded.connect(loop.quit)  # type: ignore[attr-defined]
        QTimer.singleShot(1000, loop.quit)
        loop.exec()
        model.loaded.disconnect(loop.quit)  # type: ignore[attr-defined]


def baseline(path: Path) -> dict[str, float]:
    """What SQLite alone does, through the sqlite3 module, with no ektp_desk code."""
    conn = sqlite3.connect(path)
    found: dict[str, float] = {}
    started = time.perf_counter()
    ids = array("q", map(itemgetter(0), conn.execute(
        "SELECT id FROM person ORDER BY name_norm, id")))
    found["all ids in name order"] = time.perf_counter() - started
    assert len(ids) > 0
    started = time.perf_counter()
    conn.execute("SELECT id FROM person WHERE name_norm LIKE '%BUDI%'").fetchall()
    found["LIKE '%BUDI%' scan"] = time.perf_counter() - started
    started = time.perf_counter()
    conn.execute("SELECT rowid FROM person_fts WHERE person_fts MATCH '\"BUDI\"'").fetchall()
    found["FTS5 MATCH 'BUDI' (unsorted)"] = time.perf_counter() - started
    conn.close()
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    path = args.db or OUTPUT / (
        "people_1m.sqlite" if args.people == 1_000_000 else f"people_{args.people}.sqlite")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    build(path, args.people)
    rng = random.Random(args.seed)
    results: dict[str, float] = {}

    # --- the window: first rows ----------------------------------------------------------
    started = time.perf_counter()
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QAbstractItemView, QApplication

    from ektp_desk.ui.pages.warga import WargaPage
    from ektp_desk.ui.runner import JobRunner

    app = QApplication.instance() or QApplication([])  # kept alive until the end
    startup = time.perf_counter() - started

    started = time.perf_counter()
    database = core_db.open_database(path)
    runner = JobRunner(database)
    page = WargaPage(database, runner)
    page.resize(1280, 760)
    page.show()
    page.table.viewport().grab()  # paints the visible rows: data() has run for them
    first_rows = time.perf_counter() - started
    memory = {"first rows": rss_now()}
    model = page.model
    first = model.data(model.index(0, 0))
    assert first and first != "Memuat…", first
    results["first rows"] = first_rows
    wait_until_loaded(model)
    whole_list = time.perf_counter() - started
    memory["whole list loaded"] = rss_now()
    total = model.rowCount()

    # --- scrolling to any row ------------------------------------------------------------
    times = []
    for row in rng.sample(range(total), 30):
        started = time.perf_counter()
        page.table.scrollTo(model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        page.table.viewport().grab()
        times.append(time.perf_counter() - started)
        assert model.data(model.index(row, 0)) not in (None, "Memuat…")
    results["scroll and paint"] = statistics.median(times)
    memory["after scrolling"] = rss_now()
    scroll_max = max(times)

    # --- exact NIK -----------------------------------------------------------------------
    picked = [rng.randint(1, total) for _ in range(300)]
    niks = [r[0] for r in database.execute_sql(
        f"SELECT nik FROM person WHERE id IN ({','.join('?' * len(picked))})", picked)]
    times = []
    for nik in niks:
        started = time.perf_counter()
        assert people.find_by_nik(database, nik) is not None
        times.append(time.perf_counter() - started)
    results["NIK lookup"] = statistics.median(times)
    nik_max = max(times)
    times = []
    for nik in niks[:30]:
        started = time.perf_counter()
        assert len(people.ordered_ids(database, PeopleFilter(search=nik))) == 1
        times.append(time.perf_counter() - started)
    nik_search = statistics.median(times)

    # --- name search ---------------------------------------------------------------------
    behind = search.pending(database)
    per_query = []
    for query in NAME_QUERIES:
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            hits = people.ordered_ids(database, PeopleFilter(search=query))
            runs.append(time.perf_counter() - started)
        per_query.append((query, statistics.median(runs), len(hits)))
    results["name search"] = statistics.median(t for _, t, _ in per_query)
    memory["after name searches"] = rss_now()

    # the same through the page: text in the box → the table shows the answer
    page_times = []
    for query in NAME_QUERIES:
        started = time.perf_counter()
        page.search.setText(query)
        page._apply_filter()  # what the 250 ms debounce calls; the wait is on purpose
        wait_until_loaded(model)
        page.table.viewport().grab()
        page_times.append(time.perf_counter() - started)
    page.search.setText("")
    page._apply_filter()
    wait_until_loaded(model)

    rss = rss_now()
    memory["end"] = rss
    page.close()
    page.deleteLater()
    runner.shutdown()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    assert app is not None
    raw = baseline(path)

    # --- report --------------------------------------------------------------------------
    print(f"\nWarga page and people queries, {total:,} people, python {sys.version.split()[0]}, "
          f"SQLite {sqlite3.sqlite_version}, {os.cpu_count()} cores; FTS rows pending: {behind}")
    print(f"  {'Qt start (imports + QApplication)':38s}{ms(startup)}")
    print(f"  {'first rows painted':38s}{ms(results['first rows'])}"
          f"{verdict('first rows', results['first rows'])}")
    print(f"  {'  whole id list loaded (background)':38s}{ms(whole_list)}")
    print(f"  {'scroll to a random row + paint':38s}{ms(results['scroll and paint'])}"
          f"  median, max {ms(scroll_max).strip()}"
          f"{verdict('scroll and paint', results['scroll and paint'])}")
    print(f"  {'exact NIK lookup (find_by_nik)':38s}{ms(results['NIK lookup'])}"
          f"  median, max {ms(nik_max).strip()}{verdict('NIK lookup', results['NIK lookup'])}")
    print(f"  {'  NIK typed in the search (id query)':38s}{ms(nik_search)}")
    print(f"  {'name search, any part (id query)':38s}{ms(results['name search'])}"
          f"  median of {len(NAME_QUERIES)}{verdict('name search', results['name search'])}")
    for query, took, count in per_query:
        print(f"      {query!r:16s}{ms(took)}  {count:>7,} found")
    print(f"  {'  name search through the page':38s}{ms(statistics.median(page_times))}"
          f"  median, max {ms(max(page_times)).strip()} (query + reset + paint)")
    rss_ok = "OK" if rss < 200 * 2**20 else "MISSED"
    print(f"  {'process memory (RSS)':38s}{rss / 2**20:8.1f} MB  (target < 200 MB: {rss_ok})")
    for label, value in memory.items():
        print(f"      {label:34s}{value / 2**20:8.1f} MB")
    print("  raw sqlite3 baseline, same run:")
    for label, took in raw.items():
        print(f"      {label:34s}{ms(took)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
