"""`pingtui --help` names only commands that exist (issue 17 item 9)."""

from __future__ import annotations

import argparse
import re

import pytest

from pingtui.cli import build_parser


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


@pytest.mark.parametrize("group", ["profiles", "auth"])
def test_a_groups_summary_lists_exactly_its_actions(group: str) -> None:
    parser = build_parser()
    actions = list(_subcommands(_subcommands(parser)[group]))
    text = " ".join(parser.format_help().split())  # argparse wraps lines
    line = re.search(rf"\b{group} ([^:]+): (\S+)", text)
    assert line, text
    assert line.group(2).split("|") == actions


def test_the_summary_names_no_missing_action() -> None:
    text = build_parser().format_help()
    assert "switch" not in text and "import profiles" not in text  # use, import-pingcli
