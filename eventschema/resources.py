"""Bundled files: the public JSON Schemas and the rule data, checked as they load.

Schemas live in the top-level `schemas/` folder of the source tree, which the build
maps to `eventschema/schemas` inside the installed package; both places are tried,
so a source checkout and an installed wheel behave the same. Rule data lives in
`eventschema/data/` and is validated against `eventschema/data/schema/` at load
(ctparse-style): a broken rule file fails at import with the file and entry named.
"""
from __future__ import annotations

import json
from functools import cache, lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import fastjsonschema


class RuleDataError(ValueError):
    """A bundled rule file is malformed; the message names the file and the entry."""


def _package_dir(name: str) -> Traversable:
    bundled = resources.files("eventschema") / name
    if bundled.is_dir():
        return bundled
    # Source checkout: schemas/ sits beside the package until the build maps it in.
    source = Path(__file__).resolve().parent.parent / name
    if source.is_dir():
        return source
    raise FileNotFoundError(f"bundled folder {name!r} not found in the eventschema package")


def _read_json(location: Traversable, label: str) -> Any:
    try:
        return json.loads(location.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise RuleDataError(f"{label}: line {error.lineno}: {error.msg}") from None


@cache
def schema(name: str) -> dict:
    """A public schema by file stem: 'event-record', 'input-document', ..."""
    return _read_json(_package_dir("schemas") / f"{name}.schema.json", f"schemas/{name}.schema.json")


@cache
def context() -> dict:
    """The JSON-LD context inlined in every record."""
    return _read_json(_package_dir("schemas") / "context.jsonld", "schemas/context.jsonld")


@cache
def opensearch_mapping() -> dict:
    """The Elasticsearch/OpenSearch index mapping for `extract --format es-bulk`."""
    return _read_json(_package_dir("schemas") / "opensearch-mapping.json", "schemas/opensearch-mapping.json")


def schema_names() -> list[str]:
    folder = _package_dir("schemas")
    return sorted(p.name.removesuffix(".schema.json") for p in folder.iterdir() if p.name.endswith(".schema.json"))


def _data_dir() -> Traversable:
    return resources.files("eventschema") / "data"


@lru_cache(maxsize=32)
def _validator(rules_schema: str) -> Any:
    """A compiled validator for a schema (as JSON text): the people files share one."""
    return fastjsonschema.compile(json.loads(rules_schema))


def check_against_schema(data: Any, rules_schema: dict, label: str) -> None:
    """Raise RuleDataError naming the file and the JSON path of the first bad entry.

    Rule schemas are compiled with fastjsonschema: validating the gazetteer with the
    jsonschema package took most of start-up time, this takes milliseconds. The
    schemas keep to keywords both packages read alike, and the tests validate every
    rule file with jsonschema's Draft 2020-12 validator as well."""
    validate = _validator(json.dumps(rules_schema, sort_keys=True))
    try:
        validate(data)
    except fastjsonschema.JsonSchemaValueException as error:
        where = "/".join(str(p) for p in error.path[1:]) or "(top level)"
        message = error.message.removeprefix(error.name).strip()
        value = repr(error.value)
        value = value if len(value) <= 60 else value[:57] + "..."
        raise RuleDataError(f"{label}: entry {where}: {value} {message}") from None


@cache
def rule_data(name: str) -> Any:
    """A rule file by stem ('triggers', 'noise', ...), validated against its schema."""
    label = f"eventschema/data/{name}.json"
    data = _read_json(_data_dir() / f"{name}.json", label)
    rules_schema = _read_json(_data_dir() / "schema" / f"{name}.schema.json", f"eventschema/data/schema/{name}.schema.json")
    check_against_schema(data, rules_schema, label)
    return data


@cache
def people_files() -> tuple[tuple[str, Any], ...]:
    """Every gazetteer file under data/people/, each validated, in name order."""
    rules_schema = _read_json(_data_dir() / "schema" / "people.schema.json", "eventschema/data/schema/people.schema.json")
    loaded = []
    for entry in sorted(_data_dir().joinpath("people").iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".json"):
            label = f"eventschema/data/people/{entry.name}"
            data = _read_json(entry, label)
            check_against_schema(data, rules_schema, label)
            loaded.append((label, data))
    return tuple(loaded)
