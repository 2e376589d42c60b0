"""A hostile office against row provenance and key changes: forged relays and self-made
cards are refused with a reason and change nothing; genuine rows still apply after."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from ektp_desk.core.errors import UserError
from ektp_desk.core.sync import envelope, office, provenance, records
from tests.sync_helpers import (
    NOW,
    PASS,
    add_event,
    build,
    people_state,
    receive,
    resident,
    send,
    snapshot,
    summon_at,
)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build(tmp_path_factory.mktemp("template"), people=12,
                 kecamatan=("337501", "337502"))


def relayed_event(offices, folder: Path, kind: str) -> str:
    """A person of 337501 whom 337502 serves too; k1 records ``kind`` for them and sends it
    to the city, which has sent both offices their people. Returns the NIK."""
    city, k1, k2 = offices["kota"], offices["337501"], offices["337502"]
    nik = resident(city.db, "337501")
    summon_at(city, nik, "337502")
    receive(k1, send(city, k1, folder))
    receive(k2, send(city, k2, folder))
    add_event(k1.db, nik, kind)
    receive(city, send(k1, city, folder))
    return nik


def hostile_file(sender, recipient, lines: list[list], folder: Path, name: str) -> Path:
    """A file sealed and signed by ``sender``'s real keys (a trusted office gone bad),
    holding whatever rows it likes, as the program's own envelope code writes them."""
    keys = office.unlock(sender.db, PASS)
    peer = office.get_peer(sender.db, recipient.office_id)
    counts: dict[str, int] = {}
    for line in lines:
        kind = {"e": "event", "b": "batch", "k": "key"}.get(line[0]) or line[4]
        counts[kind] = counts.get(kind, 0) + 1
    header = {"kind": "data", "origin_name": "x", "origin_kind": keys.office.kind,
              "created_at": NOW.isoformat(), "counts": counts, "rows": len(lines),
              "contents": {"origins": {}}}
    path = folder / name
    path.write_bytes(envelope.seal(
        header, "\n".join(records.canonical(line) for line in lines).encode(), sender=keys,
        recipient_id=recipient.office_id, recipient_box_public=peer.box_public,
        recipient_fingerprint=peer.fingerprint))
    return path


def forged_person(city, nik: str, origin: str, seq: int, address: str) -> list:
    """A version of a person "from" ``origin`` with another address."""
    row = city.db.execute_sql(f"SELECT json_array({', '.join(records.PERSON_FIELDS)}) "
                              "FROM person WHERE nik = ?", (nik,)).fetchone()[0]
    fields = json.loads(row)
    fields[records.PERSON_FIELDS.index("address")] = address
    return ["i", origin, seq, "0001930000000-0000-" + origin, "person", nik,
            {"base": [], "f": fields}]


def test_a_kecamatan_office_cannot_write_rows_from_another_office(offices, tmp_path):
    city, k1, k2 = offices["kota"], offices["337501"], offices["337502"]
    nik = resident(city.db, "337501")
    row = forged_person(city, nik, k1.office_id, 1, "JL. PALSU 9")
    k2_keys = office.unlock(k2.db, PASS)
    leaf = provenance.item_leaf(records.item_digest(*row[1:6], records.canonical(row[6])))

    def batch(key: str, signer: Ed25519PrivateKey) -> list:
        signature = signer.sign(provenance.message(k1.office_id, 1, 1, key, leaf))
        return ["b", k1.office_id, 1, 1, key, office.b64(signature), ""]

    attempts = {
        "no signature at all": [row],
        "signed with k2's own key": [batch(k2_keys.office.fingerprint, k2_keys.sign), row],
        "k1's key named, k2's key used": [
            batch(office.identity(k1.db).fingerprint, k2_keys.sign), row],
        "a key of its own introduced for k1": [
            ["k", k1.office_id, office.b64(k2_keys.office.sign_public),
             office.b64(k2_keys.office.box_public)],
            batch(k2_keys.office.fingerprint, k2_keys.sign), row],
    }
    before = snapshot(city.db)
    for label, lines in attempts.items():
        path = hostile_file(k2, city, lines, tmp_path, f"{len(label)}.ektpsync")
        with pytest.raises(UserError, match="hanya boleh mengirim barisnya sendiri") as caught:
            receive(city, path)
        assert "Tidak ada yang diimpor" in str(caught.value), label
        assert snapshot(city.db) == before, label
    # the genuine row of k1 with the same identity applies afterwards, without a conflict
    receive(k1, send(city, k1, tmp_path))  # (k1 is sent its own people first)
    k1.db.execute_sql("UPDATE person SET address = 'JL. ASLI 1' WHERE nik = ?", (nik,))
    got = receive(city, send(k1, city, tmp_path))
    assert got.rejected == 0 and got.conflicts == 0 and got.updated_people >= 1
    assert city.db.execute_sql("SELECT address FROM person WHERE nik = ?",
                               (nik,)).fetchone()[0] == "JL. ASLI 1"


def test_the_city_cannot_alter_a_row_it_relays(offices, tmp_path):
    city, k1, k2 = offices["kota"], offices["337501"], offices["337502"]
    nik = relayed_event(offices, tmp_path, "terekam")
    # what the city would relay, with k1's event turned into a no-show
    genuine = send(city, k2, tmp_path, NOW + dt.timedelta(minutes=1))
    opened = envelope.open_file(k2.db, genuine, office.unlock(k2.db, PASS))
    lines = [json.loads(x) for x in opened.payload.decode().splitlines()]
    assert any(x[0] == "k" and x[1] == k1.office_id for x in lines)  # k1's key introduced
    for x in lines:
        if x[0] == "e" and x[1] == k1.office_id:
            x[5] = "tidak_hadir"
    altered = hostile_file(city, k2, lines, tmp_path, "ubah.ektpsync")
    before = snapshot(k2.db)
    with pytest.raises(UserError, match=f"tanda tangan {k1.office_id}"):
        receive(k2, altered)
    assert snapshot(k2.db) == before
    # the genuine relay verifies against k1's signature and applies
    assert receive(k2, genuine).new_events == 1
    assert k2.db.execute_sql("SELECT status FROM person WHERE nik = ?",
                             (nik,)).fetchone()[0] == "terekam"


def test_relayed_rows_keep_their_origin_signatures_after_a_key_rotation(offices, tmp_path):
    city, k1, k2 = offices["kota"], offices["337501"], offices["337502"]
    nik = relayed_event(offices, tmp_path, "hadir")
    office.rotate_keys(k1.db, PASS)  # after signing; the new card carries the statement
    got = office.trust_card(city.db, office.export_card(k1.db, tmp_path / "k1-baru.card"))
    assert got.how == "rotated"
    add_event(k1.db, nik, "terekam")
    receive(city, send(k1, city, tmp_path, NOW + dt.timedelta(minutes=5)))
    # k2 never met k1: both of k1's keys are introduced by the city
    relayed = receive(k2, send(city, k2, tmp_path, NOW + dt.timedelta(minutes=6)))
    assert relayed.new_events == 2
    assert people_state(k2.db, {nik})[0][4] == "terekam"


# --- key replacement ---------------------------------------------------------------------

def self_made_card(k1, folder: Path) -> Path:
    """A card under k1's office id with keys nobody at k1 made, its fingerprint computed."""
    sign, box = Ed25519PrivateKey.generate(), X25519PrivateKey.generate()
    pub_s, pub_b = sign.public_key().public_bytes_raw(), box.public_key().public_bytes_raw()
    data = office.card_json(k1.db)
    data.update(sign_public=office.b64(pub_s), box_public=office.b64(pub_b), rotations=[],
                fingerprint=office.fingerprint(k1.office_id, pub_s, pub_b))
    path = folder / "palsu.card"
    path.write_text(json.dumps(data))
    return path


def test_a_self_made_card_for_a_trusted_office_is_refused_without_the_fingerprint(
        offices, tmp_path):
    city, k1 = offices["kota"], offices["337501"]
    genuine = office.get_peer(city.db, k1.office_id)
    fake = self_made_card(k1, tmp_path)
    before = snapshot(city.db)
    with pytest.raises(UserError, match="tanpa pernyataan rotasi"):
        office.trust_card(city.db, fake)
    # the fingerprint alone, without the admin's confirmation, is not enough either
    fake_fp = office.read_card(fake).fingerprint
    with pytest.raises(UserError, match="tanpa pernyataan rotasi"):
        office.trust_card(city.db, fake, expected_fingerprint=fake_fp)
    assert snapshot(city.db) == before
    assert office.get_peer(city.db, k1.office_id) == genuine
    # the genuine office's files still go in
    receive(k1, send(city, k1, tmp_path))
    add_event(k1.db, resident(k1.db, "337501"), "hadir")
    assert receive(city, send(k1, city, tmp_path)).new_events == 1


def test_a_card_with_a_rotation_statement_signed_by_the_old_key_is_accepted(offices,
                                                                            tmp_path):
    city, k1 = offices["kota"], offices["337501"]
    old_fp = office.identity(k1.db).fingerprint
    office.rotate_keys(k1.db, PASS)
    office.rotate_keys(k1.db, PASS)  # twice: the city jumps over the middle key
    card = office.export_card(k1.db, tmp_path / "k1.card")
    got = office.trust_card(city.db, card)
    assert (got.replaced, got.how) == (old_fp, "rotated")
    assert got.peer.fingerprint == office.identity(k1.db).fingerprint
    kept = {r[0] for r in city.db.execute_sql(
        "SELECT reason FROM sync_key_retired WHERE office_id = ?", (k1.office_id,))}
    assert kept == {"rotated"}  # both earlier keys still vouch for what they signed
    # a statement copied onto a self-made card proves nothing
    fake = self_made_card(k1, tmp_path)
    data = json.loads(fake.read_text())
    data["rotations"] = json.loads(card.read_text())["rotations"]
    fake.write_text(json.dumps(data))
    with pytest.raises(UserError, match="tanpa pernyataan rotasi"):
        office.trust_card(city.db, fake)


def test_an_admin_override_needs_the_fingerprint_and_can_be_undone(offices, tmp_path):
    city, k1 = offices["kota"], offices["337501"]
    genuine = office.get_peer(city.db, k1.office_id)
    fake = self_made_card(k1, tmp_path)
    fake_fp = office.read_card(fake).fingerprint
    got = office.trust_card(city.db, fake, expected_fingerprint=fake_fp, replace_key=True)
    assert (got.replaced, got.how) == (genuine.fingerprint, "retired")
    with pytest.raises(UserError, match="dipensiunkan"):
        receive(city, send(k1, city, tmp_path))
    # the admin sees the mistake: the genuine key comes back, the wrong one is retired
    back = office.restore_key(city.db, k1.office_id, genuine.fingerprint)
    assert back.peer.fingerprint == genuine.fingerprint and not back.peer.retired
    assert office.is_retired(city.db, k1.office_id, fake_fp)
    receive(k1, send(city, k1, tmp_path))
    add_event(k1.db, resident(k1.db, "337501"), "hadir")
    assert receive(city, send(k1, city, tmp_path)).new_events == 1
    with pytest.raises(UserError, match="dipensiunkan"):
        office.trust_card(city.db, fake)


def test_a_key_retired_by_mistake_is_restored(offices, tmp_path):
    city, k1 = offices["kota"], offices["337501"]
    office.retire_key(city.db, k1.office_id)
    path = send(k1, city, tmp_path)
    with pytest.raises(UserError, match="dipensiunkan"):
        receive(city, path)
    with pytest.raises(UserError, match="tidak dipensiunkan"):
        office.restore_key(city.db, k1.office_id, "AAAA-BBBB")
    got = office.restore_key(city.db, k1.office_id)
    assert not got.peer.retired and got.replaced is None
    assert receive(city, path).kind == "data"  # the same file now goes in
    assert got.peer.fingerprint == office.identity(k1.db).fingerprint
