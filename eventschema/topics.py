"""Stage 6: what each contact was about, from the sentences that report its content.

Only sentences of the event's region that say what was discussed ('discussed',
'talked about', 'exchanged views on', 'the agenda', 'regarding', or a trigger
sentence itself) are read; a topic named several times is one entry with every
piece of evidence.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

import regex

from .model import Event, Sentence, Span, Topic
from .patterns import check_unique, compile_rule, cue_matches, matches_in
from .prefilter import Hits, LiteralIndex, pattern_literals, start_literals
from .resources import RuleDataError, rule_data

IPTC = "http://cv.iptc.org/newscodes/mediatopic/"
PROJECT_TERMS = "https://w3id.org/eventschema/topics"
# Words that mark a sentence as saying what was discussed or settled in the contact.
_CONTENT = regex.compile(
    r"\b(?:discuss\w*|(?:talk(?:ed|s)?|spoke|told|informed\w*)(?: \w+){0,3} (?:about|of|on)|focus\w* on|agenda|exchang\w+ views|"
    r"regarding|on the situation|issues,? (?:including|such as)|raised|touched|addressed|covered|review\w*|topic|briefed|"
    r"stated|noted|notes|underlined|highlighted|"
    r"agreed|decided|pledged|committed|signed|inked|concluded|vowed|stressed|underlined|emphasi[sz]ed|"
    r"reaffirmed|welcomed|expressed|consensus|conveyed|presented)\b", regex.IGNORECASE)
# A sentence about what a later contact is expected to cover is not this contact's content.
_EXPECTED = regex.compile(
    r"\b(?:likely|expected|set|due|scheduled|going)\s+to\s+(?:be\s+)?(?:discuss\w*|exchange|address\w*|review\w*)\b"
    r"|\bwill\s+(?:be\s+)?(?:discuss\w*|address\w*)\b"
    # what a story recalls for context: 'The visit comes a month after the elections ...'
    r"|\b(?:comes?|came)\b[^.;]{0,30}\b(?:after|amid|as)\b", regex.IGNORECASE)


@dataclass(frozen=True)
class _TopicRule:
    code: str
    name: str
    alternate_names: tuple[str, ...]
    uri: str | None
    wikidata: str | None
    patterns: tuple[regex.Pattern, ...]
    literals: tuple[frozenset[str] | None, ...]  # per pattern: one must occur for it to match
    starts: tuple[frozenset[str] | None, ...]  # per pattern: what every match begins with, if known


@cache
def _index() -> tuple[tuple[tuple[_TopicRule, regex.Pattern], ...], LiteralIndex]:
    """Every pattern of every topic, in order, and where their literals occur."""
    patterns = tuple((rule, pattern) for rule in _rules() for pattern in rule.patterns)
    return patterns, LiteralIndex([literals for rule in _rules() for literals in rule.literals],
                                  [starts for rule in _rules() for starts in rule.starts])


def literal_hits(text: str) -> Hits:
    """Where the topic patterns' literals occur in `text`: computed once a document."""
    return _index()[1].scan(text)


@cache
def _rules() -> tuple[_TopicRule, ...]:
    data = rule_data("topics")
    label = "eventschema/data/topics.json"
    check_unique([t["code"] for t in data["topics"]], label)
    rules = []
    for entry in data["topics"]:
        patterns = tuple(compile_rule(p, f"{label}: topic {entry['code']!r}", regex.IGNORECASE) for p in entry["patterns"])
        if entry["iptc"] and not entry["code"].endswith(entry["iptc"]):
            raise RuleDataError(f"{label}: topic {entry['code']!r}: code does not carry its IPTC code {entry['iptc']}")
        uri = IPTC + entry["iptc"] if entry["iptc"] else None
        literals = tuple(pattern_literals(p) for p in entry["patterns"])
        starts = tuple(start_literals(p) for p in entry["patterns"])
        rules.append(_TopicRule(entry["code"], entry["name"], tuple(entry["alternate_names"]), uri, entry["wikidata"], patterns,
                                literals, starts))
    return tuple(rules)


def _blocks(spans: list[Span], text: str) -> list[Span]:
    """Adjacent sentences joined, so that each pattern runs once over each stretch."""
    blocks: list[Span] = []
    for span in sorted(spans):
        if blocks and not text[blocks[-1].end:span.start].strip():
            blocks[-1] = Span(blocks[-1].start, span.end)
        else:
            blocks.append(span)
    return blocks


def topics_in(text: str, spans: list[Span], hits: Hits) -> tuple[Topic, ...]:
    """The topics the given spans of text name, each once, in order of first mention;
    `hits` (see `literal_hits`) says which patterns can match where."""
    patterns = _index()[0]
    found: dict[str, tuple[_TopicRule, list[Span]]] = {}
    for span in _blocks(spans, text):
        for number, where in hits.within(span.start, span.end).items():
            rule, pattern = patterns[number]
            for match in matches_in(pattern, text, span.start, span.end, where):
                found.setdefault(rule.code, (rule, []))[1].append(Span(match.start(), match.end()))
    ordered = sorted(found.values(), key=lambda item: min(item[1]))
    return tuple(
        Topic(rule.code, rule.name, rule.alternate_names, IPTC[:-1] if rule.uri else PROJECT_TERMS, rule.uri, rule.wikidata, tuple(sorted(set(evidence))))
        for rule, evidence in ordered
    )


def tag_topics(events: tuple[Event, ...], text: str, sentences: tuple[Sentence, ...],
               regions: list[set[int]]) -> tuple[Event, ...]:
    """Each event with the topics its own sentences name; `regions` (see
    `regions.event_regions`) gives each event's sentences."""
    if not events:
        return events
    tagged = []
    hits = literal_hits(text)
    cues = _cue_index().scan(text)
    content: dict[int, bool | None] = {}  # by sentence, read once: events' regions overlap
    for event, region in zip(events, regions):
        triggers = {t.sentence for t in event.triggers}
        for i in region:
            if i not in content:
                content[i] = _content_kind(text, sentences[i], cues)
        spans = [sentences[i].span for i in sorted(region) if content[i] or (content[i] is None and i in triggers)]
        tagged.append(replace(event, topics=topics_in(text, spans, hits)))
    return tuple(tagged)


@cache
def _cue_index() -> LiteralIndex:
    """Where the words that _CONTENT and _EXPECTED begin with occur: each is then tried
    only there (these two searches over every sentence of a region cost 4 % of the
    extraction time)."""
    cues = (_CONTENT.pattern, _EXPECTED.pattern)
    return LiteralIndex([pattern_literals(p) for p in cues], [start_literals(p) for p in cues])


def _content_kind(text: str, sentence: Sentence, cues: Hits) -> bool | None:
    """Whether a sentence says what a contact covered: True if it has a content word,
    None if it may only as the sentence of the contact's own trigger, False if never
    (a headline, or what a later contact is expected to cover). `cues`: see _cue_index."""
    start, end = sentence.span.start, sentence.span.end
    where = cues.within(start, end)
    if sentence.is_headline or any(cue_matches(_EXPECTED, 1, text, start, end, where)):
        return False
    return True if any(cue_matches(_CONTENT, 0, text, start, end, where)) else None
