"""The literal prefilter: literals read off patterns, those every match contains and
those every match begins with (named examples, including ones that must give
nothing), soundness over every rule family and every text we have and over strings
hypothesis writes from the patterns, and the literal index against brute force."""
from __future__ import annotations

import re

import pytest
import regex
from hypothesis import given, strategies as st

from eventschema import outcomes, topics, triggers
from eventschema.model import Span
from eventschema.patterns import matches_in
from eventschema.prefilter import LiteralIndex, lowered, pattern_literals, start_literals

from helpers import rule_index

LITERALS = [
    ("plain word", r"\bclimate\b", {"climate"}),
    ("optional last letter", r"\bSyrian?\b", {"syria"}),
    ("optional hyphen", r"\bG-?20\b", {"g20", "g-20"}),
    ("small class", r"\b[56]G\b", {"5g", "6g"}),
    ("class of punctuation", r"\bEl[- ]Fasher\b", {"el-fasher", "el fasher"}),
    ("escaped dots", r"\b(?-i:UN\b|U\.N\.)", {"un", "u.n."}),
    ("optional group first", r"(?:uranium\s+)?enrichment", {"enrichment"}),
    ("nested groups", r"\b(?-i:(?:F-16|HIMARS|S-400)s?)\b", {"f-16", "himars", "s-400"}),
    ("lookbehind skipped", r"(?<!\bthe\s)\bsummit\b", {"summit"}),
    ("top-level alternatives", r"\bcoronavirus\b|\bSARS-CoV-2\b", {"coronavirus", "sars-cov-2"}),
    ("stops before a repeat", r"\bnuclear\s+talks", {"nuclear"}),
    ("a letter with an accent", r"\bErdoğan\b", {"erdoğan"}),
    ("the longest required piece", r"\b(?-i:[Tt]he\s+Alliance)\b", {"alliance"}),
    ("a piece after an optional word", r"\b(?:dis|mis)information\b", {"information"}),
    ("a class inside a word", r"\ballied\s+defen[cs]e\b", {"defence", "defense"}),
    ("a group every match needs", r"\b(?:Ukraine|economic)\s+recovery\b", {"recovery"}),
    ("reading stops at an escape it does not know", r"\bwomen\u2019s\s+rights\b", {"women"}),
    ("a piece after a class", r"(?-i:[A-Z])\w+\s+relations", {"relations"}),
    ("a repeated group", r"(?:ab)+c", {"ab"}),
    ("each alternative its own", r"\btrade\b|\w+ties", {"trade", "ties"}),
]
NOTHING = [
    ("classes only", r"(?-i:[A-Z])\w+\s+\d+"),
    ("a repeated first letter", r"a+b"),
    ("one letter", r"x\d"),
    ("only an escape", r"\p{Lu}\w+"),
    ("only optional pieces", r"(?:trade)?\s*(?:war)*"),
    ("one alternative without a literal", r"\btrade\b|\w+\s"),
    ("a back reference", r"(?P<w>\w+)\s+(?P=w)"),
]


@pytest.mark.parametrize("pattern, expected", [c[1:] for c in LITERALS], ids=[c[0] for c in LITERALS])
def test_literals_read_off_a_pattern(pattern: str, expected: set[str]) -> None:
    assert pattern_literals(pattern) == expected


@pytest.mark.parametrize("pattern", [c[1] for c in NOTHING], ids=[c[0] for c in NOTHING])
def test_patterns_that_give_no_literal(pattern: str) -> None:
    assert pattern_literals(pattern) is None


def _families() -> list[tuple[str, regex.Pattern, frozenset[str] | None]]:
    found = [(f"topic {r.code}", p, lit) for r in topics._rules() for p, lit in zip(r.patterns, r.literals)]
    t = triggers.rules()
    found += [(f"trigger {name}", p, lit) for name, p, lit in zip(t.names, t.each, t.index.literals)]
    found += [(f"outcome {r.code}", r.pattern, r.literals) for r in outcomes._rules()[3]]
    found += [(f"topic cue {p.pattern[:20]}", p, lit) for p, lit in zip((topics._CONTENT, topics._EXPECTED), topics._cue_index().literals)]
    found += [(f"trigger cue {name}", getattr(t, name), lit) for name, lit in zip(triggers._GATED, t.cue_index.literals)]
    found += [("outcome cue agreement", outcomes._rules()[0], outcomes._index().literals[-1])]
    return found


def test_every_match_of_every_rule_contains_one_of_its_literals() -> None:
    from test_rules import _all_texts

    texts = _all_texts()
    checked = 0
    for label, pattern, literals in _families():
        if literals is None:
            continue
        for text in texts:
            for match in pattern.finditer(text):
                assert any(literal in lowered(match.group()) for literal in literals), (label, match.group())
                checked += 1
    assert checked > 1000


_WORDS = ["trade", "Trade", "trader", "war", "ar", "G20", "g-20", "İran", "ſanction", "sanctions", " ", ".", "\n", "x"]


@given(
    literals=st.lists(st.none() | st.frozensets(st.sampled_from(["trade", "war", "ar", "g20", "g-20", "iran", "sanction", "ra"]),
                                                 min_size=1), min_size=1, max_size=6),
    words=st.lists(st.sampled_from(_WORDS), max_size=30),
    bounds=st.tuples(st.integers(0, 200), st.integers(0, 200)),
)
def test_the_index_agrees_with_searching_each_stretch(literals, words, bounds) -> None:
    text = "".join(words)
    start, end = sorted(bounds)
    hits = LiteralIndex(literals).scan(text)
    stretch = lowered(text[start:end])
    expected = [i for i, found in enumerate(literals) if found is None or any(lit in stretch for lit in found)]
    assert hits.rules_within(start, end) == expected


_NESTED = ["cease-fire", "ease", "fire", "ceasefire", "se", "a cease"]


@given(
    starts=st.lists(st.none() | st.frozensets(st.sampled_from(_NESTED), min_size=1), min_size=1, max_size=4),
    words=st.lists(st.sampled_from(["Cease-fire", "ceasefire", " ", "a", "fire", "ease", "x"]), max_size=20),
    bounds=st.tuples(st.integers(0, 120), st.integers(0, 120)),
)
def test_the_index_gives_every_place_a_start_literal_begins_in_order(starts, words, bounds) -> None:
    # start literals that occur inside one another ('ease' in 'cease-fire') end in
    # another order than they begin: the places must still come ascending
    text = "".join(words)
    start, end = sorted(bounds)
    places = LiteralIndex([None] * len(starts), starts).scan(text).within(start, end)
    folded = lowered(text)
    for rule, beginnings in enumerate(starts):
        expected = None if beginnings is None else sorted(
            at for at in range(start, end) for literal in beginnings if folded.startswith(literal, at) and at + len(literal) <= end)
        assert places[rule] == expected


@given(st.text(max_size=200))
def test_lowering_keeps_every_offset(text: str) -> None:
    low = lowered(text)
    assert len(low) == len(text)
    assert all(lowered(text[i]) == low[i] for i in range(len(text)))


def test_lowering_finds_what_case_insensitive_matching_finds() -> None:
    # Every character that the regex module, ignoring case, takes for a character of
    # some rule literal must lower to that character, or the filter would skip a match.
    letters = {ch for _, _, literals in _families() for literal in literals or () for ch in literal}
    everything = "".join(chr(code) for code in range(0x30000) if not 0xD800 <= code < 0xE000)
    for letter in letters:
        for candidate in regex.findall(regex.escape(letter), everything, regex.IGNORECASE | regex.V0):
            assert lowered(candidate) == letter, (hex(ord(candidate)), letter)


def _generators() -> list[tuple[str, re.Pattern, frozenset[str]]]:
    """The rule patterns the standard re module can read, for hypothesis to write
    matching strings from."""
    found = []
    for label, pattern, literals in _families():
        if literals is None:
            continue
        try:
            found.append((label, re.compile(pattern.pattern, re.IGNORECASE), literals))
        except re.error:
            continue  # regex-only syntax (\p{L}, variable lookbehind): covered by the corpus test above
    return found


@given(st.data())
def test_any_string_a_rule_matches_contains_its_literal_and_begins_with_its_start(data) -> None:
    label, pattern, literals = data.draw(st.sampled_from(_generators()))
    text = data.draw(st.from_regex(pattern, fullmatch=True))
    assert any(literal in lowered(text) for literal in literals), (label, text)
    starts = start_literals(pattern.pattern)
    assert starts is None or lowered(text).startswith(tuple(starts)), (label, text)


STARTS = [
    ("a word", r"\bsummit\b", {"summit"}),
    ("an optional first letter", r"a?bc", {"abc", "bc"}),
    ("a group first", r"\b(?:foreign|budget(?:ary)?)\s+aid", {"foreign", "budget"}),
    ("a repeated letter", r"ab+c", {"ab"}),
    ("after a lookbehind", r"(?<!x)\bfoo|bar\s+baz", {"foo", "bar"}),
    ("an optional group first, or what follows", r"(?:uranium\s+)?enrichment", {"uranium", "enrichment"}),
]
NO_START = [
    ("an optional group of no literal first", r"(?:\w+\s+)?enrichment"),
    ("a class first", r"\w+ab"),
    ("a repeat that may be absent", r"a*bc"),
]


@pytest.mark.parametrize("pattern, expected", [c[1:] for c in STARTS], ids=[c[0] for c in STARTS])
def test_what_every_match_begins_with(pattern: str, expected: set[str]) -> None:
    assert start_literals(pattern) == expected


@pytest.mark.parametrize("pattern", [c[1] for c in NO_START], ids=[c[0] for c in NO_START])
def test_patterns_that_begin_with_no_literal(pattern: str) -> None:
    assert start_literals(pattern) is None


@given(st.lists(st.sampled_from(["G20", "g-20", " ", "x", "G20s", "\n", "summit", "Summits"]), max_size=25), st.data())
def test_trying_only_where_a_literal_begins_finds_what_a_scan_finds(words, data) -> None:
    text = "".join(words)
    pattern = regex.compile(data.draw(st.sampled_from([r"\bG-?20\b", r"\bsummits?\b", r"(?<!x)\bsummit"])), regex.IGNORECASE)
    index = LiteralIndex([start_literals(pattern.pattern)], [start_literals(pattern.pattern)])
    start, end = sorted(data.draw(st.tuples(st.integers(0, len(text)), st.integers(0, len(text)))))
    where = index.scan(text).within(start, end).get(0, [])
    tried = [m.span() for m in matches_in(pattern, text, start, end, where)]
    assert tried == [m.span() for m in pattern.finditer(text, start, end)]


def _dates_both_ways(text: str) -> tuple[list, list]:
    from eventschema.dates import _rules as date_rules, find_dates
    from eventschema.model import Sentence, Span
    from test_rules import whole_date_alternation

    names = date_rules().names
    whole = [(names[rule_index(m)], m.start(), m.end()) for m in whole_date_alternation().finditer(text)]
    found = [(d.rule, d.span.start, d.span.end) for d in find_dates(text, (Sentence(0, Span(0, len(text)), 0),))]
    return found, whole


def test_dates_tried_where_they_can_begin_are_what_a_scan_finds() -> None:
    from test_rules import _all_texts

    for text in _all_texts():
        found, whole = _dates_both_ways(text)
        assert found == whole, text[:80]


_DATE_WORDS = ["on", "Monday", "last", "week", "March", "3", "2024", "the", "day", "before", "in", "early", "mid-",
               "12th", "of", "Sept.", "19", "20", "-", ",", "yesterday", "this", "morning", "at", "end", "٣", "x1"]


@given(st.lists(st.sampled_from(_DATE_WORDS), max_size=30), st.lists(st.sampled_from([" ", "", "  ", "\n"]), max_size=30))
def test_date_scanning_agrees_with_the_whole_alternation(words, gaps) -> None:
    text = "".join(w + (gaps[i] if i < len(gaps) else " ") for i, w in enumerate(words))
    found, whole = _dates_both_ways(text)
    assert found == whole


def test_topic_cues_tried_where_they_can_begin_are_what_a_search_finds() -> None:
    from test_rules import _all_texts

    from eventschema.normalize import normalize
    from eventschema.split import split_sentences

    kinds = []
    for raw in _all_texts():
        text = normalize(raw).text
        cues = topics._cue_index().scan(text)
        for sentence in split_sentences(text):
            start, end = sentence.span.start, sentence.span.end
            if sentence.is_headline or topics._EXPECTED.search(text, start, end):
                expected = False
            else:
                expected = True if topics._CONTENT.search(text, start, end) else None
            kinds.append(expected)
            assert topics._content_kind(text, sentence, cues) is expected, text[start:end]
    assert {True, False, None} <= set(kinds)


def _clause_cues_agree(text: str, sentence: Span, end: int) -> None:
    """The trigger cues found through their literals are those a search of the clause
    (and of its window) finds."""
    t = triggers.rules()
    clause = triggers._clause_before(text, sentence, end)
    said = triggers._clause(clause)
    for number, name in enumerate(triggers._GATED):
        pattern = getattr(t, name)
        assert said.in_clause(number, pattern) == (pattern.search(clause) is not None), (name, clause)
        assert said.in_window(number, pattern) == (pattern.search(said.window) is not None), (name, said.window)


_CUE_WORDS = ["will", "not", "called", "off", "agreed", "agree", "to", "discuss", "didn't", "won", "'t", "no", "plans",
              "ahead", "of", "Monday", "is", "To", "had", "eve", "ruled", "out", "may", "May", "the", "on", "said", ";",
              "(", "x", "talks", "next", "week", "instead", "cancelled", "hoping", "expected", ",", "and"]


@given(st.lists(st.sampled_from(_CUE_WORDS), max_size=25),
       st.lists(st.sampled_from([" ", "", "  ", "\t", "\n", ", "]), max_size=25), st.data())
def test_trigger_cues_found_through_their_literals_are_what_a_search_finds(words, gaps, data) -> None:
    text = "".join(w + (gaps[i] if i < len(gaps) else " ") for i, w in enumerate(words))
    begin = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(begin, len(text)))
    _clause_cues_agree(text, Span(begin, len(text)), end)


CLAUSE_CUE_EXAMPLES = [
    # (id, a sentence up to its trigger)
    ("two-spaces-inside-a-cue", "The visit was called  off and talks"),
    ("a-tab-inside-a-cue", "They have\tnot held"),
    ("cue-word-inside-another-word", "The knot was untied and cannot be"),
    ("cue-at-the-clause-start", "said; no plans to hold"),
    ("cue-only-in-the-window", "one two three four five six seven eight nine will"),
    ("cue-only-before-the-window", "will one two three four five six seven eight nine"),
    ("no-cue", "The two presidents held"),
]


@pytest.mark.parametrize("text", [e[1] for e in CLAUSE_CUE_EXAMPLES], ids=[e[0] for e in CLAUSE_CUE_EXAMPLES])
def test_trigger_cue_examples_are_found_as_a_search_finds_them(text: str) -> None:
    _clause_cues_agree(text, Span(0, len(text)), len(text))


def test_trigger_cues_in_every_corpus_text_are_what_a_search_finds() -> None:
    from test_rules import _all_texts

    from eventschema.normalize import normalize
    from eventschema.split import split_sentences

    clauses = 0
    for raw in _all_texts():
        text = normalize(raw).text
        sentences = split_sentences(text)
        for trigger in triggers.find_triggers(text, sentences):
            _clause_cues_agree(text, sentences[trigger.sentence].span, trigger.span.start)
            clauses += 1
    assert clauses > 500


def _agreement_cues_agree(text: str) -> int:
    """The agreement cues found where their words begin are those a search finds, in
    every sentence; the number of cues."""
    from eventschema.split import split_sentences

    agreement, hits, found = outcomes._rules()[0], outcomes._index().scan(text), 0
    for sentence in split_sentences(text):
        span = sentence.span
        cues = [m.span() for m in outcomes._agreement_cues(text, span, hits.within(span.start, span.end))]
        assert cues == [m.span() for m in agreement.finditer(text, span.start, span.end)], text[span.start:span.end]
        found += len(cues)
    return found


_AGREEMENT_WORDS = ["agreed", "agree", "to", "will", "'ll", "we", "they", "would", "pledged", "it", "was", "reaffirmed",
                    "their", "commitment", "committed", "themselves", "confirmed", "readiness", "willing", "x", ".", ";",
                    "Agreed", "disagree", "promised", "shall", "cooperate", "meet"]


@given(st.lists(st.sampled_from(_AGREEMENT_WORDS), max_size=30), st.lists(st.sampled_from([" ", "", "  ", "\n", ", "]), max_size=30))
def test_agreement_cues_found_where_their_words_begin_are_what_a_search_finds(words, gaps) -> None:
    _agreement_cues_agree("".join(w + (gaps[i] if i < len(gaps) else " ") for i, w in enumerate(words)))


def test_agreement_cues_in_every_corpus_text_are_what_a_search_finds() -> None:
    from test_rules import _all_texts

    from eventschema.normalize import normalize

    assert sum(_agreement_cues_agree(normalize(raw).text) for raw in _all_texts()) > 200
