"""The embedded index against the real SQLite FTS5 engine, and the Elasticsearch /
OpenSearch bulk output against its mapping."""
from __future__ import annotations

import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from eventschema.cli import main
from eventschema.resources import opensearch_mapping

from helpers import EXAMPLES, ROOT, SHARED, requires_shared

INPUTS = [str(p) for p in sorted(EXAMPLES.glob("*.txt"))] + [str(EXAMPLES / "news-feed.jsonl")]


def run(argv, stdin: bytes = b""):
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def contents(path) -> list:
    connection = sqlite3.connect(path)
    rows = []
    for table in ("events", "participants", "topics", "outcomes"):
        rows += sorted(connection.execute(f"SELECT '{table}', * FROM {table}"))
    rows += sorted(connection.execute("SELECT rowid, * FROM events_fts"))
    connection.close()
    return rows


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("index") / "events.sqlite"
    seeds = [str(p) for p in sorted((SHARED / "seeds").glob("*.txt"))] if (SHARED / "seeds").is_dir() else []
    code, _, err = run(["index", *INPUTS, *seeds, "--db", str(path), "--jobs", "1"])
    assert code == 0, err
    return path


def search(db, *args) -> list[dict]:
    code, out, err = run(["search", "--db", str(db), *args, "--format", "jsonl"])
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines()]


def test_index_holds_what_extract_gives(db):
    _, out, _ = run(["extract", "--jobs", "1", *INPUTS])
    extracted = {json.loads(line)["@id"] for line in out.splitlines()}
    assert extracted and extracted <= {r["@id"] for r in search(db, "--limit", "1000")}


def test_text_query_ranks_by_bm25(db):
    found = search(db, "geothermal")
    assert found and found[0]["subjectOf"]["identifier"] == "state-visit.txt"
    assert search(db, "zzzyzx") == []
    assert search(db, 'U.S.-Russia "quoted" AND (odd)') is not None  # FTS syntax never leaks through


@pytest.mark.parametrize("args,check", [
    (["--kind", "VideoCall"], lambda r: r["additionalType"] == "es:VideoCall"),
    (["--participant", "Kishida"], lambda r: any("Kishida" in a["name"] for a in r["attendee"])),
    (["--participant", "Q61053"], lambda r: any(a.get("sameAs", "").endswith("/Q61053") for a in r["attendee"])),
    (["--topic", "es:ukraine"], lambda r: any(t["termCode"] == "es:ukraine" for t in r["about"])),
    (["--topic", "Trade"], lambda r: any("trade" in t["name"].lower() for t in r["about"])),
    (["--outcome", "ContinueContact"], lambda r: any(o["additionalType"] == "es:ContinueContact" for o in r["outcome"])),
    (["--from", "2024-05-01"], lambda r: r.get("startDate", "") >= "2024-05-01"),
    (["--to", "2024-03"], lambda r: r.get("startDate", "9")[:7] <= "2024-03"),
])
def test_each_filter(db, args, check):
    found = search(db, *args)
    assert found and all(check(r) for r in found)


def test_filters_combine(db):
    both = search(db, "--kind", "PhoneCall", "--outcome", "ContinueContact")
    assert both and all(r["additionalType"] == "es:PhoneCall" and
                        any(o["additionalType"] == "es:ContinueContact" for o in r["outcome"]) for r in both)
    assert len(both) < len(search(db, "--kind", "PhoneCall")) + len(search(db, "--outcome", "ContinueContact"))


def test_table_format_for_people(db):
    code, out, _ = run(["search", "--db", str(db), "--kind", "Summit"])
    assert code == 0 and out.splitlines()[0].split()[:3] == ["date", "kind", "participants"]
    assert re.search(r"^\d+ events$", out.splitlines()[-1])


def test_reindexing_leaves_the_same_database(tmp_path):
    path = tmp_path / "again.sqlite"
    run(["index", *INPUTS, "--db", str(path), "--jobs", "1"])
    first = contents(path)
    assert run(["index", *INPUTS, "--db", str(path), "--jobs", "2"])[0] == 0
    assert contents(path) == first


def test_a_document_indexed_again_has_its_events_replaced(tmp_path):
    path = tmp_path / "replace.sqlite"
    doc = {"id": "d1", "text": "Joe Biden spoke by phone with Olaf Scholz on Monday.", "datePublished": "2023-03-15"}
    run(["index", "-", "--db", str(path), "--jobs", "1"], json.dumps(doc).encode())
    doc["text"] = "Emmanuel Macron met Xi Jinping in Beijing on Monday."
    run(["index", "-", "--db", str(path), "--jobs", "1"], json.dumps(doc).encode())
    names = [sorted(a["name"] for a in r["attendee"]) for r in search(path, "--limit", "100")]
    assert names == [["Emmanuel Macron", "Xi Jinping"]]


def _big_input(path, count: int) -> None:
    texts = [json.loads(line)["text"] for line in (EXAMPLES / "news-feed.jsonl").read_text().splitlines()]
    with path.open("w") as out:
        for n in range(count):
            out.write(json.dumps({"id": f"doc-{n}", "text": texts[n % len(texts)], "datePublished": "2024-10-10"}) + "\n")


def test_a_reader_queries_while_a_writer_indexes(tmp_path):
    path = tmp_path / "busy.sqlite"
    source = tmp_path / "many.jsonl"
    _big_input(source, 400)
    run(["index", str(EXAMPLES / "readout-phone-call.txt"), "--db", str(path), "--jobs", "1"])
    errors, counts = [], []

    def read():
        while writer.is_alive():
            try:
                counts.append(len(search(path, "--limit", "1000")))
            except AssertionError as error:  # pragma: no cover - the failure is reported below
                errors.append(error)
            time.sleep(0.01)

    writer = threading.Thread(target=run, args=(["index", str(source), "--db", str(path), "--jobs", "1", "--batch", "20"],))
    reader = threading.Thread(target=read)
    writer.start()
    reader.start()
    writer.join()
    reader.join()
    assert not errors and counts and counts == sorted(counts)  # each reader sees whole batches, growing


def test_an_interrupted_run_is_completed_by_the_next(tmp_path):
    source = tmp_path / "many.jsonl"
    _big_input(source, 300)
    whole = tmp_path / "whole.sqlite"
    run(["index", str(source), "--db", str(whole), "--jobs", "1"])
    path = tmp_path / "cut.sqlite"
    command = [sys.executable, "-m", "eventschema", "index", str(source), "--db", str(path), "--jobs", "1", "--batch", "10"]
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    process = subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:  # stop it once some batches are in, mid-run
        if path.exists() and _count(path) >= 30:
            break
        time.sleep(0.05)
    process.kill()
    process.wait()
    partial = _count(path)
    assert 0 < partial < 300 * 2  # consistent: it opens, and holds whole batches only
    assert run(["index", str(source), "--db", str(path), "--jobs", "1"])[0] == 0
    assert contents(path) == contents(whole)


def _count(path) -> int:
    try:
        connection = sqlite3.connect(path, timeout=5)
        count = connection.execute("SELECT count(*) FROM events").fetchone()[0]
        connection.close()
        return count
    except sqlite3.Error:
        return 0


def test_search_names_a_missing_index(tmp_path):
    code, _, err = run(["search", "--db", str(tmp_path / "none.sqlite"), "x"])
    assert code == 2 and "no such index" in err


# ---------------------------------------------------------------- Elasticsearch / OpenSearch bulk


def _conforms(value, mapping: dict, path: str) -> None:
    kind = mapping.get("type", "object")
    values = value if isinstance(value, list) else [value]
    for item in values:
        if kind in ("keyword", "text"):
            assert isinstance(item, str), path
        elif kind == "boolean":
            assert isinstance(item, bool), path
        elif kind == "date":
            formats = mapping["format"].split("||")
            patterns = {"strict_date": r"\d{4}-\d{2}-\d{2}", "yyyy-MM": r"\d{4}-\d{2}"}
            assert any(re.fullmatch(patterns[f], item) for f in formats), (path, item)
        elif kind == "object":
            assert isinstance(item, dict), path
            if mapping.get("enabled", True):
                for key, sub in item.items():
                    assert key in mapping["properties"], f"{path}.{key} is not in the mapping"
                    _conforms(sub, mapping["properties"][key], f"{path}.{key}")


@requires_shared
def test_every_bulk_document_conforms_to_the_mapping():
    mapping = opensearch_mapping()["mappings"]
    assert mapping["dynamic"] == "strict"
    seeds = [str(p) for p in sorted((SHARED / "seeds").glob("*.txt"))]
    code, out, _ = run(["extract", "--jobs", "1", "--format", "es-bulk", "--es-index", "events", *INPUTS, *seeds])
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and lines and len(lines) % 2 == 0
    for action, document in zip(lines[::2], lines[1::2]):
        assert action == {"index": {"_id": document["id"], "_index": "events"}}
        _conforms(document, {"type": "object", "properties": mapping["properties"]}, "$")
        assert document["record"]["@id"] == document["id"]


def test_json_lines_stay_the_default():
    code, out, _ = run(["extract", "--jobs", "1", str(EXAMPLES / "readout-phone-call.txt")])
    first = json.loads(out.splitlines()[0])
    assert code == 0 and first["@type"] == "Event" and "index" not in first


def test_the_mapping_ships_with_the_schemas():
    code, out, _ = run(["schema", "opensearch"])
    assert code == 0 and json.loads(out)["mappings"]["properties"]["record"] == {"type": "object", "enabled": False}


def test_facet_columns_for_plain_sql(db):
    connection = sqlite3.connect(db)
    rows = connection.execute("SELECT kind, start_date, participant_names, participant_ids, topic_codes, outcome_codes, "
                              "source_id, record FROM events WHERE participant_ids LIKE '%Q61053%'").fetchall()
    connection.close()
    assert rows
    for kind, start, names, ids, topics, outcomes, source, record in rows:
        record = json.loads(record)
        assert kind == record["additionalType"].split(":")[-1] and "Olaf Scholz" in names.split(" | ")
        assert topics.split(" | ") == [t["termCode"] for t in record["about"]]
        assert source == record["subjectOf"]["identifier"]
