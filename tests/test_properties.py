"""Property tests (hypothesis): any text in gives schema-valid, deterministic records
whose evidence quotes the text; realistic sentences built from the rule data keep
the extraction's invariants; the date resolver agrees with a slow reference; the
command accounts for every line of any JSON Lines file."""
from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta

import pytest
import regex
from hypothesis import assume, given, strategies as st

import eventschema
from eventschema.batch import serialize
from eventschema.cli import main
from eventschema.dates import DateMention, resolve
from eventschema.gazetteer import fold, gazetteer, key_of
from eventschema.model import Span
from eventschema.resources import rule_data
from eventschema.validate import record_errors

OUTCOME_CODES = {f"es:{r['code']}" for r in rule_data("outcomes")["rules"]}

# ---------------------------------------------------------------- any text


def _all_evidence(record: dict) -> list[dict]:
    spans = list(record["evidence"])
    for key in ("attendee", "about", "outcome"):
        for value in record[key]:
            spans += value["evidence"]
    return spans


def _check_records(text: str, records: list[dict]) -> None:
    for record in records:
        assert record_errors(record) == []
        for span in _all_evidence(record):
            assert text[span["start"]:span["end"]] == span["exact"]
        assert {o["additionalType"] for o in record["outcome"]} <= OUTCOME_CODES


ANY_TEXT = st.one_of(
    st.text(alphabet=st.characters(codec=None, categories=None), max_size=400),  # every category, surrogates too
    st.text(alphabet=st.sampled_from(".,;:!?\"'()[]{}-\u2014\u2026 \n"), max_size=300),
    st.text(alphabet=st.characters(categories=["Lu", "Ll"]), min_size=1, max_size=3000),  # no spaces
    st.builds(lambda line: line * 50, st.text(max_size=60)),  # one long repetitive line
)


@given(ANY_TEXT, st.one_of(st.none(), st.text(alphabet=st.characters(codec=None, categories=None), min_size=1, max_size=20)))
def test_any_text_gives_valid_deterministic_records(text, doc_id):
    first = eventschema.extract(text, reference_date="2023-03-15", doc_id=doc_id)
    _check_records(text, first)
    assert eventschema.extract(text, reference_date="2023-03-15", doc_id=doc_id) == first
    for record in first:
        serialize(record).encode("utf-8")  # writable as UTF-8 whatever the input held


# ---------------------------------------------------------------- realistic sentences


def _people() -> list[tuple[str, str]]:
    g = gazetteer()
    return sorted((p.name, p.country) for p in g.people.values() if p.roles and len(p.name.split()) >= 2)


def _titles() -> list[str]:
    return sorted({t["title"] for t in rule_data("titles")["titles"] if t["level"] in ("head_of_state", "head_of_government", "minister")})


PEOPLE = _people()
TITLES = _titles()
CONTACTS = [
    "{a} spoke by phone with {b}", "{a} and {b} spoke by telephone", "{a} held talks with {b}", "{a} met {b}",
    "{a} had a phone call with {b}", "{a} hosted {b}", "{a} held a video call with {b}", "A call between {a} and {b} took place",
    "{a} will meet {b}", "{a} did not meet {b}", "{a} called for calm as {b} spoke to reporters",
]
DATES = [d["text"] for d in json.loads(open(__file__.replace("test_properties.py", "examples/dates.json"), encoding="utf-8").read())["examples"]]
TOPIC_SENTENCES = [e for t in rule_data("topics")["topics"] for e in t["examples"]]
OUTCOME_SENTENCES = [e for r in rule_data("outcomes")["rules"] for e in r["examples"]] + [
    "They expressed hope that relations would improve.", "The two leaders did not agree to meet."]
NOISE = ["ADVERTISEMENT", "Copyright 2024 Example Media. All rights reserved.", "Read more: other stories",
         "Photo: Jane Doe / Wire", "Leave a Reply", "{mosads}"]


@st.composite
def news(draw) -> tuple[str, str]:
    (name_a, _), (name_b, _) = draw(st.lists(st.sampled_from(PEOPLE), min_size=2, max_size=2, unique_by=lambda p: p[0]))
    title_a, title_b = draw(st.sampled_from(TITLES)), draw(st.sampled_from(TITLES))
    contact = draw(st.sampled_from(CONTACTS)).format(a=f"{title_a} {name_a}", b=f"{title_b} {name_b}")
    when = draw(st.sampled_from(DATES))
    lead = f"{contact} {when}."
    body = [draw(st.sampled_from(TOPIC_SENTENCES)), draw(st.sampled_from(OUTCOME_SENTENCES))]
    reference = draw(st.dates(min_value=date(2001, 1, 1), max_value=date(2030, 12, 31))).isoformat()
    return " ".join([lead, *body]), reference


def _names_of(name: str) -> set[str]:
    """Every folded form the gazetteer lists for the person called `name`."""
    g = gazetteer()
    ids = set(g.full_names.get(key_of(name), ()))
    return {" ".join(key) for index in (g.full_names, g.surnames) for key, owners in index.items() if ids & set(owners)}


def _summary(records: list[dict]) -> list[tuple]:
    return [(r["additionalType"], sorted(a["name"] for a in r["attendee"]), r.get("startDate"), r.get("eventStatus"))
            for r in records]


@given(news())
def test_realistic_sentences_keep_the_invariants(case):
    text, reference = case
    records = eventschema.extract(text, reference_date=reference)
    _check_records(text, records)
    for record in records:
        for attendee in record["attendee"]:
            # the name, or an alias the gazetteer gives it, is what the text says
            for evidence in attendee["evidence"]:
                said = " ".join(key_of(evidence["exact"]))
                if said in ("he", "she", "his", "her", "him", "they", "them", "both") or said.startswith(("the ", "both ")):
                    continue  # a pronoun or 'the two leaders', resolved to a named person
                assert said in _names_of(attendee["name"]) or said in fold(attendee["name"]), (said, attendee["name"])
        said = " ".join(e["exact"] for e in record["evidence"] if e["property"] == "startDate")
        if "startDate" in record and record.get("eventStatus") != "EventScheduled" and len(record["startDate"]) == 10 \
                and not regex.search(r"\b\d{4}\b", said):
            # Resolved dates lean to the past: at most a week after the reference (a publication
            # date is often a day or two early). A date the text gives with its year is what it says.
            assert date.fromisoformat(record["startDate"]) <= date.fromisoformat(reference) + timedelta(days=7)


@given(news(), st.lists(st.sampled_from(NOISE), min_size=1, max_size=4), st.booleans())
def test_the_same_sentence_in_noise_gives_the_same_events(case, noise, noise_first):
    text, reference = case
    noisy = "\n".join([*noise, text] if noise_first else [text, *noise])
    assert _summary(eventschema.extract(noisy, reference_date=reference)) == _summary(
        eventschema.extract(text, reference_date=reference))


_TITLE_TEXT = st.lists(st.sampled_from(["president", "prime", "minister", "foreign", "the", "u.s.", "ukrainian", " ", "  ",
                                        ",", "secretary", "-general", "of", "state", "spokes", "woman", "x", "\n", "é"]),
                       max_size=14).map("".join)


@given(_TITLE_TEXT)
def test_the_cheap_title_test_passes_whatever_the_title_pattern_matches(text):
    from eventschema.mentions import _LOWER_TITLE, _ends_with_title

    if _LOWER_TITLE.search(text):
        assert _ends_with_title(text)


# Words of every kind the gazetteer gives a capitalised run: places, adjectives,
# titles, people, surnames that are also common words, and words it does not know.
_RUN_WORDS = st.sampled_from(["Russia", "Russian", "Russia's", "President", "President,", "Prime", "Minister", "Putin",
                              "Vladimir", "Merkel", "May", "Brown", "Georgia", "Jordan", "Chad", "Mr.", "King", "Kremlin",
                              "Moscow", "The", "On", "Tony", "Blinken", "al-Sarraj", "U.S.", "of", "the", "president",
                              "Ukrainian", "Monday", "Biden", "Xi", "Jinping", "Chinese", "Washington", "Nepal", "Madhav",
                              "Kumar", "Montenegro"])
_RUN_TEXT = st.tuples(st.lists(_RUN_WORDS, max_size=14).map(" ".join), st.booleans())


@given(_RUN_TEXT)
def test_skipping_runs_that_name_nobody_changes_no_candidate(case):
    from unittest import mock

    from eventschema import mentions
    from eventschema.model import Sentence

    text, headline = case
    sentence = Sentence(0, Span(0, len(text)), 0, headline)
    g, folded = gazetteer(), fold(text)
    quick = mentions._candidates_in(text, folded, sentence, g, {})
    with mock.patch.object(mentions, "_names_nobody", lambda *_: False):
        assert quick == mentions._candidates_in(text, folded, sentence, g, {})


class _EveryName(dict):
    """Anchors that hold every surname: `_candidates_in` then leaves out no name."""

    def __contains__(self, key: object) -> bool:
        return True


def _mentions_from_every_candidate(text: str) -> list:
    """`find_mentions` as it was before unknown words were left out early: every
    candidate made first, then resolved in order."""
    from eventschema import mentions
    from eventschema.split import split_sentences

    g, folded, sentences = gazetteer(), fold(text), split_sentences(text)
    anchors: dict = {}
    found = []
    for candidate in [c for s in sentences for c in mentions._candidates_in(text, folded, s, g, _EveryName())]:
        entity = mentions._resolve(candidate, g, None, anchors)
        if entity is not None:
            found.append((entity, candidate.span))
            if candidate.by_full_name or not candidate.ids:
                anchors.setdefault(fold(candidate.name_tokens[-1]), entity)
    return found


# 'Ardiles' and 'Quiroga' are in no gazetteer: names only where a title vouches for them.
_NAMED_TEXT = st.lists(st.one_of(_RUN_WORDS, st.sampled_from(["said", "met", "and", ".", ",", "Ardiles", "Quiroga", "Chilean",
                                                                "Kremlin's", "Ardiles's", "Parliament", "\n"])),
                       max_size=30).map(" ".join)


@given(_NAMED_TEXT)
def test_leaving_out_unknown_words_early_changes_no_mention(text):
    from eventschema.mentions import find_mentions
    from eventschema.split import split_sentences

    found = [(m.entity, m.span) for m in find_mentions(text, split_sentences(text), None)]
    assert found == _mentions_from_every_candidate(text)


@pytest.mark.parametrize("text, expected", [
    ("Chilean President Tomas Ardiles said Ardiles would go.", ["Tomas Ardiles", "Ardiles"]),
    ("Chilean President Tomas Ardiles spoke. Later, Ardiles left.", ["Tomas Ardiles", "Ardiles"]),
    ("Later, Ardiles left. Chilean President Tomas Ardiles spoke.", ["Tomas Ardiles"]),  # not named before
    ("The Kremlin said Ardiles left.", []),
], ids=["same-sentence", "sentence-before", "sentence-after", "never-vouched"])
def test_an_unknown_surname_is_a_name_once_a_title_vouched_for_it(text, expected):
    from eventschema.mentions import find_mentions
    from eventschema.split import split_sentences

    names = [text[m.span.start:m.span.end] for m in find_mentions(text, split_sentences(text), None)]
    assert names == expected
    assert names == [text[span.start:span.end] for _, span in _mentions_from_every_candidate(text)]


@pytest.mark.parametrize("run, expected", [
    ("Russia", True), ("Russian", True), ("Russia's", True), ("President", True), ("U.S.", True),
    ("Putin", False),  # a surname
    ("May", False),  # a surname too, if a title vouches for it
    ("Nepal", False),  # a country, and the surname of a prime minister of it
    ("Kremlin", False),  # unknown: it may be a surname named in full elsewhere
    ("Russian President", False),  # two words: a name may follow in the sentence
], ids=lambda value: str(value))
def test_which_runs_name_nobody(run, expected):
    from eventschema import mentions

    found = mentions._RUN.fullmatch(run)
    assert found is not None
    assert mentions._names_nobody(fold(run), found, gazetteer()) is expected


_DATELINE_TEXT = st.lists(st.sampled_from(["Moscow", "NEW DELHI", "Paris", "x", " ", ",", ":", " - ", " \u2014 ", "\n", "\n\n",
                                           "(", "'", ".", "é", "Reuters", " 12 May"]), max_size=16).map("".join)


@given(_DATELINE_TEXT)
def test_line_start_matching_finds_what_finditer_finds(text):
    from eventschema.events import _FILED_FROM, _line_matches

    assert [m.span() for m in _line_matches(_FILED_FROM, text)] == [m.span() for m in _FILED_FROM.finditer(text)]


@given(st.text(alphabet="ab.U. é\n1", max_size=60), st.integers(0, 60))
def test_the_word_before_a_stop_read_backwards_is_the_one_read_forwards(text, dot):
    from eventschema.split import _WORD_BEFORE

    forwards = regex.compile(_WORD_BEFORE.pattern.removeprefix("(?r)"), _WORD_BEFORE.flags & ~regex.REVERSE)
    dot = min(dot, len(text))
    one, other = forwards.search(text, max(0, dot - 40), dot), _WORD_BEFORE.search(text, max(0, dot - 40), dot)
    assert (one and one.span()) == (other and other.span())


# ---------------------------------------------------------------- dates


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def _slow_weekday(name: str, reference: date) -> date:
    day = reference
    while WEEKDAYS[day.weekday()] != name:
        day -= timedelta(days=1)
    return day


def _slow_month_day(month: int, day: int, reference: date) -> date | None:
    candidates = []
    for year in range(reference.year - 1, reference.year + 2):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            pass
    allowed = [c for c in candidates if c <= reference + timedelta(days=7)]
    return max(allowed) if allowed else None


def _mention(text: str, kind: str) -> DateMention:
    return DateMention("x", kind, Span(0, len(text)), text, 0)


REFERENCES = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))


@given(st.sampled_from(WEEKDAYS), REFERENCES)
def test_weekdays_against_a_slow_reference(name, reference):
    assert resolve(_mention(f"on {name}", "weekday"), reference) == _slow_weekday(name, reference).isoformat()


@given(st.integers(1, 12), st.integers(1, 31), REFERENCES, st.booleans())
def test_month_day_against_a_slow_reference(month, day, reference, day_first):
    text = f"{day} {MONTHS[month - 1]}" if day_first else f"{MONTHS[month - 1]} {day}"
    expected = _slow_month_day(month, day, reference)
    assume(expected is not None)
    assert resolve(_mention(text, "explicit"), reference) == expected.isoformat()


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)), REFERENCES)
def test_full_dates_are_themselves(day, reference):
    text = f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
    assert resolve(_mention(text, "explicit"), reference) == day.isoformat()


@given(REFERENCES, st.sampled_from([("yesterday", -1), ("today", 0), ("tomorrow", 1), ("the day before yesterday", -2)]))
def test_relative_days_against_arithmetic(reference, case):
    text, shift = case
    assert resolve(_mention(text, "relative"), reference) == (reference + timedelta(days=shift)).isoformat()


_SPELLINGS = st.sampled_from(MONTHS + [m[:3] for m in MONTHS] + [m[:3] + "." for m in MONTHS] + ["Sept", "Sept.", "SEPTEMBER", "march"])


@st.composite
def _written_dates(draw) -> str:
    month = draw(_SPELLINGS)
    day = f"{draw(st.integers(0, 39))}{draw(st.sampled_from(['', 'st', 'nd', 'rd', 'th']))}"
    year = draw(st.sampled_from(["", " 2024", ", 2019", " 1999", ",  2031", " 1850"]))
    day_first = draw(st.booleans())
    of = draw(st.sampled_from([" ", " of ", "  "])) if day_first else " "
    return f"{day}{of}{month}{year}" if day_first else f"{month}{of}{day}{year}"


PLAIN_DATES = [
    ("month day year", "March 4, 2024", (2024, 3, 4)),
    ("day month", "4th of March", (2000, 3, 4)),
    ("abbreviation with a dot", "Sept. 12", (2000, 9, 12)),
    ("iso", "2024-03-04", (2024, 3, 4)),
    ("leap day without a year", "February 29", (2000, 2, 29)),
    ("a day the month lacks", "February 30", None),
    ("not a plain form", "the 4th", None),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in PLAIN_DATES], ids=[c[0] for c in PLAIN_DATES])
def test_dates_read_directly(text, expected):
    from eventschema.dates import plain_date

    assert plain_date(text) == expected


@given(st.one_of(_written_dates(), st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)).map(date.isoformat)))
def test_dates_read_directly_agree_with_dateparser(text):
    import dateparser

    from eventschema.dates import plain_date

    plain = plain_date(text)
    parsed = dateparser.parse(text, languages=["en"], settings={"REQUIRE_PARTS": ["day", "month"], "RELATIVE_BASE": datetime(2000, 1, 1)})
    if plain is not None:  # what is read directly is what dateparser reads
        assert parsed is not None and plain == (parsed.year, parsed.month, parsed.day), (text, parsed)


@given(st.sampled_from(WEEKDAYS))
def test_no_reference_no_date(name):
    assert resolve(_mention(f"on {name}", "weekday"), None) is None


# ---------------------------------------------------------------- the command


LINES = st.one_of(
    st.builds(lambda t, i: ("good", json.dumps({"id": f"d{i}", "text": t})), st.sampled_from([c for c, _ in [
        ("Joe Biden spoke by phone with Olaf Scholz on Monday.", 0), ("Emmanuel Macron met Xi Jinping in Beijing.", 0),
        ("No contact is reported here.", 0)]]), st.integers(0, 10**6)),
    st.builds(lambda t: ("bad", t), st.sampled_from(['{"id": "x"', "[]", '{"id": 1.5, "text": "a"}', '"text"',
                                                      '{"id": "y", "text": null}', "{{{"])),
    st.builds(lambda t: ("bad", json.dumps({"id": "z", "text": "x", "datePublished": t})), st.text(max_size=12).filter(
        lambda t: not t[:10].isdigit())),
)


@given(st.lists(LINES, min_size=1, max_size=12))
def test_the_command_accounts_for_every_line(lines):
    # each good line gets its own id, its position
    lines = [(kind, json.dumps(dict(json.loads(line), id=f"d{n}")) if kind == "good" else line) for n, (kind, line) in enumerate(lines)]
    kinds = [kind for kind, _ in lines]
    payload = ("\n".join(line for _, line in lines) + "\n").encode()
    out, err = io.StringIO(), io.StringIO()
    code = main(["extract", "-"], stdin=io.BytesIO(payload), stdout=out, stderr=err)
    summary = err.getvalue().splitlines()[-1]
    good_ids = [json.loads(line)["id"] for kind, line in lines if kind == "good"]
    failed = kinds.count("bad") if payload.lstrip().startswith(b"{") else None
    if failed is not None:
        assert summary.startswith(f"eventschema: {len(lines)} documents read,")
        assert summary.endswith(f"{failed} documents failed")
        assert code == (1 if failed else 0)
        emitted = [json.loads(line)["subjectOf"]["identifier"] for line in out.getvalue().splitlines()]
        assert emitted == [i for i in good_ids if i in emitted]  # in input order


@given(ANY_TEXT)
def test_no_sentence_crosses_a_line(text):
    """Stages rely on it: the relative-clause test in dates reads back only to the
    sentence start."""
    from eventschema.normalize import normalize
    from eventschema.split import split_sentences

    clean = normalize(text).text
    for sentence in split_sentences(clean):
        assert "\n" not in clean[sentence.span.start:sentence.span.end]
