"""Build the partner gazetteer, ``lib/healthdiplomacy/data/partner_terms.csv``, from maintained data.

Where each row comes from (its ``note`` says which):

* **CLDR through Babel**: the Persian and English name of every country of
  ``partners.csv`` (``Locale("fa").territories``). CLDR writes a hamza on a
  seat (``ی`` + U+0654, ``هٔ``) and a ZWNJ where news may not: both are
  normalized, and its disambiguated forms are opened up ("Congo - Kinshasa"
  is not how a text names it; "Myanmar (Burma)" gives both names; "&" and
  "St." are written out).
* **pycountry**: the ISO English names (``name``, ``common_name``,
  ``official_name``) and its Persian catalogue, as a second source. A Persian
  name that two codes claim is refused (pycountry names Eritrea's official
  name «فلسطین» and Gambia's «جمهوری زامبیا»), and so is a name another
  country's CLDR name already is.
* **hand-kept** ``tools/gazetteer/terms.csv``: what those lack, each row with its
  reason in ``note``: the forms news uses (آمریکا، انگلیس، امارات), capitals and
  cities, demonyms the suffix rules do not cover, regions and organizations, and
  the homographs (``ambiguous=1``: مالی Mali/financial, چک Czechia/cheque, عمان
  Oman/Amman, دوشنبه Dushanbe/Monday ...), whose note names the word they may be
  and the context the tagger asks for. A hand row overrides a generated one with
  the same match form (to mark it ambiguous, or to spell it as news does).
* ``tools/gazetteer/refused.csv``: generated names that must not be terms, with why.

The matcher compares terms in their match form (normalized, ZWNJ and space alike,
suffixes added), so one row per match form is kept. Run (deterministic)::

    .venv/bin/python tools/make_gazetteer.py          # write partner_terms.csv  (make lexicon)
    .venv/bin/python tools/make_gazetteer.py --check  # exit 1 if the committed file differs

It stops, writing nothing, when a term names two partners in one language, a source
name is refused without a row saying so, or a country has no name in a language.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import io
import re
import sys
from pathlib import Path

import pycountry
from babel import Locale

from healthdiplomacy.coding.matching import term_keys, Term
from healthdiplomacy.text.normalize import match_form

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "lib" / "healthdiplomacy" / "data"
HAND = Path(__file__).resolve().parent / "gazetteer"
COLUMNS = ["partner_id", "lang", "term", "ambiguous", "note"]
LANGS = ("fa", "en")


def read_csv(path: Path) -> list[dict]:
    """The rows of a CSV whose ``#`` lines are comments; a row with more fields than the header
    (an unquoted comma in a note) is an error, not a note cut short."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [(number, line) for number, line in enumerate(handle, 1) if not line.startswith("#")]
    reader = csv.DictReader(line for _, line in lines)
    rows = []
    for row in reader:
        if None in row:
            number = lines[reader.line_num - 1][0]
            raise SystemExit(f"{path}:{number}: more fields than the header (quote a note that holds a comma)")
        rows.append(row)
    return rows


def countries() -> list[str]:
    """The country ids of the codebook (and Iran, whose names must be known to be skipped)."""
    return [r["partner_id"] for r in read_csv(DATA / "partners.csv") if r["kind"] in ("country", "home")]


def cldr_forms(name: str, lang: str) -> list[str]:
    """The forms a CLDR name is written in by news.

    >>> cldr_forms("Myanmar (Burma)", "en"), cldr_forms("St. Kitts & Nevis", "en")
    (['Myanmar', 'Burma'], ['Saint Kitts and Nevis'])
    >>> cldr_forms("Congo - Kinshasa", "en"), cldr_forms("امارات متحدهٔ عربی", "fa")
    ([], ['امارات متحده عربی'])
    """
    if " - " in name:
        return []  # CLDR's own disambiguation ("Congo - Brazzaville"): not a form texts use
    name = name.replace("&", "and" if lang == "en" else "و").replace("’", "'")
    name = re.sub(r"\bSt\. ", "Saint ", name)
    parts = [p.strip() for p in re.split(r"[()]", name) if p.strip()]
    if lang == "fa":
        # A hamza on a seat: "ئ" as news writes it; "هٔ" (ezafe) is a plain "ه".
        parts = [p.replace("\u06cc\u0654", "\u0626").replace("\u0647\u0654", "\u0647").replace("\u0654", "")
                 .replace("\u200c", " ") for p in parts]
    return parts


def source_rows(ids: list[str]) -> list[dict]:
    """Names from CLDR (Babel) and pycountry, with where each came from."""
    persian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fa"])
    rows = []
    for code in ids:
        for lang in LANGS:
            for form in cldr_forms(Locale(lang).territories[code], lang):
                rows.append({"partner_id": code, "lang": lang, "term": form, "ambiguous": "0", "note": "name (CLDR)"})
        country = pycountry.countries.get(alpha_2=code)
        for field, note in (("name", "ISO name"), ("common_name", "common name"), ("official_name", "formal name")):
            for form in iso_forms(getattr(country, field, None) or ""):
                rows.append({"partner_id": code, "lang": "en", "term": form, "ambiguous": "0",
                             "note": f"{note} (pycountry)"})
        translated = persian.gettext(country.name)
        if translated != country.name:
            rows += [{"partner_id": code, "lang": "fa", "term": form, "ambiguous": "0", "note": "pycountry translation"}
                     for form in iso_forms(translated)]
    return rows


def iso_forms(name: str) -> list[str]:
    """The forms an ISO catalogue name is written in by news.

    >>> iso_forms("Bolivia, Plurinational State of"), iso_forms("the State of Eritrea")
    ([], ['State of Eritrea'])
    >>> iso_forms("Holy See (Vatican City State)")
    ['Holy See', 'Vatican City State']
    """
    if "," in name or "،" in name:
        return []  # a catalogue's inverted form ("Korea, Republic of"): no text writes it so
    name = re.sub(r"^the ", "", name)
    return [p.strip() for p in re.split(r"[()]", name) if p.strip()]


def key(row: dict) -> tuple[str, str, str]:
    """Rows with one key are one term to the matcher."""
    return row["partner_id"], row["lang"], match_form(row["term"])


def build() -> tuple[list[dict], list[str]]:
    """(rows of partner_terms.csv, problems)."""
    problems = []
    refused = {(r["partner_id"], r["lang"], match_form(r["term"])) for r in read_csv(HAND / "refused.csv")}
    hand = read_csv(HAND / "terms.csv")
    generated = [r for r in source_rows(countries()) if key(r) not in refused]
    # A name that two countries claim in the sources is refused, unless the hand rows
    # settle who owns it.
    owners: dict[tuple[str, str], set[str]] = {}
    for row in generated:
        owners.setdefault((row["lang"], match_form(row["term"])), set()).add(row["partner_id"])
    handled = {(r["lang"], match_form(r["term"])) for r in hand}
    for (lang, form), ids in sorted(owners.items()):
        if len(ids) > 1 and (lang, form) not in handled:
            problems.append(f"{lang} {form!r} is claimed by {', '.join(sorted(ids))}: add it to refused.csv "
                            "or give it to one of them in terms.csv")
    found: dict[tuple[str, str, str], dict] = {}
    for row in generated:
        found.setdefault(key(row), row)
    for row in hand:  # the hand row wins: its spelling, its ambiguity, its reason
        found[key(row)] = {c: row[c] for c in COLUMNS}
    rows = sorted(found.values(), key=lambda r: (r["partner_id"], r["lang"], r["term"]))
    problems += check(rows)
    return rows, problems


def check(rows: list[dict]) -> list[str]:
    problems = []
    seen: dict[tuple[str, str], str] = {}
    for row in rows:
        for form in term_keys(Term("partner", row["partner_id"], row["term"], row["lang"])):
            other = seen.setdefault((row["lang"], form), row["partner_id"])
            if other != row["partner_id"]:
                problems.append(f"{row['lang']} {row['term']!r} names both {other} and {row['partner_id']}")
        if row["ambiguous"] not in ("0", "1"):
            problems.append(f"{row['partner_id']} {row['term']!r}: ambiguous must be 0 or 1")
        if row["ambiguous"] == "1" and "ambiguous" not in row["note"]:
            problems.append(f"{row['partner_id']} {row['term']!r}: an ambiguous term's note says what else it is")
    ids = {r["partner_id"] for r in rows}
    problems += [f"{p}: no term" for p in (r["partner_id"] for r in read_csv(DATA / "partners.csv")) if p not in ids]
    for code in countries():
        problems += [f"{code}: no {lang} name" for lang in LANGS
                     if not any(r["partner_id"] == code and r["lang"] == lang for r in rows)]
    return problems


def to_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file, write nothing")
    parser.add_argument("--out", type=Path, default=DATA / "partner_terms.csv")
    args = parser.parse_args(argv)
    rows, problems = build()
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    text = to_csv(rows)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is not what tools/make_gazetteer.py makes: run make lexicon", file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {len(rows)} terms to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
