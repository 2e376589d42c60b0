"""A jemput bola visit's documents (core/letters/visit_docs.py): the surat pemberitahuan,
the daftar peserta, the berita acara and, for a home visit, the letter to the family, each
read back from the PDF, numbered in the summoning letters' series, A4 and F4; and the
bad input that registers nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
import zxingcpp

from ektp_desk.core import demo, desk, nik, scheduling
from ektp_desk.core.errors import UserError
from ektp_desk.core.letters import batch, profile, visit_docs
from ektp_desk.core.scheduling import outreach
from ektp_desk.core.text import display_name
from tests.letter_helpers import give_logo, png
from tests.plan_helpers import without_pupil_rule

TODAY = dt.date(2024, 1, 15)
VISIT_DAY = dt.date(2024, 1, 24)
TEAM = ["AGUS SETIAWAN, S.Kom.", "RINA MARLINA", "DWI HARTONO"]
A4 = (595.28, 841.89)
F4 = (609.45, 935.43)


@pytest.fixture
def vdb(db, monkeypatch: pytest.MonkeyPatch):
    """30 demo people, all summoned to an office in February 2024; today 15 January."""
    monkeypatch.setenv("EKTP_DESK_TODAY", TODAY.isoformat())
    demo.fill(db, 30, build_index=False)
    give_logo(db)
    without_pupil_rule(db)
    plan = scheduling.plan(db, scheduling.Selection(), dt.date(2024, 2, 5),
                           dt.date(2024, 2, 16), today=TODAY, past_election=True)
    scheduling.apply_plan(db, plan, today=TODAY)
    db.execute_sql("UPDATE person SET name = 'SITI & <KELUARGA> BINTI ANDRÉ' WHERE id = 3")
    return db


def school_visit(db, people=(1, 2, 3, 4, 5), *, kind="sekolah", name="SMA Negeri 1 Pekalongan",
                 contact=("Drs. H. MUHAMMAD FAUZI, M.Pd.", "Kepala Sekolah")) -> int:
    place = scheduling.add_location(db, kind, name, address="Jl. Kartini No. 34",
                                    kecamatan_code="337502").location_id
    db.execute_sql("UPDATE location SET contact_name = ?, contact_title = ?, "
                   "kelurahan_code = '3375021004' WHERE id = ?", (*contact, place))
    # two kits for four hours hold 48 people (kits × hours × kit_people_per_hour)
    return outreach.create_visit(db, place, VISIT_DAY, person_ids=list(people), start="08.00",
                                 end="12.00", team=TEAM, kits=2, today=TODAY).visit_id


def texts(data: Path | bytes) -> list[str]:
    reader = pypdf.PdfReader(data, strict=True)
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def pages_of(path: Path, result: visit_docs.VisitDocsResult) -> dict[str, list[str]]:
    """Each document's pages' text, by kind (family letters: kind + person id)."""
    all_pages = texts(path)
    out, at = {}, 0
    for doc in result.documents:
        key = doc.kind if doc.person_id is None else f"{doc.kind}:{doc.person_id}"
        out[key] = all_pages[at:at + doc.pages]
        at += doc.pages
    assert at == len(all_pages)
    return out


def to_png(path: Path, page: int, target: Path) -> None:
    pdf = pdfium.PdfDocument(str(path))
    pdf[page].render(scale=1.6).to_pil().save(target)
    pdf.close()


def person(db, pid: int) -> tuple[str, str]:
    name, nik_ = db.execute_sql("SELECT name, nik FROM person WHERE id = ?", (pid,)).fetchone()
    return display_name(name), nik_


def serials(db) -> list[tuple[str, int]]:
    rows = db.execute_sql("SELECT 'surat', serial FROM letter UNION ALL "
                          "SELECT kind, serial FROM visit_document ORDER BY 2").fetchall()
    return [tuple(r) for r in rows]


def test_the_notice_and_the_list_read_back(vdb, tmp_path: Path, output_dir: Path):
    visit = school_visit(vdb)
    out = tmp_path / "kunjungan.pdf"
    result = visit_docs.make_visit_documents(vdb, visit, out=out)
    # before the visit's day, 'all' is the notice and the list; the report waits
    assert [d.kind for d in result.documents] == ["pemberitahuan", "daftar_peserta"]
    assert not any(d.reprint for d in result.documents)
    docs = pages_of(out, result)
    notice = docs["pemberitahuan"][0]
    number = result.documents[0].number
    assert number == "400.12.2.1/1/Dindukcapil/I/2024"  # the summonses printed none yet
    for expected in (f"Nomor : {number}", "Pekalongan, 15 Januari 2024",
                     "Hal : Pemberitahuan Pelayanan Perekaman KTP-el Jemput Bola",
                     "Drs. H. MUHAMMAD FAUZI, M.Pd.", "Kepala Sekolah SMA Negeri 1 Pekalongan",
                     "Rabu, 24 Januari 2024", "08.00–12.00 WIB", "SMA Negeri 1 Pekalongan",
                     "AGUS SETIAWAN, S.Kom., RINA MARLINA, DWI HARTONO", "5 orang",
                     "Ruangan", "stop kontak", "akta kelahiran", "2 perangkat",
                     "Camat Pekalongan Timur"):
        assert expected in notice, expected
    listing = " ".join(docs["daftar_peserta"])
    assert "DAFTAR PESERTA PEREKAMAN KTP-el" in listing
    assert f"Nomor: {result.documents[1].number}" in listing
    assert result.documents[1].number == "400.12.2.1/2/Dindukcapil/I/2024"
    for pid in (1, 2, 3, 4, 5):
        name, nik_ = person(vdb, pid)
        assert " ".join(name.split()) in listing
        assert nik.mask(nik_) in listing and nik_ not in listing  # masked, as the profile says
    assert "Rabu, 24 Januari 2024" in listing and "Tanda tangan" in listing
    assert result.documents[0].pages == 1  # the signature and tembusan on its one page
    assert "Tembusan: 1. Camat Pekalongan Timur 2. Lurah Kauman" in notice
    to_png(out, 0, output_dir / "kunjungan_pemberitahuan.png")
    to_png(out, result.documents[0].pages, output_dir / "kunjungan_daftar_peserta.png")
    assert len(pypdf.PdfReader(out).pages[0].mediabox) == 4
    assert [round(float(x), 2) for x in pypdf.PdfReader(out).pages[0].mediabox[2:]] == list(A4)


def test_the_report_counts_every_outcome_after_the_visit(vdb, tmp_path: Path,
                                                          output_dir: Path,
                                                          monkeypatch: pytest.MonkeyPatch):
    visit = school_visit(vdb, people=(1, 2, 3, 4, 5, 6))
    monkeypatch.setenv("EKTP_DESK_TODAY", VISIT_DAY.isoformat())
    outreach.record_visit_outcomes(vdb, visit, {
        1: "terekam", 2: "terekam", 3: ("gagal_rekam", "sidik jari tidak terbaca"),
        4: "tidak_hadir", 5: "sudah_rekam"})
    out = tmp_path / "ba.pdf"
    result = visit_docs.make_visit_documents(vdb, visit, out=out, doc="berita_acara")
    report = " ".join(texts(out))
    number = result.documents[0].number
    for expected in ("BERITA ACARA PELAYANAN PEREKAMAN KTP-el JEMPUT BOLA", f"Nomor: {number}",
                     "Rabu, 24 Januari 2024", "08.00–12.00 WIB", "SMA Negeri 1 Pekalongan",
                     "Terekam 2 orang", "Gagal rekam 1 orang", "Tidak hadir 1 orang",
                     "Sudah rekam sebelumnya 1 orang", "Tidak dapat dilayani 0 orang",
                     "Belum dicatat 1 orang", "Jumlah 6 orang", "Ketua Tim Jemput Bola",
                     "AGUS SETIAWAN, S.Kom.", "Drs. H. MUHAMMAD FAUZI, M.Pd.", "Mengetahui"):
        assert expected in report, expected
    to_png(out, 0, output_dir / "kunjungan_berita_acara.png")
    # after the visit 'all' holds the report too; what was made before keeps its number
    again = visit_docs.make_visit_documents(vdb, visit, out=tmp_path / "semua.pdf")
    assert [(d.kind, d.reprint) for d in again.documents] == [
        ("pemberitahuan", False), ("daftar_peserta", False), ("berita_acara", True)]
    assert again.documents[2].number == number
    listing = " ".join(pages_of(tmp_path / "semua.pdf", again)["daftar_peserta"])
    assert "Gagal rekam" in listing  # a list printed afterwards shows the outcomes


def test_numbers_share_the_summoning_letters_series_and_reprints_keep_theirs(
        vdb, tmp_path: Path):
    on_visit = (7, 8, 9)  # their office summonses are taken back: one open call each
    first, second = [s for s in batch.select_summonses(vdb, batch.Selection(unprinted=True))
                     if vdb.execute_sql("SELECT person_id FROM summons WHERE id = ?",
                                        (s,)).fetchone()[0] not in on_visit][:2]
    batch.print_batch(vdb, batch.Selection(summons_ids=(first,)), out=tmp_path / "a.pdf")
    visit = school_visit(vdb, people=on_visit)
    made = visit_docs.make_visit_documents(vdb, visit, out=tmp_path / "k.pdf")
    batch.print_batch(vdb, batch.Selection(summons_ids=(second,)), out=tmp_path / "b.pdf")
    assert serials(vdb) == [("surat", 1), ("pemberitahuan", 2), ("daftar_peserta", 3),
                            ("surat", 4)]
    # a reprint keeps number, code and date; asked for, a new number is taken
    again = visit_docs.make_visit_documents(vdb, visit, out=tmp_path / "k2.pdf",
                                            doc="pemberitahuan",
                                            letter_date=dt.date(2024, 1, 16))
    assert again.documents[0].reprint and again.documents[0].number == made.documents[0].number
    assert "Pekalongan, 15 Januari 2024" in texts(tmp_path / "k2.pdf")[0]
    fresh = visit_docs.make_visit_documents(vdb, visit, out=tmp_path / "k3.pdf",
                                            doc="pemberitahuan", new_numbers=True)
    assert fresh.documents[0].number == "400.12.2.1/5/Dindukcapil/I/2024"
    assert not fresh.documents[0].reprint
    assert serials(vdb)[-1] == ("pemberitahuan", 5)
    # and the next reprint takes the newest number
    latest = visit_docs.make_visit_documents(vdb, visit, out=tmp_path / "k4.pdf",
                                             doc="pemberitahuan")
    assert latest.documents[0].number == fresh.documents[0].number


def test_home_visit_family_letters_carry_a_qr_code_the_desk_resolves(vdb, tmp_path: Path,
                                                                      output_dir: Path):
    vdb.execute_sql("UPDATE office_profile SET paper = 'F4' WHERE id = 1")
    visit = school_visit(vdb, people=(3, 10), kind="rumah", name="Kunjungan rumah Kauman",
                         contact=(None, None))
    out = tmp_path / "rumah.pdf"
    result = visit_docs.make_visit_documents(vdb, visit, out=out, doc="all")
    kinds = [(d.kind, d.person_id) for d in result.documents]
    assert kinds[0] == ("daftar_peserta", None)
    assert sorted(kinds[1:]) == [("surat_keluarga", 3), ("surat_keluarga", 10)]
    docs = pages_of(out, result)
    reader = pypdf.PdfReader(out)
    assert all([round(float(x), 2) for x in p.mediabox[2:]] == list(F4) for p in reader.pages)
    at = result.documents[0].pages
    for doc in result.documents[1:]:
        name, _ = person(vdb, doc.person_id)
        page = docs[f"surat_keluarga:{doc.person_id}"][0]
        for expected in (name, doc.number, "Pelayanan Perekaman KTP-el di Rumah",
                         "Rabu, 24 Januari 2024", "08.00–12.00 WIB", "Rumah Saudar",
                         "Tunjukkan kepada petugas yang datang"):
            assert expected in page, expected
        pdf = pdfium.PdfDocument(str(out))
        image = pdf[at].render(scale=2).to_pil()
        pdf.close()
        codes = [b.text for b in zxingcpp.read_barcodes(image) if b.format.name == "QRCode"]
        assert codes == [f"EKTP:{doc.code}"]
        card = desk.lookup(vdb, codes[0], today=VISIT_DAY)
        assert card.person_id == doc.person_id
        at += doc.pages
    to_png(out, result.documents[0].pages, output_dir / "kunjungan_surat_keluarga.png")


def assert_refused(db, tmp_path: Path, key: str, visit_id: int, **kwargs) -> None:
    before = (serials(db), db.execute_sql("SELECT last FROM letter_serial").fetchall())
    out = tmp_path / "tidak.pdf"
    with pytest.raises(UserError) as caught:
        visit_docs.make_visit_documents(db, visit_id, out=out, **kwargs)
    assert caught.value.message_id == key
    assert (serials(db), db.execute_sql("SELECT last FROM letter_serial").fetchall()) == before
    assert not out.exists() and not list(tmp_path.glob(".ektp-surat-*"))


def test_bad_input_is_refused_and_registers_nothing(vdb, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch):
    visit = school_visit(vdb)
    assert_refused(vdb, tmp_path, "sched_visit_missing", 9999)
    # the report only on or after the visit's day
    assert_refused(vdb, tmp_path, "visitdoc_early_report", visit, doc="berita_acara")
    assert_refused(vdb, tmp_path, "visitdoc_family_only_home", visit, doc="keluarga")
    assert_refused(vdb, tmp_path, "visitdoc_bad_choice", visit, doc="undangan")
    assert_refused(vdb, tmp_path, "letters_date_window", visit,
                   letter_date=dt.date(2030, 1, 1))
    empty = outreach.create_visit(vdb, scheduling.add_location(
        vdb, "rumah", "Rumah kosong").location_id, VISIT_DAY, today=TODAY).visit_id
    assert_refused(vdb, tmp_path, "visitdoc_no_people", empty)
    home = school_visit(vdb, people=(6,), kind="rumah", name="Rumah Medono")
    assert_refused(vdb, tmp_path, "visitdoc_notice_not_home", home, doc="pemberitahuan")
    def full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:  # the disk fills while the PDF is joined
        patch.setattr(visit_docs.pdfjoin, "join", full)
        assert_refused(vdb, tmp_path, "disk_full", visit)
    vdb.execute_sql("UPDATE visit SET state = 'batal' WHERE id = ?", (visit,))
    assert_refused(vdb, tmp_path, "visitdoc_cancelled", visit)
    vdb.execute_sql("UPDATE office_profile SET logo = NULL, logo_path = NULL WHERE id = 1")
    assert_refused(vdb, tmp_path, "letters_no_logo", home)
    with pytest.raises(UserError) as caught:  # the output may not be the database
        visit_docs.make_visit_documents(vdb, home, out=Path(vdb.database))
    assert caught.value.message_id == "output_is_database"


def test_a_long_list_runs_on_under_its_header_and_the_run_is_audited(vdb, tmp_path: Path,
                                                                      output_dir: Path):
    vdb.execute_sql("UPDATE office_profile SET paper = 'F4' WHERE id = 1")
    visit = school_visit(vdb, people=range(1, 31), kind="rutan_lapas",
                         name="Lapas Kelas IIA Pekalongan", contact=(None, None))
    out = tmp_path / "lapas.pdf"
    result = visit_docs.make_visit_documents(vdb, visit, out=out)
    docs = pages_of(out, result)
    notice = docs["pemberitahuan"][0]
    assert "Yth. Kepala Lapas/Rutan Lapas Kelas IIA Pekalongan" in notice
    assert "30 orang" in notice
    listing = docs["daftar_peserta"]
    assert len(listing) >= 2
    number = result.documents[1].number
    for page in listing[1:]:  # the kop, the column heads and whose list it is, on every page
        assert "DINAS KEPENDUDUKAN" in page and "NIK / Tahun lahir" in page
        assert f"Lanjutan daftar peserta Nomor {number}" in page
    assert all(person(vdb, pid)[0] in " ".join(listing) for pid in range(1, 31))
    reader = pypdf.PdfReader(out)
    assert all([round(float(x), 2) for x in p.mediabox[2:]] == list(F4) for p in reader.pages)
    to_png(out, result.documents[0].pages + 1, output_dir / "kunjungan_daftar_lanjutan.png")
    logged = vdb.execute_sql("SELECT detail FROM audit_log WHERE action = 'kunjungan_dokumen'"
                             ).fetchall()
    assert [json.loads(r[0])["documents"] for r in logged] == [
        [["pemberitahuan", result.documents[0].number, False],
         ["daftar_peserta", number, False]]]


def test_the_head_of_the_office_signs_the_notice_with_the_stored_images(vdb, tmp_path: Path,
                                                                         output_dir: Path):
    signature, stamp = tmp_path / "ttd.png", tmp_path / "cap.png"
    signature.write_bytes(png((10, 10, 120, 255), (300, 120)))
    stamp.write_bytes(png((120, 40, 160, 255), (200, 200)))
    profile.save(vdb, {"signature": signature, "stamp": stamp, "signer_name": "Drs. H. SLAMET",
                       "signer_nip": "197001011990031001", "signer_rank": "Pembina Utama Muda"})
    visit = school_visit(vdb)
    out = tmp_path / "ttd.pdf"
    result = visit_docs.make_visit_documents(vdb, visit, out=out, doc="pemberitahuan")
    page = pypdf.PdfReader(out).pages[0]
    assert len(page.images) == 3  # the logo, the signature and the stamp
    words = " ".join(page.extract_text().split())
    assert "Drs. H. SLAMET Pembina Utama Muda NIP. 19700101 199003 1 001" in words
    to_png(out, 0, output_dir / "kunjungan_pemberitahuan_ttd.png")
    logged = vdb.execute_sql("SELECT detail FROM audit_log WHERE action = 'surat_ttd_cap'"
                             ).fetchall()
    assert [json.loads(r[0])["first_number"] for r in logged] == [result.documents[0].number]
