"""The office profile: what the kop, the signature block and the numbering of every
letter say, stored in the database (one row, ``office_profile``).

:data:`FIELDS` describes every field (key, kind, Indonesian label, help) so the Pengaturan
page and the CLI build their forms from it; :func:`save` validates everything before it
stores anything.
"""

from __future__ import annotations

import io
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import peewee as pw

from ektp_desk.core import accounts, audit, clock, messages, models
from ektp_desk.core.errors import UserError
from ektp_desk.core.jobs import Changes
from ektp_desk.core.letters import nip, numbering
from ektp_desk.core.text import clean

PAPERS = ("A4", "F4")
MAX_LOGO_BYTES = 2_000_000

messages.register({
    "profile_unknown_field": (
        "Isian profil kantor tidak dikenal: {key}. Yang ada: {keys}.",
        "Unknown office profile field: {key}. Fields: {keys}."),
    "profile_required": ("'{label}' pada profil kantor tidak boleh kosong.",
                         "'{label}' in the office profile may not be empty."),
    "profile_bad_paper": ("Ukuran kertas harus A4 atau F4, bukan {value}.",
                          "Paper size must be A4 or F4, not {value}."),
    "profile_bad_postcode": ("Kode pos harus 5 angka, bukan '{value}'.",
                             "A postcode has 5 digits, not '{value}'."),
    "profile_too_long": ("'{label}' terlalu panjang ({length} huruf; paling banyak {max}).",
                         "'{label}' is too long ({length} characters; at most {max})."),
    "logo_missing": (
        "Berkas logo tidak ditemukan: {path}. Pilih berkas logo lain di Pengaturan › Profil "
        "kantor, atau hapus logonya.",
        "Logo file not found: {path}. Choose another logo file in Settings › Office "
        "profile, or remove the logo."),
    "logo_unreadable": (
        "Berkas logo {path} bukan gambar yang dapat dibaca ({detail}). Gunakan PNG atau JPG.",
        "Logo file {path} is not a readable image ({detail}). Use PNG or JPG."),
    "logo_not_file": (
        "{path} bukan berkas gambar biasa (mungkin folder, pipa atau perangkat). Pilih "
        "berkas PNG atau JPG.",
        "{path} is not an ordinary image file (perhaps a folder, a pipe or a device). "
        "Choose a PNG or JPG file."),
    "logo_too_big": (
        "Berkas logo {path} terlalu besar ({size} KB; paling besar {max} KB).",
        "Logo file {path} is too big ({size} KB; at most {max} KB)."),
    # the same for the signature and stamp images
    "image_missing": (
        "Berkas gambar tidak ditemukan: {path}. Pilih berkas lain di Profil Kantor.",
        "Image file not found: {path}. Choose another file on Profil Kantor."),
    "image_unreadable": (
        "Berkas {path} bukan gambar yang dapat dibaca ({detail}). Gunakan PNG atau JPG.",
        "File {path} is not a readable image ({detail}). Use PNG or JPG."),
    "image_not_file": (
        "{path} bukan berkas gambar biasa (mungkin folder, pipa atau perangkat). Pilih "
        "berkas PNG atau JPG.",
        "{path} is not an ordinary image file (perhaps a folder, a pipe or a device). "
        "Choose a PNG or JPG file."),
    "image_too_big": (
        "Berkas gambar {path} terlalu besar ({size} KB; paling besar {max} KB).",
        "Image file {path} is too big ({size} KB; at most {max} KB)."),
})


@dataclass(frozen=True, slots=True)
class ProfileField:
    key: str
    kind: str  # 'text' | 'choice' | 'bool' | 'logo' | 'image' | 'pattern'
    label: str
    help: str = ""
    required: bool = False
    max_length: int = 200
    english: tuple[str, str] = ("", "")  # (label, help) for a window in English

    @property
    def shown_label(self) -> str:
        """The label in the window's language (messages.language())."""
        return self.english[0] if messages.language() == "en" and self.english[0] \
            else self.label

    @property
    def shown_help(self) -> str:
        return self.english[1] if messages.language() == "en" and self.english[1] \
            else self.help


FIELDS: tuple[ProfileField, ...] = (
    ProfileField("government", "text", "Pemerintah daerah", "Baris pertama kop, mis. "
                 "PEMERINTAH KOTA PEKALONGAN.", required=True,
                 english=("Regional government",
                          "First line of the letterhead, e.g. PEMERINTAH KOTA PEKALONGAN.")),
    ProfileField("office", "text", "Nama kantor", "Baris kedua kop, mis. DINAS "
                 "KEPENDUDUKAN DAN PENCATATAN SIPIL.", required=True,
                 english=("Office name",
                          "Second line of the letterhead, e.g. DINAS KEPENDUDUKAN DAN PENCATATAN "
                          "SIPIL.")),
    ProfileField("address", "text", "Alamat kantor", required=True,
                 english=("Office address", "")),
    ProfileField("postcode", "text", "Kode pos", "5 angka, dicetak di kop.", max_length=10,
                 english=("Postcode", "5 digits, printed in the letterhead.")),
    ProfileField("telephone", "text", "Telepon",
                 english=("Telephone", "")),
    ProfileField("website", "text", "Laman", "Alamat situs kantor di kop (boleh kosong).",
                 english=("Website",
                          "The office's website in the letterhead (may be left empty).")),
    ProfileField("contact", "text", "Pos-el (surel)", "Alamat surel kantor di kop (boleh "
                 "kosong).",
                 english=("E-mail",
                          "The office's e-mail address in the letterhead (may be left empty).")),
    ProfileField("city", "text", "Tempat surat", "Tempat pada tanggal surat, mis. "
                 "Pekalongan.", required=True, max_length=60,
                 english=("Place of the letter",
                          "The place before the letter's date, e.g. Pekalongan.")),
    ProfileField("signer_title", "text", "Jabatan penanda tangan", max_length=300,
                 english=("Signer's position", "")),
    ProfileField("signer_name", "text", "Nama penanda tangan",
                 english=("Signer's name", "")),
    ProfileField("signer_rank", "text", "Pangkat / golongan",
                 english=("Rank / grade", "")),
    ProfileField("signer_nip", "text", "NIP penanda tangan", "18 angka; dicetak "
                 "19700101 199003 1 001.", max_length=30,
                 english=("Signer's NIP", "18 digits; printed 19700101 199003 1 001.")),
    ProfileField("signature", "image", "Gambar tanda tangan", "PNG atau JPG (latar "
                 "transparan lebih baik); dicetak di atas nama penanda tangan. Setiap "
                 "pemakaian dicatat di log audit.",
                 english=("Signature image",
                          "PNG or JPG (a transparent background is better); printed above the "
                          "signer's name. Every use is recorded in the audit log.")),
    ProfileField("stamp", "image", "Gambar cap dinas", "PNG atau JPG; dicetak menumpang "
                 "tanda tangan. Setiap pemakaian dicatat di log audit.",
                 english=("Office stamp image",
                          "PNG or JPG; printed over the signature. Every use is recorded in the "
                          "audit log.")),
    ProfileField("logo_path", "logo", "Logo daerah", "Gambar PNG atau JPG; disimpan di basis "
                 "data sehingga surat tetap tercetak walau berkasnya dipindah. Tanpa logo "
                 "surat hanya dapat dilihat sebagai CONTOH, tidak dapat dicetak.",
                 english=("Regional logo",
                          "A PNG or JPG image; kept in the database so letters still print if the "
                          "file is moved. Without a logo, letters can only be seen as a SAMPLE "
                          "(CONTOH), not printed.")),
    ProfileField("paper", "choice", "Ukuran kertas", "A4 (210×297 mm) atau F4 (215×330 mm).",
                 english=("Paper size", "A4 (210×297 mm) or F4 (215×330 mm).")),
    ProfileField("print_full_nik", "bool", "Cetak NIK lengkap di surat",
                 "Bila tidak, NIK dicetak tersamar (UU 27/2022).",
                 english=("Print the full NIK on letters",
                          "If not, the NIK is printed masked (UU 27/2022).")),
    ProfileField("number_pattern", "pattern", "Pola nomor surat",
                 "Isian: {nomor}, {bulan_romawi}, {bulan}, {tahun}.", required=True,
                 english=("Letter number pattern",
                          "Placeholders: {nomor}, {bulan_romawi}, {bulan}, {tahun}.")),
)
FIELD_BY_KEY = {f.key: f for f in FIELDS}


@dataclass(frozen=True)
class OfficeProfile:
    government: str
    office: str
    address: str
    telephone: str
    contact: str
    website: str
    postcode: str
    city: str
    signer_title: str
    signer_name: str
    signer_rank: str
    signer_nip: str
    logo: bytes | None
    logo_path: str | None
    signature: bytes | None
    stamp: bytes | None
    paper: str
    print_full_nik: bool
    number_pattern: str

    def as_json(self) -> dict[str, object]:
        """The profile for the CLI: the logo as its size, not its bytes."""
        out: dict[str, object] = {f.name: getattr(self, f.name) for f in fields(self)}
        for key in ("logo", "signature", "stamp"):
            data = getattr(self, key)
            out[key] = len(data) if data else None
        return out


_COLUMNS = [getattr(models.OfficeProfile, f.name) for f in fields(OfficeProfile)]


def load(db: pw.Database) -> OfficeProfile:
    """The office profile (migration 3 creates its row)."""
    table = models.OfficeProfile
    values = table.select(*_COLUMNS).where(table.id == 1).dicts().first(db)
    return OfficeProfile(**values)


def check_logo(data: bytes, *, name: str = "logo", kind: str = "logo") -> tuple[int, int]:
    """The image's pixel size, or UserError when it is not an image reportlab can draw.
    ``kind``: 'logo' or 'image' (a signature or stamp), for the message's words."""
    from reportlab.lib.utils import ImageReader

    try:
        width, height = ImageReader(io.BytesIO(data)).getSize()
    except Exception as exc:  # PIL raises many kinds; all mean "not an image"
        raise UserError(f"{kind}_unreadable", path=name, detail=type(exc).__name__) from None
    return int(width), int(height)


def read_logo(path: Path | str, *, kind: str = "logo") -> bytes:
    """A logo file's bytes, checked: UserError when missing, not a regular file, too big
    or not an image. ``kind`` 'image' words the messages for a signature or stamp."""
    file = Path(path)
    try:
        # a FIFO or a device would block the open or never end: look before opening
        info = os.stat(file)
        if not stat.S_ISREG(info.st_mode):
            raise UserError(f"{kind}_not_file", path=str(file))
        if info.st_size > MAX_LOGO_BYTES:
            raise _too_big(file, info.st_size, kind)
        with file.open("rb") as handle:
            data = handle.read(MAX_LOGO_BYTES + 1)  # it may have grown since the stat
    except FileNotFoundError:
        raise UserError(f"{kind}_missing", path=str(file)) from None
    except OSError as exc:
        raise UserError(f"{kind}_unreadable", path=str(file),
                        detail=exc.strerror or exc) from None
    if len(data) > MAX_LOGO_BYTES:
        raise _too_big(file, len(data), kind)
    check_logo(data, name=file.name, kind=kind)
    return data


def _too_big(file: Path, size: int, kind: str = "logo") -> UserError:
    return UserError(f"{kind}_too_big", path=file.name, size=size // 1000,
                     max=MAX_LOGO_BYTES // 1000)


_POSTCODE = re.compile(r"^\d{5}$")


def validate(values: Mapping[str, object]) -> dict[str, object]:
    """Field values converted to their stored form; UserError for the first bad one.
    ``logo_path``: a file to read (its bytes go into ``logo``), or '' / None to remove."""
    out: dict[str, object] = {}
    for key, value in values.items():
        spec = FIELD_BY_KEY.get(key)
        if spec is None:
            raise UserError("profile_unknown_field", key=key, keys=", ".join(FIELD_BY_KEY))
        if spec.kind == "bool":
            out[key] = (value.strip().lower() in ("1", "ya", "yes", "true", "benar")
                        if isinstance(value, str) else bool(value))
        elif spec.kind == "choice":
            paper = clean(value).upper()
            if paper not in PAPERS:
                raise UserError("profile_bad_paper", value=value)
            out[key] = paper
        elif spec.kind == "logo":
            if value in (None, ""):
                out["logo"], out["logo_path"] = None, None
            else:
                out["logo"] = read_logo(str(value))
                out["logo_path"] = str(Path(str(value)).resolve())
        elif spec.kind == "image":
            # a file to read (its bytes are stored), '' / None to remove, or bytes as loaded
            out[key] = (None if value in (None, "", b"") else value
                        if isinstance(value, bytes) else read_logo(str(value), kind="image"))
        elif spec.kind == "pattern":
            out[key] = numbering.validate_pattern(clean(value))
        else:
            text = clean(value)
            if spec.required and not text:
                raise UserError("profile_required", label=spec.shown_label)
            if len(text) > spec.max_length:
                raise UserError("profile_too_long", label=spec.shown_label, length=len(text),
                                max=spec.max_length)
            if key == "signer_nip" and text:
                text = nip.format_nip(nip.validate(text))
            if key == "postcode" and text and not _POSTCODE.match(text):
                raise UserError("profile_bad_postcode", value=text)
            out[key] = text
    return out


@dataclass(frozen=True)
class ProfileResult:
    profile: OfficeProfile
    changes: Changes = field(default_factory=lambda: Changes(settings=True, letters=True))


def save(db: pw.Database, values: Mapping[str, object], *,
         user: str | None = None) -> ProfileResult:
    """Validate, then store the given fields in one transaction (audited; the logo's bytes
    are recorded as a size only)."""
    checked = validate(values)
    by = user or accounts.acting_name(db)
    if checked:
        table = models.OfficeProfile
        with db.atomic():
            (table.update(**checked, updated_at=clock.timestamp(), updated_by=by)
             .where(table.id == 1).execute(db))
            audit.record(db, by, "profil_kantor", **{
                k: (len(v) if isinstance(v, bytes) else v) for k, v in checked.items()})
    return ProfileResult(load(db))


def preview(profile: OfficeProfile, values: Mapping[str, object]) -> OfficeProfile:
    """The profile with unsaved values applied (validated), for a live letter preview."""
    return replace(profile, **validate(values))  # type: ignore[arg-type]
