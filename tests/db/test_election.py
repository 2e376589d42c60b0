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
