"""The token store: keyring (working, failing, hanging) -> file 0600/0700 -> memory."""

from __future__ import annotations

import json
import logging
import os
import stat
import time
from pathlib import Path

import keyring
import pytest

from auth.keyrings import FailingKeyring, HangingKeyring
from pingtui.auth import store as store_mod
from pingtui.auth.session import Session
from pingtui.auth.store import (
    FileBackend,
    KeyringBackend,
    StoredEntry,
    TokenStore,
    forget_profile,
    load_client_secret,
    rename_profile,
    store_client_secret,
)
from pingtui.auth.tokens import TokenSet
from pingtui.config import Authentication, PingOneSettings, Profile


def _entry(access: str = "access-token-aaaaaaaa", refresh: str | None = "refresh-bbbbbbbb"
           ) -> StoredEntry:
    return StoredEntry(tokens=TokenSet(access_token=access, refresh_token=refresh,
                                       expires_at=time.time() + 3600, obtained_at=time.time()))


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _profile(storage: str, name: str = "work", secret: str | None = None) -> Profile:
    return Profile(name=name, pingone=PingOneSettings(
        environment_id="6f0b0d5e-5c1a-4b55-9c77-0d7a1e3c2b10",
        auth_base_url="http://127.0.0.1:9",
        authentication=Authentication(grant_type="client_credentials", client_id="c",
                                      client_secret=secret, storage=storage)))


def test_keyring_round_trip(memory_keyring, auth_isolation: Path) -> None:
    store = TokenStore("keyring")
    assert store.save("work", _entry()) == "keyring" and store.kind == "keyring"
    raw = memory_keyring.entries[("pingtui", "work")]
    assert json.loads(raw)["tokens"]["access_token"] == "access-token-aaaaaaaa"
    assert store.load("work").tokens.refresh_token == "refresh-bbbbbbbb"
    assert not auth_isolation.exists()  # nothing written to disk
    store.delete("work")
    assert memory_keyring.entries == {} and store.load("work").tokens is None


def test_failing_keyring_falls_back_to_a_private_file(auth_isolation: Path,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    keyring.set_keyring(FailingKeyring())
    store = TokenStore("keyring")
    with caplog.at_level(logging.WARNING, logger="pingtui"):
        assert store.save("work", _entry()) == "file"
    assert store.kind == "file"
    path = auth_isolation / "tokens" / "work.json"
    assert _mode(path) == 0o600 and _mode(path.parent) == 0o700
    assert store.load("work").tokens.access_token == "access-token-aaaaaaaa"
    (warning,) = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert "the collection is locked" in warning.getMessage()
    assert str(path) in warning.getMessage()
    assert "access-token" not in caplog.text


def test_missing_keyring_falls_back_too(auth_isolation: Path) -> None:
    store = TokenStore("keyring")  # the isolation fixture installs keyring's "fail" backend
    assert store.save("work", _entry()) == "file"
    assert "no system keyring" in (KeyringBackend.broken or "")


def test_hanging_keyring_never_hangs_pingtui(auth_isolation: Path) -> None:
    hung = HangingKeyring()
    keyring.set_keyring(hung)
    try:
        store = TokenStore("keyring", keyring=KeyringBackend(timeout=0.3))
        started = time.monotonic()
        assert store.save("work", _entry()) == "file"
        first = time.monotonic() - started
        started = time.monotonic()
        assert store.load("work").tokens is not None
        store.save("work", _entry("access-token-cccccccc"))
        later = time.monotonic() - started
    finally:
        hung.release()
    assert 0.3 <= first < 2.0
    assert later < 0.3  # a keyring that hung once is not asked again in this process
    assert hung.started == 1
    assert (auth_isolation / "tokens" / "work.json").exists()


def test_hanging_keyring_does_not_block_the_event_loop(auth_isolation: Path) -> None:
    import asyncio

    hung = HangingKeyring()
    keyring.set_keyring(hung)
    ticks = 0

    async def main() -> None:
        nonlocal ticks
        profile = _profile("keyring", secret="client-secret-dddddddd")
        session = Session(profile, store=TokenStore("keyring",
                                                    keyring=KeyringBackend(timeout=0.3)))
        status = asyncio.create_task(session.status())
        while not status.done():
            ticks += 1
            await asyncio.sleep(0.01)
        await status
        await session.aclose()

    try:
        asyncio.run(main())
    finally:
        hung.release()
    assert ticks >= 10  # the loop kept running while the keyring hung


def test_file_storage_permissions(auth_isolation: Path) -> None:
    store = TokenStore("file")
    assert store.save("work", _entry()) == "file"
    path = auth_isolation / "tokens" / "work.json"
    assert _mode(path) == 0o600 and _mode(path.parent) == 0o700
    os.chmod(path, 0o644)  # someone loosened it: the next write makes it private again
    store.save("work", _entry("access-token-eeeeeeee"))
    assert _mode(path) == 0o600


def test_none_storage_is_memory_only(memory_keyring, auth_isolation: Path) -> None:
    store = TokenStore("none")
    assert store.save("work", _entry()) == "none"
    assert TokenStore("none").load("work").tokens.access_token == "access-token-aaaaaaaa"
    assert memory_keyring.entries == {} and not auth_isolation.exists()
    store_mod.reset_memory()
    assert TokenStore("none").load("work").tokens is None


@pytest.mark.parametrize("content", ["{not json", "[]", '{"version": 1, "tokens": 7}',
                                     '{"version": 99}', "\x00\xff"])
def test_corrupt_token_file_is_signed_out(content: str, auth_isolation: Path,
                                          caplog: pytest.LogCaptureFixture) -> None:
    path = auth_isolation / "tokens" / "work.json"
    path.parent.mkdir(parents=True)
    path.write_text(content)
    with caplog.at_level(logging.WARNING, logger="pingtui"):
        entry = TokenStore("file").load("work")
    assert entry.tokens is None
    assert "unreadable" in caplog.text and "signed out" in caplog.text


async def test_corrupt_token_file_status_offers_sign_on(auth_isolation: Path) -> None:
    path = auth_isolation / "tokens" / "work.json"
    path.parent.mkdir(parents=True)
    path.write_text("{garbage")
    profile = _profile("file")
    profile.pingone.authentication.grant_type = "device_code"
    async with Session(profile) as session:
        status = await session.status()
    assert not status.signed_in and status.subject is None
    assert status.problem == "Profile 'work' is not signed on."


def test_unwritable_file_store_keeps_the_sign_on_in_memory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")  # the state dir path is a file: nothing can be written below it
    monkeypatch.setenv(store_mod.ENV_STATE_DIR, str(blocker))
    store = TokenStore("file")
    with caplog.at_level(logging.WARNING, logger="pingtui"):
        assert store.save("work", _entry()) == "none"
    assert store.kind == "none"
    assert "could not write" in caplog.text and "only while this pingtui runs" in caplog.text
    assert store.load("work").tokens.access_token == "access-token-aaaaaaaa"


def test_keyring_save_removes_an_older_file_copy(memory_keyring, auth_isolation: Path) -> None:
    TokenStore("file").save("work", _entry())
    assert (auth_isolation / "tokens" / "work.json").exists()
    TokenStore("keyring").save("work", _entry("access-token-ffffffff"))
    assert not (auth_isolation / "tokens" / "work.json").exists()


def test_entry_written_while_keyring_was_down_is_still_found(memory_keyring,
                                                             auth_isolation: Path) -> None:
    FileBackend().set("work", _entry().dumps())
    assert TokenStore("keyring").load("work").tokens.access_token == "access-token-aaaaaaaa"


def test_client_secret_goes_to_the_store_not_the_profile(memory_keyring) -> None:
    profile = _profile("keyring")
    assert store_client_secret(profile, "client-secret-gggggggg") == "keyring"
    assert profile.pingone.authentication.client_secret is None
    assert load_client_secret(profile) == "client-secret-gggggggg"
    # The secret survives a sign-out (it is configuration), not a profile deletion.
    TokenStore("keyring").save("work", StoredEntry(client_secret="client-secret-gggggggg"))
    assert forget_profile(profile) == []
    assert load_client_secret(profile) is None


def test_profile_secret_wins_over_the_store(memory_keyring) -> None:
    store_client_secret(_profile("keyring"), "stored-secret-hhhhhhhh")
    assert load_client_secret(_profile("keyring", secret="env-secret-iiiiiiii")) == \
        "env-secret-iiiiiiii"


def test_rename_moves_the_entry(memory_keyring) -> None:
    store_client_secret(_profile("keyring", name="old"), "client-secret-jjjjjjjj")
    rename_profile("old", _profile("keyring", name="new"))
    assert load_client_secret(_profile("keyring", name="new")) == "client-secret-jjjjjjjj"
    assert ("pingtui", "old") not in memory_keyring.entries


def test_profile_names_cannot_escape_the_directory() -> None:
    with pytest.raises(ValueError):
        TokenStore("file").load("../../etc/passwd")


async def test_tokens_of_another_environment_are_not_used(auth_isolation: Path) -> None:
    entry = _entry()
    entry.tokens.issuer = "http://127.0.0.1:9/11111111-1111-4111-8111-111111111111/as"
    TokenStore("file").save("work", entry)
    profile = _profile("file")
    profile.pingone.authentication.grant_type = "device_code"
    async with Session(profile) as session:
        assert not (await session.status()).signed_in
