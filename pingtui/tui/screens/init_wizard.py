"""The guided set-up (the TUI form of ``pingtui init``): five short steps, then a review.

Nothing is written until the review's Save; ``esc`` at any step leaves the file as it was
(asking first when something was entered, so a stray key does not throw the answers away).
When "Save and test sign-on" fails, the wizard comes back on the step that fixes it, with the
saved profile loaded. Dismisses with the saved profile's name, or None when nothing was saved;
what was saved, and where, is also said when the app ends (``Shell.say_on_exit``).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Button, ContentSwitcher, Input, RadioButton, RadioSet, Static

from pingtui.errors import PingTUIError
from pingtui.tui.screens.base import PingScreen

if TYPE_CHECKING:
    from pingtui.config import Config, Profile

STEPS = ("profile", "tenant", "application", "storage", "review")
STEP_TITLES = {
    "profile": "1/5  Profile and how you sign on",
    "tenant": "2/5  Where your PingOne tenant is",
    "application": "3/5  The application you sign on with",
    "storage": "4/5  Where tokens are kept",
    "review": "5/5  Review",
}
GRANT_HELP = {
    "authorization_code": "Use this on your own machine: pingtui opens your browser and you "
                          "sign on with your PingOne admin account (MFA included).",
    "device_code": "Use this over SSH or where no browser can open: you type a short code on "
                   "your phone or laptop.",
    "client_credentials": "Use this for automation and pipelines: a worker application signs "
                          "on with its client secret, no person involved.",
}
STORAGE_HELP = {
    "keyring": "keyring — the system keychain (recommended)",
    "file": "file — a 0600 file next to the profiles file (warned in the header)",
    "none": "none — memory only: sign on again each time pingtui starts",
}
OTHER_ROOT = "root"
CUSTOM = "custom"


@dataclass
class WizardAnswers:
    """What the user has chosen so far (the form's state, independent of the widgets)."""

    name: str = "default"
    description: str = ""
    grant_type: str = "authorization_code"
    region: str = "NA"
    root_domain: str = ""
    custom_domain: str = ""
    environment_id: str = ""
    client_id: str = ""
    client_secret: str = ""
    storage: str = "keyring"


def _step_that_fixes(failure: PingTUIError | None) -> str:
    """The wizard step whose answers a failed test sign-on points at."""
    from pingtui.auth.errors import (
        MissingClientSecret,
        SignOnFailed,
        Unreachable,
        WrongEnvironment,
    )

    if isinstance(failure, Unreachable):
        return "tenant"  # the region or domain: no sign-on service answers there
    if isinstance(failure, WrongEnvironment | MissingClientSecret) or (
            isinstance(failure, SignOnFailed)
            and failure.error in ("invalid_client", "unauthorized_client")):
        return "application"  # the environment ID, the client ID or its secret
    return "review"  # not the settings (declined, expired, cancelled): test again from here


class InitWizardScreen(PingScreen[str | None]):
    CSS_PATH = "init_wizard.tcss"  # this screen's rules, parsed when it is first shown
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="init.cancel"),
        Binding("ctrl+b", "back_step", "Back", id="init.back"),
        Binding("ctrl+n", "next_step", "Next", id="init.next"),
    ]

    step: reactive[int] = reactive(0, init=False)

    @dataclass
    class Saved(Message):
        name: str
        profile: Profile
        test: bool
        storage_note: str | None = None
        """Why tokens will not go where the profile asks (no system keyring here), or None."""

    def __init__(self, config: Config, name: str | None, *, new: bool = False) -> None:
        super().__init__()
        self.config = config
        self.new = new or name is None or name not in config.profiles
        self.answers = self._answers_from(config, name)
        self.saved_name: str | None = None
        """The profile this wizard saved (its test sign-on may have failed since)."""
        self._baseline: WizardAnswers | None = None
        """The answers as they were shown first (or last saved): esc asks only after a change."""
        self.has_stored_secret = False
        if not self.new and name is not None:
            p = config.profiles[name].pingone
            self.has_stored_secret = bool(p and p.authentication.client_secret)

    @staticmethod
    def _answers_from(config: Config, name: str | None) -> WizardAnswers:
        answers = WizardAnswers()
        if name is None:
            taken = set(config.profiles)
            answers.name = "default" if "default" not in taken else ""
            return answers
        answers.name = name
        profile = config.profiles.get(name)
        if profile is None:
            return answers
        answers.description = profile.description
        p = profile.pingone
        if p is not None:
            answers.region = p.region or "NA"
            answers.root_domain = p.root_domain or ""
            answers.custom_domain = p.custom_domain or ""
            answers.environment_id = p.environment_id or ""
            answers.client_id = p.authentication.client_id or ""
            answers.grant_type = p.authentication.grant_type
            answers.storage = p.authentication.storage
        return answers

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        from pingtui.config import GRANT_DESCRIPTIONS, GRANT_TYPES
        from pingtui.pingone import REGION_NAMES, REGIONS

        a = self.answers
        yield from self.compose_shell()
        with Vertical(id="wizard"):
            yield Static(id="wizard-title", markup=False)
            with ContentSwitcher(initial="profile", id="wizard-steps"):
                with VerticalScroll(id="profile"):
                    yield Static("Profile name", classes="field-label")
                    yield Input(a.name, id="name", placeholder="letters, digits, - and _",
                                disabled=not self.new)
                    yield Static("Sign on with", classes="field-label")
                    with RadioSet(id="grant"):
                        for grant in GRANT_TYPES:
                            yield RadioButton(GRANT_DESCRIPTIONS[grant], id=f"grant-{grant}",
                                              value=grant == a.grant_type)
                    yield Static(id="grant-help", classes="field-help", markup=False)
                with VerticalScroll(id="tenant"):
                    yield Static("Region (or a root domain / custom domain)",
                                 classes="field-label")
                    location = (CUSTOM if a.custom_domain else
                                OTHER_ROOT if a.root_domain else a.region)
                    with RadioSet(id="region"):
                        for code, root in REGIONS.items():
                            yield RadioButton(f"{code}  {REGION_NAMES[code]} ({root})",
                                              id=f"region-{code}", value=location == code)
                        yield RadioButton("Another root domain", id=f"region-{OTHER_ROOT}",
                                          value=location == OTHER_ROOT)
                        yield RadioButton("A custom domain", id=f"region-{CUSTOM}",
                                          value=location == CUSTOM)
                    yield Input(a.root_domain, id="root-domain",
                                placeholder="root domain, e.g. pingone.eu")
                    yield Input(a.custom_domain, id="custom-domain",
                                placeholder="custom domain, e.g. login.example.com")
                with VerticalScroll(id="application"):
                    yield Static("Environment ID (of the worker application, usually "
                                 "Administrators)", classes="field-label")
                    yield Input(a.environment_id, id="environment-id",
                                placeholder="3b1b2f7e-1a2b-4c3d-9e8f-0a1b2c3d4e5f")
                    yield Static(id="environment-id-check", classes="field-help",
                                 markup=False)
                    yield Static("Client ID", classes="field-label")
                    yield Input(a.client_id, id="client-id", placeholder="the application's "
                                "client ID")
                    yield Static("Client secret (kept in the token store, shown masked)",
                                 classes="field-label secret")
                    yield Input(id="client-secret", password=True, classes="secret",
                                placeholder="unchanged" if self.has_stored_secret else "")
                with VerticalScroll(id="storage"):
                    yield Static("Keep tokens (and the client secret) in", classes="field-label")
                    with RadioSet(id="storage-kind"):
                        for kind, text in STORAGE_HELP.items():
                            yield RadioButton(text, id=f"storage-{kind}",
                                              value=kind == a.storage)
                with VerticalScroll(id="review"):
                    yield Static(id="review-text", markup=False)
                    with Horizontal(classes="dialog-buttons"):
                        yield Button("Save", id="save", variant="primary")
                        yield Button("Save and test sign-on", id="save-test")
            yield Static(id="wizard-error", markup=False)
            with Horizontal(id="wizard-nav"):
                yield Button("Back", id="back")
                yield Button("Next", id="next", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self._show_step()
        self._baseline = self._read()

    # ------------------------------------------------------------------ steps

    def watch_step(self) -> None:
        self._show_step()
        self.refresh_bindings()

    def _show_step(self) -> None:
        name = STEPS[self.step]
        self.query_one("#wizard-title", Static).update(STEP_TITLES[name])
        self.query_one(ContentSwitcher).current = name
        self.query_one("#back", Button).disabled = self.step == 0
        self.query_one("#next", Button).display = name != "review"
        self._error("")
        self._refresh_dependent()
        if name == "review":
            self.query_one("#review-text", Static).update(self._review_text())
            self.query_one("#save", Button).focus()
        else:
            for widget in self.query_one(f"#{name}").query("Input, RadioSet"):
                if not widget.disabled and widget.display:
                    widget.focus()
                    break

    def _refresh_dependent(self) -> None:
        """Show only the fields that apply to the choices made so far."""
        a = self._read()
        self.query_one("#grant-help", Static).update(GRANT_HELP[a.grant_type])
        location = self._location()
        self.query_one("#root-domain").display = location == OTHER_ROOT
        self.query_one("#custom-domain").display = location == CUSTOM
        for widget in self.query(".secret"):
            widget.display = a.grant_type == "client_credentials"

    def _location(self) -> str:
        pressed = self.query_one("#region", RadioSet).pressed_button
        return (pressed.id or "region-NA").removeprefix("region-") if pressed else "NA"

    def _read(self) -> WizardAnswers:
        """The answers as the widgets hold them now."""
        a = copy.copy(self.answers)
        a.name = self.query_one("#name", Input).value.strip()
        grant = self.query_one("#grant", RadioSet).pressed_button
        if grant and grant.id:
            a.grant_type = grant.id.removeprefix("grant-")
        location = self._location()
        a.region = location if location not in (OTHER_ROOT, CUSTOM) else a.region
        a.root_domain = (self.query_one("#root-domain", Input).value.strip()
                         if location == OTHER_ROOT else "")
        a.custom_domain = (self.query_one("#custom-domain", Input).value.strip()
                           if location == CUSTOM else "")
        a.environment_id = self.query_one("#environment-id", Input).value.strip()
        a.client_id = self.query_one("#client-id", Input).value.strip()
        a.client_secret = self.query_one("#client-secret", Input).value
        storage = self.query_one("#storage-kind", RadioSet).pressed_button
        if storage and storage.id:
            a.storage = storage.id.removeprefix("storage-")
        return a

    def _problem(self, step: str, a: WizardAnswers) -> str | None:
        """Why the answers of ``step`` can't be used yet, or None."""
        from pingtui.config import (
            validate_domain,
            validate_environment_id,
            validate_profile_name,
        )
        from pingtui.profiles import missing_settings

        if step == "profile" and self.new:
            if not a.name:
                return ("A profile name is required: letters, digits, '-' and '_' "
                        "(like Ping CLI).")
            if why := validate_profile_name(a.name):
                return f"'{a.name}' {why}."
            if a.name in self.config.profiles:
                return f"A profile named '{a.name}' already exists; pick another name."
        if step == "tenant":
            location = self._location()
            if location == OTHER_ROOT and (why := validate_domain(a.root_domain)):
                return f"The root domain {why}."
            if location == CUSTOM and (why := validate_domain(a.custom_domain)):
                return f"The custom domain {why}."
        if step == "application":
            if not a.environment_id:
                return ("The environment ID is required: the ID of the environment that "
                        "holds the worker application (usually Administrators).")
            if why := validate_environment_id(a.environment_id):
                return f"The environment ID {why}."
            missing = missing_settings(a.grant_type, environment_id=a.environment_id,
                                       client_id=a.client_id,
                                       has_secret=bool(a.client_secret)
                                       or self.has_stored_secret)
            if "client_id" in missing:
                return "The client ID is needed (PingOne console → Applications → Overview)."
            if "client_secret" in missing:
                return "Client credentials need the application's client secret."
        return None

    def _error(self, text: str) -> None:
        self.query_one("#wizard-error", Static).update(Text(text))
        self.query_one("#wizard-error").set_class(bool(text), "-shown")

    def action_next_step(self) -> None:
        name = STEPS[self.step]
        if name == "review":
            self.save(test=False)
            return
        if problem := self._problem(name, self._read()):
            self._error(problem)
            self._focus_problem(name, problem)
            return
        self.answers = self._read()
        self.step += 1

    def _focus_problem(self, step: str, problem: str) -> None:
        """Put the cursor where the fix goes (a new user should not have to hunt for it)."""
        target = {"profile": "#name", "application": "#environment-id"}.get(step)
        if step == "application" and "environment ID" not in problem:
            target = "#client-secret" if "secret" in problem else "#client-id"
        if step == "tenant":
            target = "#root-domain" if "root domain" in problem else "#custom-domain"
        if target:
            self.query_one(target).focus()

    def action_back_step(self) -> None:
        if self.step > 0:
            self.answers = self._read()
            self.step -= 1

    def _changed(self) -> bool:
        return self._baseline is not None and self._read() != self._baseline

    def action_cancel(self) -> None:
        if not self._changed():
            self._leave()
            return
        from pingtui.tui.screens.confirm import ConfirmScreen

        question = ("Discard the changes made since the profile was saved? The saved profile "
                    "stays as it is." if self.saved_name else
                    "Discard this set-up? Nothing has been saved yet.")

        def answered(discard: bool | None) -> None:
            if discard:
                self._leave()

        self.app.push_screen(ConfirmScreen(question, yes="Discard"), answered)

    def _leave(self) -> None:
        if self.saved_name:  # saved before its test sign-on failed: it stays saved
            self.dismiss(self.saved_name)
            return
        self.notify("Nothing was saved.", markup=False)
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_step":
            return STEPS[self.step] != "review"  # the review has its own Save buttons
        if action == "back_step":
            return self.step > 0 or None
        return super().check_action(action, parameters)

    def _review_text(self) -> str:
        from pingtui.config import GRANT_DESCRIPTIONS, MASK

        a = self._read()
        where = (f"custom domain {a.custom_domain}" if a.custom_domain else
                 f"root domain {a.root_domain}" if a.root_domain else f"region {a.region}")
        lines = [
            f"Profile          {a.name}",
            f"Sign on with     {GRANT_DESCRIPTIONS[a.grant_type]}",
            f"Tenant           {where}",
            f"Environment ID   {a.environment_id}",
            f"Client ID        {a.client_id}",
        ]
        if a.grant_type == "client_credentials":
            lines.append(f"Client secret    {MASK if a.client_secret or self.has_stored_secret else '(none)'}")
        lines.append(f"Tokens kept in   {STORAGE_HELP[a.storage]}")
        lines.append("")
        lines.append(f"Will be saved to {self.config.path}")
        return "\n".join(lines)

    # ------------------------------------------------------------------ events

    @on(RadioSet.Changed)
    def _choice_changed(self) -> None:
        self._refresh_dependent()

    @on(Input.Changed, "#environment-id")
    def _environment_id_typed(self, event: Input.Changed) -> None:
        from pingtui.config import validate_environment_id

        value = event.value.strip()
        why = validate_environment_id(value) if value else None
        check = self.query_one("#environment-id-check", Static)
        check.update(Text(f"✗ This {why}." if why else ("✓ looks like an environment ID"
                                                          if value else "")))
        check.set_class(bool(why), "-invalid")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_next_step()

    @on(Button.Pressed, "#next")
    def _next(self) -> None:
        self.action_next_step()

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.action_back_step()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.save(test=False)

    @on(Button.Pressed, "#save-test")
    def _save_test(self) -> None:
        self.save(test=True)

    # ------------------------------------------------------------------ saving

    def save(self, *, test: bool) -> None:
        answers = self._read()
        for step in STEPS:
            if problem := self._problem(step, answers):
                self._error(problem)
                return
        self.write(answers, test)

    @work(thread=True, exclusive=True, group="init-write", exit_on_error=False)
    def write(self, a: WizardAnswers, test: bool) -> None:
        # The profiles file's lock can wait on another process: a thread, never the UI loop.
        from pingtui.config import Profile, edit_config
        from pingtui.profiles import Settings, apply_settings
        from pingtui.secrets import save_client_secret

        # Every field of the form, "" clearing a domain. A custom domain replaces the auth
        # host only: the API host still follows the region, so the region is kept next to it.
        settings = Settings(description=a.description or None, grant_type=a.grant_type,
                            region=None if a.root_domain else a.region,
                            root_domain=a.root_domain or None,
                            custom_domain=a.custom_domain, environment_id=a.environment_id,
                            client_id=a.client_id, storage=a.storage)
        try:
            with edit_config(self.config.path) as config:
                profile = config.profiles.get(a.name) or Profile(name=a.name)
                apply_settings(profile, settings)
                if a.grant_type == "client_credentials" and a.client_secret:
                    save_client_secret(profile, a.client_secret)
                config.profiles[a.name] = profile
                if not config.active_profile:
                    config.active_profile = a.name
        except PingTUIError as exc:
            self.app.call_from_thread(self._error, exc.message + (f" {exc.hint}"
                                                                  if exc.hint else ""))
            return
        note = None
        if a.storage == "keyring":
            from pingtui.auth.store import keyring_fallback_note

            note = keyring_fallback_note()  # asks the keyring (under its timeout): a thread
        self.post_message(self.Saved(a.name, profile, test, note))

    def on_init_wizard_screen_saved(self, message: InitWizardScreen.Saved) -> None:
        saved = f"Saved profile {message.name} to {self.config.path}."
        if message.storage_note:
            saved += f" {message.storage_note}"
        self.notify(saved, markup=False, timeout=8 if message.storage_note else 3)
        self.pingtui.say_on_exit(saved)
        self._now_saved(message.name)
        if not message.test:
            self.dismiss(message.name)
            return
        from pingtui.tui.screens.sign_on import SignOnScreen
        from pingtui.tui.tenant import Tenant

        tenant = Tenant(message.profile, session_factory=self.pingtui.session_factory)
        test = SignOnScreen(tenant, test=True)

        def tested(ok: bool | None) -> None:
            if ok:
                self.notify(f"Sign-on works for {message.name}.", markup=False)
                self.dismiss(message.name)
                return
            self._test_failed(test.failure)

        self.app.push_screen(test, tested)

    def _now_saved(self, name: str) -> None:
        """The profile exists now: later saves update it (the name is fixed), and esc keeps it."""
        a = self._read()
        self.saved_name = name
        self.new = False
        self.has_stored_secret = self.has_stored_secret or bool(a.client_secret)
        self.answers = a
        self.query_one("#name", Input).disabled = True
        self._baseline = self._read()

    def _test_failed(self, failure: PingTUIError | None) -> None:
        """Back from a failed (or cancelled) test sign-on: the step that fixes it, saying why."""
        step = _step_that_fixes(failure)
        self.step = STEPS.index(step)
        where = f"Saved to {self.config.path}, but the test sign-on "
        if failure is None:
            text = where + "was cancelled. Save and test again, or esc to leave it saved."
        else:
            hint = f" {failure.hint}" if failure.hint else ""
            text = (where + f"failed: {failure.message}{hint}\nFix it here and save again "
                    "(esc leaves the profile saved as it is).")
        self._error(text)
        if step == "application":  # the tenant step focuses its region choice itself
            self._focus_problem(step, failure.message if failure else "")
