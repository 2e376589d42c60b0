"""Letter printing speed: 6,000 summoning letters into one PDF.

    .venv/bin/python benchmarks/bench_letters.py [--letters 6000] [--runs 3]

Builds (once, cached under benchmarks/output/) a database of `--letters` demo people, all
scheduled, then on a fresh copy per run measures:
- ours: batch.print_batch(--unprinted) end to end: selecting, numbering, laying out and
  drawing every letter (two worker processes), joining the parts, registering the numbers;
- baseline, in the same run: a plain single-process reportlab canvas drawing the same page
  content (every text run of every letter with drawString, the kop drawn on every page,
  the QR code from zxing-cpp as one path), with the layout computed beforehand and not
  timed, so the baseline is the pure cost of drawing;
- peak memory (RSS of the printing process plus its workers) for 1,000 and 6,000 letters,
  each in a fresh process.
Targets: ours < 20 s and within 1.5× of the baseline; memory about flat.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "benchmarks" / "output"
sys.path.insert(0, str(ROOT))

from ektp_desk.core import db as core_db  # noqa: E402
from ektp_desk.core import demo, scheduling  # noqa: E402
from ektp_desk.core.letters import batch, numbering  # noqa: E402
from ektp_desk.core.letters.render import LetterRenderer, RenderConfig  # noqa: E402
from tests.plan_helpers import without_pupil_rule  # noqa: E402

TODAY = dt.date(2024, 1, 8)
LETTER_DATE = dt.date(2024, 1, 10)
TARGET_S = 20.0
TARGET_RATIO = 1.5


def _logo() -> bytes:
    """A small PNG standing in for the regional emblem."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (120, 140), (20, 90, 40)).save(out, "PNG")
    return out.getvalue()


def template(people: int) -> Path:
    """A database of `people` demo people, each with an open summons (cached)."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"letters_logo_{people}.sqlite"  # the logo is part of the data
    if not path.exists():
        started = time.perf_counter()
        db = core_db.open_database(path, bind=False)
        demo.fill(db, people, build_index=False)
        db.execute_sql("UPDATE office_profile SET logo = ?", (_logo(),))  # none: no letter
        db.execute_sql("UPDATE location SET capacity_per_hour = 40")
        without_pupil_rule(db)  # letters for everyone, whatever their age
        plan = scheduling.plan(db, scheduling.Selection(), dt.date(2024, 1, 15),
                               dt.date(2024, 4, 30), today=TODAY,
                               past_election=True)
        scheduling.apply_plan(db, plan, today=TODAY)
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        print(f"built {people:,} scheduled people in {time.perf_counter() - started:.1f} s "
              f"({plan.scheduled:,} summoned)", file=sys.stderr)
    return path


def fresh_copy(source: Path, name: str) -> Path:
    target = OUTPUT / name
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copyfile(source, target)
    return target


def run_ours(source: Path, workers: int | None = None) -> tuple[float, int]:
    path = fresh_copy(source, "letters_run.sqlite")
    db = core_db.open_database(path, bind=False)
    out = OUTPUT / "letters_run.pdf"
    started = time.perf_counter()
    result = batch.print_batch(db, batch.Selection(unprinted=True), out=out,
                               letter_date=LETTER_DATE, user="bench", workers=workers)
    elapsed = time.perf_counter() - started
    db.close()
    return elapsed, result.pages


def baseline_pages(source: Path) -> tuple[RenderConfig, list]:
    """Every letter's laid-out content (text runs, rules, QR position): computed once,
    outside the baseline's timing."""
    path = fresh_copy(source, "letters_base.sqlite")
    db = core_db.open_database(path, bind=False)
    profile = batch.office_profile.load(db)
    config = RenderConfig(profile, batch.load_texts(db))
    snap = batch._snapshot(db, batch.Selection(unprinted=True), profile, LETTER_DATE)
    renderer = LetterRenderer(config)
    pages = [(item.letter.code, renderer.layout(item.letter)[0][:3]) for item in snap.items]
    db.close()
    return config, pages


def run_baseline(config: RenderConfig, pages: list) -> float:
    """A plain single-process canvas drawing the same content on every page."""
    import zxingcpp
    from reportlab.pdfgen.canvas import Canvas

    renderer = LetterRenderer(config)
    started = time.perf_counter()
    canvas = Canvas(io.BytesIO(), pagesize=(renderer.page_width, renderer.page_height),
                    pageCompression=1)
    for code, (texts, rules, (qr_x, qr_y)) in pages:
        renderer.draw_kop(canvas)  # the kop drawn on each page, as a plain canvas would
        for font, size, x, y, text, word_space in texts:
            canvas.setFont(font, size)
            if word_space:
                obj = canvas.beginText(x, y)
                obj.setWordSpace(word_space)
                obj.textOut(text)
                canvas.drawText(obj)
            else:
                canvas.drawString(x, y, text)
        for x1, y1, x2, y2, width in rules:
            canvas.setLineWidth(width)
            canvas.line(x1, y1, x2, y2)
        symbol = zxingcpp.create_barcode(numbering.qr_payload(code),
                                         zxingcpp.BarcodeFormat.QRCode, ec_level="M")
        pixels = bytes(memoryview(symbol.to_image(scale=1, add_quiet_zones=False)))
        n = int(len(pixels) ** 0.5)
        module = renderer.qr_width / n
        path = canvas.beginPath()
        for row in range(n):  # one rectangle per run of dark modules, as ours does
            col = 0
            while col < n:
                if pixels[row * n + col]:
                    col += 1
                    continue
                start = col
                while col < n and not pixels[row * n + col]:
                    col += 1
                path.rect(qr_x + start * module, qr_y + (n - 1 - row) * module,
                          (col - start) * module, module)
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.showPage()
    canvas.save()
    return time.perf_counter() - started


def peak_memory(people: int) -> dict[str, float]:
    """Peak RSS (MB) of a fresh process printing `people` letters, and of its workers."""
    template(people)  # built here, so the child measures printing only
    done = subprocess.run([sys.executable, __file__, "--memory-child", str(people)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def memory_child(people: int) -> None:
    source = template(people)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    elapsed, pages = run_ours(source)
    self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"letters": pages, "seconds": round(elapsed, 2),
                      "rss_before_mb": round(before, 1), "main_peak_mb": round(self_peak, 1),
                      "worker_peak_mb": round(children, 1)}))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=6000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args.memory_child)
        return 0
    source = template(args.letters)
    # memory first: a child's peak RSS starts from this process's size at fork time
    memory = {people: peak_memory(people) for people in (1000, args.letters)}
    config, pages = baseline_pages(source)
    ours, base, single = [], [], []
    for run in range(args.runs):
        elapsed, count = run_ours(source)
        ours.append(elapsed)
        base.append(run_baseline(config, pages))
        single.append(run_ours(source, workers=1)[0])
        print(f"run {run + 1}: ours {elapsed:.2f} s ({count:,} pages), single-process "
              f"{single[-1]:.2f} s, baseline {base[-1]:.2f} s", file=sys.stderr)
    ours_s, base_s, single_s = (statistics.median(x) for x in (ours, base, single))
    ratio = ours_s / base_s
    print(f"letters: {args.letters:,} in one PDF")
    print(f"ours (2 processes, end to end): {ours_s:.2f} s  "
          f"({ours_s / args.letters * 1000:.2f} ms/letter)  target < {TARGET_S:.0f} s")
    print(f"ours (1 process, end to end):   {single_s:.2f} s")
    print(f"baseline plain canvas:          {base_s:.2f} s  "
          f"({base_s / args.letters * 1000:.2f} ms/letter)")
    print(f"ratio ours/baseline: {ratio:.2f}  target <= {TARGET_RATIO}")
    for people, mem in memory.items():
        print(f"peak memory, {people:,} letters: main {mem['main_peak_mb']:.0f} MB, "
              f"each worker <= {mem['worker_peak_mb']:.0f} MB ({mem['seconds']:.2f} s)")
    ok = ours_s < TARGET_S and ratio <= TARGET_RATIO
    print("OK" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
