"""Stage 5: when each event took place, resolved as a reader would.

The reference date is the document's `datePublished`, else a dateline in the text,
else the caller's reference date. Candidate expressions are found by the patterns
of data/dates.json; explicit ones are parsed by dateparser (cached), weekdays and
'yesterday' are counted back from the reference. An event takes the expression
nearest its trigger in the sentences that report it, preferring one that dates the
contact over one that dates a statement about it (the events stage picks among its
triggers' dates); if that expression cannot be resolved (a weekday with no
reference date), the date stays unknown rather than borrowed from elsewhere (a
copyright line, a caption, another event).
"""
from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, lru_cache

import regex

from .model import DateValue, Sentence, Span, Trigger
from .patterns import MATCH_TIMEOUT, MAX_UNTIMED, check_unique, compile_each
from .prefilter import Hits, LiteralIndex, pattern_literals, start_literals, starts_at_word
from .resources import RuleDataError, rule_data

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = {name: index for index, name in enumerate(calendar.month_name) if name}
_YEAR = regex.compile(r"\b(?:19|20)\d\d\b")
_REPORTING = regex.compile(
    r"\b(?:said|says|told|announced|confirmed|released|tweeted|reported|stated|added|wrote|posted|noted|disclosed)\b",
    regex.IGNORECASE)
_DATELINE_FILLER = regex.compile(
    r"(?i)\b(?:updated|published|posted|last updated|ist|gmt|utc|est|edt|cet|am|pm|a\.m\.|p\.m\.|reuters|ap|afp|ians|wire|by)\b"
    r"|\d{1,2}:\d\d|[|#•(),:+\-]|\b(?-i:[A-Z][A-Z.'-]+)\b")
# A date beyond one of these, from its trigger, dates another clause ('contacts that began last month').
_OTHER_CLAUSE = regex.compile(
    r"\b(?:that|which|who|whom|since|until|while|whereas|because|although)\b|;|\band\s+(?:will|would|then|later|also|is|are)\b",
    regex.IGNORECASE)
# 'JOHANNESBURG, ', 'BORGO EGNAZIA, Italy, ': the place a dateline opens with.
_DATELINE_PLACE = regex.compile(r"^\W*(?-i:[A-Z][A-Z .'-]+)(?:,\s*(?-i:[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2}))?,?\s*$")
_DIGIT_START = regex.compile(r"\b\d")
_RELATIVE = regex.compile(r",\s+(?:who|which|whose|where)\b", regex.IGNORECASE)
_PRESENT = regex.compile(r"(?:is|are|am)\b", regex.IGNORECASE)
# What dateparser need not read: leading filler and weekday names ('on Monday, 3 May').
_NOT_DATE_WORDS = regex.compile(r"(?i)^(?:on|the|evening|morning|night|afternoon|of|\s)+|\b(?:" + "|".join(_WEEKDAYS) + r")\b,?")
_ISO_DAY = regex.compile(r"\d{4}-\d\d-\d\d")
_RANGE_END = regex.compile(r"(?<=\d)\s*-\s*\d+(?:st|nd|rd|th)?")
_MONTH_NUMBERS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTH_NUMBERS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name} | {"sept": 9}
_MONTH_NAME = "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True))
_PLAIN_DATES = (
    regex.compile(rf"(?i)(?P<month>{_MONTH_NAME})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?"),
    regex.compile(rf"(?i)(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<month>{_MONTH_NAME})\.?(?:,?\s+(?P<year>\d{{4}}))?"),
    regex.compile(r"(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)"),
)
_FUTURE_TOLERANCE = timedelta(days=7)  # a datePublished a few days off still leaves the event in its year


@dataclass(frozen=True)
class DateMention:
    rule: str
    type: str
    span: Span
    text: str
    sentence: int


@dataclass(frozen=True)
class _Rules:
    each: tuple[regex.Pattern, ...]  # the rules one by one, in the file's order
    names: list[str]
    types: dict[str, str]
    index: LiteralIndex  # per rule: the literals it needs, and those its matches begin with
    digit_first: tuple[bool, ...]  # per rule: its matches begin with a digit at a word start


@cache
def _rules() -> _Rules:
    data = rule_data("dates")
    label = "eventschema/data/dates.json"
    names = [r["name"] for r in data["rules"]]
    check_unique(names, label)
    patterns = [r["pattern"] for r in data["rules"]]
    starts = [start_literals(p) for p in patterns]
    digit_first = tuple(begins is None and starts_at_word(p, digit=True) for p, begins in zip(patterns, starts))
    for name, begins, digit in zip(names, starts, digit_first):
        if begins is None and not digit:
            raise RuleDataError(f"{label}: rule {name!r}: its matches begin neither with a word of the pattern nor with a digit: "
                                "expected one of the two, where the rule is tried")
    return _Rules(
        compile_each(dict(zip(names, patterns)), label, regex.IGNORECASE, at_word_start=True),
        names,
        {r["name"]: r["type"] for r in data["rules"]},
        LiteralIndex([pattern_literals(p) for p in patterns], starts),
        digit_first,
    )


def _rules_by_place(r: _Rules, text: str, span: Span, candidates: dict[int, list[int] | None]) -> dict[int, list[int]]:
    """Where in `span` a date can begin, each place with the candidate rules, in the
    file's order, that can begin there: a rule where its first word does, a rule that
    begins with a digit (`digit_first`) where a digit begins a word."""
    by_place: dict[int, list[int]] = {}
    digits: list[int] | None = None
    for rule, where in candidates.items():  # in the file's order
        if where is None:  # digit first: each rule is one or the other (checked at load)
            if digits is None:
                digits = [m.start() for m in _DIGIT_START.finditer(text, span.start, span.end)]
            where = digits
        for place in where:
            by_place.setdefault(place, []).append(rule)
    return by_place


def find_dates(text: str, sentences: tuple[Sentence, ...]) -> tuple[DateMention, ...]:
    r = _rules()
    hits = r.index.scan(text)
    found = []
    for sentence in sentences:
        for rule, match in _date_matches(r, text, sentence.span, hits):
            name = r.names[rule]
            found.append(DateMention(name, r.types[name], Span(match.start(), match.end()), match.group(), sentence.index))
    return tuple(found)


def _date_matches(r: _Rules, text: str, span: Span, hits: Hits) -> Iterator[tuple[int, regex.Match]]:
    """(rule, match) for each date in `span`: what the rules joined in one alternation
    would find, left to right, without overlaps. Only the rules whose words occur in
    `span` are tried, each alone and only where it can begin; at each place the first
    rule in the file's order that matches wins, as in an alternation (trying the
    whole alternation at each place took 1.7 % more of the instructions of a contact
    document). A span longer than a sentence (a dateline paragraph) is matched under
    a time limit."""
    candidates = hits.within(span.start, span.end)
    if not candidates:
        return  # no rule's words: no date
    long = span.end - span.start > MAX_UNTIMED  # a time limit costs 0.3 us a call: only where needed
    by_place = _rules_by_place(r, text, span, candidates)
    reached = span.start
    for place in sorted(by_place):
        if place < reached:
            continue
        for rule in by_place[place]:
            pattern = r.each[rule]
            match = pattern.match(text, place, span.end, timeout=MATCH_TIMEOUT) if long else pattern.match(text, place, span.end)
            if match:
                yield rule, match
                reached = match.end()  # no rule matches the empty string (checked at load)
                break


def plain_date(core: str) -> tuple[int, int, int] | None:
    """(year, month, day) of the forms news writes most ('March 4, 2024', '4th of
    March', 'Sept. 12', '2024-03-04'), read directly; the year is 2000 (a leap year,
    as dateparser is given) when none is written. None for any other form, and for a
    day the month does not have: dateparser reads those (the tests check that the two
    agree). Reading these directly spares dateparser's 0.1 s first call and a
    fraction of a millisecond for each new expression."""
    for pattern in _PLAIN_DATES:
        found = pattern.fullmatch(core)
        if found:
            month = found.group("month")
            number = int(month) if month.isdigit() else _MONTH_NUMBERS[month.lower()]
            year = int(found.group("year") or 2000)
            day = int(found.group("day"))
            try:
                date(year, number, day)
            except ValueError:
                return None
            return (year, number, day)
    return None


@lru_cache(maxsize=8192)  # bounded: a stream of a million documents must not grow it without end
def _parse_explicit(expression: str) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of an explicit date; cached, since news repeats them."""
    core = _NOT_DATE_WORDS.sub(" ", expression)
    if not _ISO_DAY.fullmatch(core.strip()):
        core = _RANGE_END.sub("", core)  # a range 'April 1-2': its first day
    core = core.strip(" ,")
    plain = plain_date(core)
    if plain is None:
        import dateparser  # imported here, when first needed: it takes a tenth of the start-up

        parsed = dateparser.parse(core, languages=["en"], settings={"REQUIRE_PARTS": ["day", "month"], "RELATIVE_BASE": datetime(2000, 1, 1)})
        if parsed is None:
            return None
        plain = (parsed.year, parsed.month, parsed.day)
    year, month, day = plain
    return (year if _YEAR.search(core) else None, month, day)


def _with_year(month: int, day: int, reference: date, forward: bool) -> date | None:
    options = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            options.append(date(year, month, day))
        except ValueError:
            continue
    if forward:
        later = [d for d in options if d >= reference]
        return min(later) if later else None
    allowed = [d for d in options if d <= reference + _FUTURE_TOLERANCE]
    return max(allowed) if allowed else None


def resolve(mention: DateMention, reference: date | None, forward: bool = False) -> str | None:
    """ISO date or year-month that `mention` denotes, or None if it cannot be fixed."""
    text = mention.text.lower()
    if mention.type == "explicit":
        parsed = _parse_explicit(mention.text)
        if parsed is None:
            return None
        year, month, day = parsed
        if year is not None:
            return date(year, month, day).isoformat()
        if reference is None:
            return None
        resolved = _with_year(month, day, reference, forward)
        return resolved.isoformat() if resolved else None
    if mention.type == "month":
        return _month(text, reference, forward)
    if reference is None:
        return None
    if mention.type == "weekday":
        target = next(i for i, name in enumerate(_WEEKDAYS) if name in text)
        if forward or text.startswith("next"):
            return (reference + timedelta(days=(target - reference.weekday()) % 7)).isoformat()
        return (reference - timedelta(days=(reference.weekday() - target) % 7)).isoformat()
    return _relative(text, reference)


def _month(text: str, reference: date | None, forward: bool) -> str | None:
    month = next((i for name, i in _MONTHS.items() if name.lower()[:3] in text), None)
    if month is None:
        return None
    year = _YEAR.search(text)
    if year:
        return f"{year.group()}-{month:02d}"
    if reference is None:
        return None
    if text.startswith("last"):  # the last such month before this one
        year = reference.year if month < reference.month else reference.year - 1
    elif forward:  # this month or the next one of that name
        year = reference.year if month >= reference.month else reference.year + 1
    else:  # this month or the last one of that name
        year = reference.year if month <= reference.month else reference.year - 1
    return f"{year}-{month:02d}"


def _relative(text: str, reference: date) -> str | None:
    """Days counted from the reference; None for 'the previous evening' and the like,
    which count from another event rather than from the reference."""
    if text in ("tomorrow",):
        return (reference + timedelta(days=1)).isoformat()
    if text == "the day after tomorrow":
        return (reference + timedelta(days=2)).isoformat()
    if text in ("today", "tonight", "later today") or text.startswith("this "):
        if text.endswith(("week", "month", "year")):
            return _period(text, reference)
        return reference.isoformat()
    if text in ("yesterday", "last night"):
        return (reference - timedelta(days=1)).isoformat()
    if text == "the day before yesterday":
        return (reference - timedelta(days=2)).isoformat()
    return _period(text, reference)


def _period(text: str, reference: date) -> str | None:
    if text.endswith("month"):
        if text.startswith("last"):
            first = reference.replace(day=1) - timedelta(days=1)
            return f"{first.year}-{first.month:02d}"
        if text.startswith("next"):
            following = reference.replace(day=28) + timedelta(days=4)
            return f"{following.year}-{following.month:02d}"
        return f"{reference.year}-{reference.month:02d}"
    if text.endswith("week"):
        # A week is given as its month when it falls within one month, else unknown.
        start = reference - timedelta(days=reference.weekday())
        if text.startswith("last"):
            start -= timedelta(days=7)
        elif text.startswith("next"):
            start += timedelta(days=7)
        end = start + timedelta(days=6)
        if text.startswith(("this", "earlier this")):
            end = min(end, reference)
        return f"{start.year}-{start.month:02d}" if (start.year, start.month) == (end.year, end.month) else None
    return None


def find_dateline(text: str) -> date | None:
    """A publication date printed at the top: a line that is a date, or 'CITY, date -'."""
    r = _rules()
    lines = [line for line in text[:5000].split("\n") if line.strip()][:15]
    for line in lines:
        if not _YEAR.search(line):
            continue
        for rule, match in _date_matches(r, line, Span(0, len(line)), r.index.scan(line)):
            name = r.names[rule]
            if r.types[name] != "explicit" or not _YEAR.search(match.group()):
                continue
            rest = _DATELINE_FILLER.sub(" ", line[:match.start()] + " " + line[match.end():])
            prefix_is_place = _DATELINE_PLACE.match(line[:match.start()])
            if len(rest.split()) <= 3 or prefix_is_place:
                parsed = _parse_explicit(match.group())
                if parsed and parsed[0]:
                    return date(parsed[0], parsed[1], parsed[2])
    return None


@dataclass(frozen=True)
class TriggerDate:
    """The date expression that governs one trigger, resolved, and how strongly it
    governs it (lower is stronger: not a statement's date, then nearer)."""

    value: DateValue
    rank: tuple[int, int, int, int]


def _rank(mention: DateMention, text: str, trigger: Trigger, relative_end: int | None) -> tuple[int, int, int, int]:
    """How weakly a date governs a trigger: in another clause, dating a statement,
    coarser than a day, and then how far away. `relative_end`: see `_relative_clause_end`."""
    around = text[max(0, mention.span.start - 25):mention.span.end + 25]
    reporting = 1 if _REPORTING.search(around) else 0
    first, last = sorted((mention.span, trigger.span))
    separated = 1 if _OTHER_CLAUSE.search(text, first.end, last.start) or _in_relative_clause(text, mention, trigger, relative_end) else 0
    coarse = 0 if mention.type in ("explicit", "weekday") or mention.rule == "relative-day" else 1
    return (separated, reporting, coarse, abs(mention.span.start - trigger.span.start))


def _relative_clause_end(text: str, mention: DateMention, sentence: Sentence) -> int | None:
    """Where the last ', who/which/...' before the date ends in the date's sentence
    (which never crosses a line); None if there is none. Read once a date, not once a
    (date, trigger) pair: a long sentence has many triggers."""
    opening = None
    for found in _RELATIVE.finditer(text, sentence.span.start, mention.span.start):
        opening = found  # the last one before the date
    return opening.end() if opening else None


def _in_relative_clause(text: str, mention: DateMention, trigger: Trigger, relative_end: int | None) -> bool:
    """'X, who chairs the bloc this year, welcomed Y': the date is inside ', who ... ,'."""
    if relative_end is None or trigger.span.start < mention.span.end:
        return False
    return "," in text[mention.span.end:trigger.span.start] and "," not in text[relative_end:mention.span.start]


def _in_dateline(text: str, mention: DateMention) -> bool:
    """'JOHANNESBURG, 18 March 2018 - ...': the filing date, not an event's."""
    line_start = text.rfind("\n", 0, mention.span.start) + 1
    return bool(_DATELINE_PLACE.match(text[line_start:mention.span.start]))


def lead_sentences(sentences: tuple[Sentence, ...]) -> tuple[Sentence, ...]:
    """The first two body sentences: a news lead dates the story's main contact even
    when it names the contact only later ('India and Japan on Saturday inked pacts
    ... after the summit')."""
    return tuple(s for s in sentences if not s.is_headline)[:2]


def dated_sentences(text: str, sentences: tuple[Sentence, ...], triggers: tuple[Trigger, ...]) -> dict[int, list[DateMention]]:
    """The date expressions of the sentences that can date an event (those with a
    trigger, and the lead), by sentence, each sentence read once; a dateline's date is
    the filing date, not an event's, and is left out."""
    wanted = sorted({t.sentence for t in triggers} | {s.index for s in lead_sentences(sentences)})
    found: dict[int, list[DateMention]] = {index: [] for index in wanted}
    for mention in find_dates(text, tuple(sentences[i] for i in wanted)):
        if not _in_dateline(text, mention):
            found[mention.sentence].append(mention)
    return found


def date_triggers(triggers: tuple[Trigger, ...], text: str, sentences: tuple[Sentence, ...],
                  found: dict[int, list[DateMention]], reference: date | None) -> dict[Span, TriggerDate]:
    """For each trigger with a date expression in its sentence (`found`, from
    `dated_sentences`), that date, resolved forward for a scheduled contact and
    backward otherwise."""
    dated: dict[Span, TriggerDate] = {}
    relative_ends = {m.span: _relative_clause_end(text, m, sentences[m.sentence])
                     for index in {t.sentence for t in triggers} for m in found.get(index, ())}
    for trigger in triggers:
        candidates = found.get(trigger.sentence)
        if not candidates:
            if reference and _PRESENT.match(trigger.span.quote(text)):
                # 'Biden is in Kyiv': the text says it is happening as it is published.
                dated[trigger.span] = TriggerDate(DateValue(reference.isoformat(), trigger.span, trigger.span.quote(text)), (0, 0, 0, 0))
            continue
        ranked = [(_rank(m, text, trigger, relative_ends[m.span]), m) for m in candidates]
        rank, best = min(ranked, key=lambda pair: pair[0])
        iso = resolve(best, reference, forward=trigger.status == "scheduled")
        dated[trigger.span] = TriggerDate(DateValue(iso, best.span, best.text), rank)
    return dated


def lead_dates(sentences: tuple[Sentence, ...], found: dict[int, list[DateMention]],
               reference: date | None) -> tuple[tuple[int, DateValue], ...]:
    """(sentence, date) of the first date expression in each lead sentence (see
    `lead_sentences`; `found` from `dated_sentences`)."""
    lead = []
    for sentence in lead_sentences(sentences):
        for mention in found.get(sentence.index, [])[:1]:
            lead.append((sentence.index, DateValue(resolve(mention, reference), mention.span, mention.text)))
    return tuple(lead)
