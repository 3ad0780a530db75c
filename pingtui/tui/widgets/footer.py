"""The footer of every screen: Textual's, recomposed only when the keys it shows change."""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer


class KeysFooter(Footer):
    """Textual's ``Footer`` removes and mounts all its keys on every bindings signal (each
    focus change, each ``refresh_bindings()``), whether or not a key changed. Opening an
    environment sent five, some 10 ms each, and the first rows waited behind them. This one
    recomposes only when the keys it would show differ from those it shows."""

    _shown: Any = None

    def _keys(self) -> Any:
        """What ``Footer.compose`` reads, as one comparable value (None: not ready yet)."""
        if not self._bindings_ready or not self.is_attached:
            return None
        palette = self.app.COMMAND_PALETTE_BINDING
        active = self.screen.active_bindings
        return (self.compact, self.show_command_palette, tuple(
            (binding, self.app.get_key_display(binding), enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in active.items()
            if binding.show or key == palette))

    async def recompose(self) -> None:
        keys = self._keys()
        if keys is not None and keys == self._shown:
            return
        self._shown = keys
        await super().recompose()
