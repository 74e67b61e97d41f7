"""Compiling rule patterns, checked at load as ctparse does.

A rule whose pattern does not compile, matches the empty string, or reuses another
rule's name is rejected when the rules load, with the file and the entry named, so a
bad edit to a data file fails at import rather than silently at run time.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import regex

from .prefilter import starts_at_word
from .resources import RuleDataError

# Matches over a whole line or a whole text longer than a sentence may be run
# under this many seconds, even in a library caller's thread; the command line also
# limits each document (deadline.py).
MATCH_TIMEOUT = 2.0
# No stage runs a rule over a sentence longer than this (split.py cuts longer ones),
# and the rules are tested against backtracking bait of this length: text this short
# needs no per-call timeout, which costs 1.8 us a call (more than most matches).
MAX_UNTIMED = 1000


def timeout_for(text: str) -> float | None:
    """The `timeout=` for a match over `text`: none for text of sentence length."""
    return MATCH_TIMEOUT if len(text) > MAX_UNTIMED else None


def compile_rule(pattern: str, label: str, flags: int = 0) -> regex.Pattern:
    try:
        compiled = regex.compile(pattern, flags | regex.V0)
    except regex.error as error:
        raise RuleDataError(f"{label}: pattern does not compile: {error}") from None
    if compiled.fullmatch("") is not None:
        raise RuleDataError(f"{label}: pattern {pattern!r} matches the empty string")
    return compiled


def check_unique(names: Iterable[str], label: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise RuleDataError(f"{label}: duplicate rule name {name!r}")
        seen.add(name)


def compile_alternation(rules: Mapping[str, str], label: str, flags: int = 0, at_word_start: bool = False) -> regex.Pattern:
    """One pattern for a whole rule family: `match.lastgroup` names the rule that fired.

    Each rule is first compiled alone so that an error names its entry. With
    `at_word_start`, every rule must begin at the start of a word, and the alternation
    says so up front: the regex module then skips other positions fast (2.4 times as
    fast over news text for the date rules). Such a rule cannot match the empty
    string, so the rules are compiled alone only when the alternation does not
    compile, to name the one at fault (compiling costs start-up time)."""
    parts = []
    for index, (name, pattern) in enumerate(rules.items()):
        if not at_word_start:
            compile_rule(pattern, f"{label}: rule {name!r}", flags)
        elif not starts_at_word(pattern):
            compile_rule(pattern, f"{label}: rule {name!r}", flags)  # a malformed pattern: say so first
            raise RuleDataError(f"{label}: rule {name!r}: pattern {pattern!r} does not surely begin at a word: expected \\b and a word")
        parts.append(f"(?P<r{index}>{pattern})")
    alternation = "|".join(parts)
    if not at_word_start:
        return regex.compile(alternation, flags | regex.V0)
    try:
        return regex.compile(rf"\b(?=\w)(?:{alternation})", flags | regex.V0)
    except regex.error:
        for name, pattern in rules.items():
            compile_rule(pattern, f"{label}: rule {name!r}", flags)
        raise RuleDataError(f"{label}: the rules do not compile as one alternation (a group name used twice?)") from None


def rule_name(match: regex.Match, names: list[str]) -> str:
    group = match.lastgroup or ""
    return names[int(group[1:])] if group.startswith("r") else ""


def matches_in(pattern: regex.Pattern, text: str, start: int, end: int,
               positions: list[int] | None = None) -> Iterator[regex.Match]:
    """What `pattern.finditer(text, start, end)` gives; with `positions` (ascending),
    the only places where a match can begin (see prefilter.LiteralIndex), the pattern
    is tried there alone instead of at every character."""
    if positions is None:
        yield from pattern.finditer(text, start, end)
        return
    reached, tried = start, -1
    for position in positions:
        if position < reached or position == tried:
            continue
        tried = position
        match = pattern.match(text, position, end)
        if match:
            yield match
            reached = match.end()  # no rule matches the empty string (checked at load)
