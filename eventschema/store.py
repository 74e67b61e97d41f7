"""The embedded index: event records in SQLite with an FTS5 full-text index.

One row per event (its JSON record kept whole), facet tables for participants,
topics and outcomes, and an FTS5 table over name, participants, topics, outcomes and
evidence, ranked with bm25. Records are upserted by `@id`, and indexing a document
again replaces its events, so re-indexing the same input leaves the same database.
WAL journaling lets readers query while a writer indexes.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

import regex

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    start_date TEXT,
    scheduled INTEGER NOT NULL,
    source_id TEXT NOT NULL,
    source_url TEXT,
    name TEXT NOT NULL,
    participant_names TEXT NOT NULL,  -- ' | '-joined, for plain SQL; the facet tables below index them
    participant_ids TEXT NOT NULL,
    topic_codes TEXT NOT NULL,
    outcome_codes TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_source ON events(source_id);
CREATE INDEX IF NOT EXISTS events_kind_date ON events(kind, start_date);
CREATE TABLE IF NOT EXISTS participants (event_id TEXT NOT NULL, name TEXT NOT NULL, wikidata TEXT, country TEXT);
CREATE INDEX IF NOT EXISTS participants_event ON participants(event_id);
CREATE INDEX IF NOT EXISTS participants_wikidata ON participants(wikidata);
CREATE TABLE IF NOT EXISTS topics (event_id TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS topics_event ON topics(event_id);
CREATE INDEX IF NOT EXISTS topics_code ON topics(code);
CREATE TABLE IF NOT EXISTS outcomes (event_id TEXT NOT NULL, code TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS outcomes_event ON outcomes(event_id);
CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING fts5(
    name, participants, topics, outcomes, evidence, tokenize = 'unicode61 remove_diacritics 2'
);
"""
_FACETS = ("participants", "topics", "outcomes")


class IndexError_(Exception):
    """A database that cannot be opened or queried; the message names the file."""


def connect(path: str) -> sqlite3.Connection:
    try:
        connection = sqlite3.connect(path, timeout=30, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.executescript(SCHEMA)
    except sqlite3.Error as error:
        raise IndexError_(f"{path}: cannot open the index: {error}") from None
    return connection


def _tail(value: str) -> str:
    return value.split(":")[-1]


def _evidence_text(record: dict) -> str:
    quotes = [e["exact"] for e in record["evidence"]]
    for key in ("attendee", "about", "outcome"):
        quotes += [e["exact"] for value in record[key] for e in value["evidence"]]
    return " | ".join(quotes)


def _insert(connection: sqlite3.Connection, record: dict) -> None:
    """Upsert one record. An unchanged record is left as it is, and a changed one keeps
    its row, so indexing the same input twice leaves the very same database."""
    ident = record["@id"]
    stored = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    old = connection.execute("SELECT rowid, record FROM events WHERE id = ?", (ident,)).fetchone()
    if old is not None and old[1] == stored:
        return
    people = record["attendee"]
    source = record["subjectOf"]
    ids = [p["sameAs"].rsplit("/", 1)[-1] for p in people if "sameAs" in p]
    row = (ident, _tail(record["additionalType"]), record.get("startDate"), int(record.get("eventStatus") == "EventScheduled"),
           source["identifier"], source.get("url"), record["name"], " | ".join(p["name"] for p in people), " | ".join(ids),
           " | ".join(t["termCode"] for t in record["about"]), " | ".join(_tail(o["additionalType"]) for o in record["outcome"]),
           stored)
    columns = ("id, kind, start_date, scheduled, source_id, source_url, name, participant_names, participant_ids, "
               "topic_codes, outcome_codes, record")
    if old is not None:
        rowid = old[0]
        _delete_details(connection, rowid, ident)
        assignments = ", ".join(f"{c.strip()} = ?" for c in columns.split(","))
        connection.execute(f"UPDATE events SET {assignments} WHERE rowid = ?", (*row, rowid))
    else:
        rowid = connection.execute(f"INSERT INTO events ({columns}) VALUES ({', '.join('?' * len(row))})", row).lastrowid
    connection.executemany("INSERT INTO participants VALUES (?, ?, ?, ?)", [
        (ident, p["name"], p["sameAs"].rsplit("/", 1)[-1] if "sameAs" in p else None,
         (p.get("nationality") or p.get("affiliation") or {}).get("name")) for p in people])
    connection.executemany("INSERT INTO topics VALUES (?, ?, ?)", [(ident, t["termCode"], t["name"]) for t in record["about"]])
    connection.executemany("INSERT INTO outcomes VALUES (?, ?)", [(ident, _tail(o["additionalType"])) for o in record["outcome"]])
    connection.execute(
        "INSERT INTO events_fts (rowid, name, participants, topics, outcomes, evidence) VALUES (?, ?, ?, ?, ?, ?)",
        (rowid, record["name"], " | ".join(p["name"] for p in people),
         " | ".join([t["name"] for t in record["about"]] + [a for t in record["about"] for a in t.get("alternateName", [])]),
         " | ".join(o["name"] for o in record["outcome"]), _evidence_text(record)))


def _delete_details(connection: sqlite3.Connection, rowid: int, ident: str) -> None:
    connection.execute("DELETE FROM events_fts WHERE rowid = ?", (rowid,))
    for table in _FACETS:
        connection.execute(f"DELETE FROM {table} WHERE event_id = ?", (ident,))


def _delete(connection: sqlite3.Connection, rows: list[tuple[int, str]]) -> None:
    for rowid, ident in rows:
        _delete_details(connection, rowid, ident)
        connection.execute("DELETE FROM events WHERE rowid = ?", (rowid,))


def replace_document(connection: sqlite3.Connection, source_id: str, records: Iterable[dict]) -> None:
    """Make the index hold exactly `records` for the document `source_id` (inside the
    caller's transaction)."""
    records = list(records)
    keep = {r["@id"] for r in records}
    stale = [(rowid, ident) for rowid, ident in connection.execute(
        "SELECT rowid, id FROM events WHERE source_id = ?", (source_id,)) if ident not in keep]
    _delete(connection, stale)
    for record in records:
        _insert(connection, record)


@dataclass(frozen=True)
class Query:
    text: str | None = None
    kind: str | None = None
    participant: str | None = None
    topic: str | None = None
    outcome: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    limit: int = 20


_QID = regex.compile(r"^Q[1-9][0-9]*$")


def _fts_query(text: str) -> str | None:
    """The user's words as FTS5 phrases, all required: no FTS syntax leaks through."""
    words = regex.findall(r"[\p{L}\p{N}]+", text)
    return " ".join(f'"{w}"' for w in words) if words else None


def search(connection: sqlite3.Connection, query: Query) -> list[tuple[dict, float | None]]:
    """Records that match every filter, best first: by bm25 for a text query, else
    the newest first."""
    where, params = [], []
    text = _fts_query(query.text) if query.text else None
    if query.kind:
        where.append("e.kind = ?")
        params.append(_tail(query.kind))
    if query.participant:
        if _QID.match(query.participant):
            where.append("EXISTS (SELECT 1 FROM participants p WHERE p.event_id = e.id AND p.wikidata = ?)")
            params.append(query.participant)
        else:
            where.append("EXISTS (SELECT 1 FROM participants p WHERE p.event_id = e.id AND p.name LIKE ?)")
            params.append(f"%{query.participant}%")
    if query.topic:
        where.append("EXISTS (SELECT 1 FROM topics t WHERE t.event_id = e.id AND (t.code = ? OR t.name LIKE ?))")
        params += [query.topic, f"%{query.topic}%"]
    if query.outcome:
        where.append("EXISTS (SELECT 1 FROM outcomes o WHERE o.event_id = e.id AND o.code = ?)")
        params.append(_tail(query.outcome))
    if query.date_from:
        where.append("e.start_date >= ?")
        params.append(query.date_from)
    if query.date_to:
        where.append("substr(e.start_date, 1, length(?)) <= ?")
        params += [query.date_to, query.date_to]
    if text:
        sql = ("SELECT e.record, bm25(events_fts) AS score FROM events_fts JOIN events e ON e.rowid = events_fts.rowid "
               "WHERE events_fts MATCH ?" + "".join(f" AND {w}" for w in where) + " ORDER BY score, e.id LIMIT ?")
        params = [text, *params, query.limit]
    else:
        sql = ("SELECT e.record, NULL FROM events e" + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY e.start_date IS NULL, e.start_date DESC, e.id LIMIT ?")
        params.append(query.limit)
    try:
        return [(json.loads(record), score) for record, score in connection.execute(sql, params)]
    except sqlite3.Error as error:
        raise IndexError_(f"search failed: {error}") from None
