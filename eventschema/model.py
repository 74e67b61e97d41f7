"""The values that flow between the stages of the pipeline.

Everything is a frozen dataclass: a stage reads the values of the stages before it
and returns new ones, never mutating what it was given. JSON appears only at the
edges (input reading and record assembly).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, order=True)
class Span:
    """A half-open character range [start, end) into the original input text."""

    start: int
    end: int

    def quote(self, text: str) -> str:
        return text[self.start:self.end]


@dataclass(frozen=True)
class Document:
    """One input document. `id` names it in every record and error message."""

    id: str
    text: str
    date_published: date | None = None
    url: str | None = None
    headline: str | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence (or a headline line) of the cleaned text."""

    index: int
    span: Span
    paragraph: int
    is_headline: bool = False


@dataclass(frozen=True)
class Trigger:
    """A phrase that reports a contact: 'spoke by phone', 'held talks', 'state visit'."""

    rule: str
    kind: str  # PhoneCall, VideoCall, Meeting, Visit, Summit
    span: Span
    sentence: int
    status: str = "happened"  # happened, scheduled
    explicit_medium: bool = True  # False for 'spoke with', 'talks': the medium is inferred


@dataclass(frozen=True)
class Entity:
    """A person, country or organization, canonical where the gazetteer knows it."""

    key: str  # gazetteer id, or 'name:<folded name>' for people it lacks
    name: str
    type: str  # Person, Country, Organization
    wikidata: str | None = None
    country: str | None = None  # ISO code or organization code of the affiliation


@dataclass(frozen=True)
class Mention:
    """An entity named in the text, with the title the text gives it there."""

    entity: Entity
    span: Span
    sentence: int
    title: str | None = None
    title_span: Span | None = None
    counterpart: bool = False  # called the other side's counterpart: their office is this one's


@dataclass(frozen=True)
class Participant:
    entity: Entity
    title: str | None
    evidence: tuple[Span, ...]


@dataclass(frozen=True)
class DateValue:
    """A resolved date: ISO 'YYYY-MM-DD' or 'YYYY-MM', or None with the text kept."""

    iso: str | None
    span: Span
    text: str


@dataclass(frozen=True)
class Topic:
    code: str
    name: str
    alternate_names: tuple[str, ...]
    term_set: str
    uri: str | None
    wikidata: str | None
    evidence: tuple[Span, ...]


@dataclass(frozen=True)
class Outcome:
    code: str
    name: str
    cameo: str
    object_text: str | None
    agents: tuple[Entity, ...]
    evidence: tuple[Span, ...]


@dataclass(frozen=True)
class Event:
    kind: str
    status: str
    triggers: tuple[Trigger, ...]
    participants: tuple[Participant, ...]
    date: DateValue | None = None
    topics: tuple[Topic, ...] = field(default=())
    outcomes: tuple[Outcome, ...] = field(default=())
