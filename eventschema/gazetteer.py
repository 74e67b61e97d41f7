"""The bundled gazetteer: people, countries, organizations and titles, indexed once.

Names are matched on folded text (lowercase, accents stripped, same length), so
'Erdogan' finds 'Erdoğan'. A name the gazetteer shares between people is resolved
by country, title and date (see `Gazetteer.choose`), or left without an id.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import ahocorasick
import regex

from .charmap import char_mapper
from .resources import RuleDataError, people_files, rule_data

WIKIDATA = "http://www.wikidata.org/entity/"


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFKD", chr(code))[0]
        if base.isascii() and base.isalpha() and base != chr(code):
            table[code] = base
    table.update({ord("ı"): "i", ord("İ"): "I", ord("ø"): "o", ord("Ø"): "O", ord("ł"): "l", ord("Ł"): "L",
                  ord("đ"): "d", ord("Đ"): "D", ord("ß"): "s", ord("æ"): "a", ord("Æ"): "A", ord("œ"): "o",
                  ord("’"): "'", ord("‘"): "'"})
    return table


_FOLD = _fold_table()
_strip_accents = char_mapper(_FOLD)


def fold(text: str) -> str:
    """Lowercase, accents stripped, one character for one: offsets survive."""
    if text.isascii():
        return text.lower()  # no accents, and ASCII lowers one for one: most words, read 60 times a document
    plain = _strip_accents(text)
    folded = plain.lower()
    if len(folded) != len(text):
        folded = "".join(c.lower() if len(c.lower()) == 1 else c for c in plain)
    return folded


def key_of(name: str) -> tuple[str, ...]:
    return tuple(fold(name).replace(".", " ").replace(",", " ").split())


def _day(value: str | None, end: bool = False) -> date | None:
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    year, month, day = parts[0], parts[1] if len(parts) > 1 else (12 if end else 1), parts[2] if len(parts) > 2 else (28 if end else 1)
    return date(year, month, day)


@dataclass(frozen=True)
class Role:
    title: str
    country: str
    start: date
    end: date | None

    def active(self, when: date) -> bool:
        return self.start <= when and (self.end is None or when <= self.end)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    wikidata: str | None
    country: str
    roles: tuple[Role, ...]


@dataclass(frozen=True)
class Place:
    code: str
    type: str  # Country or Organization
    name: str
    wikidata: str | None


@dataclass(frozen=True)
class Title:
    title: str
    level: str


@dataclass(frozen=True)
class Gazetteer:
    people: dict[str, Person]
    full_names: dict[tuple[str, ...], tuple[str, ...]]  # folded name tokens -> person ids
    surnames: dict[tuple[str, ...], tuple[str, ...]]
    places: dict[str, Place]
    place_names: dict[tuple[str, ...], str]  # names and aliases -> code
    adjectives: dict[tuple[str, ...], str]
    capitals: dict[tuple[str, ...], str]
    metonyms: dict[tuple[str, ...], str]
    titles: dict[tuple[str, ...], Title]
    longest: dict[str, int]  # first token -> the most tokens of any indexed phrase it starts
    # folded tokens -> (kind, value): what a run of capitalised words reads as, a
    # person's name before a title before a place before a surname
    phrases: dict[tuple[str, ...], tuple[str, Any]]
    # one-word keys that say only where or what ('russia', 'russian', 'president'):
    # a place, a nationality or a title, and no person's name or surname
    bare_words: frozenset[tuple[str, ...]]

    def choose(self, ids: tuple[str, ...], *, country: str | None, title: str | None, when: date | None) -> Person | None:
        """The one person among `ids` that the hints single out, else None."""
        candidates = [self.people[i] for i in ids]
        if len(candidates) == 1:
            return candidates[0]
        for keep in (
            lambda p: country is None or p.country == country or any(r.country == country for r in p.roles),
            lambda p: title is None or any(r.title == title for r in p.roles),
            lambda p: when is None or any(r.active(when) for r in p.roles),
        ):
            narrowed = [p for p in candidates if keep(p)]
            if narrowed:
                candidates = narrowed
            if len(candidates) == 1:
                return candidates[0]
        return None


def _add(index: dict, key: tuple[str, ...], value: str) -> None:
    if key:
        index[key] = index.get(key, ()) + ((value,) if value not in index.get(key, ()) else ())


@cache
def gazetteer() -> Gazetteer:
    places: dict[str, Place] = {}
    place_names: dict[tuple[str, ...], str] = {}
    adjectives: dict[tuple[str, ...], str] = {}
    capitals: dict[tuple[str, ...], str] = {}
    metonyms: dict[tuple[str, ...], str] = {}
    for entry in rule_data("places")["entities"]:
        if entry["code"] in places:
            raise RuleDataError(f"eventschema/data/places.json: duplicate code {entry['code']!r}")
        places[entry["code"]] = Place(entry["code"], entry["type"], entry["name"], entry["wikidata"])
        for name in [entry["name"], *entry["aliases"]]:
            place_names.setdefault(key_of(name), entry["code"])
        for name in entry["adjectives"]:
            adjectives.setdefault(key_of(name), entry["code"])
        for name in entry["capitals"]:
            capitals.setdefault(key_of(name), entry["code"])
        for name in entry["metonyms"]:
            metonyms.setdefault(key_of(name), entry["code"])
    people: dict[str, Person] = {}
    full_names: dict[tuple[str, ...], tuple[str, ...]] = {}
    surnames: dict[tuple[str, ...], tuple[str, ...]] = {}
    for label, data in people_files():
        for entry in data["people"]:
            if entry["id"] in people:
                raise RuleDataError(f"{label}: duplicate person id {entry['id']!r}")
            for code in [entry["country"], *(r["country"] for r in entry["roles"])]:
                if code not in places:
                    raise RuleDataError(f"{label}: person {entry['id']!r}: unknown country or organization code {code!r}")
            roles = tuple(Role(r["title"], r["country"], _day(r["from"]), _day(r.get("to"), end=True)) for r in entry["roles"])
            people[entry["id"]] = Person(entry["id"], entry["name"], entry["wikidata"], entry["country"], roles)
            for name in [entry["name"], *entry["aliases"]]:
                _add(full_names, key_of(name), entry["id"])
            for name in entry["surnames"]:
                _add(surnames, key_of(name), entry["id"])
    titles: dict[tuple[str, ...], Title] = {}
    for entry in rule_data("titles")["titles"]:
        for variant in [entry["title"], *entry["variants"]]:
            titles.setdefault(key_of(variant), Title(entry["title"], entry["level"]))
    longest: dict[str, int] = {}
    for index in (full_names, surnames, place_names, adjectives, titles):
        for key in index:
            longest[key[0]] = max(longest.get(key[0], 0), len(key))
    phrases: dict[tuple[str, ...], tuple[str, Any]] = {}
    for kind, index in (("surname", surnames), ("place", adjectives), ("place", place_names), ("title", titles), ("person", full_names)):
        phrases.update((key, (kind, value)) for key, value in index.items())  # each later kind overrides
    bare_words = frozenset(key for key in (*place_names, *adjectives, *titles)
                           if len(key) == 1 and key not in full_names and key not in surnames)
    return Gazetteer(people, full_names, surnames, places, place_names, adjectives, capitals, metonyms, titles, longest, phrases,
                     bare_words)


def _place_names() -> list[str]:
    """Country and organization names, case as written ('Russia', 'the U.S.', 'NATO')."""
    names: set[str] = set()
    for entry in rule_data("places")["entities"]:
        names.update(n for n in [entry["name"], *entry["aliases"]] if len(n) >= 2 and not n.islower())
    return sorted(names)


@cache
def _place_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for name in _place_names():
        automaton.add_word(name, len(name))
    automaton.make_automaton()
    return automaton


# What may not touch a place name: a word character or a dot before it, a word
# character after it ('Iran' is not read in 'Iranian', nor 'UN' in 'FUNDS' or 'UNESCO').
_BLOCKS_BEFORE = regex.compile(r"[\w.]")
_BLOCKS_AFTER = regex.compile(r"\w")


def place_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where place names occur in text[start:end], as the regex
    '(?<![\\w.])(?:NAME|...)(?!\\w)' with the names longest first would find them (the
    tests compare the two): at each place the longest name that fits, left to right,
    without overlaps. One Aho-Corasick pass; compiling that regex took 35 ms of start-up."""
    lengths: dict[int, list[int]] = {}
    for last, length in _place_automaton().iter(text, start, end):
        lengths.setdefault(last + 1 - length, []).append(length)
    found: list[tuple[int, int]] = []
    taken = start
    for begin in sorted(lengths):
        if begin < taken or (begin > 0 and _BLOCKS_BEFORE.match(text, begin - 1)):
            continue
        for length in sorted(lengths[begin], reverse=True):
            stop = begin + length
            if stop == end or not _BLOCKS_AFTER.match(text, stop, end):
                found.append((begin, stop))
                taken = stop
                break
    return found
