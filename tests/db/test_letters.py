"""Summoning letters on a real SQLite file: the PDFs are read back (pypdf text, the QR
code decoded from a rendered page), numbers checked in the register, bad input refused
with words and without a number used."""

from __future__ import annotations

import datetime as dt
import errno
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
import zxingcpp

from ektp_desk.core import clock, demo, nik, scheduling
from ektp_desk.core.calendar import format_date_id
from ektp_desk.core.errors import Cancelled, UserError
from ektp_desk.core.jobs import CancelToken
from ektp_desk.core.letters import batch, numbering, pdfjoin, profile, templates, workdirs
from ektp_desk.core.letters.render import LetterRenderer, RenderConfig
from ektp_desk.core.text import display_name
from tests.letter_helpers import give_logo
from tests.plan_helpers import without_pupil_rule

TODAY = dt.date(2024, 1, 15)
LETTER_DATE = dt.date(2024, 1, 20)
LONG_NAMES = {
    0: "NUR'AINI",
    1: "MA'RUF",
    2: "ANDRÉ SÉBASTIEN",
    3: "MUHAMMAD ABDURRAHMAN AL-FARUQ SYAHPUTRA BIN HAJI ABDUL KHOLIQ",  # 60 characters
    4: "SITI & <KELUARGA> BINTI ANDRÉ",
}
LONG_ADDRESS = ("PERUMAHAN BINA SARANA INDAH BLOK C NOMOR 17 GANG MAWAR MERAH DUKUH SOKOREJO "
                "SEBELAH MASJID AL-IKHLAS")


def schedule(db, people: int) -> None:
    demo.fill(db, people, build_index=False)
    give_logo(db)
    without_pupil_rule(db)
    plan = scheduling.plan(db, scheduling.Selection(), dt.date(2024, 2, 5),
                           dt.date(2024, 2, 16), today=TODAY, past_election=True)
    scheduling.apply_plan(db, plan, today=TODAY)


@pytest.fixture
def sdb(db):
    """40 people, all summoned; five with names that test the font and the wrapping."""
    schedule(db, 40)
    for offset, name in LONG_NAMES.items():
        db.execute_sql("UPDATE person SET name = ?, address = ? WHERE id = ?",
                       (name, LONG_ADDRESS if offset == 3 else None, offset + 1))
    return db


def expected(db, summons_ids) -> list[dict]:
    """What each letter must say, straight from the database."""
    out = []
    for sid in summons_ids:
        row = db.execute_sql(
            "SELECT m.person_id, p.name, p.nik, s.date, s.start_time, s.end_time, l.name "
            "FROM summons m JOIN person p ON p.id = m.person_id JOIN slot s ON s.id = "
            "m.slot_id JOIN location l ON l.id = s.location_id WHERE m.id = ?",
            (sid,)).fetchone()
        hm = [f"{t[:2]}.{t[3:]}" for t in row[4:6]]
        out.append({"summons_id": sid, "person_id": row[0], "name": display_name(row[1]),
                    "nik": row[2], "date": format_date_id(dt.date.fromisoformat(row[3])),
                    "hour": f"{hm[0]}–{hm[1]} WIB", "place": row[6]})
    return out


def page_texts(path: Path) -> list[str]:
    reader = pypdf.PdfReader(path, strict=True)
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def register(db) -> dict[int, tuple]:
    return {r[0]: r[1:] for r in db.execute_sql(
        "SELECT summons_id, number, year, serial, code FROM letter ORDER BY id")}


def test_a_batch_pdf_holds_each_persons_letter(sdb, tmp_path: Path):
    out = tmp_path / "surat.pdf"
    ids = batch.select_summonses(sdb, batch.Selection(unprinted=True))
    result = batch.print_batch(sdb, batch.Selection(unprinted=True), out=out,
                               letter_date=LETTER_DATE, invariant=True, workers=1)
    assert (result.letters, result.pages, result.new_numbers, result.reprints) == (40, 40, 40, 0)
    assert result.changes.letters and result.changes.schedule
    texts = page_texts(out)
    assert len(texts) == 40
    numbers = register(sdb)
    assert sorted(v[2] for v in numbers.values()) == list(range(1, 41))  # serials 1..40
    for want, text in zip(expected(sdb, ids), texts, strict=True):
        number = numbers[want["summons_id"]][0]
        assert number.endswith("/Dindukcapil/I/2024")
        for piece in (want["name"], want["date"], want["hour"], want["place"], number,
                      "Pekalongan, 20 Januari 2024", "PEMERINTAH KOTA PEKALONGAN",
                      nik.mask(want["nik"])):
            assert piece in text, (piece, text[:400])
        assert want["nik"] not in text  # masked by default (UU 27/2022)
    # sorted for the RT heads: kelurahan, RW, RT, name
    order = sdb.execute_sql(
        "SELECT p.kelurahan_code, p.rw, p.rt FROM summons m JOIN person p ON p.id = "
        "m.person_id WHERE m.id IN (SELECT value FROM json_each(?))",
        (str(ids),)).fetchall()
    keys = [sdb.execute_sql("SELECT p.kelurahan_code, p.rw, p.rt FROM summons m JOIN person p "
                            "ON p.id = m.person_id WHERE m.id = ?", (i,)).fetchone()
            for i in ids]
    assert keys == sorted(keys) and len(order) == 40
    assert {r[0] for r in sdb.execute_sql("SELECT letter FROM summons")} == {"dicetak"}
    audit = sdb.execute_sql("SELECT detail FROM audit_log WHERE action = 'surat_cetak'"
                            ).fetchall()
    assert len(audit) == 1 and '"new": 40' in audit[0][0]
    # nothing else printed now: the usual batch is empty
    with pytest.raises(UserError, match="Tidak ada surat"):
        batch.print_batch(sdb, batch.Selection(unprinted=True), out=out, workers=1)


def test_names_with_apostrophes_and_accents_print_as_written(sdb, tmp_path: Path):
    out = tmp_path / "surat.pdf"
    batch.print_batch(sdb, batch.Selection(summons_ids=tuple(
        r[0] for r in sdb.execute_sql("SELECT id FROM summons WHERE person_id <= 5"))),
        out=out, letter_date=LETTER_DATE, workers=1)
    text = " ".join(page_texts(out))
    for name in LONG_NAMES.values():
        assert name in text
    assert "SEBELAH MASJID AL-IKHLAS" in text  # the long address, wrapped, not cut


def test_nothing_overflows_the_text_width_even_with_60_letter_names(sdb):
    config = RenderConfig(profile.load(sdb), templates.load_texts(sdb))
    renderer = LetterRenderer(config)
    snap = batch._snapshot(sdb, batch.Selection(unprinted=True), config.profile, LETTER_DATE)
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for item in snap.items:
        pages = renderer.layout(item.letter)
        for page in pages:
            for font, size, x, y, text, word_space in page.texts:
                width = stringWidth(text, font, size) + word_space * text.count(" ")
                assert renderer.left - 0.01 <= x and x + width <= renderer.right + 0.05, text
                assert renderer.margin_bottom <= y <= renderer.page_height, text
                if text.startswith(("Yth.", "Dengan hormat")):
                    assert size >= 11, text  # the body never shrinks below 11 pt
        (_, qr_y), = [p.qr_at for p in pages if p.qr_at is not None]
        assert qr_y > renderer.margin_bottom and renderer.qr_width >= 25 * 72 / 25.4 - 0.01


def decode_qr(path: Path, page: int = 0) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    image = pdf[page].render(scale=2).to_pil()
    pdf.close()
    return [b.text for b in zxingcpp.read_barcodes(image) if b.format.name == "QRCode"]


def test_the_qr_code_finds_that_persons_summons(sdb, tmp_path: Path):
    out = tmp_path / "surat.pdf"
    ids = batch.select_summonses(sdb, batch.Selection(unprinted=True))[:3]
    batch.print_batch(sdb, batch.Selection(summons_ids=tuple(ids)), out=out,
                      letter_date=LETTER_DATE, workers=1)
    texts = page_texts(out)
    for page, (want, text) in enumerate(zip(expected(sdb, ids), texts, strict=True)):
        found = decode_qr(out, page)
        assert len(found) == 1 and found[0].startswith("EKTP:")
        assert want["nik"] not in found[0]
        info = numbering.find_letter(sdb, found[0])
        assert info is not None
        assert info.current_summons_id == want["summons_id"] == info.summons_id
        assert info.person_id == want["person_id"] and want["name"] in text
        assert info.number in text
    assert numbering.find_letter(sdb, "EKTP:AAAAAAAAAAAA") is None
    assert numbering.find_letter(sdb, "bukan kode") is None


def test_a_reprint_keeps_its_number_and_code_and_is_logged(sdb, tmp_path: Path):
    first = tmp_path / "surat.pdf"
    batch.print_batch(sdb, batch.Selection(unprinted=True), out=first,
                      letter_date=LETTER_DATE, workers=1)
    before = register(sdb)
    person, old_summons = sdb.execute_sql(
        "SELECT person_id, id FROM summons WHERE state = 'open' ORDER BY id LIMIT 1"
    ).fetchone()
    # the person is moved: the printed letter tells the old time and must be printed again
    location = sdb.execute_sql(
        "SELECT s.location_id FROM slot s JOIN summons m ON m.slot_id = s.id WHERE m.id = ?",
        (old_summons,)).fetchone()[0]
    target = scheduling.add_slot(sdb, location, dt.date(2024, 2, 20), "13:00", "14:00",
                                 today=TODAY).slot_id
    scheduling.move_people(sdb, [person], target, today=TODAY)
    new_summons = sdb.execute_sql("SELECT id FROM summons WHERE person_id = ? AND state = "
                                  "'open'", (person,)).fetchone()[0]
    assert batch.letter_statuses(sdb, batch.Selection(summons_ids=(new_summons,)))[0].letter \
        == "cetak_ulang"
    again = tmp_path / "ulang.pdf"
    result = batch.print_batch(sdb, batch.Selection(reprint=True), out=again,
                               letter_date=dt.date(2024, 3, 1), workers=1)
    assert (result.letters, result.new_numbers, result.reprints) == (1, 0, 1)
    number, _, _, code = before[old_summons]
    text = page_texts(again)[0]
    want = expected(sdb, [new_summons])[0]
    assert number in text and want["date"] in text and want["hour"] in text
    assert "Pekalongan, 20 Januari 2024" in text  # the letter's own date, not today's
    assert register(sdb) == before  # no new number
    assert sdb.execute_sql("SELECT letter_id, summons_id FROM letter_reprint").fetchall() == \
        [(sdb.execute_sql("SELECT id FROM letter WHERE number = ?", (number,)).fetchone()[0],
          new_summons)]
    # the old paper letter's QR code still finds the person's current summons
    assert numbering.find_letter(sdb, code).current_summons_id == new_summons
    assert decode_qr(again)[0] == f"EKTP:{code}"
    # a lost letter: marked by hand, printed again, same number
    assert batch.mark_for_reprint(sdb, [new_summons]).marked == 1
    third = batch.print_batch(sdb, batch.Selection(reprint=True), out=tmp_path / "3.pdf",
                              workers=1)
    assert third.reprints == 1 and number in page_texts(tmp_path / "3.pdf")[0]
    assert numbering.find_letter(sdb, code).reprints == 2
    assert register(sdb) == before


def test_second_call_letters_use_their_own_wording(sdb, tmp_path: Path):
    sid = batch.select_summonses(sdb, batch.Selection(unprinted=True))[0]
    sdb.execute_sql("UPDATE summons SET round = 2 WHERE id = ?", (sid,))
    out = tmp_path / "surat.pdf"
    batch.print_batch(sdb, batch.Selection(summons_ids=(sid,)), out=out, workers=1)
    text = page_texts(out)[0]
    assert "Panggilan Kedua Perekaman KTP-el" in text
    assert "memanggil kembali" in text and "Segera" in text


def test_office_profile_full_nik_and_f4_paper(sdb, tmp_path: Path):
    profile.save(sdb, {"print_full_nik": True, "paper": "F4", "signer_name": "Drs. H. SLAMET",
                       "signer_nip": "19670101 199003 1 001", "signer_rank": "Pembina"})
    sid = batch.select_summonses(sdb, batch.Selection(unprinted=True))[0]
    out = tmp_path / "surat.pdf"
    batch.print_batch(sdb, batch.Selection(summons_ids=(sid,)), out=out, workers=1)
    text = page_texts(out)[0]
    assert expected(sdb, [sid])[0]["nik"] in text
    assert "NIP. 19670101 199003 1 001" in text and "Drs. H. SLAMET" in text
    box = pypdf.PdfReader(out).pages[0].mediabox
    assert round(float(box.width) / 72 * 25.4) == 215
    assert round(float(box.height) / 72 * 25.4) == 330
    with pytest.raises(UserError, match="A4 atau F4"):
        profile.save(sdb, {"paper": "Letter"})
    with pytest.raises(UserError, match="18 angka"):
        profile.save(sdb, {"signer_nip": "12345"})
    with pytest.raises(UserError, match="tidak boleh kosong"):
        profile.save(sdb, {"office": " "})


def test_per_letter_files_and_delivery_list(sdb, tmp_path: Path, output_dir: Path):
    folder = tmp_path / "per surat"
    receipts = tmp_path / "tanda terima.pdf"
    result = batch.print_batch(sdb, batch.Selection(unprinted=True), out=tmp_path / "s.pdf",
                               per_letter=folder, receipts=receipts, letter_date=LETTER_DATE,
                               workers=1)
    files = sorted(folder.iterdir())
    assert len(files) == 40 == len(result.per_letter)
    assert not [f for f in files if f.name.startswith(".")]  # no temporary left over
    nuraini = [f for f in files if f.name.startswith("NUR'AINI (400.12.2.1-")]
    assert len(nuraini) == 1 and len(pypdf.PdfReader(nuraini[0]).pages) == 1
    assert "NUR'AINI" in page_texts(nuraini[0])[0]
    # the delivery list: every letter once, by RT/RW, NIK masked, a column to sign
    reader = pypdf.PdfReader(receipts)
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert result.receipt_pages == len(reader.pages)
    assert text.count("DAFTAR TANDA TERIMA") == len(
        {(s.receipt.kelurahan, s.receipt.rw)
         for s in batch._snapshot(sdb, batch.Selection(summons_ids=tuple(
             r[0] for r in sdb.execute_sql("SELECT id FROM summons"))), profile.load(sdb),
             LETTER_DATE).items})
    assert "Tanda tangan penerima" in text and "SITI & <KELUARGA> BINTI ANDRÉ" in text
    for number, in sdb.execute_sql("SELECT number FROM letter"):
        assert number in text.replace(" ", "") or number in text
    full = [r[0] for r in sdb.execute_sql("SELECT nik FROM person")]
    assert not any(n in text for n in full)


def test_two_concurrent_batches_never_share_a_number(sdb, tmp_path: Path):
    ids = batch.select_summonses(sdb, batch.Selection(unprinted=True))
    halves = (tuple(ids[::2]), tuple(ids[1::2]))
    start = threading.Barrier(2)
    results: dict[int, object] = {}

    def run(index: int) -> None:
        start.wait()
        try:
            results[index] = batch.print_batch(
                sdb, batch.Selection(summons_ids=halves[index]),
                out=tmp_path / f"batch{index}.pdf", letter_date=LETTER_DATE, workers=1)
        except Exception as exc:  # reported below
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert all(isinstance(r, batch.BatchResult) for r in results.values()), results
    numbers = register(sdb)
    assert len(numbers) == 40
    assert sorted(v[2] for v in numbers.values()) == list(range(1, 41))
    assert len({v[0] for v in numbers.values()}) == 40
    for index in range(2):  # each PDF prints the number registered for its summons
        for sid, text in zip(halves[index], page_texts(tmp_path / f"batch{index}.pdf"),
                             strict=True):
            assert f"Nomor : {numbers[sid][0]} " in text


def test_a_batch_that_loses_the_race_renumbers_before_registering(sdb, tmp_path: Path):
    """Batch A renders; meanwhile batch B registers numbers. A must not reuse them: it
    notices at registration, renders again with fresh numbers, and its PDF matches."""
    ids = batch.select_summonses(sdb, batch.Selection(unprinted=True))
    first_half, second_half = tuple(ids[:20]), tuple(ids[20:])
    raced = []

    def progress(done: int, total: int, message: str = "") -> None:
        if not raced:
            raced.append(True)
            other = threading.Thread(target=batch.print_batch, args=(
                sdb, batch.Selection(summons_ids=second_half)),
                kwargs={"out": tmp_path / "b.pdf", "letter_date": LETTER_DATE, "workers": 1})
            other.start()
            other.join()

    result = batch.print_batch(sdb, batch.Selection(summons_ids=first_half),
                               out=tmp_path / "a.pdf", letter_date=LETTER_DATE, workers=1,
                               progress=progress)
    numbers = register(sdb)
    b_serials = sorted(numbers[s][2] for s in second_half)
    a_serials = sorted(numbers[s][2] for s in first_half)
    assert b_serials == list(range(1, 21)) and a_serials == list(range(21, 41))
    assert result.numbers[0] == numbers[first_half[0]][0]
    for sid, text in zip(first_half, page_texts(tmp_path / "a.pdf"), strict=True):
        assert f"Nomor : {numbers[sid][0]} " in text


def test_two_worker_processes_give_the_same_letters(sdb, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(batch, "PARALLEL_MIN", 1)
    monkeypatch.setattr(batch, "PART_SIZE", 7)
    counter = iter(range(10_000))
    monkeypatch.setattr(numbering, "new_code", lambda: f"AAAA{next(counter):08d}"
                        .replace("0", "A").replace("1", "B").replace("8", "C").replace("9", "D"))
    copy = tmp_path / "copy.sqlite"
    from ektp_desk.core import db as core_db

    core_db.backup(sdb, copy)
    two = batch.print_batch(sdb, batch.Selection(unprinted=True), out=tmp_path / "two.pdf",
                            letter_date=LETTER_DATE, workers=2, invariant=True)
    counter = iter(range(10_000))
    other = core_db.open_database(copy, bind=False)
    one = batch.print_batch(other, batch.Selection(unprinted=True), out=tmp_path / "one.pdf",
                            letter_date=LETTER_DATE, workers=1, invariant=True)
    other.close()
    assert two.pages == one.pages == 40
    assert page_texts(tmp_path / "two.pdf") == page_texts(tmp_path / "one.pdf")
    # invariant=1: the same letters give the same bytes, however many processes drew them
    assert (tmp_path / "two.pdf").read_bytes() == (tmp_path / "one.pdf").read_bytes()
    again = tmp_path / "again.pdf"
    with again.open("wb") as handle:
        parts = []
        for i in range(2):
            part = tmp_path / f"p{i}.pdf"
            part.write_bytes((tmp_path / "one.pdf").read_bytes())
            parts.append(part)
        assert pdfjoin.join(parts, handle) == 80
    assert len(pypdf.PdfReader(again, strict=True).pages) == 80


def assert_nothing_registered(db, folder: Path) -> None:
    assert db.execute_sql("SELECT count(*) FROM letter").fetchone()[0] == 0
    assert db.execute_sql("SELECT count(*) FROM letter_serial").fetchone()[0] == 0
    assert {r[0] for r in db.execute_sql("SELECT letter FROM summons")} == {"belum_dicetak"}
    if folder.exists():
        assert [p.name for p in folder.iterdir()] == []


def test_an_unknown_placeholder_is_refused_and_no_number_is_used(sdb, tmp_path: Path):
    with pytest.raises(UserError) as caught:
        templates.save_texts(sdb, {(1, "pembuka"): "Kami memanggil {nama} pada {tangal}."})
    assert "{tangal}" in caught.value.message
    assert sdb.execute_sql("SELECT count(*) FROM letter_template").fetchone()[0] == 0
    # a text stored behind the program's back is refused too, before any number
    sdb.execute_sql("INSERT INTO letter_template VALUES (1, 'penutup', 'Salam {rtt}', 'x', 'x')")
    out = tmp_path / "out"
    with pytest.raises(UserError, match=r"\{rtt\}"):
        batch.print_batch(sdb, batch.Selection(unprinted=True), out=out / "s.pdf", workers=1)
    assert_nothing_registered(sdb, out)


def test_a_missing_logo_file_is_refused_and_no_number_is_used(sdb, tmp_path: Path):
    sdb.execute_sql("UPDATE office_profile SET logo = NULL")  # none chosen yet
    with pytest.raises(UserError) as caught:
        profile.save(sdb, {"logo_path": tmp_path / "logo.png"})
    assert "Berkas logo tidak ditemukan" in caught.value.message
    assert profile.load(sdb).logo is None
    # a logo chosen earlier whose file is gone, and no copy in the database
    sdb.execute_sql("UPDATE office_profile SET logo_path = ?", (str(tmp_path / "pemkot.png"),))
    out = tmp_path / "out"
    with pytest.raises(UserError, match=r"pemkot\.png"):
        batch.print_batch(sdb, batch.Selection(unprinted=True), out=out / "s.pdf", workers=1)
    assert_nothing_registered(sdb, out)
    not_an_image = tmp_path / "logo.png"
    not_an_image.write_text("bukan gambar")
    with pytest.raises(UserError, match="bukan gambar yang dapat dibaca"):
        profile.save(sdb, {"logo_path": not_an_image})


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/zero are POSIX")
@pytest.mark.parametrize("make", [
    lambda d: (os.mkfifo(d / "logo.png"), d / "logo.png")[1],  # opening it would block
    lambda d: Path("/dev/zero"),  # reading it would never end
    lambda d: Path(d),  # a folder
])
def test_a_logo_that_is_not_a_regular_file_is_refused_before_opening(sdb, tmp_path: Path,
                                                                    make):
    sdb.execute_sql("UPDATE office_profile SET logo = NULL")  # none chosen yet
    path = make(tmp_path)
    with pytest.raises(UserError) as caught:
        profile.save(sdb, {"logo_path": path})
    assert caught.value.message_id == "logo_not_file"
    assert str(path) in caught.value.message
    assert profile.load(sdb).logo is None and profile.load(sdb).logo_path is None
    # stored behind the program's back: the print run refuses it too, before any number
    sdb.execute_sql("UPDATE office_profile SET logo_path = ?", (str(path),))
    with pytest.raises(UserError, match="bukan berkas gambar biasa"):
        batch.print_batch(sdb, batch.Selection(unprinted=True), out=tmp_path / "o" / "s.pdf",
                          workers=1)
    assert_nothing_registered(sdb, tmp_path / "o")


def test_a_logo_bigger_than_the_cap_is_refused_unread(sdb, tmp_path: Path):
    sdb.execute_sql("UPDATE office_profile SET logo = NULL")  # none chosen yet
    huge = tmp_path / "logo.png"
    with huge.open("wb") as handle:  # sparse: the size is what counts
        handle.truncate(profile.MAX_LOGO_BYTES + 1)
    with pytest.raises(UserError) as caught:
        profile.save(sdb, {"logo_path": huge})
    assert caught.value.message_id == "logo_too_big"
    assert profile.load(sdb).logo is None


def test_a_logo_is_kept_in_the_database(sdb, tmp_path: Path):
    from PIL import Image, ImageDraw

    logo = tmp_path / "garuda.png"
    image = Image.new("RGB", (200, 220), "white")
    ImageDraw.Draw(image).ellipse((20, 20, 180, 200), fill=(180, 30, 30))
    image.save(logo)
    profile.save(sdb, {"logo_path": logo})
    logo.unlink()  # moved away after choosing it: letters still print
    out = tmp_path / "s.pdf"
    result = batch.print_batch(sdb, batch.Selection(unprinted=True), out=out, workers=1)
    assert result.pages == 40
    pdf = pdfium.PdfDocument(str(out))
    pixel = pdf[0].render(scale=1).to_pil().convert("RGB")
    pdf.close()
    data = pixel.tobytes()
    reds = sum(1 for i in range(0, len(data), 3) if data[i] > 150 and data[i + 1] < 80)
    assert reds > 500  # the logo is drawn in the kop


def test_an_unwritable_folder_is_refused_and_no_number_is_used(sdb, tmp_path: Path):
    blocker = tmp_path / "not a folder"
    blocker.write_text("x")
    with pytest.raises(UserError) as caught:
        batch.print_batch(sdb, batch.Selection(unprinted=True), out=blocker / "s.pdf",
                          workers=1)
    assert "Tidak dapat menulis di folder" in caught.value.message
    assert str(blocker) in caught.value.message and "Tidak ada nomor" in caught.value.message
    with pytest.raises(UserError, match="Tidak dapat menulis"):
        batch.print_batch(sdb, batch.Selection(unprinted=True), out=tmp_path / "s.pdf",
                          per_letter=blocker / "sub", workers=1)
    assert_nothing_registered(sdb, tmp_path / "none")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ektp.sqlite", "ektp.sqlite-shm",
                                                         "ektp.sqlite-wal", "not a folder"]


def test_a_full_disk_is_refused_and_no_number_is_used(sdb, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pdfjoin, "join", full)
    out = tmp_path / "out"
    with pytest.raises(UserError) as caught:
        batch.print_batch(sdb, batch.Selection(unprinted=True), out=out / "s.pdf", workers=1)
    assert "Disk penuh" in caught.value.message
    assert_nothing_registered(sdb, out)
    # the disk fills while the files are moved into place: the numbers roll back too
    monkeypatch.undo()
    real_replace = batch.os.replace
    calls = []

    def replace_then_fail(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(batch.os, "replace", replace_then_fail)
    with pytest.raises(UserError, match="Disk penuh"):
        batch.print_batch(sdb, batch.Selection(unprinted=True), out=out / "s.pdf",
                          receipts=out / "r.pdf", workers=1)
    assert_nothing_registered(sdb, out)


def test_a_long_letter_runs_on_to_a_second_page_under_the_heading(sdb, tmp_path: Path,
                                                                   output_dir: Path):
    long = " ".join(["Kalimat panjang yang terus berulang tanpa henti."] * 25)
    templates.save_texts(sdb, {(1, "pembuka"): long, (1, "penutup"): long})
    sid = batch.select_summonses(sdb, batch.Selection(unprinted=True))[0]
    out = tmp_path / "s.pdf"
    result = batch.print_batch(sdb, batch.Selection(summons_ids=(sid,)), out=out,
                               letter_date=LETTER_DATE, workers=1)
    number = register(sdb)[sid][0]
    texts = page_texts(out)
    assert result.pages == len(texts) == 2
    # page 2 repeats the kop and says whose letter it continues
    assert "PEMERINTAH KOTA PEKALONGAN" in texts[1]
    assert f"Lanjutan surat Nomor {number}" in texts[1] and "Halaman 2" in texts[1]
    assert "NIP" in texts[1] or "KEPALA DINAS" in texts[1]  # the signature block went over
    # the type stayed at 11 pt or more: read the font sizes back from the page
    sizes = set()
    reader = pypdf.PdfReader(out)
    for page in reader.pages:
        page.extract_text(visitor_text=lambda t, cm, tm, font, size: sizes.add(
            round(size * tm[0], 1)) if t.strip().startswith(("Kalimat", "Yth.")) else None)
    assert sizes and min(sizes) >= 11
    assert decode_qr(out, page=1)  # the QR code is on the page of the signature
    pdf = pdfium.PdfDocument(str(out))
    for i in range(2):
        pdf[i].render(scale=1.2).to_pil().save(output_dir / f"surat_panjang_hal{i + 1}.png")
    pdf.close()


@pytest.mark.parametrize("letter_date", [
    dt.date(9999, 12, 31),
    TODAY + batch.LETTER_DATE_MAX_AHEAD + dt.timedelta(days=1),
    dt.date(2019, 4, 16),  # the day before the previous election (the default setting)
])
def test_an_implausible_letter_date_is_refused_and_no_number_is_used(
        sdb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, letter_date: dt.date):
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    with pytest.raises(UserError) as caught:
        batch.print_batch(sdb, batch.Selection(unprinted=True), out=tmp_path / "o" / "s.pdf",
                          letter_date=letter_date, workers=1)
    assert caught.value.message_id == "letters_date_window"
    assert format_date_id(letter_date) in caught.value.message
    assert "Tidak ada nomor" in caught.value.message
    assert_nothing_registered(sdb, tmp_path / "o")
    # the edges of the window are fine
    for fine in (dt.date(2019, 4, 17), TODAY + batch.LETTER_DATE_MAX_AHEAD):
        batch.check_letter_date(sdb, fine, today=TODAY)


def test_cancel_leaves_nothing(sdb, tmp_path: Path):
    token = CancelToken()

    def progress(done: int, total: int, message: str = "") -> None:
        token.cancel()

    with pytest.raises(Cancelled):
        batch.print_batch(sdb, batch.Selection(unprinted=True), out=tmp_path / "o" / "s.pdf",
                          workers=1, progress=progress, cancel=token)
    assert_nothing_registered(sdb, tmp_path / "o")


def test_selections(sdb, tmp_path: Path):
    with pytest.raises(UserError, match="Pilih surat"):
        batch.select_summonses(sdb, batch.Selection())
    slot_id, day = sdb.execute_sql("SELECT s.id, s.date FROM slot s JOIN summons m ON "
                                   "m.slot_id = s.id ORDER BY s.id LIMIT 1").fetchone()
    in_slot = batch.select_summonses(sdb, batch.Selection(slot_id=slot_id))
    assert in_slot == [r.summons_id for r in scheduling.slot_people(sdb, slot_id)]
    on_day = batch.select_summonses(sdb, batch.Selection(date=dt.date.fromisoformat(day)))
    assert set(in_slot) <= set(on_day)
    kel = sdb.execute_sql("SELECT kelurahan_code FROM person LIMIT 1").fetchone()[0]
    by_kel = batch.select_summonses(sdb, batch.Selection(kelurahan=kel))
    assert by_kel and all(sdb.execute_sql(
        "SELECT p.kelurahan_code FROM summons m JOIN person p ON p.id = m.person_id "
        "WHERE m.id = ?", (i,)).fetchone()[0] == kel for i in by_kel)
    with pytest.raises(UserError, match="Kelurahan tidak dikenal"):
        batch.select_summonses(sdb, batch.Selection(kelurahan="Atlantis"))
    with pytest.raises(UserError, match="9999"):
        batch.print_batch(sdb, batch.Selection(summons_ids=(9999,)), out=tmp_path / "s.pdf")
    assert batch.select_summonses(sdb, batch.Selection(reprint=True)) == []


def test_serials_restart_each_year_and_can_continue_from_the_agenda(sdb, tmp_path: Path):
    numbering.set_next_serial(sdb, 2024, 500, user="admin")
    with pytest.raises(UserError, match="tidak boleh dipakai dua kali"):
        numbering.set_next_serial(sdb, 2024, 100, user="admin")
    ids = batch.select_summonses(sdb, batch.Selection(unprinted=True))
    batch.print_batch(sdb, batch.Selection(summons_ids=tuple(ids[:2])), out=tmp_path / "a.pdf",
                      letter_date=dt.date(2024, 12, 31), workers=1)
    batch.print_batch(sdb, batch.Selection(summons_ids=tuple(ids[2:3])),
                      out=tmp_path / "b.pdf", letter_date=dt.date(2025, 1, 2), workers=1)
    numbers = sorted(r[0] for r in sdb.execute_sql("SELECT number FROM letter"))
    assert numbers == ["400.12.2.1/1/Dindukcapil/I/2025", "400.12.2.1/500/Dindukcapil/XII/2024",
                       "400.12.2.1/501/Dindukcapil/XII/2024"]
    # the register refuses a shared number even if a caller tried
    import peewee

    with pytest.raises(peewee.IntegrityError):
        sdb.execute_sql("INSERT INTO letter (number, year, serial, code, summons_id, "
                        "person_id, round, letter_date, issued_at, issued_by) VALUES "
                        "('400.12.2.1/1/Dindukcapil/I/2025', 2025, 99, 'ZZZZZZZZZZZZ', ?, 1, 1, "
                        "'2025-01-02', 'x', 'x')", (ids[5],))


def test_preview_registers_nothing(sdb):
    sid = batch.select_summonses(sdb, batch.Selection(unprinted=True))[0]
    texts = templates.load_texts(sdb).with_changes({(1, "hal"): "Undangan untuk {nama}"})
    data = batch.preview_letter(sdb, sid, texts=texts, letter_date=LETTER_DATE)
    import io

    text = " ".join(pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
    assert f"Undangan untuk {expected(sdb, [sid])[0]['name']}" in text
    assert "400.12.2.1/1/Dindukcapil/I/2024" in text
    assert sdb.execute_sql("SELECT count(*) FROM letter").fetchone()[0] == 0


def test_pages_as_a_clerk_sees_them(sdb, tmp_path: Path, output_dir: Path):
    """PNGs in tests/output/ for a person to look at: a letter with a long name, the same
    on F4, and a delivery list page."""
    four = tuple(r[0] for r in sdb.execute_sql(
        "SELECT m.id FROM summons m JOIN person p ON p.id = m.person_id WHERE p.id IN (1, 2, "
        "3, 4) ORDER BY p.id"))
    profile.save(sdb, {"signer_name": "Drs. H. SLAMET RIYADI, M.Si", "signer_rank":
                       "Pembina Utama Muda (IV/c)", "signer_nip": "196701011990031001"})
    out, receipts = tmp_path / "s.pdf", tmp_path / "r.pdf"
    batch.print_batch(sdb, batch.Selection(summons_ids=four), out=out, receipts=receipts,
                      letter_date=LETTER_DATE, workers=1)
    long_name_page = next(i for i, t in enumerate(page_texts(out)) if LONG_NAMES[3] in t)
    pdf = pdfium.PdfDocument(str(out))
    pdf[long_name_page].render(scale=1.5).to_pil().save(output_dir / "letters_surat.png")
    pdf.close()
    pdf = pdfium.PdfDocument(str(receipts))
    pdf[0].render(scale=1.3).to_pil().save(output_dir / "letters_tanda_terima.png")
    pdf.close()
    profile.save(sdb, {"paper": "F4"})
    batch.mark_for_reprint(sdb, four[:1])
    batch.print_batch(sdb, batch.Selection(summons_ids=four[:1]), out=out, workers=1)
    pdf = pdfium.PdfDocument(str(out))
    pdf[0].render(scale=1.5).to_pil().save(output_dir / "letters_surat_f4.png")
    pdf.close()
    assert (output_dir / "letters_surat.png").stat().st_size > 10_000


# --- work folders: beside the output, and stale ones cleared ------------------------------

def _age(folder: Path, seconds: float = workdirs.STALE_AFTER_S + 60) -> Path:
    """Make a folder look as old as a killed run's would be by now."""
    old = folder.stat().st_mtime - seconds
    os.utime(folder, (old, old))
    return folder


def test_a_batch_renders_beside_its_output_never_in_the_system_temp(
        sdb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    system_temp = tmp_path / "systemtemp"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    out = tmp_path / "o" / "s.pdf"
    seen: list[list[str]] = []

    def progress(done: int, total: int, message: str = "") -> None:
        seen.append(sorted(p.name for p in out.parent.iterdir())
                    + sorted(p.name for p in system_temp.iterdir()))

    batch.print_batch(sdb, batch.Selection(unprinted=True), out=out,
                      receipts=tmp_path / "o" / "r.pdf", workers=1, progress=progress)
    assert seen and all(len(names) == 1 and names[0].startswith(workdirs.PREFIX)
                        for names in seen)
    assert sorted(p.name for p in out.parent.iterdir()) == ["r.pdf", "s.pdf"]
    assert list(system_temp.iterdir()) == []


def test_a_batch_clears_stale_work_folders_but_not_live_or_fresh_ones(sdb, tmp_path: Path):
    folder = tmp_path / "o"
    folder.mkdir()
    killed = folder / f"{workdirs.PREFIX}mati"  # a killed run's: lock file, nobody holds it
    (killed / "bagian").mkdir(parents=True)
    (killed / workdirs.LOCK_NAME).write_bytes(b"")
    (killed / "bagian" / "part00000.pdf").write_bytes(b"%PDF data pribadi")
    _age(killed)
    old_version = _age(_mkdir(folder / f"{workdirs.PREFIX}lama"))  # no lock file at all
    fresh = _mkdir(folder / f"{workdirs.PREFIX}baru")  # its run may be taking its lock
    live = workdirs.WorkDir(folder)  # a run in progress (here: this process holds it)
    _age(live.path)
    try:
        batch.print_batch(sdb, batch.Selection(unprinted=True), out=folder / "s.pdf",
                          workers=1)
        left = sorted(p.name for p in folder.iterdir())
        assert left == sorted([fresh.name, live.path.name, "s.pdf"])
        assert not killed.exists() and not old_version.exists()
    finally:
        live.close()


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path


@pytest.mark.skipif(os.name != "posix", reason="killing a child the POSIX way")
def test_the_folder_of_a_killed_run_is_stale_once_its_process_is_gone(tmp_path: Path):
    child = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; from ektp_desk.core.letters import workdirs;"
         "w = workdirs.WorkDir(Path(sys.argv[1])); print(w.path, flush=True); sys.stdin.read()",
         str(tmp_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        held = Path(child.stdout.readline().strip())
        _age(held)
        assert workdirs.clean_stale(tmp_path) == [] and held.exists()  # alive: kept
    finally:
        child.kill()
        child.wait()
    assert workdirs.clean_stale(tmp_path) == [held] and not held.exists()


def test_app_start_clears_the_letters_folder_and_old_parts_in_the_system_temp(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    system_temp = _mkdir(tmp_path / "systemtemp")
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    letters = _mkdir(tmp_path / "surat")
    stale_here = _age(_mkdir(letters / f"{workdirs.PREFIX}x"))
    old_parts = _age(_mkdir(system_temp / f"{workdirs.OLD_TEMP_PREFIX}y"))
    other = _age(_mkdir(system_temp / "not-ours"))
    removed = workdirs.clean_at_start(letters)
    assert sorted(removed) == sorted([stale_here, old_parts])
    assert other.exists() and not stale_here.exists() and not old_parts.exists()
