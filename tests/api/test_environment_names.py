"""--environment X (issue 10, item 9): a name is a name, an ID is an ID in whatever form it was
pasted, a name nobody has but an ID somebody has is that ID, and two of one name is an error
that lists both IDs — through the CLI, on the demo simulator."""

from __future__ import annotations

import pytest


def _admin_id(run_cli) -> str:
    listed = run_cli("--demo", "environments", "list", "-o", "json")
    import json

    return next(e["id"] for e in json.loads(listed.out) if e["name"] == "Administrators")


@pytest.mark.parametrize("form", [str.upper, lambda i: "{" + i.upper() + "}",
                                  lambda i: i.replace("-", ""), lambda i: f"urn:uuid:{i}"])
def test_an_id_in_any_pasted_form_is_the_id(run_cli, demos, form) -> None:
    admin = _admin_id(run_cli)
    result = run_cli("--demo", "groups", "list", "--environment", form(admin), "-o", "json")
    assert result.code == 0, result
    assert result.out.strip().startswith("[")


def test_a_name_is_a_name_and_an_unknown_one_says_so(run_cli, demos) -> None:
    assert run_cli("--demo", "groups", "list", "--environment", "administrators").code == 0
    missing = run_cli("--demo", "groups", "list", "--environment", "No Such Env")
    assert missing.code == 1
    assert "There is no environment named 'No Such Env'" in missing.err
