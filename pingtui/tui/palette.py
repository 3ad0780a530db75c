"""The command palette (ctrl+p): switch profile, jump to a resource, sign on/out, profiles.

Theme and quit come from Textual's own system commands (kept via ``App.COMMANDS``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from pingtui.tui.shell import shell_of


class PingTUICommands(Provider):
    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app = shell_of(self.app)
        commands: list[tuple[str, Callable[[], object], str]] = []
        # The kinds a jump can open from here (the catalog's, as the `:` prompt offers them).
        for target in app.jump_targets():
            commands.append((f"Go to {target.name}", partial(app.jump_to, target.name),
                             f"Like :{target.name} — {target.description}"))
        if app.tenant is not None:
            commands.append(("Kinds", app.action_kinds,
                             "Every kind, with how many there are (like :kinds, ctrl+a)"))
        if app.tenant is not None:
            commands.append(("Sign on", app.action_sign_on,
                             f"Sign on to {app.tenant.name} again"))
            commands.append(("Sign out", app.action_sign_out,
                             f"Revoke and forget {app.tenant.name}'s tokens"))
        if not app.demo_mode:
            commands.append(("Profiles", app.action_profiles,
                             "Add, edit, rename, delete profiles"))
            if app.config is not None:
                for name in app.config.profiles:
                    commands.append((f"Switch profile: {name}",
                                     partial(app.switch_profile, name),
                                     "Browse this profile's tenant"))
        commands.append(("Help: keys", app.action_help, "Every key of this screen"))
        return commands

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
