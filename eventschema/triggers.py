"""Stage 3: find the phrases that report a contact, with the kind and status they imply.

A trigger's status comes from the words just before it in its clause: a negation
('did not meet') drops it, an intention or agreement ('agreed to meet', 'invited him
to visit') leaves it to the outcome stage, a future ('will meet next week') makes
the event scheduled.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from .model import Sentence, Span, Trigger
from .patterns import check_unique, compile_rule, cue_matches, matches_in
from .prefilter import Hits, LiteralIndex, lowered, pattern_literals, required_literals, start_literals
from .resources import rule_data

# A clause ends at these; modality cues before them do not reach the trigger.
_CLAUSE_BREAK = regex.compile(r"[;:\"()]|,\s+(?:and|but|while|which|who|as|after|before|when|where)\b|\b(?:said|says|after|before|while|when|but)\b")
_WINDOW_WORDS = 7
# What may come before a trigger that is the subject of its clause: determiners and
# planning words ('A planned phone call', 'The meeting'), or a possessive and at most
# two words ("French President Emmanuel Macron's state visit"), after who says or
# thinks so ('Diplomats say a summit ...'; 'said' ends a clause).
_SUBJECT_LEAD = regex.compile(
    r"\W*(?:(?:a|an|the|this|that|their|its|his|her|any|planned|proposed|possible|expected|scheduled|long-awaited)\s+)*"
    r"(?:(?:[\p{L}.-]+\s+){0,5}?[\p{L}.-]+(?:'s|s')\s+(?:[\p{L}-]+\s+){0,2}?)?", regex.IGNORECASE)
_REPORTING = regex.compile(r"\b(?:say|think|believe|expect|suggest)s?\s+(?:that\s+)?", regex.IGNORECASE)
# Longer than any such lead: a longer clause is not read.
_SUBJECT_LEAD_CHARS = 80
_SETTING = regex.compile(r"\b(?:during|at|in|after|over|through)(?:\s+\S+){0,3}$|^\S*$", regex.IGNORECASE)


# The cues searched in a trigger's clause or its window, in the order of `cue_index`:
# a scan of the clause finds their literals, and a cue none of whose literals occurs
# there is not searched (2 % of the instructions of a contact document saved).
_GATED = ("negation", "intent", "future", "mentioned", "negation_clause")
_NEGATION, _INTENT, _FUTURE, _MENTIONED, _NEGATION_CLAUSE = range(len(_GATED))


def _word_literals(literals: frozenset[str] | None) -> frozenset[str] | None:
    """The literals cut at their first space, so that they also hold for the window,
    whose words are joined by one space where the text may have several ('called  off');
    a prefix of a literal every match begins with is one too."""
    if literals is None:
        return None
    cut = frozenset(regex.split(r"\s", literal, maxsplit=1)[0] for literal in literals)
    return None if "" in cut else cut


@dataclass(frozen=True)
class TriggerRules:
    each: tuple[regex.Pattern, ...]  # the rules one by one, in order
    index: LiteralIndex  # per rule: the literals one of which any match contains, and those it begins with
    names: list[str]
    kinds: dict[str, str]
    explicit: dict[str, bool]
    negation: regex.Pattern
    intent: regex.Pattern
    future: regex.Pattern
    future_after: regex.Pattern
    mentioned: regex.Pattern
    future_predicate: regex.Pattern
    negated_predicate: regex.Pattern
    speculative_predicate: regex.Pattern
    # Words one of which some cues need ('cancel', 'take place', 'not'), or None: such
    # a cue is tried only where one occurs (a predicate cue's try along a long
    # sentence costs some 80 us).
    cue_words: dict[str, frozenset[str] | None]
    reported_future: regex.Pattern
    venue: regex.Pattern
    negation_clause: regex.Pattern
    cue_index: LiteralIndex  # the _GATED cues' literals, cut at their first space (see _word_literals)


@cache
def rules() -> TriggerRules:
    data = rule_data("triggers")
    label = "eventschema/data/triggers.json"
    entries = data["rules"]
    check_unique([r["name"] for r in entries], label)
    flags = regex.IGNORECASE
    cues = {name: compile_rule(p, f"{label}: cue {name!r}", flags) for name, p in data["cues"].items()}
    literals = [required_literals(entry, entry["pattern"], f"{label}: rule {entry['name']!r}") for entry in entries]
    gated = [data["cues"][name] for name in _GATED]
    return TriggerRules(
        cue_index=LiteralIndex([_word_literals(pattern_literals(p)) for p in gated],
                               [_word_literals(start_literals(p)) for p in gated]),
        each=tuple(compile_rule(r["pattern"], f"{label}: rule {r['name']!r}", flags) for r in entries),
        index=LiteralIndex(literals, [start_literals(r["pattern"]) for r in entries]),
        names=[r["name"] for r in entries],
        kinds={r["name"]: r["kind"] for r in entries},
        explicit={r["name"]: r["explicit_medium"] for r in entries},
        cue_words={name: pattern_literals(data["cues"][name]) for name in ("negation", "negated_predicate", "speculative_predicate")},
        **cues,
    )


def _clause_before(text: str, sentence: Span, start: int) -> str:
    """The words of the trigger's own clause before it."""
    before = text[sentence.start:start]
    cut = 0
    for match in _CLAUSE_BREAK.finditer(before):
        cut = match.end()
    return before[cut:]


def _window_of(clause: str) -> str:
    """The last few words of the trigger's clause before it: where modality is marked."""
    return " ".join(clause.split()[-_WINDOW_WORDS:])


@dataclass(frozen=True)
class _Clause:
    """A trigger's clause before it, and its window (the last words): whether a gated
    cue occurs in either is searched only if one of the cue's literals occurs in the
    clause, and in the clause only where a match of it may begin (see
    prefilter.LiteralIndex). The clause is scanned alone: it is short, and the cues'
    words ('no', 'will', 'call') are everywhere in a text."""

    text: str
    window: str
    places: dict[int, list[int] | None]  # cue number: where its matches may begin, None if anywhere

    def in_window(self, number: int, pattern: regex.Pattern) -> bool:
        return number in self.places and pattern.search(self.window) is not None

    def in_clause(self, number: int, pattern: regex.Pattern) -> bool:
        return any(cue_matches(pattern, number, self.text, 0, len(self.text), self.places))


def _clause(text: str) -> _Clause:
    return _Clause(text, _window_of(text), rules().cue_index.scan(text).within(0, len(text)))


def _predicated(r: TriggerRules, clause: str, after: str) -> str | None:
    """'negated' or 'intended' if the sentence goes on to say so of a contact that is
    the subject of its clause ('A planned call between X and Y was cancelled', 'a
    meeting ... could take place'): what is said of it outweighs how it is introduced.
    Not of a verb's subject ('Putin met Xi and a news conference was cancelled').
    `clause`: the trigger's clause before it; `after`: the sentence after it."""
    if len(clause) > _SUBJECT_LEAD_CHARS:
        return None
    words = lowered(after)
    for cue, status in (("negated_predicate", "negated"), ("speculative_predicate", "intended")):
        if _has_words(r, cue, words) and _is_subject(clause) and getattr(r, cue).match(after):
            return status
    return None


def _has_words(r: TriggerRules, cue: str, words: str) -> bool:
    """Whether `words` (lowercase) hold one of the words `cue` needs (see cue_words)."""
    needed = r.cue_words[cue]
    return needed is None or any(word in words for word in needed)


def _is_subject(clause: str) -> bool:
    """Whether a trigger whose clause before it is `clause` is the clause's subject
    (see _SUBJECT_LEAD)."""
    reported = None
    for reported in _REPORTING.finditer(clause):
        pass
    return _SUBJECT_LEAD.fullmatch(clause, reported.end() if reported else 0) is not None


def status_of(text: str, sentence: Span, span: Span, headline: bool = False, kind: str = "") -> str:
    """happened, scheduled, negated, intended (an aim or agreement, not a contact) or
    mentioned (a contact named as a subject of talk: 'discussed the upcoming summit',
    or a summit named as the setting of another contact)."""
    r = rules()
    said = _clause(_clause_before(text, sentence, span.start))
    window = said.window
    if said.in_window(_NEGATION, r.negation) or said.in_clause(_NEGATION_CLAUSE, r.negation_clause):
        return "negated"
    if _has_words(r, "negation", lowered(span.quote(text))) and r.negation.search(text, span.start, span.end):
        return "negated"  # the trigger's own words: 'no call is planned', 'the cancelled visit'
    if window.split()[-1:] == ["would"] and r.reported_future.search(text, span.end, sentence.end):
        return "scheduled"  # reported speech: 'said Wang would meet Cho later this week'
    if said.in_clause(_INTENT, r.intent):
        return "intended"
    setting = _SETTING.search(window)  # 'discussed trade during a meeting': the meeting is the contact
    if not setting and said.in_clause(_MENTIONED, r.mentioned):
        return "mentioned"
    if kind == "Summit" and r.venue.search(window):
        return "mentioned"  # the summit is where another contact took place
    after = text[span.end:sentence.end]
    if (predicated := _predicated(r, said.text, after)) is not None:
        return predicated
    if said.in_clause(_FUTURE, r.future) or r.future_after.search(after):
        return "scheduled"
    if headline and window.split()[-1:] == ["to"]:
        return "scheduled"  # headline style: 'Erdogan to meet Niinisto on Friday'
    opens_sentence = len(text[sentence.start:span.start].split()) <= 3
    if opens_sentence and r.future_predicate.search(after):
        return "scheduled"  # 'The meeting between X and Y on Thursday will be the first ...'

    return "happened"


def _matches(text: str, sentence: Span, hits: Hits) -> list[tuple[str, Span]]:
    """What the rule alternation finds in a sentence, running only the rules whose
    words occur in it (`hits`, from one scan of the text): at each place the earliest
    rule in the file wins, and matches do not overlap, as in one alternation."""
    r = rules()
    found = []
    for order, where in hits.within(sentence.start, sentence.end).items():
        for match in matches_in(r.each[order], text, sentence.start, sentence.end, where):
            found.append((match.start(), order, match.end()))
    chosen: list[tuple[str, Span]] = []
    end = -1
    for start, order, stop in sorted(found):
        if start >= end:
            chosen.append((r.names[order], Span(start, stop)))
            end = stop
    return chosen


def find_triggers(text: str, sentences: tuple[Sentence, ...]) -> tuple[Trigger, ...]:
    """Every trigger in the cleaned text, in order, whatever its status."""
    r = rules()
    found: list[Trigger] = []
    hits = r.index.scan(text)
    for sentence in sentences:
        for name, span in _matches(text, sentence.span, hits):
            found.append(Trigger(
                rule=name,
                kind=r.kinds[name],
                span=span,
                sentence=sentence.index,
                status=status_of(text, sentence.span, span, sentence.is_headline, r.kinds[name]),
                explicit_medium=r.explicit[name],
            ))
    return tuple(found)
