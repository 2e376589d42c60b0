"""One text pipeline: with the language switched to English (as `--lang en` does), the
core's words on screens come out in English; in Indonesian they are as before."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ektp_desk.core import messages, status


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
