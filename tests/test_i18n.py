"""The report's strings: one file per language, the same keys in each, Persian that is Persian."""

import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from healthdiplomacy.report import i18n
from healthdiplomacy.report.i18n import LANGUAGES, Strings, catalog, keys, number, persian_digits

LIB = Path(i18n.__file__).resolve().parents[2]  # lib/healthdiplomacy
NOTEBOOKS = LIB.parents[1] / "notebooks"
LOCALIZED = ["00-findings.ipynb", "02-themes-by-partner.ipynb", "03-stages-time-network.ipynb", "04-partner-profiles.ipynb",
             "90-trust.ipynb", "95-appendix-corpus.ipynb"]
MODULES = ["report/charts.py", "report/html.py", "report/build.py", "results/tables.py", "report/trust.py",
           "report/findings.py", "report/profiles.py",
           "coding/stages.py", "coding/years.py", "report/network.py", "report/worldmap.py"]
SECTIONS = sorted({key.split(".")[0] for key in keys("en")})
# A dotted string literal that starts with a section name, e.g. "trust.intro".
KEY_LITERAL = re.compile(r"""["']((?:%s)\.[\w .()-]+)["']""" % "|".join(SECTIONS))
FILE_NAME = re.compile(r"\.(?:csv|ya?ml|py|json)$")  # "stages.csv" is a data file, not a key
LATIN = re.compile(r"[A-Za-z]")
ALLOWED_LATIN = ["F1"]  # the measure's name, as Persian texts on retrieval write it
FIELD = re.compile(r"\{(\w+)\}")


def without_allowed(text):
    for token in ALLOWED_LATIN:
        text = text.replace(token, "")
    return text


def code_sources():
    """Every notebook cell and library module that may name a string key."""
    for name in LOCALIZED:
        for cell in nbformat.read(NOTEBOOKS / name, as_version=4).cells:
            yield f"{name}", cell.source
    for name in MODULES:
        yield name, (LIB / name).read_text("utf-8")


def defined(key):
    """A key, or the prefix of keys (a count's .one/.other, a table's value names)."""
    return key in keys("en") or any(k.startswith(key + ".") for k in keys("en"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_catalog_reads_as_the_pure_python_loader_reads_it(lang):
    # catalog() uses libyaml when PyYAML has it; the strings must be the ones SafeLoader finds.
    import yaml
    from healthdiplomacy.report.i18n import FOLDER

    data = yaml.safe_load((FOLDER / f"{lang}.yaml").read_text(encoding="utf-8"))
    flat = {}

    def walk(node, prefix=""):
        for name, value in node.items():
            walk(value, f"{prefix}{name}.") if isinstance(value, dict) else flat.setdefault(f"{prefix}{name}", value)

    walk(data)
    assert catalog(lang) == flat


def test_both_languages_have_the_same_keys():
    missing_in_fa, extra_in_fa = keys("en") - keys("fa"), keys("fa") - keys("en")
    assert not missing_in_fa and not extra_in_fa, (sorted(missing_in_fa), sorted(extra_in_fa))


@pytest.mark.parametrize("key", sorted(keys("en")))
def test_both_languages_fill_the_same_fields(key):
    assert set(FIELD.findall(catalog("en")[key])) == set(FIELD.findall(catalog("fa")[key]))


def test_every_key_the_code_names_exists():
    named = {(where, key) for where, source in code_sources() for key in KEY_LITERAL.findall(source)
             if not FILE_NAME.search(key)}
    assert named, "the pattern finds the keys the notebooks use"
    assert not [(where, key) for where, key in named if not defined(key)]


def test_notebooks_hold_no_prose():
    # Strings live in i18n/*.yaml: a notebook has only code, and no quoted sentence, but for
    # its guide for the JupyterLab user, which never reaches the report (tagged "guide").
    for name in LOCALIZED:
        for cell in nbformat.read(NOTEBOOKS / name, as_version=4).cells:
            if "guide" in cell.metadata.get("tags", []):
                continue
            assert cell.cell_type == "code"
            literals = re.findall(r'"([^"\n]*)"', cell.source)
            assert not [s for s in literals if len(s.split()) > 3], (name, literals)


def test_persian_headings_titles_and_headers_have_no_english():
    strings = catalog("fa")
    headings = [line for text in strings.values() for line in text.splitlines()
                if re.match(r"#{1,4} ", line)]
    assert len(headings) >= 10
    labels = [v for k, v in strings.items() if k.startswith(("charts.", "columns.", "values.",
                                                              "trust.level.", "trust.kind.", "report."))]
    english = [t for t in headings + labels if LATIN.search(without_allowed(t))]
    assert not english, english


def test_persian_prose_writes_persian_digits():
    # Code spans, the YAML example and Markdown's own "1." list markers are not prose.
    for key, text in catalog("fa").items():
        if key == "trust.gold_format":
            continue
        prose = re.sub(r"`[^`]*`|^\s*\d+\. ", "", text, flags=re.M)
        assert not re.search(r"[0-9]", without_allowed(prose)), key


@pytest.mark.parametrize("value, lang, decimals, expected", [
    (4, "en", None, "4"),
    (4, "fa", None, "۴"),
    (10317, "fa", None, "۱۰۳۱۷"),
    (0.8, "fa", 2, "۰٫۸۰"),
    (0.8, "en", 2, "0.80"),
    (-0.25, "fa", 2, "−۰٫۲۵"),
    (float("nan"), "fa", 2, "—"),
    ("AZ", "fa", None, "AZ"),  # text (an id) is never touched
])
def test_numbers_for_each_reader(value, lang, decimals, expected):
    assert number(value, lang, decimals) == expected


def test_persian_digits_in_text_we_wrote():
    assert persian_digits("en 1, fa 3", prose=True) == "en ۱، fa ۳"
    assert Strings("en").digits("en 1, fa 3") == "en 1, fa 3"


def test_tables_translate_headers_and_values_but_not_data():
    frame = pd.DataFrame({"partner_kind": ["country"], "partner_id": ["AZ"], "articles": [12]})
    fa = Strings("fa").table(frame, translate={"partner_kind": "values"})
    assert "<th>نوع</th>" in fa and "کشور" in fa and "<td>۱۲</td>" in fa and ">AZ<" in fa
    en = Strings("en").table(frame, translate={"partner_kind": "values"})
    assert "<td>12</td>" in en and ">country<" in en


def test_unknown_language_and_key_are_errors():
    with pytest.raises(ValueError):
        Strings("de")
    with pytest.raises(i18n.MissingString):
        Strings("fa")("no.such.key")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_fields_are_filled_with_the_readers_digits(lang):
    text = Strings(lang)("trust.coverage", gold="g.yaml", covered=3, total=12)
    assert "g.yaml" in text and number(12, lang) in text and "{" not in text
