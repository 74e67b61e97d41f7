"""The publication date printed at the top of a story (`find_dateline`): examples that
give a date, examples that must give none, and a property test that the lines are
read as the whole date alternation reads them."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, strategies as st

from eventschema.dates import _date_matches, _rules as date_rules, find_dateline
from eventschema.model import Span
from eventschema.patterns import MAX_UNTIMED

from helpers import rule_index
from test_rules import whole_date_alternation

DATELINES = [
    ("city-comma-date-dash", "KYIV, Feb. 20, 2023 - The two presidents met on Monday.", date(2023, 2, 20)),
    ("date-alone-on-a-line", "Leaders talk by phone\nMarch 4, 2024\nThe leaders spoke on Monday.", date(2024, 3, 4)),
    ("day-first", "PARIS, 12 May 2021 (AFP) - Talks went on.", date(2021, 5, 12)),
    ("iso-date-line", "Published 2022-11-03\n\nThe ministers met in Rome.", date(2022, 11, 3)),
    ("after-a-blank-line", "\n\n   \nNEW DELHI, January 9, 2020: The leaders spoke.", date(2020, 1, 9)),
    # the dateline of a long paragraph: the whole line is read, with a time limit
    ("long-line", "BERLIN, June 1, 2019 - " + "The chancellor spoke with the president. " * 30, date(2019, 6, 1)),
]

NO_DATELINE = [
    ("copyright-year", "© 2016 Reuters. All rights reserved.\nThe leaders spoke on Monday."),
    ("date-inside-a-sentence", "The leaders, who last met on March 4, 2024 in Rome, spoke again on Monday."),
    ("no-year", "MOSCOW, March 4 - The presidents spoke by phone."),
    ("year-alone", "In 2019 the two countries signed a treaty."),
    ("empty", ""),
]


@pytest.mark.parametrize("text, expected", [case[1:] for case in DATELINES], ids=[case[0] for case in DATELINES])
def test_datelines(text: str, expected: date) -> None:
    assert find_dateline(text) == expected


@pytest.mark.parametrize("text", [case[1] for case in NO_DATELINE], ids=[case[0] for case in NO_DATELINE])
def test_no_dateline(text: str) -> None:
    assert find_dateline(text) is None


def test_the_long_example_is_longer_than_a_sentence() -> None:
    assert len(DATELINES[-1][1]) > MAX_UNTIMED


_LINE = st.lists(st.sampled_from(["MOSCOW", ", ", "March", " 4", ", 2024", " - ", "Feb.", " 20", "2019", "12 May", "on Monday",
                                  "(AP)", " ", "the", "2022-11-03", "last week", "x", "é", "3/4/2021"]), max_size=14).map("".join)


@given(_LINE)
def test_a_line_is_read_as_the_whole_date_alternation_reads_it(line: str) -> None:
    r = date_rules()
    found = [(rule, m.span()) for rule, m in _date_matches(r, line, Span(0, len(line)), r.index.scan(line))]
    assert found == [(rule_index(m), m.span()) for m in whole_date_alternation().finditer(line)]
