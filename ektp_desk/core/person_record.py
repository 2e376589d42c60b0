"""The rules for a person record: from the cells of a KPU row to the stored person columns.

Shared by the import (every row of a file) and the desk's walk-in (one person typed in):
the hard checks a NIK must pass (:meth:`Parser.nik`), the columns derived from a row's
source values with their warnings (:meth:`Parser.derive`), the merge of a newer row into a
stored person (:func:`merge_sources`), and the warning codes with their words
(:func:`warning_text`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import peewee as pw

from ektp_desk.core import accounts, messages, regions, settings
from ektp_desk.core import fields as F
from ektp_desk.core import nik as nik_rules

# --- warnings ------------------------------------------------------------------------------

# Warning codes kept on the person (person.warnings, a JSON list). Stable: stored and synced.
W_NIK_DATE = "nik_tanggal_beda"
W_NIK_REGION = "nik_wilayah_beda"
W_NIK_SEX = "nik_kelamin_beda"
W_PLACEHOLDER = "tanggal_lahir_pengganti"
W_DATE_UNREADABLE = "tanggal_lahir_tidak_terbaca"
W_DATE_ODD = "tanggal_lahir_tidak_wajar"
W_SEX_UNKNOWN = "jenis_kelamin_tidak_dikenal"
W_MARITAL_UNKNOWN = "status_kawin_tidak_dikenal"
W_RT_RW_UNREADABLE = "rt_rw_tidak_terbaca"
W_KEL_OLD = "kelurahan_nama_lama"
W_KEL_UNKNOWN = "kelurahan_tidak_dikenal"
W_KEL_EMPTY = "kelurahan_kosong"
W_KEC_UNKNOWN = "kecamatan_tidak_dikenal"
W_KEC_MISMATCH = "kecamatan_tidak_cocok"
W_NKK_INVALID = "nkk_tidak_sah"
W_UNDER_16 = "umur_di_bawah_16"
W_NOT_17 = "belum_17_saat_pemilu"

WARNINGS: dict[str, tuple[str, str]] = {
    W_NIK_DATE: ("Tanggal lahir berbeda dengan tanggal di NIK",
                 "Birth date differs from the date in the NIK"),
    W_NIK_REGION: ("Kecamatan domisili berbeda dengan wilayah NIK",
                   "Domicile kecamatan differs from the NIK's region"),
    W_NIK_SEX: ("Jenis kelamin berbeda dengan NIK", "Sex differs from the NIK"),
    W_PLACEHOLDER: ("Tanggal lahir pengganti (mungkin tidak diketahui)",
                    "Placeholder birth date (perhaps unknown)"),
    W_DATE_UNREADABLE: ("Tanggal lahir tidak terbaca; dipakai tanggal dari NIK",
                        "Birth date unreadable; the NIK's date is used"),
    W_DATE_ODD: ("Tanggal lahir tidak wajar (di masa depan atau terlalu lama)",
                 "Birth date is implausible (in the future or too long ago)"),
    W_SEX_UNKNOWN: ("Jenis kelamin tidak dikenal; dipakai dari NIK",
                    "Sex not understood; taken from the NIK"),
    W_MARITAL_UNKNOWN: ("Status perkawinan tidak dikenal", "Marital status not understood"),
    W_RT_RW_UNREADABLE: ("RT/RW tidak terbaca", "RT/RW not understood"),
    W_KEL_OLD: ("Nama kelurahan lama (sebelum 2015) atau ejaan lain",
                "Old (pre-2015) or variant kelurahan name"),
    W_KEL_UNKNOWN: ("Kelurahan tidak dikenal", "Unknown kelurahan"),
    W_KEL_EMPTY: ("Kelurahan kosong", "No kelurahan"),
    W_KEC_UNKNOWN: ("Kecamatan tidak dikenal", "Unknown kecamatan"),
    W_KEC_MISMATCH: ("Kelurahan tidak berada di kecamatan yang tertulis",
                     "The kelurahan is not in the kecamatan written"),
    W_NKK_INVALID: ("NKK tidak sah (disimpan seperti tertulis)",
                    "Invalid NKK (kept as written)"),
    W_UNDER_16: ("Belum berumur 16 tahun", "Younger than 16"),
    W_NOT_17: ("Belum berumur 17 tahun pada hari pemungutan suara",
               "Not yet 17 on election day"),
}

messages.register({
    F.BIRTH_FUTURE: ("Tanggal lahir {date} belum terjadi (sesudah hari ini)",
                     "Birth date {date} has not happened yet (it is after today)"),
    F.BIRTH_TOO_OLD: ("Tanggal lahir {date} lebih dari {years} tahun yang lalu",
                      "Birth date {date} is more than {years} years ago"),
    **{f"warning_{code}": texts for code, texts in WARNINGS.items()},
})


def warning_text(code: str) -> str:
    """A person warning code (as stored in person.warnings) in words."""
    return messages.text(f"warning_{code}") if code in WARNINGS else code


# --- columns and source values ------------------------------------------------------------

# The person columns a record fills, in this order everywhere (import and walk-in).
COLUMNS = ("nik", "nkk", "nkk_raw", "name", "name_norm", "birth_place", "birth_date",
           "birth_date_raw", "sex", "marital", "address", "rt", "rw", "kelurahan_code",
           "kelurahan_raw", "kecamatan_code", "disability", "note", "category", "warnings")

# Source values of a row, the unit of the upsert's merge: a non-empty cell of the new file
# wins, an empty one keeps the old value. Cells as read (str, float, date), None when empty,
# except the address, already tidied and stripped of its RT/RW.
S_NKK, S_PLACE, S_DATE, S_SEX, S_MARITAL, S_ADDRESS, S_RT, S_RW, S_KEL, S_KEC, \
    S_DISABILITY, S_NOTE = range(12)

# A new person: COLUMNS, then first and last import batch, created and updated timestamps.
INSERT = (f"INSERT INTO person ({', '.join(COLUMNS)}, first_import_id, last_import_id, "
          f"created_at, updated_at) VALUES ({', '.join('?' * (len(COLUMNS) + 4))})")


# A parsed NIK as a plain tuple (cheaper than an object, 100,000 times over):
# (digits, region, birth date, sex, (day, month, two-digit year)).
NikInfo = tuple[str, str, dt.date, str, tuple[int, int, int]]
N_VALUE, N_REGION, N_BORN, N_SEX, N_DMY = range(5)


@dataclass(frozen=True)
class Context:
    """What the rules depend on besides the cells: today, the elections, the settings."""

    today: dt.date
    election_cutoff: dt.date  # born on or before: 17 on election day
    previous_election: dt.date
    is_placeholder: Callable[[dt.date], bool]
    table: regions.RegionTable
    user: str


def rederive_categories(db: pw.Database) -> int:
    """Pemula or lainnya again for everyone with a birth date, from the previous election
    day now in the settings (inmates and people with a disability keep their category,
    which the list gave). Call inside the transaction that changed the setting; returns
    how many people changed category."""
    cutoff = F.years_before(settings.get_date(db, "previous_election_date"), 17).isoformat()
    return db.execute_sql(
        "UPDATE person SET category = CASE WHEN birth_date > ? THEN 'pemula' "
        "ELSE 'lainnya' END WHERE category IN ('pemula', 'lainnya') AND birth_date IS NOT NULL "
        "AND category != CASE WHEN birth_date > ? THEN 'pemula' ELSE 'lainnya' END",
        (cutoff, cutoff)).rowcount


def load_context(db: pw.Database, today: dt.date) -> Context:
    """The context from the database's settings and the region table."""
    election = settings.get_date(db, "election_date")
    return Context(
        today=today,
        election_cutoff=F.years_before(election, 17),
        previous_election=settings.get_date(db, "previous_election_date"),
        is_placeholder=F.placeholder_matcher(settings.get(db, "placeholder_birth_dates")),
        table=regions.default_table(),
        user=accounts.acting_name(db),
    )


# --- the parser ----------------------------------------------------------------------------

# Cells that mean "nothing written": KPU sheets often fill empty cells with a dash.
NOTHING: dict[object, None] = {"": None, "-": None, "–": None, "—": None, " ": None,
                               "--": None}
_INMATE_IN_ADDRESS = re.compile(
    r"\b(?:LAPAS|RUTAN|LPKA|LEMBAGA\s+PEMASYARAKATAN|RUMAH\s+TAHANAN)\b", re.IGNORECASE)


_PROVINCES = frozenset(f"{code:02d}" for code in nik_rules.PROVINCE_CODES)
_PROBE_REGION = "330000"  # a valid region, to ask nik.parse about the date digits alone


def _nik_date(digits: str, today: dt.date) -> tuple[dt.date, str, tuple[int, int, int]] | None:
    """(birth date, sex, (day, month, yy)) of a NIK's DDMMYY digits, None if nik.parse
    refuses them; the same rules, asked once per distinct date."""
    try:
        parsed = nik_rules.parse(_PROBE_REGION + digits + "0001", today)
    except nik_rules.NikError:
        return None
    born = parsed.birth_date
    return born, parsed.sex, (born.day, born.month, born.year % 100)


def _nkk_date_ok(digits: str, today: dt.date) -> bool:
    try:
        nik_rules.parse_nkk(_PROBE_REGION + digits + "0001", today)
    except nik_rules.NikError:
        return False
    return True


def is_empty(value: object) -> bool:
    """Whether a cell says nothing: None, blank, or one of :data:`NOTHING`."""
    return value is None or value in NOTHING or (type(value) is str
                                                 and value.strip() in NOTHING)


class Parser:
    """Per-import memo tables over the cell parsers of :mod:`ektp_desk.core.fields`.

    In a list of 100,000 people most cells repeat (birth dates, sexes, kelurahan, notes),
    so each distinct cell value is parsed once; rows then cost a few dictionary lookups.
    Every memo is keyed by the cell exactly as read, so a merged old value (stored text)
    and a new cell go through the same code.
    """

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.nik_dates: dict[str, tuple[dt.date, str, tuple[int, int, int]] | None] = {}
        self.nkk_dates: dict[str, bool] = {}
        self.names: dict[object, tuple[str, str]] = {}
        self.texts: dict[object, str | None] = {}
        self.dates: dict[object, tuple[dt.date | None, str | None, bool]] = {}
        self.born: dict[dt.date, tuple] = {}
        self.born_problems: dict[dt.date, str | None] = {}
        self.sexes: dict[object, str | None] = {}
        self.maritals: dict[object, str | None] = {}
        self.rts: dict[object, str | None] = {}
        self.rws: dict[object, str | None] = {}
        self.places: dict[tuple[object, object], tuple[str | None, str | None, str | None,
                                                       tuple[str, ...]]] = {}
        self.notes: dict[tuple[object, object], tuple[str | None, str | None, bool]] = {}
        self.smalls: dict[tuple[object, ...], tuple] = {}
        self.addresses: dict[object, tuple[str | None, bool, str | None, str | None]] = {}
        self.inmate_addresses: dict[str, bool] = {}
        self.warning_json: dict[tuple[str, ...], str] = {(): "[]"}

    # --- NIK and NKK ---------------------------------------------------------------------
    def nik(self, raw: object) -> NikInfo:
        """Like nik.parse (raises NikError), with a memo on the six date digits: the common
        case, 16 plain digits, costs a few lookups; anything else takes nik.parse."""
        if type(raw) is str and len(raw) == 16 and raw.isdigit() and raw.isascii() \
                and raw[12:] != "0000" and raw[:2] in _PROVINCES:
            found = self.nik_dates.get(raw[6:12], False)
            if found is False:
                found = self.nik_dates[raw[6:12]] = _nik_date(raw[6:12], self.ctx.today)
            if found is not None:
                return (raw, raw[:6], *found)
        parsed = nik_rules.parse(raw, self.ctx.today)  # the exact reason for a bad NIK
        born = parsed.birth_date
        return (parsed.value, parsed.region, born, parsed.sex,
                (born.day, born.month, born.year % 100))

    def nkk(self, raw: object) -> tuple[str | None, str | None]:
        """(nkk, nkk_raw): the valid number, or None and the cell as written."""
        if type(raw) is str and len(raw) == 16 and raw.isdigit() and raw.isascii() \
                and raw[12:] != "0000" and raw[:2] in _PROVINCES:
            ok = self.nkk_dates.get(raw[6:12])
            if ok is None:
                ok = self.nkk_dates[raw[6:12]] = _nkk_date_ok(raw[6:12], self.ctx.today)
            if ok:
                return raw, None
        try:
            return nik_rules.parse_nkk(raw, self.ctx.today).value, None
        except nik_rules.NikError:
            return None, F.cell_text(raw)

    # --- simple cells --------------------------------------------------------------------
    def name(self, raw: object) -> tuple[str, str]:
        found = self.names.get(raw)
        if found is None:
            found = self.names[raw] = F.name_fields(raw)
        return found

    def text(self, raw: object) -> str | None:
        found = self.texts.get(raw, False)
        if found is False:
            found = self.texts[raw] = F.cell_text(raw) or None
        return found  # type: ignore[return-value]

    def date(self, raw: object) -> tuple[dt.date | None, str | None, bool]:
        """(date or None, raw text worth keeping or None, unreadable)."""
        found = self.dates.get(raw)
        if found is None:
            try:
                day, exact = F.parse_date_detail(raw, self.ctx.today)
                found = (day, None if exact else F.cell_text(raw), False)
            except ValueError:
                found = (None, F.cell_text(raw), True)
            self.dates[raw] = found
        return found

    def birth_problem(self, raw: object) -> tuple[str, str] | None:
        """(code, reason) when a birth-date cell reads as a date after today or more than
        F.MAX_AGE_YEARS ago: a typo, refused rather than stored (an unreadable cell is
        only a warning: the NIK's date stands in for it)."""
        found = self.dates.get(raw)
        born = (found if found is not None else self.date(raw))[0]
        if born is None:
            return None
        code = self.born_problems.get(born, False)
        if code is False:
            code = self.born_problems[born] = F.implausible_birth(born, self.ctx.today)
        if code is None:
            return None
        return code, messages.text(code, date=F.format_date_id(born), years=F.MAX_AGE_YEARS)

    def born_facts(self, born: dt.date) -> tuple:
        """(iso, dmy, placeholder, implausible, under 16, not 17 on election day, pemula)"""
        found = self.born.get(born)
        if found is None:
            ctx = self.ctx
            found = self.born[born] = (
                born.isoformat(), (born.day, born.month, born.year % 100),
                ctx.is_placeholder(born), F.implausible_birth(born, ctx.today) is not None,
                F.age_on(born, ctx.today) < 16, born > ctx.election_cutoff,
                F.category(born, disability=None, inmate=False,
                           previous_election=ctx.previous_election) == "pemula")
        return found

    def coded(self, memo: dict[object, str | None], parse: Callable[[object], str | None],
              raw: object) -> str | None:
        """A memoised small-vocabulary parser: the code, None if empty, '?' if unknown."""
        found = memo.get(raw, False)
        if found is False:
            try:
                found = parse(raw)
            except ValueError:
                found = "?"
            memo[raw] = found
        return found  # type: ignore[return-value]

    def place(self, kel_raw: object, kec_raw: object
              ) -> tuple[str | None, str | None, str | None, tuple[str, ...]]:
        """(kelurahan code, kecamatan code, kelurahan as written, warnings)."""
        key = (kel_raw, kec_raw)
        found = self.places.get(key)
        if found is None:
            found = self.places[key] = self._place(kel_raw, kec_raw)
        return found

    def _place(self, kel_raw: object, kec_raw: object
               ) -> tuple[str | None, str | None, str | None, tuple[str, ...]]:
        table = self.ctx.table
        warn: list[str] = []
        kel_text = F.cell_text(kel_raw) or None
        kec_text = F.cell_text(kec_raw)
        kec_code = kel_code = None
        if kec_text:
            kecamatan = table.match_kecamatan(kec_text)
            if kecamatan is None:
                warn.append(W_KEC_UNKNOWN)
            else:
                kec_code = kecamatan.code
        if kel_text:
            match = table.match_kelurahan(kel_text, kec_code)
            if match is None:
                warn.append(W_KEL_UNKNOWN)
            else:
                kel_code = match.kelurahan.code
                if match.old_name:
                    warn.append(W_KEL_OLD)
                if kec_code is not None and kec_code != match.kelurahan.kecamatan_code:
                    warn.append(W_KEC_MISMATCH)
                kec_code = match.kelurahan.kecamatan_code  # the kelurahan's code says it
        else:
            warn.append(W_KEL_EMPTY)
        return kel_code, kec_code, kel_text, tuple(warn)

    def note(self, disability_raw: object, note_raw: object
             ) -> tuple[str | None, str | None, bool]:
        """(disability, note as written, warga binaan according to the note)."""
        key = (disability_raw, note_raw)
        found = self.notes.get(key)
        if found is None:
            note = F.cell_text(note_raw) or None
            found = self.notes[key] = (_disability(disability_raw, note), note,
                                       note is not None and F.is_inmate(note))
        return found

    def small(self, sex_raw: object, marital_raw: object, rt_raw: object, rw_raw: object
              ) -> tuple[str | None, str | None, str | None, str | None, tuple[str, ...]]:
        """(sex, marital, rt, rw, warnings) of the small-vocabulary cells of a row."""
        key = (sex_raw, marital_raw, rt_raw, rw_raw)
        found = self.smalls.get(key)
        if found is None:
            warn: list[str] = []
            sex = self.coded(self.sexes, F.parse_sex, sex_raw)
            if sex == "?":
                warn.append(W_SEX_UNKNOWN)
                sex = None
            marital = self.coded(self.maritals, F.parse_marital, marital_raw)
            if marital == "?":
                warn.append(W_MARITAL_UNKNOWN)
                marital = None
            rt = self.coded(self.rts, F.parse_rt, rt_raw)
            rw = self.coded(self.rws, _parse_rw, rw_raw)
            if rt == "?" or rw == "?":
                warn.append(W_RT_RW_UNREADABLE)
                rt = None if rt == "?" else rt
                rw = None if rw == "?" else rw
            found = self.smalls[key] = (sex, marital, rt, rw, tuple(warn))
        return found

    # --- a whole row ---------------------------------------------------------------------
    def derive(self, nik: NikInfo, name: str, name_norm: str, src: Sequence[object]) -> tuple:
        """The stored person columns (COLUMNS order) of one row's source values.

        Hot: runs once per row, so every parser is reached through its memo inline.
        """
        (nkk_src, place_src, date_src, sex_src, marital_src, address, rt_src, rw_src,
         kel_src, kec_src, disability_src, note_src) = src
        warn: list[str] = []
        nkk = nkk_raw = None
        if nkk_src is not None:
            nkk, nkk_raw = self.nkk(nkk_src)
            if nkk is None and nkk_raw:
                warn.append(W_NKK_INVALID)
        # birth date: the recorded one, else the NIK's (a NIK never changes, so they may
        # differ; the recorded date wins and the difference is flagged)
        born = birth_raw = None
        if date_src is not None:
            found = self.dates.get(date_src)
            born, birth_raw, unreadable = found if found is not None else self.date(date_src)
            if unreadable:
                warn.append(W_DATE_UNREADABLE)
        if born is None:
            born = nik[N_BORN]
            facts = self.born.get(born) or self.born_facts(born)
        else:
            facts = self.born.get(born) or self.born_facts(born)
            if facts[3]:  # new rows with such a date are refused; a date stored earlier
                warn.append(W_DATE_ODD)
            if facts[1] != nik[N_DMY]:
                warn.append(W_NIK_DATE)
        iso, _dmy, placeholder, _odd, under_16, after_cutoff, pemula = facts
        if placeholder:
            warn.append(W_PLACEHOLDER)
        small = self.smalls.get((sex_src, marital_src, rt_src, rw_src)) or self.small(
            sex_src, marital_src, rt_src, rw_src)
        sex, marital, rt, rw, small_warnings = small
        if small_warnings:
            warn.extend(small_warnings)
        if sex is None:
            sex = nik[N_SEX]
        elif sex != nik[N_SEX]:
            warn.append(W_NIK_SEX)
        place = self.places.get((kel_src, kec_src)) or self.place(kel_src, kec_src)
        kel_code, kec_code, kel_text, place_warnings = place
        if place_warnings:
            warn.extend(place_warnings)
        if kec_code is not None and kec_code != nik[N_REGION]:
            warn.append(W_NIK_REGION)
        disability, note, inmate = (self.notes.get((disability_src, note_src))
                                    or self.note(disability_src, note_src))
        if not inmate and address is not None:
            inmate = self.inmate_addresses.get(address)  # type: ignore[call-overload]
            if inmate is None:
                inmate = self.inmate_addresses[address] = (  # type: ignore[index]
                    _INMATE_IN_ADDRESS.search(address) is not None)  # type: ignore[arg-type]
        if inmate:
            category = "warga_binaan"
        elif disability:
            category = "disabilitas"
        else:
            category = "pemula" if pemula else "lainnya"
        if under_16:
            warn.append(W_UNDER_16)
        if after_cutoff and marital != "S" and marital != "P":
            warn.append(W_NOT_17)
        if warn:
            key = tuple(warn)
            warnings = self.warning_json.get(key)
            if warnings is None:
                warnings = self.warning_json[key] = _warnings_json(key)
        else:
            warnings = "[]"
        if place_src is not None:
            place_text = self.texts.get(place_src, False)
            if place_text is False:
                place_text = self.text(place_src)
        else:
            place_text = None
        return (nik[N_VALUE], nkk, nkk_raw, name, name_norm, place_text, iso, birth_raw, sex,
                marital, address, rt, rw, kel_code, kel_text, kec_code, disability, note,
                category, warnings)


def _parse_rw(value: object) -> str | None:
    return F.parse_rt(value, rw=True)


def _warnings_json(codes: Sequence[str]) -> str:
    # codes are plain ASCII words: no escaping needed, same text as json.dumps(compact)
    return '["' + '","'.join(codes) + '"]' if codes else "[]"


def _disability(column: object, note: str | None) -> str | None:
    found = F.parse_disability(column, column=True) if not is_empty(column) else None
    from_note = F.parse_disability(note) if note is not None else None
    if found is None or from_note is None or from_note == found:
        return found or from_note
    kinds = [k for k in F.DISABILITY_TYPES if k in found or k in from_note]
    return ", ".join(kinds) or found


def stored_sources(old: tuple) -> tuple[object, ...]:
    """The source values that reproduce a stored person (COLUMNS order, no id)."""
    (_nik, nkk, nkk_raw, _name, _norm, place, born, born_raw, sex, marital, address, rt, rw,
     _kel_code, kel_raw, kec_code, disability, note, _cat, _warn) = old
    return (nkk_raw or nkk, place, born_raw or born, sex, marital, address, rt, rw,
            kel_raw, kec_code, disability, note)


def merge_sources(new: tuple[object, ...], old: tuple[object, ...]) -> tuple[object, ...]:
    """A newer row's source values over a stored person's: empty cells keep the old value."""
    merged = [o if is_empty(n) else n for n, o in zip(new, old, strict=True)]
    if not (is_empty(new[S_KEL]) and is_empty(new[S_KEC])):
        # kelurahan and kecamatan move together: a new kelurahan drops the old kecamatan
        merged[S_KEL], merged[S_KEC] = new[S_KEL], new[S_KEC]
    return tuple(merged)
