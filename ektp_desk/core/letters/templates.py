"""The words of a summoning letter: every part a template with placeholders ({nama},
{hari_tanggal}, …), one set for the first call (round 1) and one for the second and later
calls (round 2).

The defaults live in ``resources/letters/surat_panggilan.json``; the office's own wording is
stored per part in the ``letter_template`` table and wins over the default. A template is
checked before it is saved or used: an unknown placeholder, a format trick
(``{nama!r}``, ``{nama:>9}``) or a lone brace is refused with a message naming it.
"""

from __future__ import annotations

import json
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

import peewee as pw

from ektp_desk import paths
from ektp_desk.core import accounts, audit, clock, messages
from ektp_desk.core.errors import UserError
from ektp_desk.core.jobs import Changes

RESOURCE = ("letters", "surat_panggilan.json")
ROUNDS = (1, 2)


@dataclass(frozen=True, slots=True)
class PartDef:
    """One editable part of the letter. ``kind``: 'line' (one line), 'paragraph' (wrapped,
    justified), 'details' ('Label: value' per line), 'list' (one numbered item per line)."""

    key: str
    kind: str
    label: str
    required: bool = False
    label_en: str = ""  # for a window in English; the letter itself stays Indonesian

    @property
    def shown_label(self) -> str:
        """The label in the window's language (messages.language())."""
        return self.label_en if messages.language() == "en" and self.label_en else self.label


PARTS: tuple[PartDef, ...] = (
    PartDef("sifat", "line", "Sifat", label_en="Nature (Sifat)"),
    PartDef("lampiran", "line", "Lampiran", label_en="Attachments (Lampiran)"),
    PartDef("hal", "line", "Hal", required=True, label_en="Subject (Hal)"),
    PartDef("salam", "line", "Salam pembuka", label_en="Greeting"),
    PartDef("pembuka", "paragraph", "Paragraf pembuka", required=True,
            label_en="Opening paragraph"),
    PartDef("rincian", "details", "Rincian waktu dan tempat", required=True,
            label_en="Time and place details"),
    PartDef("bawa_pengantar", "paragraph", "Pengantar hal yang diperhatikan",
            label_en="Introduction to the points to note"),
    PartDef("bawa", "list", "Hal yang diperhatikan (satu per baris)",
            label_en="Points to note (one per line)"),
    PartDef("penutup", "paragraph", "Paragraf penutup", label_en="Closing paragraph"),
    PartDef("tembusan", "list", "Tembusan (satu per baris)", label_en="Copies to (one per line)"),
)
PART_BY_KEY = {p.key: p for p in PARTS}

# Placeholder → what it becomes, for the Pengaturan page's help text.
PLACEHOLDERS: dict[str, str] = {
    "nama": "nama warga (NUR'AINI)",
    "nik": "NIK warga (disamarkan kecuali kantor memilih NIK lengkap)",
    "alamat": "alamat warga (jalan/dukuh)",
    "rt": "RT warga (001)",
    "rw": "RW warga (002)",
    "kelurahan": "nama kelurahan warga",
    "kecamatan": "nama kecamatan warga",
    "hari_tanggal": "hari dan tanggal panggilan (Rabu, 14 Februari 2024)",
    "tanggal": "tanggal panggilan tanpa hari (14 Februari 2024)",
    "pukul": "jam panggilan (08.00–10.00 WIB)",
    "tempat": "nama tempat layanan",
    "alamat_tempat": "alamat tempat layanan",
    "nomor": "nomor surat",
    "tanggal_surat": "tanggal surat (3 Juli 2023)",
    "putaran": "panggilan ke berapa (Pertama, Kedua, …)",
    "putaran_kecil": "panggilan ke berapa, huruf kecil (pertama, kedua, …)",
    "tanggal_pemilu": "tanggal pemungutan suara (14 Februari 2024)",
    "nama_pemilu": "nama pemilu dari Pengaturan (Pemilihan Umum 2024)",
    "sapaan": "Sdr. atau Sdri. menurut jenis kelamin warga",
    "saudara": "Saudara atau Saudari menurut jenis kelamin warga",
    "pemerintah": "nama pemerintah daerah pada kop",
    "kantor": "nama kantor pada kop",
    "kota": "tempat pada tanggal surat (Pekalongan)",
}

# The same, for a window in English (the placeholders' names stay: the letter is Indonesian).
PLACEHOLDERS_EN: dict[str, str] = {
    "nama": "the person's name (NUR'AINI)",
    "nik": "the person's NIK (masked unless the office chose the full NIK)",
    "alamat": "the person's address (street/hamlet)",
    "rt": "the person's RT (001)",
    "rw": "the person's RW (002)",
    "kelurahan": "the person's kelurahan",
    "kecamatan": "the person's kecamatan",
    "hari_tanggal": "weekday and date of the call (Rabu, 14 Februari 2024)",
    "tanggal": "date of the call without the weekday (14 Februari 2024)",
    "pukul": "time of the call (08.00–10.00 WIB)",
    "tempat": "name of the service location",
    "alamat_tempat": "address of the service location",
    "nomor": "the letter's number",
    "tanggal_surat": "the letter's date (3 Juli 2023)",
    "putaran": "which call this is (Pertama, Kedua, …)",
    "putaran_kecil": "which call this is, in small letters (pertama, kedua, …)",
    "tanggal_pemilu": "polling day (14 Februari 2024)",
    "nama_pemilu": "the election's name from Settings (Pemilihan Umum 2024)",
    "sapaan": "Sdr. or Sdri. by the person's sex",
    "saudara": "Saudara or Saudari by the person's sex",
    "pemerintah": "the regional government's name in the letterhead",
    "kantor": "the office's name in the letterhead",
    "kota": "the place before the letter's date (Pekalongan)",
}
assert PLACEHOLDERS_EN.keys() == PLACEHOLDERS.keys()


def placeholder_meanings() -> dict[str, str]:
    """Placeholder → what it becomes, in the window's language."""
    return PLACEHOLDERS_EN if messages.language() == "en" else PLACEHOLDERS


ORDINALS = ("Pertama", "Kedua", "Ketiga", "Keempat", "Kelima", "Keenam", "Ketujuh",
            "Kedelapan", "Kesembilan", "Kesepuluh")

messages.register({
    "letter_unknown_placeholder": (
        "Teks '{part}' memakai isian yang tidak dikenal: {{{name}}}. Isian yang dapat "
        "dipakai: {known}.",
        "Text '{part}' uses an unknown placeholder: {{{name}}}. Known placeholders: {known}."),
    "letter_placeholder_format": (
        "Teks '{part}': isian {{{name}}} tidak boleh memakai tanda '!' atau ':'. Tulis "
        "cukup {{{name}}}.",
        "Text '{part}': placeholder {{{name}}} may not use '!' or ':'. Write just "
        "{{{name}}}."),
    "letter_bad_braces": (
        "Teks '{part}' memakai kurung kurawal yang tidak berpasangan ({detail}). Isian "
        "ditulis seperti {{nama}}; kurung kurawal biasa ditulis dua kali: {{{{ atau }}}}.",
        "Text '{part}' has an unmatched brace ({detail}). Placeholders look like {{nama}}; "
        "write a literal brace twice: {{{{ or }}}}."),
    "letter_empty_placeholder": (
        "Teks '{part}' memakai isian kosong {{}}. Tulis nama isiannya, mis. {{nama}}.",
        "Text '{part}' uses an empty placeholder {{}}. Name it, e.g. {{nama}}."),
    "letter_part_unknown": (
        "Bagian surat tidak dikenal: {part}. Bagian yang ada: {parts}.",
        "Unknown letter part: {part}. Parts: {parts}."),
    "letter_part_required": (
        "Teks '{part}' tidak boleh kosong.", "Text '{part}' may not be empty."),
    "letter_round_bad": (
        "Putaran surat harus 1 (panggilan pertama) atau 2 (panggilan kedua dan "
        "seterusnya), bukan {value}.",
        "The letter round must be 1 (first call) or 2 (second and later calls), not "
        "{value}."),
    "letter_text_too_long": (
        "Teks '{part}' terlalu panjang ({length} huruf; paling banyak {max}).",
        "Text '{part}' is too long ({length} characters; at most {max})."),
})

MAX_TEXT = 2000
_FORMATTER = string.Formatter()


def round_key(round_: int) -> int:
    """The template set a summons round uses: 1 for the first call, 2 for any later one."""
    return 1 if round_ <= 1 else 2


def ordinal(round_: int) -> str:
    """1 → 'Pertama', 2 → 'Kedua', … (the ordinal word for a call)."""
    return ORDINALS[round_ - 1] if 1 <= round_ <= len(ORDINALS) else f"Ke-{round_}"


def placeholders_in(text: str, *, part: str = "") -> list[str]:
    """The placeholder names a template uses, in order; UserError for broken braces or a
    format trick (so an invalid template never reaches a letter)."""
    label = PART_BY_KEY[part].shown_label if part in PART_BY_KEY else part
    try:
        parsed = list(_FORMATTER.parse(text))
    except ValueError as exc:
        raise UserError("letter_bad_braces", part=label, detail=str(exc)) from None
    names = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name == "":
            raise UserError("letter_empty_placeholder", part=label)
        if spec or conversion:
            raise UserError("letter_placeholder_format", part=label, name=name)
        names.append(name)
    return names


def validate_text(part: str, text: str) -> str:
    """A part's template, tidied (line ends, trailing spaces), or UserError naming the
    problem: unknown part or placeholder, broken braces, empty when required, too long."""
    spec = PART_BY_KEY.get(part)
    if spec is None:
        raise UserError("letter_part_unknown", part=part, parts=", ".join(PART_BY_KEY))
    lines = [line.strip() for line in str(text).replace("\r\n", "\n").split("\n")]
    if spec.kind in ("line", "paragraph"):
        tidy = " ".join(line for line in lines if line)
    else:
        tidy = "\n".join(line for line in lines if line)
    if len(tidy) > MAX_TEXT:
        raise UserError("letter_text_too_long", part=spec.shown_label, length=len(tidy),
                        max=MAX_TEXT)
    if spec.required and not tidy:
        raise UserError("letter_part_required", part=spec.shown_label)
    for name in placeholders_in(tidy, part=part):
        if name not in PLACEHOLDERS:
            raise UserError("letter_unknown_placeholder", part=spec.shown_label, name=name,
                            known=", ".join("{" + k + "}" for k in PLACEHOLDERS))
    return tidy


@dataclass(frozen=True)
class LetterTexts:
    """The wording in force: ``parts[round][part]`` for rounds 1 and 2, already validated.
    ``custom`` lists the (round, part) pairs the office changed."""

    parts: Mapping[int, Mapping[str, str]]
    custom: frozenset[tuple[int, str]] = field(default_factory=frozenset)

    def for_round(self, round_: int) -> Mapping[str, str]:
        """The texts a letter of this summons round uses."""
        return self.parts[round_key(round_)]

    def with_changes(self, changes: Mapping[tuple[int, str], str | None]) -> LetterTexts:
        """These texts with some parts replaced (None = back to the default): what a live
        preview shows before the office saves. UserError for an invalid text."""
        merged = {r: dict(p) for r, p in self.parts.items()}
        custom = set(self.custom)
        for (round_, part), text in changes.items():
            _check_round(round_)
            if text is None:
                merged[round_][part] = default_texts().parts[round_][part]
                custom.discard((round_, part))
            else:
                merged[round_][part] = validate_text(part, text)
                custom.add((round_, part))
        return LetterTexts(merged, frozenset(custom))


def _check_round(round_: object) -> int:
    if round_ not in ROUNDS:
        raise UserError("letter_round_bad", value=round_)
    return int(round_)  # type: ignore[call-overload]


@cache
def default_texts() -> LetterTexts:
    """The wording shipped in resources/letters/ (validated: a broken resource is a bug)."""
    data = json.loads(paths.resource(*RESOURCE).read_text(encoding="utf-8"))
    parts = {}
    for round_ in ROUNDS:
        given = data[str(round_)]
        parts[round_] = {p.key: validate_text(p.key, given.get(p.key, "")) for p in PARTS}
    return LetterTexts(parts)


def load_texts(db: pw.Database) -> LetterTexts:
    """The defaults with the office's saved parts on top. A stored part that no longer
    validates (edited outside the program) raises UserError naming it."""
    changes = {(r, p): t for r, p, t in db.execute_sql(
        "SELECT round, part, text FROM letter_template ORDER BY round, part")
        if p in PART_BY_KEY}
    return default_texts().with_changes(changes)


@dataclass(frozen=True)
class TextsResult:
    saved: int
    reset: int
    changes: Changes = field(default_factory=lambda: Changes(settings=True, letters=True))


def save_texts(db: pw.Database, changes: Mapping[tuple[int, str], str | None], *,
               user: str | None = None) -> TextsResult:
    """Store the office's wording for some (round, part) pairs; None (or the default text
    itself) puts a part back to the default. Everything is validated first: one bad text
    and nothing is stored."""
    checked: dict[tuple[int, str], str | None] = {}
    for (round_, part), text in changes.items():
        round_ = _check_round(round_)
        if text is None:
            checked[(round_, part)] = None
            continue
        tidy = validate_text(part, text)
        checked[(round_, part)] = None if tidy == default_texts().parts[round_][part] else tidy
    by = user or accounts.acting_name(db)
    now = clock.timestamp()
    saved = reset = 0
    with db.atomic():
        for (round_, part), text in checked.items():
            if text is None:
                db.execute_sql("DELETE FROM letter_template WHERE round = ? AND part = ?",
                               (round_, part))
                reset += 1
            else:
                db.execute_sql(
                    "INSERT INTO letter_template (round, part, text, updated_at, updated_by) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT(round, part) DO UPDATE SET "
                    "text = excluded.text, updated_at = excluded.updated_at, "
                    "updated_by = excluded.updated_by", (round_, part, text, now, by))
                saved += 1
        audit.record(db, by, "teks_surat", parts=[f"{r}:{p}" for r, p in checked])
    return TextsResult(saved, reset)


def fill(template: str, values: Mapping[str, str]) -> str:
    """A validated template with its placeholders filled in."""
    return template.format_map(values)
