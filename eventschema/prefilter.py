"""Cheap literal prefilters for rule patterns, derived from the patterns themselves.

Running some 400 topic patterns over every sentence dominated extraction time. Most
patterns begin (after lookarounds and word boundaries) with a literal word: 'Syria',
'climate', 'nuclear'. A text that contains none of a pattern's leading literals,
case-insensitively, cannot match it, so the pattern need not run. Patterns whose
leading part is not a plain literal (a character class, an optional group) get no
prefilter and always run: the filter only ever skips work, never a match.
"""
from __future__ import annotations

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
    literal = []
    for c in rest:
        if c in _META or c.isspace():
            if c in _QUANTIFIERS and literal:
                literal.pop()  # 'Syrian?': the n is optional
            break
        literal.append(c)
    word = "".join(literal).lower()
    return {word} if len(word) >= 3 and word.replace("-", "").isalpha() else None


def required_literals(entry: dict, pattern: str, label: str) -> frozenset[str]:
    """The literals of a rule: its 'keywords' if the data gives them, else those read
    off its pattern; a rule with neither is rejected at load, naming it."""
    from .resources import RuleDataError

    found = entry.get("keywords") or leading_literals(pattern)
    if not found:
        raise RuleDataError(f"{label}: give 'keywords': its pattern starts with no literal word")
    return frozenset(k.lower() for k in found)
