"""Bad input at the command: each bad document gets one error line naming the input
and line, every good document is still processed, the summary counts both, exit 1.
And inputs built to provoke backtracking finish in time proportional to length."""
from __future__ import annotations

import io
import json
import time

import pytest
import regex

import eventschema
from eventschema.cli import DEFAULT_MAX_CHARS, main
from eventschema.pipeline import load_rules

CALL = "U.S. President Joe Biden spoke by phone with German Chancellor Olaf Scholz on Monday."


def run(argv, stdin: bytes = b""):
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def good(ident: str) -> str:
    return json.dumps({"id": ident, "text": CALL, "datePublished": "2023-03-15"})


def sources(out: str) -> list[str]:
    return [json.loads(line)["subjectOf"]["identifier"] for line in out.splitlines()]


@pytest.mark.parametrize("bad,message", [
    ('{"id": "a", "text": "unclosed', "malformed JSON at column"),
    ('"just a string"', "str value: expected a JSON object"),
    ("[1, 2]", "list value: expected a JSON object"),
    ('{"text": "no id"}', "None: expected 'id' as a non-empty string"),
    ('{"id": "b"}', "missing 'text' in document 'b'"),
    ('{"id": "c", "text": 42}', "int 'text' in document 'c'"),
    ('{"id": "d", "text": "x", "datePublished": "next Tuesday"}', "'next Tuesday': expected 'datePublished'"),
    ('{"id": "e", "text": "x", "datePublished": 20230315}', "20230315: expected 'datePublished'"),
    ('{"id": "f", "text": "nul \x00 inside"}', "malformed JSON"),
    ("[" * 100_000 + "]" * 100_000, "malformed JSON"),
])
def test_one_bad_line_one_error_the_rest_processed(tmp_path, bad, message):
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join([good("first"), bad, good("last")]) + "\n", encoding="utf-8")
    code, out, err = run(["extract", str(path)])
    errors = [line for line in err.splitlines() if not line.startswith("eventschema: 3 documents")]
    assert code == 1
    assert sources(out) == ["first", "last"]
    assert len(errors) == 1 and errors[0].startswith(f"eventschema: {path}:2: ") and message in errors[0]
    assert err.splitlines()[-1] == "eventschema: 3 documents read, 2 events written, 1 documents failed"


def test_invalid_utf8_in_a_line_is_replaced_and_reported_not_fatal(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_bytes(good("first").encode() + b"\n" + good("latin").encode().replace(b"Scholz", b"Sch\xf6lz") + b"\n")
    code, out, err = run(["extract", str(path)])
    assert code == 0 and sources(out) == ["first", "latin"]
    assert f"{path}:2: invalid UTF-8 at byte" in err
    assert "2 documents read, 2 events written, 0 documents failed" in err


def test_escaped_lone_surrogates_and_controls_are_survived(tmp_path):
    path = tmp_path / "docs.jsonl"
    text = CALL + " \\ud800 \\u0000 \\u202e \\u200b end"
    path.write_text(good("first") + "\n" + '{"id": "odd", "text": "' + text + '"}\n', encoding="utf-8")
    code, out, err = run(["extract", str(path)])
    assert code == 0 and sources(out) == ["first", "odd"]


def test_nul_bytes_in_a_text_file_are_read_as_spaces(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes(CALL.encode().replace(b" by ", b" by\x00") + b"\x00\x00")
    code, out, err = run(["extract", "--reference-date", "2023-03-15", str(path)])
    assert code == 0 and len(out.splitlines()) == 1


@pytest.mark.parametrize("name,content,message", [
    ("empty.txt", b"", "empty input: no text"),
    ("blank.txt", b"  \n\n ", "empty input: no text"),
    ("empty.jsonl", b"", "empty input: no documents"),
])
def test_empty_inputs_are_errors(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    code, _, err = run(["extract", str(path)])
    assert code == 1 and f"{path}: {message}" in err


def test_fifty_megabyte_document_is_cut_with_a_warning(tmp_path):
    path = tmp_path / "huge.txt"
    body = (CALL + " They discussed trade and energy.\n") * (50_000_000 // 120)
    path.write_text(body, encoding="utf-8")
    started = time.perf_counter()
    code, out, err = run(["extract", "--reference-date", "2023-03-15", str(path)])
    assert code == 0 and out.strip()
    assert f"cut to the first {DEFAULT_MAX_CHARS:,} (--max-chars)" in err
    assert time.perf_counter() - started < 60


def test_max_chars_is_a_positive_number():
    assert run(["extract", "--max-chars", "0"])[0] == 2
    assert run(["extract", "--max-chars", "lots"])[0] == 2


def test_a_runaway_match_is_stopped_and_skips_that_document_only(tmp_path, monkeypatch):
    import eventschema.batch as batch

    real = batch.extract_document

    def runaway(document, reference):
        if document.id == "slow":
            # Exponential backtracking: without the time limit this would run for ages.
            regex.search(r"(?:a|aa)+c", "a" * 80)
        return real(document, reference)

    monkeypatch.setattr(batch, "extract_document", runaway)
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join([good("a"), good("slow"), good("b")]) + "\n")
    started = time.perf_counter()
    code, out, err = run(["extract", "--jobs", "1", "--time-limit", "0.5", str(path)])
    assert time.perf_counter() - started < 10
    assert code == 1 and sources(out) == ["a", "b"]
    assert f"{path}:2: document 'slow': a rule took too long on this text (over 0.5 s); document skipped" in err


def test_the_time_limit_ends_with_its_block_and_restores_the_handler():
    import signal

    from eventschema.deadline import time_limit

    before = signal.getsignal(signal.SIGALRM)
    with time_limit(0.2):
        pass
    time.sleep(0.3)  # an alarm left behind would fire here
    assert signal.getsignal(signal.SIGALRM) == before
    with pytest.raises(TimeoutError, match="over the time limit of 0.2 s"), time_limit(0.2):
        regex.search(r"(?:a|aa)+c", "a" * 80)


def test_time_limit_is_a_positive_number():
    assert run(["extract", "--time-limit", "0"])[0] == 2
    assert run(["extract", "--time-limit", "soon"])[0] == 2


ADVERSARIAL = {
    "capitalised words": lambda n: "Vladimir Putin Joe Biden " * (n // 25),
    "repeated titles": lambda n: "President Prime Minister Foreign Minister " * (n // 42),
    "one long token": lambda n: "a" * n,
    "nested quotes": lambda n: '"' * (n // 2) + "x" + '"' * (n // 2),
    "nested parentheses": lambda n: "(" * (n // 2) + ")" * (n // 2),
    "dots": lambda n: "U.S. " * (n // 5),
    "triggers": lambda n: "met spoke by phone with called " * (n // 31),
    "one sentence of events": lambda n: "Mr. Biden spoke by phone with Mr. Xi and agreed to meet on Monday, " * (n // 70),
    "what is said of a call": lambda n: "A planned call between them was cancelled, but could take place " * (n // 65),
    "titles in apposition": lambda n: "Marta Oyelaran, the former trade minister of the Republic of Nigeria, " * (n // 71),
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_backtracking_bait_runs_in_time_proportional_to_length(name):
    make = ADVERSARIAL[name]
    load_rules()  # compiling the rules is not part of either timing
    timings = []
    for size in (20_000, 100_000):
        started = time.perf_counter()
        eventschema.extract(make(size), reference_date="2023-03-15")
        timings.append(time.perf_counter() - started)
    # Five times the text may take at most fifteen times as long (generous for noise),
    # and never more than a few seconds: no pattern backtracks out of control.
    assert timings[1] < max(15 * timings[0], 0.5) and timings[1] < 20, timings


LINE_BAIT = {
    **ADVERSARIAL,
    "open parentheses": lambda n: "(" * n,
    "a byline that never ends": lambda n: "By " + "a " * (n // 2),
    "digits and short words": lambda n: "1 ab " * (n // 5),
    "capitals and dots": lambda n: "A." * (n // 2),
    "agency names": lambda n: "Reuters AFP " * (n // 12),
}


@pytest.mark.parametrize("name", list(LINE_BAIT))
def test_line_rules_run_untimed_on_bait_of_sentence_length_in_little_time(name):
    """Lines up to MAX_UNTIMED characters are matched without a per-call timeout
    (patterns.timeout_for): the line rules and the date rules must not backtrack
    out of control on such a line."""
    from eventschema.dates import _rules as date_rules
    from eventschema.normalize import _rules as noise_rules
    from eventschema.patterns import MAX_UNTIMED

    line = LINE_BAIT[name](MAX_UNTIMED)[:MAX_UNTIMED]
    patterns = [pattern for _, pattern in noise_rules().lines] + list(date_rules().each)
    started = time.perf_counter()
    for pattern in patterns:
        pattern.search(line, timeout=5)
        list(pattern.finditer(line, timeout=5))
    assert time.perf_counter() - started < 0.5
