"""peewee models of the newest schema. Tables are created by migrations, not by these."""

from __future__ import annotations

import json

import peewee as pw

database_proxy = pw.DatabaseProxy()


class JSONField(pw.TextField):
    def db_value(self, value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

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
    value = JSONField()


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
    at = pw.TextField()
    by_user = pw.TextField()
    action = pw.TextField()
    detail = JSONField(default=dict)


ALL_MODELS = [Meta, Setting, ImportBatch, Person, Event, AuditLog]
