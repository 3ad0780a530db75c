"""The derived lists: everything that names kinds names exactly the catalog's kinds.

The simulator may not import the client side (import-linter), so its routes are its own list;
this test holds it equal to the catalog: the same paths, ``_embedded`` keys, read-one routes and
query parameters. The CLI's commands come from the catalog too (a kind without one, or a
command naming no kind, fails here).
"""

from __future__ import annotations

import re

import pytest

from pingtui.api.catalog import CATALOG, ENVIRONMENT, ORGANIZATION, TAB_KINDS, TOP_LEVEL


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


def _sim_routes() -> dict[str, dict[str, object]]:
    from pingtui.sim import catalog_data, relations

    routes = {_shape(r.path): {"key": r.key, "params": set(r.params), "read_one": r.read_one}
              for r in catalog_data.ROUTES}
    for (owner, relation), (key, _lister) in relations.ROUTES.items():
        paged = (owner, relation) in relations.PAGED
        routes[_shape(f"/environments/{{}}/{owner}/{{}}/{relation}")] = {
            "key": key, "params": {"limit", "cursor", "filter", "expand"} if paged
            else {"expand"}, "read_one": True}
    return routes


def _catalog_routes() -> dict[str, tuple[str, object]]:
    return {_shape(parent.path): (kind.name, kind) for kind in CATALOG for parent in kind.parents}


def test_the_simulator_serves_exactly_the_catalogs_paths():
    assert set(_sim_routes()) == set(_catalog_routes())


@pytest.mark.parametrize("path", sorted(_catalog_routes()))
def test_each_route_agrees_with_its_kind(path):
    name, kind = _catalog_routes()[path]
    route = _sim_routes()[path]
    assert route["key"] == kind.embedded, name
    assert route["read_one"] == kind.read_one, name
    params = route["params"]
    assert ("limit" in params) == (kind.query.limit is not None), name
    assert ("filter" in params) == kind.query.server_filter, name
    assert ("order" in params) == kind.query.order, name
    for extra in ("expand", "include"):
        if getattr(kind.query, extra):
            assert extra in params, (name, extra)


def test_kinds_are_declared_consistently():
    assert len(CATALOG) >= 40
    for kind in CATALOG:
        assert kind.columns[-1].width is None, kind.name
        assert all(c.width for c in kind.columns[:-1]), kind.name
        for parent in kind.parents:
            assert parent.kind in (ORGANIZATION, ENVIRONMENT) or parent.kind in CATALOG.kinds
            assert "{parent}" in parent.path or parent.kind in (ORGANIZATION, ENVIRONMENT)
        if kind.opens:
            assert kind.opens in [c.name for c in CATALOG.children(kind.name)], kind.name
        for target in kind.references.values():
            assert target in CATALOG.kinds or target == "scope.type", (kind.name, target)
    assert set(TAB_KINDS) == {"populations", "users", "groups", "applications"}
    assert all(CATALOG.kinds[name].parent == ORGANIZATION or CATALOG.kinds[name].parents[0]
               .kind in CATALOG.kinds for name in TOP_LEVEL)


ISSUE_12_NAMES = """organizations licenses roles environments populations users groups applications
resources scopes resource-attributes sign-on-policies sign-on-policy-actions identity-providers
identity-provider-attributes password-policies gateways gateway-instances gateway-credentials
certificates keys key-rotation-policies custom-domains email-domains notification-templates
notification-policies agreements languages webhooks flow-policies forms schemas schema-attributes
custom-admin-roles themes alert-channels propagation-plans rate-limit-ip-configs""".split()  # noqa: SIM905


def test_every_kind_the_issue_names_is_there_with_its_parent_option():
    from pingtui.api.catalog import option_for

    assert set(ISSUE_12_NAMES) <= set(CATALOG.names)
    options = {"scopes": "--resource", "resource-attributes": "--resource",
               "sign-on-policy-actions": "--sign-on-policy",
               "identity-provider-attributes": "--identity-provider",
               "gateway-instances": "--gateway", "gateway-credentials": "--gateway",
               "schema-attributes": "--schema"}
    for name, option in options.items():
        assert option_for(CATALOG.kinds[name].parents[0]) == option


NOT_KINDS = {"profiles", "init", "auth", "completion", "kinds", "api", "role-holders"}


def test_the_cli_has_a_command_for_every_kind_and_no_other():
    from pingtui.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    primary = {name for name, p in sub.choices.items() if p.prog.split()[-1] == name}
    assert primary - NOT_KINDS == set(CATALOG.names)
    for kind in CATALOG:
        for alias in kind.aliases:
            assert alias in sub.choices or kind.cli is not None, (kind.name, alias)


def test_the_tuis_lists_are_the_catalogs():
    """Jump targets, the palette's Go-to entries, the environment tabs and the kinds overview
    come from the catalog: together they name every kind, and nothing else."""
    from pingtui.api.catalog import TAB_KINDS
    from pingtui.tui.screens.environment import TABS
    from pingtui.tui.screens.jump import EXTRA
    from pingtui.tui.screens.kinds import KindsScreen

    assert tuple(TABS) == TAB_KINDS
    overview = [k.name for k in KindsScreen({"id": "e", "name": "E"}).kinds()]
    assert overview == CATALOG.names
    reachable = set()
    for inside in (False, True):
        for listing in (None, *CATALOG.names):
            reachable |= {k.name for k in CATALOG.reachable(inside, listing)}
    assert reachable == set(CATALOG.names)
    assert not {t.name for t in EXTRA} & set(CATALOG.names)
    top = {k.name for k in CATALOG.reachable(False)}
    assert top == set(TOP_LEVEL)
    inside = {k.name for k in CATALOG.reachable(True)}
    assert inside == {k.name for k in CATALOG if k.parent == ENVIRONMENT} | top


def test_the_cli_help_lists_every_kind():
    from pingtui.cli import build_parser

    text = build_parser().format_help()
    assert all(name in text for name in CATALOG.names)


def test_the_activities_columns_are_the_audit_logs():
    from pingtui.api.activities import COLUMNS

    kind = CATALOG.kinds["activities"]
    assert [(c.header, c.width) for c in kind.columns] == [(c.header, c.width) for c in COLUMNS]
    sample = {"recordedAt": "2024-05-01T10:00:00.000Z", "action": {"type": "USER.CREATED"},
              "result": {"status": "SUCCESS"}}
    assert [c.value(sample) for c in kind.columns] == [c.value(sample) for c in COLUMNS]


def test_the_catalog_imports_no_http_client():
    """Building the CLI's parser reads the catalog: that must not load httpx."""
    import subprocess
    import sys

    code = ("import sys; from pingtui.api.catalog import CATALOG; "
            "from pingtui.commands.kinds import add_arguments; "
            "print('httpx' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "False"
