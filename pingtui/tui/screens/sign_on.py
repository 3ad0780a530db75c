"""Sign-on: runs the profile's grant in a worker and shows what the user has to do.

Device code: the user code large, the URL, a QR code, a countdown, ``c`` copies the URL (OSC 52
works over SSH). Browser: "your browser is open", or the URL and the ``ssh -L`` hint when no
browser could open. Failure: what happened and Retry. Leaving the screen cancels the flow (the
worker belongs to this screen). Dismisses with True once signed on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import ContentSwitcher, Static
from textual.worker import Worker, WorkerState

from pingtui.errors import PingTUIError, as_user_error
from pingtui.tui.screens.base import PingScreen
from pingtui.tui.widgets.big_code import BigCode

if TYPE_CHECKING:
    from pingtui.auth.flows import BrowserOpened, DeviceCodeIssued
    from pingtui.auth.flows import FlowEvent as SignOnEvent
    from pingtui.auth.session import AuthStatus
    from pingtui.tui.tenant import Tenant

INTERACTIVE_GRANTS = ("authorization_code", "device_code")


def describe_identity(status: AuthStatus, tenant: Tenant) -> str | None:
    """Who is signed on: the user, or "client <id>" for client credentials."""
    subject = status.subject
    if "client_credentials" in (tenant.grant_type, status.grant_type):
        client = status.client_id or subject or (
            tenant.profile.pingone.authentication.client_id if tenant.profile.pingone else None)
        return f"client {client}" if client else None
    return subject or None


class SignOnScreen(PingScreen[bool]):
    CSS_PATH = "sign_on.tcss"  # this screen's rules, parsed when it is first shown
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="signon.cancel"),
        Binding("c", "copy_url", "Copy URL", id="signon.copy"),
        Binding("r", "retry", "Retry", id="signon.retry"),
        Binding("d", "use_grant('device_code')", "Use a device code", id="signon.device"),
        Binding("b", "use_grant('authorization_code')", "Use the browser",
                id="signon.browser"),
    ]

    grant: reactive[str] = reactive("device_code", init=False)
    expires_at: reactive[float | None] = reactive(None, init=False)
    failed: reactive[bool] = reactive(False, init=False)

    @dataclass
    class FlowEvent(Message):
        """An ``auth.flows`` event (device code issued, browser opened)."""

        event: SignOnEvent

    @dataclass
    class SignedOn(Message):
        tenant: Tenant
        identity: str | None

    def __init__(self, tenant: Tenant, *, grant_type: str | None = None,
                 test: bool = False) -> None:
        super().__init__()
        self.tenant = tenant
        self.test = test
        self.failure: PingTUIError | None = None
        """Why the last sign-on failed (the wizard's test goes back to the step that fixes it)."""
        self.url = ""
        self._requested_grant = grant_type

    def _preferred_grant(self, tenant: Tenant) -> str:
        grant = tenant.grant_type
        # Over SSH with no display a browser can't open here: offer the device code first.
        if grant == "authorization_code":
            from pingtui.auth.flows import browser_available

            app = self.pingtui
            if app.over_ssh and not browser_available(app.env):
                return "device_code"
        return grant

    def compose(self) -> ComposeResult:
        yield from self.compose_shell()
        with Vertical(id="sign-on"):
            yield Static(id="sign-on-title", markup=False)
            with ContentSwitcher(initial="sign-on-waiting", id="sign-on-views"):
                yield Static("Starting sign-on…", id="sign-on-waiting", markup=False)
                with Horizontal(id="sign-on-device"):
                    with Vertical(id="device-text"):
                        yield Static("1. On your phone or laptop, open", classes="step")
                        yield Static(id="device-url", classes="url", markup=False)
                        yield Static("2. Enter this code", classes="step")
                        yield BigCode(id="user-code")
                        yield Static(id="device-countdown", markup=False)
                        yield Static("c copies the link (works over SSH) · esc cancels",
                                     classes="hint")
                    from pingtui.tui.widgets.qr_code import QRCode

                    with Vertical(id="device-qr-box"):
                        yield Static("or scan", classes="hint")
                        yield QRCode(id="device-qr")
                with Vertical(id="sign-on-browser"):
                    yield Static(id="browser-status", markup=False)
                    yield Static(id="browser-url", classes="url", markup=False)
                    yield Static(id="browser-hint", classes="hint", markup=False)
                with Vertical(id="sign-on-failed"):
                    yield Static(id="failed-message", markup=False)
                    yield Static(id="failed-hint", markup=False)
                    yield Static("r retries · esc goes back", classes="hint")

    def on_mount(self) -> None:
        self.grant = self._requested_grant or self._preferred_grant(self.tenant)
        self.set_interval(1.0, self._tick)
        self.start()

    # ------------------------------------------------------------------ the flow

    def start(self) -> None:
        self.failed = False
        self.failure = None
        self.expires_at = None
        self.url = ""
        self._switch("sign-on-waiting")
        grant = self.grant
        what = {
            "device_code": "with a device code",
            "authorization_code": "in your browser",
            "client_credentials": "as the application (client credentials)",
        }.get(grant, grant)
        self.query_one("#sign-on-title", Static).update(
            Text(f"Sign on to {self.tenant.name} {what}"))
        self.query_one("#sign-on-waiting", Static).update(
            "Getting a token…" if grant == "client_credentials" else "Starting sign-on…")
        self.sign_on(self.tenant.with_grant(grant))

    @work(exclusive=True, group="sign-on", exit_on_error=False)
    async def sign_on(self, tenant: Tenant) -> None:
        def on_event(event: SignOnEvent) -> None:
            self.post_message(self.FlowEvent(event))

        status = await tenant.session.login(on_event)
        self.post_message(self.SignedOn(tenant, describe_identity(status, tenant)))

    def on_sign_on_screen_flow_event(self, message: SignOnScreen.FlowEvent) -> None:
        from pingtui.auth.flows import BrowserOpened, DeviceCodeIssued

        event = message.event
        if isinstance(event, DeviceCodeIssued):
            self.show_device_code(event)
        elif isinstance(event, BrowserOpened):
            self.show_browser(event)

    def show_device_code(self, event: DeviceCodeIssued) -> None:
        self.url = event.verification_uri_complete or event.verification_uri
        self.query_one("#device-url", Static).update(Text(event.verification_uri))
        self.query_one("#user-code", BigCode).show(event.user_code)
        from pingtui.tui.widgets.qr_code import QRCode

        self.query_one("#device-qr", QRCode).show(self.url)
        self.expires_at = self.pingtui.clock() + float(event.expires_in)
        self._switch("sign-on-device")
        self._tick()

    def show_browser(self, event: BrowserOpened) -> None:
        self.url = event.url
        status = self.query_one("#browser-status", Static)
        if event.opened:
            status.update("Your browser is open: finish signing on there (MFA included).\n"
                          "If it did not open, use this link:")
        else:
            status.update("No browser could be opened here. Open this link in a browser:")
        self.query_one("#browser-url", Static).update(Text(event.url))
        hint = ("c copies the link (works over SSH) · d uses a device code instead · "
                "esc cancels")
        if event.ssh_hint and not event.opened:
            hint = f"{event.ssh_hint}\n{hint}"
        self.query_one("#browser-hint", Static).update(Text(hint))
        self._switch("sign-on-browser")

    def on_sign_on_screen_signed_on(self, message: SignOnScreen.SignedOn) -> None:
        if not self.test:
            self.pingtui.signed_on(message.tenant, message.identity)
        who = f" as {message.identity}" if message.identity else ""
        self.notify(f"Signed on to {message.tenant.name}{who}.", markup=False)
        self.dismiss(True)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "sign-on" or event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        assert error is not None  # the worker is in its ERROR state
        failure = as_user_error(error)
        self.failure = failure
        self.show_failure(failure.message, failure.hint or "")

    def show_failure(self, message: str, hint: str) -> None:
        self.failed = True
        self.expires_at = None
        self.query_one("#failed-message", Static).update(Text(f"Sign-on failed: {message}"))
        self.query_one("#failed-hint", Static).update(Text(hint))
        self._switch("sign-on-failed")

    # ------------------------------------------------------------------ view helpers

    def _switch(self, view: str) -> None:
        self.query_one(ContentSwitcher).current = view
        self.refresh_bindings()

    def _tick(self) -> None:
        if self.expires_at is None:
            return
        left = max(0, math.ceil(self.expires_at - self.pingtui.clock()))
        label = self.query_one("#device-countdown", Static)
        if left:
            label.update(f"The code expires in {left // 60}:{left % 60:02d}")
        else:
            label.update("The code has expired: press r for a new one.")
        label.set_class(left < 60, "-soon")

    def on_resize(self) -> None:
        # The QR code needs ~22 rows: at 80×24 the code and the link are enough.
        self.set_class(self.size.height < 28 or self.size.width < 90, "-compact")

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "copy_url":
            return bool(self.url)
        if action == "retry":
            return self.failed or None
        if action == "use_grant":
            if self.tenant.grant_type not in INTERACTIVE_GRANTS:
                return False
            return parameters[0] != self.grant
        return super().check_action(action, parameters)

    def action_copy_url(self) -> None:
        if self.url:
            self.app.copy_to_clipboard(self.url)
            self.notify("Copied the sign-on link to the clipboard.")

    def action_retry(self) -> None:
        self.start()

    def action_use_grant(self, grant: str) -> None:
        self.grant = grant
        self.start()

    def action_cancel(self) -> None:
        # Dismissing removes the screen, which cancels its sign-on worker.
        self.dismiss(False)
