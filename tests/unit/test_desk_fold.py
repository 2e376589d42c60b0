"""The desk's state machine as pure functions: the fold of a person's events, the table
of allowed transitions, and undo by a correcting event (docs/architecture.md, docs/domain.md)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ektp_desk.core import desk_rules
from ektp_desk.core.errors import UserError
from ektp_desk.core.status import HELD, KEPT, RECORDED, SETBACK, STATUS_LABELS, fold_ordered


class Ev(NamedTuple):
    """One office's event; ``undoes``: the id of the event it undoes."""

    id: int
    kind: str
    undoes: int | None = None


def fold(events: list[Ev]) -> str:
    """The status these events (in order, all from one office) fold to."""
    return fold_ordered([(e.id, e.kind, "meja", e.undoes) for e in events])[0]


def surviving(events: list[Ev]) -> list[Ev]:
    """The status events not undone, in order."""
    undone = {e.undoes for e in events if e.undoes is not None}
    return [e for e in events if e.kind != "batal" and e.id not in undone]


def test_every_status_has_a_row_and_every_target_is_a_status() -> None:
    assert set(desk_rules.TRANSITIONS) == set(STATUS_LABELS)
    for targets in desk_rules.TRANSITIONS.values():
        assert targets <= set(STATUS_LABELS)
        assert "belum_dipanggil" not in targets  # only undo leads back to the start


def test_the_table() -> None:
    t = desk_rules.TRANSITIONS
    assert "hadir" in t["dipanggil"] and "hadir" in t["belum_dipanggil"]  # walk-ins
    assert "terekam" not in t["dipanggil"]  # no recording by proxy: hadir first
    assert "terekam" not in t["gagal_rekam"]  # a new try needs a new check-in
    assert t["hadir"] >= {"terekam", "gagal_rekam", "sudah_rekam", "tidak_dapat_dilayani"}
    assert "tidak_hadir" in t["dipanggil"] and "dipanggil" in t["tidak_hadir"]
    assert t["terekam"] >= {"ktp_dicetak", "suket"} and t["ktp_dicetak"] == {"ktp_diterima"}
    assert t["ktp_diterima"] == frozenset()
    assert not desk_rules.allowed("hadir", "hadir")  # a double scan is refused


def test_the_pipeline_table() -> None:
    t = desk_rules.TRANSITIONS
    # a duplicate record is clarified, never recorded again straight away
    assert "data_ganda" in t["hadir"] and "data_ganda" in t["terekam"]
    assert t["data_ganda"] == {"klarifikasi_selesai", "sudah_rekam"}
    assert not t["klarifikasi_selesai"] & {"terekam", "gagal_rekam", "data_ganda"}
    assert "hadir" in t["klarifikasi_selesai"]  # then a new check-in, a new recording
    # away and referred people leave the target from wherever they are still to be served
    for status in ("belum_dipanggil", "dipanggil", "hadir", "tidak_hadir", "gagal_rekam",
                   "tidak_dapat_dilayani", "klarifikasi_selesai"):
        assert {"rekam_luar_daerah", "dirujuk"} <= t[status], status
    # a recorded person waits for 17 or for blank cards before the card
    for status in ("terekam", "sudah_rekam"):
        assert {"menunggu_17", "menunggu_blangko", "ktp_dicetak", "suket"} <= t[status]
    assert "ktp_dicetak" in t["menunggu_17"] and "ktp_dicetak" in t["menunggu_blangko"]
    assert "suket" in t["menunggu_blangko"]  # blanks out: a Suket meanwhile
    # every code of before is still there
    assert {"belum_dipanggil", "dipanggil", "hadir", "terekam", "gagal_rekam", "tidak_hadir",
            "sudah_rekam", "tidak_dapat_dilayani", "ktp_dicetak", "ktp_diterima",
            "suket"} <= set(STATUS_LABELS)


def test_reason_and_key_tables() -> None:
    assert set(desk_rules.REASONS) == {"sidik_jari", "iris_lensa", "sistem", "lainnya"}
    assert set(desk_rules.RECORDED_NOTES) == {"tanpa_jari"}
    assert set(desk_rules.NOT_SERVED) == {"meninggal", "nik_tidak_ada_siak",
                                          "tidak_ditemukan_alamat"}
    assert set(desk_rules.AWAY) == {"pindah", "luar_kota"}
    assert set(desk_rules.OUTCOME_KEYS) == desk_rules.DESK_KINDS
    keys = [*desk_rules.OUTCOME_KEYS.values(), desk_rules.TANPA_JARI_KEY]
    assert len(set(keys)) == len(keys)
    # old reasons still read in words
    assert desk_rules.reason_label("tidak_ditemukan") == "Data tidak ditemukan"
    assert desk_rules.reason_label("tanpa_jari").startswith("Tanpa jari")


def test_every_status_is_classified_for_the_fold() -> None:
    assert {"menunggu_17", "menunggu_blangko", "terekam", "sudah_rekam"} <= RECORDED
    assert {"data_ganda"} == HELD and KEPT == RECORDED | HELD
    assert not KEPT & SETBACK
    assert {"rekam_luar_daerah", "dirujuk"} <= SETBACK
    unclassified = set(STATUS_LABELS) - KEPT - SETBACK
    # they move a kept person on: central's duplicate and failure reports, the
    # clarification, and the card's steps
    assert unclassified == {"gagal_rekam", "klarifikasi_selesai"}


def two_offices(*events: tuple[str, str, int | None]) -> str:
    """The status of events (kind, office, undoes) in order, from two offices."""
    return fold_ordered([(i, kind, office, undoes)
                         for i, (kind, office, undoes) in enumerate(events, start=1)])[0]


def test_new_states_in_the_fold_across_offices() -> None:
    # recorded-type waits are not set back by another office's no-show or call
    for waiting in ("menunggu_17", "menunggu_blangko"):
        assert two_offices(("hadir", "A", None), ("terekam", "A", None),
                           (waiting, "A", None), ("tidak_hadir", "B", None),
                           ("dipanggil", "B", None)) == waiting
    # a duplicate waits for its clarification, wherever that is done
    held = (("hadir", "A", None), ("data_ganda", "A", None))
    assert two_offices(*held, ("tidak_hadir", "B", None), ("hadir", "B", None)) == \
        "data_ganda"
    assert two_offices(*held, ("klarifikasi_selesai", "kota", None),
                       ("hadir", "kota", None)) == "hadir"
    # a stale referral from another office does not undo a recording
    assert two_offices(("hadir", "A", None), ("terekam", "A", None),
                       ("dirujuk", "B", None)) == "terekam"
    # the office a person was referred to goes on with them
    assert two_offices(("dirujuk", "A", None), ("dipanggil", "B", None),
                       ("hadir", "B", None), ("terekam", "B", None)) == "terekam"


BORN = "2010-06-15"  # 16 on 15 June 2026, 17 on 15 June 2027


@pytest.mark.parametrize(("kind", "day", "marital", "refused"), [
    ("terekam", dt.date(2026, 6, 14), "B", "mulai umur 16 tahun (15 Juni 2026)"),
    ("gagal_rekam", dt.date(2026, 6, 14), None, "mulai umur 16"),
    ("data_ganda", dt.date(2026, 6, 14), "S", "mulai umur 16"),  # marriage: the card only
    ("terekam", dt.date(2026, 6, 15), "B", None),  # the sixteenth birthday itself
    ("ktp_dicetak", dt.date(2027, 6, 14), "B", "mulai umur 17 tahun (15 Juni 2027)"),
    ("ktp_diterima", dt.date(2027, 6, 14), None, "Menunggu usia 17"),
    ("menunggu_blangko", dt.date(2027, 6, 14), "B", "mulai umur 17"),
    ("ktp_dicetak", dt.date(2027, 6, 15), "B", None),
    ("ktp_dicetak", dt.date(2026, 7, 1), "S", None),  # married: the card at 16
    ("ktp_dicetak", dt.date(2026, 7, 1), "P", None),
    ("menunggu_17", dt.date(2026, 7, 1), "B", None),
    ("menunggu_17", dt.date(2027, 6, 15), "B", "sudah berumur 17 tahun"),
    ("menunggu_17", dt.date(2026, 7, 1), "S", "sudah/pernah kawin"),
    ("hadir", dt.date(2024, 1, 1), "B", None),  # coming in is never refused for age
    ("suket", dt.date(2026, 7, 1), "B", None),
])
def test_age_rules(kind: str, day: dt.date, marital: str | None, refused: str | None
                   ) -> None:
    error = desk_rules.age_refusal(kind, name="Ani", birth_date=BORN, marital=marital,
                                   today=day)
    if refused is None:
        assert error is None
    else:
        assert isinstance(error, UserError) and refused in error.message
    assert desk_rules.offered("hadir" if kind in desk_rules.RECORDING else "terekam", kind,
                              birth_date=BORN, marital=marital, today=day) == (
        refused is None and desk_rules.allowed(
            "hadir" if kind in desk_rules.RECORDING else "terekam", kind))
    # no birth date: nothing refused on age
    assert desk_rules.age_refusal(kind, name="Ani", birth_date=None, marital=None,
                                  today=day) is None


def test_fold_examples() -> None:
    assert fold([]) == "belum_dipanggil"
    assert fold([Ev(1, "dipanggil"), Ev(2, "hadir")]) == "hadir"
    assert fold([Ev(1, "dipanggil"), Ev(2, "hadir"), Ev(3, "batal", 2)]) == "dipanggil"
    # scheduling cancels a summons by undoing its 'dipanggil', even under a later event
    assert fold([Ev(1, "dipanggil"), Ev(2, "hadir"), Ev(3, "batal", 1)]) == "hadir"
    assert fold([Ev(1, "dipanggil"), Ev(2, "batal", 1)]) == "belum_dipanggil"


# An operation: ('event', kind) or ('undo', None). Kinds from every status, so many are
# refused; the machine must then change nothing.
KINDS = sorted(STATUS_LABELS)
OPS = st.lists(st.one_of(st.tuples(st.just("event"), st.sampled_from(KINDS)),
                         st.tuples(st.just("undo"), st.none())), max_size=60)


class Machine:
    """The desk's rules on an in-memory event list, with a cached status kept as the
    database keeps it: set on an event, refolded on an undo."""

    def __init__(self) -> None:
        self.events: list[Ev] = []
        self.status = "belum_dipanggil"

    def event(self, kind: str) -> bool:
        if not desk_rules.allowed(self.status, kind):
            return False
        self.events.append(Ev(len(self.events) + 1, kind))
        self.status = kind
        return True

    def undo(self) -> bool:
        alive = surviving(self.events)
        if not alive:
            return False
        self.events.append(Ev(len(self.events) + 1, "batal", alive[-1].id))
        self.status = fold(self.events)
        return True


@settings(max_examples=400, deadline=None)
@given(OPS)
def test_any_sequence_folds_like_a_replay(ops: list[tuple[str, str | None]]) -> None:
    machine = Machine()
    for op, kind in ops:
        before = (list(machine.events), machine.status)
        done = machine.event(kind) if op == "event" and kind else machine.undo()
        if not done:  # refused: nothing changed
            assert (machine.events, machine.status) == before
        # the cached status is always the fold of the events from scratch
        assert machine.status == fold(machine.events)
        # and the surviving events are a path of allowed transitions from the start
        state = "belum_dipanggil"
        for e in surviving(machine.events):
            assert desk_rules.allowed(state, e.kind), (state, e.kind)
            state = e.kind
        assert state == machine.status


@settings(max_examples=200, deadline=None)
@given(OPS)
def test_undo_everything_returns_to_the_start(ops: list[tuple[str, str | None]]) -> None:
    machine = Machine()
    for op, kind in ops:
        _ = machine.event(kind) if op == "event" and kind else machine.undo()
    while machine.undo():
        pass
    assert machine.status == "belum_dipanggil" == fold(machine.events)
