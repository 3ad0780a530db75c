"""Every command of the parser names a handler that exists: a typo in a "module:function" string
fails here, not when a user first types that command."""

from __future__ import annotations

import argparse
import importlib
import inspect
from collections.abc import Iterator

from pingtui.cli import build_parser


def _commands(parser: argparse.ArgumentParser,
              path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str | None]]:
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers:
        yield path, parser.get_default("handler")
        return
    for action in subparsers:
        for name, sub in action.choices.items():
            yield from _commands(sub, path + (name,))


def _problems(parser: argparse.ArgumentParser) -> list[str]:
    problems = []
    for path, spec in _commands(parser):
        where = " ".join(path)
        if spec is None:
            problems.append(f"{where}: no handler")
            continue
        module_name, sep, name = spec.partition(":")
        try:
            handler = getattr(importlib.import_module(module_name), name) if sep else None
        except (ImportError, AttributeError) as exc:
            problems.append(f"{where}: {spec}: {exc}")
            continue
        if not callable(handler):
            problems.append(f"{where}: {spec} is not a function")
            continue
        # The CLI calls handler(args, ctx).
        params = list(inspect.signature(handler).parameters)
        if len(params) < 2:
            problems.append(f"{where}: {spec} takes {params}, not (args, ctx)")
    return problems


def test_every_command_resolves_to_a_callable_handler() -> None:
    parser = build_parser()
    assert len(list(_commands(parser))) >= 13  # profiles (7), init, auth (4), a listing
    assert _problems(parser) == []


def test_a_misspelt_or_missing_handler_is_reported() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    sub.add_parser("typo").set_defaults(handler="pingtui.commands.profiles:list_profile")
    sub.add_parser("module").set_defaults(handler="pingtui.commands.nope:run")
    sub.add_parser("bare")
    problems = _problems(parser)
    assert [p.split(":")[0] for p in problems] == ["typo", "module", "bare"]
