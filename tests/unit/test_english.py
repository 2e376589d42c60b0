"""One text pipeline: with the language switched to English (as `--lang en` does), the
core's words on screens come out in English; in Indonesian they are as before."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from ektp_desk.core import calendar, messages, nik, scheduling, settings, status
from ektp_desk.core.errors import UserError


@pytest.fixture
def english() -> Iterator[None]:
    before = messages.language()
    messages.set_language("en")
    yield
    messages.set_language(before)


def test_every_message_has_both_languages() -> None:
    assert all(indonesian and english for indonesian, english in messages.CATALOG.values())


def test_status_and_category_labels_follow_the_language(english: None) -> None:
    assert status.STATUS_LABELS["terekam"] == "Recorded"
    assert status.STATUS_LABELS.get("gagal_rekam") == "Recording failed"
    assert status.CATEGORY_LABELS["pemula"] == "First-time voter"
    messages.set_language("id")
    assert status.STATUS_LABELS["terekam"] == "Terekam"
    assert dict(status.CATEGORY_LABELS.items())["pemula"] == "Pemilih pemula"


def test_labels_keep_the_codes_and_their_order() -> None:
    assert status.STATUSES[0] == "belum_dipanggil" and "suket" in status.STATUS_LABELS
    assert "nothing" not in status.STATUS_LABELS
    assert status.STATUS_LABELS.get("nothing", "nothing") == "nothing"


def test_nik_reasons_follow_the_language(english: None) -> None:
    with pytest.raises(nik.NikError) as refused:
        nik.parse("33750141020700", dt.date(2026, 11, 28))
    assert str(refused.value) == "NIK must be 16 digits, found 14 (33750141020700)"
    assert nik.reason_text(nik.EMPTY) == "NIK is empty"
    assert nik.reason_text(nik.EMPTY, lang="id") == "NIK kosong"


def test_calendar_words_follow_the_language_but_day_and_month_names_do_not(english: None
                                                                           ) -> None:
    day = dt.date(2024, 2, 14)
    assert calendar.Holiday(day, "Pemilu", "libur").kind_label == "National holiday"
    assert calendar.HOLIDAY_KINDS["cuti_bersama"] == "Collective leave day"
    # Day and month names are Indonesian by law, in any language.
    assert calendar.format_date_id(day) == "Rabu, 14 Februari 2024"
    assert calendar.weekday_names([0, 4]) == "Senin, Jumat"
    with pytest.raises(UserError) as refused:
        calendar.parse_weekday("Funday")
    assert refused.value.message == "Unknown weekday: Funday"


def test_scheduling_words_follow_the_language(english: None) -> None:
    assert scheduling.LOCATION_KINDS["sekolah"] == "School"
    assert scheduling.LETTER_LABELS[scheduling.LETTER_REPRINT] == "Needs reprinting"
    assert scheduling.reason_text("penuh") == "no place left at their location in the date range"
    assert tuple(scheduling.LOCATION_KINDS)[:2] == ("kecamatan", "dindukcapil")


def test_settings_words_follow_the_language(english: None) -> None:
    spec = settings.BY_KEY["slot_minutes"]
    assert spec.label == "Length of a session (minutes)"
    assert spec.help.startswith("Service hours are cut into sessions")
    assert settings.BY_KEY["desk_name"].help == ""
    with pytest.raises(UserError) as refused:
        settings.validate("slot_minutes", 5)
    assert refused.value.message == \
        "Invalid value for setting 'Length of a session (minutes)': at least 15"
    messages.set_language("id")
    assert spec.label == "Lama satu sesi jadwal (menit)"
