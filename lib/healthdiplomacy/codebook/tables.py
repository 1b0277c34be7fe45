"""The codebook: partners, themes, stages, their terms, cues and exclusions, as CSV data.

The shipped files live in ``healthdiplomacy/data/``; every loader takes a path
that defaults to the shipped file, so an analyst can edit a copy in a
spreadsheet. :func:`load_codebook` merges the shipped files with a user file or
folder: rows with the same key override, new rows extend.

Files (one concept each):

==================  =============================================================
partners.csv        partner_id, kind (country/region/organization/home), name_en, name_fa
partner_terms.csv   partner_id, lang, term, ambiguous (0/1), note (one starting "demonym" marks a demonym)
themes.csv          theme_id, label_en, label_fa, description
theme_terms.csv     theme_id, lang, term, note
cues.csv            cue (a kind of :data:`CUE_KINDS`), lang, term, note: the relation step's words
exclusions.csv      lang, phrase, note: a phrase that blocks every term inside it
stage_codes.csv     stage, labels, CAMEO code, planned_as, description: the stages, in order
stages.csv          stage (or a modifier of :data:`STAGE_MODIFIERS`), lang, term, note
officials.csv       role (or a link of :data:`OFFICIAL_LINKS`), lang, term, note: officials' titles
places.csv          place_id, country (a partner_id), lang, term, note: capitals and main cities
==================  =============================================================

Every row remembers where it came from (a ``source`` column, ``file:line``), so
a problem is reported at the line an analyst has to fix.

>>> book = load_codebook()
>>> book.partner("AZ").name_en, book.theme("covid19").label_fa
('Azerbaijan', 'کووید-۱۹')
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field, fields
from functools import cached_property
from importlib import resources
from pathlib import Path

import pandas as pd

from ..corpus.datafiles import BrokenCsv, csv_reader, numbered_rows

STAGE_CODE_COLUMNS = ["stage", "label_en", "label_fa", "cameo_code", "cameo_label", "planned_as", "description"]
FILES = {
    "partners": ("partners.csv", ["partner_id", "kind", "name_en", "name_fa"], ["partner_id"]),
    "partner_terms": ("partner_terms.csv", ["partner_id", "lang", "term", "ambiguous", "note"],
                      ["partner_id", "lang", "term"]),
    "themes": ("themes.csv", ["theme_id", "label_en", "label_fa", "description"], ["theme_id"]),
    "theme_terms": ("theme_terms.csv", ["theme_id", "lang", "term", "note"], ["theme_id", "lang", "term"]),
    "cues": ("cues.csv", ["cue", "lang", "term", "note"], ["cue", "lang", "term"]),
    "exclusions": ("exclusions.csv", ["lang", "phrase", "note"], ["lang", "phrase"]),
    "stage_codes": ("stage_codes.csv", STAGE_CODE_COLUMNS, ["stage"]),
    "stage_terms": ("stages.csv", ["stage", "lang", "term", "note"], ["stage", "lang", "term"]),
    "officials": ("officials.csv", ["role", "lang", "term", "note"], ["role", "lang", "term"]),
    "places": ("places.csv", ["place_id", "country", "lang", "term", "note"], ["place_id", "lang", "term"]),
}
OPTIONAL_COLUMNS = {"note", "description", "ambiguous", "cameo_label"}
PARTNER_KINDS = ("country", "region", "organization", "home")
# The kinds of cue the relation step reads (healthdiplomacy.coding.relation); cues.csv documents each.
CUE_KINDS = ("relation", "dyad_ref", "with", "between", "to", "from", "in", "agent", "no_slot", "occasion",
             "framework", "transit", "comparison", "inclusion", "source", "source_after", "topic", "title",
             "event", "origin", "rival", "negation", "negation_after", "denial", "adversary", "generic", "description",
             "described_by", "clause_break", "verb_end", "speech", "clause_head", "country_word", "health",
             "attend", "gathering", "outbreak", "refusal", "clause_rival", "arrival", "language_before",
             "language_after", "unfulfilled", "agency",
             "halt", "halt_after", "contrast", "failure", "origin_after", "comparative_after",
             "rejection", "neighbour", "concessive", "membership", "host", "chair", "destination", "export",
             "rival_after", "time", "comparable_after", "never", "traveller", "journey", "described_list",
             "plan", "plan_failed", "made_in", "no_act")
# Words in stages.csv that modify a stage cue rather than name a stage (see healthdiplomacy.coding.stages).
STAGE_MODIFIERS = ("planned", "planned_clause", "negation", "agreement", "exclude")
# Rows of officials.csv that name no title but the words that tie one to its country, or "in"
# to its place (see healthdiplomacy.coding.officials).
OFFICIAL_LINKS = ("link_country", "link_place", "link_genitive")


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


def read_table(path: str | Path, columns: list[str], keys: list[str] | None = None) -> pd.DataFrame:
    """Read one codebook CSV, checking its header and every row.

    Raises :class:`CodebookError` naming the file and line of the first problem
    (a row with the wrong number of fields, an empty required value, or, given
    ``keys``, a key that an earlier line of the same file already holds: the
    later row would silently win). Empty cells become ``""``; lines starting
    with ``#`` are comments. A ``source`` column says where each row came from.

    >>> table = read_table(shipped_path("themes.csv"), FILES["themes"][1])
    >>> table.shape[1], table["source"].iloc[0]
    (5, 'themes.csv:2')
    """
    # A report loads the same tables in each notebook: the same bytes are parsed and checked
    # once per process (keyed by content, not by modification time, which a quick rewrite
    # may leave unchanged).
    return _read_file_keyed(path, columns, keys)[1]


def _read_file_keyed(path: str | Path, columns: list[str], keys: list[str] | None = None) -> tuple[tuple, pd.DataFrame]:
    """:func:`read_table`, with the key that names the file's content (the loaders that check
    whole codebooks remember them by it)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CodebookError(f"{path}: no such codebook file") from None
    key = (path.name, hashlib.blake2b(data, digest_size=16).digest(), tuple(columns), tuple(keys or ()))
    if key not in _READ:
        if len(_READ) >= 64:  # (a long session editing its codebook keeps only recent versions)
            _READ.clear()
        _READ[key] = _parse_table(path, data, columns, keys)
    return key, _READ[key].copy()


_READ: dict[tuple, pd.DataFrame] = {}
# The contents of the files of the codebooks and stage books already checked (a codebook's, with
# that codebook): a report's notebooks load them a dozen times each, and the checks are most of a
# load. Each caller gets its own copy of the tables.
_CHECKED: dict[tuple, Codebook | None] = {}


def _remember_checked(key: tuple, book: Codebook | None = None) -> None:
    if len(_CHECKED) >= 16:
        _CHECKED.clear()
    _CHECKED[key] = book


def _parse_table(path: Path, data: bytes, columns: list[str], keys: list[str] | None) -> pd.DataFrame:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CodebookError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    try:
        # The corpus's CSV reader: strict (an unclosed quote is an error on its line, not
        # the rest of the file in one field) and each row's own first line, even after a
        # quoted value that spans lines.
        reader, fieldnames = csv_reader(io.StringIO(text, newline=""))
        header = [h.strip() for h in fieldnames]
        missing = [c for c in columns if c not in header and c not in OPTIONAL_COLUMNS]
        if missing:
            raise CodebookError(f"{path}:1: missing column(s) {', '.join(missing)} (header: {', '.join(header)})")
        reader.fieldnames = header
        rows, seen = [], {}
        for line_number, record in numbered_rows(reader):
            values = [v for k, v in record.items() if k is not None and v is not None] + list(record.get(None) or [])
            if not values or values[0].startswith("#") or not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                raise CodebookError(f"{path}:{line_number}: expected {len(header)} fields, found {len(values)} "
                                    "(a comma inside a value needs quotes)")
            row = dict(zip(header, (v.strip() for v in values)))
            required = [c for c in columns if c not in OPTIONAL_COLUMNS and not row.get(c)]
            if required:
                raise CodebookError(f"{path}:{line_number}: empty {', '.join(required)}")
            if keys:
                key = tuple(row[k] for k in keys)
                if key in seen:
                    raise CodebookError(f"{path}:{line_number}: {', '.join(keys)} {', '.join(key)} repeats line "
                                        f"{seen[key]} (the later row would silently win; keep one)")
                seen[key] = line_number
            rows.append({**{c: row.get(c, "") for c in columns}, "source": f"{path.name}:{line_number}"})
    except BrokenCsv as exc:
        raise CodebookError(f"{path}:{exc.line}: {exc.reason}") from None
    return pd.DataFrame(rows, columns=[*columns, "source"])


def _merge(base: pd.DataFrame, extra: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    merged = pd.concat([base, extra], ignore_index=True)
    return merged.drop_duplicates(subset=keys, keep="last").reset_index(drop=True)


def _user_files(extra: str | Path) -> dict[str, Path]:
    """Map table names to the user's files: a folder of same-named CSVs, or one CSV."""
    extra = Path(extra)
    if extra.is_dir():
        names = ", ".join(f for f, _, _ in FILES.values())
        found = {name: extra / fname for name, (fname, _, _) in FILES.items() if (extra / fname).is_file()}
        # A CSV that is no codebook table would be ignored without a word: say so instead
        # (a misspelt name, or boilerplate.csv / sources.csv, which the corpus reader owns).
        strangers = sorted(p.name for p in extra.glob("*.csv") if p.name not in {f for f, _, _ in FILES.values()})
        if strangers:
            raise CodebookError(f"{extra / strangers[0]}: not a codebook table, so --codebook cannot use it "
                                f"(the codebook's files: {names})")
        if not found:
            raise CodebookError(f"{extra}: no codebook file in this folder (expected any of {names})")
        return found
    if not extra.is_file():
        raise CodebookError(f"{extra}: no such codebook file or folder")
    for name, (fname, _, _) in FILES.items():
        if extra.name == fname:
            return {name: extra}
    try:
        header = extra.read_text(encoding="utf-8-sig").split("\n", 1)[0]
    except UnicodeDecodeError as exc:
        raise CodebookError(f"{extra}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    columns = {h.strip() for h in header.split(",")}
    for name, (_, required, _) in FILES.items():
        if set(required) - OPTIONAL_COLUMNS <= columns:
            return {name: extra}
    raise CodebookError(f"{extra}:1: header matches no codebook table ({header.strip()})")


@dataclass(frozen=True)
class StageBook:
    """The stages (``codes``: one row per stage, in order) and their terms (``terms``)."""

    codes: pd.DataFrame
    terms: pd.DataFrame

    @cached_property
    def order(self) -> tuple[str, ...]:
        """Stage ids from the least to the furthest.

        >>> load_stagebook().order[-1]
        'delivered'
        """
        return tuple(self.codes["stage"])

    @cached_property
    def rank(self) -> dict[str, int]:
        """Stage id -> its place in :attr:`order` (0: the least).

        >>> load_stagebook().rank["intent"]
        0
        """
        return {stage: i for i, stage in enumerate(self.order)}

    @cached_property
    def by_stage(self) -> dict[str, dict]:
        """Stage id -> its stage_codes.csv row."""
        return {r["stage"]: r for r in self.codes.to_dict("records")}

    def code(self, stage: str) -> dict:
        """The stage_codes.csv row of ``stage`` (label_en, label_fa, cameo_code ...).

        >>> load_stagebook().code("agreement_signed")["cameo_code"]
        '05'
        """
        return self.by_stage[stage]

    def label(self, stage: str) -> str:
        """Bilingual label, "Talks · دیدار و گفت‌وگو".

        >>> load_stagebook().label("intent")
        'Intent · اعلام آمادگی'
        """
        row = self.by_stage[stage]
        return f"{row['label_en']} · {row['label_fa']}" if row["label_fa"] else row["label_en"]


@dataclass
class Codebook:
    """All codebook tables, validated. Build it with :func:`load_codebook`."""

    partners: pd.DataFrame
    partner_terms: pd.DataFrame
    themes: pd.DataFrame
    theme_terms: pd.DataFrame
    cues: pd.DataFrame
    exclusions: pd.DataFrame
    stage_codes: pd.DataFrame
    stage_terms: pd.DataFrame
    # (defaults: the stage checks build a codebook of their tables alone)
    officials: pd.DataFrame = field(default_factory=lambda: _empty("officials"))
    places: pd.DataFrame = field(default_factory=lambda: _empty("places"))

    def __post_init__(self):
        self._validate()

    def copy(self) -> "Codebook":
        """The same codebook with tables of its own (changing them leaves this one as it is),
        not checked again: they are this one's, which were.

        >>> book = load_codebook(); twin = book.copy()
        >>> twin.themes.loc[0, "label_en"] = "x"; book.themes.loc[0, "label_en"] != "x"
        True
        """
        twin = object.__new__(Codebook)
        for item in fields(self):
            value = getattr(self, item.name)
            setattr(twin, item.name, value.copy() if isinstance(value, pd.DataFrame) else value)
        return twin

    def _validate(self) -> None:
        def check(table: pd.DataFrame, column: str, known, what: str) -> None:
            bad = table[~table[column].isin(set(known))]
            if len(bad):
                row = bad.iloc[0]
                raise CodebookError(f"{row['source']}: unknown {what} {row[column]!r} "
                                    f"(known: {', '.join(sorted(set(known))[:12])}{' ...' if len(set(known)) > 12 else ''})")

        check(self.partners, "kind", PARTNER_KINDS, "partner kind")
        check(self.partner_terms, "partner_id", self.partners["partner_id"], "partner_id")
        check(self.theme_terms, "theme_id", self.themes["theme_id"], "theme_id")
        check(self.cues, "cue", CUE_KINDS, "cue kind")
        check(self.stage_terms, "stage", [*self.stage_codes["stage"], *STAGE_MODIFIERS], "stage")
        check(self.stage_codes, "planned_as", self.stage_codes["stage"], "planned_as stage")
        check(self.places, "country", self.partners["partner_id"], "country (a partner_id)")
        modifiers = self.stage_codes[self.stage_codes["stage"].isin(STAGE_MODIFIERS)]
        if len(modifiers):
            row = modifiers.iloc[0]
            raise CodebookError(f"{row['source']}: {row['stage']!r} is a modifier name, not a stage")

    @cached_property
    def partners_by_id(self) -> dict[str, Partner]:
        """Partner id -> :class:`Partner`."""
        return {r.partner_id: Partner(r.partner_id, r.kind, r.name_en, r.name_fa)
                for r in self.partners.itertuples(index=False)}

    @cached_property
    def themes_by_id(self) -> dict[str, Theme]:
        """Theme id -> :class:`Theme`."""
        return {r.theme_id: Theme(r.theme_id, r.label_en, r.label_fa, r.description)
                for r in self.themes.itertuples(index=False)}

    def partner(self, partner_id: str) -> Partner:
        """The :class:`Partner` with this id (``KeyError`` if unknown)."""
        return self.partners_by_id[partner_id]

    def theme(self, theme_id: str) -> Theme:
        """The :class:`Theme` with this id (``KeyError`` if unknown)."""
        return self.themes_by_id[theme_id]

    @cached_property
    def stagebook(self) -> StageBook:
        """The stages and their terms.

        >>> load_codebook().stagebook.order[0]
        'intent'
        """
        return StageBook(self.stage_codes, self.stage_terms)

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
                "exclusions": len(self.exclusions), "stages": len(self.stage_codes),
                "stage_terms": len(self.stage_terms)}


def load_codebook(extra: str | Path | None = None, base: str | Path | None = None) -> Codebook:
    """Load the shipped codebook, extended or overridden by ``extra``.

    ``extra`` is a folder holding any of the codebook CSVs (same names), or a
    single CSV whose header says which table it extends. ``base`` replaces the
    shipped folder entirely.

    >>> load_codebook().partner("IR").kind
    'home'
    """
    tables, read = {}, []
    for name, (fname, columns, keys) in FILES.items():
        path = Path(base) / fname if base else shipped_path(fname)
        key, tables[name] = _read_file_keyed(path, columns, keys)
        read.append(key)
    if extra is not None:
        for name, path in _user_files(extra).items():
            _, columns, keys = FILES[name]
            key, table = _read_file_keyed(path, columns, keys)
            tables[name] = _merge(tables[name], table, keys)
            read.append((name, key))
    checked = _CHECKED.get(("codebook", *read))
    if checked is not None:
        return checked.copy()
    book = Codebook(**tables)
    _remember_checked(("codebook", *read), book.copy())
    return book


def load_themes(path: str | Path | None = None) -> pd.DataFrame:
    """The themes table (theme_id, label_en, label_fa, description, source).

    >>> load_themes()["theme_id"].tolist()[:4]
    ['medicine', 'medical_equipment', 'health_tourism', 'covid19']
    """
    return read_table(path or shipped_path("themes.csv"), FILES["themes"][1])


def load_partners(path: str | Path | None = None) -> pd.DataFrame:
    """The partners table (partner_id, kind, name_en, name_fa, source).

    >>> "PS" in set(load_partners()["partner_id"])
    True
    """
    return read_table(path or shipped_path("partners.csv"), FILES["partners"][1])


def load_stage_codes(path: str | Path | None = None) -> pd.DataFrame:
    """The stages, in order, with CAMEO codes (data/stage_codes.csv or ``path``).

    Raises :class:`CodebookError` naming file and line.

    >>> load_stage_codes()[["stage", "cameo_code"]].values.tolist()[:2]
    [['intent', '03'], ['talks', '04']]
    """
    _, columns, keys = FILES["stage_codes"]
    codes = read_table(path or shipped_path("stage_codes.csv"), columns, keys)
    _validate_stages(codes, None)
    return codes


def load_stage_terms(path: str | Path | None = None, codes: pd.DataFrame | None = None) -> pd.DataFrame:
    """The stage cue and modifier terms (data/stages.csv or ``path``), checked against ``codes``.

    >>> terms = load_stage_terms()
    >>> sorted(set(terms["stage"]) - set(load_stage_codes()["stage"]))
    ['agreement', 'exclude', 'negation', 'planned', 'planned_clause']
    """
    _, columns, keys = FILES["stage_terms"]
    terms = read_table(path or shipped_path("stages.csv"), columns, keys)
    _validate_stages(load_stage_codes() if codes is None else codes, terms)
    return terms


def load_stagebook(terms: str | Path | None = None, codes: str | Path | None = None) -> StageBook:
    """Both stage tables; either path defaults to the shipped file.

    >>> len(load_stagebook().order)
    5
    """
    codes_key, stage_codes = _read_file_keyed(codes or shipped_path("stage_codes.csv"), *FILES["stage_codes"][1:])
    terms_key, stage_terms = _read_file_keyed(terms or shipped_path("stages.csv"), *FILES["stage_terms"][1:])
    if ("stagebook", codes_key, terms_key) not in _CHECKED:
        _validate_stages(stage_codes, None)  # load_stage_codes' check, then load_stage_terms'
        _validate_stages(stage_codes, stage_terms)
        _remember_checked(("stagebook", codes_key, terms_key))
    return StageBook(stage_codes, stage_terms)


def _validate_stages(codes: pd.DataFrame, terms: pd.DataFrame | None) -> None:
    """The checks :class:`Codebook` runs on its stage tables, for the tables alone."""
    Codebook(*(_empty(name) for name in ("partners", "partner_terms", "themes", "theme_terms", "cues",
                                         "exclusions")),
             stage_codes=codes, stage_terms=terms if terms is not None else _empty("stage_terms"))


def _empty(name: str) -> pd.DataFrame:
    return pd.DataFrame(columns=[*FILES[name][1], "source"])
