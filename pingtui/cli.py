"""The command-line front door: decides between the TUI and a command, and nothing else.

Every command's code lives in ``pingtui.commands.*`` and is imported only when that command
runs, so ``pingtui environments list`` never loads textual and the TUI start path never loads
the command modules. Errors become one or two lines on stderr and the exit code of the contract.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import inspect
import logging
import os
import sys
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, NoReturn, TextIO

from pingtui import __version__
from pingtui.context import Context as Context  # re-exported: commands written before it
from pingtui.errors import EXIT_CANCELLED, EXIT_ERROR, PingTUIError

# --------------------------------------------------------------------------- the parser


class _Parser(argparse.ArgumentParser):
    """A usage error is two lines — what is wrong, where the options are — not the usage
    block first (six lines before the one that matters on a kind's parser)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message}\nSee '{self.prog} --help' for the options.\n")


def _globals(defaults: bool, prog: str | None = None) -> _Parser:
    """Global options, accepted before and after the command (``list -o json``)."""
    d = (lambda v: v) if defaults else (lambda v: argparse.SUPPRESS)
    g = _Parser(add_help=False, prog=prog)
    g.add_argument("-P", "--profile", metavar="NAME", default=d(None),
                   help="profile to use (default: $PINGTUI_PROFILE, then the active profile)")
    g.add_argument("--config", metavar="PATH", default=d(None),
                   help="profiles file (default: $PINGTUI_CONFIG, then the user config dir)")
    g.add_argument("-o", "--output", choices=("table", "json", "ndjson", "csv", "yaml"),
                   default=d(None), help="output format (default: table); every format "
                   "streams, ndjson is one object a line")
    g.add_argument("--query", metavar="JMESPATH", default=d(None),
                   help="JMESPath expression applied to the whole result (holds it in memory), "
                        "e.g. \"[?type=='PRODUCTION'].name\"")
    g.add_argument("--demo", action="store_true", default=d(False),
                   help="use the embedded PingOne simulator; touches no user config")
    g.add_argument("--debug", action="store_true", default=d(False),
                   help="debug logging and tracebacks (secrets stay masked)")
    return g


def _command(sub: Any, name: str, handler: str, help: str, parent: argparse.ArgumentParser,
             **kwargs: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help, description=help,
                                                     parents=[parent], **kwargs)
    parser.set_defaults(handler=handler)
    return parser


def _summarise(commands: Any, name: str, actions: Any, what: str) -> None:
    """``name``'s line in ``pingtui --help``: ``what: a|b|c``, its actions as the parser has
    them — written by hand, the line named actions that did not exist ("switch", "import")."""
    line = f"{what}: {'|'.join(actions.choices)}"
    # argparse keeps a subcommand's help line only on this pseudo-action (no public setter).
    for choice in commands._choices_actions:
        if choice.dest == name:
            choice.help = line


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser; ``only``, the command word given, builds that command alone when it is
    one: every argparse sub-parser costs (it copies the global options and looks up its
    translations) and the catalog gives some sixty. An unknown word gets every command, the
    catalog's as bare names, for the nearest-name check."""
    parent = _globals(defaults=False)
    parser = _Parser(
        prog="pingtui",
        description="k9s for PingOne: browse a PingOne tenant in a terminal UI, or script it. "
                    "With no command, starts the TUI.",
        parents=[_globals(defaults=True)],
        epilog="Exit codes: 0 ok, 1 error, 2 usage, 3 not signed on / auth failed, "
               "4 API refused (403), 130 cancelled.",
    )
    parser.add_argument("--version", action="version", version=f"pingtui {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    groups = _command_groups()
    known = any(only in words for words, _ in groups)
    for words, add in groups:
        if not known or only in words:
            if isinstance(add, str):  # a command module's block, imported when it is built
                add = importlib.import_module(add).add_arguments
            add(commands, parent, only)
    return parser


_Group = Callable[[Any, argparse.ArgumentParser, "str | None"], None]


def _command_groups() -> list[tuple[Collection[str], _Group | str]]:
    """Each block of the parser — a function here, or the module whose ``add_arguments``
    builds it — with the command words it answers to, in help order."""
    from pingtui.commands.kinds import command_words

    return [(("profiles",), _profiles), (("init",), _init), (("auth",), _auth),
            (("completion",), _completion), (command_words(), "pingtui.commands.kinds"),
            (("api",), "pingtui.commands.api"), (("activities",), "pingtui.commands.activities"),
            (("role-holders", "who-holds"), "pingtui.commands.holders")]


def _profiles(commands: Any, parent: argparse.ArgumentParser, only: str | None) -> None:
    profiles = commands.add_parser("profiles", help="profiles", parents=[parent])
    psub = profiles.add_subparsers(dest="action", metavar="ACTION", required=True)
    mod = "pingtui.commands.profiles"
    _command(psub, "list", f"{mod}:list_profiles", "list profiles (active one marked)", parent)
    p = _command(psub, "show", f"{mod}:show_profile", "show one profile (secrets masked)", parent)
    p.add_argument("name", nargs="?", metavar="NAME", help="default: the active profile")
    p = _command(psub, "add", f"{mod}:add_profile", "add an empty profile", parent)
    p.add_argument("name", metavar="NAME")
    p.add_argument("--description", default="")
    p.add_argument("--activate", action="store_true", help="make it the active profile")
    p = _command(psub, "use", f"{mod}:use_profile", "make a profile the active one", parent)
    p.add_argument("name", metavar="NAME")
    p = _command(psub, "rename", f"{mod}:rename_profile", "rename a profile", parent)
    p.add_argument("old", metavar="OLD")
    p.add_argument("new", metavar="NEW")
    p = _command(psub, "delete", f"{mod}:delete_profile",
                 "delete a profile and its stored secrets", parent)
    p.add_argument("name", metavar="NAME")
    p.add_argument("-y", "--yes", action="store_true", help="do not ask to confirm")
    p = _command(psub, "import-pingcli", f"{mod}:import_pingcli",
                 "import profiles from Ping CLI's config (read-only)", parent)
    p.add_argument("--path", help="Ping CLI config (default: ~/.pingcli/config.yaml)")
    p.add_argument("--overwrite", action="store_true",
                   help="replace profiles of the same name instead of adding a suffix")
    _summarise(commands, "profiles", psub, "manage profiles")


def _init(commands: Any, parent: argparse.ArgumentParser, only: str | None) -> None:
    p = _command(commands, "init", "pingtui.commands.init:init",
                 "set up a PingOne profile (no flags on a terminal: the guided TUI)", parent)
    p.add_argument("--grant-type", choices=("authorization_code", "device_code",
                                            "client_credentials"))
    where = p.add_mutually_exclusive_group()
    where.add_argument("--region", type=str.upper, choices=("NA", "EU", "CA", "AP", "AU", "SG"))
    where.add_argument("--root-domain", metavar="DOMAIN")
    p.add_argument("--custom-domain", metavar="DOMAIN")
    p.add_argument("--environment-id", metavar="UUID")
    p.add_argument("--client-id", metavar="ID")
    p.add_argument("--client-secret-stdin", action="store_true",
                   help="read the client secret from standard input")
    p.add_argument("--scopes", nargs="+", metavar="SCOPE")
    p.add_argument("--storage", choices=("keyring", "file", "none"))
    p.add_argument("--redirect-port", type=int, metavar="PORT")
    p.add_argument("--auth-base-url", metavar="URL",
                   help="the auth host (https://auth.pingone.eu, a proxy's URL) or the full issuer "
                        "as PingOne shows it (https://auth.pingone.eu/ENV_ID/as, "
                        "https://login.example.com/as); an issuer gives the environment ID too")
    p.add_argument("--api-base-url", metavar="URL",
                   help="the API root, with or without /v1 (https://api.pingone.eu)")
    p.add_argument("--ca-bundle", metavar="PATH",
                   help="extra CAs (PEM) to trust besides the OS trust store, e.g. your "
                        "company's TLS-inspecting proxy's; \"\" removes it")
    p.add_argument("--proxy", metavar="URL",
                   help="proxy for this profile (http://HOST:PORT) instead of HTTPS_PROXY; "
                        "\"\" removes it")
    p.add_argument("--description")
    p.add_argument("--activate", action="store_true", help="make it the active profile")


def _auth(commands: Any, parent: argparse.ArgumentParser, only: str | None) -> None:
    auth = commands.add_parser("auth", help="auth", parents=[parent])
    asub = auth.add_subparsers(dest="action", metavar="ACTION", required=True)
    mod = "pingtui.commands.auth"
    _command(asub, "login", f"{mod}:login", "sign on with the profile's grant type", parent)
    _command(asub, "logout", f"{mod}:logout", "revoke and forget the profile's tokens", parent)
    _command(asub, "status", f"{mod}:status", "show sign-on status (exit 3 if unusable)", parent)
    _command(asub, "token", f"{mod}:token", "print a valid access token on stdout", parent)
    _summarise(commands, "auth", asub, "sign on and tokens")


def _completion(commands: Any, parent: argparse.ArgumentParser, only: str | None) -> None:
    # shell completion (pingtui/commands/completion.py answers the TABs too)
    p = _command(commands, "completion", "pingtui.commands.completion:completion",
                 "print a shell completion script: eval \"$(pingtui completion bash)\"",
                 parent)
    p.add_argument("shell", choices=("bash", "zsh", "fish"))


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line; the TUI (no command) needs only the global options.

    Building every subcommand's parser costs milliseconds the TUI's first paint should not
    wait for, so the full parser is built only when a command, -h or --version is there.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    args, rest = _globals(defaults=True, prog="pingtui").parse_known_args(argv)
    if not rest:
        return args
    if rest == ["--version"]:  # without building the parser (it imports the catalog)
        print(f"pingtui {__version__}")
        raise SystemExit(0)
    word = rest[0] if not rest[0].startswith("-") else None
    parser = build_parser(only=word)
    from pingtui.commands.kinds import check_command

    check_command(parser, rest)  # an unknown kind: the nearest names, not every choice
    return parser.parse_args(argv)


# --------------------------------------------------------------------------- running


class _PlainFormatter(logging.Formatter):
    """``pingtui: warning: ...`` — the same voice as the error lines."""

    def format(self, record: logging.LogRecord) -> str:
        return f"pingtui: {record.levelname.lower()}: {record.getMessage()}"


def _setup_logging(debug: bool, stderr: TextIO) -> None:
    from pingtui import logsafe
    from pingtui.logonce import OnceFilter

    handler = logging.StreamHandler(stderr)
    handler.addFilter(OnceFilter())  # each warning once per process (one run() per process)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s")
                         if debug else _PlainFormatter())
    root = logging.getLogger("pingtui")
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if debug else logging.WARNING)
    logsafe.install(root)


def _resolve_handler(spec: str) -> Any:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def run(argv: Sequence[str] | None = None, *, env: Mapping[str, str] | None = None,
        stdin: TextIO | None = None, stdout: TextIO | None = None,
        stderr: TextIO | None = None) -> int:
    """Parse ``argv`` and run it; returns the exit code. Tests call this in-process."""
    stderr = stderr or sys.stderr
    env = dict(os.environ if env is None else env)
    args = parse_args(argv)
    _setup_logging(args.debug, stderr)
    ctx = Context(
        config_arg=args.config,
        profile_name=args.profile,
        output=args.output,
        query=args.query,
        demo=args.demo,
        debug=args.debug,
        env=env,
        stdin=stdin or sys.stdin,
        stdout=stdout or sys.stdout,
        stderr=stderr,
    )
    handler = getattr(args, "handler", "pingtui.commands.tui:run_tui")
    try:
        result = _resolve_handler(handler)(args, ctx)
        if inspect.iscoroutine(result):  # an async handler
            import asyncio  # here: the sync commands (profiles, completion) do without it

            result = asyncio.run(result)
        return int(result or 0)
    except PingTUIError as exc:
        if args.debug:
            logging.getLogger("pingtui").exception("failed")
        print(f"pingtui: {exc.message}", file=stderr)
        if exc.hint:
            print(exc.hint, file=stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("pingtui: cancelled.", file=stderr)
        return EXIT_CANCELLED
    except BrokenPipeError:
        # The reader went away (`pingtui ... | head`): stop quietly with 0, like other Unix
        # tools under a shell's SIGPIPE — the reader had what it asked for; 1 would say
        # "error" to `set -o pipefail` scripts. stdout now goes nowhere, so the interpreter's
        # last flush cannot raise again.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):  # stdout is not a file (tests run us in-process)
            pass
        return 0
    except Exception as exc:  # the last line of defence: no traceback unless --debug
        if args.debug:
            logging.getLogger("pingtui").exception("unexpected error")
        from pingtui.errors import unexpected_error

        print(f"pingtui: {unexpected_error(exc)}", file=stderr)
        print("Run again with --debug for details, and report it if it persists.", file=stderr)
        return EXIT_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    if "_ARGCOMPLETE" in os.environ:  # a shell asking for completions after a TAB
        from pingtui.commands.completion import complete

        complete()  # answers and exits
    code = run(argv)
    # The process ends next. Python's shutdown runs the cyclic collector over every object the
    # imports made — some 60 ms of a 280 ms command on this machine (bench/run.py, section b),
    # for memory the OS takes back anyway. Frozen objects are left out of it; files, atexit
    # handlers and everything freed by reference count are unaffected.
    gc.freeze()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
