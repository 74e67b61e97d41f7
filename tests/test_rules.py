"""Rule data: every file validates against its schema, every rule's own examples
fire it and its counter-examples do not, and a broken rule file is rejected at load
with the file and the entry named (ctparse-style)."""
from __future__ import annotations

import json
from functools import cache

import jsonschema
import pytest
import regex

from eventschema import gazetteer as gazetteer_module
from eventschema import resources
from eventschema.dates import _rules as date_rules
from eventschema.normalize import normalize
from eventschema.patterns import compile_each, compile_rule
from eventschema.resources import RuleDataError, check_against_schema, rule_data
from eventschema.topics import _rules as topic_rules
from eventschema.triggers import rules as trigger_rules

from helpers import alternation, corpus, rule_index

@cache
def whole_trigger_alternation() -> regex.Pattern:
    """The trigger rules as one alternation: what the prefiltered rules must find."""
    return alternation(trigger_rules().each, regex.IGNORECASE)


@cache
def whole_date_alternation() -> regex.Pattern:
    """The date rules as one alternation: what the dates found rule by rule must be."""
    return alternation(date_rules().each, regex.IGNORECASE, at_word_start=True)


RULE_FILES = ["noise", "triggers", "dates", "places", "titles", "topics", "outcomes"]


def _schema_of(name: str) -> dict:
    return json.loads((resources._data_dir() / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", RULE_FILES)
def test_rule_file_validates_against_its_schema(name):
    """rule_data validates at load (fastjsonschema); jsonschema's 2020-12 validator agrees."""
    data = rule_data(name)
    assert data
    jsonschema.Draft202012Validator.check_schema(_schema_of(name))
    assert list(jsonschema.Draft202012Validator(_schema_of(name)).iter_errors(data)) == []


def test_people_files_also_validate_with_jsonschema():
    schema = _schema_of("people")
    for label, data in resources.people_files():
        assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)) == [], label


def test_people_files_validate_and_ids_are_unique_across_files():
    ids = [p["id"] for _, data in resources.people_files() for p in data["people"]]
    assert len(ids) >= 1000 and len(ids) == len(set(ids))


def _trigger_cases():
    for rule in rule_data("triggers")["rules"]:
        for example in rule["examples"]:
            yield pytest.param(rule["name"], example, True, id=f"{rule['name']}+{example[:30]}")
        for example in rule["counter_examples"]:
            yield pytest.param(rule["name"], example, False, id=f"{rule['name']}-{example[:30]}")


@pytest.mark.parametrize("name,example,fires", list(_trigger_cases()))
def test_trigger_rule_examples(name, example, fires):
    index = trigger_rules().names.index(name)
    pattern = whole_trigger_alternation()
    found = {m.lastgroup for m in pattern.finditer(example)}
    assert (f"r{index}" in found) is fires


def _noise_cases():
    data = rule_data("noise")
    for rule in data["line_rules"] + data["inline_rules"]:
        for example in rule["examples"]:
            yield pytest.param(example, True, id=f"{rule['name']}+{example[:30]}")
        for example in rule["counter_examples"]:
            yield pytest.param(example, False, id=f"{rule['name']}-{example[:30]}")


@pytest.mark.parametrize("line,is_noise", list(_noise_cases()))
def test_noise_rule_examples(line, is_noise):
    text = f"Macron met Scholz in Paris on Monday.\n{line}\nThey discussed trade."
    cleaned = normalize(text)
    assert len(cleaned.text) == len(text)
    assert (cleaned.text.split("\n")[1].strip() != line.strip()) is is_noise


def _date_rule_cases():
    for rule in rule_data("dates")["rules"]:
        for example in rule["examples"]:
            yield pytest.param(rule["name"], example, id=f"{rule['name']}+{example}")


@pytest.mark.parametrize("name,example", list(_date_rule_cases()))
def test_date_rule_examples_fire(name, example):
    r = date_rules()
    assert any(r.names[rule_index(m)] == name for m in whole_date_alternation().finditer(example))


def _topic_cases():
    for topic in rule_data("topics")["topics"]:
        assert topic["examples"], f"topic {topic['code']} has no example"
        for example in topic["examples"]:
            yield pytest.param(topic["code"], example, id=f"{topic['code']}+{example[:30]}")


@pytest.mark.parametrize("code,example", list(_topic_cases()))
def test_every_topic_example_fires_its_topic(code, example):
    rule = next(r for r in topic_rules() if r.code == code)
    assert any(p.search(example) for p in rule.patterns)


def test_topic_vocabulary_size_and_unique_codes():
    codes = [t["code"] for t in rule_data("topics")["topics"]]
    assert len(codes) >= 60 and len(codes) == len(set(codes))


def test_outcome_rules_cover_the_eight_codes():
    codes = {r["code"] for r in rule_data("outcomes")["rules"]}
    assert codes == {"ContinueContact", "PlanMeeting", "Cooperate", "ImproveRelations", "Negotiate",
                     "SignAgreement", "Ceasefire", "ProvideAid"}


def test_corpora_are_big_enough():
    assert len(corpus("events")["examples"]) + len(corpus("dates")["examples"]) + len(corpus("sentences")["examples"]) >= 150
    assert len(corpus("outcomes")["examples"]) >= 120


# ---------------------------------------------------------------- rejected at load


def test_pattern_matching_empty_string_is_rejected_naming_the_rule():
    with pytest.raises(RuleDataError, match=r"data/x.json: rule 'lazy'.*matches the empty string"):
        compile_each({"ok": r"\bmet\b", "lazy": r"(?:talks)?"}, "data/x.json")


def test_pattern_that_does_not_compile_is_rejected_naming_the_rule():
    with pytest.raises(RuleDataError, match=r"data/x.json: rule 'broken': pattern does not compile"):
        compile_rule(r"(unclosed", "data/x.json: rule 'broken'")


def test_schema_violation_names_file_and_entry():
    bad = json.loads(json.dumps(rule_data("triggers")))
    bad["rules"][3]["kind"] = "Lunch"
    with pytest.raises(RuleDataError, match=r"^triggers.json: entry rules/3/kind: 'Lunch' must be one of"):
        check_against_schema(bad, _schema_of("triggers"), "triggers.json")


def test_missing_field_names_file_and_entry():
    bad = json.loads(json.dumps(rule_data("topics")))
    del bad["topics"][7]["patterns"]
    with pytest.raises(RuleDataError, match=r"^topics.json: entry topics/7: \{'code': .*must contain \['patterns'\] properties$"):
        check_against_schema(bad, _schema_of("topics"), "topics.json")


def _loading_rejects(monkeypatch, module: str, load, data: dict, message: str) -> None:
    """Loading a stage's rules (`load`, a cached loader) from `data` instead of its
    file fails with `message`."""
    monkeypatch.setattr(f"eventschema.{module}.rule_data", lambda name: data)
    load.cache_clear()
    try:
        with pytest.raises(RuleDataError, match=message):
            load()
    finally:
        load.cache_clear()


def test_duplicate_rule_names_are_rejected(monkeypatch):
    data = json.loads(json.dumps(rule_data("triggers")))
    data["rules"].append(dict(data["rules"][0]))
    _loading_rejects(monkeypatch, "triggers", trigger_rules, data, r"duplicate rule name 'courtesy-call'")


def test_unknown_country_code_in_gazetteer_is_rejected(monkeypatch):
    files = resources.people_files()
    label, data = files[0]
    broken = json.loads(json.dumps(data))
    broken["people"][0]["country"] = "XX"
    monkeypatch.setattr(gazetteer_module, "people_files", lambda: ((label, broken),))
    gazetteer_module.gazetteer.cache_clear()
    try:
        with pytest.raises(RuleDataError, match=rf"{label}: person '{broken['people'][0]['id']}': unknown country or organization code 'XX'"):
            gazetteer_module.gazetteer()
    finally:
        gazetteer_module.gazetteer.cache_clear()


def test_no_rule_pattern_matches_the_empty_string():
    for pattern in [whole_trigger_alternation(), *date_rules().each, *(p for r in topic_rules() for p in r.patterns)]:
        assert pattern.fullmatch("") is None
    assert regex.compile(r"x").fullmatch("") is None


def _all_texts() -> list[str]:
    from helpers import example_documents, shared_documents

    texts = [text for _, text, _ in example_documents() + shared_documents()]
    for name in ("events", "outcomes", "sentences"):
        texts += [e["text"] for e in corpus(name)["examples"]]
    texts += [e for r in rule_data("triggers")["rules"] for e in r["examples"] + r["counter_examples"]]
    return texts


def test_prefiltered_triggers_find_what_the_whole_alternation_finds():
    from eventschema.model import Span
    from eventschema.triggers import _matches

    r = trigger_rules()
    alternation = whole_trigger_alternation()
    for text in _all_texts():
        span = Span(0, len(text))
        whole = [(r.names[int(m.lastgroup[1:])], (m.start(), m.end())) for m in alternation.finditer(text)]
        assert [(name, (s.start, s.end)) for name, s in _matches(text, span, r.index.scan(text))] == whole, text[:80]


def test_prefiltered_topics_find_what_every_pattern_finds():
    from eventschema.model import Span
    from eventschema.topics import literal_hits, topics_in

    for text in _all_texts():
        found = {t.code for t in topics_in(text, [Span(0, len(text))], literal_hits(text))}
        brute = {rule.code for rule in topic_rules() if any(p.search(text) for p in rule.patterns)}
        assert found == brute, text[:80]


@pytest.mark.parametrize("pattern, message", [
    (r"\bmet)|(\bx", r"rule 'odd': pattern does not compile"),
    (r"(?:talks)?", r"rule 'odd': pattern '\(\?:talks\)\?' matches the empty string"),
    (r"\s*\bmet", r"rule 'odd': pattern .* does not surely begin at a word"),
    (r"\bmet[", r"rule 'odd': pattern does not compile"),
], ids=["unbalanced", "may be empty", "may begin anywhere", "syntax error"])
def test_rules_that_must_begin_at_a_word_are_checked_at_load(pattern, message):
    with pytest.raises(RuleDataError, match=f"^data/x.json: {message}"):
        compile_each({"ok": r"\bmet\b", "odd": pattern}, "data/x.json", regex.IGNORECASE, at_word_start=True)


def test_a_date_rule_that_begins_with_no_word_nor_digit_is_rejected_at_load(monkeypatch):
    data = json.loads(json.dumps(rule_data("dates")))
    data["rules"].append({**data["rules"][0], "name": "any-day", "pattern": r"\b\w+day\b"})
    _loading_rejects(monkeypatch, "dates", date_rules, data,
                     r"^eventschema/data/dates.json: rule 'any-day': its matches begin neither")
