"""The scorer on crafted cases, agreement with the reference scorer, and the validate command."""

import math
import subprocess
import sys

import pandas as pd
import pytest
import yaml

from conftest import DATA, REPO
from healthdiplomacy import load_corpus, tag_corpus
from healthdiplomacy.results.validation import GoldError, cohen_kappa, load_gold, parse_gold, score_links

CASES = yaml.safe_load((DATA / "validation_cases.yaml").read_text(encoding="utf-8"))
SCORER = REPO.parent / "shared" / "tools" / "score_tags.py"


def _links(rows):
    return pd.DataFrame(rows or [], columns=["article_id", "partner_id", "theme_id"]).assign(evidence="")


@pytest.mark.parametrize("name", sorted(CASES), ids=lambda n: f"{n}: {CASES[n]['comment']}")
def test_scorer_on_crafted_cases(name):
    case = CASES[name]
    score = score_links(_links(case["pred"]), parse_gold(case["gold"]))
    assert score.partners == pytest.approx(tuple(case["expect"]["partners"]))
    assert score.triples == pytest.approx(tuple(case["expect"]["triples"]))


@pytest.mark.parametrize("a, b, expected", [
    ([1, 1, 0, 0], [1, 1, 0, 0], 1.0),     # perfect agreement
    ([1, 0, 1, 0], [0, 1, 0, 1], -1.0),    # perfect disagreement
    ([1, 0, 1, 0], [1, 0, 0, 0], 0.5),     # textbook value
    ([0, 0, 0], [0, 0, 0], None),          # no positive case on either side: undefined, not 1.0
    ([1, 1], [1, 1], None),                # nothing but positives: undefined too
])
def test_cohen_kappa(a, b, expected):
    if expected is None:
        assert math.isnan(cohen_kappa(a, b))
    else:
        assert cohen_kappa(a, b) == pytest.approx(expected)


GOLD_ERRORS = yaml.safe_load((DATA / "gold_error_cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(GOLD_ERRORS), ids=lambda n: f"{n}: {GOLD_ERRORS[n]['comment']}")
def test_gold_reader_stops_at_the_line_of_a_bad_label(name, tmp_path):
    case = GOLD_ERRORS[name]
    path = tmp_path / "gold.yaml"
    path.write_text(case["yaml"], encoding="utf-8")
    with pytest.raises(GoldError, match=case["error"]):
        load_gold(path)


def test_the_real_text_labels_are_valid():
    gold = REPO.parent / "shared" / "realtext" / "gold.yaml"
    if not gold.is_file():
        pytest.skip("../shared/realtext is not beside this checkout")
    assert len(load_gold(gold).articles) >= 50


def test_same_scores_as_the_reference_scorer(tmp_path):
    if not SCORER.is_file():
        pytest.skip("../shared/tools/score_tags.py is not beside this checkout")
    links = tag_corpus(load_corpus())
    path = tmp_path / "links.csv"
    links.to_csv(path, index=False)
    gold_path = REPO / "tests" / "data" / "gold_seeds.yaml"
    reference = subprocess.run([sys.executable, str(SCORER), "--gold", str(gold_path), "--pred", str(path)],
                               capture_output=True, text=True, timeout=60).stdout.splitlines()[-1]
    ours = score_links(links, load_gold(gold_path)).summary_line()
    assert reference.split(" macro")[0] == ours.split(" | articles")[0]


def test_validate_command_prints_the_scores(monkeypatch, capsys):
    # The command in this process, from the checkout as a user types it (`python -m
    # healthdiplomacy` itself starts in the slow tests).
    from healthdiplomacy import cli

    monkeypatch.chdir(REPO)
    assert cli.main(["validate", "--gold", "tests/data/gold_seeds.yaml", "seeds"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1].startswith("partners P=")
    assert "kappa" in out
