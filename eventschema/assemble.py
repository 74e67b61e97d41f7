"""Stage 8: the JSON-LD record of each event, the only place the pipeline makes JSON.

Every extracted value carries `evidence`: the character offsets [start, end) into
the input text and the exact quoted span (W3C Web Annotation's TextPositionSelector
and TextQuoteSelector terms). The `@id` is a UUID derived from the source and the
event's content, so the same input always gives the same id and an index can upsert.
"""
from __future__ import annotations

import uuid

from .gazetteer import WIKIDATA, gazetteer
from .model import Document, Entity, Event, Participant, Span
from .resources import context

VOCAB = "es:"
_ID_NAMESPACE = uuid.UUID("6f1c3a52-3f0e-5b7e-9a4e-0e7e5c1d2b10")
_KIND_NAMES = {"PhoneCall": "Phone call", "VideoCall": "Video call", "Meeting": "Meeting", "Visit": "Visit", "Summit": "Summit"}
_ONLINE = {"PhoneCall", "VideoCall"}


def evidence(spans: tuple[Span, ...] | list[Span], text: str, prop: str | None = None) -> list[dict]:
    items = []
    for span in sorted(set(spans)):
        item = {"start": span.start, "end": span.end, "exact": text[span.start:span.end]}
        if prop:
            item = {"property": prop, **item}
        items.append(item)
    return items


def _place(code: str | None) -> dict | None:
    if not code:
        return None
    place = gazetteer().places.get(code)
    if place is None:
        return None
    node = {"@type": place.type, "name": place.name}
    if place.wikidata:
        node["sameAs"] = WIKIDATA + place.wikidata
    return node


def _entity_node(entity: Entity) -> dict:
    node: dict = {"@type": entity.type, "name": entity.name}
    if entity.wikidata:
        node["sameAs"] = WIKIDATA + entity.wikidata
    return node


def _attendee(participant: Participant, text: str) -> dict:
    node = _entity_node(participant.entity)
    if participant.title:
        node["jobTitle"] = participant.title
    place = _place(participant.entity.country) if participant.entity.type == "Person" else None
    if place:
        node["nationality" if place["@type"] == "Country" else "affiliation"] = place
    node["evidence"] = evidence(participant.evidence, text)
    return node


def _name(event: Event) -> str:
    names = [p.entity.name for p in event.participants]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    kind = _KIND_NAMES[event.kind]
    return f"{kind} between {joined}" if len(names) == 2 else f"{kind} of {joined}"


def _identifier(document: Document, event: Event) -> str:
    keys = sorted(p.entity.key for p in event.participants)
    date = event.date.iso if event.date and event.date.iso else ""
    return f"{document.id}|{event.kind}|{','.join(keys)}|{date}"


def _hashable(key: str) -> str:
    """The key with any lone surrogate (from JSON escapes in the input) made encodable."""
    return key.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _source(document: Document) -> dict:
    node: dict = {"@type": "NewsArticle", "identifier": document.id}
    if document.url:
        node["url"] = document.url
    if document.headline:
        node["headline"] = document.headline
    if document.date_published:
        node["datePublished"] = document.date_published.isoformat()
    return node


def assemble(document: Document, events: tuple[Event, ...]) -> list[dict]:
    """One JSON-LD record per event, in the order the text first reports them."""
    text = document.text
    records = []
    seen: dict[str, int] = {}
    for event in events:
        key = _identifier(document, event)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key += f"|{seen[key]}"
        record: dict = {
            "@context": context()["@context"],
            "@type": "Event",
            "@id": f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, _hashable(key))}",
            "additionalType": VOCAB + event.kind,
            "name": _name(event),
            "eventAttendanceMode": "OnlineEventAttendanceMode" if event.kind in _ONLINE else "OfflineEventAttendanceMode",
        }
        if event.status == "scheduled":
            record["eventStatus"] = "EventScheduled"
        if event.date is not None:
            if event.date.iso:
                record["startDate"] = event.date.iso
            else:
                record["startDateText"] = event.date.text
        record["attendee"] = [_attendee(p, text) for p in event.participants]
        record["about"] = [
            {
                "@type": "DefinedTerm",
                "name": topic.name,
                **({"alternateName": list(topic.alternate_names)} if topic.alternate_names else {}),
                "termCode": topic.code,
                "inDefinedTermSet": topic.term_set,
                **({"sameAs": [u for u in (topic.uri, WIKIDATA + topic.wikidata if topic.wikidata else None) if u]} if topic.uri or topic.wikidata else {}),
                "evidence": evidence(topic.evidence, text),
            }
            for topic in event.topics
        ]
        record["outcome"] = [
            {
                "@type": "Action",
                "additionalType": VOCAB + outcome.code,
                "name": outcome.name,
                "actionStatus": "PotentialActionStatus",
                "cameoCode": outcome.cameo,
                "agent": [_entity_node(agent) for agent in outcome.agents],
                **({"object": outcome.object_text} if outcome.object_text else {}),
                "evidence": evidence(outcome.evidence, text),
            }
            for outcome in event.outcomes
        ]
        record["subjectOf"] = _source(document)
        spans = [t.span for t in event.triggers]
        record["evidence"] = evidence(spans, text, "additionalType")
        if event.date is not None:
            record["evidence"] += evidence([event.date.span], text, "startDate")
        records.append(record)
    return records
