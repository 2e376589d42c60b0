"""This installation as an office: identity, keys under a passphrase, office cards, trust,
key rotation and retirement (docs/architecture.md, "Sync files").

Keys: Ed25519 signs files, X25519 receives them. The private halves are stored encrypted
with AES-256-GCM under a key derived from the passphrase with scrypt (memory-hard: a lost
PC does not give the keys away to a quick guess). The office id carries the region code
(``337501-9f2c`` for a kecamatan, ``3375-1a2b`` for the city office), so every office can
tell who owns a person from any row, including rows relayed from offices it never met.

An office card (public keys, region, name, fingerprint) is exchanged once; an admin at the
other office trusts it after comparing the short fingerprint by phone.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import peewee as pw
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from ektp_desk.core import accounts, audit, clock, messages, outputs
from ektp_desk.core import db as core_db
from ektp_desk.core.errors import UserError
from ektp_desk.core.jobs import Changes
from ektp_desk.core.models import SyncKeyRetired, SyncPeer

KINDS = ("kecamatan", "kota")
CARD_FORMAT = "ektp-desk-office-card"
CARD_VERSION = 1
PASSPHRASE_ENV = "EKTP_DESK_PASSPHRASE"
MIN_PASSPHRASE = 8
# scrypt cost; stored with each secret, so lowering it (tests) never breaks old secrets
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1

messages.register({
    "office_exists": (
        "Basis data ini sudah menjadi kantor {office_id} ({name}). Gunakan rotasi kunci bila "
        "kunci perlu diganti.",
        "This database is already office {office_id} ({name}). Rotate the keys if they must "
        "change."),
    "office_missing": (
        "Identitas kantor belum dibuat. Jalankan 'ektp-desk office init' atau buka halaman "
        "Sinkronisasi.",
        "No office identity yet. Run 'ektp-desk office init' or open the Sinkronisasi page."),
    "office_kind_not_set": (
        "Jenis kantor dan kode wilayah belum ada di profil kantor: beri --kind kecamatan "
        "atau kota dan --code (mis. 337501).",
        "The office kind and region code are not in the office profile yet: give --kind "
        "kecamatan or kota and --code (e.g. 337501)."),
    "office_bad_kind": ("Jenis kantor harus kecamatan atau kota, bukan '{kind}'.",
                        "The office kind must be kecamatan or kota, not '{kind}'."),
    "office_bad_code": (
        "Kode wilayah {kind} harus {digits} angka (contoh {example}), bukan '{code}'.",
        "The {kind} region code must be {digits} digits (e.g. {example}), not '{code}'."),
    "office_bad_name": ("Nama kantor tidak boleh kosong.", "The office name cannot be empty."),
    "passphrase_short": (
        "Kata sandi kunci kantor minimal {n} karakter.",
        "The office key passphrase needs at least {n} characters."),
    "passphrase_missing": (
        "Kata sandi kunci kantor diperlukan (atau isi EKTP_DESK_PASSPHRASE).",
        "The office key passphrase is needed (or set EKTP_DESK_PASSPHRASE)."),
    "passphrase_wrong": ("Kata sandi kunci kantor salah.", "Wrong office key passphrase."),
    "card_unreadable": (
        "Berkas {path} bukan kartu kantor ektp-desk yang sah: {detail}",
        "File {path} is not a valid ektp-desk office card: {detail}"),
    "card_own": ("Ini kartu kantor ini sendiri; tidak perlu dipercaya.",
                 "This is this office's own card; it needs no trust."),
    "card_fingerprint_mismatch": (
        "Sidik kunci kartu {actual} tidak sama dengan yang dibacakan ({expected}). Kartu "
        "TIDAK dipercaya.",
        "The card's fingerprint {actual} differs from the one read out ({expected}). The card "
        "is NOT trusted."),
    "card_retired": (
        "Kunci pada kartu ini ({fingerprint}) sudah dipensiunkan dan tidak dapat dipercaya lagi.",
        "The key on this card ({fingerprint}) was retired and cannot be trusted again."),
    "peer_unknown": ("Kantor {office_id} belum dipercaya di sini.",
                     "Office {office_id} is not trusted here."),
    "card_key_change_unproven": (
        "Kartu ini mengganti kunci kantor {office_id} (sidik lama {old}, baru {new}) tanpa "
        "pernyataan rotasi yang ditandatangani kunci lamanya. Kartu TIDAK dipercaya. Bila "
        "kantor itu memang membuat kunci baru, telepon kantor itu, minta sidik kunci yang "
        "baru dibacakan, lalu ketik sidik itu dan konfirmasi penggantian kunci.",
        "This card replaces the keys of office {office_id} (old fingerprint {old}, new {new}) "
        "without a rotation statement signed by its old key. The card is NOT trusted. If "
        "that office really made new keys, phone it, have the new fingerprint read out, then "
        "type it and confirm the key change."),
    "key_not_retired": ("Kunci {fingerprint} milik kantor {office_id} tidak dipensiunkan.",
                        "Key {fingerprint} of office {office_id} is not retired."),
})


@dataclass(frozen=True)
class OfficeInfo:
    office_id: str
    kind: str
    code: str
    name: str
    fingerprint: str
    sign_public: bytes
    box_public: bytes

    def as_json(self) -> dict[str, object]:
        return {"office_id": self.office_id, "kind": self.kind, "code": self.code,
                "name": self.name, "fingerprint": self.fingerprint}


@dataclass(frozen=True)
class Keys:
    """The unlocked private keys of this office (kept only for one job)."""

    office: OfficeInfo
    sign: Ed25519PrivateKey
    box: X25519PrivateKey


@dataclass(frozen=True)
class Card:
    office_id: str
    kind: str
    code: str
    name: str
    sign_public: bytes
    box_public: bytes
    fingerprint: str
    created_at: str
    # (statement, signature) of each key rotation of the office, oldest first: each
    # statement names the old and the new key and is signed by the old one
    rotations: tuple[tuple[str, bytes], ...] = ()


@dataclass(frozen=True)
class Peer:
    office_id: str
    kind: str
    code: str
    name: str
    fingerprint: str
    sign_public: bytes
    box_public: bytes
    trusted_at: str
    trusted_by: str
    retired: bool

    def as_json(self) -> dict[str, object]:
        return {"office_id": self.office_id, "kind": self.kind, "code": self.code,
                "name": self.name, "fingerprint": self.fingerprint,
                "trusted_at": self.trusted_at, "trusted_by": self.trusted_by,
                "retired": self.retired}


@dataclass(frozen=True)
class OfficeResult:
    office: OfficeInfo
    changes: Changes = field(
        default_factory=lambda: Changes(tables=frozenset({"sync_office"})))


@dataclass(frozen=True)
class TrustResult:
    peer: Peer
    replaced: str | None  # the fingerprint this card's key replaced
    # how a replaced key was let go: 'rotated' (proven by a statement its old key signed)
    # or 'retired' (an admin typed the new fingerprint read out by phone)
    how: str | None = None
    changes: Changes = field(
        default_factory=lambda: Changes(tables=frozenset({"sync_peer"})))


# --- helpers -------------------------------------------------------------------------------

def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def fingerprint(office_id: str, sign_public: bytes, box_public: bytes) -> str:
    """Short enough to read out by phone: 16 base32 characters (80 bits) in groups of 4."""
    digest = hashlib.sha256(b"ektp-desk office card v1\0" + office_id.encode() + b"\0"
                            + sign_public + box_public).digest()
    text = base64.b32encode(digest[:10]).decode("ascii")
    return "-".join(text[i:i + 4] for i in range(0, 16, 4))


def owner_code(office_id: str) -> str:
    """The region code an office id carries ('337501-9f2c' → '337501')."""
    return office_id.split("-", 1)[0]


def _raw_public(key: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw,
                                         serialization.PublicFormat.Raw)


def _raw_private(key: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                             serialization.NoEncryption())


def _check_passphrase(passphrase: str | None) -> str:
    if not passphrase:
        raise UserError("passphrase_missing")
    if len(passphrase) < MIN_PASSPHRASE:
        raise UserError("passphrase_short", n=MIN_PASSPHRASE)
    if sum(not ch.isspace() for ch in passphrase) < MIN_PASSPHRASE:  # eight spaces guard nothing
        raise UserError("passphrase_blank", n=MIN_PASSPHRASE)
    return passphrase


def _seal(office_id: str, passphrase: str, secret: bytes) -> str:
    salt = os.urandom(16)
    nonce = os.urandom(12)
    key = Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(
        passphrase.encode("utf-8"))
    sealed = AESGCM(key).encrypt(nonce, secret, office_id.encode())
    return json.dumps({"kdf": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
                       "salt": b64(salt), "nonce": b64(nonce), "aead": "aes-256-gcm",
                       "ct": b64(sealed)})


def _open_sealed(office_id: str, passphrase: str, blob: str) -> bytes:
    data = json.loads(blob)
    key = Scrypt(salt=unb64(data["salt"]), length=32, n=int(data["n"]), r=int(data["r"]),
                 p=int(data["p"])).derive(passphrase.encode("utf-8"))
    try:
        return AESGCM(key).decrypt(unb64(data["nonce"]), unb64(data["ct"]), office_id.encode())
    except InvalidTag:
        raise UserError("passphrase_wrong") from None


def profile_defaults(db: pw.Database) -> tuple[str, str, str]:
    """The office kind, region code and office name the first run put in the office
    profile ('' where not yet): what `office init` and the identity dialog start from."""
    from ektp_desk.core.letters import profile

    row = db.execute_sql("SELECT office_kind, region_code FROM office_profile WHERE id = 1"
                         ).fetchone()
    kind, code = (row[0] or "", row[1] or "") if row else ("", "")
    return kind, code, profile.load(db).office if row else ""


def _validate(kind: str, code: str, name: str) -> tuple[str, str, str]:
    kind = (kind or "").strip().lower()
    if kind not in KINDS:
        raise UserError("office_bad_kind", kind=kind)
    code = (code or "").strip()
    digits, example = (6, "337501") if kind == "kecamatan" else (4, "3375")
    if not re.fullmatch(rf"\d{{{digits}}}", code):
        raise UserError("office_bad_code", kind=kind, digits=digits, example=example, code=code)
    from ektp_desk.core import regions

    table = regions.default_table()
    known = [table.city_code] if kind == "kota" else sorted(table.kecamatan)
    if code not in known:  # a typo here would route every sync file to no one
        raise UserError("office_code_unknown", kind=kind, code=code, city=table.city_name,
                        known=", ".join(known))
    name = " ".join((name or "").split())
    if not name:
        raise UserError("office_bad_name")
    max_name = 200  # printed on office cards and the Sinkronisasi page
    if len(name) > max_name:
        raise UserError("office_name_long", length=len(name), max=max_name)
    return kind, code, name


# --- this office ---------------------------------------------------------------------------

_OFFICE_SQL = ("SELECT office_id, kind, code, name, fingerprint, sign_public, box_public "
               "FROM sync_office WHERE id = 1")


def identity(db: pw.Database) -> OfficeInfo | None:
    """This office, or None before ``init_office``."""
    row = db.execute_sql(_OFFICE_SQL).fetchone()
    if row is None:
        return None
    return OfficeInfo(row[0], row[1], row[2], row[3], row[4], bytes(row[5]), bytes(row[6]))


def require_identity(db: pw.Database) -> OfficeInfo:
    office = identity(db)
    if office is None:
        raise UserError("office_missing")
    return office


def init_office(db: pw.Database, *, kind: str, code: str, name: str, passphrase: str,
                by: str = "admin", now: dt.datetime | None = None) -> OfficeResult:
    """Make this installation an office: a new id and new keys under the passphrase.
    Refused if it already is one (keys change by :func:`rotate_keys`)."""
    accounts.require_acting(db, "office_keys")
    kind, code, name = _validate(kind, code, name)
    passphrase = _check_passphrase(passphrase)
    when = (now or clock.now()).isoformat(timespec="seconds")
    sign, box = Ed25519PrivateKey.generate(), X25519PrivateKey.generate()
    office_id = f"{code}-{secrets.token_hex(2)}"
    sign_pub, box_pub = _raw_public(sign), _raw_public(box)
    fp = fingerprint(office_id, sign_pub, box_pub)
    secret = _seal(office_id, passphrase, _raw_private(sign) + _raw_private(box))
    with db.atomic():
        existing = identity(db)
        if existing is not None:
            raise UserError("office_exists", office_id=existing.office_id, name=existing.name)
        db.execute_sql(
            "INSERT INTO sync_office (id, office_id, kind, code, name, sign_public, "
            "box_public, fingerprint, secret, created_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (office_id, kind, code, name, sign_pub, box_pub, fp, secret, when))
        db.execute_sql("INSERT OR IGNORE INTO sync_origin (origin) VALUES (?)", (office_id,))
        # the desk scopes queue numbers by this id (desk._office)
        core_db.meta_set(db, "office_id", office_id)
        audit.record(db, by, "kantor_dibuat", office_id=office_id, kind=kind, code=code,
                     fingerprint=fp)
    return OfficeResult(OfficeInfo(office_id, kind, code, name, fp, sign_pub, box_pub))


def unlock(db: pw.Database, passphrase: str | None) -> Keys:
    """The private keys, or UserError for a missing or wrong passphrase."""
    office = require_identity(db)
    if not passphrase:
        raise UserError("passphrase_missing")
    return keys_from_sealed(office, passphrase, sealed_secret(db))


def sealed_secret(db: pw.Database) -> str:
    """The private keys as stored: sealed under the passphrase (an encrypted backup carries
    them, so whoever holds the passphrase can open it on another PC)."""
    return str(db.execute_sql("SELECT secret FROM sync_office WHERE id = 1").fetchone()[0])


def keys_from_sealed(office: OfficeInfo, passphrase: str | None, blob: str) -> Keys:
    """The private keys from their sealed form, or UserError for a wrong passphrase."""
    if not passphrase:
        raise UserError("passphrase_missing")
    raw = _open_sealed(office.office_id, passphrase, blob)
    return Keys(office, Ed25519PrivateKey.from_private_bytes(raw[:32]),
                X25519PrivateKey.from_private_bytes(raw[32:64]))


def rotate_keys(db: pw.Database, passphrase: str, *, new_passphrase: str | None = None,
                by: str = "admin", now: dt.datetime | None = None) -> OfficeResult:
    """New keys for this office (same id). The old keys are retired: files made for or by
    them are refused, so a new card must be exported and trusted at the other offices. The
    old key signs a statement naming the new one; the new card carries it, so the other
    offices accept the new keys without an admin's override, and rows the old key signed
    stay verifiable."""
    accounts.require_acting(db, "office_keys")
    old = unlock(db, passphrase)
    new_pass = _check_passphrase(new_passphrase or passphrase)
    when = (now or clock.now()).isoformat(timespec="seconds")
    sign, box = Ed25519PrivateKey.generate(), X25519PrivateKey.generate()
    office = old.office
    sign_pub, box_pub = _raw_public(sign), _raw_public(box)
    fp = fingerprint(office.office_id, sign_pub, box_pub)
    secret = _seal(office.office_id, new_pass, _raw_private(sign) + _raw_private(box))
    statement = rotation_statement(office.office_id, office.fingerprint, fp, sign_pub, box_pub,
                                   when)
    with db.atomic():
        db.execute_sql(
            "INSERT OR IGNORE INTO sync_key_retired (office_id, fingerprint, sign_public, "
            "box_public, retired_at, reason) VALUES (?, ?, ?, ?, ?, 'rotated')",
            (office.office_id, office.fingerprint, office.sign_public, office.box_public, when))
        db.execute_sql(
            "INSERT INTO sync_rotation (office_id, old_fingerprint, new_fingerprint, statement, "
            "signature, at) VALUES (?, ?, ?, ?, ?, ?)",
            (office.office_id, office.fingerprint, fp, statement,
             old.sign.sign(statement.encode()), when))
        db.execute_sql(
            "UPDATE sync_office SET sign_public = ?, box_public = ?, fingerprint = ?, "
            "secret = ?, rotated_at = ? WHERE id = 1", (sign_pub, box_pub, fp, secret, when))
        audit.record(db, by, "kunci_kantor_dirotasi", office_id=office.office_id,
                     old=office.fingerprint, new=fp)
    return OfficeResult(OfficeInfo(office.office_id, office.kind, office.code, office.name,
                                   fp, sign_pub, box_pub))


# --- cards -----------------------------------------------------------------------------------

def card_json(db: pw.Database, now: dt.datetime | None = None) -> dict[str, object]:
    office = require_identity(db)
    return {"format": CARD_FORMAT, "version": CARD_VERSION, "office_id": office.office_id,
            "kind": office.kind, "code": office.code, "name": office.name,
            "sign_public": b64(office.sign_public), "box_public": b64(office.box_public),
            "fingerprint": office.fingerprint,
            "created_at": (now or clock.now()).isoformat(timespec="seconds"),
            "rotations": [{"statement": text, "signature": b64(bytes(sig))}
                          for text, sig in db.execute_sql(
                              "SELECT statement, signature FROM sync_rotation "
                              "WHERE office_id = ? ORDER BY at, rowid", (office.office_id,))]}


def export_card(db: pw.Database, out: Path | str, now: dt.datetime | None = None) -> Path:
    """Write this office's card (public keys only: safe to carry on any stick); never over
    the database or its companion files."""
    path = Path(out)
    outputs.check_outputs([path], database=db)
    data = json.dumps(card_json(db, now), ensure_ascii=False, indent=2).encode("utf-8")
    tmp = path.with_name(f".{path.name}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        _remove(tmp)
        raise UserError("write_failed", path=path, detail=exc.strerror or str(exc)) from exc
    return path


def read_card(path: Path | str) -> Card:
    path = Path(path)
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
        if data.get("format") != CARD_FORMAT:
            raise ValueError("format")
        if int(data.get("version", 0)) > CARD_VERSION:
            raise ValueError("versi lebih baru")
        card = Card(str(data["office_id"]), str(data["kind"]), str(data["code"]),
                    str(data["name"]), unb64(data["sign_public"]), unb64(data["box_public"]),
                    str(data["fingerprint"]), str(data.get("created_at", "")),
                    tuple((str(r["statement"]), unb64(r["signature"]))
                          for r in data.get("rotations", [])))
        if len(card.sign_public) != 32 or len(card.box_public) != 32:
            raise ValueError("panjang kunci")
        _validate(card.kind, card.code, card.name)
        if owner_code(card.office_id) != card.code:
            raise ValueError("kode wilayah")
    except FileNotFoundError:
        raise UserError("file_not_found", path=path) from None
    except OSError as exc:
        raise UserError("file_unreadable", path=path, detail=exc.strerror or str(exc)) from exc
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError,
            UserError) as exc:
        raise UserError("card_unreadable", path=path, detail=str(exc) or type(exc).__name__
                        ) from None
    actual = fingerprint(card.office_id, card.sign_public, card.box_public)
    if actual != card.fingerprint:  # edited or damaged: the keys are not the ones read out
        raise UserError("card_unreadable", path=path, detail="sidik kunci tidak cocok")
    return card


# Raw SQL: provenance checks ask for a peer once per signed batch, thousands a file, where
# building a peewee query would cost seconds (benchmarks/bench_sync.py).
_PEER_SQL = ("SELECT office_id, kind, code, name, fingerprint, sign_public, box_public, "
             "trusted_at, trusted_by, retired FROM sync_peer")


def _peer(row: tuple) -> Peer:
    return Peer(row[0], row[1], row[2], row[3], row[4], bytes(row[5]), bytes(row[6]), row[7],
                row[8], bool(row[9]))


def peers(db: pw.Database) -> list[Peer]:
    return [_peer(r) for r in db.execute_sql(_PEER_SQL + " ORDER BY kind DESC, office_id")]


def get_peer(db: pw.Database, office_id: str) -> Peer | None:
    row = db.execute_sql(_PEER_SQL + " WHERE office_id = ?", (office_id,)).fetchone()
    return None if row is None else _peer(row)


def _retired_key(office_id: str, fp: str) -> pw.ModelSelect:
    table = SyncKeyRetired
    return table.select().where((table.office_id == office_id) & (table.fingerprint == fp))


def is_retired(db: pw.Database, office_id: str, fp: str) -> bool:
    return _retired_key(office_id, fp).exists(db)


def _retire(db: pw.Database, office_id: str, fp: str, sign_public: bytes, box_public: bytes,
            when: str) -> None:
    """Record a key as retired (lost, or wrongly trusted); a rotated key becomes retired."""
    table = SyncKeyRetired
    (table.insert(office_id=office_id, fingerprint=fp, sign_public=sign_public,
                  box_public=box_public, retired_at=when, reason="retired")
     .on_conflict(conflict_target=[table.office_id, table.fingerprint],
                  update={table.reason: "retired"})
     .execute(db))


def trust_card(db: pw.Database, path: Path | str, *, by: str = "admin",
               expected_fingerprint: str | None = None, replace_key: bool = False,
               now: dt.datetime | None = None) -> TrustResult:
    """Trust another office's card (after the admin compared the fingerprint by phone;
    pass it as ``expected_fingerprint`` to have it checked).

    A card with other keys for an office trusted already replaces them only when it carries
    a rotation statement signed by the key trusted now (the old key is then kept as
    'rotated': rows it signed stay valid), or when an admin typed the new fingerprint read
    out by phone and confirmed (``replace_key``; the old key is then retired). Never
    silently."""
    accounts.require_acting(db, "office_keys")
    card = read_card(path)
    if expected_fingerprint is not None:
        want = expected_fingerprint.strip().upper().replace(" ", "")
        if want.replace("-", "") != card.fingerprint.replace("-", ""):
            raise UserError("card_fingerprint_mismatch", actual=card.fingerprint,
                            expected=expected_fingerprint)
    when = (now or clock.now()).isoformat(timespec="seconds")
    with db.atomic():
        own = identity(db)
        if own is not None and own.office_id == card.office_id:
            raise UserError("card_own")
        if is_retired(db, card.office_id, card.fingerprint):
            raise UserError("card_retired", fingerprint=card.fingerprint)
        old = get_peer(db, card.office_id)
        replaced, how = None, None
        if old is not None and old.fingerprint != card.fingerprint:
            chain = None if old.retired else rotation_chain(old, card)
            if chain is not None:
                how = "rotated"
                retired = [(old.office_id, old.fingerprint, old.sign_public, old.box_public),
                           *chain]
            elif expected_fingerprint is not None and replace_key:
                how = "retired"
                retired = [(old.office_id, old.fingerprint, old.sign_public, old.box_public)]
            else:
                raise UserError("card_key_change_unproven", office_id=card.office_id,
                                old=old.fingerprint, new=card.fingerprint)
            replaced = old.fingerprint
            (SyncKeyRetired.insert_many(
                [(*key, when, how) for key in retired],
                fields=[SyncKeyRetired.office_id, SyncKeyRetired.fingerprint,
                        SyncKeyRetired.sign_public, SyncKeyRetired.box_public,
                        SyncKeyRetired.retired_at, SyncKeyRetired.reason])
             .on_conflict(action="NOTHING",
                          conflict_target=[SyncKeyRetired.office_id, SyncKeyRetired.fingerprint])
             .execute(db))
        _set_peer_keys(db, card, when, by)
        audit.record(db, by, "kartu_kantor_dipercaya", office_id=card.office_id,
                     fingerprint=card.fingerprint, replaced=replaced, how=how)
        peer = get_peer(db, card.office_id)
    assert peer is not None
    return TrustResult(peer, replaced, how)


def _set_peer_keys(db: pw.Database, card: Card, when: str, by: str) -> None:
    table = SyncPeer
    (table.insert(office_id=card.office_id, kind=card.kind, code=card.code, name=card.name,
                  sign_public=card.sign_public, box_public=card.box_public,
                  fingerprint=card.fingerprint, trusted_at=when, trusted_by=by, retired=False)
     .on_conflict(conflict_target=[table.office_id],
                  preserve=[table.kind, table.code, table.name, table.sign_public,
                            table.box_public, table.fingerprint, table.trusted_at,
                            table.trusted_by, table.retired])
     .execute(db))


ROTATION_FORMAT = "ektp-desk-key-rotation"


def rotation_statement(office_id: str, old_fp: str, new_fp: str, sign_public: bytes,
                       box_public: bytes, at: str) -> str:
    """The text an office's old key signs when it hands over to new keys."""
    return json.dumps({"format": ROTATION_FORMAT, "office_id": office_id, "old": old_fp,
                       "new": new_fp, "sign_public": b64(sign_public),
                       "box_public": b64(box_public), "at": at},
                      sort_keys=True, separators=(",", ":"))


def rotation_chain(trusted: Peer, card: Card
                   ) -> list[tuple[str, str, bytes, bytes]] | None:
    """The keys between the key trusted here and the card's, when the card's rotation
    statements lead from one to the other, each signed by the key before it (the
    intermediate keys, as (office, fingerprint, sign, box), for the record); else None."""
    fp, sign_public, box = trusted.fingerprint, trusted.sign_public, trusted.box_public
    between: list[tuple[str, str, bytes, bytes]] = []
    for text, signature in card.rotations:
        try:
            data = json.loads(text)
            if (data.get("format") != ROTATION_FORMAT or data.get("office_id") != card.office_id
                    or data.get("old") != fp):
                continue
            Ed25519PublicKey.from_public_bytes(sign_public).verify(signature, text.encode())
            new_sign, new_box = unb64(data["sign_public"]), unb64(data["box_public"])
            if fingerprint(card.office_id, new_sign, new_box) != data.get("new"):
                return None
        except (ValueError, KeyError, TypeError, AttributeError, InvalidSignature):
            return None
        if fp != trusted.fingerprint:
            between.append((card.office_id, fp, sign_public, box))
        fp, sign_public, box = data["new"], new_sign, new_box
    return between if fp == card.fingerprint else None


def retire_key(db: pw.Database, office_id: str, *, by: str = "admin",
               now: dt.datetime | None = None) -> TrustResult:
    """Retire another office's current key (lost or stolen PC): its files are refused until
    a new card is trusted."""
    accounts.require_acting(db, "office_keys")
    when = (now or clock.now()).isoformat(timespec="seconds")
    with db.atomic():
        peer = get_peer(db, office_id)
        if peer is None:
            raise UserError("peer_unknown", office_id=office_id)
        _retire(db, peer.office_id, peer.fingerprint, peer.sign_public, peer.box_public, when)
        SyncPeer.update(retired=True).where(SyncPeer.office_id == office_id).execute(db)
        audit.record(db, by, "kunci_kantor_dipensiunkan", office_id=office_id,
                     fingerprint=peer.fingerprint)
        peer = get_peer(db, office_id)
    assert peer is not None
    return TrustResult(peer, None)


@dataclass(frozen=True)
class RetiredKey:
    fingerprint: str
    reason: str  # 'rotated' (replaced by a signed rotation) or 'retired' (lost, or replaced)
    retired_at: str


def retired_keys(db: pw.Database, office_id: str) -> list[RetiredKey]:
    """An office's keys that are no longer trusted, newest first."""
    table = SyncKeyRetired
    query = (table.select(table.fingerprint, table.reason, table.retired_at)
             .where(table.office_id == office_id)
             .order_by(table.retired_at.desc(), table.fingerprint).tuples())
    return [RetiredKey(*row) for row in query.execute(db)]


def restore_key(db: pw.Database, office_id: str, fingerprint_: str | None = None, *,
                by: str = "admin", now: dt.datetime | None = None) -> TrustResult:
    """Undo a mistake: bring back a key retired by :func:`retire_key` (the office's current
    one by default), or an earlier key of the office that a wrongly trusted card replaced;
    that card's key is retired in its place."""
    accounts.require_acting(db, "office_keys")
    when = (now or clock.now()).isoformat(timespec="seconds")
    with db.atomic():
        peer = get_peer(db, office_id)
        if peer is None:
            raise UserError("peer_unknown", office_id=office_id)
        fp = fingerprint_ or peer.fingerprint
        key = _retired_key(office_id, fp).first(db)
        if key is None:
            raise UserError("key_not_retired", office_id=office_id, fingerprint=fp)
        this_peer = SyncPeer.office_id == office_id
        replaced = None
        if fp != peer.fingerprint:
            replaced = peer.fingerprint
            _retire(db, office_id, peer.fingerprint, peer.sign_public, peer.box_public, when)
            (SyncPeer.update(sign_public=key.sign_public, box_public=key.box_public,
                             fingerprint=fp).where(this_peer).execute(db))
        (SyncKeyRetired.delete().where((SyncKeyRetired.office_id == office_id)
                                       & (SyncKeyRetired.fingerprint == fp)).execute(db))
        (SyncPeer.update(retired=False, trusted_at=when, trusted_by=by).where(this_peer)
         .execute(db))
        audit.record(db, by, "kunci_kantor_dipulihkan", office_id=office_id, fingerprint=fp,
                     replaced=replaced)
        peer = get_peer(db, office_id)
    assert peer is not None
    return TrustResult(peer, replaced, "retired" if replaced else None)


def _remove(path: Path) -> None:
    # the folder itself may be the problem; the error about it is raised next
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
