"""Cold start: from launching the program to its window usable, at 1,000,000 people.

    .venv/bin/python benchmarks/bench_startup.py [--people N] [--runs N] [--exe PATH]

Builds the database once with demo.fill into benchmarks/output/ (gitignored; a few
minutes) and reuses it. Each run starts a fresh process off-screen and times, from just
before it is launched, the window's first paint with the event loop idle (the target), and
the first rows on the Warga page; the baseline is a bare PySide6 QMainWindow launched and
timed the same way in the same run (ektp_desk/ui/startup_probe.py). The OS file cache is
warm after the first run (dropping it would disturb everything else on the machine): the
first run's figure is printed too. `--exe dist/ektp-desk/ektp-desk` times the bundle.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_people import OUTPUT, build  # noqa: E402  (the same 1,000,000-person database)

TARGET_S = 1.5


def launch(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Start `command`, read the probe's lines; seconds from launch to each of them."""
    started = time.time()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    marks = {}
    for line in done.stdout.splitlines():
        name, _, stamp = line.partition(" ")
        if name in ("painted", "rows"):
            marks[name] = float(stamp) - started
    if "painted" not in marks:
        raise SystemExit(f"no probe output from {command}:\n{done.stdout}\n{done.stderr}")
    return marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--exe", type=Path, help="time this built app instead of the source")
    args = parser.parse_args()
    db = OUTPUT / f"startup_{args.people}.sqlite"
    OUTPUT.mkdir(exist_ok=True)
    build(db, args.people)
    # the window opens after a login: the demo operator's, from the environment as
    # `tasks.py run` does (its password check is part of the start)
    from ektp_desk.core import accounts
    from ektp_desk.core import db as core_db

    opened = core_db.open_database(db, bind=False)
    accounts.add_demo_accounts(opened)
    opened.close()

    with tempfile.TemporaryDirectory() as data:
        # a first start (no window.ini): maximised, as on a clerk's new PC
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", EKTP_DESK_STARTUP_PROBE="1",
                   EKTP_DESK_DATA_DIR=data, EKTP_DESK_USER="operator",
                   EKTP_DESK_PASSWORD="operator-demo")
        # an installed app runs compiled bytecode: never time compiling the sources
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        app = ([str(args.exe)] if args.exe else [sys.executable, "-m", "ektp_desk"]) + [
            "--db", str(db)]
        bare = [sys.executable, "-m", "ektp_desk.ui.startup_probe"]
        apps, bares = [], []
        for _ in range(args.runs):  # interleaved, so both see the same machine load
            bares.append(launch(bare, env))
            apps.append(launch(app, env))

    def median(runs: list[dict[str, float]], key: str) -> float:
        return statistics.median(run[key] for run in runs if key in run)

    painted = median(apps, "painted")
    baseline = median(bares, "painted")
    print(f"start-up at {args.people:,} people, {args.runs} runs each, median "
          f"({'bundle ' + str(args.exe) if args.exe else 'source tree'}):")
    print(f"  bare PySide6 window painted:   {baseline * 1000:7.0f} ms  (baseline)")
    print(f"  ektp-desk window usable:       {painted * 1000:7.0f} ms  "
          f"(target < {TARGET_S * 1000:.0f} ms: {'OK' if painted < TARGET_S else 'MISSED'}; "
          f"+{(painted - baseline) * 1000:.0f} ms over the bare window)")
    print(f"  ektp-desk first rows on Warga: {median(apps, 'rows') * 1000:7.0f} ms")
    print(f"  first run (coldest): app {apps[0]['painted'] * 1000:.0f} ms, "
          f"bare {bares[0]['painted'] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
