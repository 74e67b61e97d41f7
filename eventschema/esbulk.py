"""Elasticsearch and OpenSearch: a record flattened for faceting, as `_bulk` NDJSON.

The document keeps codes and ids as keyword fields, names and evidence as text, the
date as a date, and the full record as an object the engine stores but does not
index (`schemas/opensearch-mapping.json` gives the mapping).
"""
from __future__ import annotations

import json


def _tail(value: str) -> str:
    return value.split(":")[-1]


def _wikidata(node: dict) -> str | None:
    same = node.get("sameAs")
    return same.rsplit("/", 1)[-1] if isinstance(same, str) else None


def flatten(record: dict) -> dict:
    """The search document for one record."""
    people = record["attendee"]
    source = record["subjectOf"]
    evidence = [e["exact"] for e in record["evidence"]]
    for key in ("attendee", "about", "outcome"):
        evidence += [e["exact"] for value in record[key] for e in value["evidence"]]
    document = {
        "id": record["@id"],
        "kind": _tail(record["additionalType"]),
        "name": record["name"],
        "scheduled": record.get("eventStatus") == "EventScheduled",
        "online": record["eventAttendanceMode"] == "OnlineEventAttendanceMode",
        "participant_names": [p["name"] for p in people],
        "participant_ids": [i for i in (_wikidata(p) for p in people) if i],
        "participant_titles": [p["jobTitle"] for p in people if "jobTitle" in p],
        "countries": sorted({p[k]["name"] for p in people for k in ("nationality", "affiliation") if k in p}),
        "topic_codes": [t["termCode"] for t in record["about"]],
        "topic_names": [t["name"] for t in record["about"]],
        "outcome_codes": [_tail(o["additionalType"]) for o in record["outcome"]],
        "outcome_cameo": [o["cameoCode"] for o in record["outcome"]],
        "source_id": source["identifier"],
        "evidence_text": evidence,
        "record": record,
    }
    optional = {"start_date": record.get("startDate"), "date_text": record.get("startDateText"),
                "source_url": source.get("url"), "headline": source.get("headline"),
                "date_published": source.get("datePublished")}
    document.update({k: v for k, v in optional.items() if v})
    return document


def bulk_lines(record: dict, index: str | None = None) -> tuple[str, str]:
    """The action line (`_id` is the record's @id: re-sending upserts) and the document."""
    action: dict = {"_id": record["@id"]}
    if index:
        action["_index"] = index
    return (json.dumps({"index": action}, ensure_ascii=False, separators=(",", ":")),
            json.dumps(flatten(record), ensure_ascii=False, separators=(",", ":")))
