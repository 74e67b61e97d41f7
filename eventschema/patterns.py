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


def compile_each(rules: Mapping[str, str], label: str, flags: int = 0, at_word_start: bool = False) -> tuple[regex.Pattern, ...]:
    """Each rule of a family compiled alone, in order, an error naming its entry: it
    must compile and not match the empty string, and with `at_word_start` must surely
    begin at the start of a word (\\b and a word character: what lets a stage try it
    only where one of its words begins)."""
    compiled = []
    for name, pattern in rules.items():
        where = f"{label}: rule {name!r}"
        compiled.append(compile_rule(pattern, where, flags))
        if at_word_start and not starts_at_word(pattern):
            raise RuleDataError(f"{where}: pattern {pattern!r} does not surely begin at a word: expected \\b and a word")
    return tuple(compiled)


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


def cue_matches(pattern: regex.Pattern, number: int, text: str, start: int, end: int,
                places: dict[int, list[int] | None]) -> Iterator[regex.Match]:
    """What `pattern.finditer(text, start, end)` gives for the `number`th pattern of a
    LiteralIndex, `places` being its hits' `within(start, end)`: nothing if none of
    the pattern's words occur there, else the pattern tried where they begin."""
    return matches_in(pattern, text, start, end, places[number]) if number in places else iter(())
