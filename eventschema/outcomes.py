"""Stage 7: what the sides agreed to do next, told apart from wishes and offers.

An outcome needs an agreement cue ('agreed to', 'it was agreed', 'decided', 'will',
'pledged') before the action phrase in the same sentence, with no negation or wish
('hope', 'called for', 'ready to', 'the need') between them; a signed agreement
needs no cue. The same code stated twice is one outcome with both pieces of evidence.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

import regex

from .model import Event, Outcome, Sentence, Span
from .patterns import compile_rule, cue_matches, matches_in
from .prefilter import Hits, LiteralIndex, pattern_literals, required_literals, start_literals
from .resources import rule_data

_CLAUSE_END = regex.compile(r"[;]|\bbut\b|\b(?:said|says|according|referring)\b")


# 'would like to work together', 'will consider meeting': the cue word begins a wish.
_WISH_AFTER_CUE = regex.compile(r"\s+(?:like|love|prefer|consider|welcome|be (?:ready|willing|open|happy))\b", regex.IGNORECASE)
_BACKGROUND = regex.compile(r"\b(?:since|after|before|when|whose|once|had)\b[^.;,]{0,40}$|\bhope[ds]?\s+to\s*$", regex.IGNORECASE)


@dataclass(frozen=True)
class _OutcomeRule:
    code: str
    name: str
    cameo: str
    pattern: regex.Pattern
    literals: frozenset[str]  # one of these occurs in any match: a cheap test first

    @property
    def needs_cue(self) -> bool:
        """Whether the action is agreed only after a cue ('agreed to', 'will'); a
        signing states itself."""
        return self.code != "SignAgreement"


@cache
def _index() -> LiteralIndex:
    """The words of each rule, then (last) those of the agreement cue: one scan of a
    text says which rules may match in a sentence, and where a cue may begin."""
    agreement, rules = _rules()[0], _rules()[3]
    return LiteralIndex([*(rule.literals for rule in rules), pattern_literals(agreement.pattern)],
                        [*(start_literals(rule.pattern.pattern) for rule in rules), start_literals(agreement.pattern)])


@cache
def _rules() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern, tuple[_OutcomeRule, ...]]:
    data = rule_data("outcomes")
    label = "eventschema/data/outcomes.json"
    flags = regex.IGNORECASE
    rules = []
    for r in data["rules"]:
        where = f"{label}: outcome {r['code']!r}"
        pattern = compile_rule(r["pattern"], where, flags)
        rules.append(_OutcomeRule(r["code"], r["name"], r["cameo"], pattern, required_literals(r, r["pattern"], where)))
    return (compile_rule(data["agreement"], f"{label}: agreement", flags), compile_rule(data["blocker"], f"{label}: blocker", flags),
            compile_rule(data["negation_before"], f"{label}: negation_before", flags), tuple(rules))


def _agreement_cues(text: str, span: Span, places: dict[int, list[int] | None]) -> list[regex.Match]:
    """What `agreement.finditer` finds in `span`, tried only where one of the cue's
    words begins (`places`, from the scan of `_index`, whose last entry is the cue)
    rather than searched for along the whole sentence: 5 % of the instructions of a
    contact document."""
    agreement, rules = _rules()[0], _rules()[3]
    return list(cue_matches(agreement, len(rules), text, span.start, span.end, places))


def outcomes_in(text: str, span: Span, hits: Hits) -> list[tuple[_OutcomeRule, Span, Span]]:
    """(rule, action span, cue span) for every agreed action stated in one sentence;
    `hits` (from one scan of the text) says which rules can match in it."""
    agreement, blocker, negated, rules = _rules()
    places = hits.within(span.start, span.end)
    applicable = [(rules[i], where) for i, where in places.items() if i < len(rules)]
    if not applicable:
        return []
    cues = _agreement_cues(text, span, places)
    if not cues:
        applicable = [(rule, where) for rule, where in applicable if not rule.needs_cue]
    found = []
    for rule, where in applicable:
        for match in matches_in(rule.pattern, text, span.start, span.end, where):
            action = Span(match.start(), match.end())
            if not rule.needs_cue:
                # 'Relations have thawed since Tehran signed a deal': a past signing, not this one's
                if not _BACKGROUND.search(text, max(span.start, action.start - 40), action.start):
                    found.append((rule, action, action))
                continue
            for cue in reversed([c for c in cues if c.end() <= match.start()]):
                between = text[cue.end():match.start()]
                before = text[max(span.start, cue.start() - 25):cue.start()]
                if (blocker.search(between) or _WISH_AFTER_CUE.match(between) or _CLAUSE_END.search(between)
                        or negated.search(before)):
                    continue
                found.append((rule, action, Span(cue.start(), cue.end())))
                break
    return found


def detect_outcomes(events: tuple[Event, ...], text: str, sentences: tuple[Sentence, ...],
                    regions: list[set[int]]) -> tuple[Event, ...]:
    """Each event with what its sides agreed to do, read in its own sentences
    (`regions`, see `regions.event_regions`)."""
    if not events:
        return events
    detected = []
    hits = _index().scan(text)
    stated: dict[int, list[tuple[_OutcomeRule, Span, Span]]] = {}  # by sentence: events' regions overlap
    for event, region in zip(events, regions):
        by_code: dict[str, Outcome] = {}
        agents = tuple(p.entity for p in event.participants)
        for index in sorted(region):
            if index not in stated:
                stated[index] = outcomes_in(text, sentences[index].span, hits)
            for rule, action, cue in stated[index]:
                evidence = (Span(min(cue.start, action.start), max(cue.end, action.end)),)
                old = by_code.get(rule.code)
                if old is None:
                    by_code[rule.code] = Outcome(rule.code, rule.name, rule.cameo, action.quote(text), agents, evidence)
                elif evidence[0] not in old.evidence:
                    by_code[rule.code] = replace(old, evidence=old.evidence + evidence)
        detected.append(replace(event, outcomes=tuple(by_code.values())))
    return tuple(detected)
