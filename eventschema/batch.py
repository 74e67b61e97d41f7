"""Running the extractor over a stream of inputs: one document at a time or on several
cores, output always in input order, never more than a bounded window in memory.

A worker turns one document into finished output lines (records serialized, messages
formatted), so that `--jobs 1` and `--jobs N` write byte-identical output: the same
function makes every line, only where it runs differs.
"""
from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from itertools import islice
from typing import TypeVar

from .deadline import time_limit
from .esbulk import bulk_lines
from .inputs import InputDocument, InputError
from .pipeline import extract_document, load_rules

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Settings:
    reference_date: date | None = None
    max_chars: int = 200_000
    pretty: bool = False
    format: str = "jsonl"  # or "es-bulk"
    es_index: str | None = None
    time_limit: float = 10.0  # seconds one document may take; see deadline.py


@dataclass(frozen=True)
class Result:
    """What one input item gives: output lines, messages for stderr, and counts."""

    lines: tuple[str, ...]
    messages: tuple[str, ...]
    documents: int  # 1 for a document or a bad line, 0 for a warning
    failed: bool
    records: tuple[dict, ...] = ()  # kept only when asked for (the index command)
    source_id: str | None = None
    events: int = 0


def serialize(record: dict, pretty: bool = False) -> str:
    """One record as a line (or an indented block); lone surrogates from the input,
    which UTF-8 cannot carry, are written as JSON escapes."""
    options: dict = {"indent": 2} if pretty else {"separators": (",", ":")}
    line = json.dumps(record, ensure_ascii=False, **options)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(record, ensure_ascii=True, **options)
    return line


def process(item: InputDocument | InputError, settings: Settings, keep_records: bool = False) -> Result:
    """One input item to its output; never raises for a bad document."""
    if isinstance(item, InputError):
        return Result((), (f"eventschema: {item}",), 1 if item.fatal else 0, item.fatal)
    document = item.document
    messages = []
    if len(document.text) > settings.max_chars:
        messages.append(f"eventschema: {item.where}: document {document.id!r}: {len(document.text):,} characters, "
                        f"cut to the first {settings.max_chars:,} (--max-chars)")
        document = replace(document, text=document.text[:settings.max_chars])
    load_rules()  # once a process, outside any document's time limit
    try:
        with time_limit(settings.time_limit):
            records = extract_document(document, settings.reference_date)
    except TimeoutError:
        messages.append(f"eventschema: {item.where}: document {document.id!r}: a rule took too long on this text "
                        f"(over {settings.time_limit:g} s); document skipped")
        return Result((), tuple(messages), 1, True)
    except Exception as error:  # one document's failure must not cost the others
        messages.append(f"eventschema: {item.where}: document {document.id!r}: extraction failed: {type(error).__name__}: {error}")
        return Result((), tuple(messages), 1, True)
    if settings.format == "es-bulk":
        lines = tuple(line for r in records for line in bulk_lines(r, settings.es_index))
    else:
        lines = tuple(serialize(r, settings.pretty) for r in records)
    return Result(lines, tuple(messages), 1, False, tuple(records) if keep_records else (), document.id, len(records))


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def ordered_map(function: Callable[[T], R], items: Iterable[T], jobs: int, window: int | None = None,
                chunk: int = 8) -> Iterator[R]:
    """`map(function, items)` on `jobs` processes, results in input order. Items go to
    the workers `chunk` at a time (one message each way per chunk rather than per
    document: some 10 % more documents a second on two processes), and at most
    `window` items are read ahead of the one being written, so memory stays bounded
    however long the input."""
    if jobs <= 1:
        yield from map(function, items)
        return
    window = window or jobs * 16
    pending: deque[Future[list[R]]] = deque()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for batch in _chunks(items, chunk):
            pending.append(pool.submit(_map_list, function, batch))
            if len(pending) * chunk >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _map_list(function: Callable[[T], R], batch: list[T]) -> list[R]:
    return [function(item) for item in batch]
