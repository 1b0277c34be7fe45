"""Quantities stated for a link: doses, tons, pieces, patients, beds and money.

A *quantity* is a number with its unit, read from a sentence that a link quotes as
evidence: "۲ میلیون دوز واکسن", "10 tons of medicine", "$5 million". Numbers may be
written in Persian, Arabic-Indic or ASCII digits, with thousands separators, decimals
(``۲.۵``, ``۲/۵``, ``۲٫۵``), in words (``دو میلیون``, ``بیست و پنج هزار``) or as a
range (``۱۰ تا ۱۵ تن``, ``between 10 and 15 tons``). The words (units, number words,
scales, range words) are data: ``data/quantity_terms.csv``.

Only a number followed by a unit (or preceded by a currency sign) is a quantity: a
year, a percentage or a count of meetings is not. Units are kept as stated (a
kilogram is not turned into tons, a toman is not a rial) so that nothing is summed
across units: ``unit_kind`` says which rows may be compared.

>>> [(q.value, q.unit, q.text) for q in find_quantities("ایران ۲ میلیون دوز واکسن و ۱۰ تن دارو فرستاد.")]
[(2000000.0, 'dose', '۲ میلیون دوز'), (10.0, 'ton', '۱۰ تن')]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from ..corpus.datafiles import read_data_csv
from ..corpus.errors import DataFileError

# The quantities table: one row per quantity and partner. ``value_max`` is the upper end
# of a range (empty otherwise); ``text`` is the quantity as written; ``sentence_id``
# refers to the sentences table, as a link's ``sentence_ids`` do. ``n_partners`` is the number
# of partners the same quantity is given to: more than 1 when a sentence states one total for
# several partners ("exports to Iraq, Afghanistan and Russia reached $127 million"), which is
# then no partner's own amount.
QUANTITY_COLUMNS = ["article_id", "partner_id", "theme_id", "value", "value_max", "unit", "unit_kind", "text",
                    "sentence_id", "n_partners", "language"]
TERM_COLUMNS = ["kind", "lang", "term", "unit", "unit_kind", "value", "note"]
KINDS = ("unit", "sign", "number", "scale", "range", "between", "join", "veto", "not_unit")
# Suffixes a Persian unit may carry: plural (دوزها) and the adjectival ی (بیمارستان ۵۰۰ تختی).
PERSIAN_SUFFIXES = ("ها", "های", "هایی", "ی")
_SUFFIX_ENDS = frozenset(suffix[-1] for suffix in PERSIAN_SUFFIXES)
# A lone "a" or "half" is a number only before a scale ("a million doses", "half a million");
# "a dose" counts nothing.
NEEDS_SCALE = frozenset({"a", "half"})
_TENS = frozenset({20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0})

# Folding keeps every character in place (one in, one out), so a span found in the folded
# sentence is the same span of the sentence as written.
_FOLD = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩يكىۀ", "0123456789" "0123456789" "یکیه")
_TOKEN = re.compile(r"""
    (?P<amb>\d+,\d{1,2}(?![\d,])|\d{1,3}\.\d{3}(?![\d.]))  # 1,5 / 10.000: European or not? refused
    |(?P<num>\d{1,3}(?:[,،٬]\d{3})+(?:[.٫]\d+)?     # 150,000 / ۱۵۰٬۰۰۰ (a separator before 3 digits)
           |\d+(?:[./٫]\d+)*)                     # 12, 2.5, ۲/۵ (more than one / is a date)
    |(?P<word>[^\W\d_]+(?:\u200c[^\W\d_]+)*)       # a word, its ZWNJ-joined parts included
    |(?P<sym>[^\s\w\u200c])                        # any other sign: $ € - ، ( ...
""", re.VERBOSE)


class QuantityError(ValueError):
    """A quantity terms file that cannot be read (the message names file and line)."""


class Quantity(NamedTuple):
    """A quantity found in a text: its value (the lower end of a range), the upper end
    (NaN unless a range), the unit and its kind, and where it stands in the text.

    >>> quantity = find_quantities("Iran sent 10 to 15 tons of medicine.")[0]
    >>> quantity.value, quantity.value_max, quantity.unit, quantity.unit_kind, quantity.text
    (10.0, 15.0, 'ton', 'weight', '10 to 15 tons')
    >>> "Iran sent 10 to 15 tons of medicine."[quantity.start:quantity.end]
    '10 to 15 tons'
    """

    value: float
    value_max: float
    unit: str
    unit_kind: str
    start: int
    end: int
    text: str


class _Token(NamedTuple):
    kind: str  # num, word, sym
    key: str  # folded, without ZWNJ
    start: int
    end: int
    value: float | None  # a number's value


@dataclass
class QuantityTerms:
    """The words of quantities, folded: units (word tuples -> (unit, unit_kind)), signs,
    number words and scales (-> value), range, between and join words, vetoes.

    >>> terms = QuantityTerms(units={("vials",): ("vial", "doses")}, numbers={"twelve": 12.0})
    >>> [(q.value, q.unit) for q in find_quantities("twelve vials and 3 tons", terms)]
    [(12.0, 'vial')]
    """

    units: dict[tuple[str, ...], tuple[str, str]] = field(default_factory=dict)
    signs: dict[tuple[str, ...], tuple[str, str]] = field(default_factory=dict)
    numbers: dict[str, float] = field(default_factory=dict)
    scales: dict[str, float] = field(default_factory=dict)
    ranges: set[str] = field(default_factory=set)
    betweens: set[str] = field(default_factory=set)
    joins: set[str] = field(default_factory=set)
    vetoes: set[tuple[str, str]] = field(default_factory=set)  # (unit, the word after it)
    not_units: set[str] = field(default_factory=set)


def fold(text: str) -> str:
    """The text with digits as ASCII, Arabic letters as Persian and lower case, each
    character in its place (the result has the length of the input).

    >>> fold("۲٫۵ ميليون USD")
    '2٫5 میلیون usd'
    """
    folded = text.translate(_FOLD)
    lowered = folded.lower()
    if len(lowered) == len(folded):  # (no character lengthened: each stayed one character)
        return lowered
    # str.lower may lengthen a character (İ): keep such a character as it is
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)


def _words(term: str) -> tuple[str, ...]:
    return tuple(m.group().replace("\u200c", "") for m in _TOKEN.finditer(fold(term)))


def load_quantity_terms(path: str | Path | None = None) -> QuantityTerms:
    """The quantity words of ``data/quantity_terms.csv`` (or ``path``).

    Raises :class:`QuantityError` naming the file and line of a bad row.

    >>> terms = load_quantity_terms()
    >>> terms.units[("دوز",)], terms.scales["میلیون"], ("us", "dollars") in terms.units
    (('dose', 'doses'), 1000000.0, True)
    """
    if path is None:
        text = resources.files("healthdiplomacy").joinpath("data/quantity_terms.csv").read_text("utf-8")
        name = "quantity_terms.csv"
    else:
        try:
            text = Path(path).read_text("utf-8-sig")
        except (FileNotFoundError, UnicodeDecodeError) as exc:
            raise QuantityError(f"{path}: cannot read the quantity terms ({exc.__class__.__name__})") from None
        name = str(path)
    if text.splitlines()[:1] != [",".join(TERM_COLUMNS)]:
        raise QuantityError(f"{name}:1: expected the columns {','.join(TERM_COLUMNS)}")
    terms = QuantityTerms()
    try:
        rows = list(read_data_csv(text.lstrip("\ufeff"), name, ()))
    except DataFileError as exc:  # the numbered reader: the line a record starts on
        raise QuantityError(str(exc)) from None
    for line, values in rows:
        if (values.get("kind") or "").startswith("#") or not any((v or "").strip() for v in values.values()
                                                                 if isinstance(v, str)):
            continue
        if any(values.get(c) is None for c in TERM_COLUMNS):
            found = sum(isinstance(v, str) for v in values.values() if v is not None)
            raise QuantityError(f"{name}:{line}: expected {len(TERM_COLUMNS)} fields, found {found}")
        row = {c: values[c].strip() for c in TERM_COLUMNS}
        kind, words = row["kind"], _words(row["term"])
        if kind not in KINDS or not words:
            raise QuantityError(f"{name}:{line}: kind must be one of {', '.join(KINDS)} and term not empty")
        if kind in ("unit", "sign"):
            if not row["unit"] or not row["unit_kind"]:
                raise QuantityError(f"{name}:{line}: a {kind} needs unit and unit_kind")
            getattr(terms, kind + "s")[words] = (row["unit"], row["unit_kind"])
        elif kind in ("number", "scale"):
            try:
                value = float(row["value"])
            except ValueError:
                raise QuantityError(f"{name}:{line}: value {row['value']!r} is not a number") from None
            getattr(terms, kind + "s")[" ".join(words)] = value
        elif kind == "veto":
            terms.vetoes.add((row["unit"], " ".join(words)))
        elif kind == "not_unit":
            terms.not_units.add(" ".join(words))
        else:
            getattr(terms, {"range": "ranges", "between": "betweens", "join": "joins"}[kind]).add(" ".join(words))
    return terms


@lru_cache(maxsize=1)
def default_quantity_terms() -> QuantityTerms:
    """The shipped quantity terms, read once.

    >>> default_quantity_terms() is default_quantity_terms()
    True
    """
    return load_quantity_terms()


def _tokens(folded: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(folded):
        kind = match.lastgroup
        raw = match.group()
        value = None
        if kind == "amb":
            kind = "sym"  # ambiguous separators: neither a number nor part of one
        elif kind == "num":
            parts = re.split(r"[./٫]", re.sub(r"[,،٬]", "", raw))
            if len(parts) > 2:  # 1400/05/12 is a date, 1.2.3 a section: not a number
                kind = "sym"
            else:
                value = float(".".join(parts))
        tokens.append(_Token(kind, raw.replace("\u200c", ""), match.start(), match.end(), value))
    return tokens


class _Number(NamedTuple):
    value: float
    end: int  # index of the first token after the number
    trailing_scale: float  # the scale word it ends with (1 when none)


def _number(tokens: list[_Token], i: int, terms: QuantityTerms) -> _Number | None:
    """The number that starts at token ``i``: digits and number words, scales and joins
    ("دو میلیون و پانصد هزار" is 2,500,000), or None."""
    total, current, last, scale = 0.0, 0.0, math.inf, 1.0
    j, pieces, words, joined = i, 0, [], False
    while j < len(tokens):
        token = tokens[j]
        piece = token.value if token.kind == "num" else terms.numbers.get(token.key) if token.kind == "word" else None
        if piece is not None:
            if pieces and scale == 1.0 and piece == 100 and 0 < current < 100 and token.kind == "word":
                current *= 100  # "two hundred": a multiplier, not a sum
            elif pieces and not (joined and piece < last):
                break  # "10 20" or "10 و 20" are two numbers
            else:
                current += piece
            last, scale = piece, 1.0
            words.append(token.key)
        elif token.kind == "word" and token.key in terms.scales:
            size = terms.scales[token.key]
            if current == 0 and total and size > last:
                total *= size  # "۲ هزار میلیارد": a thousand billions
            else:
                total += (current or 1.0) * size
            current, last, scale = 0.0, size, size
            words.append(token.key)
        else:
            break
        pieces += 1
        j += 1
        if token.kind == "word" and token.key == "half" and j < len(tokens) and tokens[j].key in ("a", "an"):
            j += 1  # "half a million": half of the scale that follows
        # "twenty-five": a hyphen between a tens word and a unit word is one number, not a range
        if token.kind == "word" and piece is not None and piece in _TENS and j + 1 < len(tokens) \
                and tokens[j].key in ("-", "‐") and tokens[j + 1].kind == "word":
            unit_word = terms.numbers.get(tokens[j + 1].key)
            if unit_word is not None and 1 <= unit_word <= 9 and unit_word == int(unit_word):
                current += unit_word
                last = unit_word
                words.append(tokens[j + 1].key)
                pieces += 1
                j += 2
        # A join ("و", "and") continues the number only when a smaller piece follows it, after
        # a scale ("۲ میلیون و ۵۰۰ هزار") or between words ("بیست و پنج"): "۱۰۰ و ۵۰" in digits
        # is a list of two numbers.
        joined = False
        if j + 1 < len(tokens) and tokens[j].kind == "word" and tokens[j].key in terms.joins:
            following = tokens[j + 1]
            after = following.value if following.kind == "num" else terms.numbers.get(following.key)
            in_words = token.kind == "word" and following.kind == "word"
            if after is not None and after < last and (scale > 1.0 or in_words):
                joined = True
                j += 1
    if not pieces:
        return None
    if len(words) == 1 and words[0] in NEEDS_SCALE:
        return None
    if pieces == 1 and words and words[0] in terms.scales and not _is_persian(words[0]):
        return None  # "million doses" states no number; Persian "هزار دوز" is a thousand
    return _Number(total + current, j, scale)


def _unit_at(tokens: list[_Token], j: int, terms: QuantityTerms, index: dict) -> tuple[int, tuple[str, str]] | None:
    """(index after the unit, (unit, unit_kind)) of the longest unit at token ``j``, from a unit
    table's :func:`_first_word_index`."""
    best = None
    for words, unit in _candidates(index, tokens[j].key):
        end = j + len(words)
        if end > len(tokens) or any(t.kind == "num" for t in tokens[j:end]):
            continue
        keys = [t.key for t in tokens[j:end]]
        if keys[:-1] != list(words[:-1]):
            continue
        last, key = words[-1], keys[-1]
        if key != last and not (key.startswith(last) and key[len(last):] in PERSIAN_SUFFIXES
                                and _is_persian(last)):
            continue
        if key in terms.not_units:
            continue
        if end < len(tokens) and (unit[0], tokens[end].key) in terms.vetoes:
            continue
        if best is None or len(words) > best[0] - j:
            best = (end, unit)
    return best


def _candidates(index: dict, key: str) -> list[tuple[tuple[str, ...], tuple[str, str]]]:
    """The entries of a unit table (its :func:`_first_word_index`) that may start at a token
    ``key``, in the table's order: those whose first word is the key, or the key without a
    Persian suffix. (Not every entry at every token: on 5,000 articles that scan took seconds.)"""
    found = index.get(key, [])
    if key[-1:] in _SUFFIX_ENDS:  # (a word ending as no suffix does has none to take off)
        found = list(found)
        for suffix in PERSIAN_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                found += index.get(key[:-len(suffix)], ())
        if len(found) > 1:
            found = sorted(set(found))
    return [entry for _, *entry in found]


class _FirstWordIndex(dict):
    """First word -> a unit table's entries (order, words, unit); ``starts``: every token key
    an entry may start at (a first word, or a first word with a Persian suffix)."""

    starts: frozenset = frozenset()


_INDEXES: dict[int, tuple[dict, int, _FirstWordIndex]] = {}  # id(table) -> (table, its size, its index)


def _first_word_index(table: dict) -> _FirstWordIndex:
    cached = _INDEXES.get(id(table))
    if cached is None or cached[0] is not table or cached[1] != len(table):
        index = _FirstWordIndex()
        for order, (words, unit) in enumerate(table.items()):
            index.setdefault(words[0], []).append((order, words, unit))
        index.starts = frozenset(index) | {word + suffix for word in index for suffix in PERSIAN_SUFFIXES}
        cached = _INDEXES[id(table)] = (table, len(table), index)
    return cached[2]


def _may_start(index: _FirstWordIndex, key: str) -> bool:
    """Whether an entry of ``index`` may start at a token ``key`` (:func:`_candidates` is then
    not empty)."""
    return key in index.starts


def _is_persian(word: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in word)


def find_quantities(text: str, terms: QuantityTerms | None = None) -> list[Quantity]:
    """Every quantity in ``text``, in order.

    >>> [(q.value, q.value_max, q.unit) for q in find_quantities("between 10 and 15 tons, then $2.5 million")]
    [(10.0, 15.0, 'ton'), (2500000.0, nan, 'dollar')]
    >>> [(q.value, q.value_max, q.unit_kind) for q in find_quantities("۲ تا ۳ میلیون دوز")]
    [(2000000.0, 3000000.0, 'doses')]
    """
    terms = terms or default_quantity_terms()
    folded = fold(text)
    tokens = _tokens(folded)
    signs, units = _first_word_index(terms.signs), _first_word_index(terms.units)
    found: list[Quantity] = []
    i = 0
    while i < len(tokens):
        start = i
        between = tokens[i].kind == "word" and tokens[i].key in terms.betweens
        sign = None if between or not _may_start(signs, tokens[i].key) else _unit_at(tokens, i, terms, signs)
        first_at = i + 1 if between else sign[0] if sign else i
        # (a number starts with digits, a number word or a scale word: the test first, the call after)
        first = _number(tokens, first_at, terms) if first_at < len(tokens) and (
            tokens[first_at].kind == "num" or tokens[first_at].key in terms.numbers
            or tokens[first_at].key in terms.scales) else None
        if first is None:
            i += 1
            continue
        low, high, j = first.value, math.nan, first.end
        connector = tokens[j].key if j < len(tokens) else ""
        if j + 1 < len(tokens) and (connector in terms.ranges and connector != "and"
                                    or between and connector in terms.joins | terms.ranges):
            second = _number(tokens, j + 1, terms)
            if second is not None:
                high, j = second.value, second.end
                # "۲ تا ۳ میلیون": the scale written once belongs to both ends
                if first.trailing_scale == 1.0 and second.trailing_scale > 1.0 and low < second.trailing_scale:
                    low *= second.trailing_scale
                if high < low:  # "۱۵ تا ۱۰ تن": an inverted range is read from its lower end
                    low, high = high, low
        unit = sign[1] if sign else None
        if unit is None:
            k = j + 1 if j < len(tokens) and tokens[j].key in ("-", "–") else j  # "10-ton", "60m-dose"
            at = _unit_at(tokens, k, terms, units) if k < len(tokens) else None
            if at is not None:
                j, unit = at
        if unit is None:
            i = first.end
            continue
        begin = tokens[start if sign or between else first_at].start
        end = tokens[j - 1].end
        found.append(Quantity(low, high, unit[0], unit[1], begin, end, text[begin:end]))
        i = j
    return found


def quantities_table(tagging, terms: QuantityTerms | None = None) -> pd.DataFrame:
    """The quantities stated for the links of a :class:`~healthdiplomacy.Tagging`
    (:data:`QUANTITY_COLUMNS`, plus ``evidence``: the sentence).

    Read off the tagging's own sentences table (no text is split again). A quantity
    in a sentence that several partners' links quote goes to the partner named
    nearest to it ("10 tons to Iraq and 5 tons to Syria"); among a partner's themes
    in that sentence, to the theme whose term stands nearest (the first theme in
    order when no term is found in the sentence as written).

    >>> from healthdiplomacy import tag_articles
    >>> tagging = tag_articles([{"article_id": "a", "language": "en",
    ...     "text": "Iran sent 10 tons of medicine to Iraq and 5 tons of medicine to Syria."}])
    >>> quantities_table(tagging)[["partner_id", "theme_id", "value", "unit"]].values.tolist()
    [['IQ', 'medicine', 10.0, 'ton'], ['SY', 'medicine', 5.0, 'ton']]
    """
    terms = terms or default_quantity_terms()
    columns = QUANTITY_COLUMNS + ["evidence"]
    sentences = tagging.sentences
    if sentences is None or not len(tagging.links):
        return pd.DataFrame(columns=columns)
    # (columns as lists: iterating an Arrow-backed frame costs a microsecond a value)
    texts = {(str(a), str(i)): t for a, i, t in zip(*(sentences[c].tolist() for c in ("article_id", "sentence_id",
                                                                                       "text")))}
    # (article, sentence) -> partner -> [(theme, terms)], from the links that quote it
    quoting: dict[tuple[str, str], dict[str, list[tuple[str, list[str]]]]] = {}
    languages: dict[str, str] = {}
    links = tagging.links
    for article, partner, theme, ids, link_terms, language in zip(*(
            links[c].tolist() for c in ("article_id", "partner_id", "theme_id", "sentence_ids", "terms", "language"))):
        languages[str(article)] = str(language or "")
        for sid in str(ids).split(";"):
            if sid:
                quoting.setdefault((str(article), sid), {}).setdefault(str(partner), []).append(
                    (str(theme or ""), [t for t in str(link_terms).split("; ") if t]))
    names: dict[tuple[str, str, str], set[str]] = {}
    mentions = tagging.mentions
    if mentions is not None and len(mentions):
        for article, partner, sid, term in zip(*(mentions[c].tolist() for c in ("article_id", "partner_id",
                                                                                "sentence_id", "term"))):
            names.setdefault((str(article), str(sid), str(partner)), set()).add(str(term))
    rows = []
    for (article, sid), partners in sorted(quoting.items(), key=lambda kv: (kv[0][0], int(kv[0][1]))):
        sentence = texts.get((article, sid))
        if not sentence:
            continue
        found = find_quantities(sentence, terms)
        if not found:
            continue
        folded = fold(sentence).replace("\u200c", " ")
        # only a partner named in the sentence that states the quantity may have it: a
        # sentence a link quotes without naming its partner gives the quantity to no one
        named = {p: names[(article, sid, p)] for p in partners if names.get((article, sid, p))}
        if not named:
            continue
        owners = _owners(folded, found, named)
        for quantity, chosen in zip(found, owners):
            for partner in chosen:
                themes = partners[partner]
                theme = _nearest(folded, quantity, {t: set(ts) for t, ts in themes})[0] if len(themes) > 1 \
                    else themes[0][0]
                rows.append({"article_id": article, "partner_id": partner, "theme_id": theme,
                             "value": quantity.value, "value_max": quantity.value_max, "unit": quantity.unit,
                             "unit_kind": quantity.unit_kind, "text": quantity.text, "sentence_id": sid,
                             "n_partners": len(chosen), "language": languages.get(article, ""), "evidence": sentence})
    frame = pd.DataFrame(rows, columns=columns)
    return frame.drop_duplicates(["article_id", "partner_id", "sentence_id", "text", "theme_id"]).reset_index(drop=True)


def _spots(folded: str, words: set[str]) -> list[tuple[int, int]]:
    """Where any of ``words`` stands in the folded sentence (start, end)."""
    return [(m.start(), m.end()) for w in words if w
            for m in re.finditer(re.escape(fold(w).replace("\u200c", " ")), folded)]


def _nearest(folded: str, quantity: Quantity, candidates: dict[str, set[str]]) -> list[str]:
    """The candidates whose term stands nearest the quantity in the sentence; all of them
    (in order) when none of their terms is found as written."""
    distance = {}
    for key, words in candidates.items():
        spots = _spots(folded, words)
        if spots:
            distance[key] = min(max(s - quantity.end, quantity.start - e, 0) for s, e in spots)
    if not distance:
        return sorted(candidates)
    best = min(distance.values())
    return sorted(k for k, d in distance.items() if d == best)


def _owners(folded: str, found: list[Quantity], candidates: dict[str, set[str]]) -> list[list[str]]:
    """The partner(s) of each quantity of a sentence.

    A clause (the sentence cut at ``;`` ``؛`` ``:``) that names a partner keeps its
    quantities to its own partners ("Iran sent medicine to Iraq; 5,000 doses went to
    Syria": Syria). Partners named in a coordinated list ("Iraq and Syria", "Iraq,
    Afghanistan and Russia", "عراق و سوریه") take a quantity together. Within a clause
    several partners and several quantities pair in the order they are written: when the
    first partner is named after the first quantity ("10 tons to Iraq and 5 tons to
    Syria", "۱۰ تن به عراق و ۵ تن به سوریه") each quantity takes the partners named
    between it and the next quantity; when the first partner comes first ("Iraq received
    10 tons and Syria 5 tons") those named between the previous quantity and itself.
    Otherwise the nearest name (or list) wins.

    >>> _owners("iraq and syria received 10 tons", find_quantities("iraq and syria received 10 tons"),
    ...         {"IQ": {"Iraq"}, "SY": {"Syria"}})
    [['IQ', 'SY']]
    """
    spots = {key: _spots(folded, words) for key, words in candidates.items()}
    bounds = [0] + [m.end() for m in _CLAUSE.finditer(folded)] + [len(folded)]
    owners = []
    for low, high in zip(bounds, bounds[1:]):
        here = [q for q in found if low <= q.start < high]
        if not here:
            continue
        inside = {k: [(s, e) for s, e in v if low <= s and e <= high] for k, v in spots.items()}
        inside = {k: v for k, v in inside.items() if v}
        owners.extend(_clause_owners(folded, here, inside or spots, candidates))
    return owners


_CLAUSE = re.compile(r"[;؛:]")
_LIST_GAP = re.compile(r"^(?:\s|,|،|\band\b|&|(?<![^\s،,])و(?![^\s]))*$")


def _lists(folded: str, spots: dict[str, list[tuple[int, int]]]) -> list[tuple[int, int, list[str]]]:
    """The names of a clause as runs (start, end, partners): names joined only by commas,
    "and" or "و" are one coordinated list; two names joined by a comma and "and" ("to
    Syria, and Iraq received") are two clauses."""
    names = sorted((s, e, key) for key, key_spots in spots.items() for s, e in key_spots)
    runs: list[tuple[int, int, list[str]]] = []
    for start, end, key in names:
        if runs:
            gap = folded[runs[-1][1]:start]
            two_clauses = len(runs[-1][2]) == 1 and re.search(r"[,،]\s*(?:and|و)\b", gap)
            if start <= runs[-1][1] or (_LIST_GAP.match(gap) and not two_clauses):
                run = runs[-1]
                runs[-1] = (run[0], max(run[1], end), run[2] + ([key] if key not in run[2] else []))
                continue
        runs.append((start, end, [key]))
    return runs


def _clause_owners(folded: str, found: list[Quantity], spots: dict[str, list[tuple[int, int]]],
                   candidates: dict[str, set[str]]) -> list[list[str]]:
    if len(candidates) == 1:
        return [list(candidates)] * len(found)
    runs = _lists(folded, spots)
    if not runs:
        return [sorted(candidates)] * len(found)
    forward = runs[0][0] >= found[0].end
    owners = []
    for k, quantity in enumerate(found):
        if forward:
            low, high = quantity.end, found[k + 1].start if k + 1 < len(found) else len(folded)
        else:
            low, high = found[k - 1].end if k else 0, quantity.start
        inside = [r for r in runs if low <= r[0] and r[1] <= high] or runs
        distance = [max(r[0] - quantity.end, quantity.start - r[1], 0) for r in inside]
        owners.append(sorted(inside[distance.index(min(distance))][2]))
    return owners
