"""The base of every listing screen: the keys they share and what those keys do.

A listing screen shows one or more ``ResourcePane``s (the environments browser; an
environment's tabs) and acts on the current pane: ``/`` filter, ``f`` server filter, ``r``
refresh, ``1``-``6`` sort, ``d`` detail, ``y`` YAML, ``c`` copy ID, ``e`` export, and sign-on
when the API says the token is gone. Screens that build on it import this module, never each
other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.binding import Binding, BindingType
from textual.message import Message

from pingtui.tui.screens.base import PingScreen
from pingtui.tui.widgets.resource_pane import ResourcePane

if TYPE_CHECKING:
    from pingtui.auth.session import AuthStatus

SORT_KEYS = "123456789"
PANE_ACTIONS = frozenset({"filter", "server_filter", "refresh", "sort", "detail", "yaml",
                          "copy_id", "export", "xray"})
"""The listing keys that act on the current pane (they wait while it is not mounted)."""


def sort_bindings(prefix: str, count: int = 6) -> list[BindingType]:
    """``1``…``6`` sort by that column (again: reverse), like clicking its header."""
    return [
        Binding(SORT_KEYS[i], f"sort({i})", "Sort" if i == 0 else f"Sort by column {i + 1}",
                id=f"{prefix}.sort_{i + 1}", show=i == 0,
                key_display=f"1-{count}" if i == 0 else None)
        for i in range(count)
    ]


# Keys every listing screen shares; ids are stable (the profile's keymap rebinds them).
def listing_bindings(prefix: str, *, detail_in_footer: bool = True) -> list[BindingType]:
    return [
        # Priority: acted on as the key arrives, so the keys typed right after it (queued
        # with it) already reach the filter line, not the table. Not while an input has focus
        # (check_action): there `/` is a character.
        Binding("slash", "filter", "Filter", id=f"{prefix}.filter", priority=True),
        Binding("f", "server_filter", "Server filter", id=f"{prefix}.server_filter",
                show=False),
        Binding("r", "refresh", "Refresh", id=f"{prefix}.refresh"),
        Binding("d", "detail", "Detail", id=f"{prefix}.detail", show=detail_in_footer),
        Binding("y", "yaml", "YAML", id=f"{prefix}.yaml", show=False),
        Binding("c", "copy_id", "Copy ID", id=f"{prefix}.copy_id", show=False),
        Binding("e", "export", "Export", id=f"{prefix}.export"),
        Binding("x", "xray", "X-ray", id=f"{prefix}.xray", show=False),
        *sort_bindings(prefix),
    ]


class ListingScreen(PingScreen[None]):
    """Shared actions of screens that show ResourcePanes (the browser, an environment)."""

    @dataclass
    class StatusRead(Message):
        """The session's status (who is signed on, where tokens are kept)."""

        status: AuthStatus

    _resumed_before = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Called before Textual's own handler (Screen's), which restyles the whole screen on
        # every resume, for what changed while it was covered. A listing screen resumed for
        # the first time was styled as it was composed, a moment ago: that second pass cost
        # an environment's first frame 12-15 ms (62.6 -> 47.5 ms; Textual's own three-widget
        # table screen: 44.9 ms), and the frames are the same without it. Listing screens
        # only: they are the ones opened all the time, and the others keep Textual's way.
        if not self._resumed_before:
            self._resumed_before = True
            event.refresh_styles = False

    def on_unmount(self) -> None:
        from pingtui.tui.gc_pauses import collect_soon

        # Left for good (popped, not covered), with its tables' rows: collect while the user
        # reads the screen below, not while the next one opens (tui/gc_pauses.py). Not for
        # every screen: going back from a describe view to 50,000 rows would pay ~160 ms.
        collect_soon(self.app)

    @on(ResourcePane.LoadFinished)
    def _loaded(self) -> None:
        for pane in self.query(ResourcePane):
            if pane.done:  # this pane's token works: a later 401 may offer sign-on again
                pane.sign_on_offered = False
        # The API answered, so the session works: show who we are once (client credentials
        # never pass through the sign-on screen).
        if not self.pingtui.identity_label and self.pingtui.tenant is not None:
            self.read_status()

    @work(exclusive=True, group="identity", exit_on_error=False)
    async def read_status(self) -> None:
        tenant = self.pingtui.tenant
        if tenant is not None:
            self.post_message(self.StatusRead(await tenant.status()))

    def on_listing_screen_status_read(self, message: ListingScreen.StatusRead) -> None:
        from pingtui.tui.screens.sign_on import describe_identity

        tenant = self.pingtui.tenant
        if tenant is None:
            return
        identity = describe_identity(message.status, tenant)
        if identity:
            self.pingtui.identity_label = identity
        self.pingtui.storage_warning = message.status.storage == "file"

    def current_pane(self) -> ResourcePane:
        return self.query_one(ResourcePane)

    def pane_ready(self) -> bool:
        """Whether the current pane is mounted (an environment's tabs mount theirs lazily)."""
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in PANE_ACTIONS and not self.pane_ready():
            return False
        if action == "filter":
            from textual.widgets import Input

            return not isinstance(self.focused, Input)
        return super().check_action(action, parameters)

    def action_filter(self) -> None:
        self.current_pane().open_filter()

    def action_server_filter(self) -> None:
        from pingtui.tui.screens.prompt import PromptScreen

        pane = self.current_pane()

        def apply(scim: str | None) -> None:
            if scim is None:
                return
            pane.server_filter = scim.strip() or None
            pane.reload()
            self.refresh_bindings()  # esc now clears the filter (the footer says so)

        self.app.push_screen(PromptScreen(
            f"Server-side filter for {pane.title.lower()} (SCIM)",
            value=pane.server_filter or "", placeholder='name sw "Dev"',
            note="Empty removes the filter. PingOne filters on the server; "
                 "/ filters the loaded rows."), apply)

    def action_refresh(self) -> None:
        self.current_pane().reload()

    def action_sort(self, column: int) -> None:
        pane = self.current_pane()
        if column < len(pane.columns):
            pane.table.sort_by(column)

    def _selected(self) -> Mapping[str, Any] | None:
        obj = self.current_pane().selected()
        if obj is None:
            self.notify("No row is selected.", severity="warning")
        return obj

    def action_detail(self) -> None:
        if (obj := self._selected()) is not None:
            self.open_detail(obj)

    def location(self) -> list[Any]:
        """Breadcrumb steps (``describe.Crumb``) of where this listing is, before its title."""
        return []

    def open_detail(self, obj: Mapping[str, Any]) -> None:
        """Describe the object: key fields, references by name, related lists as tabs."""
        from pingtui.tui.screens.describe import Crumb, DescribeScreen

        pane = self.current_pane()
        self.app.push_screen(DescribeScreen(
            pane.kind, obj, environment_id=pane.environment_id, parent_id=pane.parent_id,
            parent_kind=pane.parent_kind, trail=[*self.location(), Crumb(pane.title)]))

    def action_xray(self) -> None:
        """The x-ray tree of an application or an environment (what it depends on)."""
        from pingtui.tui.screens.describe import Crumb
        from pingtui.tui.screens.xray import XRAY_KINDS, XrayScreen

        pane = self.current_pane()
        if pane.kind not in XRAY_KINDS:
            self.notify("X-ray shows applications and environments: pick one of those.",
                        severity="warning")
            return
        if (obj := self._selected()) is not None:
            self.app.push_screen(XrayScreen(pane.kind, obj, environment_id=pane.environment_id,
                                            trail=[*self.location(), Crumb(pane.title)]))

    def action_yaml(self) -> None:
        if (obj := self._selected()) is not None:
            from pingtui.tui.screens.detail import copy_yaml

            copy_yaml(self, obj)

    def action_copy_id(self) -> None:
        if (obj := self._selected()) is not None:
            from pingtui.tui.screens.detail import copy_id

            copy_id(self, obj, what="row")

    def action_export(self) -> None:
        from pingtui.tui.screens.export import ExportScreen

        pane = self.current_pane()
        if not pane.done and pane.error is None and (pane.partial or pane.bounded):
            # Loaded as the user scrolls (a million users): r would only start over.
            where = f" -e {pane.environment_id}" if pane.environment_id else ""
            self.notify(f"Only {pane.table.total_rows:,} of {pane.total or 0:,} "
                        f"{pane.title.lower()} are loaded: an export would miss the rest. "
                        f"Narrow them first (/ then Enter searches PingOne), or stream them "
                        f"all with `pingtui {pane.kind} list{where} -o csv`.",
                        severity="warning", markup=False)
            return
        if not pane.done:
            # A listing that failed part-way (or is still loading) would be exported as if it
            # were all of it.
            why = "it failed part-way" if pane.error is not None else "it is still loading"
            self.notify(f"The {pane.title.lower()} listing is incomplete ({why}): an export "
                        "would miss rows. Press r to load it all, then export.",
                        severity="warning", markup=False)
            return
        self.app.push_screen(ExportScreen(pane.kind, pane.columns, pane.visible_objects()))

    @on(ResourcePane.AuthNeeded)
    def _auth_needed(self, message: ResourcePane.AuthNeeded) -> None:
        from pingtui.tui.screens.sign_on import SignOnScreen

        if isinstance(self.app.screen, SignOnScreen) or self.pingtui.tenant is None:
            return
        if message.pane.sign_on_offered:
            # Signed on a moment ago and PingOne still refuses the token (client credentials
            # sign on by themselves): offering sign-on again would loop. Say what failed; `r`
            # tries again.
            message.pane.sign_on_offered = False
            self.pingtui.notify_error(message.error, title=message.pane.title)
            return

        def signed(ok: bool | None) -> None:
            if ok:
                for pane in self.query(ResourcePane):
                    pane.sign_on_offered = True
                    pane.reload()

        self.app.push_screen(SignOnScreen(self.pingtui.tenant), signed)
