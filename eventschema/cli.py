"""The command line: extract, validate, schema. A thin layer over the library.

`main(argv, stdin, stdout, stderr) -> int` takes its streams as arguments so that
tests can run it in-process. Exit codes: 0 every input processed, 1 some input was
bad (every good input still processed), 2 usage error.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from functools import partial
from typing import BinaryIO, TextIO

from . import __version__
from . import store
from .batch import Settings, default_jobs, ordered_map, process, serialize
from .inputs import read_documents
from .resources import opensearch_mapping, schema
from .validate import record_errors

EXTRACT_EXAMPLE = """example:
  python -m eventschema extract examples/readout-phone-call.txt
  python -m eventschema extract --reference-date 2024-03-05 news.jsonl > events.jsonl
  cat article.txt | python -m eventschema extract --pretty"""


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse that reports to the given streams and never exits the process."""

    def __init__(self, *args, out: TextIO, err: TextIO, **kwargs):
        super().__init__(*args, formatter_class=argparse.RawDescriptionHelpFormatter, **kwargs)
        self._out, self._err = out, err

    def _print_message(self, message: str, file=None) -> None:
        if message:
            (self._err if file is sys.stderr else self._out).write(message)

    def exit(self, status: int = 0, message: str | None = None):
        if message:
            self._err.write(message)
        raise SystemExit(status)

    def error(self, message: str):
        self.print_usage(sys.stderr)
        raise UsageError(f"{self.prog}: error: {message}")


DEFAULT_MAX_CHARS = 200_000  # some 60 news articles: a document longer than that is not one article


DEFAULT_TIME_LIMIT = 10.0  # seconds a document; news articles take milliseconds


def _seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if not number > 0:
        raise argparse.ArgumentTypeError(f"{value!r}: expected a positive number of seconds")
    return number


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number <= 0:
        raise argparse.ArgumentTypeError(f"{value!r}: expected a positive whole number")
    return number


def _reference(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r}: expected a date as YYYY-MM-DD") from None


def _parser(out: TextIO, err: TextIO) -> _Parser:
    parser = _Parser(prog="eventschema", description="Schema.org JSON-LD event records from English news text.",
                     epilog="run 'python -m eventschema COMMAND --help' for each command", out=out, err=err)
    parser.add_argument("--version", action="version", version=f"eventschema {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=lambda **k: _Parser(out=out, err=err, **k))
    extract = commands.add_parser("extract", help="extract event records as JSON Lines", epilog=EXTRACT_EXAMPLE,
                                  description="Read documents (.txt: one document; .jsonl/.ndjson: one JSON object a line "
                                  "with id, text and optionally datePublished, url, headline; '-' or nothing: standard input) "
                                  "and write one JSON-LD event record a line to standard output, in input order.")
    extract.add_argument("inputs", nargs="*", metavar="INPUT", help="a .txt or .jsonl file, or '-' for standard input")
    extract.add_argument("--reference-date", type=_reference, metavar="YYYY-MM-DD",
                         help="reference date for documents with no datePublished and no dateline")
    extract.add_argument("--pretty", action="store_true", help="indent the records for people (not JSON Lines)")
    extract.add_argument("--format", choices=["jsonl", "es-bulk"], default="jsonl",
                         help="jsonl: one record a line (default); es-bulk: Elasticsearch/OpenSearch _bulk NDJSON "
                         "(see schemas/opensearch-mapping.json)")
    extract.add_argument("--es-index", metavar="NAME", help="with --format es-bulk: the _index of each action line")
    extract.add_argument("--jobs", type=_positive, default=default_jobs(), metavar="N",
                         help="worker processes (default: the number of cores); output order and bytes do not depend on it")
    extract.add_argument("--max-chars", type=_positive, default=DEFAULT_MAX_CHARS, metavar="N",
                         help=f"cut a longer document to its first N characters, with a warning (default {DEFAULT_MAX_CHARS:,})")
    extract.add_argument("--time-limit", type=_seconds, default=DEFAULT_TIME_LIMIT, metavar="S",
                         help=f"report and skip a document that takes longer than S seconds (default {DEFAULT_TIME_LIMIT:g})")
    validate = commands.add_parser("validate", help="check records against the bundled record schema",
                                   epilog="example:\n  python -m eventschema extract news.jsonl | python -m eventschema validate",
                                   description="Check JSON Lines records; each failure names the line and the JSON path. Exit 1 if any fails.")
    validate.add_argument("inputs", nargs="*", metavar="FILE", help="a JSON Lines file of records, or '-' for standard input")
    index = commands.add_parser("index", help="extract into an embedded SQLite full-text index",
                                epilog="example:\n  python -m eventschema index news.jsonl --db events.sqlite",
                                description="Extract the inputs (as extract reads them) and upsert the records, by @id, into a "
                                "SQLite database with an FTS5 index; a document indexed again has its events replaced. "
                                "Transactions are committed in batches: a run stopped midway leaves a consistent database, "
                                "and running it again completes it.")
    index.add_argument("inputs", nargs="*", metavar="INPUT", help="a .txt or .jsonl file, or '-' for standard input")
    index.add_argument("--db", required=True, metavar="PATH", help="the SQLite database (created if missing)")
    index.add_argument("--reference-date", type=_reference, metavar="YYYY-MM-DD")
    index.add_argument("--jobs", type=_positive, default=default_jobs(), metavar="N")
    index.add_argument("--max-chars", type=_positive, default=DEFAULT_MAX_CHARS, metavar="N")
    index.add_argument("--time-limit", type=_seconds, default=DEFAULT_TIME_LIMIT, metavar="S")
    index.add_argument("--batch", type=_positive, default=500, metavar="N", help="documents per transaction (default 500)")
    find = commands.add_parser("search", help="query the SQLite index",
                               epilog="examples:\n  python -m eventschema search --db events.sqlite \"Syria\" --kind PhoneCall\n"
                               "  python -m eventschema search --db events.sqlite --participant Q7747 --outcome PlanMeeting --format jsonl",
                               description="Records that match every filter given; ranked by bm25 when there is a query, "
                               "newest first otherwise.")
    find.add_argument("query", nargs="?", help="words to find in names, participants, topics, outcomes and evidence")
    find.add_argument("--db", required=True, metavar="PATH")
    find.add_argument("--kind", choices=["PhoneCall", "VideoCall", "Meeting", "Visit", "Summit"])
    find.add_argument("--participant", metavar="NAME-or-QID", help="a name (or part of it) or a Wikidata id")
    find.add_argument("--topic", metavar="CODE-or-name")
    find.add_argument("--outcome", metavar="CODE", help="ContinueContact, PlanMeeting, Cooperate, ...")
    find.add_argument("--from", dest="date_from", metavar="DATE", help="events on or after this date (YYYY[-MM[-DD]])")
    find.add_argument("--to", dest="date_to", metavar="DATE", help="events on or before this date (YYYY[-MM[-DD]])")
    find.add_argument("--limit", type=_positive, default=20, metavar="N")
    find.add_argument("--format", choices=["table", "jsonl"], default="table")
    bench = commands.add_parser("bench", help="measure throughput, start-up and memory on a built corpus",
                                epilog="example:\n  python -m eventschema bench --documents 10000",
                                description="Run from the project root: builds a corpus from examples/ (and ../shared/eval/dev/ "
                                "where present) and prints documents/s, MB/s, time per stage, start-up, peak memory and the "
                                "cost of dateparser.search_dates alone on the same documents.")
    bench.add_argument("--documents", type=_positive, default=10_000, metavar="N", help="corpus size (default 10,000)")
    bench.add_argument("--dateparser-seconds", type=_positive, default=60, metavar="S",
                       help="time given to search_dates, which is slow, on the main corpus (default 60; half as much on news without a contact)")
    show = commands.add_parser("schema", help="print a bundled JSON Schema",
                               epilog="example:\n  python -m eventschema schema record > event-record.schema.json")
    show.add_argument("name", nargs="?", default="record", choices=["record", "input", "opensearch"],
                      help="which schema (default: record; opensearch: the index mapping for --format es-bulk)")
    return parser


def _extract(args: argparse.Namespace, stdin: BinaryIO, out: TextIO, err: TextIO) -> int:
    settings = Settings(args.reference_date, args.max_chars, args.pretty, args.format, args.es_index, args.time_limit)
    read = written = failed = 0
    work = partial(process, settings=settings)
    for result in ordered_map(work, read_documents(args.inputs, stdin), args.jobs):
        for message in result.messages:
            err.write(message + "\n")
        for line in result.lines:
            out.write(line + "\n")
        if result.lines:
            out.flush()
        read += result.documents
        written += result.events
        failed += result.failed
    err.write(f"eventschema: {read} documents read, {written} events written, {failed} documents failed\n")
    return 1 if failed else 0


def _index(args: argparse.Namespace, stdin: BinaryIO, out: TextIO, err: TextIO) -> int:
    try:
        connection = store.connect(args.db)
    except store.IndexError_ as error:
        err.write(f"eventschema: {error}\n")
        return 2
    settings = Settings(args.reference_date, args.max_chars, time_limit=args.time_limit)
    work = partial(process, settings=settings, keep_records=True)
    read = written = failed = pending = 0
    connection.execute("BEGIN")
    for result in ordered_map(work, read_documents(args.inputs, stdin), args.jobs):
        for message in result.messages:
            err.write(message + "\n")
        read += result.documents
        failed += result.failed
        if result.source_id is not None and not result.failed:
            store.replace_document(connection, result.source_id, result.records)
            written += result.events
            pending += 1
            if pending >= args.batch:
                connection.execute("COMMIT")
                connection.execute("BEGIN")
                pending = 0
    connection.execute("COMMIT")
    connection.close()
    err.write(f"eventschema: {read} documents read, {written} events indexed in {args.db}, {failed} documents failed\n")
    return 1 if failed else 0


def _search(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if not os.path.exists(args.db):
        err.write(f"eventschema: {args.db}: no such index: create it with 'python -m eventschema index ... --db {args.db}'\n")
        return 2
    try:
        connection = store.connect(args.db)
        found = store.search(connection, store.Query(args.query, args.kind, args.participant, args.topic, args.outcome,
                                                     args.date_from, args.date_to, args.limit))
    except store.IndexError_ as error:
        err.write(f"eventschema: {error}\n")
        return 2
    if args.format == "jsonl":
        for record, _ in found:
            out.write(serialize(record) + "\n")
    else:
        out.write(_table(found))
    return 0


def _table(found: list[tuple[dict, float | None]]) -> str:
    rows = [("date", "kind", "participants", "topics", "outcomes", "source")]
    for record, _ in found:
        rows.append((record.get("startDate") or record.get("startDateText") or "-",
                     record["additionalType"].split(":")[-1] + (" (scheduled)" if record.get("eventStatus") else ""),
                     ", ".join(a["name"] for a in record["attendee"]),
                     ", ".join(t["name"] for t in record["about"][:3]) + (" ..." if len(record["about"]) > 3 else ""),
                     ", ".join(o["additionalType"].split(":")[-1] for o in record["outcome"]),
                     record["subjectOf"]["identifier"]))
    widths = [min(max(len(r[i]) for r in rows), 48) for i in range(len(rows[0]))]
    lines = ["  ".join(cell[:w].ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + f"\n{len(found)} events\n"


def _validate(args: argparse.Namespace, stdin: BinaryIO, out: TextIO, err: TextIO) -> int:
    bad = checked = 0
    for source in args.inputs or ["-"]:
        try:
            handle = stdin if source == "-" else open(source, "rb")
        except OSError as error:
            err.write(f"{source}: cannot open: {error.strerror}\n")
            bad += 1
            continue
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            checked += 1
            try:
                problems = record_errors(json.loads(raw))
            except (json.JSONDecodeError, UnicodeDecodeError) as error:
                problems = [f"not JSON: {error}"]
            for problem in problems:
                err.write(f"{source}:{number}: {problem}\n")
            bad += bool(problems)
        if handle is not stdin:
            handle.close()
    err.write(f"eventschema: {checked} records checked, {bad} invalid\n")
    return 1 if bad else 0


def main(argv: list[str] | None = None, stdin: BinaryIO | None = None,
         stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out, err = stdout or sys.stdout, stderr or sys.stderr
    stdin = stdin or sys.stdin.buffer
    try:
        args = _parser(out, err).parse_args(sys.argv[1:] if argv is None else argv)
    except UsageError as error:
        err.write(f"{error}\n")
        return 2
    except SystemExit as done:  # --help and --version
        return int(done.code or 0)
    if args.command == "extract":
        return _extract(args, stdin, out, err)
    if args.command == "validate":
        return _validate(args, stdin, out, err)
    if args.command == "index":
        return _index(args, stdin, out, err)
    if args.command == "search":
        return _search(args, out, err)
    if args.command == "bench":
        from pathlib import Path

        from .bench import run

        return run(Path.cwd(), args.documents, args.dateparser_seconds, out)
    names = {"record": "event-record", "input": "input-document"}
    if args.name == "opensearch":
        out.write(json.dumps(opensearch_mapping(), indent=2) + "\n")
        return 0
    out.write(json.dumps(schema(names[args.name]), indent=2) + "\n")
    return 0


def entry_point() -> None:
    try:
        code = main()
    except BrokenPipeError:  # 'eventschema extract ... | head': the reader has gone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 0
    sys.exit(code)
