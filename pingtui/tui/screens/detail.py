"""One resource as JSON and YAML (highlighted); ``c`` copies its ID, ``y`` its YAML.

Shows the row's object at once, then the full object read from the API (the read-one view can
hold more than the listing), by a worker of this screen.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.highlight import highlight
from textual.message import Message
from textual.widgets import Static, TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from pingtui.output import printable
from pingtui.tui.screens.base import PingScreen
from pingtui.tui.widgets.breadcrumb import Crumb, crumbs_text

if TYPE_CHECKING:
    from textual.screen import Screen

# json.dumps escapes C0 controls but not DEL and C1 (\x9b is a one-byte CSI): escaped here
# too, so API text can't drive the terminal; the JSON still decodes to the same data.
_C1 = {c: f"\\u{c:04x}" for c in range(0x7F, 0xA0)}


def shown(obj: Mapping[str, Any]) -> dict[str, Any]:
    """The object without HAL ``_links`` (API plumbing, not the resource's data)."""
    return {k: v for k, v in obj.items() if k != "_links"}


def to_json(obj: Mapping[str, Any]) -> str:
    return json.dumps(shown(obj), indent=2, ensure_ascii=False, default=str).translate(_C1)


def to_yaml(obj: Mapping[str, Any]) -> str:
    import yaml  # lazy: only the detail screen and `y` need it

    return yaml.safe_dump(json.loads(to_json(obj)), sort_keys=False, allow_unicode=True,
                          default_flow_style=False)


def copy_id(screen: Screen[Any], obj: Mapping[str, Any], *, what: str = "object") -> None:
    """``c``: the object's ID to the clipboard (OSC 52: works over SSH too)."""
    ident = str(obj.get("id", ""))
    if not ident:
        screen.notify(f"This {what} has no ID.", severity="warning")
        return
    screen.app.copy_to_clipboard(ident)
    screen.notify(f"Copied ID {ident}.", markup=False)


def copy_yaml(screen: Screen[Any], obj: Mapping[str, Any]) -> None:
    """``y``: the object as YAML to the clipboard."""
    screen.app.copy_to_clipboard(to_yaml(obj))
    screen.notify("Copied the YAML to the clipboard.")


def title_of(kind: str, obj: Mapping[str, Any]) -> str:
    for key in ("name", "username", "email", "clientId", "id"):
        value = obj.get(key)
        if isinstance(value, str) and value:
            return value
        if key == "name" and isinstance(value, Mapping) and value.get("formatted"):
            return str(value["formatted"])
    return kind


class DetailScreen(PingScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "copy_id", "Copy ID", id="detail.copy_id"),
        Binding("y", "copy_yaml", "Copy YAML", id="detail.copy_yaml"),
        Binding("right_square_bracket", "switch_tab", "JSON/YAML", id="detail.next_tab",
                key_display="[ ]"),
        Binding("left_square_bracket", "switch_tab", "JSON/YAML", id="detail.previous_tab",
                show=False),
        Binding("r", "refresh", "Refresh", id="detail.refresh"),
    ]

    @dataclass
    class Fetched(Message):
        obj: dict[str, Any]

    def __init__(self, kind: str, obj: Mapping[str, Any], *,
                 environment_id: str | None = None, parent_id: str | None = None,
                 parent_kind: str | None = None, trail: Sequence[Crumb] = ()) -> None:
        super().__init__()
        self.trail = tuple(trail)
        """Where it was opened from (a describe view's breadcrumb); shown above the title."""
        self.kind = kind
        self.obj: Mapping[str, Any] = obj
        self.environment_id = environment_id
        self.parent_id = parent_id
        """For a child kind (a user's role assignment): its parent object's ID."""
        self.parent_kind = parent_kind

    def compose(self) -> ComposeResult:
        yield from self.compose_shell()
        if self.trail:
            yield Static(crumbs_text([*self.trail, Crumb("JSON / YAML")]), id="detail-crumbs",
                         classes="breadcrumb", markup=False)
        yield Static(id="detail-title", classes="screen-title", markup=False)
        with TabbedContent(initial="json", id="detail-tabs"):
            with TabPane("JSON", id="json"), VerticalScroll(classes="code-scroll"):
                yield Static(id="detail-json", markup=False)
            with TabPane("YAML", id="yaml"), VerticalScroll(classes="code-scroll"):
                yield Static(id="detail-yaml", markup=False)

    def on_mount(self) -> None:
        self._render_obj()
        self.query_one("#json VerticalScroll").focus()
        if self.obj.get("id") and self.pingtui.tenant is not None:
            self.fetch()

    def _render_obj(self) -> None:
        from pingtui.api.resources import spec_for

        singular = spec_for(self.kind).singular  # "Sign-on policy", not "Sign-on-policie"
        self.query_one("#detail-title", Static).update(
            Text.assemble((f"{singular.capitalize()} ", "dim"), printable(title_of(self.kind,
                                                                              self.obj)),
                          *self._production_badge(),
                          ("  ", ""), (printable(str(self.obj.get("id", ""))), "dim")))
        # highlight() builds Content from the code's tokens (never parses markup, so "[prod]"
        # stays literal) in the theme's colours.
        self.query_one("#detail-json", Static).update(highlight(to_json(self.obj),
                                                                language="json"))
        self.query_one("#detail-yaml", Static).update(highlight(to_yaml(self.obj),
                                                                language="yaml"))

    def _production_badge(self) -> list[tuple[str, str]]:
        """A PRODUCTION environment is marked wherever its name shows."""
        if self.kind == "environments" and self.obj.get("type") == "PRODUCTION":
            return [("  ", ""), (" PRODUCTION ", "bold reverse")]
        return []

    @work(exclusive=True, group="detail", exit_on_error=False)
    async def fetch(self) -> None:
        obj = await self.read_latest(self.kind, self.obj, environment_id=self.environment_id,
                                     parent_id=self.parent_id, parent_kind=self.parent_kind)
        if obj is not None:
            self.post_message(self.Fetched(obj))

    def on_detail_screen_fetched(self, message: DetailScreen.Fetched) -> None:
        self.obj = message.obj
        self._render_obj()

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "detail" and event.state == WorkerState.ERROR:
            # Every failure is shown, a bug's too (it was dropped when not a PingTUIError):
            # the row's object stays on screen, the notification says the refresh failed.
            error = event.worker.error
            assert error is not None  # the worker is in its ERROR state
            self.pingtui.notify_error(error, title="Could not read the latest version")

    def action_copy_id(self) -> None:
        copy_id(self, self.obj)

    def action_copy_yaml(self) -> None:
        copy_yaml(self, self.obj)

    def action_switch_tab(self) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = "yaml" if tabs.active == "json" else "json"
        self.query_one(f"#{tabs.active} VerticalScroll").focus()

    def action_refresh(self) -> None:
        if self.obj.get("id"):
            self.fetch()
