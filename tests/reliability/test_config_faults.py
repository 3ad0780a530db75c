"""Config faults tests/foundation/test_config.py does not cover (it covers corrupt YAML, wrong
types, a huge file, a symlink, a world-readable file, concurrent writers, a failed write).

Here: a small file that is pathological for the parser (nesting thousands deep), an alias
"billion laughs" document, a directory, a symlink loop, and bytes that are not UTF-8 — each a
clear ConfigError naming the file (exit 1), never an unexpected error, and never rewritten.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pingtui import config as cfg
from pingtui.errors import ConfigError

LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]"
       for i in range(9)])


def _make(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / "config.yaml"
    if kind == "deep-list":
        path.write_text("profiles:\n  work:\n    x: " + "[" * 5000 + "]" * 5000 + "\n")
    elif kind == "deep-map":
        path.write_text("profiles: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n")
    elif kind == "laughs-in-a-profile":
        path.write_text(LAUGHS + "\nprofiles:\n  work:\n    description: *j\n")
    elif kind == "directory":
        path.mkdir()
    elif kind == "symlink-loop":
        (tmp_path / "other.yaml").symlink_to(path)
        path.symlink_to(tmp_path / "other.yaml")
    elif kind == "not-utf8":
        path.write_bytes(b"profiles:\n  work: {description: \xff\xfe}\n")
    return path


@pytest.mark.parametrize("kind", ["deep-list", "deep-map", "laughs-in-a-profile", "directory",
                                  "symlink-loop", "not-utf8"])
def test_pathological_config_is_a_clear_error_and_untouched(run_cli, tmp_path: Path,
                                                            kind: str) -> None:
    path = _make(tmp_path, kind)
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(ConfigError) as caught:
        cfg.load_config(path)
    assert str(path) in caught.value.message and caught.value.hint
    for argv in (["profiles", "list"], ["profiles", "add", "new"]):
        result = run_cli("--config", str(path), *argv)
        assert result.code == 1, result
        assert result.err.startswith(f"pingtui: {path}") or f"file {path}" in result.err
        assert "unexpected error" not in result.err.lower() and len(result.err.splitlines()) <= 2
    if before is not None:
        assert path.read_bytes() == before


def test_shared_aliases_kept_as_unknown_keys_survive_a_write(tmp_path: Path) -> None:
    """An alias bomb under a key pingtui does not know is kept — and written back as the
    small document it was, not expanded a billion times."""
    path = tmp_path / "config.yaml"
    path.write_text(LAUGHS + "\nactiveProfile: work\nprofiles:\n  work: {}\n")
    with cfg.edit_config(path) as config:
        config.profiles["other"] = cfg.Profile("other")
    assert path.stat().st_size < 20_000
    again = cfg.load_config(path)
    assert sorted(again.profiles) == ["other", "work"]
