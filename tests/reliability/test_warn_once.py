"""Each warning once: once per process on stderr, once per TUI session as a notification."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sim_profiles import profile_yaml
from waiting import wait_until

from pingtui.sim import Simulator


@pytest.fixture
def sim() -> Simulator:
    with Simulator(page_size=10) as simulator:
        yield simulator


def test_an_unreadable_token_file_is_warned_about_once(sim: Simulator, config_file: Path,
                                                       auth_isolation: Path, run_cli) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text(profile_yaml(sim, storage="file"))
    tokens = auth_isolation / "tokens" / "work.json"
    tokens.parent.mkdir(mode=0o700, parents=True)
    tokens.write_text("{not json")
    tokens.chmod(0o600)
    result = run_cli("environments", "list")
    assert result.code == 0, result
    warnings = [line for line in result.err.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "unreadable" in warnings[0], result.err


async def test_the_tui_notifies_each_warning_once_per_session(tmp_path: Path) -> None:
    from textual.notifications import Notify

    from pingtui.tui.app import NotifyHandler, make_app

    app = make_app(env={}, config_path=tmp_path / "config.yaml",
                   pingcli_path=tmp_path / "no-pingcli.yaml")
    shown: list[str] = []

    def record(message: object) -> None:
        if isinstance(message, Notify):
            shown.append(str(message.notification.message))

    logger = logging.getLogger("pingtui.test.once")
    handler = NotifyHandler(app)  # what run_tui installs on the pingtui logger
    logger.addHandler(handler)
    try:
        async with app.run_test(size=(100, 30), message_hook=record) as pilot:
            for _ in range(3):
                logger.warning("the keyring is locked; tokens go to a file")
            logger.warning("another warning")
            await wait_until(pilot, lambda: "another warning" in shown)
            await pilot.pause()
    finally:
        logger.removeHandler(handler)
    assert shown.count("the keyring is locked; tokens go to a file") == 1, shown
    assert shown.count("another warning") == 1
