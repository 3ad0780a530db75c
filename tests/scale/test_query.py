"""--query JMESPATH on listings, get and api: applied to the whole result, in any -o format."""

from __future__ import annotations

import json

import pytest

from pingtui.errors import UsageError
from pingtui.query import apply_query, compile_query


def test_a_listing_query_filters_and_projects(scale_cli):
    everything = json.loads(scale_cli("environments", "list", "-o", "json").out)
    result = scale_cli("environments", "list", "-o", "json",
                       "--query", "[?type=='PRODUCTION'].name")
    assert result.code == 0, result
    assert json.loads(result.out) == [e["name"] for e in everything if e["type"] == "PRODUCTION"]
    assert result.err.strip() == f"Fetched {len(everything)} items"


def test_a_projection_becomes_the_table_columns(scale_cli):
    result = scale_cli("environments", "list", "--query", "[:3].{name: name, type: type}")
    assert result.code == 0, result
    lines = result.out.splitlines()
    assert lines[0].split() == ["NAME", "TYPE"]
    assert lines[1].split() == ["Administrators", "PRODUCTION"] and len(lines) == 4


def test_ndjson_writes_each_element_of_the_result(scale_cli):
    result = scale_cli(*("users", "list", "-e", "Load Testing", "--limit", "5"), "-o", "ndjson",
                       "--query", "[].username")
    assert result.out.splitlines() == [json.dumps(f"{name}") for name in json.loads(
        scale_cli("users", "list", "-e", "Load Testing", "--limit", "5", "-o", "json",
                  "--query", "[].username").out)]
    assert json.loads(result.out.splitlines()[0]) == "ada.lovelace0"


def test_a_bad_expression_is_a_usage_error_before_any_request(scale_cli, scale_sim):
    before = len(scale_sim.requests)
    result = scale_cli("environments", "list", "--query", "[?type==")
    assert result.code == 2
    assert result.err.startswith("pingtui: --query: '[?type==' is not a JMESPath expression")
    assert "Traceback" not in result.err
    assert len(scale_sim.requests) == before


def test_get_applies_the_query(scale_cli):
    result = scale_cli("environments", "get", "Administrators", "-o", "json", "--query",
                       "{n: name, t: type}")
    assert result.code == 0, result
    assert json.loads(result.out) == {"n": "Administrators", "t": "PRODUCTION"}


def test_api_applies_the_query(scale_cli):
    result = scale_cli("api", "/environments", "--query", "_embedded.environments[0].name")
    assert result.code == 0, result
    assert json.loads(result.out) == "Administrators"


def test_a_query_on_a_value_of_the_wrong_type_is_a_usage_error():
    with pytest.raises(UsageError, match="could not be applied"):
        apply_query("length(@)", 5)
    assert apply_query(None, [1]) == [1]
    assert compile_query("[0]").search([7]) == 7
