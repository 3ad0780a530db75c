"""Temporary stand-ins for layers other engineers are still writing (test code only).

Installed by conftest.py only when the real module is missing, so the TUI's own tests run
against the documented contracts meanwhile and against the real modules as soon as they land.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


def missing(name: str) -> bool:
    if name in sys.modules:
        return False
    try:
        return importlib.util.find_spec(name) is None
    except (ModuleNotFoundError, ValueError):
        return True


def resource_table_module() -> types.ModuleType:
    from rich.text import Text
    from textual.binding import Binding
    from textual.message import Message
    from textual.widgets import DataTable

    from pingtui.output import cell_text

    class ResourceTable(DataTable):
        BINDINGS = [Binding("enter", "select_obj", "Select", show=False)]

        @dataclass
        class Selected(Message):
            obj: Mapping[str, Any]

        @dataclass
        class Highlighted(Message):
            obj: Mapping[str, Any]

        def __init__(self, columns: Sequence[Any], *, id: str | None = None) -> None:
            super().__init__(id=id, cursor_type="row", zebra_stripes=True)
            self._cols = list(columns)
            self._all: list[Mapping[str, Any]] = []
            self._filter = ""
            self._sort: tuple[int, bool] | None = None

        def on_mount(self) -> None:
            self.add_columns(*[c.header for c in self._cols])

        def _cells(self, obj: Mapping[str, Any]) -> list[str]:
            return [cell_text(c.value(obj)) for c in self._cols]

        def _visible(self) -> list[Mapping[str, Any]]:
            rows = [o for o in self._all
                    if not self._filter or any(self._filter.lower() in c.lower()
                                                for c in self._cells(o))]
            if self._sort:
                i, rev = self._sort
                rows.sort(key=lambda o: self._cells(o)[i].lower(), reverse=rev)
            return rows

        def _redraw(self) -> None:
            super().clear()
            for obj in self._visible():
                self.add_row(*[Text(c) for c in self._cells(obj)])

        def add_rows(self, objs: Sequence[Mapping[str, Any]]) -> None:  # type: ignore[override]
            self._all.extend(objs)
            self._redraw()

        def clear(self, columns: bool = False) -> Any:  # type: ignore[override]
            self._all = []
            return super().clear()

        def set_filter(self, text: str) -> None:
            self._filter = text
            self._redraw()

        def sort_by(self, column_index: int, reverse: bool | None = None) -> None:
            if reverse is None:
                reverse = bool(self._sort and self._sort[0] == column_index
                               and not self._sort[1])
            self._sort = (column_index, reverse)
            self._redraw()

        @property
        def total_rows(self) -> int:
            return len(self._all)

        @property
        def selected(self) -> Mapping[str, Any] | None:
            rows = self._visible()
            return rows[self.cursor_row] if rows and 0 <= self.cursor_row < len(rows) else None

        def visible_objects(self) -> list[Mapping[str, Any]]:
            return self._visible()

        def action_select_obj(self) -> None:
            if (obj := self.selected) is not None:
                self.post_message(self.Selected(obj))

    module = types.ModuleType("pingtui.tui.widgets.resource_table")
    module.ResourceTable = ResourceTable  # type: ignore[attr-defined]
    return module


def install() -> None:
    if missing("pingtui.tui.widgets.resource_table"):
        sys.modules["pingtui.tui.widgets.resource_table"] = resource_table_module()


def api_modules() -> dict[str, types.ModuleType]:
    """``pingtui.api.client/resources/errors`` over an in-memory tenant (until they land)."""
    from pingtui.errors import AuthError, PingTUIError
    from pingtui.output import Column, field

    @dataclass(frozen=True)
    class ResourceSpec:
        name: str
        title: str
        columns: tuple[Column, ...]

    cols = {
        "environments": (Column("ID", field("id"), 36), Column("NAME", field("name"), 24),
                         Column("TYPE", field("type"), 10), Column("REGION", field("region"), 6),
                         Column("CREATED", field("createdAt"), 20),
                         Column("DESCRIPTION", field("description"))),
        "populations": (Column("ID", field("id"), 36), Column("NAME", field("name"), 24),
                        Column("DESCRIPTION", field("description"))),
        "users": (Column("ID", field("id"), 36), Column("USERNAME", field("username"), 24),
                  Column("EMAIL", field("email"))),
        "groups": (Column("ID", field("id"), 36), Column("NAME", field("name"))),
        "applications": (Column("ID", field("id"), 36), Column("NAME", field("name"))),
    }
    RESOURCES = {k: ResourceSpec(k, k.title(), v) for k, v in cols.items()}

    @dataclass
    class Page:
        items: list
        total: int | None
        fetched: int
        number: int

    class ApiError(PingTUIError):
        status = 0

    class Forbidden(ApiError):
        status = 403

    class Unauthorized(AuthError):
        pass

    class PingOneClient:
        def __init__(self, api_base_url: str, auth: Any, **kw: Any) -> None:
            self.auth = auth

        async def __aenter__(self) -> PingOneClient:
            return self

        async def __aexit__(self, *exc: Any) -> None:
            pass

    async def list_pages(client: Any, kind: str, environment_id: str | None = None,
                         filter: str | None = None, limit: int | None = None):
        tenant = client.auth.tenant
        await client.auth.access_token()
        if tenant.fault:
            raise tenant.fault
        items = tenant.items(kind, environment_id)
        if filter:
            items = [i for i in items if filter.split('"')[1].lower() in str(i.get("name",
                     i.get("username", ""))).lower()]
        for n in range(0, max(len(items), 1), 2):
            chunk = items[n:n + 2]
            yield Page(chunk, len(items), n + len(chunk), n // 2 + 1)

    async def get_one(client: Any, kind: str, id: str, environment_id: str | None = None):
        for obj in client.auth.tenant.items(kind, environment_id):
            if obj.get("id") == id:
                return {**obj, "readOne": True}
        raise ApiError(f"No {kind} {id}.", None)

    errors = types.ModuleType("pingtui.api.errors")
    errors.ApiError, errors.Forbidden, errors.Unauthorized = ApiError, Forbidden, Unauthorized
    client = types.ModuleType("pingtui.api.client")
    client.PingOneClient = PingOneClient
    resources = types.ModuleType("pingtui.api.resources")
    resources.RESOURCES, resources.Page = RESOURCES, Page
    resources.list_pages, resources.get_one = list_pages, get_one
    return {"pingtui.api.errors": errors, "pingtui.api.client": client,
            "pingtui.api.resources": resources}


@dataclass
class DeviceCodeIssued:
    user_code: str
    verification_uri: str
    verification_uri_complete: str
    expires_in: int
    interval: int


@dataclass
class BrowserOpened:
    url: str
    opened: bool
    ssh_hint: str | None


class FakeTenantData:
    """What the in-memory tenant holds; tests set ``fault`` to make the API fail."""

    def __init__(self) -> None:
        self.fault: Exception | None = None
        self.signed_on = False
        self.login_error: Exception | None = None
        self.environments = [
            {"id": "aaaaaaaa-0000-4000-8000-000000000001", "name": "[prod]", "type": "PRODUCTION",
             "region": "EU", "createdAt": "2024-01-02T03:04:05Z", "description": "a[/]b"},
            {"id": "aaaaaaaa-0000-4000-8000-000000000002", "name": "Administrators",
             "type": "SANDBOX", "region": "EU", "createdAt": "2023-05-06T07:08:09Z",
             "description": "Admins"},
            {"id": "aaaaaaaa-0000-4000-8000-000000000003", "name": "Dev", "type": "SANDBOX",
             "region": "NA", "createdAt": "2025-01-01T00:00:00Z", "description": ""},
        ]

    def items(self, kind: str, environment_id: str | None) -> list[dict[str, Any]]:
        if kind == "environments":
            return list(self.environments)
        if kind == "users":
            return [{"id": f"u-{i}", "username": f"user{i}", "email": f"user{i}@example.com"}
                    for i in range(3)]
        return [{"id": f"{kind}-{i}", "name": f"{kind} {i}"} for i in range(2)]


def fake_session_factory(data: FakeTenantData):
    from pingtui.errors import AuthError

    class FakeSession:
        def __init__(self, profile: Any) -> None:
            self.profile = profile
            self.tenant = data

        async def access_token(self) -> str:
            if not data.signed_on:
                raise AuthError("Not signed on.", "Run pingtui auth login.")
            return "token"

        async def login(self, on_event: Any) -> Any:
            import asyncio

            grant = self.profile.pingone.authentication.grant_type
            if grant == "device_code":
                on_event(DeviceCodeIssued("WDJB-MJHT", "http://127.0.0.1:9/device",
                                          "http://127.0.0.1:9/device?user_code=WDJB-MJHT",
                                          600, 5))
            elif grant == "authorization_code":
                on_event(BrowserOpened("http://127.0.0.1:9/authorize?x=1", False,
                                       "ssh -L 7464:127.0.0.1:7464 host"))
            await data.approved.wait()
            if data.login_error:
                raise data.login_error
            data.signed_on = True
            return types.SimpleNamespace(username="ada@example.com")

        async def logout(self) -> Any:
            data.signed_on = False

        async def status(self) -> Any:
            return types.SimpleNamespace(username="ada@example.com" if data.signed_on else None)

        async def aclose(self) -> None:
            pass

    import asyncio

    data.approved = asyncio.Event()
    return FakeSession


def install_api() -> None:
    if missing("pingtui.api.resources"):
        sys.modules.update(api_modules())
