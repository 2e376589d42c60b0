"""peewee models of the newest schema. Tables are created by migrations, not by these."""

from __future__ import annotations

import json

import peewee as pw

database_proxy = pw.DatabaseProxy()


class JSONField(pw.TextField):
    def __init__(self, *args: object, separators: tuple[str, str] = (",", ":"),
                 **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.separators = separators

    def db_value(self, value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=self.separators)

    def python_value(self, value: str | None) -> object:
        return None if value is None else json.loads(value)


class BaseModel(pw.Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class Meta(BaseModel):
    key = pw.TextField(primary_key=True)
    value = pw.TextField()


class Setting(BaseModel):
    key = pw.TextField(primary_key=True)
    value = JSONField(separators=(", ", ": "))  # json.dumps's own form, as always stored


class ImportBatch(BaseModel):
    file_name = pw.TextField()
    sha256 = pw.TextField()
    sheet = pw.TextField(null=True)
    rows = pw.IntegerField()
    inserted = pw.IntegerField()
    updated = pw.IntegerField()
    unchanged = pw.IntegerField()
    rejected = pw.IntegerField()
    duplicates = pw.IntegerField()
    warnings = pw.IntegerField()
    imported_at = pw.TextField()
    imported_by = pw.TextField()


class Person(BaseModel):
    nik = pw.TextField(unique=True)
    nkk = pw.TextField(null=True)
    nkk_raw = pw.TextField(null=True)
    name = pw.TextField()
    name_norm = pw.TextField()
    birth_place = pw.TextField(null=True)
    birth_date = pw.TextField(null=True)
    birth_date_raw = pw.TextField(null=True)
    sex = pw.TextField(null=True)
    marital = pw.TextField(null=True)
    address = pw.TextField(null=True)
    rt = pw.TextField(null=True)
    rw = pw.TextField(null=True)
    kelurahan_code = pw.TextField(null=True)
    kelurahan_raw = pw.TextField(null=True)
    kecamatan_code = pw.TextField(null=True)
    disability = pw.TextField(null=True)
    note = pw.TextField(null=True)
    category = pw.TextField()
    status = pw.TextField(default="belum_dipanggil")
    warnings = JSONField(default=list)
    first_import = pw.ForeignKeyField(ImportBatch, null=True, column_name="first_import_id",
                                      backref="+")
    last_import = pw.ForeignKeyField(ImportBatch, null=True, column_name="last_import_id",
                                     backref="+")
    created_at = pw.TextField()
    updated_at = pw.TextField()
    origin = pw.TextField(default="")
    origin_seq = pw.IntegerField(null=True)
    hlc = pw.TextField(null=True)


class Event(BaseModel):
    person = pw.ForeignKeyField(Person, backref="events", column_name="person_id")
    kind = pw.TextField()
    reason = pw.TextField(null=True)
    note = pw.TextField(null=True)
    undoes = pw.ForeignKeyField("self", null=True, column_name="undoes", backref="+")
    at = pw.TextField()
    by_user = pw.TextField()
    desk = pw.TextField(null=True)
    origin = pw.TextField(default="")
    origin_seq = pw.IntegerField(null=True)
    hlc = pw.TextField(null=True)


class AuditLog(BaseModel):
    """Written only by core.audit.record (a hash chain, migration 14)."""

    seq = pw.IntegerField(unique=True)
    at = pw.TextField()
    by_user = pw.TextField()
    os_user = pw.TextField(default="")
    action = pw.TextField()
    detail = JSONField(default=dict)
    prev_hash = pw.TextField()
    hash = pw.TextField()


class AuditHead(BaseModel):
    """Heads of other offices' audit chains carried here by sync files (migration 14)."""

    office_id = pw.TextField()
    seq = pw.IntegerField()
    hash = pw.TextField()
    seen_at = pw.TextField()
    file = pw.TextField(default="")
    flagged = pw.TextField(null=True)



# --- scheduling and outreach (migration 2) --------------------------------------------------

class Location(BaseModel):
    """A place people are served: kantor kecamatan, Dindukcapil, or an outreach place."""

    # kecamatan | dindukcapil | sekolah | pesantren | rutan_lapas | panti | rumah | kelurahan
    kind = pw.TextField()
    name = pw.TextField()
    address = pw.TextField(null=True)
    kecamatan_code = pw.TextField(null=True)
    kelurahan_code = pw.TextField(null=True)
    capacity_per_hour = pw.IntegerField(default=10)
    active = pw.BooleanField(default=True)
    note = pw.TextField(null=True)
    contact_name = pw.TextField(null=True)
    contact_title = pw.TextField(null=True)  # jabatan
    contact_phone = pw.TextField(null=True)
    npsn = pw.TextField(null=True)
    origin = pw.TextField(default="")
    origin_seq = pw.IntegerField(null=True)
    hlc = pw.TextField(null=True)


class LocationHours(BaseModel):
    """One service period of a location on a weekday (0 = Senin)."""

    location = pw.ForeignKeyField(Location, backref="hours", column_name="location_id",
                                  on_delete="CASCADE")
    weekday = pw.IntegerField()
    start_time = pw.TextField()  # 'HH:MM'
    end_time = pw.TextField()
    origin = pw.TextField(default="")
    origin_seq = pw.IntegerField(null=True)
    hlc = pw.TextField(null=True)

    class Meta:
        table_name = "location_hours"
        primary_key = pw.CompositeKey("location", "weekday", "start_time")


class Holiday(BaseModel):
    date = pw.TextField(primary_key=True)  # ISO date
    name = pw.TextField()
    kind = pw.TextField(default="libur")  # libur | cuti_bersama
    origin = pw.TextField(default="")
    origin_seq = pw.IntegerField(null=True)
    hlc = pw.TextField(null=True)


class HolidayYear(BaseModel):
    """A year the holiday list covers; provisional until its SKB is known."""

    year = pw.IntegerField(primary_key=True)
    provisional = pw.BooleanField(default=True)
    source = pw.TextField(default="")

    class Meta:
        table_name = "holiday_year"


class Slot(BaseModel):
    location = pw.ForeignKeyField(Location, backref="slots", column_name="location_id")
    date = pw.TextField()  # ISO date
    start_time = pw.TextField()  # 'HH:MM'
    end_time = pw.TextField()
    capacity = pw.IntegerField()
    name = pw.TextField(null=True)
    deliberate = pw.BooleanField(default=False)
    cancelled = pw.BooleanField(default=False)
    cancel_reason = pw.TextField(null=True)
    created_at = pw.TextField()
    origin = pw.TextField(default="")
    origin_seq = pw.IntegerField(null=True)
    hlc = pw.TextField(null=True)


class Summons(BaseModel):
    person = pw.ForeignKeyField(Person, backref="summonses", column_name="person_id")
    slot = pw.ForeignKeyField(Slot, backref="summonses", column_name="slot_id")
    round = pw.IntegerField(default=1)
    state = pw.TextField(default="open")  # open | closed | cancelled | moved
    letter = pw.TextField(default="belum_dicetak")  # belum_dicetak | dicetak | cetak_ulang
    attended = pw.BooleanField(null=True)
    replaces = pw.ForeignKeyField("self", null=True, column_name="replaces", backref="+")
    event = pw.ForeignKeyField(Event, null=True, column_name="event_id", backref="+")
    created_at = pw.TextField()
    closed_at = pw.TextField(null=True)
    origin = pw.TextField(default="")
    origin_seq = pw.IntegerField(null=True)
    hlc = pw.TextField(null=True)
    # the visit that took this call back (its letter, if printed, is to be withdrawn)
    withdrawn_visit = pw.DeferredForeignKey("Visit", null=True,
                                            column_name="withdrawn_visit_id", backref="+")


class Visit(BaseModel):
    """A jemput bola visit to a place on a date."""

    location = pw.ForeignKeyField(Location, backref="visits", column_name="location_id")
    date = pw.TextField()
    start_time = pw.TextField(null=True)
    end_time = pw.TextField(null=True)
    note = pw.TextField(null=True)
    state = pw.TextField(default="rencana")  # rencana | selesai | batal
    created_at = pw.TextField()
    origin = pw.TextField(default="")
    origin_seq = pw.IntegerField(null=True)
    hlc = pw.TextField(null=True)
    team = JSONField(default=list)  # the officers' names
    kits = pw.IntegerField(default=1)
    capacity = pw.IntegerField(null=True)  # people it can serve; None on older visits
    series = pw.TextField(null=True)  # evening sessions made together share one
    deliberate = pw.BooleanField(default=False)  # on a holiday, on purpose
    closed_at = pw.TextField(null=True)
    closed_by = pw.TextField(null=True)


class VisitPerson(BaseModel):
    visit = pw.ForeignKeyField(Visit, backref="people", column_name="visit_id",
                               on_delete="CASCADE")
    person = pw.ForeignKeyField(Person, backref="visits", column_name="person_id")
    outcome = pw.TextField(null=True)  # a desk status code once recorded
    reason = pw.TextField(null=True)
    event = pw.ForeignKeyField(Event, null=True, column_name="event_id", backref="+")
    added_at = pw.TextField()
    recorded_at = pw.TextField(null=True)
    origin = pw.TextField(default="")
    origin_seq = pw.IntegerField(null=True)
    hlc = pw.TextField(null=True)
    source = pw.TextField(default="tangan")  # tangan | filter | daftar | kandidat | rute
    withdrawn_summons = pw.ForeignKeyField(Summons, null=True,
                                           column_name="withdrawn_summons_id", backref="+")

    class Meta:
        table_name = "visit_person"
        primary_key = pw.CompositeKey("visit", "person")


# --- summoning letters (migration 3) ----------------------------------------------------

class OfficeProfile(BaseModel):
    """The one row (id 1) the kop, signature block and numbering of every letter use."""

    government = pw.TextField()
    office = pw.TextField()
    address = pw.TextField()
    telephone = pw.TextField(default="")
    contact = pw.TextField(default="")  # e-mail
    website = pw.TextField(default="")
    postcode = pw.TextField(default="")
    city = pw.TextField()
    signer_title = pw.TextField(default="")
    signer_name = pw.TextField(default="")
    signer_rank = pw.TextField(default="")
    signer_nip = pw.TextField(default="")
    logo = pw.BlobField(null=True)
    logo_path = pw.TextField(null=True)
    signature = pw.BlobField(null=True)  # the signer's signature image, over the block
    stamp = pw.BlobField(null=True)  # the cap dinas image
    paper = pw.TextField(default="A4")  # A4 | F4
    print_full_nik = pw.BooleanField(default=False)
    number_pattern = pw.TextField(
        default="400.12.2.1/{nomor}/Dindukcapil/{bulan_romawi}/{tahun}")
    updated_at = pw.TextField(null=True)
    updated_by = pw.TextField(null=True)

    class Meta:
        table_name = "office_profile"


class LetterTemplate(BaseModel):
    """The office's wording of one part of a letter (round 1, or 2 = second call)."""

    round = pw.IntegerField()
    part = pw.TextField()
    text = pw.TextField()
    updated_at = pw.TextField()
    updated_by = pw.TextField()

    class Meta:
        table_name = "letter_template"
        primary_key = pw.CompositeKey("round", "part")


class LetterSerial(BaseModel):
    year = pw.IntegerField(primary_key=True)
    last = pw.IntegerField()

    class Meta:
        table_name = "letter_serial"


class Letter(BaseModel):
    """Agenda surat keluar: one row per number, never updated or deleted."""

    number = pw.TextField(unique=True)
    year = pw.IntegerField()
    serial = pw.IntegerField()
    code = pw.TextField(unique=True)
    summons = pw.ForeignKeyField(Summons, unique=True, column_name="summons_id", backref="+")
    person = pw.ForeignKeyField(Person, column_name="person_id", backref="letters")
    round = pw.IntegerField()
    letter_date = pw.TextField()
    issued_at = pw.TextField()
    issued_by = pw.TextField()
    origin = pw.TextField(default="")
    origin_seq = pw.IntegerField(null=True)
    hlc = pw.TextField(null=True)


class LetterReprint(BaseModel):
    letter = pw.ForeignKeyField(Letter, column_name="letter_id", backref="reprints")
    summons = pw.ForeignKeyField(Summons, column_name="summons_id", backref="+")
    reprinted_at = pw.TextField()
    reprinted_by = pw.TextField()
    origin = pw.TextField(default="")
    origin_seq = pw.IntegerField(null=True)
    hlc = pw.TextField(null=True)

    class Meta:
        table_name = "letter_reprint"


ALL_MODELS = [Meta, Setting, ImportBatch, Person, Event, AuditLog, AuditHead, Location,
              LocationHours, Holiday, Slot, Summons, Visit, VisitPerson, OfficeProfile,
              LetterTemplate, LetterSerial, Letter, LetterReprint]


# --- the front desk (migration 4) ---------------------------------------------------------

class DeskEvent(BaseModel):
    """The service day and queue number (nomor antrian) of an event written at a desk."""

    event = pw.ForeignKeyField(Event, primary_key=True, column_name="event_id", backref="+")
    person = pw.ForeignKeyField(Person, column_name="person_id", backref="+")
    day = pw.TextField()
    office = pw.TextField(default="")
    queue_number = pw.IntegerField(null=True)

    class Meta:
        table_name = "desk_event"


ALL_MODELS.append(DeskEvent)


# --- sync: trusted offices and keys no longer valid (migrations 5 and 7) -------------------

class SyncPeer(BaseModel):
    """An office whose card an admin trusted."""

    office_id = pw.TextField(primary_key=True)
    kind = pw.TextField()
    code = pw.TextField()
    name = pw.TextField()
    sign_public = pw.BlobField()
    box_public = pw.BlobField()
    fingerprint = pw.TextField()
    trusted_at = pw.TextField()
    trusted_by = pw.TextField()
    retired = pw.BooleanField(default=False)  # its current key was retired: files refused

    class Meta:
        table_name = "sync_peer"


class SyncKeyRetired(BaseModel):
    """A key no longer valid, ours or a peer's: 'rotated' still vouches for what it signed."""

    office_id = pw.TextField()
    fingerprint = pw.TextField()
    sign_public = pw.BlobField()
    box_public = pw.BlobField()
    retired_at = pw.TextField()
    reason = pw.TextField(default="retired")  # rotated | retired

    class Meta:
        table_name = "sync_key_retired"
        primary_key = pw.CompositeKey("office_id", "fingerprint")


ALL_MODELS += [SyncPeer, SyncKeyRetired]


# --- jemput bola documents (migration 11) ---------------------------------------------------

class VisitDocument(BaseModel):
    """A visit's document in the letter register (same yearly series as the summonses)."""

    number = pw.TextField(unique=True)
    year = pw.IntegerField()
    serial = pw.IntegerField()
    code = pw.TextField(unique=True)
    visit = pw.ForeignKeyField(Visit, column_name="visit_id", backref="documents")
    person = pw.ForeignKeyField(Person, null=True, column_name="person_id", backref="+")
    # pemberitahuan | daftar_peserta | berita_acara | surat_keluarga
    kind = pw.TextField()
    letter_date = pw.TextField()
    issued_at = pw.TextField()
    issued_by = pw.TextField()

    class Meta:
        table_name = "visit_document"


ALL_MODELS.append(VisitDocument)
