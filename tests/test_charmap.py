"""The fast character mapper does exactly what str.translate does with the same table:
for every code point, and for any text hypothesis writes."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventschema.charmap import char_mapper
from eventschema.gazetteer import _fold_table, fold
from eventschema.normalize import _translation

TABLES = {"normalize": _translation(), "fold": _fold_table()}
EVERY_CODE_POINT = "".join(map(chr, range(0x110000)))


@pytest.mark.parametrize("name", list(TABLES))
def test_every_code_point_maps_as_translate_maps_it(name):
    table = TABLES[name]
    assert char_mapper(table)(EVERY_CODE_POINT) == EVERY_CODE_POINT.translate(table)


@pytest.mark.parametrize("name", list(TABLES))
@given(text=st.text(st.characters(exclude_categories=())))  # surrogates and controls too
def test_any_text_maps_as_translate_maps_it(name, text):
    table = TABLES[name]
    assert char_mapper(table)(text) == text.translate(table)


EXAMPLES = [
    ("curly-quotes", "\u201cYes,\u201d she said \u2014 it\u2019s done\u2026", '"Yes," she said - it\'s done.'),
    ("odd-spaces", "a\u00a0b\u200bc\r\n", "a b c \n"),
    ("lone-surrogate", "x\ud800y", "x y"),
    ("plain-text-is-unchanged", "Leaders met in Paris on Monday.\n", "Leaders met in Paris on Monday.\n"),
    ("empty", "", ""),
]


@pytest.mark.parametrize(("text", "expected"), [e[1:] for e in EXAMPLES], ids=[e[0] for e in EXAMPLES])
def test_normalize_table_examples(text, expected):
    assert char_mapper(TABLES["normalize"])(text) == expected


def test_a_table_that_is_not_one_for_one_is_refused():
    with pytest.raises(ValueError, match=r"^'ss' \(for 'ß'\): expected one character for one"):
        char_mapper({ord("ß"): "ss"})


def test_an_empty_table_changes_nothing():
    assert char_mapper({})("\u201cA\u201d") == "\u201cA\u201d"


def _fold_by_table(text: str) -> str:
    """What `fold` did before its shortcut for ASCII text: the table, then lowercase one for one."""
    plain = text.translate(TABLES["fold"])
    folded = plain.lower()
    return folded if len(folded) == len(text) else "".join(c.lower() if len(c.lower()) == 1 else c for c in plain)


@given(text=st.one_of(st.text(st.characters(max_codepoint=0x7F)), st.text(st.characters(exclude_categories=()))))
def test_fold_takes_ascii_text_the_short_way_to_the_same_result(text):
    assert fold(text) == _fold_by_table(text)
    assert len(fold(text)) == len(text)


FOLD_EXAMPLES = [
    ("ascii", "Vladimir PUTIN", "vladimir putin"),
    ("accents", "Erdoğan Çavuşoğlu", "erdogan cavusoglu"),
    ("dotted-capital-i", "İstanbul", "istanbul"),
    ("sharp-s-one-for-one", "Straße", "strase"),
]


@pytest.mark.parametrize(("text", "expected"), [e[1:] for e in FOLD_EXAMPLES], ids=[e[0] for e in FOLD_EXAMPLES])
def test_fold_examples(text, expected):
    assert fold(text) == expected
