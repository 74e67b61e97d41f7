"""Reading input documents: .txt files, JSON Lines files and standard input, streamed.

Every problem becomes an `InputError` naming the input and line, yielded in order
among the good documents, so that a caller can report it and go on: one bad line
never costs the others. A warning (invalid UTF-8 decoded with replacement) is an
`InputError` with `fatal=False`, yielded just before the document it concerns.
"""
from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from .model import Document

JSONL_SUFFIXES = (".jsonl", ".ndjson")


@dataclass(frozen=True)
class InputError:
    source: str
    line: int | None
    message: str
    fatal: bool = True  # False: a warning; the document is still processed

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class InputDocument:
    document: Document
    source: str
    line: int | None

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line is not None else self.source


def _decode(data: bytes, source: str, line: int | None) -> tuple[str, InputError | None]:
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        warning = InputError(source, line, f"invalid UTF-8 at byte {error.start}: decoded with replacement characters", fatal=False)
        return data.decode("utf-8", errors="replace"), warning


def document_from_json(value: object, source: str, line: int) -> Document | InputError:
    """A Document from one parsed JSON line, or the reason it is not one."""
    if not isinstance(value, dict):
        return InputError(source, line, f"{type(value).__name__} value: expected a JSON object with 'id' and 'text'")
    ident, text = value.get("id"), value.get("text")
    if isinstance(ident, int) and not isinstance(ident, bool):
        ident = str(ident)
    if not isinstance(ident, str) or not ident:
        return InputError(source, line, f"{ident!r}: expected 'id' as a non-empty string")
    if not isinstance(text, str):
        what = "missing" if text is None else type(text).__name__
        return InputError(source, line, f"{what} 'text' in document {ident!r}: expected a string")
    published = value.get("datePublished")
    day = None
    if published is not None:
        try:
            day = date.fromisoformat(published[:10]) if isinstance(published, str) else None
        except ValueError:
            day = None
        if day is None:
            return InputError(source, line, f"{published!r}: expected 'datePublished' as YYYY-MM-DD or null in document {ident!r}")
    url, headline = value.get("url"), value.get("headline")
    return Document(ident, text, day, url if isinstance(url, str) else None, headline if isinstance(headline, str) else None)


def _jsonl(lines: Iterable[bytes], source: str) -> Iterator[InputDocument | InputError]:
    seen = False
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        seen = True
        text, warning = _decode(raw, source, number)
        try:
            value = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as error:
            where = f" at column {error.colno}: {error.msg}" if isinstance(error, json.JSONDecodeError) else ": nested too deeply"
            yield InputError(source, number, f"malformed JSON{where}")
            continue
        found = document_from_json(value, source, number)
        if isinstance(found, InputError):
            yield found
            continue
        if warning:
            yield warning
        yield InputDocument(found, source, number)
    if not seen:
        yield InputError(source, None, "empty input: no documents")


def _text(data: bytes, source: str) -> Iterator[InputDocument | InputError]:
    if not data.strip():
        yield InputError(source, None, "empty input: no text")
        return
    text, warning = _decode(data, source, None)
    if warning:
        yield warning
    yield InputDocument(Document(os.path.basename(source) if source != "<stdin>" else "stdin", text), source, None)


def _stdin(stdin: BinaryIO) -> Iterator[InputDocument | InputError]:
    """JSON Lines when the first non-blank line starts with '{', else one text document."""
    lines = iter(stdin)
    head: list[bytes] = []
    for raw in lines:
        head.append(raw)
        if raw.strip():
            break
    if head and head[-1].lstrip().startswith(b"{"):
        yield from _jsonl(itertools.chain(head, lines), "<stdin>")
    else:
        yield from _text(b"".join(head) + b"".join(lines), "<stdin>")


def read_documents(inputs: list[str], stdin: BinaryIO) -> Iterator[InputDocument | InputError]:
    """Documents from each input in order; '-' is standard input."""
    for source in inputs or ["-"]:
        if source == "-":
            yield from _stdin(stdin)
            continue
        if os.path.isdir(source):
            yield InputError(source, None, "is a directory: expected a .txt or .jsonl file")
            continue
        try:
            handle = open(source, "rb")
        except OSError as error:
            yield InputError(source, None, f"cannot open: {error.strerror}")
            continue
        with handle:
            if source.lower().endswith(JSONL_SUFFIXES):
                yield from _jsonl(handle, source)
            else:
                yield from _text(handle.read(), source)
