"""The footer of every screen: its keys, drawn as one line by one widget.

Textual's ``Footer`` is a container of one ``FooterKey`` widget per key, all removed and mounted
again whenever the screen's bindings change (each focus change, each ``refresh_bindings()``),
and it is empty in a screen's first frame. Every screen opening paid for mounting eight keys and
laying the screen out again right after that frame: ~20 ms, just when an environment's first
page arrives at PingOne-like latency. This footer reads the same bindings and draws them in the
same compact style, but a change of keys only redraws its line (no mount, no layout), and the
keys are there in the first frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.color import Color
    from textual.screen import Screen


@dataclass(frozen=True)
class ShownKey:
    """One key as the footer shows it."""

    key: str
    """What a click presses."""
    display: str
    description: str
    enabled: bool


@dataclass(frozen=True)
class Keys:
    """What the footer shows: the screen's keys, and the palette's key on the right."""

    left: tuple[ShownKey, ...]
    palette: ShownKey | None


class KeysFooter(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "keys-footer--item", "keys-footer--key", "keys-footer--description",
        "keys-footer--hover", "keys-footer--separator",
    }
    # The colours of Textual's compact footer (FooterKey's CSS), on the same theme variables.
    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeysFooter > .keys-footer--item { background: $footer-item-background; }
    KeysFooter > .keys-footer--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeysFooter > .keys-footer--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeysFooter > .keys-footer--hover {
        color: $footer-key-foreground;
        background: $block-hover-background;
    }
    KeysFooter > .keys-footer--separator { color: $foreground 20%; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._keys: Keys | None = None
        self._spans: list[tuple[int, int, ShownKey]] = []
        """Where each key was drawn (start and end column): what a click or the mouse is on."""
        self._hover: ShownKey | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    @property
    def keys(self) -> Keys:
        """The keys shown (read from the screen's bindings when first drawn)."""
        if self._keys is None:
            self._keys = self._read_keys()
        return self._keys

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is not self.screen or not screen.app.app_focus:
            return
        keys = self._read_keys()
        if keys != self._keys:
            self._keys = keys
            self.refresh()

    def _read_keys(self) -> Keys:
        """The screen's shown keys, one per action (as Textual's Footer picks them)."""
        active = self.screen.active_bindings
        left: dict[str, ShownKey] = {}
        for _, binding, enabled, _ in active.values():
            if binding.show and binding.action not in left:
                left[binding.action] = ShownKey(binding.key, self.app.get_key_display(binding),
                                                binding.description, enabled)
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE and self.app.COMMAND_PALETTE_BINDING in active:
            _, binding, enabled, _ = active[self.app.COMMAND_PALETTE_BINDING]
            palette = ShownKey(binding.key, self.app.get_key_display(binding),
                               binding.description, enabled)
        return Keys(tuple(left.values()), palette)

    # ------------------------------------------------------------------ drawing

    def _style(self, name: str, under: Color) -> tuple[Style, Color]:
        """A component's style over the colour ``under`` (its alpha blended as CSS would)."""
        styles = self.get_component_styles(name)
        background = under + styles.background
        color = background + styles.color
        style = Style(color=color.rich_color, bgcolor=background.rich_color)
        return style + styles.text_style, background

    def _key_text(self, key: ShownKey, under: Color) -> Text:
        """`key description`: the key in the key style, the description after one space."""
        hover = key == self._hover and key.enabled
        item, background = self._style("keys-footer--hover" if hover else "keys-footer--item",
                                       under)
        key_style, _ = self._style("keys-footer--key", background)
        description_style, _ = self._style("keys-footer--description", background)
        text = Text.assemble((key.display, item + key_style))
        if key.description:
            text.append(" " + key.description, item + description_style)
        if not key.enabled:
            text.stylize(Style(dim=True))
        return text

    def render(self) -> Text:
        _, under = self.background_colors
        keys = self.keys
        palette = Text(no_wrap=True, end="")
        if keys.palette is not None:
            separator, _ = self._style("keys-footer--separator", under)
            palette.append("▏", separator)
            palette.append_text(self._key_text(keys.palette, under))
        room = max(self.size.width - palette.cell_len, 0)
        gap = self.rich_style  # the footer's own background between keys, as Textual's has
        line = Text(no_wrap=True, end="")
        self._spans = []
        for key in keys.left:
            text = self._key_text(key, under)
            margin = 1 if self._spans else 0  # the compact footer's margin between keys
            if line.cell_len + margin + text.cell_len > room:
                break  # no room for the rest (Textual's footer cuts them mid-word)
            line.append(" " * margin, gap)
            self._spans.append((line.cell_len, line.cell_len + text.cell_len, key))
            line.append_text(text)
        line.append(" " * (room - line.cell_len), gap)
        if keys.palette is not None:
            self._spans.append((room, room + palette.cell_len, keys.palette))
        line.append_text(palette)
        return line

    # ------------------------------------------------------------------ mouse

    def _key_at(self, x: int) -> ShownKey | None:
        return next((key for start, end, key in self._spans if start <= x < end), None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self._key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._key_at(event.x))

    def on_leave(self) -> None:
        self._set_hover(None)

    def _set_hover(self, key: ShownKey | None) -> None:
        if key != self._hover:
            self._hover = key
            self.refresh()
