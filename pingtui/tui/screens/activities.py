"""`:activities` — an environment's audit log (the ActivityLog widget on a screen of its own),
and one activity's detail, where the actor, the client and every resource open in the describe
view and the correlation ID opens the log filtered to it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.highlight import highlight
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from pingtui.output import printable
from pingtui.tui.screens.base import PingScreen
from pingtui.tui.widgets.activity_log import ActivityLog
from pingtui.tui.widgets.breadcrumb import Crumb

# An activity's resource or actor type -> the catalog kind that opens it.
KIND_OF_TYPE = {"USER": "users", "APPLICATION": "applications", "CLIENT": "applications",
                "GROUP": "groups", "POPULATION": "populations"}


class ActivitiesScreen(PingScreen[None]):
    """The audit log of one environment (optionally narrowed to an actor, a resource or a
    correlation ID)."""

    DEFAULT_CSS = """
    ActivitiesScreen > .screen-title { height: 1; }
    """

    def __init__(self, environment_id: str, *, actor_id: str | None = None,
                 resource_id: str | None = None, correlation_id: str | None = None,
                 window: str | None = None, follow: bool = False,
                 environment_name: str | None = None) -> None:
        super().__init__()
        self.environment_id = environment_id
        self.environment_name = environment_name
        self.log_widget = ActivityLog(environment_id, actor_id=actor_id,
                                      resource_id=resource_id, correlation_id=correlation_id,
                                      window=window or ("7d" if correlation_id else "24h"),
                                      follow=follow, id="activity-log")

    @property
    def where(self) -> str:
        # Opened from an environment (`:activities`): the status bar's environment is this one.
        return self.environment_name or self.pingtui.environment_label or self.environment_id

    def crumbs(self) -> list[Crumb]:
        """Where an activity opened from here was found (its detail's breadcrumb)."""
        return [Crumb(self.where, self.pingtui.environment_production), Crumb("Audit log")]

    def compose(self) -> ComposeResult:
        yield from self.compose_shell()
        where = self.where
        narrowed = self.log_widget.describe()
        yield Static(Text.assemble(("Activities ", "dim"), printable(where),
                                   (f"  {narrowed}" if narrowed else "", "dim")),
                     classes="screen-title")
        yield self.log_widget

    def on_mount(self) -> None:
        self.log_widget.table.focus()


def _local(value: Any) -> str:
    from pingtui.api.activities import local_time

    return local_time(value)


class ActivityDetailScreen(PingScreen[None]):
    """One activity: what, when, who, on what, the result — and the raw JSON."""

    DEFAULT_CSS = """
    ActivityDetailScreen #activity-fields { height: auto; max-height: 60%; border: none;
                                             padding: 0 1; }
    ActivityDetailScreen #activity-json-scroll { height: 1fr; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "copy_id", "Copy ID", id="activity.copy_id"),
        # What Enter does here, for the help and the footer (the fields list takes it first).
        Binding("enter", "open_field", "Open the actor, client, resource or correlation",
                id="activity.open", show=False),
    ]

    def __init__(self, activity: Mapping[str, Any], *, environment_id: str,
                 trail: Sequence[Crumb] = ()) -> None:
        super().__init__()
        self.activity = dict(activity)
        self.environment_id = environment_id
        self.trail = tuple(trail)
        """Where the activity was found (the log's breadcrumb), for what it opens."""
        self._targets: dict[str, tuple[str, str, str]] = {}
        """Option ID -> ("describe", kind, id) or ("correlation", id, "")."""

    def compose(self) -> ComposeResult:
        yield from self.compose_shell()
        a = self.activity
        action = (a.get("action") or {}) if isinstance(a.get("action"), Mapping) else {}
        result = (a.get("result") or {}) if isinstance(a.get("result"), Mapping) else {}
        status = str(result.get("status") or "")
        title = Text.assemble(("Activity ", "dim"), printable(str(action.get("type") or "")),
                              ("  ", ""), (printable(status), "bold reverse" if status ==
                                           "FAILED" else "bold"))
        yield Static(title, classes="screen-title", id="activity-title")
        yield OptionList(*self._options(), id="activity-fields")
        from pingtui.tui.screens.detail import to_json

        with VerticalScroll(id="activity-json-scroll"):
            yield Static(highlight(to_json(a), language="json"), id="activity-json")

    def _field(self, label: str, value: str, target: tuple[str, str, str] | None = None
               ) -> Option:
        text = Text.assemble((label.ljust(12), "dim"), printable(value))
        if target is None:
            return Option(text, disabled=True)
        option_id = f"t{len(self._targets)}"
        self._targets[option_id] = target
        text.append("  ⏎", style="dim")
        return Option(text, id=option_id)

    def _options(self) -> list[Option]:
        a = self.activity
        action = a.get("action") if isinstance(a.get("action"), Mapping) else {}
        result = a.get("result") if isinstance(a.get("result"), Mapping) else {}
        actors = a.get("actors") if isinstance(a.get("actors"), Mapping) else {}
        assert isinstance(action, Mapping) and isinstance(result, Mapping)
        assert isinstance(actors, Mapping)
        options = [
            self._field("When", f"{_local(a.get('recordedAt'))}  ({a.get('recordedAt', '')})"),
            self._field("Action", str(action.get("description") or action.get("type") or "")),
            self._field("Result", " — ".join(str(v) for v in (result.get("status"),
                                                              result.get("description")) if v)),
        ]
        for role, kind in (("user", "users"), ("client", "applications")):
            actor = actors.get(role)
            if isinstance(actor, Mapping) and actor.get("id"):
                name = str(actor.get("name") or actor["id"])
                options.append(self._field("Actor" if role == "user" else "Client",
                                           f"{name} ({role})",
                                           ("describe", kind, str(actor["id"]))))
        for resource in a.get("resources") or []:
            if not isinstance(resource, Mapping) or not resource.get("id"):
                continue
            found = KIND_OF_TYPE.get(str(resource.get("type") or "").upper())
            name = str(resource.get("name") or resource["id"])
            options.append(self._field("Resource", f"{name} ({resource.get('type', '?')})",
                                       ("describe", found, str(resource["id"])) if found
                                       else None))
        correlation = a.get("correlationId")
        if isinstance(correlation, str) and correlation:
            options.append(self._field("Correlation", f"{correlation}  (its activities)",
                                       ("correlation", correlation, "")))
        return options

    def on_mount(self) -> None:
        fields = self.query_one("#activity-fields", OptionList)
        fields.focus()
        first = next((i for i in range(fields.option_count)
                      if not fields.get_option_at_index(i).disabled), None)
        if first is not None:
            fields.highlighted = first

    @on(OptionList.OptionSelected, "#activity-fields")
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        target = self._targets.get(event.option.id or "")
        if target is None:
            return
        what, first, second = target
        if what == "correlation":
            self.app.push_screen(ActivitiesScreen(self.environment_id, correlation_id=first))
            return
        from pingtui.tui.screens.describe import DescribeScreen

        action = self.activity.get("action")
        what = str(action.get("type") or "") if isinstance(action, Mapping) else ""
        trail = [*self.trail, Crumb(f"Activity {what}".strip())]
        self.app.push_screen(DescribeScreen(first, {"id": second},
                                            environment_id=self.environment_id, trail=trail))

    def action_open_field(self) -> None:
        """Enter on Actor, Client, Resource or Correlation opens it."""
        self.query_one("#activity-fields", OptionList).action_select()

    def action_copy_id(self) -> None:
        ident = str(self.activity.get("id", ""))
        if ident:
            self.app.copy_to_clipboard(ident)
            self.notify(f"Copied ID {ident}.", markup=False)
