"""Every -o format streams page by page; json says when a listing failed part-way.

Against the session simulator (100 users a page): 250 users of Load Testing are three pages.
"""

from __future__ import annotations

import json

import pytest
import yaml

from pingtui.sim import Fault

USERS = ("users", "list", "--environment", "Load Testing", "--limit", "250")


def _items(scale_cli) -> list[dict]:  # type: ignore[no-untyped-def]
    result = scale_cli(*USERS, "-o", "ndjson")
    assert result.code == 0, result
    return [json.loads(line) for line in result.out.splitlines()]


def test_ndjson_is_one_compact_object_a_line(scale_cli):
    result = scale_cli(*USERS, "-o", "ndjson")
    assert result.code == 0, result
    lines = result.out.splitlines()
    assert len(lines) == 250
    first = json.loads(lines[0])
    assert first["username"] == "ada.lovelace0"
    assert lines[0] == json.dumps(first, ensure_ascii=False, separators=(",", ":"))
    assert [json.loads(line)["username"] for line in lines[-2:]] == \
        [f"{u['username']}" for u in _items(scale_cli)[-2:]]
    assert result.err.strip() == "Fetched 250 items"


def test_json_is_the_indented_array_of_every_page(scale_cli):
    items = _items(scale_cli)
    result = scale_cli(*USERS, "-o", "json")
    assert result.code == 0, result
    # The same bytes json.dumps(indent=2) writes for the whole list, though written by page.
    assert result.out == json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def test_json_cut_short_has_no_closing_bracket_and_says_so(scale_cli, scale_sim, load_testing):
    # The second page of users answers 500 (not retried): one page was written already.
    scale_sim.faults.add(Fault.server_error(500, path=f"/v1/environments/{load_testing}/users",
                                            after=1, count=None))
    result = scale_cli(*USERS, "-o", "json")
    assert result.code == 1, result
    assert result.out.startswith("[\n  {")
    assert not result.out.rstrip().endswith("]")
    with pytest.raises(json.JSONDecodeError):
        json.loads(result.out)
    assert "Fetched 100 items before the error: the listing is incomplete." in result.err
    assert result.out.count('"username"') == 100


def test_ndjson_cut_short_keeps_the_lines_it_had(scale_cli, scale_sim, load_testing):
    scale_sim.faults.add(Fault.server_error(500, path=f"/v1/environments/{load_testing}/users",
                                            after=2, count=None))
    result = scale_cli(*USERS, "-o", "ndjson")
    assert result.code == 1
    assert len(result.out.splitlines()) == 200
    assert "incomplete" in result.err


def test_yaml_is_the_same_sequence_in_c_and_in_python(scale_cli, monkeypatch):
    items = _items(scale_cli)
    assert yaml.__with_libyaml__, "PyYAML without libyaml: the C emitter is not tested"
    fast = scale_cli(*USERS, "-o", "yaml")
    assert fast.code == 0, fast
    assert yaml.safe_load(fast.out) == items
    assert fast.out == yaml.safe_dump(items, sort_keys=False, allow_unicode=True)
    monkeypatch.delattr(yaml, "CSafeDumper")  # PyYAML built without libyaml: the fallback
    slow = scale_cli(*USERS, "-o", "yaml")
    assert slow.out == fast.out


@pytest.mark.parametrize(("fmt", "empty"), [("json", "[]\n"), ("yaml", "[]\n"), ("ndjson", ""),
                                             ("csv", "ID,USERNAME")])
def test_an_empty_listing_is_a_complete_empty_document(scale_cli, fmt, empty):
    result = scale_cli("users", "list", "-e", "Load Testing", "--filter",
                       'username eq "nobody.here1"', "-o", fmt)
    assert result.code == 0, result
    assert result.out.startswith(empty) if fmt == "csv" else result.out == empty
    assert result.err.strip() == "Fetched 0 items"


def test_csv_and_table_stream_the_catalog_columns(scale_cli):
    csv_out = scale_cli(*USERS, "-o", "csv")
    assert csv_out.code == 0
    rows = csv_out.out.splitlines()
    assert rows[0].startswith("ID,USERNAME,EMAIL") and len(rows) == 251
    table = scale_cli(*USERS)
    lines = table.out.splitlines()
    assert lines[0].split()[:3] == ["ID", "USERNAME", "EMAIL"] and len(lines) == 251
    assert "ada.lovelace0" in lines[1]
