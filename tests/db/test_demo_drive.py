"""The demo: plausible people of Kota Pekalongan (core/demo.py)."""

from __future__ import annotations

import datetime as dt
import re

from ektp_desk.core import demo
from ektp_desk.core.fields import age_on


def people(db) -> list[tuple]:
    return list(db.execute_sql("SELECT name, sex, birth_date, category FROM person"))


def test_demo_names_are_plausible_for_a_kpu_list(db):
    demo.fill(db, 3000, build_index=False)
    for name, sex, _born, _category in people(db):
        words = name.split()
        assert name == name.upper() and re.fullmatch(r"[A-Z' ]+", name), name
        assert "  " not in name and len(words) == len(set(words)), name
        if sex == "L":
            assert "BINTI" not in words and "PUTRI" not in words, name
        else:
            assert "BIN" not in words and "PUTRA" not in words, name
        if "BIN" in words or "BINTI" in words:
            assert words[-2] in ("BIN", "BINTI"), name  # followed by the father's name
    names = [row[0] for row in people(db)]
    assert any(" BIN " in n for n in names) and any(" BINTI " in n for n in names)
    assert any(len(n.split()) == 1 for n in names)  # some older people have one name


def test_demo_first_time_voters_are_17_on_election_day_and_were_not_at_the_last(db):
    polling, previous = dt.date(2029, 2, 14), dt.date(2024, 2, 14)
    demo.fill(db, 2000, election=polling, previous_election=previous, build_index=False)
    rows = people(db)
    pemula = [dt.date.fromisoformat(born) for _n, _s, born, category in rows
              if category == "pemula"]
    assert len(pemula) >= 0.7 * len(rows)
    assert all(age_on(born, polling) >= 17 and age_on(born, previous) < 17 for born in pemula)
    others = [dt.date.fromisoformat(born) for _n, _s, born, category in rows
              if category in ("lainnya", "disabilitas")]
    assert others and all(age_on(born, previous) >= 17 for born in others)
