"""`pingtui completion bash|zsh|fish`, and the answer to a shell's TAB.

Completion is argcomplete's: the script printed here makes the shell run pingtui itself with
``_ARGCOMPLETE`` set when TAB is pressed; :func:`pingtui.cli.main` then calls :func:`complete`,
which builds the full parser (every command, option, choice and kind name comes from it, so
completion can't drift from the CLI) and answers. argcomplete rather than a static generator
such as shtab: shtab writes no fish script, and profile names change with the config, which a
dynamic completer reads at TAB time. argcomplete is imported only when a shell asks (never on
an ordinary run: start-up time).
"""

from __future__ import annotations

import argparse
import os
from argparse import Namespace
from collections.abc import Iterator
from typing import Any

from pingtui.context import Context

SHELLS = ("bash", "zsh", "fish")

# The positionals that name an existing profile (``profiles add NAME`` names a new one).
_PROFILE_ARGS = {"show": ("name",), "use": ("name",), "delete": ("name",),
                 "rename": ("old",)}


def completion(args: Namespace, ctx: Context) -> int:
    from argcomplete.shell_integration import shellcode

    print(shellcode(["pingtui"], shell=args.shell), file=ctx.stdout)
    return 0


def profile_names(prefix: str, parsed_args: Namespace | None = None, **_: Any) -> list[str]:
    """The profile names of the profiles file the command line would use (``--config`` typed
    before the TAB counts); nothing when it can't be read — a TAB never prints an error."""
    from pingtui.config import config_path, load_config
    from pingtui.errors import PingTUIError

    explicit = getattr(parsed_args, "config", None)
    try:
        config = load_config(config_path(explicit, os.environ))
    except (PingTUIError, OSError):
        return []
    return [name for name in config.profiles if name.startswith(prefix)]


def _parsers(parser: argparse.ArgumentParser) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Every parser of the tree with the name of its subcommand ('' for the top)."""
    stack: list[tuple[str, argparse.ArgumentParser]] = [("", parser)]
    while stack:
        name, current = stack.pop()
        yield name, current
        # argparse keeps a parser's actions in _actions (no public accessor).
        for action in current._actions:
            if isinstance(action, argparse._SubParsersAction):
                stack.extend(action.choices.items())


def add_completers(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Attach the profile-name completer to ``-P/--profile`` and the profile positionals."""
    for name, current in _parsers(parser):
        for action in current._actions:
            if action.dest == "profile" or action.dest in _PROFILE_ARGS.get(name, ()):
                action.completer = profile_names  # type: ignore[attr-defined]
    return parser


def complete() -> None:
    """Answer the shell that ran pingtui for a TAB, then exit (argcomplete's protocol)."""
    import argcomplete

    from pingtui.cli import build_parser

    # Options are offered once a "-" is typed, so `profiles use <TAB>` lists just profiles.
    argcomplete.autocomplete(add_completers(build_parser()), always_complete_options=False)
