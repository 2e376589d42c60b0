"""The sync file format (docs/architecture.md, "Sync files"). Everything cryptographic
comes from `cryptography`.

Layout (big-endian)::

    MAGIC 'EKTPSYNC' (8) | format u16 | header length u32 | header (JSON, UTF-8)
    | ciphertext length u64 | ciphertext | Ed25519 signature (64)

- the header is plain (who, for whom, when, what, how many) so a clerk's tools can show it
  without keys, and it is the AES-GCM *associated data*: editing it breaks decryption too;
- the payload (JSON lines, zlib) is encrypted with AES-256-GCM under a fresh content key;
  that key is wrapped for the recipient: X25519 with a fresh ephemeral key, HKDF-SHA256,
  AES-256-GCM (ECIES);
- the signature covers every byte before it and is checked, against the *trusted* card of
  the origin, before anything is decrypted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import peewee as pw
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ektp_desk.core import messages
from ektp_desk.core.errors import UserError
from ektp_desk.core.sync import office as office_mod
from ektp_desk.core.sync.office import Keys, b64, unb64

MAGIC = b"EKTPSYNC"
FORMAT_VERSION = 1
SUFFIX = ".ektpsync"
SIGNATURE_BYTES = 64
_PREFIX = struct.Struct(">HI")  # format, header length
_CT_LEN = struct.Struct(">Q")
_FIXED = len(MAGIC) + _PREFIX.size
WRAP_INFO = b"ektp-desk sync v1 content key"
COMPRESS_LEVEL = 1  # level 3 costs 40 % more time for 9 % less; 6 twice level 3
MAX_HEADER = 1 << 20

messages.register({
    "sync_empty": ("Berkas {path} kosong (0 bita): bukan berkas sinkronisasi.",
                   "File {path} is empty (0 bytes): not a sync file."),
    "sync_not_sync_file": (
        "Berkas {path} bukan berkas sinkronisasi ektp-desk.",
        "File {path} is not an ektp-desk sync file."),
    "sync_truncated": (
        "Berkas {path} terpotong (tidak lengkap); mungkin flashdisk dicabut saat menyalin. "
        "Minta kantor pengirim membuat berkas lagi.",
        "File {path} is truncated (incomplete); the USB stick may have been pulled while "
        "copying. Ask the sending office for a new file."),
    "sync_damaged": (
        "Berkas {path} rusak atau telah diubah ({detail}); tidak diimpor.",
        "File {path} is damaged or was altered ({detail}); not imported."),
    "sync_newer_format": (
        "Berkas {path} dibuat dengan format versi {found}; aplikasi ini mengenal sampai versi "
        "{known}. Perbarui ektp-desk.",
        "File {path} uses format version {found}; this application knows up to {known}. "
        "Update ektp-desk."),
    "sync_bad_signature": (
        "Tanda tangan berkas {path} tidak sah: berkas telah diubah atau bukan dari {origin}. "
        "Tidak diimpor.",
        "The signature of {path} is invalid: the file was altered or is not from {origin}. "
        "Not imported."),
    "sync_untrusted": (
        "Berkas {path} dari kantor {origin} yang belum dipercaya di sini. Percayai kartu "
        "kantornya dulu (bandingkan sidik kunci lewat telepon).",
        "File {path} comes from office {origin}, which is not trusted here. Trust its office "
        "card first (compare the fingerprint by phone)."),
    "sync_unknown_key": (
        "Berkas {path} ditandatangani kunci {key} yang tidak dikenal untuk kantor {origin}. "
        "Percayai kartu kantornya yang baru dulu.",
        "File {path} is signed with key {key}, unknown for office {origin}. Trust its new "
        "office card first."),
    "sync_retired_key": (
        "Berkas {path} ditandatangani kunci {key} milik {origin} yang sudah dipensiunkan. "
        "Tidak diimpor.",
        "File {path} is signed with key {key} of {origin}, which was retired. Not imported."),
    "sync_wrong_recipient": (
        "Berkas {path} ditujukan untuk kantor {recipient}, bukan kantor ini ({office}).",
        "File {path} is meant for office {recipient}, not this office ({office})."),
    "sync_own_file": ("Berkas {path} dibuat oleh kantor ini sendiri; tidak perlu diimpor.",
                      "File {path} was made by this office; it need not be imported."),
    "sync_old_own_key": (
        "Berkas {path} dienkripsi untuk kunci lama kantor ini ({key}). Minta pengirim "
        "mempercayai kartu kantor ini yang baru lalu membuat berkas lagi.",
        "File {path} is encrypted for an old key of this office ({key}). Ask the sender to "
        "trust this office's new card and make the file again."),
    "sync_verify_failed": (
        "Berkas {path} yang baru ditulis tidak sama saat dibaca ulang ({detail}). Flashdisk "
        "mungkin rusak; coba folder atau flashdisk lain.",
        "File {path} just written differs when read back ({detail}). The USB stick may be "
        "faulty; try another folder or stick."),
})


@dataclass(frozen=True)
class Parsed:
    """A file split into its parts; nothing checked beyond its structure."""

    path: Path
    version: int
    header: dict[str, Any]
    prefix: bytes  # magic + format + header: the AES-GCM associated data
    signed: bytes  # every byte the signature covers
    ciphertext: bytes
    signature: bytes


@dataclass(frozen=True)
class Opened:
    header: dict[str, Any]
    payload: bytes  # decrypted and decompressed JSON lines
    file_sha256: str


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _kek(shared: bytes, eph_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=eph_public + recipient_public,
                info=WRAP_INFO).derive(shared)


@dataclass(frozen=True)
class Packed:
    """A payload compressed, with the hash and size of what was compressed."""

    compressed: bytes
    sha256: str
    size: int


def pack(payload: bytes) -> Packed:
    """Compress and hash a payload (zlib and hashlib let other threads run meanwhile)."""
    return Packed(zlib.compress(payload, COMPRESS_LEVEL), _sha256(payload), len(payload))


def seal(header: dict[str, Any], payload: bytes | Packed, *, sender: Keys, recipient_id: str,
         recipient_box_public: bytes, recipient_fingerprint: str) -> bytes:
    """The bytes of a sync file holding ``payload`` (JSON lines, or packed already)."""
    packed = payload if isinstance(payload, Packed) else pack(payload)
    content_key = AESGCM.generate_key(bit_length=256)
    eph = X25519PrivateKey.generate()
    eph_public = eph.public_key().public_bytes_raw()
    shared = eph.exchange(X25519PublicKey.from_public_bytes(recipient_box_public))
    wrap_nonce = os.urandom(12)
    origin = sender.office.office_id
    wrapped = AESGCM(_kek(shared, eph_public, recipient_box_public)).encrypt(
        wrap_nonce, content_key, f"{origin}\0{recipient_id}".encode())
    nonce = os.urandom(12)
    full = dict(header)
    full.update({
        "origin": origin, "recipient": recipient_id,
        "origin_key": sender.office.fingerprint, "recipient_key": recipient_fingerprint,
        "cipher": "AES-256-GCM", "signature": "Ed25519", "compression": "zlib",
        "wrap": {"alg": "X25519-HKDF-SHA256-AES-256-GCM", "eph": b64(eph_public),
                 "nonce": b64(wrap_nonce), "key": b64(wrapped)},
        "nonce": b64(nonce), "payload_sha256": packed.sha256,
        "payload_bytes": packed.size,
    })
    header_bytes = json.dumps(full, sort_keys=True, ensure_ascii=False,
                              separators=(",", ":")).encode("utf-8")
    prefix = MAGIC + _PREFIX.pack(FORMAT_VERSION, len(header_bytes)) + header_bytes
    ciphertext = AESGCM(content_key).encrypt(nonce, packed.compressed, prefix)
    signed = prefix + _CT_LEN.pack(len(ciphertext)) + ciphertext
    return signed + sender.sign.sign(signed)


def parse(data: bytes, path: Path) -> Parsed:
    """Split a file into its parts, refusing what is not a whole sync file of a known
    format (empty, another kind of file, truncated, newer format, damaged structure)."""
    if not data:
        raise UserError("sync_empty", path=path)
    if len(data) < len(MAGIC) or data[:len(MAGIC)] != MAGIC:
        if MAGIC.startswith(data[:len(MAGIC)]):
            raise UserError("sync_truncated", path=path)
        raise UserError("sync_not_sync_file", path=path)
    if len(data) < _FIXED:
        raise UserError("sync_truncated", path=path)
    version, header_len = _PREFIX.unpack_from(data, len(MAGIC))
    if version > FORMAT_VERSION:
        raise UserError("sync_newer_format", path=path, found=version, known=FORMAT_VERSION)
    if version < 1 or header_len > MAX_HEADER:
        raise UserError("sync_damaged", path=path, detail="kepala berkas")
    ct_at = _FIXED + header_len
    if len(data) < ct_at + _CT_LEN.size + SIGNATURE_BYTES:
        raise UserError("sync_truncated", path=path)
    (ct_len,) = _CT_LEN.unpack_from(data, ct_at)
    end = ct_at + _CT_LEN.size + ct_len
    if len(data) < end + SIGNATURE_BYTES:
        raise UserError("sync_truncated", path=path)
    if len(data) > end + SIGNATURE_BYTES:
        raise UserError("sync_damaged", path=path, detail="panjang berkas")
    try:
        header = json.loads(data[_FIXED:ct_at].decode("utf-8"))
        if not isinstance(header, dict):
            raise ValueError("header")
        for key in ("kind", "origin", "recipient", "origin_key", "recipient_key", "wrap",
                    "nonce", "payload_sha256", "payload_bytes", "counts"):
            if key not in header:
                raise ValueError(key)
    except (ValueError, UnicodeDecodeError):
        raise UserError("sync_damaged", path=path, detail="kepala berkas") from None
    return Parsed(path, version, header, data[:ct_at], data[:end],
                  data[ct_at + _CT_LEN.size:end], data[end:])


def read(path: Path | str) -> tuple[bytes, Parsed]:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError("file_not_found", path=path) from None
    except IsADirectoryError:
        raise UserError("sync_not_sync_file", path=path) from None
    except OSError as exc:
        raise UserError("file_unreadable", path=path, detail=exc.strerror or str(exc)) from exc
    return data, parse(data, path)


def check_signature(parsed: Parsed, sign_public: bytes) -> None:
    try:
        Ed25519PublicKey.from_public_bytes(sign_public).verify(parsed.signature, parsed.signed)
    except InvalidSignature:
        raise UserError("sync_bad_signature", path=parsed.path,
                        origin=parsed.header.get("origin", "?")) from None


def check_sender(db: pw.Database, parsed: Parsed, own: office_mod.OfficeInfo) -> None:
    """Refuse unless the file is meant for this office's current key and signed by the
    current, trusted, unretired key of its origin; the signature is checked here."""
    header, path = parsed.header, parsed.path
    origin, recipient = str(header["origin"]), str(header["recipient"])
    if origin == own.office_id:
        raise UserError("sync_own_file", path=path)
    if recipient != own.office_id:
        raise UserError("sync_wrong_recipient", path=path, recipient=recipient,
                        office=own.office_id)
    key = str(header["origin_key"])
    peer = office_mod.get_peer(db, origin)
    if office_mod.is_retired(db, origin, key):
        raise UserError("sync_retired_key", path=path, key=key, origin=origin)
    if peer is None:
        raise UserError("sync_untrusted", path=path, origin=origin)
    if peer.retired:
        raise UserError("sync_retired_key", path=path, key=peer.fingerprint, origin=origin)
    if peer.fingerprint != key:
        raise UserError("sync_unknown_key", path=path, key=key, origin=origin)
    check_signature(parsed, peer.sign_public)
    if header["recipient_key"] != own.fingerprint:
        raise UserError("sync_old_own_key", path=path, key=header["recipient_key"])


def decrypt(parsed: Parsed, keys: Keys) -> bytes:
    """The payload, after the signature was checked (:func:`check_sender`)."""
    header, path = parsed.header, parsed.path
    try:
        wrap = header["wrap"]
        eph_public = unb64(wrap["eph"])
        shared = keys.box.exchange(X25519PublicKey.from_public_bytes(eph_public))
        own_public = keys.office.box_public
        content_key = AESGCM(_kek(shared, eph_public, own_public)).decrypt(
            unb64(wrap["nonce"]), unb64(wrap["key"]),
            f"{header['origin']}\0{header['recipient']}".encode())
        compressed = AESGCM(content_key).decrypt(unb64(header["nonce"]), parsed.ciphertext,
                                                 parsed.prefix)
        limit = int(header["payload_bytes"])
        inflater = zlib.decompressobj()
        payload = inflater.decompress(compressed, limit + 1)
    except (InvalidTag, KeyError, ValueError, TypeError, zlib.error):
        raise UserError("sync_damaged", path=path, detail="isi terenkripsi") from None
    if len(payload) != limit or _sha256(payload) != header["payload_sha256"]:
        raise UserError("sync_damaged", path=path, detail="hash isi")
    return payload


def open_file(db: pw.Database, path: Path | str, keys: Keys) -> Opened:
    """Read, check and decrypt a sync file meant for this office."""
    data, parsed = read(path)
    check_sender(db, parsed, keys.office)
    return Opened(parsed.header, decrypt(parsed, keys), _sha256(data))


def write_verified(path: Path, data: bytes, sign_public: bytes) -> None:
    """Write to a temporary name, flush, fsync, rename, fsync the folder; then read the
    file back and check it is byte-identical and its signature holds. Only then may the
    clerk unplug the stick."""
    tmp = path.with_name(f".{path.name}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except OSError as exc:
        _remove(tmp)
        raise UserError("write_failed", path=path, detail=exc.strerror or str(exc)) from exc
    try:
        back = path.read_bytes()
    except OSError as exc:
        raise UserError("sync_verify_failed", path=path, detail=exc.strerror or str(exc)
                        ) from exc
    if back != data:
        raise UserError("sync_verify_failed", path=path, detail="isi berbeda")
    check_signature(parse(back, path), sign_public)


def _fsync_dir(folder: Path) -> None:
    # the rename itself must reach the stick; not possible (nor needed) on Windows
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    # the folder itself may be the problem; the error about it is raised next
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
