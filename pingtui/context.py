"""What every command gets: the global options and the process's streams.

Its own module so that a command (``pingtui.commands.*``) imports this, not the parser in
``pingtui.cli``; ``pingtui.cli`` builds one per run and re-exports the name.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from pingtui.config import Config, Profile


@dataclass
class Context:
    """What every command gets: the global options and the process's streams."""

    config_arg: str | None = None
    """``--config`` as given; :attr:`config_path` resolves it when first needed."""
    profile_name: str | None = None
    output: str | None = None
    query: str | None = None
    """``--query``: a JMESPath expression applied to the whole result (pingtui.query)."""
    demo: bool = False
    debug: bool = False
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)

    @cached_property
    def config_path(self) -> Path:
        """``--config`` > ``$PINGTUI_CONFIG`` > the user config dir (platformdirs, lazily)."""
        from pingtui.config import config_path

        return config_path(self.config_arg, self.env)

    @property
    def interactive(self) -> bool:
        """True only when a person can answer a prompt (never in CI or a pipe)."""
        try:
            return self.stdin.isatty()
        except (AttributeError, ValueError):
            return False

    def load_config(self) -> Config:
        from pingtui.config import load_config

        return load_config(self.config_path)

    def profile(self) -> Profile:
        from pingtui.config import resolve_profile

        return resolve_profile(self.load_config(), self.profile_name, self.env)

    def say(self, text: str) -> None:
        """A human line on stderr (progress, confirmations); stdout is for data."""
        print(text, file=self.stderr, flush=True)
