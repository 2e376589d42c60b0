"""The election the drive works towards comes from the settings, and says when it has passed."""

import datetime as dt

from ektp_desk.core import election, settings


def test_the_election_is_read_from_the_settings(db):
    settings.save_many(db, {"election_name": "Pemilihan Umum 2029",
                            "election_date": "2029-02-14"})
    assert election.current(db) == election.Election("Pemilihan Umum 2029",
                                                     dt.date(2029, 2, 14))


def test_a_passed_polling_day_is_flagged_in_words(db):
    settings.save_many(db, {"election_name": "Pemilihan Umum 2024",
                            "election_date": "2024-02-14"})
    current = election.current(db)
    assert not current.passed(dt.date(2024, 2, 14))
    assert current.passed_warning(dt.date(2024, 2, 14)) is None
    warning = current.passed_warning(dt.date(2026, 12, 7))
    assert "Pemilihan Umum 2024 (14 Februari 2024) sudah lewat" in warning


def test_first_time_voters_follow_the_previous_election_set(db):
    """Saving another previous election day derives pemula / lainnya anew, and leaves the
    categories the list gave (inmates, disabilities) alone."""
    from ektp_desk.core import demo, fields

    demo.fill(db, 200, build_index=False, previous_election=dt.date(2019, 4, 17))

    def rows():
        return db.execute_sql("SELECT id, birth_date, category FROM person").fetchall()

    before = {pid: category for pid, _, category in rows()}
    changes = settings.save_many(db, {"previous_election_date": "2024-02-14"})
    after = rows()
    moved = [pid for pid, _, category in after if category != before[pid]]
    assert moved and changes.people
    cutoff = fields.years_before(dt.date(2024, 2, 14), 17).isoformat()
    for pid, birth, category in after:
        if before[pid] in ("warga_binaan", "disabilitas"):
            assert category == before[pid]
        elif birth is not None:
            assert category == ("pemula" if birth > cutoff else "lainnya"), (pid, birth)
    audit = db.execute_sql("SELECT detail FROM audit_log WHERE action = 'setting' "
                           "ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert f'"kategori_diubah": {len(moved)}' in audit
