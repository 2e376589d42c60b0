"""Backups: checked copies kept N days, a daily one, one before each risky step, restore
round trips, a damaged file found at start, network drives refused, the encrypted USB copy
(docs/architecture.md, "Backups and the database file")."""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from ektp_desk.core import backup, backup_crypto, importer, settings
from ektp_desk.core import db as core_db
from ektp_desk.core.errors import UserError
from ektp_desk.core.sync import apply, office
from tests.backup_helpers import (
    FILLED,
    TODAY,
    audit_actions,
    build_full,
    chain_verifies,
    dump,
    niks,
)
from tests.kpu_files import sample_people, write_kpu_csv
from tests.sync_helpers import PASS

RESTORE_AUDIT = ("pulihkan_cadangan",)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Path, Path]:
    return build_full(tmp_path_factory.mktemp("full"))


@pytest.fixture
def full(template, tmp_path) -> tuple[Path, Path]:
    """Fresh copies of the city's and the kecamatan office's databases."""
    out = []
    for path in template:
        target = tmp_path / "data" / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        out.append(target)
    return out[0], out[1]


@pytest.fixture
def cheap_keys(monkeypatch):
    monkeypatch.setattr(office, "SCRYPT_N", 2**10)


def corrupt(path: Path) -> None:
    """Overwrite bytes in the middle of a real file, as a failing disk would: the same
    bytes every run (random ones once quoted non-UTF-8 in SQLite's complaint, a case
    core.db.quick_check now reads as damage too)."""
    size = path.stat().st_size
    noise = random.Random(56)
    with open(path, "r+b") as fh:
        for at in range(size // 3, size * 2 // 3, 4096 * 3):
            fh.seek(at)
            fh.write(noise.randbytes(512))


def test_backup_and_restore_round_trip_every_kind_of_record(full):
    city, _ = full
    before = dump(city)
    assert all(before[t] for t in FILLED), [t for t in FILLED if not before[t]]
    db = core_db.open_database(city, bind=False)
    made = backup.make_backup(db, reason=backup.MANUAL)
    # then the clerk makes a mistake: a whole kelurahan's calls and people gone
    db.execute_sql("DELETE FROM print_job_summons")
    db.execute_sql("UPDATE person SET name = 'SALAH' WHERE id < 20")
    db.close()
    assert dump(city) != before

    result = backup.restore(city, made, by="admin")

    assert dump(city, RESTORE_AUDIT) == before
    assert chain_verifies(city)  # the restore's own row continues the restored chain
    assert result.saved_current is not None and result.saved_current.exists()
    assert dump(result.saved_current)["print_job_summons"] == []  # the state it replaced
    assert not city.with_name(city.name + "-wal").exists() or \
        city.with_name(city.name + "-wal").stat().st_size == 0
    db = core_db.open_database(city, bind=False)
    try:
        action, detail = db.execute_sql(
            "SELECT action, detail FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        db.close()
    assert action == "pulihkan_cadangan" and made.name in detail


def test_a_backup_is_one_private_checked_file_in_the_backups_folder(db, db_path):
    made = backup.make_backup(db, reason=backup.MANUAL)
    assert made.parent == db_path.parent / "backups"
    assert made.name.startswith(f"{db_path.stem}.manual.") and made.suffix == ".sqlite"
    assert backup.check_file(made) == core_db.migrations.latest_version()
    assert not made.with_name(made.name + "-wal").exists()  # self-contained
    if os.name == "posix":
        assert made.stat().st_mode & 0o777 == 0o600


def test_a_copy_failing_its_check_is_deleted_and_said(db, db_path):
    from ektp_desk.core import demo

    demo.fill(db, 2000, seed=3)
    db.close()
    corrupt(db_path)
    damaged = core_db.make_database(db_path)
    damaged.connect()
    with pytest.raises(UserError) as err:
        backup.make_backup(damaged, reason=backup.MANUAL)
    damaged.close()
    assert err.value.message_id == "backup_check_failed"
    assert backup.list_backups(db_path.parent / "backups") == []


def test_old_backups_are_pruned_but_never_the_newest_good_one(db, db_path):
    settings.set(db, "backup_keep_days", 3)
    now = dt.datetime(2026, 11, 28, 8, 0)
    old = [backup.make_backup(db, reason=backup.DAILY, now=now - dt.timedelta(days=d))
           for d in (10, 6, 2)]
    assert [p.exists() for p in old] == [False, False, True]  # each pruned the older ones
    # a long pause: the newest is older than the limit, and still kept
    assert backup.prune(db_path.parent / "backups", db_path.stem, 3,
                        now + dt.timedelta(days=30)) == []
    assert old[-1].exists()


def test_the_daily_backup_is_made_once_a_day(db, db_path):
    first = backup.daily_backup_if_due(db, db_path, backup.clock.today())
    assert first is not None and ".harian." in first.name
    assert backup.daily_backup_if_due(db, db_path, backup.clock.today()) is None
    tomorrow = backup.clock.today() + dt.timedelta(days=1)
    assert backup.daily_backup_if_due(db, db_path, tomorrow) is not None


def test_a_copy_cut_short_never_counts_and_is_cleared_later(db, db_path):
    """The daily backup now copies after the window opened: a killed copy is left under
    its hidden name, is no backup, and goes once it is old."""
    folder = backup.folder_for(db_path)
    core_db.make_private_dir(folder)
    today = backup.clock.today()
    part = folder / f".{db_path.stem}.harian.{today:%Y%m%d}-070000.sqlite.part"
    part.write_bytes(b"SQLite format 3\x00 half a copy")
    two_hours_ago = time.time() - 2 * 3600
    os.utime(part, (two_hours_ago, two_hours_ago))
    assert backup.list_backups(folder) == []
    made = backup.daily_backup_if_due(db, db_path, today)
    assert made is not None and backup.check_file(made) > 0
    assert not part.exists()
    assert [p.name for p in folder.iterdir()] == [made.name]


def test_latest_good_backup_skips_a_damaged_newer_one(db, db_path):
    from ektp_desk.core import demo

    demo.fill(db, 500, seed=4)
    good = backup.make_backup(db, reason=backup.DAILY, now=dt.datetime(2026, 11, 27, 8))
    bad = backup.make_backup(db, reason=backup.DAILY, now=dt.datetime(2026, 11, 28, 8))
    corrupt(bad)
    latest = backup.latest_good_backup(db_path.parent / "backups")
    assert latest is not None and latest.path == good


def test_a_damaged_database_is_found_at_start_and_restored(full):
    city, _ = full
    before = dump(city)
    db = core_db.open_database(city, bind=False)
    backup.make_backup(db, reason=backup.DAILY)
    db.close()
    corrupt(city)

    with pytest.raises(UserError) as err:
        core_db.open_database(city, bind=False, check=True)
    assert err.value.message_id in ("db_corrupt", "db_not_ektp")

    latest = backup.latest_good_backup(backup.folder_for(city), city.stem)
    assert latest is not None
    result = backup.restore(city, latest.path, by="admin")
    assert ".rusak." in result.saved_current.name  # the damaged file kept as it was
    core_db.open_database(city, bind=False, check=True).close()
    assert dump(city, RESTORE_AUDIT) == before
    assert chain_verifies(city)


def test_restore_refuses_a_file_that_is_no_ektp_backup_and_changes_nothing(full, tmp_path):
    city, _ = full
    before = dump(city)
    stranger = tmp_path / "lain.sqlite"
    sqlite3.connect(stranger).execute("CREATE TABLE t (x)").connection.close()
    text = tmp_path / "catatan.sqlite"
    text.write_text("bukan basis data")
    for path in (stranger, text):
        with pytest.raises(UserError) as err:
            backup.restore(city, path, by="admin")
        assert err.value.message_id == "restore_bad_file"
        assert "tidak diubah" in err.value.message
    assert dump(city) == before
    assert backup.list_backups(backup.folder_for(city)) == []


def test_import_and_sync_import_back_up_first(full, template, tmp_path):
    city, kec = full
    db = core_db.open_database(city, bind=False)
    listing = write_kpu_csv(tmp_path / "kpu.csv", sample_people(5))
    importer.run_import(db, listing, today=TODAY, dry_run=True)
    assert backup.list_backups(backup.folder_for(city)) == []  # a dry run writes nothing
    importer.run_import(db, listing, today=TODAY)
    assert [b.reason for b in backup.list_backups(backup.folder_for(city))] == ["impor"]
    db.close()

    kec_db = core_db.open_database(kec, bind=False)
    sync_file = next((template[0].parent / "files").glob("*.ektpsync"))
    apply.import_file(kec_db, sync_file, passphrase=PASS, write_receipt=False)
    kec_db.close()
    assert ([b.reason for b in backup.list_backups(backup.folder_for(kec), kec.stem)]
            == ["impor-sinkron"])


def test_encrypted_backup_holds_no_nik_and_restores_with_the_passphrase(full, tmp_path,
                                                                        cheap_keys):
    city, _ = full
    before = dump(city)
    people = niks(city)
    stick = tmp_path / "FLASHDISK"
    stick.mkdir()
    db = core_db.open_database(city, bind=False)
    made = backup_crypto.make_encrypted_backup(db, stick, keys=office.unlock(db, PASS))
    db.close()
    raw = made.read_bytes()
    assert made.parent == stick and made.suffix == backup.ENCRYPTED_SUFFIX
    assert not [n for n in people if n.encode("ascii") in raw]
    assert b"SQLite format 3" not in raw
    assert list(stick.iterdir()) == [made]  # no plain copy left beside it
    assert not list(backup.folder_for(city).glob(".*"))  # nor in the backups folder

    # the PC died: a new one restores the stick's file with the passphrase
    new_pc = tmp_path / "pc-baru" / "ektp-desk.sqlite"
    with pytest.raises(UserError) as err:
        backup.restore(new_pc, made, by="admin", passphrase="bukan-sandinya")
    assert err.value.message_id == "passphrase_wrong"
    assert not new_pc.exists()
    backup.restore(new_pc, made, by="admin", passphrase=PASS)
    assert dump(new_pc, RESTORE_AUDIT) == before  # the copy was taken before its audit row
    assert chain_verifies(new_pc)
    assert audit_actions(new_pc)[-1] == "pulihkan_cadangan"
    assert "cadangan_terenkripsi" in audit_actions(city)


def test_an_altered_encrypted_backup_is_refused(full, tmp_path, cheap_keys):
    city, _ = full
    db = core_db.open_database(city, bind=False)
    made = backup_crypto.make_encrypted_backup(db, tmp_path, keys=office.unlock(db, PASS))
    db.close()
    data = bytearray(made.read_bytes())
    data[len(data) // 2] ^= 0x55
    made.write_bytes(bytes(data))
    with pytest.raises(UserError) as err:
        backup.restore(tmp_path / "baru.sqlite", made, by="admin", passphrase=PASS)
    assert err.value.message_id in ("sync_bad_signature", "sync_damaged")


# --- network drives ------------------------------------------------------------------

MOUNTS = """\
/dev/sda2 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
//server/data /mnt/kantor cifs rw,vers=3.0 0 0
nas:/export /srv/nfs nfs4 rw 0 0
/dev/sdb1 /mnt/kantor/lokal ext4 rw 0 0
/dev/sdc1 /media/kasi/FLASH\\040DISK vfat rw 0 0
"""


@pytest.mark.parametrize(("path", "expected"), [
    ("/home/kasi/ektp.sqlite", None),
    ("/mnt/kantor/ektp.sqlite", "cifs"),
    ("/mnt/kantor/lokal/ektp.sqlite", None),  # a local disk mounted inside the share
    ("/srv/nfs/a/b.sqlite", "nfs4"),
    ("/srv/nfsx/b.sqlite", None),  # a sibling folder, not under the mount point
    ("/media/kasi/FLASH DISK/ektp.sqlite", None),
])
def test_linux_network_mounts_are_found_in_the_mounts_table(tmp_path, path, expected):
    table = tmp_path / "mounts"
    table.write_text(MOUNTS)
    assert core_db.drives.network_location(path, windows=False, mounts=table) == expected


def test_windows_unc_paths_and_mapped_network_drives_are_refused():
    types = {"C:\\": 3, "Z:\\": 4, "E:\\": 2}
    where = core_db.drives.network_location
    assert where("Z:\\ektp\\ektp.sqlite", windows=True, drive_type=types.get) == \
        "drive jaringan Z:"
    assert where("C:\\Users\\kasi\\ektp.sqlite", windows=True, drive_type=types.get) is None
    assert where("E:\\ektp.sqlite", windows=True, drive_type=types.get) is None
    assert where("\\\\SERVER\\data\\ektp.sqlite", windows=True, drive_type=types.get) == \
        "UNC \\\\SERVER\\data"
    assert where("//server/data/ektp.sqlite") == "UNC \\\\server\\data"


def test_a_database_on_a_network_path_is_refused_with_what_to_do(tmp_path):
    with pytest.raises(UserError) as err:
        core_db.open_database("//server/data/ektp.sqlite", bind=False)
    assert err.value.message_id == "db_network"
    assert "satu PC" in err.value.message and "disk lokal" in err.value.message


def test_a_copy_made_elsewhere_prunes_nothing_in_the_backups_folder(full, tmp_path,
                                                                     cheap_keys):
    city, _ = full
    db = core_db.open_database(city, bind=False)
    old = [backup.make_backup(db, reason=backup.DAILY,
                              now=dt.datetime(2026, 10, day, 8)) for day in (1, 2)]
    backup.make_backup(db, tmp_path / "salinan.sqlite", reason=backup.MANUAL)
    backup_crypto.make_encrypted_backup(db, tmp_path, keys=office.unlock(db, PASS))
    db.close()
    assert all(p.exists() for p in old)
