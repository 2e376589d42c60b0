"""The letters' jobs on the Profil Kantor page: the office profile, the letter texts and
the people a letter can be previewed for, read together; the profile and texts saved
together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import peewee as pw
from PySide6.QtCore import QCoreApplication

from ektp_desk.core import scheduling
from ektp_desk.core.calendar import format_date_id, format_time_range
from ektp_desk.core.jobs import Changes
from ektp_desk.core.letters import profile, templates
from ektp_desk.core.letters.profile import OfficeProfile
from ektp_desk.core.letters.templates import LetterTexts
from ektp_desk.core.text import display_name

PREVIEW_PEOPLE = 60


@dataclass(frozen=True)
class PreviewPerson:
    summons_id: int
    label: str
    round: int


@dataclass(frozen=True)
class Loaded:
    profile: OfficeProfile
    texts: LetterTexts
    people: list[PreviewPerson]


def preview_people(db: pw.Database, today: dt.date, limit: int = PREVIEW_PEOPLE
                   ) -> list[PreviewPerson]:
    """Some summoned people to preview a letter for: those of the sessions nearest today
    (coming ones first), at most `limit`, labelled for the page's list."""
    people: list[PreviewPerson] = []
    for person in scheduling.summoned_near(db, today, limit):
        label = (f"{display_name(person.name)} — {format_date_id(person.date)} "
                 f"{format_time_range(person.start, person.end)}")
        if person.round > 1:
            # the page's translation context: the label is the page's text
            label += QCoreApplication.translate(
                "ProfilKantorPage", " (panggilan ke-{n})").format(n=person.round)
        people.append(PreviewPerson(person.summons_id, label, person.round))
    return people


def load_all(db: pw.Database, today: dt.date) -> Loaded:
    """The office profile, the letter texts in force and the people to preview (a reader
    job)."""
    return Loaded(profile.load(db), templates.load_texts(db), preview_people(db, today))


@dataclass(frozen=True)
class SaveResult:
    changes: Changes = field(default_factory=lambda: Changes(settings=True, letters=True))


def save_all(db: pw.Database, values: Mapping[str, object],
             texts: Mapping[tuple[int, str], str | None]) -> SaveResult:
    """Store the profile and the letter texts in one transaction (all validated first by
    the core: one bad value and nothing is stored)."""
    with db.atomic():
        if values:
            profile.save(db, values)
        if texts:
            templates.save_texts(db, texts)
    return SaveResult()
