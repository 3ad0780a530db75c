"""The describe view and x-ray on the simulator: references navigable by Enter, esc back, the
breadcrumb, related lists as tabs, the lazy x-ray tree. Real auth and api layers (pilot)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Tree
from tui_helpers import screen_text, sim_config, wait_until, write_config


def _screen(app) -> str:
    return type(app.screen).__name__


async def _settled(pilot) -> None:
    for _ in range(3):  # a describe screen's names worker starts after its fetch answers
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def _environment_tab(pilot, tab: str) -> None:
    """Administrators (the first environment) open on ``tab``, its rows loaded."""
    app = pilot.app
    await wait_until(pilot, lambda: _screen(app) == "EnvironmentsScreen"
                     and app.screen.current_pane().done)
    await pilot.press("enter")
    await wait_until(pilot, lambda: _screen(app) == "EnvironmentScreen")
    app.screen.show_tab(tab)
    await wait_until(pilot, lambda: app.screen.current_pane().kind == tab
                     and app.screen.current_pane().done)


async def _describe_first(pilot, tab: str) -> None:
    """Administrators' ``tab``, then Enter: its first row's describe view, settled."""
    await _environment_tab(pilot, tab)
    await pilot.press("enter")
    await wait_until(pilot, lambda: _screen(pilot.app) == "DescribeScreen")
    await _settled(pilot)


def _crumbs(app) -> str:
    return str(app.screen.query_one("#describe-crumbs").render())


async def _choose_reference(pilot, kind: str) -> None:
    """Move the overview's cursor to the first reference into ``kind``, then Enter."""
    screen = pilot.app.screen
    key = next(k for k, t in screen._targets.items() if t.kind == kind)
    fields = screen.query_one("#describe-fields", OptionList)
    fields.focus()
    index = fields.get_option_index(key)
    await pilot.press("home", *["down"] * index, "enter")


async def test_describe_a_user_follow_references_and_come_back(make, config_path: Path,
                                                               sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    ada = sim.data.children(0, "users")[0]
    populations = sim.data.children(0, "populations")
    population = next(populations[i] for i in range(len(populations))
                      if populations[i]["id"] == ada["population"]["id"])
    async with app.run_test(size=(100, 30)) as pilot:
        await _describe_first(pilot, "users")
        user_screen = app.screen
        assert user_screen.kind == "users" and user_screen.obj["id"] == ada["id"]
        assert _crumbs(app) == f"Administrators  PRODUCTION  › Users › {ada['username']}"
        text = screen_text(app)
        assert ada["name"]["formatted"] in text  # key fields in words
        fields = str([o.prompt for o in user_screen.query_one(OptionList)._options])
        assert f"Population        {population['name']}" in fields  # by name, not by ID
        tabs = [r.title for r in user_screen.related]
        assert tabs[:4] == ["Groups", "Roles", "Sessions", "Linked accounts"]

        # Enter on "Population: Customers" opens that population; esc comes back.
        await _choose_reference(pilot, "populations")
        await wait_until(pilot, lambda: _screen(app) == "DescribeScreen"
                         and app.screen is not user_screen)
        await _settled(pilot)
        assert app.screen.kind == "populations"
        assert app.screen.obj.get("name") == population["name"]  # read by its ID
        assert _crumbs(app).endswith(f"› {ada['username']} › {population['name']}")
        assert "Users" in [r.title for r in app.screen.related]  # its users, as a tab
        await pilot.press("escape")
        assert app.screen is user_screen

        # The Groups tab: Enter on a membership opens the group itself.
        await pilot.press("right_square_bracket")
        pane = user_screen.query_one("#pane-rel-0")
        await wait_until(pilot, lambda: pane.done and app.focused is pane.table)
        assert _crumbs(app).endswith(f"› {ada['username']} › Groups")
        first = pane.visible_objects()[0]
        await pilot.press("enter")
        await wait_until(pilot, lambda: _screen(app) == "DescribeScreen"
                         and app.screen is not user_screen)
        await _settled(pilot)
        group_screen = app.screen
        assert group_screen.kind == "groups" and group_screen.obj["id"] == first["id"]
        assert _crumbs(app) == (f"Administrators  PRODUCTION  › Users › {ada['username']} "
                                f"› Groups › {first['name']}")
        assert [r.title for r in group_screen.related][:3] == ["Members", "Nested in", "Roles"]
        await pilot.press("escape", "escape")
        assert _screen(app) == "EnvironmentScreen"


async def test_a_role_assignment_names_its_role_and_scope(make, config_path: Path, sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _describe_first(pilot, "users")
        user_screen = app.screen
        assert user_screen.show_tab("Roles")
        pane = user_screen.query_one("#pane-rel-1")
        await wait_until(pilot, lambda: pane.done and app.focused is pane.table)
        cells = [pane.table.cells(i) for i in range(pane.table.row_count)]
        assert ("Organization Admin", "ORGANIZATION", "Example Corp") in [c[1:4] for c in cells]
        await pilot.press("enter")  # the first: Organization Admin over the organization
        await wait_until(pilot, lambda: _screen(app) == "DescribeScreen"
                         and app.screen.kind == "role-assignments")
        await _settled(pilot)
        assert app.screen.label == "Organization Admin @ Example Corp"
        await _choose_reference(pilot, "roles")
        await wait_until(pilot, lambda: app.screen.kind == "roles")
        await _settled(pilot)
        assert app.screen.obj.get("name") == "Organization Admin"
        await pilot.press("escape")
        assert app.screen.kind == "role-assignments"


async def test_xray_of_an_application(make, config_path: Path, sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    apps = sim.data.children(0, "applications")
    index = next(i for i in range(len(apps)) if apps[i]["name"] == "Customer Web [prod]")
    async with app.run_test(size=(100, 30)) as pilot:
        await _environment_tab(pilot, "applications")
        await pilot.press(*["down"] * index, "x")
        await wait_until(pilot, lambda: _screen(app) == "XrayScreen")
        tree = app.screen.query_one("#xray-tree", Tree)
        headings = [str(n.label) for n in tree.root.children]
        assert headings == ["Grants", "Sign-on policies", "Role assignments"]
        assert all(not n.children for n in tree.root.children)  # nothing fetched yet

        async def open_node(node) -> list[str]:
            tree.move_cursor(node)
            await pilot.press("space")
            await wait_until(pilot, lambda: node.children and "loading" not in
                             str(node.children[0].label))
            return [str(c.label) for c in node.children]

        grants, policies, _roles = tree.root.children
        resources = await open_node(grants)
        assert "Resource openid" in resources
        openid = next(c for c in grants.children if str(c.label) == "Resource openid")
        assert await open_node(openid) == ["Scope openid", "Scope profile", "Scope email"]
        assert await open_node(policies) == ["1. Policy Single_Factor", "2. Policy Multi_Factor"]
        actions = await open_node(policies.children[1])
        assert actions == ["1. Action LOGIN", "2. Action MULTI_FACTOR_AUTHENTICATION"]
        # Each node opens: Enter on the resource describes it; esc comes back to the tree.
        tree.move_cursor(openid)
        await pilot.press("enter")
        await wait_until(pilot, lambda: _screen(app) == "DescribeScreen")
        await _settled(pilot)
        assert app.screen.kind == "resources" and app.screen.obj.get("name") == "openid"
        assert "Scopes" in [r.title for r in app.screen.related]
        await pilot.press("escape")
        assert _screen(app) == "XrayScreen"


async def test_xray_of_the_worker_shows_its_roles_and_of_an_environment(make, config_path: Path,
                                                                        sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    apps = sim.data.children(0, "applications")
    index = next(i for i in range(len(apps)) if apps[i]["name"] == "pingtui worker")
    async with app.run_test(size=(100, 30)) as pilot:
        await _environment_tab(pilot, "applications")
        await pilot.press(*["down"] * index, "x")
        await wait_until(pilot, lambda: _screen(app) == "XrayScreen")
        tree = app.screen.query_one("#xray-tree", Tree)
        roles = tree.root.children[2]
        tree.move_cursor(roles)
        await pilot.press("space")
        await wait_until(pilot, lambda: roles.children and "loading" not in
                         str(roles.children[0].label))
        labels = [str(c.label) for c in roles.children]
        assert "Role Environment Admin  on environment Administrators" in labels
        await pilot.press("escape", "escape")
        await wait_until(pilot, lambda: _screen(app) == "EnvironmentsScreen")
        await pilot.press("x")  # on Administrators, the first environment
        await wait_until(pilot, lambda: _screen(app) == "XrayScreen")
        tree = app.screen.query_one("#xray-tree", Tree)
        assert [str(n.label) for n in tree.root.children] == [
            "Applications", "Sign-on policies", "Resources"]
        applications = tree.root.children[0]
        tree.move_cursor(applications)
        await pilot.press("space")
        await wait_until(pilot, lambda: len(applications.children) == len(apps))
        assert "PRODUCTION" in str(app.screen.query_one("#describe-crumbs").render())


async def test_who_holds_a_role_and_open_a_holder(make, config_path: Path, sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: _screen(app) == "EnvironmentsScreen"
                         and app.screen.current_pane().done)
        await pilot.press("colon", *"roles", "enter")
        await wait_until(pilot, lambda: getattr(app.screen, "current_pane", None) is not None
                         and app.screen.current_pane().kind == "roles"
                         and app.screen.current_pane().done)
        roles = [o["name"] for o in app.screen.current_pane().visible_objects()]
        await pilot.press(*["down"] * roles.index("Environment Admin"), "enter")
        await wait_until(pilot, lambda: _screen(app) == "DescribeScreen")
        role_screen = app.screen
        assert [r.title for r in role_screen.related] == ["Holders"]
        await pilot.press("right_square_bracket")
        pane = role_screen.query_one("#pane-rel-0")
        await wait_until(pilot, lambda: pane.done and app.focused is pane.table)
        held = {pane.table.cells(i)[:2] + pane.table.cells(i)[4:5]
                for i in range(pane.table.row_count)}
        ada = sim.data.children(0, "users")[0]["username"]
        assert ("user", ada, "[prod] Customer Identity") in held
        assert ("group", "Administrators", "Administrators") in held
        assert ("application", "pingtui worker", "Administrators") in held
        assert _crumbs(app) == "Roles › Environment Admin › Holders"
        await pilot.press("enter")  # the first holder: a user
        await wait_until(pilot, lambda: _screen(app) == "DescribeScreen"
                         and app.screen is not role_screen)
        await _settled(pilot)
        assert app.screen.kind == "users" and app.screen.obj.get("username") == ada
        await pilot.press("escape")
        assert app.screen is role_screen


async def test_the_issue_questions_in_a_few_keys(make, config_path: Path, sim) -> None:
    """The keys /work/notes/issue-13.md gives for each question, pressed as written."""
    write_config(config_path, sim_config(sim))
    app = make()

    async def ready(kind: str | None = None) -> None:
        await wait_until(pilot, lambda: hasattr(app.screen, "current_pane")
                         and app.screen.current_pane().done
                         and (kind is None or app.screen.current_pane().kind == kind)
                         and app.focused is app.screen.current_pane().table)

    async def tab_shown(title: str):
        await wait_until(pilot, lambda: _screen(app) == "DescribeScreen"
                         and _crumbs(app).endswith(f"› {title}"))
        active = app.screen.query_one("TabbedContent").active
        pane = app.screen.query_one(f"#pane-{active}")
        await wait_until(pilot, lambda: pane.done and app.focused is pane.table)
        return [pane.table.cells(i) for i in range(pane.table.row_count)]

    async with app.run_test(size=(100, 30)) as pilot:
        await ready("environments")
        # Which groups is this user in?  Enter ] Enter ]
        await pilot.press("enter")
        await ready("populations")
        await pilot.press("right_square_bracket")
        await ready("users")
        await pilot.press("enter")
        await wait_until(pilot, lambda: _screen(app) == "DescribeScreen")
        await pilot.press("right_square_bracket")
        groups = await tab_shown("Groups")
        assert ("Administrators", "DIRECT") in [c[1:3] for c in groups]
        # Who is in this group?  esc ] Enter ]
        await pilot.press("escape")
        await ready("users")
        await pilot.press("right_square_bracket")
        await ready("groups")
        await pilot.press("enter")
        await wait_until(pilot, lambda: _screen(app) == "DescribeScreen")
        await pilot.press("right_square_bracket")
        members = await tab_shown("Members")
        assert len(members) == sim.data.children(0, "groups")[0]["directMemberCounts"]["users"]
        # Which resources and scopes may this application use, which sign-on policy applies?
        # esc ] ↓↓↓↓ Enter ] (Grants) ]] (Sign-on policies)
        await pilot.press("escape")
        await ready("groups")
        await pilot.press("right_square_bracket")
        await ready("applications")
        await pilot.press("down", "down", "down", "down", "enter")
        await wait_until(pilot, lambda: _screen(app) == "DescribeScreen")
        assert app.screen.label == "Customer Web [prod]"
        await pilot.press("right_square_bracket")
        grants = await tab_shown("Grants")
        assert ("openid", "openid, profile, email") in [(c[1], c[3]) for c in grants]
        await pilot.press("right_square_bracket", "right_square_bracket")
        policies = await tab_shown("Sign-on policies")
        assert [c[1:3] for c in policies] == [("1", "Single_Factor"), ("2", "Multi_Factor")]


async def test_an_unresolvable_reference_shows_its_id_dimmed(make, config_path: Path,
                                                            sim) -> None:
    from pingtui.sim import Fault

    sim.faults.add(Fault("status", status=403, count=None,
                         path=f"/v1/environments/{sim.admin_environment_id}/populations"))
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _environment_tab(pilot, "users")
        pane = app.screen.current_pane()
        column = [c.header for c in pane.columns].index("POPULATION")
        first = pane.visible_objects()[0]
        assert pane.table.cells(0)[column] == first["population"]["id"]  # the ID, no error
        assert pane.table._marks(first) == {column: "resource-table--unresolved"}
        assert pane.error is None  # the users listed; only the names are missing


async def test_a_users_activity_tab_opens_an_activity(make, config_path: Path, sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _describe_first(pilot, "users")
        user_screen = app.screen
        assert user_screen.show_tab("Activity")
        log = user_screen.query_one("ActivityLog")
        await wait_until(pilot, lambda: log.table.row_count > 0 and not log.is_loading)
        assert log.involving_id == user_screen.obj["id"]
        log.table.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: _screen(app) == "ActivityDetailScreen")
        await pilot.press("escape")
        assert app.screen is user_screen


async def test_a_listed_collection_names_other_tabs_without_a_lookup(make, config_path: Path,
                                                                     sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _environment_tab(pilot, "users")
        populations = app.screen.query_one("#pane-populations")
        await wait_until(pilot, lambda: populations.done)
        sim.reset_counters()
        await pilot.press("r")  # the users again: their populations are known from the tab
        users = app.screen.current_pane()
        await wait_until(pilot, lambda: users.done and users.table.row_count > 0)
        paths = [p.split("?")[0] for m, p in sim.requests if m == "GET"]
        assert paths == [f"/v1/environments/{sim.admin_environment_id}/users"]
        column = [c.header for c in users.columns].index("POPULATION")
        names = {populations.table.cells(i)[1] for i in range(populations.table.row_count)}
        assert {users.table.cells(i)[column] for i in range(users.table.row_count)} <= names


async def test_an_xray_branch_that_cannot_be_read_says_so(make, config_path: Path,
                                                          sim) -> None:
    from pingtui.sim import Fault

    apps = sim.data.children(0, "applications")
    index = next(i for i in range(len(apps)) if apps[i]["name"] == "Customer Web [prod]")
    grants = f"/v1/environments/{sim.admin_environment_id}/applications/{apps[index]['id']}/grants"
    sim.faults.add(Fault("status", status=403, count=1, path=grants))
    write_config(config_path, sim_config(sim))
    app = make(client_options={"max_retries": 0})
    async with app.run_test(size=(100, 30)) as pilot:
        await _environment_tab(pilot, "applications")
        await pilot.press(*["down"] * index, "x")
        await wait_until(pilot, lambda: _screen(app) == "XrayScreen")
        tree = app.screen.query_one("#xray-tree", Tree)
        branch = tree.root.children[0]
        tree.move_cursor(branch)
        await pilot.press("space")
        await wait_until(pilot, lambda: branch.children and "could not be read" in
                         str(branch.children[0].label))
        await pilot.press("space", "space")  # closed and opened again: read again
        await wait_until(pilot, lambda: "Resource openid" in [str(c.label)
                                                             for c in branch.children])


async def test_the_raw_view_keeps_the_describe_views_breadcrumb(make, config_path: Path,
                                                                 sim) -> None:
    """`j` on a describe view: the JSON/YAML screen says where it was opened from."""
    write_config(config_path, sim_config(sim))
    app = make()
    ada = sim.data.children(0, "users")[0]
    async with app.run_test(size=(100, 30)) as pilot:
        await _describe_first(pilot, "users")
        await pilot.press("j")
        await wait_until(pilot, lambda: _screen(app) == "DetailScreen")
        crumbs = str(app.screen.query_one("#detail-crumbs").render())
        assert crumbs == (f"Administrators  PRODUCTION  › Users › {ada['username']} › "
                          "JSON / YAML")
