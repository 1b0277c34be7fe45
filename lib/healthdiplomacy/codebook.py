"""The codebook: partners, themes, their terms, cues and exclusions, as CSV data.

The shipped files live in ``healthdiplomacy/data/``; every loader takes a path
that defaults to the shipped file, so an analyst can edit a copy in a
spreadsheet. :func:`load_codebook` merges the shipped files with a user file or
folder: rows with the same key override, new rows extend.

Files (one concept each):

==================  =============================================================
partners.csv        partner_id, kind (country/region/organization/home), name_en, name_fa
partner_terms.csv   partner_id, lang, term, ambiguous (0/1), note
themes.csv          theme_id, label_en, label_fa, description
theme_terms.csv     theme_id, lang, term, note
cues.csv            cue (cooperation/clause_head/negative/country_word/stage:*), lang, term, note
exclusions.csv      lang, phrase, note: a phrase that blocks every term inside it
==================  =============================================================

>>> book = load_codebook()
>>> book.partner("AZ").name_en, book.theme("covid19").label_fa
('Azerbaijan', 'کووید-۱۹')
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path

import pandas as pd

FILES = {
    "partners": ("partners.csv", ["partner_id", "kind", "name_en", "name_fa"], ["partner_id"]),
    "partner_terms": ("partner_terms.csv", ["partner_id", "lang", "term", "ambiguous", "note"],
                      ["partner_id", "lang", "term"]),
    "themes": ("themes.csv", ["theme_id", "label_en", "label_fa", "description"], ["theme_id"]),
    "theme_terms": ("theme_terms.csv", ["theme_id", "lang", "term", "note"], ["theme_id", "lang", "term"]),
    "cues": ("cues.csv", ["cue", "lang", "term", "note"], ["cue", "lang", "term"]),
    "exclusions": ("exclusions.csv", ["lang", "phrase", "note"], ["lang", "phrase"]),
}
OPTIONAL_COLUMNS = {"note", "description", "ambiguous"}
PARTNER_KINDS = ("country", "region", "organization", "home")


class CodebookError(ValueError):
    """A codebook file is missing, malformed or inconsistent; names the file and line."""


@dataclass(frozen=True)
class Partner:
    """One partner of the codebook."""

    partner_id: str
    kind: str
    name_en: str
    name_fa: str


@dataclass(frozen=True)
class Theme:
    """One theme of the codebook."""

    theme_id: str
    label_en: str
    label_fa: str
    description: str = ""


def shipped_path(name: str) -> Path:
    """Path of a shipped codebook file, e.g. ``shipped_path("themes.csv")``.

    >>> shipped_path("themes.csv").name
    'themes.csv'
    """
    return Path(str(resources.files("healthdiplomacy").joinpath("data", name)))


def read_table(path: str | Path, columns: list[str]) -> pd.DataFrame:
    """Read one codebook CSV, checking its header and every row.

    Raises :class:`CodebookError` naming the file and line of the first problem.
    Empty cells become ``""``; lines starting with ``#`` are comments.

    >>> read_table(shipped_path("themes.csv"), FILES["themes"][1]).shape[1]
    4
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CodebookError(f"{path}: no such codebook file") from None
    except UnicodeDecodeError as exc:
        raise CodebookError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader, [])]
    missing = [c for c in columns if c not in header and c not in OPTIONAL_COLUMNS]
    if missing:
        raise CodebookError(f"{path}:1: missing column(s) {', '.join(missing)} (header: {', '.join(header)})")
    rows = []
    for line_number, values in enumerate(reader, start=2):
        if not values or (values[0].startswith("#")) or not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            raise CodebookError(f"{path}:{line_number}: expected {len(header)} fields, found {len(values)} "
                                "(a comma inside a value needs quotes)")
        row = dict(zip(header, (v.strip() for v in values)))
        required = [c for c in columns if c not in OPTIONAL_COLUMNS and not row.get(c)]
        if required:
            raise CodebookError(f"{path}:{line_number}: empty {', '.join(required)}")
        rows.append({c: row.get(c, "") for c in columns})
    return pd.DataFrame(rows, columns=columns)


def _merge(base: pd.DataFrame, extra: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    merged = pd.concat([base, extra], ignore_index=True)
    return merged.drop_duplicates(subset=keys, keep="last").reset_index(drop=True)


def _user_files(extra: str | Path) -> dict[str, Path]:
    """Map table names to the user's files: a folder of same-named CSVs, or one CSV."""
    extra = Path(extra)
    if extra.is_dir():
        found = {name: extra / fname for name, (fname, _, _) in FILES.items() if (extra / fname).is_file()}
        if not found:
            names = ", ".join(f for f, _, _ in FILES.values())
            raise CodebookError(f"{extra}: no codebook file in this folder (expected any of {names})")
        return found
    if not extra.is_file():
        raise CodebookError(f"{extra}: no such codebook file or folder")
    for name, (fname, _, _) in FILES.items():
        if extra.name == fname:
            return {name: extra}
    header = extra.read_text(encoding="utf-8-sig").split("\n", 1)[0]
    columns = {h.strip() for h in header.split(",")}
    for name, (_, required, _) in FILES.items():
        if set(required) - OPTIONAL_COLUMNS <= columns:
            return {name: extra}
    raise CodebookError(f"{extra}:1: header matches no codebook table ({header.strip()})")


@dataclass
class Codebook:
    """All codebook tables, validated. Build it with :func:`load_codebook`."""

    partners: pd.DataFrame
    partner_terms: pd.DataFrame
    themes: pd.DataFrame
    theme_terms: pd.DataFrame
    cues: pd.DataFrame
    exclusions: pd.DataFrame

    def __post_init__(self):
        self._validate()

    def _validate(self) -> None:
        bad_kind = self.partners.loc[~self.partners["kind"].isin(PARTNER_KINDS), "partner_id"]
        if len(bad_kind):
            raise CodebookError(f"partners: unknown kind for {', '.join(bad_kind)} (use {', '.join(PARTNER_KINDS)})")
        for table, column, known in ((self.partner_terms, "partner_id", self.partners["partner_id"]),
                                     (self.theme_terms, "theme_id", self.themes["theme_id"])):
            unknown = sorted(set(table[column]) - set(known))
            if unknown:
                raise CodebookError(f"{column}s used in terms but not defined: {', '.join(unknown[:10])}")

    @cached_property
    def _partners_by_id(self) -> dict[str, Partner]:
        return {r.partner_id: Partner(r.partner_id, r.kind, r.name_en, r.name_fa)
                for r in self.partners.itertuples(index=False)}

    @cached_property
    def _themes_by_id(self) -> dict[str, Theme]:
        return {r.theme_id: Theme(r.theme_id, r.label_en, r.label_fa, r.description)
                for r in self.themes.itertuples(index=False)}

    def partner(self, partner_id: str) -> Partner:
        """The :class:`Partner` with this id (``KeyError`` if unknown)."""
        return self._partners_by_id[partner_id]

    def theme(self, theme_id: str) -> Theme:
        """The :class:`Theme` with this id (``KeyError`` if unknown)."""
        return self._themes_by_id[theme_id]

    @property
    def theme_order(self) -> list[str]:
        """Theme ids in codebook order (the order tables and charts use)."""
        return list(self.themes["theme_id"])

    def summary(self) -> dict[str, int]:
        """Sizes, for the report's method section.

        >>> load_codebook().summary()["themes"]
        14
        """
        kinds = self.partners["kind"].value_counts()
        return {"countries": int(kinds.get("country", 0)), "regions": int(kinds.get("region", 0)),
                "organizations": int(kinds.get("organization", 0)), "partner_terms": len(self.partner_terms),
                "themes": len(self.themes), "theme_terms": len(self.theme_terms), "cues": len(self.cues),
                "exclusions": len(self.exclusions)}


def load_codebook(extra: str | Path | None = None, base: str | Path | None = None) -> Codebook:
    """Load the shipped codebook, extended or overridden by ``extra``.

    ``extra`` is a folder holding any of the codebook CSVs (same names), or a
    single CSV whose header says which table it extends. ``base`` replaces the
    shipped folder entirely.

    >>> load_codebook().partner("IR").kind
    'home'
    """
    tables = {}
    for name, (fname, columns, _) in FILES.items():
        path = Path(base) / fname if base else shipped_path(fname)
        tables[name] = read_table(path, columns)
    if extra is not None:
        for name, path in _user_files(extra).items():
            _, columns, keys = FILES[name]
            tables[name] = _merge(tables[name], read_table(path, columns), keys)
    return Codebook(**tables)


def load_themes(path: str | Path | None = None) -> pd.DataFrame:
    """The themes table (theme_id, label_en, label_fa, description).

    >>> load_themes()["theme_id"].tolist()[:4]
    ['medicine', 'medical_equipment', 'health_tourism', 'covid19']
    """
    return read_table(path or shipped_path("themes.csv"), FILES["themes"][1])


def load_partners(path: str | Path | None = None) -> pd.DataFrame:
    """The partners table (partner_id, kind, name_en, name_fa).

    >>> "PS" in set(load_partners()["partner_id"])
    True
    """
    return read_table(path or shipped_path("partners.csv"), FILES["partners"][1])
