"""Fuzzing (hypothesis) the inputs pingtui does not control: filter strings typed by a person,
and API payloads rendered by the TUI (ResourceTable, detail screen, status bar).

Config parsing is fuzzed in test_fuzz_config.py. Budgets are small (CI: 2 cores, the whole
suite well under 10 minutes); each example runs against a real simulator or a real Textual
app.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rel_helpers import wait_until

from pingtui.api import errors
from pingtui.api.client import PingOneClient
from pingtui.api.resources import list_pages
from pingtui.auth.session import Session
from pingtui.demo import DemoTenant, demo_profile
from pingtui.sim import Simulator

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                       HealthCheck.function_scoped_fixture])
CONTROL = {chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]}

# --------------------------------------------------------------------------- filter strings

ATTRIBUTES = st.sampled_from(["name", "id", "type", "region", "description", "license.id",
                              "billOfMaterials.products.type", "createdAt", "nope", "NAME",
                              "a.b.c.d", "_x", "1bad", ""])
OPERATORS = st.sampled_from(["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr", "EQ",
                             "xx", "=", ""])
ODD = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12)
VALUES = st.one_of(
    ODD.map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'),
    ODD.map(lambda s: '"' + s),  # unterminated
    st.sampled_from(["true", "false", "null", "42", "-1.5", "1e999", '"\\u0000"', '"[prod]"',
                     '"a[/]b"', '"\\"', "PRODUCTION"]),
)


@st.composite
def scim_filters(draw: Any) -> str:
    def comparison() -> str:
        op = draw(OPERATORS)
        attr = draw(ATTRIBUTES)
        return f"{attr} {op}" if op == "pr" else f"{attr} {op} {draw(VALUES)}"

    text = comparison()
    for _ in range(draw(st.integers(0, 3))):
        joint = draw(st.sampled_from([" and ", " or ", " AND ", " and not ", " or ("]))
        text += joint + comparison() + (")" if joint.endswith("(") else "")
    if draw(st.booleans()):
        text = draw(st.sampled_from(["(", "not (", "((", ""])) + text + draw(
            st.sampled_from([")", "", "))"]))
    return text


@st.composite
def valid_filters(draw: Any) -> str:
    """Well-formed SCIM on real attributes, with odd Unicode, quotes and markup as values."""
    def comparison() -> str:
        attr = draw(st.sampled_from(["name", "type", "region", "description", "id"]))
        op = draw(st.sampled_from(["eq", "ne", "co", "sw", "ew", "pr"]))
        if op == "pr":
            return f"{attr} pr"
        value = draw(st.one_of(ODD, MARKUP, st.sampled_from(["a", "Pro", "EU", "SANDBOX"])))
        return f'{attr} {op} "' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    text = comparison()
    for _ in range(draw(st.integers(0, 2))):
        text += draw(st.sampled_from([" and ", " or "])) + comparison()
    return text


MARKUP = st.sampled_from(["[prod]", "a[/]b", "[bold]", "[/bold]", "[link=https://evil]x[/link]",
                          "[@click=app.quit]q[/]", "[red on blue]", "\\[x]", "[", "]", "[/]",
                          "${x}", "%s", "{0}", "<b>", "&amp;"])
FILTERS = st.one_of(valid_filters(), valid_filters(), scim_filters(), st.text(max_size=60),
                    st.text(alphabet='()" \\andorteqswcpr', max_size=40))


@pytest.fixture(scope="module")
def tenant() -> Iterator[DemoTenant]:
    with Simulator(page_size=50, users=30) as sim:
        yield DemoTenant(profile=demo_profile(sim), simulator=sim)


async def _list(tenant: DemoTenant, kind: str, scim: str | None) -> list[dict[str, Any]]:
    sim = tenant.simulator
    env = sim.admin_environment_id if kind != "environments" else None
    async with Session(tenant.profile_for("client_credentials")) as session, \
            PingOneClient(sim.api_base_url, session, max_retries=0) as api:
        return [item async for page in list_pages(api, kind, environment_id=env, filter=scim)
                for item in page.items]


@settings(max_examples=60, **SETTINGS)
@given(scim=FILTERS, kind=st.sampled_from(["environments", "users", "populations",
                                           "applications"]))
def test_any_filter_lists_or_says_clearly_what_is_wrong(tenant: DemoTenant, scim: str,
                                                        kind: str) -> None:
    try:
        items = asyncio.run(_list(tenant, kind, scim))
    except errors.BadRequest as exc:  # a filter PingOne (or the local fallback) refused
        assert exc.message and exc.hint and "filter" in (exc.message + exc.hint).lower()
        assert "\n" not in exc.message and len(exc.message) < 600
        assert "Traceback" not in str(exc)
    else:
        assert isinstance(items, list) and all(isinstance(i, dict) for i in items)


@settings(max_examples=40, **SETTINGS)
@given(scim=valid_filters(), kind=st.sampled_from(["environments", "users"]))
def test_the_local_fallback_filters_like_the_server(tenant: DemoTenant, scim: str,
                                                    kind: str) -> None:
    """When PingOne rejects a filter, pingtui filters locally: it must keep what the server
    would have kept (same language, case-insensitive strings, missing attributes)."""
    from pingtui.api.filtering import compile_filter

    everything = _everything(tenant, kind)
    by_server = sorted(i["id"] for i in asyncio.run(_list(tenant, kind, scim)))
    match = compile_filter(scim)
    assert by_server == sorted(i["id"] for i in everything if match(i)), scim


_EVERYTHING: dict[tuple[int, str], list[dict[str, Any]]] = {}


def _everything(tenant: DemoTenant, kind: str) -> list[dict[str, Any]]:
    key = (id(tenant), kind)
    if key not in _EVERYTHING:
        _EVERYTHING[key] = asyncio.run(_list(tenant, kind, None))
    return _EVERYTHING[key]


# --------------------------------------------------------------------------- rendering

NASTY = st.sampled_from(["\x1b[2J", "\x1b]52;c;ZXZpbA==\x07", "\x9b31m", "\x07", "\x00",
                         "\r\n", "\t", "\u202e", "\ufeff", "\u200b", "e\u0301", "東京",
                         "👩\u200d👩\u200d👧", "\U0001f600", "\u2028", "\x7f", " "])
STRINGS = st.lists(st.one_of(MARKUP, NASTY, st.text(max_size=8)), max_size=6).map("".join)
LONG = st.builds(lambda s, n: (s or "x") * n, STRINGS, st.integers(20, 120))
FIELD = st.one_of(STRINGS, LONG, st.integers(), st.floats(allow_nan=False), st.booleans(),
                  st.none(), st.lists(STRINGS, max_size=3),
                  st.dictionaries(STRINGS, STRINGS, max_size=2))
ITEMS = st.fixed_dictionaries({}, optional={
    "id": st.one_of(STRINGS, st.integers()), "name": st.one_of(STRINGS, LONG, FIELD),
    "type": FIELD, "region": FIELD, "createdAt": FIELD, "description": st.one_of(LONG, FIELD),
    "extra": FIELD})


def _terminal_text(app: Any) -> str:
    """What the screen writes to the terminal: the text of every segment of every line."""
    return "".join(segment.text for strip in app.screen._compositor.render_strips()
                   for segment in strip)


def _shown_as_typed(text: str) -> str:
    """The start of ``text`` any cell must show verbatim: its printable ASCII prefix."""
    prefix = ""
    for char in text:
        if not (char.isascii() and char.isprintable()):
            break
        prefix += char
    return " ".join(prefix.split())[:8].strip()


@settings(max_examples=15, **SETTINGS)
@given(items=st.lists(ITEMS, min_size=1, max_size=8), width=st.sampled_from([80, 120]))
def test_resource_table_renders_any_payload(items: list[dict[str, Any]], width: int) -> None:
    from textual.app import App, ComposeResult

    from pingtui.api.resources import RESOURCES
    from pingtui.tui.widgets.resource_table import ResourceTable

    class TableApp(App[None]):
        def compose(self) -> ComposeResult:
            yield ResourceTable(RESOURCES["environments"].columns)

    async def main() -> tuple[str, list[int], int]:
        app = TableApp()
        async with app.run_test(size=(width, 14)) as pilot:
            table = app.query_one(ResourceTable)
            table.add_rows(items)
            await pilot.pause()
            table.set_filter("[")
            table.sort_by(1)
            table.set_filter("")
            table.sort_by(4, reverse=True)
            await pilot.press("down", "end", "home")
            await pilot.pause()
            lines = [table.render_line(y) for y in range(table.size.height)]
            return _terminal_text(app), [s.cell_length for s in lines], table.size.width

    text, lengths, table_width = asyncio.run(main())
    assert not CONTROL & set(text), "a control character reached the terminal"
    assert all(length == table_width for length in lengths)  # no line overflows the table
    for item in items:
        name = item.get("name")
        if isinstance(name, str) and _shown_as_typed(name) and len(items) <= 8:
            assert _shown_as_typed(name) in " ".join(text.split()), name


@settings(max_examples=15, **SETTINGS)
@given(item=ITEMS)
def test_detail_screen_renders_any_payload_and_copies_it_exactly(item: dict[str, Any]) -> None:
    from pingtui.tui.app import make_app
    from pingtui.tui.screens.detail import DetailScreen

    item = dict(item)
    item.pop("id", None)  # no id: the screen does not ask the API again (no tenant here)

    async def main() -> tuple[str, str, str]:
        app = make_app(config_path=Path("/nonexistent/pingtui/config.yaml"), env={},
                       pingcli_path=Path("/nonexistent/pingcli.yaml"))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            app.push_screen(DetailScreen("environments", item))
            await wait_until(pilot, lambda: type(app.screen).__name__ == "DetailScreen"
                             and "JSON" in _terminal_text(app), what="detail drawn")
            json_view = _terminal_text(app)
            from textual.widgets import TabbedContent

            app.screen.query_one(TabbedContent).active = "yaml"
            await wait_until(pilot, lambda: "JSON" in _terminal_text(app), what="yaml drawn")
            yaml_view = _terminal_text(app)
            await pilot.press("y")
            return json_view, yaml_view, app.clipboard

    json_view, yaml_view, copied = asyncio.run(main())
    for view in (json_view, yaml_view):
        assert not CONTROL & set(view), "a control character reached the terminal"
    assert yaml.safe_load(copied) == json.loads(json.dumps(item, default=str))  # exact copy
    name = item.get("name")
    if isinstance(name, str) and (shown := _shown_as_typed(name)):
        assert shown in " ".join(json_view.split())


@pytest.mark.parametrize("name", ["\x1b[2J", "\x9b31m", "evil\x07"])
def test_detail_title_and_json_never_pass_control_characters(name: str) -> None:
    """The examples the fuzzing found (C1 controls in the JSON view, ESC in the title)."""
    from pingtui.tui.app import make_app
    from pingtui.tui.screens.detail import DetailScreen

    async def main() -> str:
        app = make_app(config_path=Path("/nonexistent/pingtui/config.yaml"), env={},
                       pingcli_path=Path("/nonexistent/pingcli.yaml"))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            app.push_screen(DetailScreen("environments", {"name": name, "description": name}))
            await wait_until(pilot, lambda: '"description": ' in _terminal_text(app),
                             what="detail drawn")
            return _terminal_text(app)

    text = asyncio.run(main())
    assert not CONTROL & set(text)
    assert "Environment" in text and '"name": ' in text


@pytest.mark.parametrize("name", ["\x1b[2J", "\x9b31m"])
def test_status_bar_never_passes_control_characters_of_an_environment_name(name: str) -> None:
    from pingtui.tui.app import make_app

    async def main() -> str:
        app = make_app(config_path=Path("/nonexistent/pingtui/config.yaml"), env={},
                       pingcli_path=Path("/nonexistent/pingcli.yaml"))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            app.profile_label = "work"
            app.environment_label = name
            await wait_until(pilot, lambda: "env " in _terminal_text(app), what="bar drawn")
            return _terminal_text(app)

    text = asyncio.run(main())
    assert "env " in text
    assert not CONTROL & set(text)
