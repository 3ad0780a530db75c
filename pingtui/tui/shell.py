"""What screens, widgets and the palette may ask of the app: the shell's typed interface.

Screens sit below the app (the import-linter ``layers`` contract in pyproject.toml): they never
import ``pingtui.tui.app``. They reach the running ``PingTUI`` through :func:`shell_of`, typed by
the :class:`Shell` protocol — so mypy checks every use, and the app can grow without screens
importing it (the old ``app <-> screens`` circle, dodged with ``getattr(self.app, "tenant")``).

``PingTUI`` satisfies ``Shell`` (checked by mypy at the bottom of ``app.py``). Textual's own
``App`` API (``push_screen``, ``notify``, ``copy_to_clipboard``, ``exit``) stays on
``self.app``; only pingtui's additions are here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from pingtui.config import Config, Profile
    from pingtui.connect import SessionFactory
    from pingtui.tui.tenant import Tenant

    # Only mypy needs the protocol; at run time screens get the app itself (shell_of is a cast)
    # and a Protocol class costs a millisecond of the first paint to build.
    class Shell(Protocol):
        """The pingtui app as its screens see it."""

        # -- state the shell keeps
        tenant: Tenant | None
        """The profile being browsed (its session and API client); None before one is chosen."""
        config: Config | None
        """The profiles file as last read (None for the demo, or before the first read)."""
        env: Mapping[str, str]
        demo_mode: bool
        over_ssh: bool
        pingcli_path: Path | None
        session_factory: SessionFactory | None
        clock: Callable[[], float]

        # -- what the status bar shows (reactives on the app: setting one redraws the bar)
        profile_label: str
        environment_label: str
        environment_production: bool
        """The environment shown is a PRODUCTION one: the status bar marks it."""
        identity_label: str
        storage_warning: bool

        @property
        def config_path(self) -> Path: ...

        # -- errors
        def notify_error(self, error: BaseException, *, title: str = "") -> None: ...
        def say_on_exit(self, line: str) -> None: ...

        # -- profiles and sign-on
        def switch_profile(self, name: str) -> None: ...
        def open_profile(self, profile: Profile, *, demo: bool = False) -> None: ...
        def load_and_route(self) -> None: ...
        def signed_on(self, tenant: Tenant, identity: str | None) -> None: ...
        def signed_out(self) -> None: ...
        def open_demo(self, grant_type: str | None = None) -> None: ...

        # -- navigation (the palette offers these)
        def jump_to(self, target: str | None) -> None: ...
        # Screens that open each other (describe <-> x-ray, an activity's actor) go through the
        # shell, so no screen module imports another in a circle.
        def open_describe(self, kind: str, obj: Mapping[str, Any], **where: Any) -> None: ...
        def open_xray(self, kind: str, obj: Mapping[str, Any], **where: Any) -> None: ...
        def jump_targets(self) -> list[Any]: ...
        """The catalog's kinds a jump can open from here (``screens.jump.Target``s)."""
        def action_kinds(self) -> None: ...
        def action_help(self) -> None: ...
        def action_profiles(self) -> None: ...
        def action_sign_on(self) -> None: ...
        def action_sign_out(self) -> None: ...


def shell_of(app: Any) -> Shell:
    """The running app as a :class:`Shell` (``self.app`` of a screen or widget).

    A cast, not an ``isinstance`` check: a runtime protocol check would evaluate properties
    such as ``config_path`` (platformdirs) on the way to the first paint.
    """
    return cast("Shell", app)
