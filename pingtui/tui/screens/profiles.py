"""The profile manager: every profile, the active one marked, secrets masked.

Writes go through ``config.edit_config`` (a file lock + atomic write) in a thread worker; the
worker posts the re-read file and the handler redraws the table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Static

from pingtui import profiles
from pingtui.errors import PingTUIError, error_text
from pingtui.tui.screens.base import PingScreen

if TYPE_CHECKING:
    from pathlib import Path

    from pingtui.config import Config, Profile

COLUMNS = ("", "NAME", "GRANT TYPE", "REGION", "ENVIRONMENT ID", "CLIENT ID", "SECRET",
           "STORAGE", "DESCRIPTION")


def profile_cells(profile: Profile, active: bool) -> list[Text]:
    from pingtui.config import MASK

    p = profile.pingone
    auth = p.authentication if p else None
    cells = [
        "●" if active else "",
        profile.name,
        auth.grant_type if auth else "(not set up)",
        p.location if p else "",
        (p.environment_id or "") if p else "",
        (auth.client_id or "") if auth else "",
        MASK if auth and auth.client_secret else "",
        auth.storage if auth else "",
        profile.description,
    ]
    return [Text(cell, no_wrap=True) for cell in cells]


class ProfilesScreen(PingScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Browse", id="profiles.open"),
        Binding("a", "add", "Add", id="profiles.add"),
        Binding("e", "edit", "Edit", id="profiles.edit"),
        Binding("n", "rename", "Rename", id="profiles.rename"),
        Binding("x,delete", "delete", "Delete", id="profiles.delete"),
        Binding("u", "use", "Make active", id="profiles.use"),
        Binding("o", "sign_out", "Sign out", id="profiles.sign_out"),
    ]

    @dataclass
    class Changed(Message):
        """The profiles file was written (or re-read)."""

        config: Config
        note: str

    def compose(self) -> ComposeResult:
        yield from self.compose_shell()
        yield Static("Profiles", classes="screen-title")
        table: DataTable[Text] = DataTable(id="profiles-table", cursor_type="row",
                                           zebra_stripes=True)
        yield table
        yield Static(id="profiles-path", classes="screen-note", markup=False)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        self.reload()
        table.focus()

    # ------------------------------------------------------------------ data

    @work(thread=True, exclusive=True, group="profiles-file", exit_on_error=False)
    def reload(self, note: str = "") -> None:
        from pingtui.config import load_config

        try:
            config = load_config(self.pingtui.config_path)
        except PingTUIError as exc:
            self.app.call_from_thread(self.pingtui.notify_error, exc)
            return
        self.post_message(self.Changed(config, note))

    @work(thread=True, exclusive=True, group="profiles-file", exit_on_error=False)
    def write(self, change: Callable[[Path], str]) -> None:
        """Run ``change`` (a ``pingtui.profiles`` rule on the profiles file, which takes the
        file's lock) and show the file as it is then; ``change`` returns the note to show."""
        from pingtui.config import load_config

        path = self.pingtui.config_path
        try:
            note = change(path)
            config = load_config(path)
        except PingTUIError as exc:
            self.app.call_from_thread(self.pingtui.notify_error, exc)
            return
        self.post_message(self.Changed(config, note))

    def on_profiles_screen_changed(self, message: ProfilesScreen.Changed) -> None:
        config = self.pingtui.config = message.config
        table = self.query_one(DataTable)
        selected = self.selected_name()
        table.clear()
        for name, profile in config.profiles.items():
            table.add_row(*profile_cells(profile, name == config.active_profile), key=name)
        if selected in config.profiles:
            table.move_cursor(row=table.get_row_index(selected))
        self.query_one("#profiles-path", Static).update(
            f"{config.path}   ● active profile · secrets are shown as ********")
        if message.note:
            self.notify(message.note, markup=False)

    def selected_name(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def _need_selected(self) -> str | None:
        name = self.selected_name()
        if name is None:
            self.notify("There is no profile yet: press a to add one.", severity="warning")
        return name

    # ------------------------------------------------------------------ actions

    def action_open(self) -> None:
        if name := self._need_selected():
            self.pingtui.switch_profile(name)

    @on(DataTable.RowSelected, "#profiles-table")
    def _row_selected(self) -> None:
        self.action_open()

    def action_add(self) -> None:
        from pingtui.config import Config
        from pingtui.tui.screens.init_wizard import InitWizardScreen

        config = self.pingtui.config or Config(path=self.pingtui.config_path)
        self.app.push_screen(InitWizardScreen(config, None, new=True), self._wizard_done)

    def action_edit(self) -> None:
        from pingtui.tui.screens.init_wizard import InitWizardScreen

        if (name := self._need_selected()) and self.pingtui.config is not None:
            self.app.push_screen(InitWizardScreen(self.pingtui.config, name),
                                 self._wizard_done)

    def _wizard_done(self, saved: str | None) -> None:
        self.reload()

    def action_rename(self) -> None:
        from pingtui.config import validate_profile_name
        from pingtui.tui.screens.prompt import PromptScreen

        old = self._need_selected()
        if old is None:
            return

        def check(value: str) -> str | None:
            problem = validate_profile_name(value)
            return f"'{value}' {problem}." if problem else None

        def rename(new: str | None) -> None:
            if not new or new == old:
                return

            def change(path: Path) -> str:
                profiles.rename_profile(path, old, new)
                return f"Renamed {old} to {new}."

            self.write(change)

        self.app.push_screen(PromptScreen(f"Rename profile {old} to:", value=old, check=check,
                                          note="Letters, digits, - and _."), rename)

    def action_delete(self) -> None:
        from pingtui.errors import ConfigError
        from pingtui.tui.screens.confirm import ConfirmScreen

        name = self._need_selected()
        if name is None:
            return
        config = self.pingtui.config
        if config is not None:
            try:
                profiles.deletable(config, name)  # checked again under the file's lock
            except ConfigError as exc:
                self.notify(error_text(exc), severity="warning", markup=False)
                return

        def answer(yes: bool | None) -> None:
            if not yes:
                return

            def change(path: Path) -> str:
                profiles.delete_profile(path, name)
                return f"Deleted profile {name}."

            self.write(change)

        self.app.push_screen(ConfirmScreen(f"Delete profile {name} and its stored tokens?",
                                           yes="Delete"), answer)

    def action_use(self) -> None:
        if (name := self._need_selected()) is None:
            return

        def change(path: Path) -> str:
            profiles.use_profile(path, name)
            return f"{name} is now the active profile."

        self.write(change)

    def action_sign_out(self) -> None:
        if (name := self._need_selected()) and self.pingtui.config is not None:
            self.sign_out(self.pingtui.config.get(name))

    @work(exclusive=True, group="sign-out", exit_on_error=False)
    async def sign_out(self, profile: Profile) -> None:
        from pingtui.tui.tenant import Tenant

        tenant = Tenant(profile, session_factory=self.pingtui.session_factory)
        try:
            result = await tenant.session.logout()
        except PingTUIError as exc:
            self.pingtui.notify_error(exc, title="Sign out")
            return
        finally:
            await tenant.aclose()
        if self.pingtui.tenant and self.pingtui.tenant.name == profile.name:
            self.pingtui.signed_out()
        if result.had_tokens and not result.revoked:
            # As `auth logout` says it (exit 1): the token still works at PingOne.
            self.notify(f"Signed out of {profile.name} locally, but PingOne did not revoke the "
                        f"token: {result.problem}", severity="warning", markup=False)
            return
        self.notify(f"Signed out of {profile.name}; its tokens are forgotten.", markup=False)
