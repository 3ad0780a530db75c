"""Regenerate screenshots/: an SVG and a PNG of every TUI screen.

    .venv/bin/python scripts/screenshots.py [NAME ...]

Drives the real app (the same ``make_app`` factory as the CLI and the tests) against the
embedded simulator, in a temporary directory with its own profiles file, so nothing of the
user's config, keyring, hostname or home shows. PNGs are rendered with cairosvg in a monospace
font that must be installed (DejaVu Sans Mono: ``apt-get install fonts-dejavu-core``); the
simulator's CJK, emoji and Vietnamese names are drawn in the font fontconfig picks for each
character (here: ``apt-get install fonts-wqy-microhei fonts-noto-color-emoji``).
"""

from __future__ import annotations

import asyncio
import functools
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screenshots"
FONT = "DejaVu Sans Mono"
ENV_ID = "3b1b2f7e-1a2b-4c3d-9e8f-0a1b2c3d4e5f"

sys.path.insert(0, str(ROOT))

Steps = Callable[[Any], Awaitable[None]]


@dataclass
class Scene:
    name: str
    title: str
    config: str  # "none", "broken", "sim-cc", "sim-device", "sim-browser", "sim-wrong-env"
    steps: Steps
    size: tuple[int, int] = (100, 30)
    demo: bool = False


# ------------------------------------------------------------------------------- helpers


async def until(pilot: Any, predicate: Callable[[], bool], timeout: float = 15.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise TimeoutError(f"{pilot.app.screen!r}: condition not met")
        await pilot.pause(0.02)


def screen(pilot: Any, name: str) -> Callable[[], bool]:
    return lambda: type(pilot.app.screen).__name__ == name


async def settle(pilot: Any, workers: bool = True) -> None:
    from textual.widgets import Input

    await pilot.pause()
    if workers:
        await pilot.app.workers.wait_for_complete()
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    pilot.app.clear_notifications()
    await pilot.pause()


async def browser(pilot: Any) -> None:
    await until(pilot, lambda: screen(pilot, "EnvironmentsScreen")()
                and pilot.app.screen.current_pane().done)
    await until(pilot, lambda: bool(pilot.app.identity_label))


async def device_code(pilot: Any) -> None:
    await until(pilot, lambda: any(w.code for w in pilot.app.screen.query("#user-code")))
    await settle(pilot, workers=False)


# ------------------------------------------------------------------------------- scenes


async def s_welcome(pilot: Any) -> None:
    await settle(pilot)


async def s_help(pilot: Any) -> None:
    await browser(pilot)
    await pilot.press("question_mark")
    await until(pilot, screen(pilot, "HelpScreen"))
    await settle(pilot)


async def s_profiles(pilot: Any) -> None:
    await browser(pilot)
    await pilot.press("P")
    await until(pilot, lambda: any(t.row_count for t in pilot.app.screen.query("DataTable")))
    await settle(pilot)


def wizard(keys: list[str]) -> Steps:
    async def run(pilot: Any) -> None:
        await pilot.press("enter")
        await until(pilot, screen(pilot, "InitWizardScreen"))
        await pilot.press(*keys)
        await settle(pilot)

    return run


async def s_sign_on_failed(pilot: Any) -> None:
    await until(pilot, lambda: getattr(pilot.app.screen, "failed", False))
    await settle(pilot, workers=False)


async def s_sign_on_browser(pilot: Any) -> None:
    await until(pilot, lambda: bool(getattr(pilot.app.screen, "url", "")))
    await settle(pilot, workers=False)


async def s_environments(pilot: Any) -> None:
    await browser(pilot)
    await settle(pilot)


async def s_filtered(pilot: Any) -> None:
    await browser(pilot)
    await pilot.press("slash", *"customer")
    await settle(pilot)


async def s_environment(pilot: Any) -> None:
    await browser(pilot)
    await pilot.press("down", "enter")
    await until(pilot, screen(pilot, "EnvironmentScreen"))
    await pilot.press("right_square_bracket")
    await settle(pilot)


async def s_detail(pilot: Any) -> None:
    await browser(pilot)
    await pilot.press("down", "enter")
    await until(pilot, screen(pilot, "EnvironmentScreen"))
    await pilot.press("right_square_bracket")
    await settle(pilot)
    await pilot.press("d")  # describe; j: the raw JSON/YAML
    await until(pilot, screen(pilot, "DescribeScreen"))
    await pilot.press("j")
    await until(pilot, screen(pilot, "DetailScreen"))
    await settle(pilot)


def describe(tab: str, row: int, *keys: str) -> Steps:
    """Administrators' ``tab``, row ``row`` described, then ``keys`` (a related tab)."""

    async def run(pilot: Any) -> None:
        await browser(pilot)
        await pilot.press("enter")
        await until(pilot, screen(pilot, "EnvironmentScreen"))
        pilot.app.screen.show_tab(tab)
        await until(pilot, lambda: pilot.app.screen.current_pane().done)
        await pilot.press(*["down"] * row, "enter")
        await until(pilot, screen(pilot, "DescribeScreen"))
        for _ in range(3):  # the object is read again, then its references' names
            await settle(pilot)
        if keys:
            await pilot.press(*keys)
            for _ in range(2):
                await settle(pilot)

    return run


async def s_xray(pilot: Any) -> None:
    await describe("applications", 4)(pilot)
    await pilot.press("x")
    await until(pilot, screen(pilot, "XrayScreen"))
    tree = pilot.app.screen.query_one("#xray-tree")
    for heading in list(tree.root.children):
        heading.expand()
    await settle(pilot)
    for heading in list(tree.root.children):
        for child in list(heading.children)[:2]:
            child.expand()
    await settle(pilot)


async def s_holders(pilot: Any) -> None:
    await browser(pilot)
    await pilot.press("colon", *"roles", "enter")
    await until(pilot, lambda: hasattr(pilot.app.screen, "current_pane")
                and pilot.app.screen.current_pane().kind == "roles"
                and pilot.app.screen.current_pane().done)
    await pilot.press("down", "enter")  # Environment Admin
    await until(pilot, screen(pilot, "DescribeScreen"))
    await pilot.press("right_square_bracket")  # Holders
    await until(pilot, lambda: pilot.app.screen.query_one("#pane-rel-0").done)
    await settle(pilot)


def in_administrators(*keys: str, name: str) -> Steps:
    """Inside Administrators, ``keys`` pressed, then wait for the screen ``name``."""

    async def run(pilot: Any) -> None:
        await browser(pilot)
        await pilot.press("enter")
        await until(pilot, screen(pilot, "EnvironmentScreen"))
        await settle(pilot)
        await pilot.press(*keys)
        await until(pilot, screen(pilot, name))
        for _ in range(3):  # counts and rows arrive a few at a time
            await settle(pilot)

    return run


async def s_activity_detail(pilot: Any) -> None:
    await in_administrators("colon", *"activities", "enter", name="ActivitiesScreen")(pilot)
    await pilot.press("enter")
    await until(pilot, screen(pilot, "ActivityDetailScreen"))
    await settle(pilot)


async def s_export(pilot: Any) -> None:
    await browser(pilot)
    await pilot.press("e")
    await until(pilot, screen(pilot, "ExportScreen"))
    await settle(pilot)


async def s_jump(pilot: Any) -> None:
    await browser(pilot)
    await pilot.press("colon", "u")
    await until(pilot, screen(pilot, "JumpScreen"))
    await settle(pilot)


async def s_palette(pilot: Any) -> None:
    await browser(pilot)
    await pilot.press("ctrl+p")
    await pilot.pause(0.3)
    await pilot.press(*"go to")
    await pilot.pause(0.5)
    await settle(pilot)


SCENES = [
    Scene("welcome", "Welcome (no profile yet)", "none", s_welcome),
    Scene("welcome-demo", "Welcome in the demo", "none", s_welcome, demo=True),
    Scene("error-config", "A broken profiles file", "broken", s_welcome),
    Scene("init-grant", "Guided set-up: grant type", "none", wizard(["tab", "down"])),
    Scene("init-environment-id", "Guided set-up: environment ID checked as typed", "none",
          wizard(["ctrl+n", "ctrl+n", *"3b1b2f7e-1a2b"])),
    Scene("init-review", "Guided set-up: review", "none",
          wizard(["tab", "down", "enter", "ctrl+n", "down", "enter", "ctrl+n", *ENV_ID, "tab",
                  *"7c0e6f9a-client", "ctrl+n", "ctrl+n"])),
    Scene("sign-on-device", "Sign-on with a device code", "sim-device", device_code),
    Scene("sign-on-device-80x24", "Sign-on with a device code at 80×24", "sim-device",
          device_code, size=(80, 24)),
    Scene("sign-on-browser", "Sign-on in the browser (no display: the URL and ssh -L hint)",
          "sim-browser", s_sign_on_browser),
    Scene("sign-on-failed", "Sign-on failed (wrong environment ID)", "sim-wrong-env",
          s_sign_on_failed),
    Scene("environments", "Environment browser", "sim-cc", s_environments),
    Scene("environments-80x24", "Environment browser at 80×24", "sim-cc", s_environments,
          size=(80, 24)),
    Scene("environments-filter", "Environment browser, / filter while typing", "sim-cc",
          s_filtered),
    Scene("environments-filter-80x24", "Environment browser, / filter while typing at 80×24",
          "sim-cc", s_filtered, size=(80, 24)),
    Scene("environment", "One environment: Populations / Users / Groups / Applications",
          "sim-cc", s_environment),
    Scene("detail", "Detail of a user (JSON / YAML)", "sim-cc", s_detail),
    Scene("describe-user", "Describe a user: key fields, references by name", "sim-cc",
          describe("users", 0)),
    Scene("describe-user-roles", "A user's role assignments (role, scope, environment)",
          "sim-cc", describe("users", 0, "right_square_bracket", "right_square_bracket")),
    Scene("describe-group-members", "A group's members", "sim-cc",
          describe("groups", 0, "right_square_bracket")),
    Scene("describe-application-grants", "An application's grants: resources and scopes",
          "sim-cc", describe("applications", 4, "right_square_bracket")),
    Scene("describe-80x24", "Describe an application at 80×24", "sim-cc",
          describe("applications", 4), size=(80, 24)),
    Scene("xray", "X-ray of an application: grants, sign-on policies, roles", "sim-cc",
          s_xray),
    Scene("role-holders", "Who holds Environment Admin, and where", "sim-cc", s_holders),
    Scene("kinds", "Every kind in an environment, with counts (ctrl+a or :kinds)", "sim-cc",
          in_administrators("ctrl+a", name="KindsScreen")),
    Scene("kind-sign-on-policies", "A catalog kind in the generic listing: sign-on policies",
          "sim-cc", in_administrators("colon", *"sign-on-policies", "enter", name="KindScreen")),
    Scene("activities", "The audit log (:activities), follow with f", "sim-cc",
          in_administrators("colon", *"activities", "enter", name="ActivitiesScreen")),
    Scene("activities-80x24", "The audit log at 80×24", "sim-cc",
          in_administrators("colon", *"activities", "enter", name="ActivitiesScreen"),
          size=(80, 24)),
    Scene("activity-detail", "One activity: actor, resources, correlation ID", "sim-cc",
          s_activity_detail),
    Scene("export", "Export the table", "sim-cc", s_export),
    Scene("jump", ": jump to a resource", "sim-cc", s_jump),
    Scene("palette", "Command palette", "sim-cc", s_palette),
    Scene("profiles", "Profile manager", "sim-cc", s_profiles),
    Scene("help", "Help: every key", "sim-cc", s_help),
]


# ------------------------------------------------------------------------------- running


def config_text(kind: str, sim: Any) -> str:
    if kind == "none":
        return ""
    if kind == "broken":
        return "activeProfile: work\nprofiles:\n  work:\n    pingone: [\n"
    grant = {"sim-cc": "client_credentials", "sim-device": "device_code",
             "sim-browser": "authorization_code", "sim-wrong-env": "device_code"}[kind]
    client = {"client_credentials": sim.client_credentials_client_id,
              "device_code": sim.device_client_id,
              "authorization_code": sim.auth_code_client_id}[grant]
    env_id = ENV_ID if kind == "sim-wrong-env" else sim.admin_environment_id
    secret = (f"\n        clientSecret: {sim.client_secret}"
              if grant == "client_credentials" else "")
    return f"""\
activeProfile: work
profiles:
  work:
    description: My PingOne tenant
    pingone:
      environmentID: {env_id}
      authBaseURL: {sim.base_url}
      apiBaseURL: {sim.api_base_url}
      authentication:
        grantType: {grant}
        clientID: {client}{secret}
        storage: {"file" if secret else "none"}
  eu-automation:
    description: CI pipeline [eu]
    pingone:
      region: EU
      environmentID: {ENV_ID}
      authentication:
        grantType: client_credentials
        clientID: 0a1b2c3d-ci
        storage: keyring
"""


async def shoot(scene: Scene, workdir: Path) -> str:
    from pingtui.sim.server import Simulator
    from pingtui.tui.app import make_app

    with Simulator(device_interval=0.2) as sim:
        config = workdir / scene.name / "config.yaml"
        config.parent.mkdir(parents=True, exist_ok=True)
        if scene.config != "none":
            config.write_text(config_text(scene.config, sim), encoding="utf-8")
        # A relative profiles path: the screenshots show "cfg/config.yaml", not a temp dir.
        os.chdir(config.parent.parent)
        app = make_app(config_path=Path(scene.name) / "config.yaml", env={}, demo=scene.demo,
                       demo_factory=(lambda: None) if scene.demo else None, ssh=False,
                       pingcli_path=workdir / "no-pingcli.yaml",
                       client_options={"max_retries": 0})
        async with app.run_test(size=scene.size) as pilot:
            await scene.steps(pilot)
            return app.export_screenshot(title=f"pingtui — {scene.title}")


def to_png(svg: str, path: Path) -> None:
    import cairosvg

    # Textual's SVG asks for Fira Code; render with the installed monospace font instead so
    # the columns line up in the PNG.
    svg = re.sub(r'font-family:\s*"?Fira Code"?(,\s*monospace)?', f'font-family: "{FONT}"', svg)
    svg = TEXT_SPAN.sub(_one_character_a_cell, svg)
    cairosvg.svg2png(bytestring=svg.encode("utf-8"), write_to=str(path), output_width=1400)


TEXT_SPAN = re.compile(r'<text (class="[^"]*") x="([\d.]+)" (y="[\d.]+") textLength="([\d.]+)" '
                       r'(clip-path="[^"]*")>([^<]*)</text>')


def _one_character_a_cell(span: re.Match[str]) -> str:
    """Each character of a span at its own cell, in a font that has it.

    cairosvg ignores ``textLength`` and does not fall back to another font per glyph: CJK,
    emoji or a Vietnamese vowel missing from the monospace font would be boxes, and wide
    characters would push the rest of their row off its columns.
    """
    import html

    from rich.cells import cell_len

    text = html.unescape(span[6])
    cell = float(span[4]) / len(text)  # Textual's textLength counts characters, not cells
    x, pieces = float(span[2]), []
    for char in text:
        if not char.isspace():
            font = _font_for(char)
            style = "" if font == FONT else f' style="font-family: \'{font}\'"'
            pieces.append(f'<text {span[1]} x="{x:.1f}" {span[3]} {span[5]}{style}>'
                          f'{html.escape(char)}</text>')
        x += cell * cell_len(char)
    return "".join(pieces)


@functools.cache
def _font_for(char: str) -> str:
    """FONT when it draws ``char``, else the installed font fontconfig picks for it."""
    if char.isascii():
        return FONT
    found = subprocess.run(["fc-match", "-f", "%{family[0]}", f"{FONT}:charset={ord(char):x}"],
                           capture_output=True, text=True, check=False).stdout
    return found or FONT


def main(names: list[str]) -> int:
    OUT.mkdir(exist_ok=True)
    chosen = [s for s in SCENES if not names or s.name in names]
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="pingtui-shots-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        os.environ.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
                          PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
        for scene in chosen:
            svg = asyncio.run(shoot(scene, Path(tmp)))
            os.chdir(cwd)
            (OUT / f"{scene.name}.svg").write_text(svg, encoding="utf-8")
            to_png(svg, OUT / f"{scene.name}.png")
            print(f"screenshots/{scene.name}.svg + .png  — {scene.title}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
