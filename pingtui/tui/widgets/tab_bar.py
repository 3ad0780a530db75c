"""A row of tab labels over a thin bar, the shown tab's label lit and underlined: one widget.

It looks like Textual's ``ContentTabs`` (the tab bar of ``TabbedContent``), on the same theme
variables and with Textual's own ``Bar`` for the underline. But ``ContentTabs`` is a dozen
widgets (scroll and list containers, one ``Tab`` per label, the underline), and with
``TabbedContent``'s switcher and one ``TabPane`` per tab they made an environment's first frame
come 75 ms after the push instead of 28 ms with a two-line bar. The environment screen opens on
every Enter in the browser, so it uses this bar and shows one of its panes itself.

Clicking a label shows its tab. The bar takes no focus: `[` and `]` switch tabs, as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.console import Group
from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.renderables.bar import Bar
from textual.widget import Widget

PADDING = 1
"""Columns either side of a label (Textual's ``Tab`` has ``padding: 0 1``)."""


@dataclass(frozen=True)
class TabLabel:
    id: str
    """What ``TabBar.active`` holds when this tab is shown."""
    label: str


class TabBar(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "tab-bar--tab", "tab-bar--active", "tab-bar--hover", "tab-bar--bar",
    }
    # Textual's Tab, Tabs and Underline rules, for the same look.
    DEFAULT_CSS = """
    TabBar { height: 2; width: 1fr; }
    TabBar > .tab-bar--tab { color: $foreground 50%; }
    TabBar > .tab-bar--active { color: $foreground; }
    TabBar > .tab-bar--hover { color: $foreground; }
    TabBar > .tab-bar--bar { color: $block-cursor-background; background: $foreground 10%; }
    TabBar:ansi > .tab-bar--tab { text-style: dim; }
    TabBar:ansi > .tab-bar--active { text-style: not dim bold; }
    TabBar:ansi > .tab-bar--bar { color: $block-cursor-background; background: $border-blurred; }
    """

    active: reactive[str] = reactive("", init=False)
    """The shown tab's ID."""

    @dataclass
    class Changed(Message):
        """Another tab is shown (a click, or ``active`` set)."""

        tab_bar: TabBar
        tab: str

    def __init__(self, tabs: Sequence[TabLabel], *, active: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tabs = tuple(tabs)
        self.set_reactive(TabBar.active, active)
        self._hover: str | None = None
        self._spans: list[tuple[int, int, TabLabel]] = []
        """Each label's start and end column, padding included."""
        x = 0
        for tab in self.tabs:
            width = cell_len(tab.label) + 2 * PADDING
            self._spans.append((x, x + width, tab))
            x += width

    def render(self) -> Group:
        labels = Text(no_wrap=True, overflow="crop")
        highlight = (0, 0)
        for start, end, tab in self._spans:
            name = ("tab-bar--active" if tab.id == self.active
                    else "tab-bar--hover" if tab.id == self._hover else "tab-bar--tab")
            labels.append(" " * PADDING + tab.label + " " * PADDING,
                          self.get_component_rich_style(name))
            if tab.id == self.active:
                highlight = (start + PADDING, end - PADDING)
        bar = self.get_component_rich_style("tab-bar--bar")
        return Group(labels, Bar(highlight_range=highlight,
                                 highlight_style=Style.from_color(bar.color),
                                 background_style=Style.from_color(bar.bgcolor)))

    def watch_active(self) -> None:
        self.refresh()
        self.post_message(self.Changed(self, self.active))

    # ------------------------------------------------------------------ mouse

    def _tab_at(self, x: int) -> TabLabel | None:
        return next((tab for start, end, tab in self._spans if start <= x < end), None)

    def on_click(self, event: events.Click) -> None:
        tab = self._tab_at(event.x)
        if tab is not None:
            self.active = tab.id

    def on_mouse_move(self, event: events.MouseMove) -> None:
        tab = self._tab_at(event.x) if event.y == 0 else None
        self._set_hover(tab.id if tab is not None else None)

    def on_leave(self) -> None:
        self._set_hover(None)

    def _set_hover(self, tab: str | None) -> None:
        if tab != self._hover:
            self._hover = tab
            self.refresh()
