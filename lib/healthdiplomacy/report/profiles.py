"""Partner profiles for a reader: each :class:`~healthdiplomacy.results.profiles.PartnerProfile`
as a section of the report and as a page of its own beside it (one file per partner and
edition, its own CSS inside, nothing loaded from the network), worded in the edition's language.

Every name, source and quote from an article is escaped (:mod:`healthdiplomacy.report.html`);
the sentences are templates in the i18n files (``profiles.*``).
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ..codebook.tables import StageBook, load_stagebook
from ..results.outputs import write_atomically
from ..results.profiles import PartnerProfile
from ..results.tables import label
from .budget import PROFILE_ROWS, ROWS, Beside, link
from .evidence import source_html
from .html import EVIDENCE_CSS, escape_text, inline_html, network_references, quote_html
from .i18n import Strings
from .numbers import persian_digits
from .stages import stage_label
from .years import year_counts_html

PROFILE_CSS = (
    ".hd-profile{margin:1.2em 0 2em}.hd-profile-facts{margin:.3em 0}"
    ".hd-profile-link{font-size:.95em}"
)
# The page's own layout (the report's comes from its template): a reading measure, wrapping tables.
PAGE_CSS = (
    "body{margin:0;font-family:system-ui,'DejaVu Sans',sans-serif;color:#222;line-height:1.6}"
    "[lang=fa],body:lang(fa){font-family:Vazirmatn,'DejaVu Sans',Tahoma,sans-serif;line-height:1.9}"
    "main{max-width:60rem;margin:0 auto;padding:1rem 1.5rem 3rem}"
    ".hd-page-note{color:#555;font-size:.9em}"
    "table.hd-table{border-collapse:collapse;font-size:.9em;margin:.5em 0 1em;max-width:100%}"
    "table.hd-table th,table.hd-table td{border:1px solid #ccc;padding:.2em .5em;text-align:start;"
    "vertical-align:top;overflow-wrap:anywhere}"
    "table.hd-table th{background:#f0f3f3}"
)
_SAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")


def profiles_html(profiles: list[PartnerProfile], lang: str = "en", pages: Mapping[str, Path] | None = None,
                  base: str | Path | None = None, book: StageBook | None = None, beside: Beside | None = None) -> str:
    """Every profile as a ``<section>`` of the report, with a link to its own page when
    ``pages`` (partner id -> file, :func:`write_profile_pages`) has one; the link is relative
    to ``base``, the report's folder. With ``beside``, a list of events or quantities longer
    than :data:`~healthdiplomacy.report.budget.PROFILE_ROWS` shows its first rows and links to
    the whole of it, written beside the report (the partner's own page shows more:
    :data:`~healthdiplomacy.report.budget.ROWS`).

    >>> from healthdiplomacy.results.profiles import partner_profiles
    >>> from healthdiplomacy.results.tables import example_links
    >>> page = profiles_html(partner_profiles(example_links()), "en", {"iraq": Path("/r/partners/iraq.html")}, "/r")
    >>> page.count('<section class="hd-profile"'), 'href="partners/iraq.html"' in page
    (2, True)
    >>> profiles_html([], "fa")
    '<p>هیچ مقاله‌ای نام شریکی را نمی‌آورد؛ نمایه‌ای برای نمایش نیست.</p>'
    """
    strings = Strings(lang)
    if not profiles:
        return f"<p>{escape_text(strings('profiles.empty'))}</p>"
    book = book or load_stagebook()
    parts = [f"<style>{EVIDENCE_CSS}{PROFILE_CSS}</style>"]
    for profile in profiles:
        href = None
        if pages and profile.partner_id in pages:
            target = Path(pages[profile.partner_id])
            href = link(target, base) if base is not None else urllib.parse.quote(target.name)
        parts.append(profile_html(profile, lang, href, book=book, beside=beside,  # (linked from the report)
                                  limit=PROFILE_ROWS))
    return "\n".join(parts)


def profile_html(profile: PartnerProfile, lang: str = "en", href: str | None = None, level: int = 3,
                 book: StageBook | None = None, beside: Beside | None = None, base: str | Path | None = None,
                 limit: int = ROWS) -> str:
    """One profile as an HTML ``<section>``: its name as a heading of ``level``, then what it
    is and how many events and articles, the themes, the furthest stage, the sources, its
    events in date order (each with the quote of its first report), the themes per year (a gap
    year empty), the strongest quotes, the partner and theme terms marked, and the quantities
    stated for it, each with its sentence. With ``beside``, the events and the quantities show
    at most ``limit`` rows and link (relative to ``base``) to the whole list written beside.

    >>> from healthdiplomacy.results.profiles import partner_profiles
    >>> from healthdiplomacy.results.tables import example_links
    >>> iraq = partner_profiles(example_links())[1]
    >>> page = profile_html(iraq)
    >>> page.count("<blockquote"), "<mark>عراق</mark>" in page, '<h3 id="profile-iraq">' in page
    (4, True, True)
    >>> page.count('<table class="hd-table hd-events">')  # two quotes above: the first report of each event
    1
    >>> "۲ مقاله" in profile_html(iraq, "fa"), 'href="p/iraq.html"' in profile_html(iraq, href="p/iraq.html")
    (True, True)
    """
    s = Strings(lang)
    book = book or load_stagebook()
    name = _name(profile, lang)
    sub = min(level + 1, 6)
    parts = [f'<section class="hd-profile" id="profile-section-{escape_text(page_name(profile.partner_id))}">',
             f'<h{level} id="profile-{escape_text(page_name(profile.partner_id))}">{name}</h{level}>',
             _facts(_summary(profile, s, name)), _facts(_themes(profile, s)), _facts(_stages(profile, s, book)),
             _facts(_sources(profile, s))]
    if href:
        parts.append(f'<p class="hd-profile-link"><a href="{escape_text(href)}">'
                     f'{escape_text(s("profiles.page_link"))}</a></p>')
    parts.append(f"<h{sub}>{escape_text(s('profiles.events'))}</h{sub}>")
    parts.append(f'<p class="hd-source">{escape_text(s("profiles.events_note"))}</p>')
    parts.append(_capped(profile.events_list, f"events_{page_name(profile.partner_id)}",
                         lambda rows: _events_table(rows, profile, s, book), s, beside, base, limit))
    parts.append(f"<h{sub}>{escape_text(s('profiles.by_year'))}</h{sub}>")
    parts.append(year_counts_html(profile.by_year.rename(columns=_theme_names(profile, lang)), lang))
    parts.append(f"<h{sub}>{escape_text(s('profiles.quotes'))}</h{sub}>")
    parts.append(f'<p class="hd-source">{escape_text(s("profiles.quotes_note"))}</p>')
    for quote in profile.quotes.itertuples(index=False):
        parts.append(source_html(quote.article_id, quote.terms, quote.language, s))
        parts.append(quote_html(quote.sentence, quote.terms, quote.language))
    parts.append(f"<h{sub}>{escape_text(s('profiles.quantities'))}</h{sub}>")
    if len(profile.quantities):
        parts.append(f'<p class="hd-source">{escape_text(s("profiles.quantities_note"))}</p>')
        parts.append(_capped(profile.quantities, f"quantities_{page_name(profile.partner_id)}",
                             lambda rows: _quantities_table(rows, s), s, beside, base, limit))
    else:
        parts.append(f"<p>{escape_text(s('profiles.no_quantities'))}</p>")
    parts.append("</section>")
    return "".join(parts)


def profile_page(profile: PartnerProfile, lang: str = "en", book: StageBook | None = None,
                 beside: Beside | None = None, base: str | Path | None = None, limit: int = ROWS) -> str:
    """A profile as a complete HTML page an analyst can send on its own: the edition's
    ``dir`` and ``lang`` on ``<html>``, its CSS inside, nothing loaded from anywhere (a long
    list links to its whole, written ``beside``, relative to ``base``: the page's folder).

    >>> from healthdiplomacy.results.profiles import partner_profiles
    >>> from healthdiplomacy.results.tables import example_links
    >>> page = profile_page(partner_profiles(example_links())[0], "fa")
    >>> page.startswith("<!DOCTYPE html>"), '<html dir="rtl" lang="fa">' in page, network_references(page)
    (True, True, [])
    """
    s = Strings(lang)
    title = s("profiles.page_title", name=_plain_name(profile, lang))
    note = escape_text(s("profiles.from_report", title=s("report.title")))
    body = profile_html(profile, lang, level=1, book=book, beside=beside, base=base, limit=limit)
    return ("<!DOCTYPE html>\n"
            f'<html dir="{s.dir}" lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape_text(title)}</title>\n"
            f"<style>{PAGE_CSS}{EVIDENCE_CSS}{PROFILE_CSS}</style>\n</head>\n<body>\n<main>\n"
            f'<p class="hd-page-note">{note}</p>\n{body}\n</main>\n</body>\n</html>\n')


def write_profile_pages(profiles: list[PartnerProfile], folder: str | Path, lang: str = "en",
                        book: StageBook | None = None, beside: Beside | None = None, limit: int = ROWS
                        ) -> dict[str, Path]:
    """Write :func:`profile_page` of every profile to ``folder`` (``IQ.html``, the Persian
    edition's ``IQ.fa.html``), each atomically; return partner id -> file. A page that would
    load anything from the network is refused (:func:`~healthdiplomacy.report.html.network_references`).
    The edition's pages of partners no longer profiled are removed, so the folder holds this
    run's profiles only (another edition's pages and any other file are left alone). With
    ``beside``, a list over ``limit`` rows links to its whole as the page will once the figures
    are in place.

    >>> import tempfile
    >>> from healthdiplomacy.results.profiles import partner_profiles
    >>> from healthdiplomacy.results.tables import example_links
    >>> folder = tempfile.mkdtemp()
    >>> pages = write_profile_pages(partner_profiles(example_links()), folder, "fa")
    >>> sorted(p.name for p in pages.values())
    ['azerbaijan.fa.html', 'iraq.fa.html']
    >>> _ = write_profile_pages(partner_profiles(example_links(), top=1), folder, "fa")
    >>> sorted(p.name for p in Path(folder).iterdir())
    ['azerbaijan.fa.html']
    """
    book = book or load_stagebook()
    suffix = "" if lang == "en" else f".{lang}"
    home = _home(Path(folder), beside)
    written = {}
    for profile in profiles:
        page = profile_page(profile, lang, book, beside, home, limit)
        leaks = network_references(page)
        if leaks:
            raise RuntimeError(f"profile page of {profile.partner_id} would load from the network: {leaks[:5]}")
        target = Path(folder) / f"{page_name(profile.partner_id)}{suffix}.html"
        written[profile.partner_id] = write_atomically(target, page.encode("utf-8"))
    _remove_stale(Path(folder), set(written.values()), lang)
    return written


def _remove_stale(folder: Path, kept: set[Path], lang: str) -> None:
    """Remove this edition's profile pages in ``folder`` that are not in ``kept``."""
    if not folder.is_dir():
        return
    pattern = re.compile(r"[A-Za-z0-9_-]+\.html" if lang == "en" else rf"[A-Za-z0-9_-]+\.{re.escape(lang)}\.html")
    for path in folder.iterdir():
        if path.is_file() and pattern.fullmatch(path.name) and path not in kept:
            path.unlink()


def page_name(partner_id: str) -> str:
    """A partner id as a file name and an HTML id: letters, digits, ``_`` and ``-`` only.

    >>> page_name("IQ"), page_name("../x y")
    ('IQ', 'x_y')
    """
    return _SAFE_NAME.sub("_", str(partner_id)).strip("_") or "partner"


# --- the sentences ------------------------------------------------------------------


def _fill(s: Strings, key: str, html: Mapping[str, str], **values) -> str:
    """The string ``key``, escaped, with the ``html`` fields put in as they are (already safe)."""
    text = escape_text(s(key, **values, **{k: "{" + k + "}" for k in html}))
    for field, fragment in html.items():
        text = text.replace("{" + field + "}", fragment)
    return text


def _summary(profile: PartnerProfile, s: Strings, name: str) -> str:
    kind = s.get(f"values.{profile.kind}", profile.kind) if profile.kind else ""
    return _fill(s, "profiles.summary", {"name": f"<strong>{name}</strong>"},
                 events=s.count("evidence.events", profile.events),
                 articles=s.count("evidence.articles", profile.articles), kind=kind)


def _themes(profile: PartnerProfile, s: Strings) -> str:
    if not len(profile.themes):
        return escape_text(s("profiles.no_themes"))
    names = [f"{inline_html(_theme_label(row, s.lang), _label_lang(row, s.lang))} "
             f"({escape_text(s.count('evidence.articles', int(row['articles'])))})"
             for _, row in profile.themes.iterrows()]
    return _fill(s, "profiles.themes", {"themes": escape_text(s("findings.list_separator")).join(names)})


def _stages(profile: PartnerProfile, s: Strings, book: StageBook) -> str:
    if not profile.furthest_stage:
        return escape_text(s("profiles.no_stage"))
    reached = [f"{escape_text(stage_label(book, row.stage, s.lang))} "
               f"({escape_text(s.count('evidence.articles', int(row.articles)))})"
               for row in profile.stages.itertuples(index=False)]
    stage = f"<strong>{escape_text(stage_label(book, profile.furthest_stage, s.lang))}</strong>"
    code = escape_text(s.digits(str(book.code(profile.furthest_stage)["cameo_code"])))
    return _fill(s, "profiles.furthest", {"stage": stage, "code": code,
                                          "stages": escape_text(s("findings.list_separator")).join(reached)})


def _sources(profile: PartnerProfile, s: Strings) -> str:
    if not len(profile.sources) or not (profile.sources["source"] != "").any():
        return escape_text(s("profiles.no_sources"))
    names = [f"{inline_html(row.source) if row.source else escape_text(s('profiles.unnamed'))} "
             f"({escape_text(s.count('evidence.articles', int(row.articles)))})"
             for row in profile.sources.itertuples(index=False)]
    return _fill(s, "profiles.sources", {"sources": escape_text(s("findings.list_separator")).join(names)})


def _events_table(rows, profile: PartnerProfile, s: Strings, book: StageBook) -> str:
    """A partner's events as a table: date, themes, stage, articles, languages, first report."""
    names = _theme_names(profile, s.lang)
    separator = s("findings.list_separator")
    head = "".join(f"<th>{escape_text(s(f'profiles.event_columns.{c}'))}</th>"
                   for c in ("date", "themes", "stage", "n_articles", "languages", "first_report"))
    body = []
    for row in rows.itertuples(index=False):
        themes = separator.join(names.get(t, t) for t in str(row.themes).split(";") if t)
        stage = stage_label(book, row.stage, s.lang) if row.stage else ""
        languages = separator.join(s.get(f"findings.language.{code}", code) for code in str(row.languages).split(";")
                                   if code)
        first = source_html(row.first_article, row.terms, row.language, s)
        if row.quote:
            first += quote_html(row.quote, row.terms, row.language)
        cells = [escape_text(s.digits(str(row.date)) if row.date else s("profiles.undated_event")),
                 escape_text(themes), escape_text(stage), escape_text(s.number(int(row.n_articles))),
                 escape_text(languages), first]
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return (f'<table class="hd-table hd-events"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def _quantities_table(rows, s: Strings) -> str:
    """A partner's quantities as a table: as written, the number, the unit, the article and the
    sentence; none is summed with another."""
    head = "".join(f"<th>{escape_text(s(f'profiles.quantity_columns.{c}'))}</th>"
                   for c in ("text", "value", "unit", "article_id", "evidence"))
    body = []
    for row in rows.itertuples(index=False):
        shared = 1 if _missing(row.n_partners) else int(row.n_partners)
        evidence = quote_html(row.evidence, [row.text], row.language)
        if shared > 1:  # one total for several partners: not this partner's own amount
            evidence += f'<p class="hd-source">{escape_text(s("profiles.quantity_shared", n=shared))}</p>'
        cells = [inline_html(row.text, row.language), escape_text(_amount(row.value, row.value_max, s.lang)),
                 escape_text(row.unit), f"<code>{escape_text(row.article_id)}</code>", evidence]
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return (f'<table class="hd-table hd-quantities"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def _amount(value, value_max, lang: str) -> str:
    """A quantity's number as the edition writes it: 2,000,000; a range 10–15; a fraction 2.5.

    >>> _amount(2e6, float("nan"), "en"), _amount(10.0, 15.0, "fa"), _amount(2.5, None, "en")
    ('2,000,000', '۱۰–۱۵', '2.5')
    >>> _amount(2.999, None, "en"), _amount(0.001, None, "en")   # (as stated: no rounding away)
    ('2.999', '0.001')
    """
    def one(v) -> str:
        v = float(v)
        return f"{int(v):,}" if v.is_integer() else f"{v:,.6f}".rstrip("0").rstrip(".")

    present = [v for v in (value, value_max) if not _missing(v)]
    text = "–".join(one(v) for v in present)
    return persian_digits(text) if lang == "fa" else text


def _missing(value) -> bool:
    """True for an empty cell: None, NaN, NA or blank text."""
    return value is None or (not isinstance(value, str) and bool(pd.isna(value))) or str(value).strip() == ""


def _capped(frame, name: str, render, s: Strings, beside: Beside | None, base, limit: int) -> str:
    """``render(frame)``; with ``beside``, a frame over ``limit`` rows shows its first ``limit``
    and links, from ``base``, to the whole of it written beside the report."""
    if beside is None or len(frame) <= limit:
        return render(frame)
    target = beside.write_to(frame, name)
    href = link(target, base) if base is not None else beside.href(target)
    return render(frame.head(limit)) + beside.note_html(s, limit, len(frame), href)


def _home(folder: Path, beside: Beside | None) -> Path | None:
    """Where the pages of ``folder`` end up: under ``figures_home`` when they are written under
    the staged ``figures_dir`` (links from a page are relative to where it will be)."""
    if beside is None:
        return None
    try:
        return beside.figures_home / folder.resolve().relative_to(beside.figures_dir.resolve())
    except ValueError:
        return folder


def _facts(body: str) -> str:
    return f'<p class="hd-profile-facts">{body}</p>'


def _name(profile: PartnerProfile, lang: str) -> str:
    """The partner's name for the edition, isolated: the reader's language first."""
    if lang == "fa":
        return inline_html(profile.name_fa or profile.name_en or profile.partner_id, "fa" if profile.name_fa else "en")
    if profile.name_fa:
        return f'{escape_text(profile.name_en or profile.partner_id)} · {inline_html(profile.name_fa, "fa")}'
    return escape_text(profile.name_en or profile.partner_id)


def _plain_name(profile: PartnerProfile, lang: str) -> str:
    return label(profile.name_en, profile.name_fa, lang) or profile.partner_id


def _theme_label(row, lang: str) -> str:
    return (row["label_fa"] if lang == "fa" and str(row["label_fa"] or "").strip() else row["label_en"]) \
        or row["theme_id"]


def _label_lang(row, lang: str) -> str:
    return "fa" if lang == "fa" and str(row["label_fa"] or "").strip() else "en"


def _theme_names(profile: PartnerProfile, lang: str) -> dict[str, str]:
    return {row["theme_id"]: _theme_label(row, lang) for _, row in profile.themes.iterrows()}
