"""Place names found with one Aho-Corasick pass are exactly those the reference
regex (every name, longest first, not touching a word or a dot) finds: over every
text we have, over sentence-like stretches of them, and over strings hypothesis
builds from place names and what may surround them."""
from __future__ import annotations

from functools import cache

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from eventschema.gazetteer import _place_names, place_spans

from helpers import example_documents, shared_documents


@cache
def reference() -> regex.Pattern:
    names = sorted(_place_names(), key=len, reverse=True)
    return regex.compile(r"(?<![\w.])(?:" + "|".join(map(regex.escape, names)) + r")(?![\w])")


def by_regex(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [m.span() for m in reference().finditer(text, start, end)]


TEXTS = example_documents() + shared_documents()


@pytest.mark.parametrize(("name", "text"), [(d[0], d[1]) for d in TEXTS], ids=[d[0] for d in TEXTS])
def test_every_text_whole_and_in_stretches(name, text):
    assert place_spans(text, 0, len(text)) == by_regex(text, 0, len(text))
    for start in range(0, len(text), 97):  # stretches that cut words and names
        end = min(len(text), start + 150)
        assert place_spans(text, start, end) == by_regex(text, start, end), (start, end)


def test_names_are_found_at_all():
    text = "Russia and the United States met NATO and Iranian officials in Iran."
    assert [text[a:b] for a, b in place_spans(text, 0, len(text))] == ["Russia", "United States", "NATO", "Iran"]


def test_the_longest_name_that_fits_wins():
    text = "Leaders of Bosnia and Herzegovina and of Bosnia, Burkina Faso and Congo-Kinshasa."
    assert [text[a:b] for a, b in place_spans(text, 0, len(text))] == [
        "Bosnia and Herzegovina", "Bosnia", "Burkina Faso", "Congo-Kinshasa"]


# Names that begin with another name ('Bosnia', 'Bosnia and Herzegovina') and a sample of the rest.
_PREFIXES = sorted({n for n in _place_names() for other in _place_names() if other != n and other.startswith(n)})
_PIECES = st.one_of(st.sampled_from(_PREFIXES), st.sampled_from(["and Herzegovina", " Faso", "-Kinshasa", " Republic"]),
                    st.sampled_from(sorted(_place_names())[::7]), st.sampled_from([" ", ".", "s", "n", "-", ",", "\n", "é", "_", "'s", "the "]))


@given(st.lists(_PIECES, max_size=12).map("".join), st.integers(0, 80), st.integers(0, 80))
def test_built_strings_and_any_stretch(text, start, length):
    start = min(start, len(text))
    end = min(len(text), start + length)
    assert place_spans(text, start, end) == by_regex(text, start, end)
