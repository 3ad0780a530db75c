"""A command's start-up: it builds the parser of its own command only, loads no module only
other paths use, and the process leaves the objects its imports made out of the collector's
pass at exit (issue 15, item 3)."""

from __future__ import annotations

from pathlib import Path

from processes import python_lines
from sim_profiles import profile_yaml

from pingtui.api.catalog import CATALOG
from pingtui.cli import build_parser
from pingtui.sim import Simulator


def _commands(word: str | None) -> set[str]:
    parser = build_parser(only=word)
    sub = next(a for a in parser._actions if a.dest == "command")
    return set(sub.choices)


def test_a_kind_builds_its_own_parser_alone() -> None:
    environments = CATALOG.kinds["environments"]
    assert _commands("envs") == {"environments", *environments.aliases}
    assert _commands("who-holds") == {"role-holders", "who-holds"}
    assert _commands("activities") == {"activities"}


def test_an_unknown_word_still_gets_every_command_for_the_nearest_name() -> None:
    assert _commands("usres") == _commands(None)
    assert {"users", "profiles", "activities", "api", "kinds"} <= _commands("usres")


def test_a_listing_parses_without_the_other_commands_modules() -> None:
    code = ("import sys\nfrom pingtui.cli import parse_args\n"
            "args = parse_args(['environments', 'list', '-o', 'json'])\n"
            "print(args.handler, args.kind)\n"
            "print(sorted(m for m in sys.modules if m in ('pingtui.api.activities', "
            "'pingtui.commands.api', 'pingtui.commands.holders', 'pingtui.api.references')))")
    out = python_lines(code)
    assert out == ["pingtui.commands.listing:list_resources environments", "[]"]


def test_a_json_listing_loads_nothing_only_other_paths_use(scale_sim: Simulator,
                                                             tmp_path: Path) -> None:
    """A client-credentials profile's `environments list -o json` leaves unloaded: the browser
    sign-on's listener, the reference names of table and csv, the suggestions for a mistyped
    name, orjson (a page of 29 is the stdlib's). (Nor uuid, which imports platform; but here
    the test extras' click imports it.)"""
    config = tmp_path / "config.yaml"
    config.write_text(profile_yaml(scale_sim))
    config.chmod(0o600)
    unused = ("pingtui.auth.loopback", "pingtui.api.references", "difflib", "orjson")
    code = ("import io, json, sys\nfrom pingtui.cli import run\nout = io.StringIO()\n"
            f"code = run(['--config', {str(config)!r}, 'environments', 'list', '-o', 'json'],"
            " stdout=out, stderr=io.StringIO())\n"
            "print(code, len(json.loads(out.getvalue())))\n"
            f"print(sorted(m for m in {unused!r} if m in sys.modules))")
    out = python_lines(code)
    assert out == [f"0 {len(scale_sim.data.environments)}", "[]"]


def test_the_process_freezes_its_objects_before_it_exits() -> None:
    code = ("import contextlib, gc, io\nfrom pingtui.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n    code = main(['kinds'])\n"
            "print(code, gc.get_freeze_count() > 1000)")
    assert python_lines(code) == ["0 True"]
