"""One set of filters for the CLI, the notebooks and the API (issue 15: filters as parameters)."""

import pytest

from healthdiplomacy.results.filters import FilterError, Filters


# (filter arguments as a user types them, articles kept, partners linked in what is kept).
# The seeds: three Persian articles, one English; years read from the text 2014/15 (one
# Persian article) and 2021/22 (another); Azerbaijan in two articles.
CASES = [
    ({}, 4, None),  # no filter keeps everything
    ({"language": "en"}, 1, None),
    ({"language": "fa, EN"}, 4, None),  # lists are comma-separated, codes in any case
    ({"partner": "az"}, 2, {"AZ"}),  # a country code in lower case still finds its partner
    ({"partner": "AZ", "theme": "covid19"}, 1, {"AZ"}),  # both: an article must say both
    ({"theme": "no_such_theme"}, 0, set()),  # an unknown id keeps nothing, it does not fail
    ({"since": 2020}, 1, None),  # undated articles are left out once a year is asked for
    ({"until": "2014"}, 1, None),
    ({"since": 2015, "until": 2020}, 0, set()),
    ({"source": "Aran News"}, 2, None),  # source names keep their case
]


@pytest.mark.parametrize("arguments, articles, partners", CASES, ids=[str(c[0]) for c in CASES])
def test_filters_keep_what_they_say(coded_seeds, arguments, articles, partners):
    kept = coded_seeds.filtered(arguments)
    assert len(kept.articles) == articles
    ids = set(kept.articles["article_id"])
    for table in (kept.tagging.links, kept.tagging.mentions, kept.tagging.stages, kept.tagging.sentences,
                  kept.tagging.years):
        assert set(table["article_id"]) <= ids  # nothing of a left-out article survives
    if partners is not None:
        assert set(kept.tagging.links["partner_id"]) == partners
        assert set(kept.tagging.mentions["partner_id"]) <= partners
    assert kept.filters == Filters.parse(**arguments)
    assert coded_seeds.filtered(kept.filters.as_parameters()).articles.equals(kept.articles)  # the parameter round-trips


@pytest.mark.parametrize("arguments, message", [
    ({"since": "twenty"}, "since: 'twenty' is not a year"),
    ({"until": 99}, "until: 99 is not a year"),
    ({"since": 2022, "until": 2020}, "since 2022 is after until 2020"),
])
def test_a_bad_filter_says_what_is_wrong(arguments, message):
    with pytest.raises(FilterError, match=message):
        Filters.parse(**arguments)


def test_the_cli_refuses_a_bad_year_before_running_anything(capsys):
    from healthdiplomacy.cli import main

    assert main(["report", "--since", "20x"]) == 2
    assert "since: '20x' is not a year" in capsys.readouterr().err


def test_the_report_parameters_carry_the_filters():
    assert Filters.parse(partner="IQ,AF", since=2020).as_parameters() == {"since": 2020, "partner": "AF,IQ"}
    assert Filters().as_parameters() == {} and not Filters()


@pytest.mark.parametrize("option, value, message", [
    ("--partner", "IRQ", "no partner 'IRQ' in the codebook"),
    ("--theme", "medicines", "no theme 'medicines' in the codebook"),
])
def test_a_filter_naming_nothing_the_codebook_knows_stops_before_running(capsys, option, value, message):
    from healthdiplomacy.cli import main

    assert main(["report", option, value]) == 2
    assert message in capsys.readouterr().err


def test_an_id_is_taken_as_written_before_any_other_case(coded_seeds):
    # The codebook has CIS (the Commonwealth) and cis (post-Soviet states): "CIS" means the first.
    assert Filters(partners=("CIS",)).partner_ids({"CIS", "cis"}) == {"CIS"}
    assert Filters(partners=("az",)).partner_ids(set(coded_seeds.tagging.links["partner_id"])) == {"AZ"}
