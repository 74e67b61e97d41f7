"""Cheap literal prefilters for rule patterns, derived from the patterns themselves.

Running some 400 topic patterns over every sentence dominated extraction time. Most
patterns begin (after lookarounds and word boundaries) with a literal word: 'Syria',
'climate', 'nuclear'. A text that contains none of a pattern's leading literals,
case-insensitively, cannot match it, so the pattern need not run. Patterns whose
leading part is not literal enough (a broad character class, a repeated group) get
no prefilter and always run: the filter only ever skips work, never a match.

`LiteralIndex` finds where the literals of a whole rule family occur in one pass
over a document; each stage then asks it which rules can match in a sentence.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

import ahocorasick

_META = set(".^$*+?{}[]()|\\")
_QUANTIFIERS = set("*+?{")


def _scan(pattern: str, start: int = 0):
    """(index, character, depth) for each character of the pattern outside escapes and
    character classes, depth counting open groups."""
    depth, i, in_class = 0, start, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        else:
            depth += (c == "(") - (c == ")")
            yield i, c, depth
        i += 1


def _split_top(pattern: str) -> list[str] | None:
    """The top-level alternatives of a pattern, or None if it is malformed."""
    parts, start, depth = [], 0, 0
    for i, c, depth in _scan(pattern):
        if c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    return parts if depth == 0 else None


def _group_end(pattern: str, start: int) -> int:
    """Index just past the group that opens at `start`."""
    for i, c, depth in _scan(pattern, start):
        if c == ")" and depth == 0:
            return i + 1
    return len(pattern)


def leading_literals(pattern: str) -> set[str] | None:
    """Lowercase literals, one of which every match of `pattern` contains; None when
    the pattern's beginning is not literal enough to say."""
    alternatives = _split_top(pattern)
    if alternatives is None:
        return None
    found: set[str] = set()
    for alternative in alternatives:
        literals = _alternative_literals(alternative)
        if not literals:
            return None
        found |= literals
    return found


def _alternative_literals(text: str) -> set[str] | None:
    i = 0
    while i < len(text):  # skip what consumes nothing: lookarounds, \b, inline flags
        if text.startswith(("(?<!", "(?<=", "(?!", "(?="), i):
            i = _group_end(text, i)
        elif text.startswith("\\b", i):
            i += 2
        elif text.startswith("(?i)", i) or text.startswith("(?-i)", i):
            i = text.index(")", i) + 1
        else:
            break
    rest = text[i:]
    if rest.startswith(("(?:", "(?i:", "(?-i:")):
        end = _group_end(rest, 0)
        if rest[end:end + 1] == "?":
            # an optional group ('(?:uranium\s+)?enrichment'): what follows it is required
            return _alternative_literals(rest[end + 1:])
        if end < len(rest) and rest[end] in _QUANTIFIERS:
            return None  # a repeated group: nothing certain
        inner = rest[rest.index(":") + 1:end - 1]
        return leading_literals(inner)
    return _literal_run(rest)


_MAX_VARIANTS = 16


def _plain_class(body: str) -> set[str] | None:
    """The characters of a small class of plain characters ('[56]', '[- ]'), else None."""
    if not body or len(body) > 6 or "\\" in body or body[0] == "^" or "-" in body[1:-1]:
        return None
    return set(body)


def _literal_run(text: str) -> set[str] | None:
    """The literal strings a pattern piece begins with, lowercase: plain characters,
    escaped punctuation ('U\\.N\\.'), small classes ('[56]G'), optional characters
    ('G-?20', 'Syrian?'). None if it begins with nothing that literal."""
    variants, i = {""}, 0
    while i < len(text) and len(variants) <= _MAX_VARIANTS:
        c = text[i]
        if c == "\\" and i + 1 < len(text) and not text[i + 1].isalnum() and not text[i + 1].isspace():
            chars, i = {text[i + 1]}, i + 2
        elif c == "[":
            end = text.find("]", i + 2)
            chars = _plain_class(text[i + 1:end]) if end > 0 else None
            if chars is None:
                break
            i = end + 1
        elif c in _META or c.isspace():
            break
        else:
            chars, i = {c}, i + 1
        following = text[i:i + 1]
        if following in ("*", "{"):
            break  # maybe absent: the literal ends before it
        if following == "?":
            variants |= {v + ch for v in variants for ch in chars}  # present or not
            i += 1
            continue
        variants = {v + ch for v in variants for ch in chars}
        if following == "+":
            break  # at least once: what follows it is not certain
    found = {lowered(v) for v in variants}
    # A variant that contains another is implied by it ('syria', 'syrian'): keep the shorter.
    found = {v for v in found if not any(o != v and o in v for o in found)}
    if not found or any(len(v) < 2 or not any(ch.isalnum() for ch in v) for v in found):
        return None
    return found


def required_literals(entry: dict, pattern: str, label: str) -> frozenset[str]:
    """The literals of a rule: its 'keywords' if the data gives them, else those read
    off its pattern; a rule with neither is rejected at load, naming it."""
    from .resources import RuleDataError

    found = entry.get("keywords") or leading_literals(pattern)
    if not found:
        raise RuleDataError(f"{label}: give 'keywords': its pattern starts with no literal word")
    if any(k != lowered(k) for k in found):
        raise RuleDataError(f"{label}: keywords {sorted(found)!r}: expected lowercase words")
    return frozenset(k.lower() for k in found)


def lowered(text: str) -> str:
    """`text` in lowercase, one character for one, so offsets into it are offsets into
    `text`, and such that a literal that a case-insensitive pattern matches is found
    in it: 'İ' (which lowers to two characters) becomes 'i', the long 'ſ' 's' (the
    tests check every character that the regex module matches to a literal's)."""
    folded = text.lower()
    if len(folded) != len(text):
        folded = "".join(c.lower()[0] for c in text)
    return folded.replace("ſ", "s") if "ſ" in folded else folded


@dataclass(frozen=True)
class Hits:
    """Where a family's literals occur in one text: one entry per occurrence."""

    always: tuple[int, ...]  # rules without literals: tried everywhere
    starts: tuple[int, ...]  # ascending
    ends: tuple[int, ...]
    rules: tuple[tuple[int, ...], ...]  # the rules the literal there belongs to

    def rules_within(self, start: int, end: int) -> list[int]:
        """The rules, in order, that may match within [start, end)."""
        found = set(self.always)
        for position in range(bisect_left(self.starts, start), len(self.starts)):
            if self.starts[position] >= end:
                break
            if self.ends[position] <= end:
                found.update(self.rules[position])
        return sorted(found)


class LiteralIndex:
    """Which rules of a family may match where: one scan of a text finds every
    occurrence of every rule's literals, so that a rule is tried only in the stretches
    (sentences, blocks) that contain one of them. Rules without literals (None) are
    always tried. The answer is the same as testing `literal in stretch.lower()` for
    each literal of each rule, as the tests check.

    The scan is an Aho-Corasick automaton (pyahocorasick): one pass over the text for
    hundreds of literals, overlapping ones included; a regex trie of the same literals
    was eight times slower."""

    def __init__(self, literals: Sequence[frozenset[str] | None]) -> None:
        self.literals = tuple(literals)
        self.always = tuple(i for i, found in enumerate(literals) if found is None)
        by_literal: dict[str, tuple[int, ...]] = {}
        for index, found in enumerate(literals):
            for literal in found or ():
                by_literal[literal] = (*by_literal.get(literal, ()), index)
        self._automaton = ahocorasick.Automaton()
        for literal, rules in by_literal.items():
            self._automaton.add_word(literal, (len(literal), rules))
        if by_literal:
            self._automaton.make_automaton()

    def scan(self, lowered_text: str) -> Hits:
        """Where the literals occur in `lowered_text` (see `lowered`)."""
        found = sorted((last + 1 - length, last + 1, rules) for last, (length, rules) in self._automaton.iter(lowered_text)) \
            if self._automaton else []
        return Hits(self.always, tuple(f[0] for f in found), tuple(f[1] for f in found), tuple(f[2] for f in found))
