"""``:`` — k9s's command prompt: type a kind (``users``, ``idps``, ``certs``…) and go there.

The targets are the catalog's kinds valid where you are (the app passes them: inside an
environment its kinds and those under the row's kind, at the top the organization's), plus
``kinds`` (the overview), ``profiles`` and ``help``. Completion lists every target whose name
or alias starts with (then contains) what is typed, with its description; Tab completes the
input to the highlighted one. Enter on text that names nothing says so and offers the nearest.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option


@dataclass(frozen=True)
class Target:
    name: str
    aliases: tuple[str, ...] = ()
    description: str = ""

    @property
    def words(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


AT_MOST = 8
"""Completions listed at once (the box stays small; typing narrows them)."""

EXTRA = (
    Target("kinds", ("aliases", "ctrl+a"), "Every kind, with how many there are"),
    Target("profiles", ("profile", "ctx", "contexts"), "Profiles: switch, add, edit"),
    Target("help", ("?",), "Every key of this screen"),
)


def match_targets(text: str, targets: Sequence[Target]) -> list[Target]:
    """Targets for ``text``: exact name or alias, then prefixes, then substrings."""
    key = text.strip().lower().lstrip(":")
    if not key:
        return list(targets)
    exact = [t for t in targets if key in t.words]
    prefix = [t for t in targets if t not in exact and any(w.startswith(key) for w in t.words)]
    inside = [t for t in targets if t not in exact and t not in prefix
              and any(key in w for w in t.words)]
    return exact + prefix + inside


def nearest(text: str, targets: Sequence[Target], n: int = 3) -> list[str]:
    words = {w: t.name for t in targets for w in t.words}
    found: list[str] = []
    for word in difflib.get_close_matches(text.strip().lower(), list(words), n=n * 3,
                                          cutoff=0.5):
        if words[word] not in found:
            found.append(words[word])
    return found[:n]


LINE = 78
"""Cells an option may take in the 90-wide box: one line each, the description cut to fit."""


def _option(target: Target) -> Option:
    label = Text(target.name, style="bold")
    if target.aliases:
        label.append("  " + " ".join(target.aliases[:3]), style="dim")
    if target.description:
        room = LINE - label.cell_len - 3
        text = target.description if len(target.description) <= room else \
            target.description[:max(room - 1, 0)] + "…"
        if room > 8:
            label.append("  — " + text, style="dim italic")
    return Option(label, id=target.name)


class JumpScreen(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="jump.cancel"),
        Binding("down", "move(1)", "Next", id="jump.next", show=False),
        Binding("up", "move(-1)", "Previous", id="jump.previous", show=False),
        Binding("tab", "complete", "Complete", id="jump.complete", show=False,
                priority=True),
    ]

    def __init__(self, targets: Sequence[Target] = (), *, where: str = "",
                 explain: Callable[[str], str | None] | None = None,
                 hidden: Sequence[str] = ()) -> None:
        super().__init__()
        # ``hidden``: extras that do nothing here (``profiles`` in the demo): never listed.
        self.targets = [*targets, *(t for t in EXTRA if t.name not in hidden)]
        self.where = where
        self.explain = explain
        """Why a known name is not a target here (``scopes``: open a resource first)."""
        self._matches: list[Target] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="jump-box", classes="dialog"):
            title = "Go to (Enter, Tab completes)" + (f" — {self.where}" if self.where else "")
            yield Static(Text(title), classes="dialog-title", markup=False)
            yield Input(placeholder="a kind or alias: users, idps, certs, kinds…",
                        id="jump-input")
            yield Static("", id="jump-message", markup=False)
            yield OptionList(id="jump-options")
            yield Static("", id="jump-more", markup=False)

    def on_mount(self) -> None:
        self._say(None)
        self._offer(self.targets)
        self.query_one(Input).focus()

    @property
    def shown(self) -> list[str]:
        """Every target that matches what is typed, best first (the list shows the first
        :data:`AT_MOST` of them)."""
        return [t.name for t in self._matches]

    def _offer(self, matches: list[Target]) -> None:
        # The first few only: the box stays the same small size, typing narrows the list.
        self._matches = matches
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([_option(t) for t in matches[:AT_MOST]])
        if options.option_count:
            options.highlighted = 0
        more = self.query_one("#jump-more", Static)
        rest = len(matches) - AT_MOST
        more.update(Text(f"… and {rest} more: keep typing, or :kinds for all", style="dim")
                    if rest > 0 else "")
        more.display = rest > 0

    @on(Input.Changed, "#jump-input")
    def _changed(self, event: Input.Changed) -> None:
        self._say(None)
        self._offer(match_targets(event.value, self.targets))

    def action_move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + delta))

    def action_complete(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not options.option_count:
            self.app.bell()
            return
        line = self.query_one(Input)
        line.value = str(options.get_option_at_index(options.highlighted).id)
        line.cursor_position = len(line.value)

    @on(Input.Submitted, "#jump-input")
    def _submitted(self, event: Input.Submitted) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not options.option_count:
            self.app.bell()
            why = self.explain(event.value) if self.explain else None
            if why:
                self._say(Text(why))
                return
            near = nearest(event.value, self.targets)
            text = Text(f"There is nothing called '{event.value.strip()}' here.", style="bold")
            if near:
                text.append(f" Nearest: {', '.join(near)}.")
            text.append(" :kinds lists every kind.")
            self._say(text)
            return
        self.dismiss(options.get_option_at_index(options.highlighted).id)

    def _say(self, text: Text | None) -> None:
        message = self.query_one("#jump-message", Static)
        message.update(text or "")
        message.display = text is not None

    @on(OptionList.OptionSelected, "#jump-options")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
