"""Stage 4c: one event per contact, however many times the text reports it.

Triggers with their participants are merged when they report the same contact (the
same people, or one set inside the other, and kinds that do not contradict). A
trigger that names fewer than two people ('during the call') joins the contact it
refers back to. The kind is then read from all the event's triggers and the text:
an explicit medium wins; 'spoke with' is a phone call unless the event's sentences
place the two in the same room; an in-person contact in the capital of one side's
country, with a foreign guest, is a visit.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache, cached_property, partial

import regex

from .dates import TriggerDate
from .gazetteer import fold, gazetteer, key_of
from .model import DateValue, Entity, Event, Mention, Participant, Sentence, Span, Trigger
from .participants import participants_of

# The trigger statuses that report a contact; negated, intended and mentioned ones do not.
REPORTED = frozenset({"happened", "scheduled"})
_REMOTE = {"PhoneCall", "VideoCall"}
_IN_PERSON = regex.compile(r"\bsidelines?\b|\bmet\b|\bmeeting\b|\bhand ?shake\b|\bshook hands\b|\bface-to-face\b|\bin person\b", regex.IGNORECASE)
# Names that make a summit multilateral when they stand just before the word.
_SUMMIT_WORD = regex.compile(r"\bsummit\b", regex.IGNORECASE)
_DETERMINER_BEFORE = regex.compile(r"\b(?:the|this|that|their|his|her)\s+(?:[\w-]+\s+)?$")
_MULTILATERAL = regex.compile(
    r"\b(?:G7|G8|G20|G-20|NATO|ASEAN|APEC|BRICS|EU|European Council|SCO|CHOGM|COP\d*|Arab League|African Union|AU|"
    r"Summit of the Americas|OAS|UN|United Nations|Quad|AUKUS|CELAC|Commonwealth|leaders'?|Group of (?:Seven|Twenty)|"
    r"multilateral|regional)\b(?:\s+[\w'-]+){0,3}\s*$")
_OF_LEADERS = regex.compile(r"\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}(?:leaders|heads of (?:state|government)|members|nations)\b",
                            regex.IGNORECASE)
# Words that put a future contact on the calendar even without a date.
_FIXED = regex.compile(r"\b(?:scheduled|due|set to|planned|expected to|will (?:host|visit|travel|meet|hold|receive))\b",
                       regex.IGNORECASE)
# 'New Delhi: ...', 'HARARE - ...': the place a story was filed from, at a line's start.
_FILED_FROM = regex.compile(r"(?m)^\W*((?-i:\p{Lu})[\p{L}.' ]{2,30}?)\s*(?:,[^\n:]{0,40})?\s*(?::|\s-|\s\u2013|\s\u2014)\s")


@dataclass(frozen=True)
class _Draft:
    triggers: tuple[Trigger, ...]
    participants: tuple[Participant, ...]
    status: str
    dates: tuple[TriggerDate, ...] = ()
    places: frozenset[str] = frozenset()  # countries where the reports place the contact

    @cached_property
    def days(self) -> frozenset[str]:
        """When the reports say it happened: resolved dates, else the words used."""
        # Only dates that govern a report of the contact itself: 'announced the
        # meeting in early June' dates the announcement.
        days = (d.value.iso or _day_words(d.value.text) for d in self.dates if d.rank[:2] == (0, 0))
        return frozenset(day for day in days if day)

    @cached_property
    def keys(self) -> frozenset[str]:
        return frozenset(p.entity.key for p in self.participants)


_WEEKDAY_OR_SHIFT = regex.compile(
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:previous|following|next|before|earlier|later)\b"
    r"|\b(?:january|february|march|april|may|june|july|august|september|october|november|december)\b")


def _day_words(text: str) -> str | None:
    """What an unresolved date still tells apart: its weekday, or that it counts from
    another event ('the previous evening'); None when it tells nothing ('yesterday'
    with no reference date may be the same day as 'on Monday')."""
    found = _WEEKDAY_OR_SHIFT.search(fold(text))
    return found.group() if found else None


def _compatible(a: _Draft, b: _Draft) -> bool:
    if a.status != b.status:
        return False
    shared = len(a.keys & b.keys)
    if not (a.keys <= b.keys or b.keys <= a.keys or shared >= 2):
        return False
    if a.days and b.days and not a.days & b.days and not _same_visit(a, b):
        return False  # 'they also spoke on November 17': another contact of the same people
    if a.places and b.places and not a.places & b.places:
        return False  # 'Biden in Kyiv' and 'Zelensky at the White House': two visits
    explicit = {t.kind for t in a.triggers + b.triggers if t.explicit_medium}
    return not (explicit & _REMOTE and explicit - _REMOTE - {"Summit"})


def _same_visit(a: _Draft, b: _Draft) -> bool:
    """A visit lasts days: 'arrived on Wednesday on a four-day visit' and 'held talks on
    Thursday' with the same people are one visit."""
    if not (a.keys <= b.keys or b.keys <= a.keys) or not any(t.kind == "Visit" for t in a.triggers + b.triggers):
        return False
    resolved = [date.fromisoformat(d) for d in a.days | b.days if len(d) == 10 and d[4] == "-"]
    return len(resolved) == len(a.days | b.days) and max(resolved) - min(resolved) <= timedelta(days=4)


def _attach(target: _Draft, report: _Draft) -> _Draft:
    """`target` with the trigger, dates and places of another report of it, not its people."""
    return _Draft(target.triggers + report.triggers, target.participants, target.status,
                  target.dates + report.dates, target.places | report.places)


def _merge(a: _Draft, b: _Draft) -> _Draft:
    merged = {p.entity.key: p for p in a.participants}
    for p in b.participants:
        old = merged.get(p.entity.key)
        merged[p.entity.key] = p if old is None else Participant(old.entity, old.title or p.title, old.evidence + p.evidence)
    return _Draft(a.triggers + b.triggers, tuple(merged.values()), a.status, a.dates + b.dates, a.places | b.places)


def _kind(draft: _Draft, text: str, sentences: tuple[Sentence, ...], filed_from: Callable[[], frozenset[str]]) -> str:
    """The kind of a contact from all its reports; `filed_from` gives the countries
    whose capital the story's dateline names (read only if a decision needs it)."""
    kinds = [t.kind for t in draft.triggers if t.explicit_medium]
    if "VideoCall" in kinds:
        return "VideoCall"
    if "PhoneCall" in kinds:
        return "PhoneCall"
    in_person = [k for k in kinds if k in ("Meeting", "Visit", "Summit")]
    event_text = " ".join(text[sentences[t.sentence].span.start:sentences[t.sentence].span.end] for t in draft.triggers)
    if not in_person and not _IN_PERSON.search(event_text):
        return "PhoneCall"  # 'spoke with', 'talks to': news reports calls this way
    summits = [t for t in draft.triggers if t.kind == "Summit"]
    if summits and len(draft.participants) >= 3:
        return "Summit"  # a gathering of three or more, even in one side's capital
    if "Visit" in in_person or _hosted_in_own_capital(draft, event_text, filed_from):
        return "Visit"
    if any(_MULTILATERAL.search(text, max(0, t.span.start - 60), t.span.start) or _OF_LEADERS.match(text, t.span.end)
           for t in summits):
        return "Summit"
    if len(draft.participants) >= 3 and _SUMMIT_WORD.search(event_text):
        return "Summit"  # 'hosted G7 leaders, including A and B, at a summit'
    return "Meeting"


def _filed_from(text: str) -> frozenset[str]:
    """Countries whose capital the story was filed from ('New Delhi: ...', 'HARARE - ...')."""
    g = gazetteer()
    found = set()
    for match in _line_matches(_FILED_FROM, text[:3000]):
        key = key_of(match.group(1))
        country = g.capitals.get(key) or g.metonyms.get(key)
        if country:
            found.add(country)
    return frozenset(found)


def _line_matches(pattern: regex.Pattern, text: str) -> Iterator[regex.Match]:
    """What `pattern.finditer(text)` gives for a pattern that begins with '(?m)^': tried
    only at line starts (the regex module tries every position, 50 ns a character)."""
    start, end = 0, 0  # the line start tried, the end of the last match
    while True:
        if start >= end and (match := pattern.match(text, start)):
            end = match.end()
            yield match
        newline = text.find("\n", start)
        if newline == -1:
            return
        start = newline + 1


def _hosted_in_own_capital(draft: _Draft, event_text: str, filed_from: Callable[[], frozenset[str]]) -> bool:
    """A contact in one side's capital with a guest from another country is a visit."""
    countries = {p.entity.country for p in draft.participants if p.entity.country}
    if len(countries) < 2:
        return False
    if any(_destination(m, seats_only=True) in countries for m in _DESTINATION.finditer(event_text)):
        return True
    return bool(filed_from() & countries)  # the dateline is read only when the text names no seat of a side


def _context(drafts: list[_Draft], mentions: tuple[Mention, ...], trigger: Span) -> tuple[Entity, ...]:
    """Who 'the two leaders' are: the last contact's people, else the last two named,
    else (a story that opens 'as they met') the first two named after."""
    for draft in reversed(drafts):
        if len(draft.participants) >= 2:
            return tuple(p.entity for p in draft.participants)
    seen: dict[str, Entity] = {}
    for mention in mentions:
        if mention.span.start < trigger.start:
            seen.pop(mention.entity.key, None)
            seen[mention.entity.key] = mention.entity
    if len(seen) >= 2:
        return tuple(seen.values())[-2:]
    ahead: dict[str, Entity] = {}
    for mention in mentions:
        if trigger.end <= mention.span.start < trigger.end + 400 and len(ahead) < 2:
            ahead.setdefault(mention.entity.key, mention.entity)
    return tuple(ahead.values()) if len(ahead) == 2 else tuple(seen.values())


def build_events(text: str, sentences: tuple[Sentence, ...], triggers: tuple[Trigger, ...], mentions: tuple[Mention, ...],
                 dates: dict[Span, TriggerDate], lead: tuple[tuple[int, DateValue], ...] = ()) -> tuple[Event, ...]:
    """The contact events the triggers report, in order of first report, each dated
    by the expression that governs one of its reports most closely."""
    drafts: list[_Draft] = []
    waiting: list[_Draft] = []  # back-references met before any contact they could refer to
    filed_from = cache(partial(_filed_from, text))  # read once, and only if a kind decision needs it
    in_sentence: dict[int, list[Trigger]] = {}
    for trigger in triggers:
        in_sentence.setdefault(trigger.sentence, []).append(trigger)
    named_in: dict[int, list[Mention]] = {}
    for mention in mentions:
        named_in.setdefault(mention.sentence, []).append(mention)
    for trigger in triggers:
        if trigger.status not in REPORTED:
            continue
        if trigger.status == "scheduled" and trigger.span not in dates and not _FIXED.search(
                text, sentences[trigger.sentence].span.start, sentences[trigger.sentence].span.end):
            continue  # 'is to meet its neighbour soon': an intention, not a contact on the calendar
        sentence = sentences[trigger.sentence]
        others = [t.span for t in in_sentence[trigger.sentence] if t is not trigger]
        groups = participants_of(text, trigger, sentence, named_in.get(trigger.sentence, []), mentions,
                                 _context(drafts, mentions, trigger.span), others)
        day = (dates[trigger.span],) if trigger.span in dates else ()
        # 'bilateral talks with his counterparts in A, X, and B, Y': a contact with each,
        # and the places named go one to each, so none is the contacts' place.
        place = _place_of(text, trigger, sentence) if len(groups) == 1 else frozenset()
        for found in groups[:-1]:
            drafts.append(_Draft((trigger,), found, trigger.status, day, place))
        draft = _Draft((trigger,), groups[-1], trigger.status, day, place)
        if _definite(text, trigger) and not drafts and len(draft.keys) < 2 and not _lone_traveller(draft):
            waiting.append(draft)
        elif _definite(text, trigger) and drafts:
            # 'During the call, ...', 'The call included A, B and C': a back-reference,
            # read as the story's lead contact (news reports its main contact first)
            # if it fits, else the nearest one; the people it names join that contact.
            for index in [0, *range(len(drafts) - 1, 0, -1)]:
                target = drafts[index]
                joined = _merge(target, draft) if _opens_sentence(text, trigger, sentences) else _attach(target, draft)
                same_kind = not trigger.explicit_medium or trigger.kind == _kind(target, text, sentences, filed_from)
                fits = draft.keys <= target.keys or _opens_sentence(text, trigger, sentences)
                if fits and draft.status == target.status and same_kind and _compatible(target, replace(joined, participants=target.participants)):
                    drafts[index] = joined
                    break
            else:
                if len(draft.keys) >= 2 or _lone_traveller(draft):
                    drafts.append(_with_host(draft, text, sentences[trigger.sentence], mentions))
        elif len(draft.keys) >= 2 or _lone_traveller(draft):
            drafts.append(_with_host(draft, text, sentences[trigger.sentence], mentions))
        elif draft.keys and drafts and draft.keys <= drafts[-1].keys and drafts[-1].status == draft.status \
                and any(t.sentence == trigger.sentence for t in drafts[-1].triggers):
            # 'attended the leaders' video conference meeting': one contact, named twice over
            drafts[-1] = _attach(drafts[-1], draft)
    for draft in waiting:
        # 'leaders opened their annual summit on Wednesday', named later: the first
        # contact of the same kind that follows takes the report and its date.
        later = next((i for i, d in enumerate(drafts) if draft.triggers[0].kind == _kind(d, text, sentences, filed_from)
                      and min(t.span.start for t in d.triggers) > draft.triggers[0].span.start), None)
        if later is not None:
            drafts[later] = _attach(drafts[later], draft)
    merged: list[_Draft] = []
    for draft in drafts:
        for index, existing in enumerate(merged):
            if _compatible(existing, draft):
                merged[index] = _merge(existing, draft)
                break
        else:
            merged.append(draft)
    events = [
        Event(kind=_kind(d, text, sentences, filed_from), status=d.status, triggers=d.triggers, participants=d.participants,
              date=min(d.dates, key=_strength).value if d.dates else None)
        for d in merged
    ]
    first = merged[0] if merged else None
    if first is not None and events[0].status == "happened" and not any(d.rank[:2] == (0, 0) for d in first.dates):
        # No date governs the lead contact's reports directly: the lead's date does.
        events[0] = replace(events[0], date=_lead_date(events[0], lead, mentions, text) or events[0].date)
    return tuple(_visits_extend(events))


def _strength(dated: TriggerDate) -> tuple:
    """Among dates that govern their reports equally well, the earlier report's wins:
    a story's lead dates the contact ('held talks on Thursday'), later lines add detail
    ('arrived on Wednesday')."""
    separated, reporting, coarse, distance = dated.rank
    return (separated, reporting, coarse, dated.value.span.start, distance)


def _lead_date(event: Event, lead: tuple[tuple[int, DateValue], ...], mentions: tuple[Mention, ...], text: str) -> DateValue | None:
    """The lead's date, for the story's first contact, when the lead names its people
    or their countries."""
    g = gazetteer()
    keys = {p.entity.key for p in event.participants}
    countries = {p.entity.country for p in event.participants if p.entity.country}
    for index, value in lead:
        named = {m.entity.key for m in mentions if m.sentence == index}
        if named & keys:
            return value
        for code in countries:
            place = g.places.get(code)
            if place and _whole_word(place.name).search(_line_of(text, value.span)):
                return value
    return None


def _line_of(text: str, span: Span) -> str:
    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.end)
    return text[start:end if end >= 0 else len(text)]


def _lone_traveller(draft: _Draft) -> bool:
    """A visit or summit reported with one named person ('Lula will pay a state visit
    to China', 'Widodo opened the G20 summit') is still an event."""
    trigger = draft.triggers[0]
    return len(draft.keys) == 1 and trigger.explicit_medium and trigger.kind in ("Visit", "Summit") \
        and draft.participants[0].entity.type == "Person"


_DESTINATION = regex.compile(
    r"\b(?:to|in|at)\s+(?:the\s+)?(?:[\p{L}-]+\s+capital,?\s+)?((?-i:\p{Lu})[\p{L}'-]+(?:\s+(?-i:\p{Lu})[\p{L}'-]+){0,2})"
    r"|\b(?:to|in|at)\s+the\s+((?-i:\p{Lu})[\p{L}-]+)\s+capital\b")  # 'in the Indian capital'


def _destination(match: regex.Match, seats_only: bool = False) -> str | None:
    """The country a place phrase names: a capital or seat of government ('in Kyiv',
    'at the White House', 'in Beijing Tuesday'), 'the Indian capital', or, unless
    `seats_only`, the country itself ('a visit to China')."""
    g = gazetteer()
    if not match.group(1):
        return g.adjectives.get(key_of(match.group(2)))
    key = tuple(word.removesuffix("'s") for word in key_of(match.group(1)))
    for words in (key, key[:1]):
        seat = g.capitals.get(words) or g.metonyms.get(words)
        if seat:
            return seat
    return None if seats_only else g.place_names.get(key)


def _place_of(text: str, trigger: Trigger, sentence: Sentence) -> frozenset[str]:
    """The country where the trigger's clause places the contact: 'in Kyiv', 'at the White House'."""
    for match in _DESTINATION.finditer(text, trigger.span.end, min(sentence.span.end, trigger.span.end + 80)):
        country = _destination(match)
        if country:
            return frozenset({country})
    return frozenset()


def _with_host(draft: _Draft, text: str, sentence: Sentence, mentions: tuple[Mention, ...]) -> _Draft:
    """A visitor named alone meets the host country's leader where the text names one:
    'Biden made a surprise visit to Kyiv' in a story that names Zelensky."""
    if len(draft.keys) != 1 or draft.triggers[0].kind != "Visit":
        return draft
    visitor = draft.participants[0].entity
    for match in _DESTINATION.finditer(text, sentence.span.start, sentence.span.end):
        country = _destination(match)
        if country and country != visitor.country:
            hosts = [m for m in mentions if m.entity.country == country and m.entity.type == "Person"]
            if hosts:
                counts: dict[str, int] = {}
                for m in hosts:
                    counts[m.entity.key] = counts.get(m.entity.key, 0) + 1
                host = max(hosts, key=lambda m: (counts[m.entity.key], -m.span.start))
                return _Draft(draft.triggers, draft.participants + (Participant(host.entity, host.title, (host.span,)),),
                              draft.status, draft.dates, draft.places)
            return draft
    return draft


def _opens_sentence(text: str, trigger: Trigger, sentences: tuple[Sentence, ...]) -> bool:
    """'The call included A, B and C': the back-reference is the sentence's subject."""
    return len(text[sentences[trigger.sentence].span.start:trigger.span.start].split()) <= 2


def _visits_extend(events: list[Event]) -> list[Event]:
    """A meeting held during someone's visit (same visitor, same day) is part of the
    visit, and takes its date when the text gives it none of its own."""
    visits = [e for e in events if e.kind == "Visit"]
    extended = []
    for event in events:
        during = [
            v for v in visits
            if v is not event and {p.entity.key for p in event.participants} & {p.entity.key for p in v.participants}
            and (event.date is None or (v.date is not None and _same_day(event.date, v.date)))
        ]
        if event.kind in ("Meeting", "Visit") and during:
            event = replace(event, kind="Visit", date=event.date or during[0].date)
        extended.append(event)
    return extended


def _same_day(a: DateValue, b: DateValue) -> bool:
    if a.iso or b.iso:
        return a.iso == b.iso
    return _day_words(a.text) is not None and _day_words(a.text) == _day_words(b.text)


@cache
def _whole_word(name: str) -> regex.Pattern:
    return regex.compile(rf"\b{regex.escape(name)}\b")


def _definite(text: str, trigger: Trigger) -> bool:
    before = fold(text[max(0, trigger.span.start - 20):trigger.span.start])
    return (bool(_DETERMINER_BEFORE.search(before))
            or fold(trigger.span.quote(text)).startswith(("the ", "their ", "this ", "his ", "her ")))
