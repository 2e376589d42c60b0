"""The Jemput Bola page's tables: places, the visits of a day, a visit's people and the
proposals for outreach."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt

from ektp_desk.core import nik as nik_rules
from ektp_desk.core import regions
from ektp_desk.core.calendar import format_time_range
from ektp_desk.core.people import format_count
from ektp_desk.core.scheduling import LOCATION_KINDS, PROPOSAL_LABELS
from ektp_desk.core.scheduling.outreach import VisitInfo, VisitPerson
from ektp_desk.core.scheduling.places import Place
from ektp_desk.core.scheduling.proposals import ProposedVisit
from ektp_desk.core.status import STATUS_LABELS
from ektp_desk.ui.models.rows_model import RowsModel

VISIT_STATES = {"rencana": QT_TRANSLATE_NOOP("VisitsModel", "Rencana"),
                "selesai": QT_TRANSLATE_NOOP("VisitsModel", "Selesai"),
                "batal": QT_TRANSLATE_NOOP("VisitsModel", "Batal")}


def hours_text(visit: VisitInfo) -> str:
    if visit.start and visit.end:
        return format_time_range(visit.start, visit.end)
    return QCoreApplication.translate("VisitsModel", "jam menyusul")


def state_text(state: str) -> str:
    return QCoreApplication.translate("VisitsModel", VISIT_STATES.get(state, state))


class PlacesModel(RowsModel):
    CONTEXT = "PlacesModel"
    COLUMNS = (QT_TRANSLATE_NOOP("PlacesModel", "Jenis"),
               QT_TRANSLATE_NOOP("PlacesModel", "Nama"),
               QT_TRANSLATE_NOOP("PlacesModel", "Kelurahan"),
               QT_TRANSLATE_NOOP("PlacesModel", "Kontak"),
               QT_TRANSLATE_NOOP("PlacesModel", "Telepon"),
               QT_TRANSLATE_NOOP("PlacesModel", "Status"))

    def cell(self, row: Place, column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        contact = " · ".join(x for x in (row.contact_name, row.contact_title) if x)
        active = (QCoreApplication.translate("PlacesModel", "Aktif") if row.active
                  else QCoreApplication.translate("PlacesModel", "Nonaktif"))
        return (LOCATION_KINDS.get(row.kind, row.kind), row.name,
                regions.default_table().kelurahan_name(row.kelurahan_code),
                contact, row.contact_phone or "", active)[column]


class VisitsModel(RowsModel):
    CONTEXT = "VisitsModel"
    COLUMNS = (QT_TRANSLATE_NOOP("VisitsModel", "Jam"),
               QT_TRANSLATE_NOOP("VisitsModel", "Tempat"),
               QT_TRANSLATE_NOOP("VisitsModel", "Warga"),
               QT_TRANSLATE_NOOP("VisitsModel", "Status"))

    def cell(self, row: VisitInfo, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        people = format_count(row.people)
        if row.capacity:
            people += f"/{format_count(row.capacity)}"
        return (hours_text(row), row.location, people, state_text(row.state))[column]


class VisitPeopleModel(RowsModel):
    CONTEXT = "VisitPeopleModel"
    COLUMNS = (QT_TRANSLATE_NOOP("VisitPeopleModel", "Nama"),
               QT_TRANSLATE_NOOP("VisitPeopleModel", "NIK"),
               QT_TRANSLATE_NOOP("VisitPeopleModel", "Kelurahan"),
               QT_TRANSLATE_NOOP("VisitPeopleModel", "RT/RW"),
               QT_TRANSLATE_NOOP("VisitPeopleModel", "Status"),
               QT_TRANSLATE_NOOP("VisitPeopleModel", "Hasil kunjungan"))

    def cell(self, row: VisitPerson, column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        outcome = STATUS_LABELS.get(row.outcome, row.outcome) if row.outcome else "–"
        if row.reason:
            outcome += f" ({row.reason})"
        return (row.name, nik_rules.mask(row.nik),
                regions.default_table().kelurahan_name(row.kelurahan_code),
                f"{row.rt or '-'}/{row.rw or '-'}", STATUS_LABELS.get(row.status, row.status),
                outcome)[column]


class ProposalsModel(RowsModel):
    CONTEXT = "ProposalsModel"
    COLUMNS = (QT_TRANSLATE_NOOP("ProposalsModel", "Jenis"),
               QT_TRANSLATE_NOOP("ProposalsModel", "Tempat atau wilayah"),
               QT_TRANSLATE_NOOP("ProposalsModel", "Warga"),
               QT_TRANSLATE_NOOP("ProposalsModel", "Catatan"))

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.places: dict[int, str] = {}

    def cell(self, row: ProposedVisit, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if row.location_id is not None:
            where = self.places.get(row.location_id, str(row.location_id))
        else:
            kel = regions.default_table().kelurahan_name(row.kelurahan_code)
            where = f"{kel or '-'} RW {row.rw or '-'}" if row.kelurahan_code else "–"
        kind = PROPOSAL_LABELS.get(row.kind, row.kind)
        return (kind[:1].upper() + kind[1:], where,
                format_count(len(row.person_ids)), row.note)[column]
