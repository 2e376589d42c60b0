"""The Jemput Bola page's tables: places, the visits of a day, a visit's people and the
proposals for outreach."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ektp_desk.core import nik as nik_rules
from ektp_desk.core import regions
from ektp_desk.core.calendar import format_time_range
from ektp_desk.core.people import format_count
from ektp_desk.core.scheduling import LOCATION_KINDS, PROPOSAL_LABELS
from ektp_desk.core.scheduling.outreach import VisitInfo, VisitPerson
from ektp_desk.core.scheduling.places import Place
from ektp_desk.core.scheduling.proposals import ProposedVisit
from ektp_desk.core.status import STATUS_LABELS
from ektp_desk.ui.models.rows_model import ALIGN_RIGHT, Column, ColumnsModel

VISIT_STATES = {"rencana": QT_TRANSLATE_NOOP("VisitsModel", "Rencana"),
                "selesai": QT_TRANSLATE_NOOP("VisitsModel", "Selesai"),
                "batal": QT_TRANSLATE_NOOP("VisitsModel", "Batal")}


def hours_text(visit: VisitInfo) -> str:
    if visit.start and visit.end:
        return format_time_range(visit.start, visit.end)
    return QCoreApplication.translate("VisitsModel", "jam menyusul")


def state_text(state: str) -> str:
    return QCoreApplication.translate("VisitsModel", VISIT_STATES.get(state, state))


def _kelurahan(code: str | None) -> str:
    return regions.default_table().kelurahan_name(code)


def _contact(place: Place) -> str:
    return " · ".join(x for x in (place.contact_name, place.contact_title) if x)


def _active(place: Place) -> str:
    return (QCoreApplication.translate("PlacesModel", "Aktif") if place.active
            else QCoreApplication.translate("PlacesModel", "Nonaktif"))


def _people(visit: VisitInfo) -> str:
    people = format_count(visit.people)
    return f"{people}/{format_count(visit.capacity)}" if visit.capacity else people


def _outcome(person: VisitPerson) -> str:
    outcome = STATUS_LABELS.get(person.outcome, person.outcome) if person.outcome else "–"
    return f"{outcome} ({person.reason})" if person.reason else outcome


def _proposal_kind(proposal: ProposedVisit) -> str:
    kind = PROPOSAL_LABELS.get(proposal.kind, proposal.kind)
    return kind[:1].upper() + kind[1:]


class PlacesModel(ColumnsModel):
    CONTEXT = "PlacesModel"
    TABLE = (Column(QT_TRANSLATE_NOOP("PlacesModel", "Jenis"),
                    lambda p: LOCATION_KINDS.get(p.kind, p.kind)),
             Column(QT_TRANSLATE_NOOP("PlacesModel", "Nama"), lambda p: p.name),
             Column(QT_TRANSLATE_NOOP("PlacesModel", "Kelurahan"),
                    lambda p: _kelurahan(p.kelurahan_code)),
             Column(QT_TRANSLATE_NOOP("PlacesModel", "Kontak"), _contact),
             Column(QT_TRANSLATE_NOOP("PlacesModel", "Telepon"), lambda p: p.contact_phone or ""),
             Column(QT_TRANSLATE_NOOP("PlacesModel", "Status"), _active))


class VisitsModel(ColumnsModel):
    CONTEXT = "VisitsModel"
    TABLE = (Column(QT_TRANSLATE_NOOP("VisitsModel", "Jam"), hours_text),
             Column(QT_TRANSLATE_NOOP("VisitsModel", "Tempat"), lambda v: v.location),
             Column(QT_TRANSLATE_NOOP("VisitsModel", "Warga"), _people, ALIGN_RIGHT),
             Column(QT_TRANSLATE_NOOP("VisitsModel", "Status"), lambda v: state_text(v.state)))


class VisitPeopleModel(ColumnsModel):
    CONTEXT = "VisitPeopleModel"
    TABLE = (Column(QT_TRANSLATE_NOOP("VisitPeopleModel", "Nama"), lambda p: p.name),
             Column(QT_TRANSLATE_NOOP("VisitPeopleModel", "NIK"),
                    lambda p: nik_rules.mask(p.nik)),
             Column(QT_TRANSLATE_NOOP("VisitPeopleModel", "Kelurahan"),
                    lambda p: _kelurahan(p.kelurahan_code)),
             Column(QT_TRANSLATE_NOOP("VisitPeopleModel", "RT/RW"),
                    lambda p: f"{p.rt or '-'}/{p.rw or '-'}"),
             Column(QT_TRANSLATE_NOOP("VisitPeopleModel", "Status"),
                    lambda p: STATUS_LABELS.get(p.status, p.status)),
             Column(QT_TRANSLATE_NOOP("VisitPeopleModel", "Hasil kunjungan"), _outcome))


class ProposalsModel(ColumnsModel):
    CONTEXT = "ProposalsModel"

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.places: dict[int, str] = {}
        # the place's column reads self.places: the columns are this model's own
        self.TABLE = (
            Column(QT_TRANSLATE_NOOP("ProposalsModel", "Jenis"), _proposal_kind),
            Column(QT_TRANSLATE_NOOP("ProposalsModel", "Tempat atau wilayah"), self._where),
            Column(QT_TRANSLATE_NOOP("ProposalsModel", "Warga"),
                   lambda r: format_count(len(r.person_ids)), ALIGN_RIGHT),
            Column(QT_TRANSLATE_NOOP("ProposalsModel", "Catatan"), lambda r: r.note))

    def _where(self, row: ProposedVisit) -> str:
        if row.location_id is not None:
            return self.places.get(row.location_id, str(row.location_id))
        kel = _kelurahan(row.kelurahan_code)
        return f"{kel or '-'} RW {row.rw or '-'}" if row.kelurahan_code else "–"
