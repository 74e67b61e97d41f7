"""Stage 2: split the cleaned text into sentences, headline lines apart.

Every line break ends a sentence (crawled news keeps one paragraph a line). Within a
line a full stop, question or exclamation mark ends one unless it closes an
abbreviation ('Mr.', 'Feb.', 'U.S.'), an initial ('Donald J. Trump') or a number.
Lines at the top with no closing punctuation are the headline and subtitle.
"""
from __future__ import annotations

import regex

from .model import Sentence, Span
from .patterns import MAX_UNTIMED

# Words that take a full stop without ending a sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr st gen lt col sen rep gov jan feb mar apr jun jul aug sep sept oct nov dec
    no nos vs prof sr jr inc ltd co corp maj capt adm amb pres rev hon approx est dept fig
    e.g i.e cf al ft mt sgt cmdr supt messrs mme mlle""".split()
)
# After a dotted acronym ('U.S.'), only these words start a new sentence.
SENTENCE_STARTERS = frozenset(
    """the he she they it in on but and a an this that these those we i his her their its
    there however meanwhile earlier later both after before while when as at for""".split()
)
_BOUNDARY = regex.compile(r"""[.!?]+["')\]]*(?=\s+["'(\[]?[\p{Lu}\d]|\s*$)|(?<=\p{Ll}{2}["']?)[.!?]["']?(?=\p{Lu}\p{Ll})""")
# The word before a full stop, read from the stop backwards ((?r)): the same match as
# a forward search, without trying every start in between (the tests compare both).
_WORD_BEFORE = regex.compile(r"(?r)([\p{L}.]+)$")
_NEXT_WORD = regex.compile(r"\s+[\"']?(\p{L}+)")
_CLOSING = ".!?\"')]:"
# A 'sentence' longer than this is cut at a space: no stage works on unbounded text.
MAX_SENTENCE = MAX_UNTIMED


def _is_abbreviation(line: str, dot: int) -> bool:
    """Whether the full stop at `dot` closes an abbreviation rather than a sentence."""
    found = _WORD_BEFORE.search(line, max(0, dot - 40), dot)
    if not found:
        return False
    word = found.group(1)
    bare = word.rstrip(".").lower()
    if bare in ABBREVIATIONS:
        return True
    if len(bare) == 1 and word[0].isupper():
        return True  # an initial: 'Donald J. Trump', 'S. Jaishankar'
    if "." in bare:  # a dotted acronym: 'U.S.', 'a.m.'
        following = _NEXT_WORD.match(line, dot + 1)
        return not (following and following.group(1).lower() in SENTENCE_STARTERS)
    return False


def _line_sentences(line: str, offset: int) -> list[Span]:
    spans: list[Span] = []
    start = 0
    for match in _BOUNDARY.finditer(line):
        if match.group().startswith(".") and _is_abbreviation(line, match.start()):
            continue
        end = match.end()
        if line[start:end].strip():
            spans.append(_trimmed(line, start, end, offset))
        start = end
    if line[start:].strip():
        spans.append(_trimmed(line, start, len(line), offset))
    return spans


def _trimmed(line: str, start: int, end: int, offset: int) -> Span:
    piece = line[start:end]
    left = len(piece) - len(piece.lstrip())
    right = len(piece.rstrip())
    return Span(offset + start + left, offset + start + right)


def _bounded(span: Span, text: str) -> list[Span]:
    pieces = []
    start = span.start
    while span.end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        pieces.append(_trimmed(text, start, cut, 0))
        start = cut
    pieces.append(_trimmed(text, start, span.end, 0))
    return [p for p in pieces if p.end > p.start]


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Sentences of the cleaned text in order; offsets are into the same text."""
    sentences: list[Sentence] = []
    in_header = True
    position = 0
    paragraph = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            headline = in_header and stripped[-1] not in _CLOSING and len(stripped.split()) <= 25
            in_header = in_header and headline
            spans = [_trimmed(line, 0, len(line), position)] if headline else _line_sentences(line, position)
            for span in (piece for whole in spans for piece in _bounded(whole, text)):
                sentences.append(Sentence(len(sentences), span, paragraph, headline))
            paragraph += 1
        position += len(line) + 1
    return tuple(sentences)
