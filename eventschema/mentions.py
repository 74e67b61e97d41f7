"""Stage 4a: find who is named in the text: people, countries, organizations.

A capitalised run ('Russian President Vladimir Putin', 'Prime Minister of Japan
Fumio Kishida') is read left to right against the gazetteer: titles and country
words give the role and the country, the rest is the name. A name the gazetteer
lacks is kept when a title vouches for it ('Chilean President Gabriel Boric');
surnames and 'Mr. X' resolve to a person named in full elsewhere in the text.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

import regex

from .gazetteer import Gazetteer, Person, fold, gazetteer
from .model import Entity, Mention, Sentence, Span
from .patterns import MATCH_TIMEOUT

_CAP = r"(?:(?-i:\p{Lu})[\p{L}\p{M}'-]*\.?|(?-i:\p{Lu})\.(?:(?-i:\p{Lu})\.)+)"
_PARTICLE = r"(?:von|van|der|den|de|da|del|della|di|la|le|bin|ibn|al|el|dos|das|du|of|the|for)"
_RUN = regex.compile(rf"{_CAP}(?:\s+(?:{_PARTICLE}\s+)*{_CAP})*")
_TOKEN = regex.compile(r"[^\s]+")
# Lowercase title words before a name: 'Ukrainian president Volodymyr Zelensky'.
_LOWER_TITLE = regex.compile(
    r"(?:(?P<adj>[\p{L}.]+)\s+)?(?P<title>president|prime minister|premier|chancellor|foreign minister|"
    r"defen[cs]e minister|defen[cs]e secretary|secretary of state|counterpart|leader|minister|king|emir|"
    r"national security adviser|secretary general|secretary-general|ambassador|envoy|spokes(?:man|woman|person))\s*$"
)
_APPOSITIVE = regex.compile(r"^,\s+(?:the\s+)?(?P<words>(?:[\p{L}.'-]+\s+){0,3}?[\p{L}.'-]+)\s*[,.]")
_FUNCTION = frozenset("the of for and a an on in at to by with from".split())
_SENTENCE_WORDS = frozenset(
    """the on in at after before when while both separately meanwhile earlier later however but and as
    during since according until today yesterday monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december this that
    these those his her their its our we he she they it mr mrs ms dr""".split()
)


@dataclass(frozen=True)
class _Item:
    kind: str  # person, surname, title, place, unknown, function
    start: int  # token index range within the run
    end: int
    value: object = None


def _scan(tokens: list[str], g: Gazetteer) -> list[_Item]:
    """Read the folded tokens of a capitalised run left to right, longest match first."""
    items: list[_Item] = []
    i = 0
    while i < len(tokens):
        for length in range(min(g.longest, len(tokens) - i), 0, -1):
            key = tuple(tokens[i:i + length])
            if key in g.full_names:
                items.append(_Item("person", i, i + length, g.full_names[key]))
            elif key in g.titles:
                items.append(_Item("title", i, i + length, g.titles[key]))
            elif key in g.place_names or key in g.adjectives:
                items.append(_Item("place", i, i + length, g.place_names.get(key) or g.adjectives[key]))
            elif key in g.surnames:
                items.append(_Item("surname", i, i + length, g.surnames[key]))
            else:
                continue
            i += length
            break
        else:
            items.append(_Item("function" if tokens[i] in _FUNCTION else "unknown", i, i + 1))
            i += 1
    return items


@dataclass(frozen=True)
class _Candidate:
    span: Span
    sentence: int
    name_tokens: tuple[str, ...]  # surface tokens of the name part
    ids: tuple[str, ...]  # gazetteer candidates (full name or surname)
    by_full_name: bool
    title: str | None
    title_span: Span | None
    country: str | None


def _token_spans(text: str, run: regex.Match) -> list[Span]:
    return [Span(run.start() + t.start(), run.start() + t.end()) for t in _TOKEN.finditer(run.group())]


def _clean_token(token: str) -> str:
    token = token.removesuffix("'s").removesuffix("'")
    return token if regex.fullmatch(r"(?:\p{L}\.)+", token) else token.rstrip(".,")


def _candidates_in(text: str, folded: str, sentence: Sentence, g: Gazetteer) -> list[_Candidate]:
    found: list[_Candidate] = []
    for run in _RUN.finditer(text, sentence.span.start, sentence.span.end, timeout=MATCH_TIMEOUT):
        spans = _token_spans(text, run)
        tokens = [_clean_token(fold(text[s.start:s.end])) for s in spans]
        items = _scan([t.replace(".", "") if not regex.fullmatch(r"(?:\p{L}\.)+", t) else t.replace(".", "") for t in tokens], g)
        title = country = None
        title_span = None
        before = text[max(sentence.span.start, run.start() - 40):run.start()]
        lower = _LOWER_TITLE.search(fold(before))
        if lower:
            title = _title_name(lower.group("title"), g)
            adjective = lower.group("adj")
            country = g.adjectives.get((adjective,)) if adjective else None
        pending_unknown: list[_Item] = []
        for item in items + [_Item("end", len(tokens), len(tokens))]:
            if item.kind in ("person", "surname"):
                pending_unknown = _flush_unknown(pending_unknown, found, text, spans, sentence, title, title_span, country)
                span = Span(spans[item.start].start, spans[item.end - 1].end)
                surface = tuple(text[s.start:s.end] for s in spans[item.start:item.end])
                found.append(_Candidate(span, sentence.index, surface, item.value, item.kind == "person", title, title_span, country))
                title = country = None
                title_span = None
            elif item.kind == "title":
                pending_unknown = _flush_unknown(pending_unknown, found, text, spans, sentence, title, title_span, country)
                title = item.value.title
                title_span = Span(spans[item.start].start, spans[item.end - 1].end)
            elif item.kind == "place":
                pending_unknown = _flush_unknown(pending_unknown, found, text, spans, sentence, title, title_span, country)
                country = item.value
            elif item.kind == "unknown" and fold(text[spans[item.start].start:spans[item.start].end]).strip(".") not in _SENTENCE_WORDS:
                pending_unknown.append(item)
            else:
                pending_unknown = _flush_unknown(pending_unknown, found, text, spans, sentence, title, title_span, country)
                if item.kind == "end" or item.kind == "function":
                    continue
    return found


def _title_name(word: str, g: Gazetteer) -> str | None:
    entry = g.titles.get(tuple(word.split()))
    return entry.title if entry else None


def _flush_unknown(pending, found, text, spans, sentence, title, title_span, country) -> list:
    """A run of unknown capitalised words: a name if a title vouches for it (see _resolve)."""
    if pending and 1 <= len(pending) <= 4:
        first, last = pending[0], pending[-1]
        span = Span(spans[first.start].start, spans[last.end - 1].end)
        surface = tuple(text[s.start:s.end].removesuffix("'s").rstrip(".,") for s in spans[first.start:last.end])
        found.append(_Candidate(span, sentence.index, surface, (), False, title, title_span, country))
    return []


def find_mentions(text: str, sentences: tuple[Sentence, ...], reference: date | None) -> tuple[Mention, ...]:
    """Every person named in the text, resolved to one entity per person."""
    g = gazetteer()
    folded = fold(text)
    candidates = [c for s in sentences for c in _candidates_in(text, folded, s, g)]
    # People named in full (or vouched for by a title) anchor the surnames.
    anchors: dict[str, Entity] = {}
    resolved: list[tuple[_Candidate, Entity]] = []
    for candidate in candidates:
        entity = _resolve(candidate, g, reference, anchors)
        if entity is not None:
            resolved.append((candidate, entity))
            if candidate.by_full_name or not candidate.ids:
                for token in candidate.name_tokens[-1:]:
                    anchors.setdefault(fold(token), entity)
    counts = Counter(e.key for _, e in resolved)
    mentions = [
        Mention(entity, c.span, c.sentence, c.title, c.title_span)
        for c, entity in resolved
        if counts[entity.key] > 0
    ]
    return tuple(mentions)


def _resolve(candidate: _Candidate, g: Gazetteer, reference: date | None, anchors: dict[str, Entity]) -> Entity | None:
    if candidate.ids:
        person = g.choose(candidate.ids, country=candidate.country, title=candidate.title, when=reference)
        if person is None and not candidate.by_full_name:
            anchor = anchors.get(fold(candidate.name_tokens[-1]))
            return anchor
        if person is not None:
            if not candidate.by_full_name and fold(candidate.name_tokens[-1]) in anchors:
                return anchors[fold(candidate.name_tokens[-1])]
            return person_entity(person)
        return None
    name = " ".join(candidate.name_tokens)
    if fold(candidate.name_tokens[-1]) in anchors and (len(candidate.name_tokens) == 1 or candidate.title is None):
        return anchors[fold(candidate.name_tokens[-1])]
    if candidate.title is None:
        return None  # capitalised words no title vouches for: not taken for a name
    return Entity(key=f"name:{fold(name)}", name=name, type="Person", country=candidate.country)


def person_entity(person: Person) -> Entity:
    return Entity(key=person.id, name=person.name, type="Person", wikidata=person.wikidata, country=person.country)
