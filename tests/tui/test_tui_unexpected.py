"""A failure that is not a PingTUIError (a bug, an untranslated library error) is shown, in one
wording, with registered secrets masked — in a listing and in the detail view alike."""

from __future__ import annotations

from pathlib import Path

import httpx
from tui_helpers import TWO_PROFILES, wait_until, write_config

from pingtui.logsafe import register_secret

SECRET = "s3cr3t-token-value-42"


def broken_session(profile):
    class Session(httpx.Auth):
        network = None

        async def async_auth_flow(self, request):
            raise RuntimeError(f"bad state while signing {SECRET}")
            yield request  # pragma: no cover - a generator, as httpx wants

        async def aclose(self) -> None:
            pass

    return Session()


async def test_unexpected_errors_are_shown_once_worded_and_redacted(make,
                                                                    config_path: Path) -> None:
    from pingtui.tui.screens.detail import DetailScreen
    from pingtui.tui.widgets.resource_pane import ResourcePane

    register_secret(SECRET)
    write_config(config_path, TWO_PROFILES)
    app = make(session_factory=broken_session)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: type(app.screen).__name__ == "EnvironmentsScreen"
                         and app.screen.query_one(ResourcePane).error is not None)
        pane = app.screen.query_one(ResourcePane)
        assert pane.error.message == ("Unexpected error: RuntimeError: bad state while "
                                      "signing ********")
        assert any(note.startswith("Unexpected error: RuntimeError") for note in app.notes)
        before = len(app.notes)
        # The detail view's refresh fails the same way: said, not dropped.
        app.push_screen(DetailScreen("environments", {"id": "env-1", "name": "Lab"}))
        await wait_until(pilot, lambda: len(app.notes) > before)
        assert app.notes[-1] == ("Unexpected error: RuntimeError: bad state while signing "
                                 "********")
        assert all(SECRET not in note for note in app.notes)
