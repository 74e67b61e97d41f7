"""Reading input documents: .txt files, JSON Lines files and standard input, streamed.

Every problem becomes an `InputError` naming the input and line, yielded in order
among the good documents, so that a caller can report it and go on: one bad line
never costs the others.
"""
from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterator
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

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.message}"


def _decode(data: bytes, source: str, line: int | None) -> tuple[str, InputError | None]:
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        warning = InputError(source, line, f"invalid UTF-8 at byte {error.start}: decoded with replacement characters")
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
        return InputError(source, line, f"{type(text).__name__ if text is not None else 'missing'} 'text' in document {ident!r}: expected a string")
    published = value.get("datePublished")
    day = None
    if published is not None:
        try:
            day = date.fromisoformat(str(published)[:10]) if isinstance(published, str) else None
        except ValueError:
            day = None
        if day is None:
            return InputError(source, line, f"{published!r}: expected 'datePublished' as YYYY-MM-DD or null in document {ident!r}")
    url, headline = value.get("url"), value.get("headline")
    return Document(ident, text, day, url if isinstance(url, str) else None, headline if isinstance(headline, str) else None)


def _jsonl(stream: BinaryIO, source: str) -> Iterator[Document | InputError]:
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        text, warning = _decode(raw, source, number)
        if warning:
            yield warning
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            yield InputError(source, number, f"malformed JSON at column {error.colno}: {error.msg}")
            continue
        yield document_from_json(value, source, number)


def _text(data: bytes, source: str) -> Iterator[Document | InputError]:
    text, warning = _decode(data, source, None)
    if warning:
        yield warning
    yield Document(os.path.basename(source) if source != "-" else "stdin", text)


def _stdin(stdin: BinaryIO) -> Iterator[Document | InputError]:
    """JSON Lines when the first non-blank line starts with '{', else one text document."""
    lines = iter(stdin)
    head: list[bytes] = []
    for raw in lines:
        head.append(raw)
        if raw.strip():
            break
    if head and head[-1].lstrip().startswith(b"{"):
        yield from _jsonl(itertools.chain(head, lines), "<stdin>")  # type: ignore[arg-type]
    elif head and head[-1].strip():
        yield from _text(b"".join(head) + b"".join(lines), "-")


def read_documents(inputs: list[str], stdin: BinaryIO) -> Iterator[Document | InputError]:
    """Documents from each input in order; '-' is standard input (JSON Lines if it
    starts with '{', else one text document)."""
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
