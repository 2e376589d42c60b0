"""The letter and the delivery list as an office signs them (docs/domain.md, "The
letter"): the filing code, the NIP, Sdr./Sdri., the logo, the signature and stamp, the
election's name, and the delivery list by RW. Real SQLite files, PDFs read back, pages
rendered to PNG in ``output_dir`` for a person to look at."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest

from ektp_desk.core import db as core_db
from ektp_desk.core import demo, migrations, scheduling, settings
from ektp_desk.core.errors import UserError
from ektp_desk.core.letters import batch, numbering, profile
from tests.letter_helpers import give_logo, png
from tests.plan_helpers import without_pupil_rule

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TODAY = dt.date(2024, 1, 15)
LETTER_DATE = dt.date(2024, 1, 20)
OLD_DEFAULT = "471.13/{nomor}/Dindukcapil/{bulan_romawi}/{tahun}"


def summon(db, people: int, *, logo: bool = True, seed: int = 2024) -> None:
    demo.fill(db, people, build_index=False, seed=seed)
    if logo:
        give_logo(db)
    without_pupil_rule(db)
    plan = scheduling.plan(db, scheduling.Selection(), dt.date(2024, 2, 5),
                           dt.date(2024, 4, 30), today=TODAY, past_election=True)
    scheduling.apply_plan(db, plan, today=TODAY)


def texts_of(path: Path) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(path).pages]


def save_png(pdf_path: Path, target: Path, page: int = 0, scale: float = 1.3) -> None:
    pdf = pdfium.PdfDocument(str(pdf_path))
    pdf[page].render(scale=scale).to_pil().save(target)
    pdf.close()


def first_summons(db, sex: str | None = None) -> int:
    where = "" if sex is None else f" WHERE p.sex = '{sex}'"
    return db.execute_sql("SELECT m.id FROM summons m JOIN person p ON p.id = m.person_id"
                          + where + " ORDER BY m.id LIMIT 1").fetchone()[0]


# --- 1. the filing code -------------------------------------------------------------------

def at_version(path: Path, version: int) -> sqlite3.Connection:
    """A database built up to an older schema, as an office would have it."""
    conn = sqlite3.connect(path, isolation_level=None)
    for step in migrations.steps()[:version]:
        conn.execute("BEGIN")
        step.apply(conn)
        conn.execute(f"PRAGMA user_version = {step.version:d}")
        conn.execute("COMMIT")
    return conn


def pattern_after_upgrade(path: Path) -> str:
    database = core_db.open_database(path, bind=False)
    try:
        assert database.execute_sql("PRAGMA user_version").fetchone()[0] == \
            migrations.latest_version()
        return profile.load(database).number_pattern
    finally:
        database.close()


def test_a_fresh_database_numbers_with_the_2022_filing_code(db):
    assert profile.load(db).number_pattern == numbering.DEFAULT_PATTERN
    assert numbering.DEFAULT_PATTERN.startswith("400.12.2.1/{nomor}/")


def test_the_oldest_database_moves_to_the_new_default(tmp_path: Path):
    path = tmp_path / "kantor.sqlite"
    shutil.copyfile(FIXTURES / "schema_v1.sqlite", path)
    assert pattern_after_upgrade(path) == numbering.DEFAULT_PATTERN


def test_an_office_that_numbered_letters_under_471_13_keeps_its_code(tmp_path: Path):
    path = tmp_path / "kantor.sqlite"
    conn = at_version(path, 7)
    assert conn.execute("SELECT number_pattern FROM office_profile").fetchone()[0] == \
        OLD_DEFAULT
    conn.execute("INSERT INTO letter (number, year, serial, code, summons_id, person_id, "
                 "round, letter_date, issued_at, issued_by) VALUES ('471.13/1/Dindukcapil/I/"
                 "2024', 2024, 1, 'AAAAAAAAAAAA', 1, 1, 1, '2024-01-20', 'x', 'x')")
    conn.close()
    assert pattern_after_upgrade(path) == OLD_DEFAULT


def test_an_own_pattern_is_never_touched_by_the_upgrade(tmp_path: Path):
    path = tmp_path / "kantor.sqlite"
    conn = at_version(path, 7)
    conn.execute("UPDATE office_profile SET number_pattern = '471.13/{nomor}/{tahun}'")
    conn.close()
    assert pattern_after_upgrade(path) == "471.13/{nomor}/{tahun}"


def test_471_13_can_be_chosen_again_and_numbers_with_it(db, tmp_path: Path):
    summon(db, 5)
    chosen = numbering.with_classification(profile.load(db).number_pattern, "471.13")
    profile.save(db, {"number_pattern": chosen})
    result = batch.print_batch(db, batch.Selection(unprinted=True), out=tmp_path / "s.pdf",
                               letter_date=LETTER_DATE, workers=1)
    assert result.numbers[0] == "471.13/1/Dindukcapil/I/2024"


# --- 3. the letter --------------------------------------------------------------------------

def test_no_logo_no_letter_but_a_preview_marked_contoh(db, tmp_path: Path):
    summon(db, 5, logo=False)
    out = tmp_path / "o"
    with pytest.raises(UserError) as caught:
        batch.print_batch(db, batch.Selection(unprinted=True), out=out / "s.pdf",
                          receipts=out / "r.pdf", workers=1)
    assert caught.value.message_id == "letters_no_logo"
    assert "Profil Kantor" in caught.value.message and "logo" in caught.value.message
    assert db.execute_sql("SELECT count(*) FROM letter").fetchone()[0] == 0
    assert not out.exists() or not list(out.iterdir())
    preview = batch.preview_letter(db, first_summons(db), letter_date=LETTER_DATE)
    (tmp_path / "p.pdf").write_bytes(preview)
    assert "CONTOH" in texts_of(tmp_path / "p.pdf")[0]


def test_the_nip_is_checked_in_core_and_printed_grouped(db, tmp_path: Path):
    summon(db, 3)
    before = profile.load(db)
    for bad in ("12345", "19701301199003 1 001", "19700101199003 3 001"):
        with pytest.raises(UserError) as caught:
            profile.save(db, {"signer_nip": bad, "signer_name": "Drs. H. SLAMET"})
        assert caught.value.message_id.startswith("nip_")
    assert profile.load(db) == before  # nothing changed
    profile.save(db, {"signer_nip": "197001011990031001"})
    assert profile.load(db).signer_nip == "19700101 199003 1 001"
    batch.print_batch(db, batch.Selection(unprinted=True), out=tmp_path / "s.pdf",
                      letter_date=LETTER_DATE, workers=1)
    assert "NIP. 19700101 199003 1 001" in texts_of(tmp_path / "s.pdf")[0]


def test_sdr_or_sdri_by_sex_then_the_address_and_the_city(db, tmp_path: Path):
    summon(db, 30)
    man, woman = first_summons(db, "L"), first_summons(db, "P")
    profile.save(db, {"city": "Batang"})
    out = tmp_path / "s.pdf"
    batch.print_batch(db, batch.Selection(summons_ids=(man, woman)), out=out,
                      letter_date=LETTER_DATE, workers=1)
    by_summons = dict(zip(batch.select_summonses(db, batch.Selection(summons_ids=(man, woman))),
                          texts_of(out), strict=True))
    for sid, word, other in ((man, "Yth. Sdr. ", "Sdri."), (woman, "Yth. Sdri. ", "Sdr. ")):
        text = by_summons[sid]
        assert word in text and other not in text and "Sdr/Sdri" not in text
        assert "Saudara/Saudari" not in text
        # the address block, then 'di <city from the profile>' before the salutation
        assert text.index(word) < text.index("Kelurahan") < text.index("di Batang") < \
            text.index("Dengan hormat")
    assert "Saudari" in by_summons[woman] and "Saudara " in by_summons[man]


def test_the_kop_the_signature_line_and_the_election(db, tmp_path: Path):
    summon(db, 3)
    profile.save(db, {"postcode": "51111", "website": "dindukcapil.pekalongankota.go.id",
                      "contact": "dindukcapil@pekalongankota.go.id"})
    with pytest.raises(UserError, match="Kode pos harus 5 angka"):
        profile.save(db, {"postcode": "5111"})
    settings.set(db, "election_name", "Pemilihan Umum 2029")
    settings.set(db, "election_date", "2029-02-14")
    out = tmp_path / "s.pdf"
    batch.print_batch(db, batch.Selection(unprinted=True), out=out, letter_date=LETTER_DATE,
                      workers=1)
    text = texts_of(out)[0]
    assert "51111" in text and "Laman dindukcapil.pekalongankota.go.id" in text
    assert "Pos-el dindukcapil@pekalongankota.go.id" in text
    assert "PEKALONGAN, (" in text.replace("PEKALONGAN,(", "PEKALONGAN, (")  # the comma
    assert "pada Pemilihan Umum 2029 tanggal 14 Februari 2029" in text
    assert "2024" not in text.split("Dengan hormat")[1].split("Hari/tanggal")[0]
    assert "KTP-el" in text and "KTP elektronik" not in text
    assert "08.00–" in text or "–" in text.split("Pukul")[1][:20]


def test_signature_and_stamp_print_over_the_block_and_each_use_is_audited(db, tmp_path: Path,
                                                                          output_dir: Path):
    summon(db, 4)
    signature, stamp = tmp_path / "ttd.png", tmp_path / "cap.png"
    signature.write_bytes(png((10, 10, 120, 255), (300, 120)))
    stamp.write_bytes(png((120, 40, 160, 255), (200, 200)))
    bad = tmp_path / "ttd.txt"
    bad.write_text("bukan gambar")
    with pytest.raises(UserError, match="bukan gambar") as caught:
        profile.save(db, {"signature": bad})
    assert caught.value.message_id == "image_unreadable" and "logo" not in caught.value.message
    with pytest.raises(UserError, match="Berkas gambar tidak ditemukan"):
        profile.save(db, {"stamp": tmp_path / "hilang.png"})
    assert profile.load(db).signature is None
    out = tmp_path / "s.pdf"
    batch.print_batch(db, batch.Selection(summons_ids=(first_summons(db),)), out=out,
                      letter_date=LETTER_DATE, workers=1)
    assert db.execute_sql("SELECT count(*) FROM audit_log WHERE action = 'surat_ttd_cap'"
                          ).fetchone()[0] == 0
    profile.save(db, {"signature": signature, "stamp": stamp,
                      "signer_name": "Drs. H. SLAMET", "signer_nip": "19700101 199003 1 001"})
    loaded = profile.load(db)
    assert loaded.signature == signature.read_bytes() and loaded.stamp == stamp.read_bytes()
    result = batch.print_batch(db, batch.Selection(unprinted=True), out=out,
                               letter_date=LETTER_DATE, workers=1)
    images = pypdf.PdfReader(out).pages[0].images
    assert len(images) == 3  # logo, signature, stamp
    rows = db.execute_sql("SELECT by_user, detail FROM audit_log WHERE action = 'surat_ttd_cap'"
                          ).fetchall()
    assert len(rows) == 1
    assert '"signature"' in rows[0][1] and '"stamp"' in rows[0][1]
    assert f'"letters": {result.letters}' in rows[0][1] and result.numbers[0] in rows[0][1]
    save_png(out, output_dir / "surat_ttd_cap.png")


def test_a_letter_and_a_second_call_letter_to_look_at(db, tmp_path: Path, output_dir: Path):
    summon(db, 6)
    profile.save(db, {"postcode": "51111", "website": "dindukcapil.pekalongankota.go.id",
                      "contact": "dindukcapil@pekalongankota.go.id",
                      "signer_name": "Drs. H. SLAMET RIYADI, M.Si.",
                      "signer_rank": "Pembina Utama Muda (IV/c)",
                      "signer_nip": "197001011990031001"})
    first, second = batch.select_summonses(db, batch.Selection(unprinted=True))[:2]
    db.execute_sql("UPDATE summons SET round = 2 WHERE id = ?", (second,))
    out = tmp_path / "s.pdf"
    batch.print_batch(db, batch.Selection(summons_ids=(first, second)), out=out,
                      letter_date=LETTER_DATE, workers=1)
    texts = texts_of(out)
    assert len(texts) == 2 and "Panggilan Kedua Perekaman KTP-el" in " ".join(texts)
    for i in range(2):
        save_png(out, output_dir / f"surat_putaran{i + 1}.png", page=i)
    preview = tmp_path / "contoh.pdf"
    preview.write_bytes(batch.preview_letter(db, first, letter_date=LETTER_DATE))
    save_png(preview, output_dir / "surat_contoh.png")


# --- 4. the delivery list -------------------------------------------------------------------

@pytest.mark.slow
def test_a_delivery_list_of_3000_runs_by_rw(db, tmp_path: Path, output_dir: Path):
    summon(db, 3000)
    settings.set(db, "receipt_acknowledger", "Ketua RW")
    receipts = tmp_path / "terima.pdf"
    result = batch.print_batch(db, batch.Selection(unprinted=True), out=None,
                               receipts=receipts, letter_date=LETTER_DATE, workers=2)
    snap = batch._snapshot(db, batch.Selection(summons_ids=tuple(
        r[0] for r in db.execute_sql("SELECT id FROM summons WHERE state = 'open'"))),
        profile.load(db), LETTER_DATE)
    groups: dict[tuple[str, str], int] = {}
    for item in snap.items:
        key = (item.receipt.kelurahan, item.receipt.rw)
        groups[key] = groups.get(key, 0) + 1
    texts = texts_of(receipts)
    assert result.receipt_pages == len(texts)
    # a new page only per RW, and a continuation page only when an RW fills one
    starts = [i for i, t in enumerate(texts) if "DAFTAR TANDA TERIMA" in t]
    assert len(starts) == len(groups) and starts[0] == 0
    # an RW runs on to another page only from a page it filled
    rows_on = [t.count(". ........") for t in texts]
    for page in range(len(texts) - 1):
        if page + 1 not in starts:
            assert rows_on[page] >= 6, (page, rows_on[page])
    assert len(texts) < 1863 // 3
    first = texts[0]
    assert "RT " in first and "Nama penerima / hubungan" in first
    assert "Mengetahui," in " ".join(texts) and "Ketua RW" in texts[starts[1] - 1]
    # staggered: 1. at the left of its column, 2. at the right
    pdf = pdfium.PdfDocument(str(receipts))
    page = pdf[0]
    textpage = page.get_textpage()
    lefts = {}
    for label in ("1. ........", "2. ........"):
        searcher = textpage.search(label, match_case=True)
        at = searcher.get_next()
        assert at is not None
        lefts[label] = textpage.get_charbox(at[0])[0]
    assert lefts["2. ........"] > lefts["1. ........"] + 20
    pdf.close()
    print(f"\ndelivery list: {len(snap.items)} letters, {len(groups)} RW, {len(texts)} pages")
    for i in (0, 1):
        save_png(receipts, output_dir / f"tanda_terima_3000_hal{i + 1}.png", page=i, scale=1.1)
    save_png(receipts, output_dir / "tanda_terima_3000_akhir_rw.png", page=starts[1] - 1,
             scale=1.1)
