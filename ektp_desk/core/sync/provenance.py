"""Row provenance: every row is signed by the office that wrote it, and stays verifiable
when the city office relays it (docs/architecture.md, "Sync files").

A file's own signature says who handed it over. Who *wrote* each row is shown by a
*batch* signature: when an office stamps its rows it signs them in batches of at most
:data:`BATCH` consecutive sequence numbers. The signed message holds a 16-byte digest (a
*leaf*) of every row of the batch, in order. A file carries, for each batch it draws rows
from, the signature as the origin made it and the leaves of the rows it leaves out, so an
importer recomputes the leaves of the rows it got, fills in the others and checks the
origin's signature; a relay can forward any subset of a batch without being able to alter
a row or invent one.

Who may carry whose rows:
- a kecamatan office sends only its own rows;
- the city office relays every office's rows, and *introduces* the keys of offices the
  recipient has not trusted itself (a star: kecamatan offices trust the city's card);
- any office may vouch for its own earlier keys (its file is signed by its current key).
A key retired as lost or stolen vouches for nothing; a key replaced by a signed rotation
still vouches for the rows it signed before.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import peewee as pw
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from ektp_desk.core import messages
from ektp_desk.core.errors import UserError
from ektp_desk.core.sync import office, records
from ektp_desk.core.sync.office import Keys, OfficeInfo, b64

BATCH = 64  # rows a signature covers: a relayed row brings at most 63 leaves (1 KB) along
LEAF = 16  # bytes of SHA-256 kept per row: 128 bits against a forged second row
_TAG = b"ektp-desk row batch v1\0"

messages.register({
    "sync_provenance": (
        "Berkas {path} ditolak: {n} baris tidak terbukti ditulis oleh kantor asalnya "
        "({reasons}). Tidak ada yang diimpor.",
        "File {path} refused: {n} rows are not proven to be written by their origin office "
        "({reasons}). Nothing was imported."),
    "prov_relay_forbidden": (
        "kantor kecamatan {signer} hanya boleh mengirim barisnya sendiri, bukan baris {origin}",
        "kecamatan office {signer} may send only its own rows, not rows of {origin}"),
    "prov_unsigned": ("baris {origin} #{seq} tanpa tanda tangan kantor asalnya",
                      "row {origin} #{seq} without its origin office's signature"),
    "prov_bad_signature": (
        "tanda tangan {origin} untuk baris #{first}–#{last} tidak sah",
        "the signature of {origin} over rows #{first}–#{last} is invalid"),
    "prov_unknown_key": ("kunci {key} tidak dikenal untuk kantor {origin}",
                         "key {key} is not known for office {origin}"),
    "prov_retired_key": ("kunci {key} milik {origin} sudah dipensiunkan",
                         "key {key} of {origin} was retired"),
    "prov_malformed": ("baris {origin} #{seq} tidak dapat diperiksa",
                       "row {origin} #{seq} cannot be checked"),
    "prov_twice": ("baris {origin} #{seq} muncul dua kali dengan isi berbeda",
                   "row {origin} #{seq} appears twice with different content"),
})

Key = tuple[str, int]


# --- leaves and messages -----------------------------------------------------------------

def item_leaf(digest_hex: str) -> bytes:
    """The leaf of a person, summons or letter version (``records.item_digest``)."""
    return bytes.fromhex(digest_hex)[:LEAF]


def event_leaf(values: Sequence[Any]) -> bytes:
    """The leaf of an event, from the values it travels with (the "e" row after its tag)."""
    return hashlib.sha256(records.canonical(list(values)).encode()).digest()[:LEAF]


def message(origin: str, first: int, last: int, key: str, leaves: bytes) -> bytes:
    return _TAG + f"{origin}\0{first}\0{last}\0{key}\0".encode() + leaves


def stored_leaves(conn: Any, origin: str, first: int, last: int) -> dict[int, bytes]:
    """The leaves of the rows of ``origin`` held here in a range of sequence numbers."""
    out = {seq: item_leaf(digest) for seq, digest in conn.execute(
        "SELECT seq, digest FROM sync_item WHERE origin = ? AND seq BETWEEN ? AND ?",
        (origin, first, last))}
    for row in conn.execute(f"SELECT {records.EVENT_COLUMNS} {records.EVENTS_FROM}",
                            (origin, first, last)):
        out[row[1]] = event_leaf(row)
    return out


# --- signing this office's rows ----------------------------------------------------------

def sign_new(conn: Any, keys: Keys) -> int:
    """Sign this office's rows that are in no batch yet (stamped by this export or import,
    or before batches existed). Call in the transaction that stamped them. Returns how
    many batches were made."""
    own = keys.office
    row = conn.execute("SELECT last_seq FROM sync_origin WHERE origin = ?",
                       (own.office_id,)).fetchone()
    last_seq = int(row[0]) if row else 0
    covered = int(conn.execute("SELECT coalesce(max(last), 0) FROM sync_batch "
                               "WHERE origin = ?", (own.office_id,)).fetchone()[0])
    if last_seq <= covered:
        return 0
    leaves = stored_leaves(conn, own.office_id, covered + 1, last_seq)
    batches = []
    for first in range(covered + 1, last_seq + 1, BATCH):
        last = min(first + BATCH - 1, last_seq)
        # every sequence number given out names one stored row; a gap is a bug, not input
        blob = b"".join(leaves[seq] for seq in range(first, last + 1))
        signature = keys.sign.sign(message(own.office_id, first, last, own.fingerprint, blob))
        batches.append((own.office_id, first, last, own.fingerprint, signature, blob))
    conn.executemany("INSERT INTO sync_batch (origin, first, last, key, signature, leaves) "
                     "VALUES (?, ?, ?, ?, ?, ?)", batches)
    return len(batches)


def covered_upto(conn: Any, origin: str, start: int, upto: int) -> int:
    """The last sequence number ≤ ``upto`` such that ``start`` up to it is signed by
    batches held here (``start - 1`` when ``start`` itself is not)."""
    pos = start - 1
    for first, last in conn.execute(
            "SELECT first, last FROM sync_batch WHERE origin = ? AND last >= ? ORDER BY first",
            (origin, start)):
        if first > pos + 1 or pos >= upto:
            break
        pos = last
    return min(pos, upto)


# --- what a file carries -----------------------------------------------------------------

def batch_lines(conn: Any, included: dict[str, set[int]]) -> tuple[list[str], dict[str, set[str]]]:
    """The "b" rows for the rows a file holds (origin → sequence numbers), and the keys
    they were signed with (origin → fingerprints)."""
    dumps = records.canonical
    lines: list[str] = []
    keys: dict[str, set[str]] = defaultdict(set)
    for origin, seqs in sorted(included.items()):
        if not seqs:
            continue
        for first, last, key, signature, leaves in conn.execute(
                "SELECT first, last, key, signature, leaves FROM sync_batch WHERE origin = ? "
                "AND last >= ? AND first <= ? ORDER BY first", (origin, min(seqs), max(seqs))):
            present = [s in seqs for s in range(first, last + 1)]
            if not any(present):
                continue
            omitted = b"".join(leaves[i * LEAF:(i + 1) * LEAF]
                               for i, here in enumerate(present) if not here)
            lines.append(dumps(["b", origin, first, last, key, b64(signature), b64(omitted)]))
            keys[origin].add(key)
    return lines, keys


def key_lines(db: pw.Database, keys: dict[str, set[str]], *, own: OfficeInfo, recipient: str
              ) -> list[str]:
    """The "k" rows introducing the keys the batches were signed with, where the
    recipient may not know them: other offices' keys (the city introduces them) and this
    office's earlier keys. The recipient's own keys it knows."""
    lines = []
    for origin, fingerprints in sorted(keys.items()):
        if origin == recipient:
            continue
        for fp in sorted(fingerprints):
            if origin == own.office_id and fp == own.fingerprint:
                continue  # the file's signer: the recipient trusts it directly
            known = _public_keys(db, origin, fp, own)
            if known is not None:
                lines.append(records.canonical(["k", origin, b64(known[0]), b64(known[1])]))
    return lines


def _public_keys(db: pw.Database, origin: str, fp: str, own: OfficeInfo
                 ) -> tuple[bytes, bytes] | None:
    if origin == own.office_id and fp == own.fingerprint:
        return own.sign_public, own.box_public
    peer = office.get_peer(db, origin)
    if peer is not None and peer.fingerprint == fp:
        return peer.sign_public, peer.box_public
    row = db.execute_sql("SELECT sign_public, box_public FROM sync_key_retired "
                         "WHERE office_id = ? AND fingerprint = ? AND reason = 'rotated'",
                         (origin, fp)).fetchone()
    return (bytes(row[0]), bytes(row[1])) if row else None


# --- checking a file ---------------------------------------------------------------------

@dataclass
class Checked:
    """What checking a file found out, for the import to use: the batches to keep (so this
    office can relay the rows too) and each item's canonical body and digest."""

    batches: list[tuple[str, int, int, str, bytes, bytes]] = field(default_factory=list)
    items: dict[Key, tuple[str, str]] = field(default_factory=dict)


def check(db: pw.Database, header: dict[str, Any], rows: Iterable[list[Any]], own: OfficeInfo,
          path: Path) -> Checked:
    """Refuse the whole file (UserError ``sync_provenance``, before anything is written)
    unless every row in it is covered by a valid signature of its origin office, and the
    file's signer may hand that origin's rows over at all."""
    signer = str(header["origin"])
    peer = office.get_peer(db, signer)
    relays = peer is not None and peer.kind == "kota"
    out = Checked()
    problems: list[str] = []
    present: dict[str, dict[int, bytes]] = defaultdict(dict)
    batches: dict[str, list[list[Any]]] = defaultdict(list)
    intros: dict[tuple[str, str], tuple[bytes, bool]] = {}
    for row in rows:
        tag = row[0]
        if tag == "k":
            intro = _intro(row)
            if intro is not None and (relays or intro[0] == signer):
                intros[(intro[0], intro[1])] = (intro[2], intro[0] == signer)
            continue
        if tag == "b":
            if _valid_batch(row):
                batches[row[1]].append(row)
            else:
                problems.append(messages.text("prov_malformed", origin=row[1] if len(row) > 1
                                              else "?", seq="b"))
            continue
        origin, seq = row[1], row[2]
        leaf = _leaf(row, out.items)
        if leaf is None:
            problems.append(messages.text("prov_malformed", origin=origin, seq=seq))
            continue
        if origin != signer and not relays:
            problems.append(messages.text("prov_relay_forbidden", signer=signer,
                                          origin=origin))
            continue
        had = present[origin].setdefault(seq, leaf)
        if had != leaf:
            problems.append(messages.text("prov_twice", origin=origin, seq=seq))
    for origin, seqs in present.items():
        problems += _check_origin(db, origin, seqs, batches.get(origin, []), own, intros,
                                  out)
    if problems:
        unique = list(dict.fromkeys(problems))
        raise UserError("sync_provenance", path=path, n=len(problems),
                        reasons="; ".join(unique[:3]) + ("; …" if len(unique) > 3 else ""))
    return out


def store(conn: Any, checked: Checked) -> None:
    """Keep the batches of a file being applied (a batch held already stays as it is)."""
    conn.executemany("INSERT OR IGNORE INTO sync_batch (origin, first, last, key, signature, "
                     "leaves) VALUES (?, ?, ?, ?, ?, ?)", checked.batches)


def _intro(row: list[Any]) -> tuple[str, str, bytes] | None:
    try:
        _, office_id, sign_b64, box_b64 = row
        sign_public, box_public = office.unb64(sign_b64), office.unb64(box_b64)
    except (ValueError, TypeError, AttributeError, binascii.Error):
        return None
    if len(sign_public) != 32 or len(box_public) != 32 or not isinstance(office_id, str):
        return None
    return office_id, office.fingerprint(office_id, sign_public, box_public), sign_public


def _valid_batch(row: list[Any]) -> bool:
    if len(row) != 7:
        return False
    _, origin, first, last, key, signature, leaves = row
    return (isinstance(origin, str) and isinstance(first, int) and isinstance(last, int)
            and 1 <= first <= last < first + BATCH and isinstance(key, str)
            and isinstance(signature, str) and isinstance(leaves, str))


def _leaf(row: list[Any], items: dict[Key, tuple[str, str]]) -> bytes | None:
    """The leaf of an "i" or "e" row, or None when it is not even shaped like one."""
    origin, seq = row[1], row[2]
    if not (isinstance(origin, str) and isinstance(seq, int) and not isinstance(seq, bool)):
        return None
    if row[0] == "e":
        return event_leaf(row[1:]) if len(row) == 13 else None
    if len(row) != 7 or not all(isinstance(v, str) for v in row[3:6]):
        return None
    text = records.canonical(row[6])
    digest = records.item_digest(origin, seq, row[3], row[4], row[5], text)
    items.setdefault((origin, seq), (text, digest))
    return item_leaf(digest)


def _check_origin(db: pw.Database, origin: str, seqs: dict[int, bytes],
                  batches: list[list[Any]], own: OfficeInfo,
                  intros: dict[tuple[str, str], tuple[bytes, bool]], out: Checked) -> list[str]:
    problems = []
    covered: set[int] = set()
    end = 0
    for _, _, first, last, key, signature_b64, omitted_b64 in sorted(batches,
                                                                      key=lambda b: b[2]):
        span = range(first, last + 1)
        if first <= end or not any(s in seqs for s in span):
            # overlapping batches, or one with no row here: nothing a genuine export makes
            problems.append(messages.text("prov_bad_signature", origin=origin, first=first,
                                          last=last))
            continue
        end = last
        try:
            signature = base64.b64decode(signature_b64, validate=True)
            omitted = base64.b64decode(omitted_b64, validate=True)
        except (binascii.Error, ValueError):
            omitted, signature = b"", b""
        missing = [s for s in span if s not in seqs]
        if len(omitted) != LEAF * len(missing) or len(signature) != 64:
            problems.append(messages.text("prov_bad_signature", origin=origin, first=first,
                                          last=last))
            continue
        given = {s: omitted[i * LEAF:(i + 1) * LEAF] for i, s in enumerate(missing)}
        leaves = b"".join(seqs[s] if s in seqs else given[s] for s in span)
        public, why = _origin_key(db, origin, key, own, intros)
        if public is None:
            problems.append(why)
            continue
        try:
            Ed25519PublicKey.from_public_bytes(public).verify(
                signature, message(origin, first, last, key, leaves))
        except InvalidSignature:
            problems.append(messages.text("prov_bad_signature", origin=origin, first=first,
                                          last=last))
            continue
        covered.update(s for s in span if s in seqs)
        out.batches.append((origin, first, last, key, signature, leaves))
    problems += [messages.text("prov_unsigned", origin=origin, seq=seq)
                 for seq in sorted(seqs.keys() - covered)]
    return problems


def _origin_key(db: pw.Database, origin: str, fp: str, own: OfficeInfo,
                intros: dict[tuple[str, str], tuple[bytes, bool]]) -> tuple[bytes | None, str]:
    """The public key that vouches for ``origin``'s rows signed as ``fp``, or (None, why).
    ``intros``: keys the file introduces, with whether the origin itself vouches for them."""
    retired = db.execute_sql("SELECT reason, sign_public FROM sync_key_retired "
                             "WHERE office_id = ? AND fingerprint = ?", (origin, fp)).fetchone()
    if retired is not None:
        if retired[0] != "rotated":
            return None, messages.text("prov_retired_key", key=fp, origin=origin)
        return bytes(retired[1]), ""  # an earlier key, replaced by a signed rotation
    if origin == own.office_id:
        if fp == own.fingerprint:
            return own.sign_public, ""
        return None, messages.text("prov_unknown_key", key=fp, origin=origin)
    peer = office.get_peer(db, origin)
    if peer is not None and peer.fingerprint == fp and not peer.retired:
        return peer.sign_public, ""
    intro = intros.get((origin, fp))
    # the city introduces offices not trusted here; a trusted office vouches for its own
    # earlier keys only itself
    if intro is not None and (peer is None or intro[1]):
        return intro[0], ""
    return None, messages.text("prov_unknown_key", key=fp, origin=origin)
