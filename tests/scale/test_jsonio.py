"""pingtui.jsonio: orjson for big documents, the stdlib for small ones; the same values and bytes
either way (issue 15: a short listing does not pay orjson's import)."""

from __future__ import annotations

import json

import pytest
from processes import python_lines

from pingtui import jsonio

OBJECTS = [
    {"id": "3b1b2f7e-1a2b-4c3d-9e8f-0a1b2c3d4e5f", "name": "Zoë's \"prod\" 東京", "enabled": True,
     "mfaEnabled": False, "description": None, "count": 12, "ratio": 0.5,
     "population": {"id": "p1"}, "tags": ["a", "b"], "empty": {}, "none": []},
    {"id": "x", "nested": [{"deep": [1, 2, {"k": "v\n\t"}]}], "emoji": "🔑"},
]


@pytest.mark.parametrize("indent", [True, False])
def test_orjson_and_the_stdlib_write_the_same_bytes(indent: bool) -> None:
    big = jsonio.dumps(OBJECTS, indent=indent, big=True)
    small = jsonio.dumps(OBJECTS, indent=indent, big=False)
    assert big == small
    expected = (json.dumps(OBJECTS, indent=2, ensure_ascii=False) if indent
                else json.dumps(OBJECTS, ensure_ascii=False, separators=(",", ":")))
    assert small == expected.encode()


def test_what_orjson_refuses_is_written_and_read_by_the_stdlib() -> None:
    huge = {"n": 2**70}
    assert jsonio.dumps(huge, indent=False, big=True) == b'{"n":1180591620717411303424}'
    body = b'{"n": 1180591620717411303424, "pad": "' + b"x" * jsonio.BIG_BYTES + b'"}'
    assert jsonio.loads(body)["n"] == 2**70
    with pytest.raises(ValueError):
        jsonio.loads(b"<html>" + b" " * jsonio.BIG_BYTES)


def test_orjson_is_loaded_for_a_big_document_only() -> None:
    code = ("import sys\nfrom pingtui import jsonio\n"
            "jsonio.loads(b'[' + b'1,' * 100 + b'1]')\n"
            "jsonio.dumps([{'a': 1}] * 99, indent=True, big=False)\n"
            "print('orjson' in sys.modules)\n"
            "page = jsonio.loads(b'[' + b'1,' * jsonio.BIG_BYTES + b'1]')\n"
            "print('orjson' in sys.modules, len(page))")
    assert python_lines(code) == ["False", f"True {jsonio.BIG_BYTES + 1}"]
