import pytest

from conftest import cases
from healthdiplomacy import detect_language


@pytest.mark.parametrize("text, expected", cases("language_cases.csv"))
def test_detect_language(text, expected):
    assert detect_language(text) == expected
