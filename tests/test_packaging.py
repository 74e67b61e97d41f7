"""The installed package carries its schemas and rule data (no source tree needed).

The README's test command installs the package (not editable) and runs pytest,
which then imports the installed copy: these tests prove that the wheel holds
everything the extractor loads. From a source tree or an editable install they skip."""
from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

import eventschema
from eventschema.resources import schema

INSTALLED = "site-packages" in Path(eventschema.__file__).parts
installed_only = pytest.mark.skipif(not INSTALLED, reason="eventschema is imported from a source tree, not an installed copy")


@installed_only
def test_schemas_and_rule_data_ship_inside_the_package():
    package = resources.files("eventschema")
    for name in ("event-record.schema.json", "input-document.schema.json", "context.jsonld"):
        assert (package / "schemas" / name).is_file(), name
    for name in ("triggers", "dates", "noise", "places", "titles", "topics", "outcomes"):
        assert (package / "data" / f"{name}.json").is_file(), name
        assert (package / "data" / "schema" / f"{name}.schema.json").is_file(), name


@installed_only
def test_the_command_runs_outside_the_source_tree(tmp_path):
    text = tmp_path / "call.txt"
    text.write_text("U.S. President Joe Biden spoke by phone with German Chancellor Olaf Scholz on Monday.")
    done = subprocess.run([sys.executable, "-m", "eventschema", "extract", "--reference-date", "2023-03-15", str(text)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert '"startDate":"2023-03-13"' in done.stdout


def test_schema_loads_by_name():
    assert schema("event-record")["title"] == "eventschema event record"
