"""The command line: extract, validate, schema. A thin layer over the library.

`main(argv, stdin, stdout, stderr) -> int` takes its streams as arguments so that
tests can run it in-process. Exit codes: 0 every input processed, 1 some input was
bad (every good input still processed), 2 usage error.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from functools import partial
from typing import BinaryIO, TextIO

from . import __version__
from .batch import Settings, default_jobs, ordered_map, process
from .inputs import read_documents
from .resources import schema, schema_names
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
    extract.add_argument("--jobs", type=_positive, default=default_jobs(), metavar="N",
                         help="worker processes (default: the number of cores); output order and bytes do not depend on it")
    extract.add_argument("--max-chars", type=_positive, default=DEFAULT_MAX_CHARS, metavar="N",
                         help=f"cut a longer document to its first N characters, with a warning (default {DEFAULT_MAX_CHARS:,})")
    validate = commands.add_parser("validate", help="check records against the bundled record schema",
                                   epilog="example:\n  python -m eventschema extract news.jsonl | python -m eventschema validate",
                                   description="Check JSON Lines records; each failure names the line and the JSON path. Exit 1 if any fails.")
    validate.add_argument("inputs", nargs="*", metavar="FILE", help="a JSON Lines file of records, or '-' for standard input")
    bench = commands.add_parser("bench", help="measure throughput, start-up and memory on a built corpus",
                                epilog="example:\n  python -m eventschema bench --documents 10000",
                                description="Run from the project root: builds a corpus from examples/ (and ../shared/eval/dev/ "
                                "where present) and prints documents/s, MB/s, time per stage, start-up, peak memory and the "
                                "cost of dateparser.search_dates alone on the same documents.")
    bench.add_argument("--documents", type=_positive, default=10_000, metavar="N", help="corpus size (default 10,000)")
    bench.add_argument("--dateparser-seconds", type=_positive, default=60, metavar="S",
                       help="time given to search_dates, which is slow (default 60)")
    show = commands.add_parser("schema", help="print a bundled JSON Schema",
                               epilog="example:\n  python -m eventschema schema record > event-record.schema.json")
    show.add_argument("name", nargs="?", default="record", choices=["record", "input"], help="which schema (default: record)")
    return parser


def _extract(args: argparse.Namespace, stdin: BinaryIO, out: TextIO, err: TextIO) -> int:
    settings = Settings(args.reference_date, args.max_chars, args.pretty)
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
        written += len(result.lines)
        failed += result.failed
    err.write(f"eventschema: {read} documents read, {written} events written, {failed} documents failed\n")
    return 1 if failed else 0


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
    if args.command == "bench":
        from pathlib import Path

        from .bench import run

        return run(Path.cwd(), args.documents, args.dateparser_seconds, out)
    out.write(json.dumps(schema({"record": "event-record", "input": "input-document"}[args.name]), indent=2) + "\n")
    return 0


def entry_point() -> None:
    sys.exit(main())
