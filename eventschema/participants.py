"""Stage 4b: the participants of each trigger, read from the clause around it.

The subject side is the person nearest before the trigger in its clause and those
coordinated with it ('X and Y spoke', 'X, Y speak'); the other side follows a
preposition or a transitive trigger ('with Y', 'to Y', 'between X and Y', 'met Y',
'called Y', 'included A, B and C'). 'The two leaders', 'they', 'he' and 'the Russian
leader' resolve to people named before. People quoted, reporting or mentioned in
another clause are left out: a clause break ('said', 'according to', ';') stops
the search.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .gazetteer import fold, gazetteer
from .model import Entity, Mention, Participant, Sentence, Span, Trigger

_FLAGS = regex.IGNORECASE
_GROUP = regex.compile(
    r"\b(?:the two|both|the|two) (?:leaders|presidents|sides|heads of state|prime ministers|parties|"
    r"counterparts|foreign ministers|ministers|men|women|statesmen)\b|\bthe pair\b|\bboth\b|\bthey\b|\bthem\b", _FLAGS)
_PRONOUN = regex.compile(r"\b(?:he|she|him|her)\b(?!\s+(?:\p{L}+\s+)?counterpart)", _FLAGS)
_ROLE = regex.compile(
    r"\bthe (?:(?P<adj>(?-i:\p{Lu})[\p{L}.]*) )?(?P<title>leader|president|prime minister|chancellor|premier|"
    r"foreign minister|secretary of state)\b(?!\s+(?-i:\p{Lu}))", _FLAGS)
_CLAUSE_BREAK = regex.compile(
    r"[;:\"()]|\b(?:said|says|told|tells|according|that|which|who|whom|whose|after|before|while|when|because|"
    r"although|whereas|if|but|where)\b", _FLAGS)
# What may stand between two coordinated people once titles and names are removed.
_COORDINATION = regex.compile(r"^\s*(?:,|and|&|,\s*and|as well as|along with|together with|with|plus)?\s*,?\s*$", _FLAGS)
_GAP_NOISE = regex.compile(
    r"\b(?-i:\p{Lu}[\p{L}.'-]*)|\b(?:his|her|their|its|the|of|new|then|former|current|visiting|"
    r"president|prime|minister|premier|chancellor|foreign|secretary|state|counterparts?|leader|king|emir|mr|mrs|ms|dr)\b\.?",
    _FLAGS)
_LINK_RIGHT = regex.compile(r"\b(?:with|to|between|and|by|included|including|among|joined)\b", _FLAGS)
_TRANSITIVE = frozenset({"met", "called-person", "phoned", "hosted", "visit", "meet", "sat-down"})
_MAX_GAP_WORDS = 12


@dataclass(frozen=True)
class Reference:
    """A person mention, or a phrase standing for people: 'the two leaders', 'he'."""

    span: Span
    kind: str  # person, group, pronoun, role
    mention: Mention | None = None
    country: str | None = None
    title: str | None = None


def _references(text: str, sentence: Sentence, mentions: list[Mention]) -> list[Reference]:
    refs = [Reference(m.span, "person", m) for m in mentions if m.sentence == sentence.index]
    taken = [r.span for r in refs]
    start, end = sentence.span.start, sentence.span.end
    g = gazetteer()
    for kind, pattern in (("group", _GROUP), ("role", _ROLE), ("pronoun", _PRONOUN)):
        for match in pattern.finditer(text, start, end):
            span = Span(match.start(), match.end())
            if any(s.start < span.end and span.start < s.end for s in taken):
                continue
            country = title = None
            if kind == "role":
                country = g.adjectives.get((fold(match.group("adj") or ""),))
                if match.group("adj") and country is None:
                    continue
                title = match.group("title").title()
            refs.append(Reference(span, kind, None, country, title))
            taken.append(span)
    return sorted(refs, key=lambda r: r.span.start)


def _gap_is_coordination(text: str, left: Span, right: Span) -> bool:
    gap = _GAP_NOISE.sub(" ", text[left.end:right.start])
    return bool(_COORDINATION.match(gap))


def _clause_ok(text: str, start: int, end: int) -> bool:
    gap = text[start:end]
    return not _CLAUSE_BREAK.search(gap) and len(gap.split()) <= _MAX_GAP_WORDS


def sides(text: str, trigger: Trigger, refs: list[Reference]) -> list[Reference]:
    """The references that take part in the contact the trigger reports."""
    before = [r for r in refs if r.span.end <= trigger.span.start]
    after = [r for r in refs if r.span.start >= trigger.span.end]
    chosen: list[Reference] = []
    if before and _clause_ok(text, before[-1].span.end, trigger.span.start):
        chosen.append(before[-1])
        for ref in reversed(before[:-1]):
            if not _gap_is_coordination(text, ref.span, chosen[-1].span):
                break
            chosen.append(ref)
        chosen.reverse()
    if after:
        first = after[0]
        gap = text[trigger.span.end:first.span.start]
        linked = _LINK_RIGHT.search(gap) or trigger.rule in _TRANSITIVE or not gap.strip(" ,")
        if linked and _clause_ok(text, trigger.span.end, first.span.start) and len(gap.split()) <= 8:
            chosen.append(first)
            for ref in after[1:]:
                if not _gap_is_coordination(text, chosen[-1].span, ref.span):
                    break
                chosen.append(ref)
    return chosen


def resolve(ref: Reference, earlier: list[Mention], context: tuple[Entity, ...]) -> list[tuple[Entity, str | None, Span]]:
    """The people a reference stands for: itself, the group in context, the antecedent."""
    if ref.kind == "person" and ref.mention is not None:
        return [(ref.mention.entity, ref.mention.title, ref.span)]
    if ref.kind == "group":
        return [(e, None, ref.span) for e in context]
    if ref.kind == "role":
        for mention in reversed(earlier):
            if (ref.country and mention.entity.country == ref.country) or (not ref.country and mention.title == ref.title):
                return [(mention.entity, mention.title, ref.span)]
        return []
    if ref.kind == "pronoun":
        for mention in reversed(earlier):
            if mention.span.end <= ref.span.start:
                return [(mention.entity, mention.title, ref.span)]
    return []


def participants_of(
    text: str,
    trigger: Trigger,
    sentence: Sentence,
    mentions: tuple[Mention, ...],
    context: tuple[Entity, ...],
) -> tuple[Participant, ...]:
    """The participants of one trigger; `context` is who 'the two leaders' are here."""
    in_sentence = [m for m in mentions if m.sentence == sentence.index]
    earlier = [m for m in mentions if m.span.start < trigger.span.start and (m.title is None or m.title != "Spokesperson")]
    picked: dict[str, Participant] = {}
    for ref in sides(text, trigger, _references(text, sentence, in_sentence)):
        for entity, title, span in resolve(ref, [m for m in earlier if m.span.start < ref.span.start], context):
            if _is_speaker_role(title):
                continue
            previous = picked.get(entity.key)
            if previous is None:
                picked[entity.key] = Participant(entity, title, (span,))
            else:
                picked[entity.key] = Participant(entity, previous.title or title, previous.evidence + (span,))
    return tuple(picked.values())


def _is_speaker_role(title: str | None) -> bool:
    """Spokespeople and press secretaries report a contact; they are not its principals."""
    if title is None:
        return False
    entry = gazetteer().titles.get(tuple(fold(title).split()))
    return entry is not None and entry.level == "official"
