"""The desk's state machine as pure functions: the fold of a person's events, the table
of allowed transitions, and undo by a correcting event (docs/architecture.md, docs/domain.md)."""

from __future__ import annotations

from typing import NamedTuple

from hypothesis import given, settings
from hypothesis import strategies as st

from ektp_desk.core import desk
from ektp_desk.core.status import STATUS_LABELS, fold_ordered


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
    assert set(desk.TRANSITIONS) == set(STATUS_LABELS)
    for targets in desk.TRANSITIONS.values():
        assert targets <= set(STATUS_LABELS)
        assert "belum_dipanggil" not in targets  # only undo leads back to the start


def test_the_table() -> None:
    t = desk.TRANSITIONS
    assert "hadir" in t["dipanggil"] and "hadir" in t["belum_dipanggil"]  # walk-ins
    assert "terekam" not in t["dipanggil"]  # no recording by proxy: hadir first
    assert "terekam" not in t["gagal_rekam"]  # a new try needs a new check-in
    assert t["hadir"] >= {"terekam", "gagal_rekam", "sudah_rekam", "tidak_dapat_dilayani"}
    assert "tidak_hadir" in t["dipanggil"] and "dipanggil" in t["tidak_hadir"]
    assert t["terekam"] >= {"ktp_dicetak", "suket"} and t["ktp_dicetak"] == {"ktp_diterima"}
    assert t["ktp_diterima"] == frozenset()
    assert not desk.allowed("hadir", "hadir")  # a double scan is refused


def test_reason_and_key_tables() -> None:
    assert set(desk.REASONS) == {"sidik_jari", "tanpa_jari", "iris_lensa", "data_ganda",
                                 "sistem", "lainnya"}
    assert set(desk.NOT_SERVED) == {"pindah", "meninggal", "luar_kota", "tidak_ditemukan"}
    assert set(desk.OUTCOME_KEYS) <= desk.DESK_KINDS
    assert len(set(desk.OUTCOME_KEYS.values())) == len(desk.OUTCOME_KEYS)


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
        if not desk.allowed(self.status, kind):
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
            assert desk.allowed(state, e.kind), (state, e.kind)
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
