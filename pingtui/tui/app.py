"""PingTUI: the app shell — start-up routing, the current profile, app-wide keys.

Screens live one a file in ``screens/`` and are imported when first shown, so that the first
paint (the welcome screen for ``--demo``) loads no more than it draws. ``make_app`` is the one
factory the CLI, the tests and ``scripts/screenshots.py`` use.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.worker import Worker, WorkerState

from pingtui.errors import PingTUIError, as_user_error, error_text

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.screen import Screen

    from pingtui.config import Config, Profile
    from pingtui.connect import SessionFactory
    from pingtui.errors import ConfigError
    from pingtui.tui.tenant import Tenant

DemoFactory = Callable[[], Any]
"""Returns a started ``pingtui.demo.DemoTenant`` (a context manager with ``.profile``)."""


def _commands_provider() -> type:
    from pingtui.tui.palette import PingTUICommands

    return PingTUICommands


class PingTUI(App[int]):
    """k9s for PingOne."""

    CSS_PATH = "pingtui.tcss"
    TITLE = "pingtui"
    COMMANDS = App.COMMANDS | {_commands_provider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("colon", "jump", "Jump", id="app.jump", show=False),
        Binding("ctrl+a", "kinds", "Kinds", id="app.kinds", show=False),
        Binding("P", "profiles", "Profiles", id="app.profiles", show=False),
        Binding("q", "quit", "Quit", id="app.quit", show=False),
    ]

    # What the status bar shows; set by the shell as profiles change and sign-on completes.
    profile_label: reactive[str] = reactive("")
    environment_label: reactive[str] = reactive("")
    environment_production: reactive[bool] = reactive(False)
    identity_label: reactive[str] = reactive("")
    storage_warning: reactive[bool] = reactive(False)

    def __init__(
        self,
        *,
        config_path: Path | None = None,
        profile_name: str | None = None,
        env: Mapping[str, str] | None = None,
        demo: bool = False,
        start: str | None = None,
        pingcli_path: Path | None = None,
        session_factory: SessionFactory | None = None,
        demo_factory: DemoFactory | None = None,
        clock: Callable[[], float] = time.monotonic,
        ssh: bool | None = None,
        client_options: dict[str, Any] | None = None,
    ) -> None:
        super().__init__()
        self.client_options = client_options
        self._config_path = config_path
        self.profile_name = profile_name
        self.env: Mapping[str, str] = dict(os.environ if env is None else env)
        self.demo_mode = demo
        self.start = start
        self.pingcli_path = pingcli_path
        self.session_factory = session_factory
        self.demo_factory = demo_factory
        self.clock = clock
        self.over_ssh = (bool(self.env.get("SSH_CONNECTION") or self.env.get("SSH_TTY"))
                         if ssh is None else ssh)
        self.config: Config | None = None
        self._start_error: ConfigError | None = None
        self.tenant: Tenant | None = None
        self.demo_tenant: Any = None
        self._demo_waiters: list[Callable[[], None]] = []
        self._demo_starting = False
        self.exit_lines: list[str] = []
        """Said on stderr after the screens are gone (what the wizard saved, and where)."""

    @property
    def config_path(self) -> Path:
        """The profiles file; resolved (platformdirs) only when first needed — the demo, which
        never reads it, does not pay for that on its way to the first paint."""
        if self._config_path is None:
            from pingtui.config import config_path

            self._config_path = config_path(None, self.env)
        return self._config_path

    # ------------------------------------------------------------------ start-up

    def get_default_screen(self) -> Screen[Any]:
        """The bottom of the screen stack: the welcome when the app starts there (the demo,
        or no profile yet), else a blank screen the routed screens sit on.

        Starting on the welcome as the base, the first frame lays out and paints one screen
        instead of a blank one and then the welcome above it (14 ms of a 200 ms start).
        """
        if not self.demo_mode:
            self._start_error = self._read_config()
        if self.demo_mode or (self._start_error is None and self._wants_welcome()):
            from pingtui.tui.screens.welcome import WelcomeScreen

            return WelcomeScreen(demo=self.demo_mode)
        return super().get_default_screen()

    def on_mount(self) -> None:
        from pingtui.tui.gc_pauses import freeze_start_up

        self.call_after_refresh(freeze_start_up)
        if self.demo_mode:
            # Well after the first paint: starting the simulator (imports, a server thread)
            # would compete with drawing the welcome screen, which does not need it. Choosing
            # a sign-on option waits for it if it is not up yet.
            self.set_timer(0.3, self.start_demo)
        elif not self._welcome_is_base():
            self._route(self._start_error)

    def load_and_route(self) -> None:
        """Read the profiles file again and show the screen it calls for."""
        self._route(self._read_config())

    def _read_config(self) -> ConfigError | None:
        """Read the profiles file (small, unlocked) into ``self.config``; the error if broken."""
        from pingtui.config import load_config
        from pingtui.errors import ConfigError

        try:
            self.config = load_config(self.config_path)
        except ConfigError as exc:
            return exc
        return None

    def _wants_welcome(self) -> bool:
        assert self.config is not None
        return not self.config.profiles and not self.profile_name and self.start != "init"

    def _welcome_is_base(self) -> bool:
        from pingtui.tui.screens.welcome import WelcomeScreen

        return isinstance(self.screen_stack[0], WelcomeScreen)

    def _route(self, config_error: ConfigError | None) -> None:
        if config_error is not None:
            self.show_fatal(config_error, title="The profiles file can't be used")
            return
        assert self.config is not None
        if self.start == "init":
            from pingtui.tui.screens.init_wizard import InitWizardScreen

            self.push_screen(InitWizardScreen(self.config, self.profile_name),
                             self._init_done)
            return
        if self._wants_welcome():
            self.show_welcome()
            return
        from pingtui.config import resolve_profile
        from pingtui.errors import ConfigError

        try:
            profile = resolve_profile(self.config, self.profile_name, self.env)
        except ConfigError as exc:
            self.show_fatal(exc, title="That profile can't be used")
            return
        self.set_keymap(dict(profile.keymap))
        self.open_profile(profile)

    def show_welcome(self) -> None:
        if self._welcome_is_base():  # the app started on it: uncover it
            while len(self.screen_stack) > 1:
                self.pop_screen()
            return
        from pingtui.tui.screens.welcome import WelcomeScreen

        self.replace_root(WelcomeScreen(demo=self.demo_mode))

    def show_fatal(self, error: PingTUIError, *, title: str) -> None:
        from pingtui.tui.screens.error import ErrorScreen

        self.replace_root(ErrorScreen(error, title=title))

    def replace_root(self, screen: Screen[Any],
                     callback: Callable[[Any], None] | None = None) -> None:
        """Make ``screen`` the one screen above the base screen (blank, or the welcome)."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(screen, callback)

    # ------------------------------------------------------------------ profiles

    def open_profile(self, profile: Profile, *, demo: bool = False) -> None:
        """Browse ``profile``: its environments, through sign-on when needed."""
        old = self.tenant
        if old is not None:
            self.close_tenant(old)
        from pingtui.tui.tenant import Tenant  # not on the way to the first paint

        self.tenant = Tenant(profile, session_factory=self.session_factory, demo=demo,
                             client_options=self.client_options)
        self.profile_label = profile.name + (" (demo)" if demo else "")
        self.environment_label = ""
        self.environment_production = False
        self.identity_label = ""
        self.storage_warning = self.tenant.tokens_in_file
        if not profile.is_complete:
            from pingtui.tui.screens.init_wizard import InitWizardScreen

            assert self.config is not None

            def done(saved: str | None) -> None:
                # Completed: browse it. Cancelled: an incomplete profile can't be browsed.
                if saved:
                    self.switch_profile(saved)
                else:
                    self.show_welcome()

            self.replace_root(InitWizardScreen(self.config, profile.name), done)
            return
        from pingtui.tui.screens.environments import EnvironmentsScreen

        self.replace_root(EnvironmentsScreen())

    def switch_profile(self, name: str) -> None:
        from pingtui.config import load_config, resolve_profile
        from pingtui.errors import ConfigError

        try:
            self.config = load_config(self.config_path)
            profile = resolve_profile(self.config, name, self.env)
        except ConfigError as exc:
            self.notify_error(exc)
            return
        self.set_keymap(dict(profile.keymap))
        self.open_profile(profile)
        self.notify(f"Switched to profile {name}.", markup=False)

    @work(group="close-tenant", exit_on_error=False)
    async def close_tenant(self, tenant: Tenant) -> None:
        # App-level on purpose: closing must finish even when the screen that used it is gone.
        await tenant.aclose()

    def signed_on(self, tenant: Tenant, identity: str | None) -> None:
        """Called by the sign-on screen on success."""
        if self.tenant is not None:
            self.tenant.adopt(tenant)
            self.tenant.identity = identity
        self.identity_label = identity or ""

    def signed_out(self) -> None:
        self.identity_label = ""

    # ------------------------------------------------------------------ demo

    def start_demo(self) -> None:
        if self.demo_tenant is None and not self._demo_starting:
            self._demo_starting = True
            self._start_demo_worker()

    @work(thread=True, group="demo", exclusive=True, exit_on_error=False)
    def _start_demo_worker(self) -> Any:
        # The simulator (an HTTP server on 127.0.0.1) starts in a thread: never on the UI loop.
        if self.demo_factory is not None:
            return self.demo_factory()
        from pingtui.demo import start_demo

        return start_demo()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "demo":
            return
        if event.state in (WorkerState.SUCCESS, WorkerState.ERROR):
            self._demo_starting = False
        if event.state == WorkerState.SUCCESS:
            self.demo_tenant = event.worker.result
            waiters, self._demo_waiters = self._demo_waiters, []
            for waiter in waiters:
                waiter()
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            assert error is not None  # the worker is in its ERROR state
            message = as_user_error(error).message
            self.notify(f"The demo simulator did not start: {message}", severity="error",
                        markup=False, timeout=10)

    def when_demo_ready(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the simulator is up (at once if it already is)."""
        if self.demo_tenant is not None:
            callback()
            return
        self._demo_waiters.append(callback)
        self.start_demo()

    def open_demo(self, grant_type: str | None = None) -> None:
        """Browse the simulated tenant, signing on with ``grant_type`` (default: the demo's
        sign-on grant, ``connect.DEMO_SIGN_ON_GRANT``)."""
        from pingtui.connect import DEMO_SIGN_ON_GRANT
        from pingtui.tui.tenant import Tenant

        grant = grant_type or DEMO_SIGN_ON_GRANT

        def go() -> None:
            demo = self.demo_tenant
            if demo is None:
                return  # the simulator did not start: the notification said why
            profile = demo.profile_for(grant)
            self.tenant = Tenant(profile, session_factory=self.session_factory, demo=True,
                                 client_options=self.client_options,
                                 profile_for=demo.profile_for)
            self.profile_label = f"{profile.name} (demo)"
            self.storage_warning = False
            from pingtui.tui.screens.sign_on import SignOnScreen

            def signed(ok: bool | None) -> None:
                if ok:
                    from pingtui.tui.screens.environments import EnvironmentsScreen

                    self.replace_root(EnvironmentsScreen())

            self.push_screen(SignOnScreen(self.tenant, grant_type=grant), signed)

        if self.demo_tenant is None:
            self.notify("Starting the simulated tenant…", timeout=3)
        self.when_demo_ready(go)

    # ------------------------------------------------------------------ errors

    def _init_done(self, saved: str | None) -> None:
        """`pingtui init` without flags: the wizard is the whole app."""
        if not saved:
            self.say_on_exit("Nothing was saved: the set-up was cancelled.")
        self.exit(0 if saved else 130)

    def say_on_exit(self, line: str) -> None:
        """A line for the terminal once the app has ended (the screen is gone by then)."""
        if line not in self.exit_lines:
            self.exit_lines.append(line)

    def notify_error(self, error: BaseException, *, title: str = "") -> None:
        """A passing error: a notification with what failed and what to do (never markup)."""
        self.notify(error_text(error), title=title, severity="error", markup=False, timeout=8)

    # ------------------------------------------------------------------ actions

    def action_help(self) -> None:
        from pingtui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "profiles" and self.demo_mode:
            return False  # hidden (footer, help, palette): the demo has no profiles to manage
        return True

    def action_profiles(self) -> None:
        if self.demo_mode:
            self.notify("The demo uses a transient profile; profiles are not shown.")
            return
        from pingtui.tui.screens.profiles import ProfilesScreen

        if not isinstance(self.screen, ProfilesScreen):
            self.push_screen(ProfilesScreen())

    def action_jump(self) -> None:
        from pingtui.tui.screens.jump import JumpScreen

        if not isinstance(self.screen, JumpScreen):
            environment, _listing, _row = self._where()
            where = f"in {environment.get('name') or environment.get('id')}" if environment \
                else "at the top"
            # The demo's profile is transient: there are no profiles to go to.
            hidden = ("profiles",) if self.demo_mode else ()
            self.push_screen(JumpScreen(self.jump_targets(), where=where,
                                        explain=self._not_here, hidden=hidden), self.jump_to)

    def action_kinds(self) -> None:
        """``:kinds`` / ctrl+a: every kind, counted where you are; Enter opens one."""
        from pingtui.tui.screens.kinds import KindsScreen

        if self.tenant is None:
            self.notify("Sign on to a profile first.", severity="warning")
            return
        if not isinstance(self.screen, KindsScreen):
            environment, _listing, _row = self._where()
            self.push_screen(KindsScreen(environment), self.jump_to)

    def _where(self) -> tuple[Mapping[str, Any] | None, str | None, Mapping[str, Any] | None]:
        """The environment being browsed (the nearest on the stack), the kind the top screen
        lists and its selected row — what decides which jumps make sense."""
        environment: Mapping[str, Any] | None = None
        for screen in reversed(self.screen_stack):
            found = getattr(screen, "environment", None)
            if isinstance(found, Mapping):
                environment = found
                break
        listing = row = None
        pane = getattr(self.screen, "current_pane", None)
        if callable(pane):
            try:
                current = pane()
            except Exception:  # noqa: BLE001 - a screen without a pane mounted yet
                current = None
            if current is not None:
                listing, row = current.kind, current.selected()
        return environment, listing, row

    def jump_targets(self) -> list[Any]:
        """The jump prompt's targets: the catalog's kinds valid where you are."""
        from pingtui.api.catalog import CATALOG
        from pingtui.tui.screens.jump import Target

        environment, listing, row = self._where()
        # On the environments list, the highlighted environment's kinds too (Enter opens it).
        inside = environment is not None or (listing == "environments" and row is not None)
        kinds = CATALOG.reachable(inside, listing if row else None)
        return [Target(k.name, k.aliases, k.description) for k in kinds]

    def _not_here(self, text: str) -> str | None:
        """Why a kind the catalog knows is not a jump target where you are."""
        from pingtui.api.catalog import CATALOG

        kind = CATALOG.lookup(text)
        if kind is None:
            return None
        if kind.parent_kinds:
            owner = CATALOG.kinds[kind.parent_kinds[0]]
            return (f"{kind.title} live under a {owner.singular}: open :{owner.name}, pick one, "
                    f"then :{kind.name} (or Enter).")
        if kind.in_environment:
            return f"{kind.title} live in an environment: open one first (Enter on a row)."
        return None

    def open_describe(self, kind: str, obj: Mapping[str, Any], **where: Any) -> None:
        """Describe an object (``DescribeScreen``'s keywords: environment_id, trail, …)."""
        from pingtui.tui.screens.describe import DescribeScreen

        self.push_screen(DescribeScreen(kind, obj, **where))

    def open_xray(self, kind: str, obj: Mapping[str, Any], **where: Any) -> None:
        from pingtui.tui.screens.xray import XrayScreen

        self.push_screen(XrayScreen(kind, obj, **where))

    def jump_to(self, target: str | None) -> None:
        """``:users``, ``:certs``, ``:kinds``…: go to a kind's listing from wherever we are."""
        if not target:
            return
        if target == "profiles":
            self.action_profiles()
            return
        if target == "help":
            self.action_help()
            return
        if self.tenant is None:
            self.notify("Sign on to a profile first.", severity="warning")
            return
        if target == "kinds":
            self.action_kinds()
            return
        from pingtui.api.catalog import CATALOG
        from pingtui.tui.screens.environment import EnvironmentScreen
        from pingtui.tui.screens.environments import EnvironmentsScreen
        from pingtui.tui.screens.kind_listing import KindScreen

        kind = CATALOG.lookup(target)
        if kind is None:
            self.notify(f"There is no kind called {target!r}: :kinds lists them.",
                        severity="warning", markup=False)
            return
        if kind.name == "environments":
            while len(self.screen_stack) > 2 and not isinstance(self.screen,
                                                                 EnvironmentsScreen):
                self.pop_screen()
            if not isinstance(self.screen, EnvironmentsScreen):
                self.replace_root(EnvironmentsScreen())
            return
        environment, listing, row = self._where()
        if not kind.in_environment:  # organizations, licenses, roles
            self.push_screen(KindScreen(kind.name))
            return
        if kind.parent_kinds:  # a child kind: under the selected row of its parent's listing
            if listing in kind.parent_kinds and row is not None:
                self.push_screen(KindScreen(kind.name, environment=environment,
                                            parent=(listing, row)))
            else:
                self.notify(self._not_here(kind.name) or "", severity="warning", markup=False)
            return
        for screen in reversed(self.screen_stack):
            if isinstance(screen, EnvironmentScreen):
                env_screen: EnvironmentScreen = screen  # `is not` below would widen it
                while self.screen is not env_screen:
                    self.pop_screen()
                if kind.tab:
                    env_screen.show_tab(kind.name)
                else:
                    self._open_kind(kind.name, env_screen.environment)
                return
            if isinstance(screen, EnvironmentsScreen):
                if kind.tab:
                    screen.open_selected(tab=kind.name)
                elif (selected := screen.current_pane().selected()) is not None:
                    # At once, not when its first page is in: the kind's screen covers it.
                    self.push_screen(EnvironmentScreen(selected))
                    self._open_kind(kind.name, selected)
                else:
                    screen.open_selected()  # says to pick an environment first
                return
        self.notify("Open an environment first (Enter on a row of the environments list).",
                    severity="warning")

    def _open_kind(self, name: str, environment: Mapping[str, Any]) -> None:
        """A kind of an environment: its custom viewer (the audit log) or the generic one."""
        from pingtui.api.catalog import CATALOG

        kind = CATALOG.kinds[name]
        if kind.viewer:
            import importlib

            module, _, cls = kind.viewer.partition(":")
            try:
                viewer = getattr(importlib.import_module(module), cls)
            except (ImportError, AttributeError):
                viewer = None  # not there (yet): the generic listing serves it
            if viewer is not None:
                self.push_screen(viewer(environment_id=str(environment.get("id", ""))))
                return
        from pingtui.tui.screens.kind_listing import KindScreen

        self.push_screen(KindScreen(name, environment=environment))

    def action_sign_on(self) -> None:
        if self.tenant is None:
            self.notify("There is no profile to sign on with.", severity="warning")
            return
        from pingtui.tui.screens.sign_on import SignOnScreen

        self.push_screen(SignOnScreen(self.tenant), self._after_sign_on)

    def _after_sign_on(self, ok: bool | None) -> None:
        if ok:
            from pingtui.tui.screens.environments import EnvironmentsScreen

            if not any(isinstance(s, EnvironmentsScreen) for s in self.screen_stack):
                self.replace_root(EnvironmentsScreen())

    def action_sign_out(self) -> None:
        if self.tenant is None:
            return
        self.sign_out_worker(self.tenant)

    @work(group="sign-out", exclusive=True, exit_on_error=False)
    async def sign_out_worker(self, tenant: Tenant) -> None:
        try:
            await tenant.session.logout()
        except PingTUIError as exc:
            self.notify_error(exc, title="Sign out")
            return
        self.signed_out()
        self.notify(f"Signed out of {tenant.name}.", markup=False)

    def on_activity_log_opened(self, message: Any) -> None:
        """Enter on a row of an audit log (the activities screen, a describe view's Activity
        tab): the activity's detail. Handled here, above the screens, so that no screen has to
        import another for it (the acyclic screens contract)."""
        from pingtui.tui.screens.activities import ActivityDetailScreen

        message.stop()
        # The log's screen says where the activity was found (an ActivitiesScreen or a
        # describe view's Activity tab): the detail and what it opens carry that breadcrumb.
        crumbs = getattr(self.screen, "crumbs", None)
        self.push_screen(ActivityDetailScreen(message.activity,
                                              environment_id=message.environment_id,
                                              trail=crumbs() if callable(crumbs) else ()))

    async def action_quit(self) -> None:
        self.exit(0)

    async def on_unmount(self) -> None:
        from pingtui.tui.gc_pauses import thaw

        thaw()
        if self.tenant is not None:
            try:
                await self.tenant.aclose()
            except Exception:
                logging.getLogger("pingtui.tui").debug("closing the session failed",
                                                       exc_info=True)
        if self.demo_tenant is not None:
            self.demo_tenant.__exit__(None, None, None)


class NotifyHandler(logging.Handler):
    """pingtui's warnings as notifications while the TUI runs.

    The CLI logs to stderr; under the TUI that would write over the screen.
    """

    def __init__(self, app: App[Any]) -> None:
        from pingtui.logonce import OnceFilter

        super().__init__(logging.WARNING)
        self.app = app
        self.addFilter(OnceFilter())  # each warning one toast per session, not per retry

    def emit(self, record: logging.LogRecord) -> None:
        text = self.format(record)
        severity: SeverityLevel = "error" if record.levelno >= logging.ERROR else "warning"
        try:
            self.app.call_from_thread(self.app.notify, text, severity=severity, markup=False)
        except RuntimeError:  # on the app's own thread (or the app is not running)
            try:
                self.app.notify(text, severity=severity, markup=False)
            except Exception:  # noqa: BLE001 - a log line must never take the app down
                self.handleError(record)


def make_app(**options: Any) -> PingTUI:
    """The one way to build the app — for the CLI, the tests and the screenshots.

    ``options`` are :class:`PingTUI`'s keyword arguments; keeping one entry point means a new
    start-up step (a keymap, a theme) is added in one place for all three.
    """
    return PingTUI(**options)


if TYPE_CHECKING:
    from pingtui.tui.shell import Shell

    def _satisfies_shell(app: PingTUI) -> Shell:
        return app  # mypy checks that PingTUI is everything the Shell protocol promises
