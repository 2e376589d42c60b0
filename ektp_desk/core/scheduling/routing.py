"""Who goes where: the categories served by outreach instead of an office summons
(docs/domain.md, "Routing by category").

By default inmates (*warga binaan*) are recorded inside their rutan/lapas and people with
disabilities at home: the planner never summons them to an office, it proposes them for a
visit. Pupils can be grouped by their school's list. Which category goes where is a
setting each (``route_warga_binaan``, ``route_disabilitas``, ``route_pelajar``); this
module reads them and says, person by person, which kind of visit they are proposed for.
The planner (:mod:`.planner`) keeps them apart; :mod:`.proposals` groups them into
proposed visits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import peewee as pw

from ektp_desk.core import messages, models, settings
from ektp_desk.core.errors import UserError
from ektp_desk.core.scheduling.limits import day_rules, pelajar_birth_after

LAPAS, RUMAH, SEKOLAH = "lapas", "rumah", "sekolah"
PROPOSAL_KINDS = (LAPAS, RUMAH, SEKOLAH)
PROPOSAL_LABELS = messages.Labels("route_kind_", {
    LAPAS: ("lapas", "prison"),
    RUMAH: ("rumah", "home"),
    SEKOLAH: ("sekolah", "school"),
})
# the setting values that send a category to outreach
TO_LAPAS, TO_RUMAH, TO_SEKOLAH = "kunjungan_lapas", "kunjungan_rumah", "sekolah"
SCHOOL_KINDS = ("sekolah", "pesantren")

messages.register({
    "route_not_school": (
        "Lokasi nomor {location_id} bukan sekolah atau pesantren: daftar pelajar hanya "
        "untuk sekolah dan pesantren.",
        "Location number {location_id} is not a school or pesantren: a pupils' list is "
        "only for schools and pesantren."),
})


@dataclass(frozen=True)
class Routes:
    """The routing settings, and the pupils found on school lists (person → school)."""

    warga_binaan: str = TO_LAPAS
    disabilitas: str = TO_RUMAH
    pelajar: str = "kantor"
    pupil_born_after: str = "9999-12-31"  # ISO: born after it = a pupil
    school_of: Mapping[int, int] = field(default_factory=dict)

    def kind_for(self, person_id: int, category: str, birth: str) -> str | None:
        """The kind of visit this person is proposed for, or None: summoned to an office.
        A pupil on a school list goes to the school even with a disability: that is where
        they are in the day."""
        if category == "warga_binaan" and self.warga_binaan == TO_LAPAS:
            return LAPAS
        if (self.pelajar == TO_SEKOLAH and person_id in self.school_of
                and birth > self.pupil_born_after):
            return SEKOLAH
        if category == "disabilitas" and self.disabilitas == TO_RUMAH:
            return RUMAH
        return None


def routes(db: pw.Database, school_lists: Mapping[int, Sequence[int]] | None = None
           ) -> Routes:
    """The routes from the settings. ``school_lists``: a school's (or pesantren's)
    location id → the people found on its list (:func:`match_people_list`); a pupil on
    two lists goes to the first. UserError for a location that is not a school."""
    school_of: dict[int, int] = {}
    for location_id, person_ids in (school_lists or {}).items():
        row = (models.Location.select(models.Location.kind)
               .where(models.Location.id == location_id).first(db))
        if row is None or row.kind not in SCHOOL_KINDS:
            raise UserError("route_not_school", location_id=location_id)
        for person_id in person_ids:
            school_of.setdefault(int(person_id), int(location_id))
    return Routes(str(settings.get(db, "route_warga_binaan")),
                  str(settings.get(db, "route_disabilitas")),
                  str(settings.get(db, "route_pelajar")),
                  pelajar_birth_after(db, day_rules(db)), school_of)
