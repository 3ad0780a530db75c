"""First run: no profile yet (or ``--demo``). Three ways in, each one key away."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from pingtui.errors import PingTUIError
from pingtui.tui.screens.base import PingScreen


def pingcli_config_path(home: Path | None = None) -> Path:
    return (home or Path.home()) / ".pingcli" / "config.yaml"


class WelcomeScreen(PingScreen[None]):
    @dataclass
    class Imported(Message):
        """Ping CLI's profiles were added to the profiles file."""

        imported: list[str]
        skipped: list[tuple[str, str]]
        active: str | None

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "choose('setup')", "Set up", id="welcome.setup", show=False),
        Binding("i", "choose('import')", "Import", id="welcome.import", show=False),
        Binding("d", "choose('demo')", "Demo", id="welcome.demo", show=False),
        Binding("q", "app.quit", "Quit", id="welcome.quit"),
    ]

    def __init__(self, *, demo: bool = False) -> None:
        super().__init__()
        self.demo = demo

    def _pingcli_path(self) -> Path:
        return self.pingtui.pingcli_path or pingcli_config_path()

    def compose(self) -> ComposeResult:
        yield from self.compose_shell()
        # Scrolls between the status bar and the footer (at 60×20 the screen's own scrollbar
        # ran over the footer's row).
        with VerticalScroll(id="welcome-scroll"), Vertical(id="welcome"):
            yield Static("Welcome to pingtui", id="welcome-title")
            if self.demo:
                yield Static(
                    "This is the demo: a simulated PingOne tenant on this machine "
                    "(127.0.0.1). Nothing you do here touches your profiles or keyring.\n"
                    "Sign on the way you would over SSH — with a device code — or in a browser.",
                    classes="welcome-text", markup=False)
                options = [
                    Option("Sign on with a device code  (headless / SSH)", id="demo-device"),
                    Option("Sign on in the browser  (authorization code)", id="demo-browser"),
                    Option("Quit", id="quit"),
                ]
            else:
                yield Static(
                    "k9s for PingOne: browse environments, populations, users, groups and "
                    "applications.\nThere is no profile yet. A profile says which PingOne "
                    "tenant to use and how to sign on to it.",
                    classes="welcome-text", markup=False)
                options = [Option("Set up a profile  (guided, 1 minute)", id="setup")]
                if self._pingcli_path().is_file():
                    options.append(Option("Import from Ping CLI  (~/.pingcli/config.yaml)",
                                          id="import"))
                options.append(Option("Try the demo  (a simulated tenant, no account needed)",
                                      id="demo"))
                options.append(Option("Quit", id="quit"))
            yield OptionList(*options, id="welcome-options")
            yield Static("↑/↓ choose · Enter select · ? help", classes="welcome-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#welcome-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_choose(event.option.id or "")

    def action_choose(self, choice: str) -> None:
        app = self.pingtui
        if choice == "quit":
            self.app.exit(0)
        elif choice == "setup" and not self.demo:
            from pingtui.config import Config
            from pingtui.tui.screens.init_wizard import InitWizardScreen

            config = app.config or Config(path=app.config_path)
            self.app.push_screen(InitWizardScreen(config, None), self._after_setup)
        elif choice == "import" and not self.demo:
            if self._pingcli_path().is_file():
                self.import_pingcli(self._pingcli_path())
        elif choice in ("demo", "demo-device"):
            app.open_demo("device_code")
        elif choice == "demo-browser":
            app.open_demo("authorization_code")

    def _after_setup(self, saved: str | None) -> None:
        if saved:
            self.pingtui.switch_profile(saved)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def import_pingcli(self, path: Path) -> None:
        # Reads a file and takes the profiles file's lock: a thread, never the UI loop.
        from pingtui.pingcli import import_profiles

        try:
            summary = import_profiles(self.pingtui.config_path, path)
        except PingTUIError as exc:
            self.app.call_from_thread(self.pingtui.notify_error, exc, title="Import")
            return
        self.post_message(self.Imported([name for _, name in summary.imported],
                                        summary.skipped, summary.active))

    def on_welcome_screen_imported(self, message: WelcomeScreen.Imported) -> None:
        lines = [f"Imported {len(message.imported)} profile(s) from Ping CLI."]
        lines += [f"Skipped {name}: {why}" for name, why in message.skipped]
        self.notify("\n".join(lines), markup=False, timeout=8)
        if message.active:
            self.pingtui.switch_profile(message.active)

