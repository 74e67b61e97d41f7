"""Stage 1: normalize the text and blank out page furniture, keeping every offset.

Every change is one character for one character (curly quotes to straight, dashes
to '-', odd spaces to ' ', noise to spaces), so an offset into the cleaned text is
the same offset into the original: evidence spans need no mapping back.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import regex

from .charmap import char_mapper
from .model import Span
from .patterns import MATCH_TIMEOUT, check_unique, compile_rule, timeout_for
from .prefilter import LiteralIndex, pattern_literals
from .resources import rule_data


@dataclass(frozen=True)
class CleanText:
    text: str  # same length as the input
    noise: tuple[Span, ...]


def _translation() -> dict[int, str]:
    table = {ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u2032\u0060\u00b4"}
    table.update({ord(c): '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"})
    table.update({ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"})
    table[ord("\u2026")] = "."
    # Odd spaces, zero-width and bidi marks, soft hyphens, control characters (but the
    # line feed), and lone surrogates all become plain spaces. A CR of a CRLF becomes
    # a space before the line feed, which still ends the line.
    blanks = [0x00A0, 0x1680, 0x202F, 0x205F, 0x3000, 0x00AD, 0xFEFF, 0x7F]
    blanks += [*range(0x2000, 0x200B), *range(0x200B, 0x2010), *range(0x2028, 0x202F)]
    blanks += [*range(0x2060, 0x2070), *range(0x80, 0xA0), *range(0xD800, 0xE000)]
    blanks += [code for code in range(0x20) if code != 0x0A]
    table.update({code: " " for code in blanks})
    return table


@cache
def _cleaner() -> Callable[[str], str]:
    return char_mapper(_translation())


@dataclass(frozen=True)
class _Rules:
    lines: tuple[tuple[str, regex.Pattern], ...]  # a whole line of page furniture
    inline: tuple[regex.Pattern, ...]  # furniture within a line of text
    index: LiteralIndex  # the literals of the line rules, then of the inline rules


@cache
def _rules() -> _Rules:
    data = rule_data("noise")
    label = "eventschema/data/noise.json"
    check_unique([r["name"] for r in data["line_rules"] + data["inline_rules"]], label)
    lines = tuple((r["name"], compile_rule(r["pattern"], f"{label}: line rule {r['name']!r}")) for r in data["line_rules"])
    inline = tuple(compile_rule(r["pattern"], f"{label}: inline rule {r['name']!r}") for r in data["inline_rules"])
    literals = [pattern_literals(r["pattern"]) for r in data["line_rules"] + data["inline_rules"]]
    return _Rules(lines, inline, LiteralIndex(literals))


def _noise_rule(line: str, candidates: list[int]) -> str | None:
    """The name of the first line rule that makes `line` page furniture, if any;
    `candidates` are the rules whose literals the line contains."""
    stripped = line.strip()
    if not stripped:
        return None
    lines = _rules().lines
    for number in candidates:
        if number < len(lines) and lines[number][1].search(stripped, timeout=timeout_for(stripped)):
            return lines[number][0]
    return None


def _inline_noise(cleaned: str, content: list[Span], candidates: list[int]) -> list[Span]:
    """Furniture inside lines of text ('Read also: ...', an image file name), found in
    one pass over the text by each rule whose literals it contains; none of these
    patterns crosses a line."""
    rules = _rules()
    starts = [line.start for line in content]
    found = []
    for number in candidates:
        if number < len(rules.lines):
            continue
        for match in rules.inline[number - len(rules.lines)].finditer(cleaned, timeout=MATCH_TIMEOUT):
            at = bisect_right(starts, match.start()) - 1
            if at >= 0 and match.end() <= content[at].end:
                found.append(Span(match.start(), match.end()))
    return found


def normalize(text: str) -> CleanText:
    """The cleaned text, same length as `text`, and the spans blanked as noise."""
    cleaned = _cleaner()(text)
    hits = _rules().index.scan(cleaned)
    noise: list[Span] = []
    content: list[Span] = []  # lines of text, where inline furniture is looked for
    previous: Span | None = None  # the last non-blank content line
    position = 0
    for line in cleaned.split("\n"):
        end = position + len(line)
        rule = _noise_rule(line, hits.rules_within(position, end))
        if rule:
            noise.append(Span(position, end))
            # A bare photo credit follows its caption: the caption is not article text,
            # unless it is the document's first line (the headline). A long credit
            # line carries its caption itself.
            if rule == "photo-credit" and previous is not None and previous.start > 0 and len(line.split()) <= 12:
                noise.append(previous)
                previous = None
        elif line.strip():
            content.append(Span(position, end))
            previous = Span(position, end)
        position = end + 1
    noise += _inline_noise(cleaned, content, hits.rules_within(0, len(cleaned)))
    if noise:
        chars = list(cleaned)
        for span in noise:
            chars[span.start:span.end] = " " * (span.end - span.start)
        cleaned = "".join(chars)
    return CleanText(cleaned, tuple(sorted(set(noise))))
