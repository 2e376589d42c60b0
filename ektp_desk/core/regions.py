"""Region tables (Kemendagri codes) loaded from resources/regions, with loose name matching.

Another city is another JSON file; no code changes (docs/domain.md, "Regions").
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from ektp_desk import paths

DEFAULT_REGION_FILE = "3375_kota_pekalongan.json"

_PREFIXES = re.compile(r"^(KEL(URAHAN)?|DESA|DS|KEC(AMATAN)?)\.?\s+")
_NOT_ALNUM = re.compile(r"[^A-Z0-9]+")


def fold(text: str) -> str:
    """Upper case, accents removed, everything but letters and digits dropped.

    So "Noyontaan Sari", "noyontaan-sari" and "NOYONTAANSARI" are the same key.
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).upper().strip()
    text = _PREFIXES.sub("", text)
    return _NOT_ALNUM.sub("", text)


@dataclass(frozen=True, slots=True)
class Kelurahan:
    code: str  # 10 digits
    name: str
    kecamatan_code: str  # 6 digits


@dataclass(frozen=True, slots=True)
class Kecamatan:
    code: str  # 6 digits
    name: str


@dataclass(frozen=True, slots=True)
class Match:
    kelurahan: Kelurahan
    old_name: bool  # matched through a variant (e.g. a pre-2015 name)


class RegionTable:
    def __init__(self, data: dict) -> None:
        self.city_code: str = data["city"]["code"]
        self.city_name: str = data["city"]["name"]
        self.kecamatan: dict[str, Kecamatan] = {}
        self.kelurahan: dict[str, Kelurahan] = {}
        self._by_name: dict[str, list[tuple[Kelurahan, bool]]] = {}
        self._kecamatan_by_name: dict[str, Kecamatan] = {}
        for kec in data["kecamatan"]:
            kecamatan = Kecamatan(kec["code"], kec["name"])
            self.kecamatan[kecamatan.code] = kecamatan
            self._kecamatan_by_name[fold(kecamatan.name)] = kecamatan
            for kel in kec["kelurahan"]:
                kelurahan = Kelurahan(kecamatan.code + kel["code"], kel["name"], kecamatan.code)
                self.kelurahan[kelurahan.code] = kelurahan
                self._add(kel["name"], kelurahan, False)
                for variant in kel.get("variants", []):
                    self._add(variant, kelurahan, True)

    def _add(self, name: str, kelurahan: Kelurahan, old: bool) -> None:
        self._by_name.setdefault(fold(name), []).append((kelurahan, old))

    @lru_cache(maxsize=4096)  # noqa: B019 - tables live for the whole process
    def match_kelurahan(self, name: str, kecamatan_code: str | None = None) -> Match | None:
        """The kelurahan a written name means, or None when unknown or ambiguous.

        Accepts a name or a code (4 or 10 digits, dotted or not). Within a known kecamatan
        a name that exists in several kecamatan is resolved.
        """
        if not name:
            return None
        key = fold(name)
        if key.isdigit():
            if len(key) == 10 and key in self.kelurahan:
                return Match(self.kelurahan[key], False)
            if len(key) == 4 and kecamatan_code:
                full = kecamatan_code + key
                if full in self.kelurahan:
                    return Match(self.kelurahan[full], False)
            return None
        candidates = self._by_name.get(key, [])
        if kecamatan_code:
            inside = [c for c in candidates if c[0].kecamatan_code == kecamatan_code]
            candidates = inside or candidates
        exact = [c for c in candidates if not c[1]]
        chosen = exact or candidates
        distinct = {c[0].code for c in chosen}
        if len(distinct) != 1:
            return None
        kelurahan, old = chosen[0]
        return Match(kelurahan, old)

    @lru_cache(maxsize=256)  # noqa: B019
    def match_kecamatan(self, name: str) -> Kecamatan | None:
        if not name:
            return None
        key = fold(name)
        if key.isdigit():
            return self.kecamatan.get(key)
        found = self._kecamatan_by_name.get(key)
        if found is None and key.startswith("PEKALONGAN") is False:
            found = self._kecamatan_by_name.get("PEKALONGAN" + key)  # "Barat" alone
        return found

    def kelurahan_in(self, kecamatan_code: str) -> list[Kelurahan]:
        return [k for k in self.kelurahan.values() if k.kecamatan_code == kecamatan_code]

    def kelurahan_name(self, code: str | None) -> str:
        kel = self.kelurahan.get(code or "")
        return kel.name if kel else ""

    def kecamatan_name(self, code: str | None) -> str:
        kec = self.kecamatan.get(code or "")
        return kec.name if kec else ""


def load(path: Path) -> RegionTable:
    return RegionTable(json.loads(path.read_text(encoding="utf-8")))


@cache
def default_table() -> RegionTable:
    return load(paths.resource("regions", DEFAULT_REGION_FILE))


def format_code(code: str) -> str:
    """3375011002 → 33.75.01.1002"""
    if len(code) == 10:
        return f"{code[:2]}.{code[2:4]}.{code[4:6]}.{code[6:]}"
    if len(code) == 6:
        return f"{code[:2]}.{code[2:4]}.{code[4:6]}"
    return code
