"""Every kind of the catalog opens in the TUI (pilot: rows shown), reached the way a user
does: the `:` prompt from where the kind is valid — the top for the organization's kinds, an
environment for its kinds, a row of the parent kind for a child kind. One simulator for all."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from scopes import ENVIRONMENT, listed, scope_args
from waiting import wait_until

from pingtui.api.catalog import CATALOG, option_for

SIZE = (100, 30)


async def in_thread(function, *args):
    """The CLI runs its own event loop: from an async test, in a thread."""
    return await asyncio.to_thread(function, *args)


def build_app(profiles: Path):
    from pingtui.tui.app import make_app

    return make_app(env={}, config_path=profiles,
                    pingcli_path=profiles.parent / "no-pingcli.yaml")


def screen_name(app) -> str:
    return type(app.screen).__name__


async def browser_ready(pilot) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: screen_name(app) == "EnvironmentsScreen"
                     and app.screen.current_pane().done, what="the environments list")


async def jump(pilot, name: str) -> None:
    await pilot.press("colon")
    await wait_until(pilot, lambda: screen_name(pilot.app) == "JumpScreen")
    await pilot.press(*name, "enter")


async def rows_shown(pilot, kind: str) -> int:
    app = pilot.app

    def ready() -> bool:
        pane = getattr(app.screen, "current_pane", None)
        if not callable(pane) or not app.screen.query("ResourcePane"):
            return False
        current = pane()
        return current.kind == kind and current.done and current.table.row_count > 0

    await wait_until(pilot, ready, what=f"rows of {kind}")
    return app.screen.current_pane().table.row_count


async def open_kind(pilot, cli, name: str) -> None:
    """Go to ``name``'s listing from the environments list, as a user would."""
    kind = CATALOG.kinds[name]
    parents = [p for p in kind.parents if p.kind in CATALOG.kinds]
    if parents and CATALOG.kinds[parents[0].kind].in_environment:
        # A child kind: list the parent, put the cursor on a parent that has children, jump.
        args = await in_thread(scope_args, cli, kind)
        parent_id = args[args.index(option_for(parents[0])) + 1]
        await open_kind(pilot, cli, parents[0].kind)
        table = pilot.app.screen.current_pane().table
        position = next(i for i, obj in enumerate(table.visible_objects())
                        if obj.get("id") == parent_id)
        table.move_cursor(position)
        await pilot.pause()
    elif kind.in_environment and screen_name(pilot.app) == "EnvironmentsScreen":
        table = pilot.app.screen.current_pane().table
        position = next(i for i, obj in enumerate(table.visible_objects())
                        if obj.get("name") == ENVIRONMENT)
        table.move_cursor(position)
    await jump(pilot, name)


GENERIC = [k for k in CATALOG if k.viewer is None]


@pytest.mark.parametrize("kind", GENERIC, ids=lambda k: k.name)
async def test_every_kind_opens_with_rows(catalog_profiles, cli, catalog_sim, kind):
    """The generic listing of every kind shows its rows and catalog columns (opened directly,
    for speed; the tests below reach kinds through `:`, Enter and ctrl+a)."""
    from pingtui.tui.screens.kind_listing import KindScreen

    args = await in_thread(scope_args, cli, kind)
    expected = await in_thread(listed, cli, kind, args)
    environment = catalog_sim.data.environments[0]
    parent = None
    if kind.parent_kinds and kind.in_environment:
        option = option_for(kind.parents[0])
        owner = CATALOG.kinds[kind.parents[0].kind]
        parent_args = await in_thread(scope_args, cli, owner)
        owners = await in_thread(listed, cli, owner, parent_args)
        parent = (owner.name, next(o for o in owners if o["id"] == args[args.index(option) + 1]))
    app = build_app(catalog_profiles)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: screen_name(app) == "EnvironmentsScreen")
        app.push_screen(KindScreen(kind.name, parent=parent,
                                   environment=environment if kind.in_environment else None))
        assert await rows_shown(pilot, kind.name) == len(expected)
        headers = [c.header for c in app.screen.current_pane().columns]
        assert headers == [c.header for c in kind.columns]


async def test_enter_on_a_sign_on_policy_lists_its_actions(catalog_profiles, cli):
    app = build_app(catalog_profiles)
    async with app.run_test(size=SIZE) as pilot:
        await browser_ready(pilot)
        await open_kind(pilot, cli, "sign-on-policies")
        await rows_shown(pilot, "sign-on-policies")
        table = app.screen.current_pane().table
        table.move_cursor(next(i for i, o in enumerate(table.visible_objects())
                               if o["name"] == "Multi_Factor"))
        await pilot.press("enter")
        assert await rows_shown(pilot, "sign-on-policy-actions") == 2
        title = str(app.screen.query_one("#kind-title").render())
        assert "Sign-on policies › Multi_Factor › Sign-on policy actions" in title
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen.current_pane().kind == "sign-on-policies")


async def test_the_environment_screen_keeps_its_four_tabs(catalog_profiles, cli):
    app = build_app(catalog_profiles)
    async with app.run_test(size=SIZE) as pilot:
        await browser_ready(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen_name(app) == "EnvironmentScreen")
        tabs = [t.label for t in app.screen.query_one("TabBar").tabs]
        assert tabs == ["Populations", "Users", "Groups", "Applications"]
        await jump(pilot, "certs")  # not a tab: its own listing above the environment
        await rows_shown(pilot, "certificates")
        await jump(pilot, "groups")  # a tab: back to the environment, on that tab
        await wait_until(pilot, lambda: screen_name(app) == "EnvironmentScreen"
                         and app.screen.current_pane().kind == "groups")


async def test_the_jump_prompt_offers_what_is_valid_here(catalog_profiles, cli):
    app = build_app(catalog_profiles)
    async with app.run_test(size=SIZE) as pilot:
        await browser_ready(pilot)
        await pilot.press("escape")  # no row-dependent targets: the list keeps its cursor
        await pilot.press("colon")
        await wait_until(pilot, lambda: screen_name(app) == "JumpScreen")
        top = app.screen.shown
        assert {"environments", "organizations", "licenses", "roles", "kinds"} <= set(top)
        assert "scopes" not in top  # a child kind: only from a resource's row
        await pilot.press(*"idp")
        await wait_until(pilot, lambda: app.screen.shown[:1] == ["identity-providers"])
        await pilot.press("tab")
        assert app.screen.query_one("Input").value == "identity-providers"
        await pilot.press("ctrl+u", *"scopes", "enter")
        message = str(app.screen.query_one("#jump-message").render())
        assert "Scopes live under a resource" in message and ":resources" in message
        await pilot.press("ctrl+u", *"xyzzy", "enter")
        assert "nothing called 'xyzzy'" in str(app.screen.query_one("#jump-message").render())
        await pilot.press("escape")


async def test_the_kinds_overview_counts_every_kind_of_the_environment(catalog_profiles, cli,
                                                                       catalog_sim):
    app = build_app(catalog_profiles)
    async with app.run_test(size=SIZE) as pilot:
        await browser_ready(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen_name(app) == "EnvironmentScreen")
        await pilot.press("ctrl+a")
        await wait_until(pilot, lambda: screen_name(app) == "KindsScreen")
        screen = app.screen
        await wait_until(pilot, lambda: screen.elapsed is not None, what="every count")
        counted = {k.name for k in CATALOG if screen.countable(k)}
        assert set(screen.counts) == counted
        users = await in_thread(listed, cli, CATALOG.kinds["users"], ["-e", ENVIRONMENT])
        assert screen.counts["users"] == f"{len(users):,}"
        certificates = await in_thread(listed, cli, CATALOG.kinds["certificates"],
                                       ["-e", ENVIRONMENT])
        assert screen.counts["certificates"] == str(len(certificates))
        assert screen.requests == len(counted)  # one cheap request per kind
        table = screen.query_one("DataTable")
        table.move_cursor(row=[k.name for k in CATALOG].index("gateways"))
        await pilot.press("enter")
        await rows_shown(pilot, "gateways")


async def test_the_palette_goes_to_the_kinds_of_the_jump_prompt(catalog_profiles, cli):
    app = build_app(catalog_profiles)
    async with app.run_test(size=SIZE) as pilot:
        await browser_ready(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen_name(app) == "EnvironmentScreen")
        from pingtui.tui.palette import PingTUICommands

        names = {name for name, _call, _help in PingTUICommands(app.screen)._commands()}
        assert {f"Go to {t.name}" for t in app.jump_targets()} <= names
        assert {f"Go to {k.name}" for k in CATALOG.reachable(True)} <= names
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: screen_name(app) == "CommandPalette")
        await pilot.press(*"go to key-rotation")
        await wait_until(pilot, lambda: bool(app.screen.query("CommandList")) and
                         app.screen.query_one("CommandList").option_count > 0)
        await pilot.press("enter")
        await rows_shown(pilot, "key-rotation-policies")


async def test_a_kind_with_its_own_viewer_opens_it(catalog_profiles, cli):
    """The audit log (issue 14) declares its viewer: `:activities` opens that screen."""
    kind = CATALOG.kinds["activities"]
    module, _, cls = (kind.viewer or "").partition(":")
    app = build_app(catalog_profiles)
    async with app.run_test(size=SIZE) as pilot:
        await browser_ready(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen_name(app) == "EnvironmentScreen")
        await jump(pilot, "audit")
        await wait_until(pilot, lambda: screen_name(app) == cls, what=f"the {cls}")
        assert type(app.screen).__module__ == module


async def test_the_generic_listing_has_every_listing_key(catalog_profiles, cli, catalog_sim):
    from pingtui.tui.screens.kind_listing import KindScreen

    app = build_app(catalog_profiles)
    notes: list[str] = []
    notify = app.notify
    app.notify = lambda message, *a, **k: (notes.append(str(message)), notify(message, *a, **k))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: screen_name(app) == "EnvironmentsScreen")
        app.push_screen(KindScreen("languages", environment=catalog_sim.data.environments[0]))
        assert await rows_shown(pilot, "languages") == 6
        pane = app.screen.current_pane()
        await pilot.press("slash", *"ja")  # `/` filters the loaded rows
        await wait_until(pilot, lambda: pane.table.row_count == 1)
        await pilot.press("escape")
        await wait_until(pilot, lambda: pane.table.row_count == 6)
        await pilot.press("2")  # sort by LOCALE
        await wait_until(pilot, lambda: [o["locale"] for o in pane.table.visible_objects()]
                         == sorted(o["locale"] for o in pane.table.visible_objects()))
        await pilot.press("c")
        await wait_until(pilot, lambda: any(n.startswith("Copied ID") for n in notes))
        await pilot.press("y")
        await wait_until(pilot, lambda: "Copied the YAML to the clipboard." in notes)
        await pilot.press("e")
        await wait_until(pilot, lambda: screen_name(app) == "ExportScreen")
        await pilot.press("escape")
        await wait_until(pilot, lambda: screen_name(app) == "KindScreen")
        await pilot.press("d")
        await wait_until(pilot, lambda: screen_name(app) == "DescribeScreen"
                         and app.screen.kind == "languages")


async def test_the_kinds_descriptions_fit_the_width_and_end_keeps_the_kind_column(
        catalog_profiles, cli):
    app = build_app(catalog_profiles)
    async with app.run_test(size=SIZE) as pilot:
        await browser_ready(pilot)
        await pilot.press("ctrl+a")
        await wait_until(pilot, lambda: screen_name(app) == "KindsScreen")
        table = app.screen.query_one("DataTable")
        await wait_until(pilot, lambda: table.virtual_size.width
                         <= table.scrollable_content_region.width, what="the table fits")
        row = [k.name for k in CATALOG].index("licenses")
        description = str(table.get_row_at(row)[2])
        assert description.endswith("…") and len(description) < len(
            CATALOG.kinds["licenses"].description)
        await pilot.press("end")
        await pilot.pause()
        assert table.scroll_x == 0
