"""How far each partnership got, as tables: partner x stage counts and each partner's furthest stage (ids, no labels).

The stage rows come from the tagging (:attr:`healthdiplomacy.Tagging.stages`); see
:mod:`healthdiplomacy.coding.stages` for how they are coded.
"""
from __future__ import annotations

import pandas as pd

from ..codebook.tables import StageBook, load_stagebook


def stage_partner_table(stages: pd.DataFrame, links: pd.DataFrame | None = None,
                        book: StageBook | None = None) -> pd.DataFrame:
    """Partner x stage matrix of distinct articles: how far each partnership got.

    Columns are the stages in order; rows every partner of ``links`` (so a
    partner with no stage stated shows as a row of zeros), furthest stage
    first, then by articles and id.

    >>> stages = pd.DataFrame({"article_id": ["a", "b", "a"], "partner_id": ["AZ", "AZ", "IQ"],
    ...                        "stage": ["talks", "intent", "agreement_signed"]})
    >>> stage_partner_table(stages).values.tolist()
    [[0, 0, 0, 1, 0], [1, 1, 0, 0, 0]]
    """
    book = book or load_stagebook()
    partners = set(stages["partner_id"]) | (set(links["partner_id"]) if links is not None else set())
    counts = (stages.groupby(["partner_id", "stage"])["article_id"].nunique()
              .unstack("stage", fill_value=0) if len(stages) else pd.DataFrame())
    table = counts.reindex(index=sorted(partners), columns=list(book.order), fill_value=0).fillna(0)
    table = table.astype("int64")
    articles = _articles_per_partner(stages, links)
    furthest = {p: max((i for i, s in enumerate(book.order) if table.loc[p, s]), default=-1) for p in table.index}
    order = sorted(table.index, key=lambda p: (-furthest[p], -articles.get(p, 0), p))
    table = table.loc[order]
    table.index.name, table.columns.name = "partner_id", "stage"
    return table


def _articles_per_partner(stages: pd.DataFrame, links: pd.DataFrame | None) -> dict[str, int]:
    frames = [stages[["article_id", "partner_id"]]]
    if links is not None:
        frames.append(links[["article_id", "partner_id"]])
    pairs = pd.concat(frames).drop_duplicates()
    return {p: int(n) for p, n in pairs.groupby("partner_id")["article_id"].nunique().items()}


def furthest_stages(stages: pd.DataFrame, links: pd.DataFrame, book: StageBook | None = None) -> pd.DataFrame:
    """Per partner: articles, every stage reached, the furthest one and its CAMEO code (ids).

    >>> from healthdiplomacy.results.tables import example_links
    >>> stages = pd.DataFrame({"article_id": ["a1"], "partner_id": ["azerbaijan"], "stage": ["talks"]})
    >>> furthest_stages(stages, example_links())[["partner_id", "stages", "furthest_stage"]].values.tolist()
    [['azerbaijan', 'talks', 'talks'], ['iraq', '', '']]
    """
    book = book or load_stagebook()
    table = stage_partner_table(stages, links, book)
    articles = _articles_per_partner(stages, links)
    rows = []
    for pid, counts in table.iterrows():
        reached = [s for s in book.order if counts[s]]
        rows.append({"partner_id": pid, "articles": articles.get(pid, 0), "stages": ";".join(reached),
                     "furthest_stage": reached[-1] if reached else "",
                     "cameo_code": book.code(reached[-1])["cameo_code"] if reached else ""})
    return pd.DataFrame(rows, columns=["partner_id", "articles", "stages", "furthest_stage", "cameo_code"])
