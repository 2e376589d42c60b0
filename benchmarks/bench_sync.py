"""Sync files at scale (target: "export and import of 100,000 people with 300,000 events
each in under 10 s, with the encryption and signing a small share of that").

    .venv/bin/python benchmarks/bench_sync.py [--people 100000] [--events-per-person 3]

Builds a city office holding `--people` demo people with 3 events each (dipanggil, hadir,
terekam) and a kecamatan office that trusts it (keys under a passphrase, full scrypt cost),
then times, printing each phase:
- the first export (stamping every row with its identity and HLC, collecting, committing
  while the payload is compressed, encrypting + signing, writing + fsync + read-back
  verification);
- the import at the kecamatan office (signature check + decryption, parsing, applying in one
  transaction: checking the rows, storing versions, choosing people's versions and planning
  the events, inserting, folding statuses, committing; writing the signed receipt);
- a second export of the same rows (already stamped: the steady state);
Baseline in the same run: the same number of rows written with a plain sqlite3 executemany
in one transaction, and AES-256-GCM + Ed25519 alone over a buffer the size of the file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "benchmarks" / "output" / "sync"
sys.path.insert(0, str(ROOT))

from ektp_desk.core import db as core_db  # noqa: E402
from ektp_desk.core import demo  # noqa: E402
from ektp_desk.core.sync import apply, export, office  # noqa: E402

PASS = "sandi-benchmark"
WIB = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=WIB)
KINDS = ("dipanggil", "hadir", "terekam")


def build(people: int, per_person: int) -> tuple[Path, Path]:
    if OUTPUT.exists():
        shutil.rmtree(OUTPUT)
    OUTPUT.mkdir(parents=True)
    city_path, kec_path = OUTPUT / "kota.sqlite", OUTPUT / "kecamatan.sqlite"
    city = core_db.open_database(city_path, bind=False)
    kec = core_db.open_database(kec_path, bind=False)
    office.init_office(city, kind="kota", code="3375", name="Dindukcapil", passphrase=PASS)
    office.init_office(kec, kind="kecamatan", code="337501", name="Kecamatan Barat",
                       passphrase=PASS)
    office.trust_card(city, office.export_card(kec, OUTPUT / "kec.card"))
    office.trust_card(kec, office.export_card(city, OUTPUT / "kota.card"))
    demo.fill(city, people, seed=1, build_index=False)
    # the city sends a kecamatan office only its own people: make them all its own, so the
    # whole list travels (with every row's batch signature)
    city.execute_sql("UPDATE person SET kecamatan_code = '337501'")
    ids = [r[0] for r in city.execute_sql("SELECT id FROM person")]
    at = NOW.isoformat(timespec="seconds")
    with city.atomic():
        city.connection().executemany(
            "INSERT INTO event (person_id, kind, at, by_user, desk) VALUES (?, ?, ?, 'bench', "
            "'Meja 1')", [(pid, KINDS[i % 3], at) for pid in ids for i in range(per_person)])
    city.close()
    kec.close()
    return city_path, kec_path


def baseline(rows: int, file_bytes: int) -> dict[str, float]:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    path = OUTPUT / "raw.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE t (a INTEGER, b TEXT, c TEXT, d TEXT, e TEXT)")
    data = [(i, "3375011201080001", "terekam", "2026-11-28T09:00:00+07:00", "x" * 20)
            for i in range(rows)]
    started = time.perf_counter()
    with conn:
        conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", data)
    raw_write = time.perf_counter() - started
    conn.close()
    buffer = os.urandom(file_bytes)
    started = time.perf_counter()
    sealed = AESGCM(AESGCM.generate_key(bit_length=256)).encrypt(os.urandom(12), buffer, b"")
    Ed25519PrivateKey.generate().sign(sealed)
    crypto = time.perf_counter() - started
    return {"raw_executemany": raw_write, "aes_gcm_ed25519": crypto}


def show(title: str, timings: dict[str, float]) -> None:
    """Phases in the order they ran; 'apply.x' are parts of 'apply'; 'pack' (compressing
    and hashing the payload) runs in a second thread during 'commit'."""
    total = timings.get("total", sum(timings.values()))
    print(f"{title}: {total:6.2f} s")
    for phase, seconds in timings.items():
        if phase != "total":
            name = f"  {phase.partition('.')[2]}" if "." in phase else phase
            print(f"    {name:<16} {seconds:6.2f} s  ({100 * seconds / total:4.1f} %)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--events-per-person", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    city_path, kec_path = build(args.people, args.events_per_person)
    print(f"built {args.people:,} people, {args.people * args.events_per_person:,} events "
          f"in {time.perf_counter() - started:.1f} s")
    city = core_db.open_database(city_path, bind=False)
    kec = core_db.open_database(kec_path, bind=False)
    kec_id = office.identity(kec).office_id
    city_id = office.identity(city).office_id

    unlock = time.perf_counter()
    office.unlock(city, PASS)
    print(f"unlocking the keys (scrypt n={office.SCRYPT_N}): "
          f"{time.perf_counter() - unlock:.2f} s (in each export and import)")

    first = export.export(city, kec_id, OUTPUT / "stick", passphrase=PASS, now=NOW)
    size = first.file.stat().st_size
    show(f"export 1 ({first.rows:,} rows, {size / 1e6:.1f} MB)", first.timings)
    got = apply.import_file(kec, first.file, passphrase=PASS, now=NOW)
    show(f"import ({got.new_people:,} people, {got.new_events:,} events)", got.timings)
    again = export.export(city, kec_id, OUTPUT / "stick2", passphrase=PASS, now=NOW)
    show(f"export 2, already stamped ({again.rows:,} rows)", again.timings)
    ack = apply.import_file(city, got.receipt, passphrase=PASS, now=NOW)
    after = export.export(city, kec_id, OUTPUT / "stick3", passphrase=PASS, now=NOW)
    print(f"receipt: {ack.acknowledged:,} rows acknowledged; the next export holds "
          f"{after.rows} rows")
    back = export.export(kec, city_id, OUTPUT / "stick4", passphrase=PASS, now=NOW)
    print(f"kecamatan back to the city: {back.rows} rows (nothing of its own yet)")

    base = baseline(first.rows, size)
    crypto = first.timings.get("pack", 0.0) + first.timings["seal"]
    print(f"baseline: plain executemany of {first.rows:,} rows "
          f"{base['raw_executemany']:.2f} s; AES-256-GCM + Ed25519 over {size / 1e6:.1f} MB "
          f"{base['aes_gcm_ed25519']:.3f} s")
    print(f"compress + encrypt + sign: {crypto:.2f} s, {100 * crypto / first.timings['total']:.1f}"
          f" % of export 1 (compressing overlaps the commit); decrypt + verify: "
          f"{100 * got.timings['verify_decrypt'] / got.timings['total']:.1f} % of the import")
    total = first.timings["total"] + got.timings["total"]
    verdict = "OK" if total < 10 else "SLOW"
    print(f"target: export + import < 10 s → export {first.timings['total']:.2f} s + import "
          f"{got.timings['total']:.2f} s = {total:.2f} s: {verdict}")
    city.close()
    kec.close()


if __name__ == "__main__":
    main()
