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

from dataclasses import dataclass, replace
from functools import lru_cache

import regex

from .gazetteer import fold, gazetteer, key_of, place_spans
from .model import Entity, Mention, Participant, Sentence, Span, Trigger

_FLAGS = regex.IGNORECASE
_GROUP = regex.compile(
    r"\b(?:the two|both|the|two) (?:leaders|presidents|sides|heads of state|prime ministers|parties|"
    r"counterparts|foreign ministers|ministers|men|women|statesmen)\b(?!\s+of\b)|\bthe pair\b|\bboth\b|\bthey\b|\bthem\b", _FLAGS)
_PRONOUN = regex.compile(r"\b(?:he|she|him|her|his)\b(?!\s+(?:\p{L}+\s+)?counterparts?)", _FLAGS)
_ROLE = regex.compile(
    r"\bthe (?:(?P<adj>(?-i:\p{Lu})[\p{L}.]*) )?(?P<title>leader|president|prime minister|chancellor|premier|"
    r"foreign minister|secretary of state|chief|secretary general|secretary-general)\b(?!\s+(?-i:\p{Lu}))", _FLAGS)
_CLAUSE_BREAK = regex.compile(
    r"[;:()]|\b(?:said|says|told|tells|according|that|which|who|whom|whose|after|before|while|when|because|"
    r"although|whereas|if|but|where)\b", _FLAGS)
# What may stand between two coordinated people once titles and names are removed.
_COORDINATION = regex.compile(
    r"^(?:\s*(?:,|and|&|as well as|along with|together with|with|plus|said to|told|speaking to))*\s*$", _FLAGS)
_GAP_NOISE = regex.compile(
    r"\b(?-i:\p{Lu}[\p{L}.'-]*)|\b(?:his|her|their|its|the|of|new|then|former|current|visiting|"
    r"president|prime|minister|premier|chancellor|foreign|secretary|state|counterparts?|leader|king|emir|mr|mrs|ms|dr)\b\.?",
    _FLAGS)
_REPORTED = regex.compile(r"\b(?:said|says|told|according|announced|tweeted|wrote|reported)\b|[;:]", _FLAGS)
_LINK_RIGHT = regex.compile(r"\b(?:with|to|between|and|by|from|included|including|among|joined)\b", _FLAGS)
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


# A sentence is read once for all its triggers (a readout's long sentence can hold
# several): consecutive calls share the sentence, so a few entries are enough.
@lru_cache(maxsize=8)
def _references(text: str, sentence: Sentence, mentions: tuple[Mention, ...]) -> tuple[Reference, ...]:
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
                adjective = fold(match.group("adj") or "").replace(".", "")
                country = g.adjectives.get((adjective,)) if adjective else None
                entry = g.titles.get(tuple(fold(match.group("title")).split()))
                title = entry.title if entry else None
                if adjective and country is None:
                    # 'the Federal Chancellor': the adjective is part of the title
                    entry = g.titles.get((adjective, *fold(match.group("title")).split()))
                    if entry is None:
                        continue
                    title = entry.title
            refs.append(Reference(span, kind, None, country, title))
            taken.append(span)
    # 'the Prime Minister of Japan, Fumio Kishida': the role is the named person's title.
    people = [r.span for r in refs if r.kind == "person"]
    refs = [r for r in refs if r.kind != "role" or not any(
        0 <= p.start - r.span.end <= 40 and _APPOSED.match(text, r.span.end, p.start) for p in people)]
    return tuple(sorted(refs, key=lambda r: r.span.start))


_APPOSED = regex.compile(r"\s*(?:of\s+(?:the\s+)?(?-i:\p{Lu})[\p{L}.' ]*)?,?\s*$")


@lru_cache(maxsize=8)  # see _references
def _places(text: str, sentence: Sentence) -> tuple[Reference, ...]:
    g = gazetteer()
    refs = []
    for begin, stop in place_spans(text, sentence.span.start, sentence.span.end):
        code = g.place_names.get(key_of(text[begin:stop]))
        place = g.places.get(code) if code else None
        if place is not None:
            entity = Entity(f"place:{code}", place.name, place.type, place.wikidata, code)
            refs.append(Reference(Span(begin, stop), "person", Mention(entity, Span(begin, stop), sentence.index)))
    return tuple(refs)


def _gap_is_coordination(text: str, left: Span, right: Span) -> bool:
    gap = _GAP_NOISE.sub(" ", text[left.end:right.start])
    return bool(_COORDINATION.match(gap))


def _coordinated(text: str, refs: list[Reference], backwards: bool = False) -> list[Reference]:
    """The first reference and those joined to it in a list: 'A, B and C'. Read
    `backwards` from the last one when the list ends just before a trigger."""
    ordered = refs[::-1] if backwards else refs
    group = ordered[:1]
    for ref in ordered[1:]:
        left, right = (ref, group[-1]) if backwards else (group[-1], ref)
        if not _gap_is_coordination(text, left.span, right.span):
            break
        group.append(ref)
    return group[::-1] if backwards else group


def _clause_ok(text: str, start: int, end: int) -> bool:
    gap = text[start:end]
    return not _CLAUSE_BREAK.search(gap) and len(gap.split()) <= _MAX_GAP_WORDS


def sides(text: str, trigger: Trigger, refs: tuple[Reference, ...], others: list[Span]) -> list[Reference]:
    """The references that take part in the contact the trigger reports; `others` are
    the spans of the sentence's other triggers, which bound its clause."""
    # A trigger next to this one ('Summit Meeting', 'video teleconference') is the same
    # phrase: it bounds neither side.
    others = [o for o in others if not (0 <= trigger.span.start - o.end <= 1 or 0 <= o.start - trigger.span.end <= 1)]
    previous = max([o.end for o in others if o.end <= trigger.span.start], default=0)
    end = min([o.start for o in others if o.start >= trigger.span.end], default=len(text))
    before = [r for r in refs if previous <= r.span.start and r.span.end <= trigger.span.start]
    if previous and before and len(text[previous:before[0].span.start].split()) <= 6:
        before = before[1:]  # the previous trigger's object: 'called Putin ... and later phoned Zelensky'
    # A name inside the trigger ('spoke with Xi by phone') is its object.
    after = [r for r in refs if r.span.start >= trigger.span.end
             or (r.kind == "person" and r.span.start >= trigger.span.start)]
    # A person right before the next trigger is that trigger's subject, not this one's object.
    after = [r for r in after if r.span.end <= end and not _is_subject_of_next(text, r, end)]
    chosen: list[Reference] = []
    if before and _clause_ok(text, before[-1].span.end, trigger.span.start):
        chosen = _described(text, before, _coordinated(text, before, backwards=True), trigger)
    if not chosen:
        chosen = _sentence_subject(text, refs, trigger)
    if not chosen and after and after[0].span.start >= trigger.span.end:
        fronted = _fronted_subject(text, trigger, after)
        if fronted:
            return fronted
    if after:
        first = after[0]
        gap = text[min(trigger.span.end, first.span.start):first.span.start]
        linked = (_LINK_RIGHT.search(gap) or trigger.rule in _TRANSITIVE or not _GAP_NOISE.sub(" ", gap).strip(" ,")
                  or _LINK_RIGHT.search(trigger.span.quote(text).split()[-1]))
        if linked and _clause_ok(text, trigger.span.end, first.span.start) and len(_GAP_NOISE.sub(" ", gap).split()) <= 8:
            chosen += _coordinated(text, after)
    return chosen


# Between a person and one named in an apposition describing them: ', chief of staff to
# President ', ', an adviser to Prime Minister ', ', the wife of '.
_APPOSITION_OF = regex.compile(r",\s+(?:the\s+|a\s+|an\s+)?(?:\p{Ll}[\p{L}'-]*\s+){1,6}?(?:to|of|for)\s+"
                               r"(?:(?:the\s+)?\p{Lu}[\p{L}.'-]*\s+){0,4}")


def _described(text: str, before: list[Reference], chosen: list[Reference], trigger: Trigger) -> list[Reference]:
    """The side before a trigger, but for a person named inside an apposition, who is
    not the subject: 'Andriy Yermak, chief of staff to President Volodymyr Zelensky,
    had a phone call with ...' is Yermak's call."""
    if len(before) <= len(chosen) or not text[chosen[-1].span.end:trigger.span.start].lstrip().startswith(","):
        return chosen
    head = before[len(before) - len(chosen) - 1]
    if head.kind == "person" and _APPOSITION_OF.fullmatch(text, head.span.end, chosen[0].span.start):
        return [head]
    return chosen


def _sentence_subject(text: str, refs: tuple[Reference, ...], trigger: Trigger) -> list[Reference]:
    """The people the sentence opens with ('X and Y on Monday discussed ... in their
    first phone call'), unless a reporting clause stands between them and the trigger."""
    opening = [r for r in refs if r.span.end <= trigger.span.start and r.kind in ("person", "role")]
    if not opening or _REPORTED.search(text, opening[0].span.end, trigger.span.start):
        return []
    group = _coordinated(text, opening)
    sentence_start = text.rfind("\n", 0, group[0].span.start) + 1
    lead = text[max(sentence_start, group[0].span.start - 60):group[0].span.start]
    return group if len(lead.split()) <= 6 else []


def _fronted_subject(text: str, trigger: Trigger, after: list[Reference]) -> list[Reference]:
    """'In a phone call on Monday, X and Y discussed ...': the trigger opens the
    sentence in a phrase closed by a comma, and the subject that follows took part."""
    line_start = max(text.rfind("\n", 0, trigger.span.start), text.rfind(". ", 0, trigger.span.start)) + 1
    if len(text[line_start:trigger.span.start].split()) > 3:
        return []
    comma = text.find(",", trigger.span.end, after[0].span.start)
    if comma < 0 or len(text[trigger.span.end:comma].split()) > 6 or len(text[comma:after[0].span.start].split()) > 6:
        return []
    return _coordinated(text, after)


_AUXILIARIES = frozenset("has had have also then later will would is was did and".split())


def _is_subject_of_next(text: str, ref: Reference, next_trigger: int) -> bool:
    """'... and US National Security Adviser Jake Sullivan talked to ...': a person just
    before the next trigger, with nothing but auxiliaries between, is its subject."""
    if next_trigger >= len(text):
        return False
    words = text[ref.span.end:next_trigger].split()
    return len(words) <= 3 and all(w.lower() in _AUXILIARIES for w in words)


def _holds(mention: Mention, title: str | None) -> bool:
    """Whether the person mentioned bears `title`, as the text or the gazetteer says."""
    if title is None:
        return False
    if mention.title == title:
        return True
    person = gazetteer().people.get(mention.entity.key)
    return person is not None and any(r.title == title for r in person.roles)


def resolve(ref: Reference, earlier: list[Mention], context: tuple[Entity, ...],
            later: list[Mention] = ()) -> list[tuple[Entity, str | None, Span]]:
    """`earlier` and `later` are the candidates for a role or pronoun, nearest first
    for `earlier` read backwards; people the same clause names are not among them."""
    """The people a reference stands for: itself, the group in context, the antecedent."""
    if ref.kind == "person" and ref.mention is not None:
        return [(ref.mention.entity, ref.mention.title, ref.span)]
    if ref.kind == "group":
        return [(e, None, ref.span) for e in context]
    if ref.kind == "role":
        for mention in [*reversed(earlier), *later]:
            if (ref.country and mention.entity.country == ref.country) or (not ref.country and _holds(mention, ref.title)):
                return [(mention.entity, mention.title or ref.title, ref.span)]
        return []
    if ref.kind == "pronoun":
        # 'He', 'his': the subject of the sentence so far, else of the last sentence
        # that named someone, rather than whoever was named last ('Sunak has not spoken
        # to Xi since taking office, but he held a call with Kishida').
        if not earlier:
            return []
        sentence = earlier[-1].sentence
        same = [m for m in earlier if m.sentence == sentence]
        subject = same[0]
        return [(subject.entity, subject.title, ref.span)]
    return []


_BILATERAL = regex.compile(r"\bbilateral\b|\bcounterparts\b|\bseparately\b|\bseparate\b", _FLAGS)


def participants_of(
    text: str,
    trigger: Trigger,
    sentence: Sentence,
    in_sentence: list[Mention],
    mentions: tuple[Mention, ...],
    context: tuple[Entity, ...],
    others: list[Span],
) -> tuple[tuple[Participant, ...], ...]:
    """The participants of one trigger, as one group per contact: 'held bilateral talks
    with his counterparts A and B' reports two contacts. `context` is who 'the two
    leaders' are here, `others` the spans of the other triggers in its sentence,
    `in_sentence` the mentions of its sentence and `mentions` all of the text's."""
    chosen = sides(text, trigger, _references(text, sentence, tuple(in_sentence)), others)
    named = {r.mention.entity.key for r in chosen if r.mention is not None}
    picked: dict[str, Participant] = {}
    origin: dict[str, str] = {}
    counterparts = {r.mention.entity.key for r in chosen if r.mention is not None and r.mention.counterpart}
    for ref in chosen:
        earlier: list[Mention] = []
        later: list[Mention] = []
        if ref.kind != "person":  # only roles and pronouns look for someone named elsewhere
            earlier = [m for m in mentions if m.span.end <= ref.span.start and m.entity.key not in named]
            later = [m for m in mentions if m.span.start >= ref.span.end and m.entity.key not in named]
        side = "before" if ref.span.end <= trigger.span.start else "after"
        for entity, title, span in resolve(ref, earlier, context, later):
            if _is_speaker_role(title):
                continue
            previous = picked.get(entity.key)
            if previous is None:
                picked[entity.key] = Participant(entity, title, (span,))
                origin[entity.key] = side
            else:
                picked[entity.key] = Participant(entity, previous.title or title, previous.evidence + (span,))
    if not picked:
        # 'Russia and Ukraine agreed ...': countries and organizations take part only
        # where no person is named.
        for ref in sides(text, trigger, _places(text, sentence), others):
            side = "before" if ref.span.end <= trigger.span.start else "after"
            entity = ref.mention.entity
            picked.setdefault(entity.key, Participant(entity, None, (ref.span,)))
            origin.setdefault(entity.key, side)
    everyone = _counterparts_titled(tuple(picked.values()), counterparts)
    hosts = [p for p in everyone if origin[p.entity.key] == "before"]
    guests = [p for p in everyone if origin[p.entity.key] == "after"]
    window = text[sentence.span.start:sentence.span.end]
    if len(hosts) == 1 and len(guests) >= 2 and _BILATERAL.search(window):
        return tuple((hosts[0], guest) for guest in guests)
    return (everyone,)


def _counterparts_titled(people: tuple[Participant, ...], counterparts: set[str]) -> tuple[Participant, ...]:
    """People the text calls the other side's counterpart ('his Argentine counterpart,
    Lucia Ferreyra') with the other side's title, where that names a ministry every
    government has ('Foreign Minister', 'Defence Minister'). Not a head of
    government's or state's (a chancellor's French counterpart is a president), nor
    one particular to a country ('Secretary of State'); someone the gazetteer knows
    only if it lists that office for them (a foreign minister's US counterpart is
    the Secretary of State)."""
    titles = {p.title for p in people if p.entity.key not in counterparts and p.title}
    if not counterparts or len(titles) != 1:
        return people
    title, g = titles.pop(), gazetteer()
    entry = g.titles.get(tuple(fold(title).split()))
    if entry is None or entry.level != "minister" or not title.endswith(" Minister"):
        return people
    return tuple(replace(p, title=title) if p.entity.key in counterparts and p.title is None and (
        p.entity.key not in g.people or any(role.title == title for role in g.people[p.entity.key].roles)) else p
        for p in people)


def _is_speaker_role(title: str | None) -> bool:
    """Spokespeople and press secretaries report a contact; they are not its principals."""
    if title is None:
        return False
    entry = gazetteer().titles.get(tuple(fold(title).split()))
    return entry is not None and entry.level == "official"
