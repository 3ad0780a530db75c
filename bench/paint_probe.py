"""Know when a frame is painted in a headless app, with the cost of painting it.

Textual's headless driver composes every frame (the compositor asks each widget for its lines)
but skips turning it into terminal bytes. The probe wraps ``App._display`` so that, in headless
mode, each frame is also serialised as it would be for a terminal, and records when that ended
and whether the frame held a marker text. No product hook is needed.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from textual.app import App
from textual.screen import Screen


class PaintProbe:
    def __init__(self) -> None:
        self.frames: list[tuple[float, str]] = []
        self._installed = False

    def install(self) -> PaintProbe:
        if self._installed:
            return self
        original = App._display
        probe = self

        def display(app: App[object], screen: Screen[object], renderable: Any) -> None:
            original(app, screen, renderable)
            if renderable is None or not app.is_headless:
                return
            render = getattr(renderable, "render_segments", None)
            text = render(app.console) if render is not None else ""
            probe.frames.append((time.perf_counter(), text))

        App._display = display  # type: ignore[method-assign,assignment]
        self._installed = True
        return self

    async def wait_frame(self, after: float, marker: str | None = None,
                         timeout: float = 300.0) -> float:
        """Seconds from ``after`` to the end of the first frame painted after it (with marker)."""
        deadline = time.perf_counter() + timeout
        seen = 0
        while time.perf_counter() < deadline:
            frames = self.frames
            for stamp, text in frames[seen:]:
                if stamp >= after and (marker is None or marker in text):
                    return stamp - after
            seen = len(frames)
            await asyncio.sleep(0.0005)
        raise TimeoutError(f"no frame{' with ' + repr(marker) if marker else ''} in {timeout}s")
