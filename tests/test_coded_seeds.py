"""What the coder makes of the seeds, row by row, against a snapshot kept in
tests/data/coded_seeds/ (links, mentions, stages, sentences and years as stored: ids, rules,
terms; sorted CSV).

A speed or restructuring change must leave every row as it was: this test is what says so
in the suite (tools/compare_outputs.py does the same on ../shared/realtext by hand). An
accuracy change is meant to change rows: rewrite the snapshot in the same commit with

    .venv/bin/python tests/test_coded_seeds.py

and the diff of tests/data/coded_seeds/ shows what it changed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

SNAPSHOT = Path(__file__).parent / "data" / "coded_seeds"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
TABLES = ("links", "mentions", "stages", "sentences", "years")


def as_text(frame: pd.DataFrame) -> str:
    """A stored table as sorted CSV text: every cell as text, rows in order of every column."""
    frame = frame.astype(str).sort_values(list(frame.columns), kind="mergesort")
    return frame.to_csv(index=False, lineterminator="\n")


def coded_tables(articles) -> dict[str, str]:
    import healthdiplomacy as hd
    stored = hd.tag_articles(articles).stored()
    return {name: as_text(stored[name]) for name in TABLES}


@pytest.mark.parametrize("table", TABLES)
def test_the_seeds_code_as_the_snapshot_says(seed_articles, table):
    kept = (SNAPSHOT / f"{table}.csv").read_text(encoding="utf-8")
    now = coded_tables(seed_articles)[table]
    if now != kept:
        old, new = set(kept.splitlines()), set(now.splitlines())
        changes = [f"- {row}" for row in sorted(old - new)] + [f"+ {row}" for row in sorted(new - old)]
        pytest.fail(f"{table}: {len(changes)} row(s) changed (rewrite the snapshot only for a change "
                    "meant to change results: see this module's docstring)\n" + "\n".join(changes[:40]))


if __name__ == "__main__":  # rewrite the snapshot
    import healthdiplomacy as hd
    SNAPSHOT.mkdir(parents=True, exist_ok=True)
    for name, text in coded_tables(hd.load_corpus(SEEDS)).items():
        (SNAPSHOT / f"{name}.csv").write_text(text, encoding="utf-8")
    print(f"wrote {len(TABLES)} tables to {SNAPSHOT}", file=sys.stderr)
