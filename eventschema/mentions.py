"""Stage 4a: find who is named in the text: people, countries, organizations.

A capitalised run ('Russian President Vladimir Putin', 'Prime Minister of Japan
Fumio Kishida') is read left to right against the gazetteer: titles and country
words give the role and the country, the rest is the name. A name the gazetteer
lacks is kept when a title vouches for it ('Chilean President Gabriel Boric');
surnames and 'Mr. X' resolve to a person named in full elsewhere in the text.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

import regex

from .gazetteer import Gazetteer, Person, fold, gazetteer, key_of
from .model import Entity, Mention, Sentence, Span

# A capitalised word: a dotted acronym ('U.S.', 'U.K.') is tried before a word with
# an optional final dot, which would take 'U.' alone and cut 'U.S. President' in two.
_CAP = r"(?:(?-i:\p{Lu})(?:\.(?:(?-i:\p{Lu})\.)+|[\p{L}\p{M}'-]*\.?)|(?:al|el|bin|ibn|abu|abd|ben)-(?-i:\p{Lu})[\p{L}\p{M}'-]*)"
_PARTICLE = r"(?:von|van|der|den|de|da|del|della|di|do|la|le|bin|ibn|al|el|dos|das|du|e|y|of|the|for)"
_RUN = regex.compile(rf"{_CAP}(?:\s+(?:{_PARTICLE}\s+)*{_CAP})*")
_TOKEN = regex.compile(r"[^\s]+")
# Lowercase titles before a name: 'Ukrainian president Volodymyr Zelensky'. An
# adjective that makes a longer title with the one matched ('prime' and 'minister')
# is read as part of it (see _lower_title).
_LOWERCASE_TITLES = (
    "president", "vice president", "vice-president", "prime minister", "deputy prime minister", "premier", "chancellor",
    "foreign minister", "external affairs minister", "foreign secretary", "defence minister", "defense minister",
    "defence secretary", "defense secretary", "interior minister", "home minister", "finance minister", "trade minister",
    "commerce minister", "economy minister", "energy minister", "secretary of state", "counterpart", "leader", "minister",
    "king", "emir", "sultan", "crown prince", "national security adviser", "chief of staff", "secretary general",
    "secretary-general", "ambassador", "envoy", "special envoy", "trade representative", "spokesman", "spokeswoman",
    "spokesperson",
)
# The adjective may be a possessive country: "Peru's trade minister, Mariana Echeverria".
_LOWER_TITLE = regex.compile(
    r"(?:(?P<adj>[\p{L}.]+(?:'s)?)\s+)?(?P<title>" + "|".join(map(regex.escape, _LOWERCASE_TITLES)) + r")\s*,?\s*$")
# A title with what it is of, for or to, then a comma, before a name: 'the Foreign
# Minister of Ghana, Kwame Mensah', "Korea's ambassador to Nepal, Park Jae-hoon".
_LOWERCASE_TITLE_SET = frozenset(_LOWERCASE_TITLES)
_LOWERCASE_TITLE_WORDS = frozenset(word for title in _LOWERCASE_TITLES for word in title.split())
_LOWERCASE_TITLE_LONGEST = max(len(title.split()) for title in _LOWERCASE_TITLES)
_LINKS = frozenset({"of", "for", "to"})
_ADJECTIVE = regex.compile(r"[\p{L}.]+(?:'s)?")
_PLACE_WORDS = regex.compile(r"[\p{L}.' -]{1,60}")
# Title levels that are a person's style or rank rather than an office.
_STYLES = frozenset({"royal", "military"})
_FUNCTION = frozenset("the of for and a an on in at to by with from".split())
_SENTENCE_WORDS = frozenset(
    """the on in at after before when while both separately meanwhile earlier later however but and as
    during since according until today yesterday monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december this that
    these those his her their its our we he she they it mr mrs ms dr""".split()
)


@dataclass(frozen=True)
class _Item:
    kind: str  # person, surname, title, place, unknown, function
    start: int  # token index range within the run
    end: int
    value: object = None


def _scan(tokens: list[str], g: Gazetteer) -> list[_Item]:
    """Read the folded tokens of a capitalised run left to right, longest match first."""
    items: list[_Item] = []
    i, count = 0, len(tokens)
    while i < count:
        for length in range(min(g.longest.get(tokens[i], 1), count - i), 0, -1):
            entry = g.phrases.get(tuple(tokens[i:i + length]))
            if entry is not None:
                items.append(_Item(entry[0], i, i + length, entry[1]))
                i += length
                break
        else:
            items.append(_Item("function" if tokens[i] in _FUNCTION else "unknown", i, i + 1))
            i += 1
    return items


@dataclass(frozen=True)
class _Candidate:
    span: Span
    sentence: int
    name_tokens: tuple[str, ...]  # surface tokens of the name part
    ids: tuple[str, ...]  # gazetteer candidates (full name or surname)
    by_full_name: bool
    title: str | None
    title_span: Span | None
    country: str | None
    vouched: bool  # a title, honorific or 'counterpart' says this is a person
    given_name_unknown: bool = False  # 'Tony Blinken': a surname the gazetteer knows after another given name
    counterpart: bool = False  # 'his Argentine counterpart Lucia Ferreyra'


# Capitalised words that are a surname in the gazetteer but far more often something
# else: a month, a weekday, a common word. They name a person only after a title.
_AMBIGUOUS_SURNAMES = _SENTENCE_WORDS | frozenset(
    """may march august rice brown fox hunt young charles dan ali gil king price rose white green black long little
    english park law hall field bird love rich north south west east ban will hope grant""".split())


# The next word continues a name ('al-Sarraj', 'bin Zayed'): the word before is a given name.
_NAME_GOES_ON = regex.compile(r"(?:al|el|bin|ibn|abu|abd|ould|ben)(?:-|$)")


def _token_spans(text: str, run: regex.Match) -> list[tuple[int, int]]:
    return [token.span() for token in _TOKEN.finditer(text, run.start(), run.end())]


def _clean_token(token: str) -> str:
    """The folded token as the gazetteer indexes it: no possessive, no dots, no commas."""
    token = token.removesuffix("'s").removesuffix("'").rstrip(",")
    return token.replace(".", "")


@dataclass
class _RunState:
    """What the words read so far in a capitalised run say about the next name."""

    title: str | None = None
    title_span: Span | None = None
    country: str | None = None
    vouched: bool = False
    counterpart: bool = False  # 'his Argentine counterpart ...': the other side's office

    def reset(self) -> None:
        self.title, self.title_span, self.country, self.vouched, self.counterpart = None, None, None, False, False


def _place_ending(words: str, g: Gazetteer) -> tuple[str, str] | None:
    """The place (code) that folded `words` end with, and 'whole' if they are only
    the place or 'of' if 'of' comes before it ('foreign affairs of timor-leste'), else
    ''; None if they end with no place."""
    tokens = key_of(words)
    for length in range(len(tokens), 0, -1):  # a few words: what a title before a comma is of
        code = g.place_names.get(tokens[-length:])
        if code is not None:
            return code, "whole" if length == len(tokens) else "of" if tokens[-length - 1] == "of" else ""
    return None


def _ends_with_title(before: str) -> bool:
    """Whether `before` ends with a title, then space and at most one comma: what any
    match of _LOWER_TITLE needs, tested without a regex search (which tries every start)."""
    tail = before.rstrip()
    if tail.endswith(","):
        tail = tail[:-1].rstrip()
    return tail.endswith(_LOWERCASE_TITLES)


def _lower_title(folded: str, sentence: Sentence, start: int, g: Gazetteer) -> _RunState:
    """A lowercase title just before a capitalised run ('Ukrainian president Zelensky'),
    or a title with what it is of, then a comma ('the Foreign Minister of Ghana, Kwame
    Mensah'; see _title_with_place)."""
    state = _RunState()
    before = folded[max(sentence.span.start, start - 40):start]
    if _ends_with_title(before):  # a cheap test first: most runs have no title just before them
        found = _LOWER_TITLE.search(before)
        if found is None:
            return state
        adjective, title, country = found.group("adj"), found.group("title"), None
    elif before.rstrip().endswith(",") and (
            parsed := _title_with_place(folded[max(sentence.span.start, start - 90):start], g)):
        adjective, title, country = parsed
    else:
        return state
    if adjective and f"{adjective} {title}" in _LOWERCASE_TITLES:
        adjective, title = None, f"{adjective} {title}"  # 'Prime minister Modi' opening a sentence
    entry = g.titles.get(tuple(title.split()))
    state.title = entry.title if entry else None
    state.country = (_country_word(adjective, g) if adjective else None) or country
    state.vouched = True
    state.counterpart = title == "counterpart"
    return state


def _title_with_place(before: str, g: Gazetteer) -> tuple[str | None, str, str | None] | None:
    """The adjective, lowercase title and country of 'the Foreign Minister of Ghana, '
    ending `before` (folded, a comma last): the leftmost title followed by 'of', 'for'
    or 'to' and words that end with a place, so that a name is not taken for what a
    title is of ('President of the Kyrgyz Republic Sadyr Japarov, Akorda reported').
    The country is the place after 'of' only: not the envoy for Somalia's, nor the
    ambassador to India's."""
    words = before.split()
    if _LINKS.isdisjoint(words) or _LOWERCASE_TITLE_WORDS.isdisjoint(words):
        return None  # most names after a comma
    words[-1] = words[-1].removesuffix(",")
    if not words[-1]:
        words.pop()
    for at, link in enumerate(words):
        if link not in _LINKS:
            continue
        length = next((n for n in range(min(_LOWERCASE_TITLE_LONGEST, at), 0, -1)
                       if " ".join(words[at - n:at]) in _LOWERCASE_TITLE_SET), 0)
        rest = words[at + 2:] if words[at + 1:at + 2] == ["the"] else words[at + 1:]
        if not length or not rest or not _PLACE_WORDS.fullmatch(" ".join(rest)):
            continue
        place = _place_ending(" ".join(rest), g)
        if place is None:
            return None
        code, where = place
        before_title = words[at - length - 1] if at - length >= 1 else None
        adjective = before_title if before_title and _ADJECTIVE.fullmatch(before_title) else None
        # The longest title the words begin with: 'minister for foreign affairs (and ...)'.
        phrase = words[at - length:]
        title = next(" ".join(phrase[:n]) for n in range(min(len(phrase), _title_words()[1]), length - 1, -1)
                     if n == length or tuple(phrase[:n]) in g.titles)
        return adjective, title, code if where == "of" or where == "whole" and link == "of" else None
    return None


# A title in apposition after a name, closed by a comma or the sentence's end:
# ', Prime Minister of Japan,', ', chief of staff to President Zelensky,', ', the
# Russian foreign minister.' Read on folded text: its opening, then its words looked up
# in the gazetteer's titles (not one alternation of every title, which took 20 ms to
# compile and was slow to match), then what may follow the title.
_APPOSITION_OPENING = regex.compile(
    r",\s+(?:(?:the|an?)\s+)?(?:(?P<not_now>former|ex|late|then|previous|future|would-be)\s+)?")
_APPOSITION_WORD = regex.compile(r"[^\s,;().]+(?:\.[^\s,;().]+)*")  # 'u.s' of 'u.s.', 'minister' of 'minister.'
_APPOSITION_REST = regex.compile(r"(?:\s+(?P<link>of|to|for)\s+(?:the\s+)?(?P<rest>[^,;()]{1,60}?))?\s*(?:,|\.?$)")


@cache
def _title_words() -> tuple[frozenset[str], int]:
    """The words the gazetteer's titles begin with ('prime', 'foreign', 'chief'), and
    the most words a title has."""
    titles = [key for key, entry in gazetteer().titles.items() if entry.level != "honorific"]
    return frozenset(key[0] for key in titles), max(map(len, titles))


def _title_after(folded: str, end: int, sentence: Sentence, g: Gazetteer) -> tuple[str | None, str | None] | None:
    """The title, and the country if it says one, of a name ending at `end` that a
    title in apposition follows; (None, None) for a title not held now ('a former
    minister'); None if none follows."""
    if not folded.startswith(",", end):
        return None  # most names
    beginnings, longest = _title_words()
    if not any(word.strip(",.;()") in beginnings for word in folded[end + 1:end + 80].split()[:4]):
        return None  # most of the rest ('the', 'former' and an adjective may come before a title)
    opening = _APPOSITION_OPENING.match(folded, end, sentence.span.end)
    if opening is None:
        return None
    words = [w for _, w in zip(range(longest + 1), _APPOSITION_WORD.finditer(folded, opening.end(), sentence.span.end))]
    # The title first without an adjective, then after one ('the Russian foreign minister'),
    # the longest title first at each.
    for first in (0, 1):
        for length in range(min(longest, len(words) - first), 0, -1):
            last = words[first + length - 1]
            entry = g.titles.get(tuple(w.group() for w in words[first:first + length]))
            if entry is None or entry.level == "honorific":
                continue
            rest = _APPOSITION_REST.match(folded, last.end(), sentence.span.end)
            if rest is None:
                continue
            if opening.group("not_now"):
                return None, None  # 'X, a former trade minister,': a person, with no title now
            country = _country_word(words[0].group(), g) if first else None
            if country is None and rest.group("link") == "of":
                country = g.place_names.get(key_of(rest.group("rest")))
            return entry.title, country
    return None


def _country_word(word: str, g: Gazetteer) -> str | None:
    """The country a folded word before a title names: 'russian', 'u.s.', "peru's"."""
    word = word.removesuffix("'s").replace(".", "")
    return g.adjectives.get((word,)) or g.place_names.get((word,))


def _names_nobody(folded: str, run: regex.Match, g: Gazetteer) -> bool:
    """Whether a run is one word that only says where or what ('Russia', 'Russian',
    'President'): it sets the country or title of a name that would follow, and none
    does. A fifth of all runs, read without splitting them into tokens (a run of
    several words gives a key with a space, which no table holds)."""
    return (_clean_token(folded[run.start():run.end()]),) in g.bare_words


def _title_length(tokens: list[str], item: _Item, g: Gazetteer) -> int:
    """How many tokens of a person's name as the text writes it, an alias in the
    gazetteer, are a title ('King Charles III', 'Pope Francis'): the title the text
    gives, though read as part of the name. 0 if none, if only an honorific ('Mr'),
    or if the person's own name begins so ('Sheikh Hasina')."""
    for length in range(min(3, item.end - item.start - 1), 0, -1):
        prefix = tuple(tokens[item.start:item.start + length])
        entry = g.titles.get(prefix)
        if entry is not None and entry.level != "honorific":
            own = any(key_of(g.people[person].name)[:length] == prefix for person in item.value)
            return 0 if own else length
    return 0


def _given_name_here(item: _Item, following: _Item | None, lowered: list[str], vouched: bool, g: Gazetteer) -> bool:
    """Whether a surname the gazetteer knows is the given name of someone else here,
    the next word of the run being unknown: 'Fayez al-Sarraj' (the name goes on), or,
    after a title that vouches for a person, 'Ambassador Jonathan Merriweather' (the
    next word is not the known person's given name, as in 'Abe Shinzo'). A headline's
    capitals say nothing ('Putin Meets Xi')."""
    if item.kind != "surname" or following is None or following.kind != "unknown":
        return False
    word = lowered[following.start]
    if _NAME_GOES_ON.match(word):
        return True
    if not vouched or word.strip(".,") in _SENTENCE_WORDS:
        return False
    return _clean_token(word) not in {token for person in item.value for token in key_of(g.people[person].name)}


def _candidates_in(text: str, folded: str, sentence: Sentence, g: Gazetteer, anchors: Mapping[str, Entity]) -> list[_Candidate]:
    """The names in one sentence; `folded` is `fold(text)`, made once a document, and
    `anchors` the names the sentences before resolved (see `find_mentions`)."""
    found: list[_Candidate] = []
    for run in _RUN.finditer(text, sentence.span.start, sentence.span.end):
        if _names_nobody(folded, run, g):
            continue
        spans = _token_spans(text, run)
        words = [text[start:end] for start, end in spans]  # as written
        lowered = [folded[start:end] for start, end in spans]
        tokens = [_clean_token(word) for word in lowered]
        if len(tokens) == 1 and tokens[0] not in g.longest and (
                tokens[0] in _FUNCTION or lowered[0].strip(".,") in _SENTENCE_WORDS):
            continue  # 'The', 'In', 'On Monday': one common word the gazetteer does not know names nobody
        items = _scan(tokens, g)
        state = _lower_title(folded, sentence, run.start(), g)
        pending: list[_Item] = []

        def flush() -> None:
            # Unknown capitalised words; headlines are title case, so only names the
            # gazetteer knows are read there.
            if pending and len(pending) <= 4 and not sentence.is_headline:
                first, last = pending[0], pending[-1]
                surname = fold(words[last.end - 1].removesuffix("'s").rstrip(".,"))
                # No title vouches for it: a name only if it is a surname named before
                # with one ('Ardiles' after 'Chilean President Tomas Ardiles', neither
                # in the gazetteer). Most such words ('Kremlin', 'Parliament') are not,
                # and are not made candidates at all.
                after = None if state.vouched else _title_after(folded, spans[last.end - 1][1], sentence, g)
                if state.vouched or after or surname in anchors or any(fold(c.name_tokens[-1]) == surname for c in found):
                    title, country = after or (state.title, state.country)
                    surface = tuple(word.removesuffix("'s").rstrip(".,") for word in words[first.start:last.end])
                    found.append(_Candidate(Span(spans[first.start][0], spans[last.end - 1][1]), sentence.index, surface,
                                            (), False, title, state.title_span, country or state.country,
                                            state.vouched or after is not None, counterpart=state.counterpart))
            pending.clear()

        for position, item in enumerate(items):
            word = lowered[item.start].strip(".,")
            given_name_unknown = False
            if item.kind in ("person", "surname"):
                first = words[pending[0].start] if pending else ""
                if item.kind == "surname" and len(pending) == 1 and pending[-1].end == item.start and not first.isupper():
                    # 'Tony Blinken': a given name the gazetteer does not list, before a known surname
                    item = _Item("surname", pending[0].start, item.end, item.value)
                    pending.clear()
                    given_name_unknown = True
                flush()
                following = items[position + 1] if position + 1 < len(items) else None
                if _given_name_here(item, following, lowered, state.vouched and not sentence.is_headline, g):
                    pending.append(item)  # a first name, not the surname it shares: read with the words after it
                    continue
                surface = tuple(words[item.start:item.end])
                last = lowered[item.end - 1].strip(".,").removesuffix("'s")
                ambiguous = item.kind == "surname" and last in _AMBIGUOUS_SURNAMES
                if not ambiguous or (state.vouched and not sentence.is_headline):
                    title, title_span, country = state.title, state.title_span, state.country
                    if title is None and item.kind == "person" and (length := _title_length(tokens, item, g)):
                        title = g.titles[tuple(tokens[item.start:item.start + length])].title
                        title_span = Span(spans[item.start][0], spans[item.start + length - 1][1])
                    if title is None and (after := _title_after(folded, spans[item.end - 1][1], sentence, g)):
                        title, country = after[0], country or after[1]
                    found.append(_Candidate(Span(spans[item.start][0], spans[item.end - 1][1]), sentence.index, surface,
                                            item.value, item.kind == "person", title, title_span, country,
                                            state.vouched, given_name_unknown, state.counterpart))
                state.reset()
            elif item.kind == "title":
                flush()
                state.vouched = True
                # 'Mr.', 'His Excellency' are no job title; a style or rank after one is
                # not either ('Foreign Minister Prince Faisal', 'Defence Minister Adm. Dong Jun')
                if item.value.level != "honorific" and not (state.title and item.value.level in _STYLES):
                    state.title = item.value.title
                    state.title_span = Span(spans[item.start][0], spans[item.end - 1][1])
            elif item.kind == "place":
                flush()
                state.country = item.value
                if words[item.end - 1].endswith(("'s", "'")):
                    state.vouched = True  # "Kenya's William Ruto"
            elif item.kind == "function":
                flush()
                following = items[position + 1].kind if position + 1 < len(items) else "end"
                if following not in ("place", "function"):
                    state.reset()  # 'Director of the Office': the title is the office's, not a name's
            elif word in _SENTENCE_WORDS:
                flush()
            else:
                pending.append(item)
        flush()
    return found


def find_mentions(text: str, sentences: tuple[Sentence, ...], reference: date | None) -> tuple[Mention, ...]:
    """Every person named in the text, resolved to one entity per person."""
    g = gazetteer()
    folded = fold(text)
    # People named in full (or vouched for by a title) anchor the surnames.
    anchors: dict[str, Entity] = {}
    resolved: list[tuple[_Candidate, Entity]] = []
    for sentence in sentences:
        for candidate in _candidates_in(text, folded, sentence, g, anchors):
            entity = _resolve(candidate, g, reference, anchors)
            if entity is not None:
                resolved.append((candidate, entity))
                if candidate.by_full_name or not candidate.ids:
                    for token in candidate.name_tokens[-1:]:
                        anchors.setdefault(fold(token), entity)
    return tuple(Mention(entity, c.span, c.sentence, c.title, c.title_span, c.counterpart) for c, entity in resolved)


def _resolve(candidate: _Candidate, g: Gazetteer, reference: date | None, anchors: dict[str, Entity]) -> Entity | None:
    if candidate.ids and candidate.given_name_unknown and not _confirmed(candidate, g, reference):
        candidate = replace(candidate, ids=())  # 'Fernando Azevedo' is not Roberto Azevêdo: another person
    if candidate.ids:
        person = g.choose(candidate.ids, country=candidate.country, title=candidate.title, when=reference)
        anchor = anchors.get(fold(candidate.name_tokens[-1]))
        if person is None:
            # A name the gazetteer gives to several people, and nothing in the text tells
            # which: the person is kept, without an id, unless named in full before.
            if anchor is not None and not candidate.by_full_name:
                return anchor
            if candidate.by_full_name or candidate.vouched:
                return _unlinked(candidate)
            return None
        if not candidate.by_full_name and anchor is not None:
            return anchor
        return person_entity(person)
    if fold(candidate.name_tokens[-1]) in anchors and (len(candidate.name_tokens) == 1 or not candidate.vouched):
        return anchors[fold(candidate.name_tokens[-1])]
    if not candidate.vouched:
        return None  # capitalised words no title vouches for: not taken for a name
    return _unlinked(candidate)


def _unlinked(candidate: _Candidate) -> Entity:
    name = " ".join(candidate.name_tokens)
    return Entity(key=f"name:{fold(name)}", name=name, type="Person", country=candidate.country)


def _confirmed(candidate: _Candidate, g: Gazetteer, reference: date | None) -> bool:
    """A known surname after an unknown given name names the known person only when the
    text's country or title fits one of that person's offices."""
    person = g.choose(candidate.ids, country=candidate.country, title=candidate.title, when=reference)
    if person is None:
        return False
    return (candidate.country is not None and any(r.country == candidate.country for r in person.roles)) or (
        candidate.title is not None and any(r.title == candidate.title for r in person.roles))


def person_entity(person: Person) -> Entity:
    return Entity(key=person.id, name=person.name, type="Person", wikidata=person.wikidata, country=person.country)
