"""Stages for a reader: the partner x stage heatmap, the furthest-stage table and the
stage evidence, labelled for one edition.
"""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ..codebook.tables import StageBook, load_stagebook
from ..results.stages import furthest_stages, stage_partner_table
from ..results.tables import capped_quote, label
from ..text.shaping import display_text
from .charts import annotate_cells, chart_style, digit_formatter, right_to_left
from .i18n import Strings


def stage_summary(stages: pd.DataFrame, links: pd.DataFrame, lang: str = "en",
                  book: StageBook | None = None) -> pd.DataFrame:
    """:func:`furthest_stages` for reading in the ``lang`` edition: names and stage labels,
    headers from the i18n files.

    >>> from healthdiplomacy.results.tables import example_links
    >>> stages = pd.DataFrame({"article_id": ["a1"], "partner_id": ["azerbaijan"], "stage": ["talks"]})
    >>> row = stage_summary(stages, example_links(), "fa").to_dict("records")[0]
    >>> row["شریک"], row["دورترین مرحله"] == stage_label(load_stagebook(), "talks", "fa"), row["کد کامئو"]
    ('آذربایجان', True, '۰۴')
    """
    book = book or load_stagebook()
    strings = Strings(lang)
    table = furthest_stages(stages, links, book)
    names = links.drop_duplicates("partner_id").set_index("partner_id")
    separator = "، " if lang == "fa" else "; "
    out = pd.DataFrame({
        "partner_id": table["partner_id"],
        "partner": [_partner_label(names, p, lang) for p in table["partner_id"]],
        "articles": table["articles"],
        "stages": [separator.join(stage_label(book, s, lang) for s in v.split(";") if s) for v in table["stages"]],
        "furthest_stage": [stage_label(book, s, lang) if s else "" for s in table["furthest_stage"]],
        "cameo_code": [strings.digits(c) for c in table["cameo_code"]],
    })
    return out.rename(columns={c: strings(f"stages.columns.{c}") for c in out.columns})


def stage_label(book: StageBook, stage: str, lang: str = "en") -> str:
    """A stage's name for the ``lang`` edition (both languages in English, Persian alone in Persian).

    >>> stage_label(load_stagebook(), "talks", "fa")
    'دیدار و گفت\u200cوگو'
    """
    row = book.code(stage)
    return label(row["label_en"], row["label_fa"], lang)


def _partner_label(names: pd.DataFrame, pid: str, lang: str = "en") -> str:
    if pid not in names.index:
        return pid
    return label(names.loc[pid, "partner_name_en"], names.loc[pid, "partner_name_fa"], lang)


def stage_evidence(stages: pd.DataFrame, links: pd.DataFrame, lang: str = "en",
                   book: StageBook | None = None) -> pd.DataFrame:
    """Stage rows in the shape of :func:`healthdiplomacy.results.tables.evidence_table` (the stage in
    the theme columns), so :func:`healthdiplomacy.report.evidence.evidence_html` shows them.

    >>> from healthdiplomacy.results.tables import example_links
    >>> stages = pd.DataFrame({"article_id": ["a1"], "partner_id": ["azerbaijan"], "stage": ["talks"],
    ...                        "cameo_code": ["04"], "evidence": ["..."], "terms": ["دیدار"]})
    >>> stage_evidence(stages, example_links())["theme_label"].tolist()
    ['Talks · دیدار و گفت\u200cوگو (CAMEO 04)']
    """
    book = book or load_stagebook()
    strings = Strings(lang)
    first = links.drop_duplicates("partner_id")
    # (dicts, not .loc per stage row: seconds at 5,000 articles)
    names = {name: dict(zip(first["partner_id"].tolist(), first[name].tolist()))
             for name in ("partner_name_en", "partner_name_fa", "partner_kind")}
    languages = links.drop_duplicates("article_id").set_index("article_id")["language"]
    partners = stages["partner_id"].tolist()
    column = lambda name, default: [names[name].get(p, default) for p in partners]  # noqa: E731
    out = stages.assign(
        theme_id=stages["stage"],
        theme_label=[strings("stages.evidence_heading", stage=stage_label(book, s, lang), code=strings.digits(c))
                     for s, c in zip(stages["stage"], stages["cameo_code"])],
        partner_name_en=column("partner_name_en", ""), partner_name_fa=column("partner_name_fa", ""),
        partner_kind=column("partner_kind", ""),
        language=[languages.get(a, "") for a in stages["article_id"]],
        evidence=[capped_quote(e) for e in stages["evidence"]],  # (a 1 MB line is not quoted whole)
        rank_key=stages["stage"].map(book.rank))
    # Furthest stage first: a signing matters more to a reader than a hope.
    out = out.sort_values(["rank_key", "partner_id", "article_id"], ascending=[False, True, True])
    columns = ["theme_id", "theme_label", "partner_id", "partner_name_en", "partner_name_fa", "partner_kind",
               "article_id", "language", "evidence", "terms"]
    return out[columns].reset_index(drop=True)


def stage_chart(stages: pd.DataFrame, links: pd.DataFrame, lang: str = "en", book: StageBook | None = None):
    """Heatmap of partners (rows) by stage (columns), as ``(figure, data)`` like
    :mod:`healthdiplomacy.report.charts`; data has one row per cell. The Persian edition
    reads right to left: stages run from the right, names stand on the right.

    >>> from healthdiplomacy.results.tables import example_links
    >>> stages = pd.DataFrame({"article_id": ["a1"], "partner_id": ["azerbaijan"], "stage": ["talks"]})
    >>> stage_chart(stages, example_links())[1].to_dict("records")[1]
    {'partner_id': 'azerbaijan', 'stage': 'talks', 'row': 0, 'column': 1, 'articles': 1}
    """
    book = book or load_stagebook()
    strings = Strings(lang)
    table = stage_partner_table(stages, links, book)
    with chart_style():
        fig = Figure(figsize=(5.0 + 1.3 * len(book.order), 2.0 + 0.36 * max(len(table), 2)),
                     layout="constrained")
        ax = fig.add_subplot()
        _stage_axes(ax, fig, table, links, book, lang)
        ax.set_title(display_text(strings("stages.charts.stage_partner.title")))
    data = (table.stack().rename("articles").reset_index()
            .assign(row=lambda d: d["partner_id"].map(list(table.index).index),
                    column=lambda d: d["stage"].map(list(table.columns).index)))
    return fig, data[["partner_id", "stage", "row", "column", "articles"]]


def _stage_axes(ax, fig, table: pd.DataFrame, links: pd.DataFrame, book: StageBook, lang: str) -> None:
    strings = Strings(lang)
    names = links.drop_duplicates("partner_id").set_index("partner_id")
    ax.set_xticks(range(len(book.order)), [display_text(stage_label(book, s, lang)) for s in book.order],
                  rotation=30, ha="right", rotation_mode="anchor")
    if not len(table):
        ax.set_xlim(-0.5, len(book.order) - 0.5)
        ax.set_yticks([])
        ax.text(0.5, 0.5, display_text(strings("stages.charts.stage_partner.empty")), transform=ax.transAxes,
                ha="center", va="center")
        return
    image = ax.imshow(table.to_numpy(), cmap="Blues", aspect="auto", vmin=0)
    ax.set_yticks(range(len(table)), [display_text(_partner_label(names, p, lang)) for p in table.index])
    annotate_cells(ax, table, lang)
    bar = fig.colorbar(image, ax=ax, label=display_text(strings("stages.charts.stage_partner.colorbar")),
                       shrink=0.6, location="left" if strings.dir == "rtl" else "right")
    bar.locator = MaxNLocator(integer=True)
    bar.formatter = digit_formatter(lang)
    bar.update_ticks()
    if strings.dir == "rtl":
        ax.invert_xaxis()  # the first stage on the right, where a Persian reader starts
        right_to_left(ax)
