"""`ektp-desk sync …` as subprocesses: a city office and a kecamatan office set up their
identities, exchange cards, send people out, record at the desk, send results back, with
receipts; JSON on stdout, clear refusals with exit status 1, wrong usage 2."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

from tests.cli_helpers import DEMO_ADMIN, ektp, new_database

PASS = "sandi-kantor-uji"


def cli(db: Path, *args: str, status: int = 0, passphrase: str | None = PASS
        ) -> subprocess.CompletedProcess:
    env = {"EKTP_DESK_TODAY": "2026-11-30", **DEMO_ADMIN}
    if passphrase is not None:
        env["EKTP_DESK_PASSPHRASE"] = passphrase
    return ektp(db, *args, status=status, env=env)


def out(db: Path, *args: str, **kwargs: object) -> dict:
    return json.loads(cli(db, *args, "--json", **kwargs).stdout)


def test_two_offices_exchange_files_through_the_command_line(tmp_path: Path) -> None:
    city, kec = tmp_path / "kota.sqlite", tmp_path / "barat.sqlite"
    stick = tmp_path / "flashdisk"
    made = out(city, "office", "init", "--kind", "kota", "--code", "3375", "--name",
               "Dindukcapil Kota Pekalongan")
    assert set(made) == {"office_id", "fingerprint"} and made["office_id"].startswith("3375-")
    kmade = out(kec, "office", "init", "--kind", "kecamatan", "--code", "337501",
                "--name", "Kecamatan Pekalongan Barat")
    cli(city, "office", "card", "--out", str(stick / "kota.card"))
    cli(kec, "office", "card", "--out", str(stick / "barat.card"))
    trusted = out(city, "office", "trust", str(stick / "barat.card"),
                  "--fingerprint", kmade["fingerprint"])
    assert trusted["office_id"] == kmade["office_id"]
    cli(kec, "office", "trust", str(stick / "kota.card"))
    cli(city, "demo", "--people", "25")

    # the kecamatan office is sent the people of its own kecamatan only
    mine = sqlite3.connect(city).execute(
        "SELECT count(*) FROM person WHERE kecamatan_code = '337501'").fetchone()[0]
    assert 0 < mine < 25
    sent = out(city, "sync", "export", "--to", kmade["office_id"], "--out", str(stick))
    assert sent["rows"] == mine and Path(sent["file"]).exists()
    got = out(kec, "sync", "import", sent["file"])
    assert {"applied", "skipped", "conflicts", "receipt"} <= set(got)
    assert (got["applied"], got["skipped"], got["conflicts"]) == (mine, 0, 0)
    assert Path(got["receipt"]).parent == Path(sent["file"]).parent
    again = out(kec, "sync", "import", sent["file"])
    assert (again["applied"], again["skipped"]) == (0, mine)
    ack = out(city, "sync", "import", got["receipt"])
    assert ack["kind"] == "receipt" and ack["acknowledged"] == mine
    assert out(city, "sync", "export", "--to", kmade["office_id"], "--out",
               str(stick))["rows"] == 0

    nik = sqlite3.connect(kec).execute("SELECT nik FROM person ORDER BY nik").fetchone()[0]
    cli(kec, "checkin", nik, "--today", "2026-11-30")
    cli(kec, "checkin", nik, "--status", "terekam", "--today", "2026-11-30")
    back = out(kec, "sync", "export", "--to", made["office_id"], "--out", str(stick))
    assert back["rows"] == 2
    applied = out(city, "sync", "import", back["file"])
    assert applied["applied"] == 2 and applied["updated_people"] == 1
    status = sqlite3.connect(city).execute("SELECT status FROM person WHERE nik = ?",
                                           (nik,)).fetchone()[0]
    assert status == "terekam"

    state = out(city, "sync", "status")
    peer = {p["office_id"]: p for p in state["peers"]}[kmade["office_id"]]
    assert peer["acknowledged"] == mine and peer["pending"] == 0
    assert peer["last_import"] is not None
    listed = out(city, "sync", "conflicts")
    assert listed == {"conflicts": []}

    keys = out(city, "office", "keys")
    assert keys["office"]["office_id"] == made["office_id"]
    assert [p["office_id"] for p in keys["trusted"]] == [kmade["office_id"]]
    # a receipt lost with the stick is written again from the imported file
    Path(got["receipt"]).unlink()
    rewritten = out(kec, "sync", "receipt", sent["file"])
    assert Path(rewritten["receipt"]).exists()
    assert out(city, "sync", "import", rewritten["receipt"])["kind"] == "receipt"
    # a stick that is read-only: the receipt goes into a folder the clerk names
    elsewhere = tmp_path / "lokal"
    moved = out(kec, "sync", "receipt", sent["file"], "--out", str(elsewhere))
    assert Path(moved["receipt"]).parent == elsewhere
    assert out(city, "sync", "import", moved["receipt"])["kind"] == "receipt"


def test_a_card_changing_a_trusted_offices_keys_needs_the_fingerprint_and_can_be_undone(
        tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from ektp_desk.core.sync import office

    city, kec = tmp_path / "kota.sqlite", tmp_path / "barat.sqlite"
    out(city, "office", "init", "--kind", "kota", "--code", "3375", "--name", "Kota")
    genuine = out(kec, "office", "init", "--kind", "kecamatan", "--code", "337501",
                  "--name", "Barat")
    cli(kec, "office", "card", "--out", str(tmp_path / "barat.card"))
    cli(city, "office", "trust", str(tmp_path / "barat.card"))
    # a card under the same office id with keys made elsewhere, fingerprint computed
    card = json.loads((tmp_path / "barat.card").read_text())
    pub_s = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    pub_b = X25519PrivateKey.generate().public_key().public_bytes_raw()
    fake_fp = office.fingerprint(genuine["office_id"], pub_s, pub_b)
    card.update(sign_public=office.b64(pub_s), box_public=office.b64(pub_b),
                fingerprint=fake_fp)
    fake = tmp_path / "palsu.card"
    fake.write_text(json.dumps(card))
    done = cli(city, "office", "trust", str(fake), status=1)
    assert "tanpa pernyataan rotasi" in done.stderr and "TIDAK dipercaya" in done.stderr
    cli(city, "office", "trust", str(fake), "--replace-key", status=2)
    assert out(city, "office", "keys")["trusted"][0]["fingerprint"] == genuine["fingerprint"]
    # the admin typed the fingerprint read out by phone and confirmed: replaced, on record
    replaced = out(city, "office", "trust", str(fake), "--fingerprint", fake_fp,
                   "--replace-key")
    assert (replaced["replaced"], replaced["how"]) == (genuine["fingerprint"], "retired")
    # a mistake after all: the genuine key comes back
    back = out(city, "office", "restore", genuine["office_id"], "--fingerprint",
               genuine["fingerprint"])
    assert back["fingerprint"] == genuine["fingerprint"] and back["replaced"] == fake_fp


def test_refusals_are_clear_and_exit_1_and_wrong_usage_exits_2(tmp_path: Path) -> None:
    db = new_database(tmp_path / "kantor.sqlite")
    done = cli(db, "sync", "export", "--to", "3375-0000", "--out", str(tmp_path), status=1)
    assert "Identitas kantor belum dibuat" in done.stderr
    cli(db, "office", "init", "--kind", "kota", "--code", "3375", "--name", "Kota",
        "--json")
    done = cli(db, "office", "init", "--kind", "kota", "--code", "3375", "--name",
               "Lagi", status=1)
    assert "sudah menjadi kantor" in done.stderr
    done = cli(db, "sync", "export", "--to", "337501-0000", "--out", str(tmp_path), status=1,
               passphrase=None)
    assert "Kata sandi" in done.stderr
    bogus = tmp_path / "bukan.ektpsync"
    bogus.write_text("halo")
    done = cli(db, "sync", "import", str(bogus), status=1)
    assert "bukan berkas sinkronisasi" in done.stderr and not done.stdout
    cli(db, "office", "init", "--kind", "desa", "--code", "1", "--name", "x",
        status=2)
    cli(db, "sync", "export", "--out", str(tmp_path), status=2)


def test_conflicts_are_listed_with_what_differed_and_marked_reviewed(tmp_path: Path) -> None:
    from tests.sync_helpers import build, person_conflict

    made = build(tmp_path / "offices", people=6, kecamatan=("337501", "337502"))
    city, k1, k2 = made["kota"], made["337501"], made["337502"]
    nik = person_conflict(made, tmp_path, "rw", "009", "004")
    for item in made.values():
        item.db.close()

    [listed] = out(city.path, "sync", "conflicts")["conflicts"]
    assert listed["nik"] != nik and listed["nik"].replace(" ", "").startswith(nik[:6])  # masked
    assert listed["differences"] == [{"field": "rw", "kept": "009", "overruled": "004"}]
    assert k1.office_id in listed["winner"] and k2.office_id in listed["loser"]
    text = cli(city.path, "sync", "conflicts").stdout
    assert "RW: 004 → 009" in text and nik not in text
    assert out(city.path, "sync", "review", str(listed["id"])) == {"reviewed": 1}
    assert out(city.path, "sync", "conflicts") == {"conflicts": []}
    assert len(out(city.path, "sync", "conflicts", "--all")["conflicts"]) == 1


def test_the_office_card_is_never_written_over_the_database(tmp_path: Path) -> None:
    db = tmp_path / "kantor.sqlite"
    cli(db, "office", "init", "--kind", "kota", "--code", "3375", "--name", "Kota")
    before = db.read_bytes()
    for target in (db, Path(f"{db}-wal"), tmp_path / "backups" / "kartu.card"):
        done = cli(db, "office", "card", "--out", str(target), status=1)
        assert "Tidak ada yang diubah" in done.stderr, target
    assert db.read_bytes() == before

