"""Shared fixtures and the loader for test tables kept as data (tests/data/*.csv)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
GOLD = REPO / "tests" / "data" / "gold_seeds.yaml"

_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\n|\\t")


def unescape(value: str) -> str:
    r"""Turn the visible escapes used in the case tables (\u200c, \n, \t) into characters."""
    def replace(match: re.Match) -> str:
        if match.group(1):
            return chr(int(match.group(1), 16))
        return {"\\n": "\n", "\\t": "\t"}[match.group()]
    return _ESCAPE.sub(replace, value)


def cases(name: str) -> list:
    """Rows of tests/data/NAME as pytest params, with the `comment` column as the id."""
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [pytest.param(*(unescape(v) for k, v in row.items() if k != "comment"),
                         id=row.get("comment") or None) for row in rows]


@pytest.fixture(scope="session")
def seed_articles():
    import healthdiplomacy as hd
    return hd.load_corpus(SEEDS)
