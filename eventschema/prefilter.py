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

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

# The parts of a pattern that matter to its structure: escapes, character classes
# (whose brackets and bars are no groups), parentheses and bars.
_STRUCTURE = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|[()|]", re.DOTALL)


def _split_top(pattern: str) -> list[str] | None:
    """The top-level alternatives of a pattern, or None if it is malformed."""
    parts, start, depth = [], 0, 0
    for token in _STRUCTURE.finditer(pattern):
        c = token.group()
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth < 0:
                return None  # 'a)|(b': a ')' that closes nothing
        elif c == "|" and depth == 0:
            parts.append(pattern[start:token.start()])
            start = token.end()
    parts.append(pattern[start:])
    return parts if depth == 0 else None


def _group_end(pattern: str, start: int) -> int:
    """Index just past the group that opens at `start`."""
    depth = 0
    for token in _STRUCTURE.finditer(pattern, start):
        c = token.group()
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return token.end()
    return len(pattern)


def starts_at_word(pattern: str, digit: bool = False) -> bool:
    """Whether every match of `pattern` surely begins with a word character (with
    `digit`, a digit) at a word boundary: each top-level alternative opens (after any
    lookbehind) with \\b and then, whatever is optional, such a character. False when
    it cannot tell."""
    alternatives = _split_top(pattern) or []
    for alternative in alternatives:
        i = 0
        while alternative.startswith(("(?<!", "(?<="), i):
            i = _group_end(alternative, i)
        if not alternative.startswith("\\b", i) or not _opens_with(alternative[i + 2:], digit):
            return False
    return bool(alternatives)


def _opens_with(text: str, digit: bool) -> bool:
    """Whether every match of `text` opens with a word character, or with `digit` a
    digit (conservative: False when unsure)."""
    wanted = str.isdigit if digit else str.isalnum
    if text.startswith(("(?:", "(?i:", "(?-i:")):
        end = _group_end(text, 0)
        inner = _split_top(text[text.index(":") + 1:end - 1]) or [""]
        first, after = all(_opens_with(a, digit) for a in inner), text[end:]
    elif text.startswith(("\\d", "\\w")):
        first, after = text[1] == "d" or not digit, text[2:]
    elif text.startswith("["):
        end = _class_end(text, 0)
        body = text[1:end - 1]
        first, after = bool(body) and not body.startswith("^") and "\\" not in body \
            and all(wanted(c) for c in body.replace("-", "")) and body[:1] != "-" and body[-1:] != "-", text[end:]
    else:
        first, after = bool(text) and wanted(text[0]), text[1:]
    if after[:1] in ("?", "*") or after.startswith("{0"):
        return first and _opens_with(after.lstrip("?*{0123456789,}"), digit)
    return first


def pattern_literals(pattern: str) -> frozenset[str] | None:
    """Lowercase literals, one of which every match of `pattern` contains: for each
    top-level alternative, the most telling of the literal pieces it requires
    ('alliance' rather than 'the' in 'the\\s+Alliance'). None when an alternative
    requires no literal piece we can read."""
    found = _each_alternative(pattern, lambda alternative: max(pieces, key=_selectivity)
                              if (pieces := _pieces(alternative)[0]) else None)
    return None if found is None else frozenset(found)


def _each_alternative(pattern: str, choose: Callable[[str], set[str] | None]) -> set[str] | None:
    """The union of what `choose` gives for each top-level alternative of `pattern`;
    None if it gives nothing for one of them (or the pattern is malformed)."""
    alternatives = _split_top(pattern)
    if alternatives is None:
        return None
    found: set[str] = set()
    for alternative in alternatives:
        chosen = choose(alternative)
        if not chosen:
            return None
        found |= chosen
    return found


def _selectivity(piece: set[str]) -> tuple[int, int]:
    """How rarely a piece is likely to occur: by the letters and digits of its
    shortest variant ('previous' over 'the '), then by fewer variants."""
    return (min(sum(c.isalnum() for c in v) for v in piece), -len(piece))


def start_literals(pattern: str) -> frozenset[str] | None:
    """Lowercase literals one of which every match of `pattern` begins with (after
    lookarounds and \\b), or None: such a pattern need only be tried where one of
    them occurs ('\\bG-?20\\b': where 'g20' or 'g-20' does)."""
    found = _each_alternative(pattern, lambda alternative: _pieces(alternative)[1])
    if found is None:
        return None
    # a variant that begins with another begins where it does: keep the shorter
    return frozenset(v for v in found if not any(o != v and v.startswith(o) for o in found))


_MAX_VARIANTS = 16
_CLASS_ESCAPES = frozenset("sSdDwW")
_INLINE_FLAGS = re.compile(r"\(\?[a-zA-Z-]+\)")
_GROUP_OPENINGS = re.compile(r"\((?:\?(?:[a-zA-Z-]*:|P<\w+>|>))?")
_QUANTIFIER = re.compile(r"(?:[?*+]|\{(\d*)(?:,(\d*))?\})[?+]?")


def _plain_class(body: str) -> set[str] | None:
    """The characters of a small class of plain characters ('[56]', '[- ]'), else None."""
    if not body or len(body) > 6 or "\\" in body or body[0] == "^" or "-" in body[1:-1]:
        return None
    return set(body)


def _telling(literal: str) -> bool:
    """Whether a literal is worth looking for: two characters or more with a letter or
    digit among them, or one character that is neither ('/', '©')."""
    if len(literal) == 1:
        return not literal.isalnum() and not literal.isspace()
    return len(literal) >= 2 and any(c.isalnum() for c in literal)


def _class_end(text: str, start: int) -> int:
    """Index just past the character class that opens at `start`."""
    i = start + 1
    if text[i:i + 1] == "^":
        i += 1
    if text[i:i + 1] == "]":
        i += 1  # a ']' first is a member
    while i < len(text) and text[i] != "]":
        i += 2 if text[i] == "\\" else 1
    return i + 1


@lru_cache(maxsize=4096)  # rule loading asks for both readings of each pattern
def _pieces(text: str) -> tuple[list[set[str]], set[str] | None]:
    """The literal pieces every match of one sequence (no top-level '|') contains,
    each as its set of lowercase variants: runs of plain characters, escaped
    punctuation ('U\\.N\\.'), small classes ('[56]G'), optional characters ('G-?20'),
    and groups whose every alternative has one. Anything else ends a run; anything
    not understood ends the reading, keeping what was read. Also the variants every
    match begins with, if the sequence opens with such a piece (else None)."""
    pieces: list[set[str]] = []
    run = {""}
    starts: set[str] | None = None
    consumed = False  # whether anything before the current run consumes text

    def close() -> None:
        nonlocal run, starts, consumed
        valid = len(run) <= _MAX_VARIANTS and all(_telling(v) for v in run)
        variants = {lowered(v) for v in run}
        if valid:
            # a variant that contains another is implied by it ('syria', 'syrian'): keep the shorter
            pieces.append({v for v in variants if not any(o != v and o in v for o in variants)})
        if run != {""} and not consumed:
            starts, consumed = (variants if valid else None), True
        run = {""}

    def consume(first: set[str] | None = None) -> None:
        nonlocal starts, consumed
        if not consumed:
            starts, consumed = first, True

    i = 0
    while i < len(text):
        c = text[i]
        flags = _INLINE_FLAGS.match(text, i)
        if text.startswith(("(?<!", "(?<=", "(?!", "(?="), i) or flags or text.startswith(("\\b", "\\B"), i) or c in "^$":
            if flags and "x" in flags.group():
                break  # verbose: spaces are not literal
            close()  # zero-width: consumes nothing
            i = _group_end(text, i) if c == "(" and not flags else flags.end() if flags else i + (2 if c == "\\" else 1)
            continue
        kind, chars, body = "other", None, ""
        if c == "(":
            opening = _GROUP_OPENINGS.match(text, i)
            if opening is None or opening.end() == i + 1 and text.startswith("(?", i):
                break
            end = _group_end(text, i)
            kind, body, i = "group", text[opening.end():end - 1], end
        elif c == "[":
            end = _class_end(text, i)
            chars = _plain_class(text[i + 1:end - 1])
            kind, i = ("chars" if chars else "other"), end
        elif c == "\\":
            following = text[i + 1:i + 2]
            if following in _CLASS_ESCAPES:
                i += 2
            elif following and not following.isalnum() and not following.isspace():
                kind, chars, i = "chars", {following}, i + 2
            else:
                break  # \\u2019, \\p{L}, a back reference: stop reading here
        elif c == ".":
            i += 1
        elif c in "*+?{)|":
            break
        else:
            kind, chars, i = "chars", {c}, i + 1
        quantifier = _QUANTIFIER.match(text, i)
        least, most = 1, 1
        if quantifier:
            i = quantifier.end()
            symbol = quantifier.group()[0]
            least = {"?": 0, "*": 0, "+": 1}.get(symbol) if symbol != "{" else int(quantifier.group(1) or 0)
            most = 1 if symbol == "?" else least if symbol == "{" and quantifier.group(2) is None else 2
        if kind == "chars" and chars:
            if least == 0 and most == 1:
                run = run | {v + ch for v in run for ch in chars}  # present or not
            elif least == 0:
                close()
                consume()  # maybe absent: nothing certain begins a match here
            else:
                run = {v + ch for v in run for ch in chars}
                if most > 1:
                    close()  # repeated: what follows is not adjacent for certain
        else:
            close()
            if not consumed and kind == "group" and least == 0 and most == 1:
                # an optional group first ('(?:on\\s+)?Monday'): a match begins with it or with what follows
                first, rest = start_literals(body), _pieces(text[i:])[1]
                consume(first | rest if first and rest else None)
            elif not consumed:
                consume(start_literals(body) if kind == "group" and least >= 1 else None)
            if kind == "group" and least >= 1 and (inner := pattern_literals(body)):
                pieces.append(inner)
    close()
    return pieces, starts


def required_literals(entry: dict, pattern: str, label: str) -> frozenset[str]:
    """The literals of a rule: its 'keywords' if the data gives them, else those read
    off its pattern; a rule with neither is rejected at load, naming it."""
    from .resources import RuleDataError

    found = entry.get("keywords") or pattern_literals(pattern)
    if not found:
        raise RuleDataError(f"{label}: give 'keywords': its pattern starts with no literal word")
    if any(k != lowered(k) for k in found):
        raise RuleDataError(f"{label}: keywords {sorted(found)!r}: expected lowercase words")
    return frozenset(found)


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
    """Where a family's literals occur in one text: one entry per occurrence, in the
    order the scan reports them (by where they end)."""

    always: tuple[int, ...]  # rules without literals: tried everywhere
    anchored: frozenset[int]  # rules whose every match begins with one of their literals
    ends: tuple[int, ...]  # ascending
    found: tuple[tuple[int, tuple[int, tuple[int, ...], tuple[int, ...]]], ...]  # (last index, (length, gates, anchors))

    def within(self, start: int, end: int) -> dict[int, list[int] | None]:
        """The rules, in order, that may match within [start, end), each with the
        positions, ascending, where its matches may begin if every match of it begins
        with a literal (else None: try it everywhere). A gate is a rule the literal
        there lets in; an anchor a rule whose matches may begin there."""
        rules, anchored = self._scan_range(start, end, True)
        places: dict[int, list[int] | None] = {rule: [] if rule in self.anchored else None for rule in sorted(rules)}
        latest, unordered = -1, False
        for begins, anchors in reversed(anchored):  # by where the literals end
            if begins < latest:
                unordered = True  # a literal inside an earlier one ('ease' in 'cease-fire')
            else:
                latest = begins
            for rule in anchors:
                if (found := places.get(rule)) is not None:
                    found.append(begins)
        if unordered:
            for found in places.values():
                if found:
                    found.sort()
        return places

    def rules_within(self, start: int, end: int) -> list[int]:
        """The rules, in order, that may match within [start, end)."""
        return sorted(self._scan_range(start, end, False)[0])

    def _scan_range(self, start: int, end: int, anchors_too: bool) -> tuple[set[int], list[tuple[int, tuple[int, ...]]]]:
        rules = set(self.always)
        anchored: list[tuple[int, tuple[int, ...]]] = []  # (where, rules that may begin there), walked back
        at = bisect_right(self.ends, end)  # every literal that ends by `end`, walked back
        while at > 0 and self.ends[at - 1] > start:
            at -= 1
            last, (length, gates, anchors) = self.found[at]
            begins = last + 1 - length
            if begins >= start:
                rules.update(gates)
                if anchors_too and anchors:
                    anchored.append((begins, anchors))
        return rules, anchored


class LiteralIndex:
    """Which rules of a family may match where: one scan of a text finds every
    occurrence of every rule's literals, so that a rule is tried only in the stretches
    (sentences, blocks) that contain one of them, and a rule whose matches all begin
    with a literal (`starts`) only where one does. Rules without literals (None) are
    always tried. The answer is the same as testing `literal in stretch.lower()` for
    each literal of each rule, as the tests check.

    The scan is an Aho-Corasick automaton (pyahocorasick): one pass over the text for
    hundreds of literals, overlapping ones included; a regex trie of the same literals
    was eight times slower."""

    def __init__(self, literals: Sequence[frozenset[str] | None],
                 starts: Sequence[frozenset[str] | None] | None = None) -> None:
        self.literals = tuple(literals)
        self.starts = tuple(starts) if starts is not None else (None,) * len(self.literals)
        self.always = tuple(i for i, found in enumerate(literals) if found is None)
        self._anchored = frozenset(i for i, beginnings in enumerate(self.starts) if beginnings is not None)
        by_literal: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}
        for index, (found, beginnings) in enumerate(zip(self.literals, self.starts)):
            for literal in found or ():
                gates, anchors = by_literal.get(literal, ((), ()))
                by_literal[literal] = ((*gates, index), anchors)
            for literal in beginnings or ():
                gates, anchors = by_literal.get(literal, ((), ()))
                by_literal[literal] = (gates, (*anchors, index))
        self._automaton = ahocorasick.Automaton()
        for literal, (gates, anchors) in by_literal.items():
            self._automaton.add_word(literal, (len(literal), gates, anchors))
        if by_literal:
            self._automaton.make_automaton()

    def scan(self, text: str) -> Hits:
        """Where the literals occur in `text`, compared lowercase (see `lowered`)."""
        found = tuple(self._automaton.iter(lowered(text))) if self._automaton else ()
        return Hits(self.always, self._anchored, tuple([last + 1 for last, _ in found]), found)
