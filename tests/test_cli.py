"""The command: exit codes, the summary line, bad input reported and survived."""
from __future__ import annotations

import io
import json

import pytest

from eventschema.cli import main
from eventschema.validate import record_errors

from helpers import EXAMPLES

CALL = "U.S. President Joe Biden spoke by phone with German Chancellor Olaf Scholz on Monday."


def run(argv, stdin: bytes = b""):
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def jsonl(*docs) -> str:
    return "".join((d if isinstance(d, str) else json.dumps(d)) + "\n" for d in docs)


def test_extract_examples_exit_0_with_summary():
    code, out, err = run(["extract", str(EXAMPLES / "readout-phone-call.txt")])
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert records and all(record_errors(r) == [] for r in records)
    assert err.strip().splitlines()[-1] == f"eventschema: 1 documents read, {len(records)} events written, 0 documents failed"


def test_bad_lines_are_reported_and_the_good_ones_still_processed(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text(jsonl(
        {"id": "good-1", "text": CALL, "datePublished": "2023-03-15"},
        "{not json",
        '["a list"]',
        {"id": "no-text"},
        {"id": "bad-date", "text": CALL, "datePublished": "last Tuesday"},
        {"id": "good-2", "text": CALL},
    ))
    code, out, err = run(["extract", str(path)])
    assert code == 1
    sources = [json.loads(line)["subjectOf"]["identifier"] for line in out.splitlines()]
    assert sources == ["good-1", "good-2"]
    lines = err.strip().splitlines()
    assert f"{path}:2: malformed JSON" in lines[0]
    assert f"{path}:3: list value" in lines[1]
    assert f"{path}:4: missing 'text'" in lines[2]
    assert f"{path}:5: 'last Tuesday': expected 'datePublished'" in lines[3]
    assert lines[-1] == "eventschema: 6 documents read, 2 events written, 4 documents failed"


def test_missing_path_and_directory_are_errors_not_crashes(tmp_path):
    code, out, err = run(["extract", str(tmp_path / "nope.txt"), str(tmp_path), str(EXAMPLES / "readout-phone-call.txt")])
    assert code == 1
    assert "cannot open" in err and "is a directory" in err
    assert out.strip()
    assert "3 documents read" in err and "2 documents failed" in err


def test_usage_error_exits_2():
    code, _, err = run(["extract", "--reference-date", "tomorrow"])
    assert code == 2 and "'tomorrow': expected a date as YYYY-MM-DD" in err
    assert run(["frobnicate"])[0] == 2
    assert run([])[0] == 2


@pytest.mark.parametrize("command", ["extract", "validate", "schema"])
def test_help_on_every_command_has_an_example(command):
    code, out, _ = run([command, "--help"])
    assert code == 0 and "example:" in out


def test_stdin_as_text_and_as_jsonl():
    code, out, _ = run(["extract", "--reference-date", "2023-03-15"], CALL.encode())
    record = json.loads(out.splitlines()[0])
    assert code == 0 and record["startDate"] == "2023-03-13" and record["subjectOf"]["identifier"] == "stdin"
    code, out, _ = run(["extract", "-"], jsonl({"id": "x", "text": CALL, "datePublished": "2023-03-15"}).encode())
    assert code == 0 and json.loads(out)["subjectOf"]["datePublished"] == "2023-03-15"


def test_reference_date_applies_only_without_date_published():
    docs = jsonl({"id": "a", "text": CALL, "datePublished": "2023-03-08"}, {"id": "b", "text": CALL})
    _, out, _ = run(["extract", "--reference-date", "2023-03-15"], docs.encode())
    dates = [json.loads(line)["startDate"] for line in out.splitlines()]
    assert dates == ["2023-03-06", "2023-03-13"]


def test_validate_names_line_and_path(tmp_path):
    _, out, _ = run(["extract", "--reference-date", "2023-03-15"], CALL.encode())
    good = json.loads(out)
    bad = dict(good, startDate="13 March")
    path = tmp_path / "records.jsonl"
    path.write_text(jsonl(good, bad, "not json"))
    code, _, err = run(["validate", str(path)])
    assert code == 1
    assert f"{path}:2: $.startDate: '13 March' does not match" in err
    assert f"{path}:3: not JSON" in err
    assert run(["validate", "-"], jsonl(good).encode())[0] == 0


@pytest.mark.parametrize("name,title", [("record", "eventschema event record"), ("input", "eventschema input document")])
def test_schema_command_prints_the_bundled_schema(name, title):
    code, out, _ = run(["schema", name])
    assert code == 0 and json.loads(out)["title"].startswith(title)


def test_invalid_utf8_is_replaced_and_reported(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(CALL.encode() + b" Caf\xe9 talk.")
    code, out, err = run(["extract", "--reference-date", "2023-03-15", str(path)])
    assert "invalid UTF-8 at byte" in err and out.strip()
    assert code == 0


def test_jobs_give_byte_identical_output_in_input_order(tmp_path):
    path = tmp_path / "many.jsonl"
    texts = [CALL, "Emmanuel Macron met Xi Jinping in Beijing on Friday.", "Nothing happened.", "{broken"]
    lines = [json.dumps({"id": f"doc-{n}", "text": texts[n % 3], "datePublished": "2023-03-15"}) for n in range(60)]
    lines[17] = texts[3]
    path.write_text("\n".join(lines) + "\n")
    one = run(["extract", "--jobs", "1", str(path)])
    three = run(["extract", "--jobs", "3", str(path)])
    assert one == three
    assert one[0] == 1 and "60 documents read" in one[2]


def test_lone_surrogates_are_written_as_escapes(tmp_path):
    path = tmp_path / "odd.jsonl"
    path.write_text(json.dumps({"id": "odd-\ud800-id", "text": CALL, "datePublished": "2023-03-15"}) + "\n")
    out = io.BytesIO()
    wrapper = io.TextIOWrapper(out, encoding="utf-8")
    code = main(["extract", "--jobs", "1", str(path)], stdin=io.BytesIO(), stdout=wrapper, stderr=io.StringIO())
    wrapper.flush()
    assert code == 0
    record = json.loads(out.getvalue().decode("utf-8"))
    assert record["subjectOf"]["identifier"] == "odd-\ud800-id"
    assert b"\\ud800" in out.getvalue()
