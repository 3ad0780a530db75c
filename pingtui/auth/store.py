"""Where a profile's tokens and client secret are kept: keyring -> file (0600) -> memory.

One entry per profile, a small JSON document ``{"version": 1, "tokens": {...},
"client_secret": "..."}``:

- ``keyring``: the system keyring, service ``pingtui``, user name = the profile name. Every call
  runs in a daemon thread under a timeout (``KEYRING_TIMEOUT``): a locked or hung Secret Service
  must never hang pingtui. When the keyring is missing, fails or hangs, the entry goes to the
  file store instead, with a warning, and status reports ``file``.
- ``file``: ``$PINGTUI_STATE_DIR/tokens/<profile>.json`` (default: the platform's user state dir,
  ``~/.local/state/pingtui`` on Linux); file 0600, directory 0700, written atomically.
- ``none``: process memory only (CI, demo): a sign-on lasts as long as the process.

A corrupt entry is treated as "signed out" with a warning, never a crash. The store does blocking
I/O (keyring, files): async callers wrap it in ``asyncio.to_thread``.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pingtui.auth.tokens import TokenSet
from pingtui.logsafe import redact, register_secret

if TYPE_CHECKING:
    from pingtui.config import Profile

log = logging.getLogger("pingtui.auth.store")

KEYRING_SERVICE = "pingtui"
KEYRING_TIMEOUT = 3.0
ENV_STATE_DIR = "PINGTUI_STATE_DIR"
STORE_VERSION = 1
_NAME_RE = re.compile(r"^[A-Za-z0-9_-]+$")

T = TypeVar("T")


@dataclass
class StoredEntry:
    """What the store keeps for one profile."""

    tokens: TokenSet | None = None
    client_secret: str | None = field(default=None, repr=False)

    @property
    def empty(self) -> bool:
        return self.tokens is None and not self.client_secret

    def dumps(self) -> str:
        return json.dumps({
            "version": STORE_VERSION,
            "tokens": self.tokens.to_json() if self.tokens else None,
            "client_secret": self.client_secret,
        })

    @classmethod
    def loads(cls, text: str) -> StoredEntry:
        """Parse a stored entry; raises ValueError when it is not one."""
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("version") != STORE_VERSION:
            raise ValueError("unknown entry format")
        tokens = data.get("tokens")
        secret = data.get("client_secret")
        if secret is not None and not isinstance(secret, str):
            raise ValueError("client_secret is not text")
        register_secret(secret)
        return cls(tokens=TokenSet.from_json(tokens) if tokens is not None else None,
                   client_secret=secret)


# --------------------------------------------------------------------------- backends


class StoreUnavailable(Exception):
    """A backend could not be used (the message names why, never a secret)."""


def _with_timeout(fn: Callable[[], T], timeout: float) -> T:
    """Run ``fn`` in a daemon thread and give up after ``timeout`` seconds.

    A daemon thread, not an executor: executor threads are joined at interpreter exit, so a
    Secret Service call that never returns would keep pingtui from exiting.
    """
    box: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller below
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="pingtui-keyring", daemon=True).start()
    if not done.wait(timeout):
        raise StoreUnavailable(f"the system keyring did not answer within {timeout:g} s")
    if "error" in box:
        exc = box["error"]
        if isinstance(exc, StoreUnavailable):
            raise exc
        reason = redact(str(exc))[:160] or "no details"
        raise StoreUnavailable(f"the system keyring failed ({type(exc).__name__}: {reason})")
    value: T = box["value"]
    return value


class KeyringBackend:
    """The system keyring through the ``keyring`` package, every call under a timeout."""

    kind = "keyring"
    # Once the keyring has failed or hung in this process, stop asking it: every later call
    # would cost another timeout.
    broken: str | None = None

    def __init__(self, timeout: float = KEYRING_TIMEOUT) -> None:
        self.timeout = timeout

    def _call(self, op: str, *args: str) -> Any:
        if KeyringBackend.broken:
            raise StoreUnavailable(KeyringBackend.broken)

        def call() -> Any:
            # Lazy, and only the backend keyring would choose (keyring_choice): keyring's
            # own discovery imports every backend; none at all without a D-Bus session.
            from pingtui.auth.keyring_choice import NoKeyring, system_keyring

            try:
                backend = system_keyring()
            except NoKeyring:
                raise StoreUnavailable("no system keyring is available on this machine") \
                    from None
            from keyring.backends import fail
            from keyring.errors import PasswordDeleteError

            if isinstance(backend, fail.Keyring):
                raise StoreUnavailable("no system keyring is available on this machine")
            try:
                return getattr(backend, op)(KEYRING_SERVICE, *args)
            except PasswordDeleteError:
                if op == "delete_password":
                    return None  # nothing was stored: deleting it is done
                raise

        try:
            return _with_timeout(call, self.timeout)
        except StoreUnavailable as exc:
            KeyringBackend.broken = str(exc)
            raise

    def get(self, name: str) -> str | None:
        value: str | None = self._call("get_password", name)
        return value

    def set(self, name: str, value: str) -> None:
        self._call("set_password", name, value)

    def delete(self, name: str) -> None:
        self._call("delete_password", name)

    def where(self, name: str) -> str:
        return f"the system keyring (service '{KEYRING_SERVICE}', entry '{name}')"


def state_dir() -> Path:
    """``$PINGTUI_STATE_DIR``, else the platform's user state dir for pingtui."""
    explicit = os.environ.get(ENV_STATE_DIR)
    if explicit:
        return Path(explicit).expanduser()
    from platformdirs import user_state_path  # lazy: start-up time

    return user_state_path("pingtui", appauthor=False)


class FileBackend:
    """One 0600 JSON file per profile in a 0700 directory."""

    kind = "file"

    def __init__(self, directory: Path | None = None) -> None:
        self._directory = directory

    @property
    def directory(self) -> Path:
        return self._directory or state_dir() / "tokens"

    def path(self, name: str) -> Path:
        return self.directory / f"{name}.json"

    def get(self, name: str) -> str | None:
        try:
            return self.path(name).read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreUnavailable(f"could not read {self.path(name)}: "
                                   f"{exc.strerror or exc}") from None

    def set(self, name: str, value: str) -> None:
        from pingtui.private_files import write_private_file  # atomic, 0600 in 0700

        try:
            write_private_file(self.path(name), value, own_dir=True)
        except OSError as exc:
            raise StoreUnavailable(f"could not write {self.path(name)}: "
                                   f"{exc.strerror or exc}") from None

    def delete(self, name: str) -> None:
        try:
            self.path(name).unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise StoreUnavailable(f"could not delete {self.path(name)}: "
                                   f"{exc.strerror or exc}") from None

    def where(self, name: str) -> str:
        return str(self.path(name))


_MEMORY: dict[str, str] = {}
_MEMORY_LOCK = threading.Lock()


class MemoryBackend:
    """Process memory: the ``none`` storage (shared by every session of this process)."""

    kind = "none"

    def get(self, name: str) -> str | None:
        with _MEMORY_LOCK:
            return _MEMORY.get(name)

    def set(self, name: str, value: str) -> None:
        with _MEMORY_LOCK:
            _MEMORY[name] = value

    def delete(self, name: str) -> None:
        with _MEMORY_LOCK:
            _MEMORY.pop(name, None)

    def where(self, name: str) -> str:
        return "memory (until this pingtui exits)"


NO_KEYRING_NOTE = "No system keyring here: a private file (0600) is used instead."


def keyring_fallback_note(store: TokenStore | None = None) -> str | None:
    """Why tokens kept for ``storage: keyring`` go to the private file, in words for the user
    (None: the keyring works). Without ``store``, asks the keyring once (under its timeout;
    call it off the UI loop); with one, says what that store found when it used the keyring.
    """
    if store is not None:
        if store.preferred != "keyring" or store.kind != "file":
            return None
    elif KeyringBackend.broken is None:
        try:
            KeyringBackend().get("default")  # a read: no entry is made, no prompt to unlock
        except StoreUnavailable:
            pass
    reason = KeyringBackend.broken
    if reason is None:
        return None
    if "no system keyring" in reason:
        return NO_KEYRING_NOTE
    return f"The system keyring can't be used ({reason}): a private file (0600) is used instead."


def reset_keyring_state() -> None:
    """Ask the keyring again after it failed (tests; a long-running TUI after an unlock)."""
    KeyringBackend.broken = None


def reset_memory() -> None:
    """Forget every in-memory entry (tests, and the demo when it ends)."""
    with _MEMORY_LOCK:
        _MEMORY.clear()


Backend = KeyringBackend | FileBackend | MemoryBackend


# --------------------------------------------------------------------------- the store


class TokenStore:
    """Load, save and delete profile entries in the preferred backend, falling back in order.

    ``kind`` is where entries actually go (``keyring``, ``file`` or ``none``): after the keyring
    failed it says ``file``, after the file failed ``none``.
    """

    def __init__(self, preferred: str = "keyring", *, keyring: KeyringBackend | None = None,
                 file: FileBackend | None = None) -> None:
        if preferred not in ("keyring", "file", "none"):
            raise ValueError(f"unknown storage {preferred!r}")
        self.preferred = preferred
        self._keyring = keyring or KeyringBackend()
        self._file = file or FileBackend()
        self._memory = MemoryBackend()
        self._warned: set[tuple[str, str]] = set()
        self._kind: str | None = None

    @property
    def kind(self) -> str:
        if self._kind is None:
            if self.preferred == "keyring" and KeyringBackend.broken:
                return "file"
            return self.preferred
        return self._kind

    def _chain(self) -> list[Backend]:
        chains: dict[str, list[Backend]] = {
            "keyring": [self._keyring, self._file, self._memory],
            "file": [self._file, self._memory],
            "none": [self._memory],
        }
        return chains[self.preferred]

    def _warn_once(self, name: str, backend: Backend, reason: str, target: Backend) -> None:
        key = (name, f"{backend.kind}->{target.kind}")
        if key in self._warned:
            return
        self._warned.add(key)
        what = ("sign-on lasts only while this pingtui runs" if target.kind == "none"
                else f"it is kept in {target.where(name)} (readable only by you)")
        log.warning("%s; for profile '%s' %s", reason, name, what)

    def where(self, name: str) -> str:
        for backend in self._chain():
            if backend.kind == self.kind:
                return backend.where(name)
        return self._memory.where(name)

    def load(self, name: str) -> StoredEntry:
        """The profile's entry; an empty one when nothing (readable) is stored."""
        _check_name(name)
        for backend in self._chain():
            try:
                text = backend.get(name)
            except StoreUnavailable as exc:
                log.debug("store %s unavailable for '%s': %s", backend.kind, name, exc)
                continue
            if text is None:
                continue  # a lower backend may hold it (written while the keyring was down)
            try:
                return StoredEntry.loads(text)
            except (ValueError, TypeError):
                log.warning("the sign-on stored for profile '%s' in %s is unreadable; treating "
                            "the profile as signed out (sign on again to replace it)", name,
                            backend.where(name))
                return StoredEntry()
        return StoredEntry()

    def save(self, name: str, entry: StoredEntry) -> str:
        """Store ``entry`` (an empty one deletes); returns the kind it went to."""
        _check_name(name)
        if entry.empty:
            self.delete(name)
            return self.kind
        text = entry.dumps()
        chain = self._chain()
        failure: tuple[Backend, str] | None = None
        for i, backend in enumerate(chain):
            existed = backend.kind == "file" and self._file.path(name).exists()
            try:
                backend.set(name, text)
            except StoreUnavailable as exc:
                failure = failure or (backend, str(exc))
                continue
            if failure is not None:
                # Said once, when the secret first lands below the preferred store (login,
                # init); later refreshes that rewrite the same file only log at debug level.
                if existed:
                    log.debug("%s; '%s' stays in %s", failure[1], name, backend.where(name))
                else:
                    self._warn_once(name, failure[0], failure[1], backend)
            self._kind = backend.kind
            # Don't leave an older copy on disk (or in memory) below the one now in use.
            for lower in chain[i + 1:]:
                try:
                    lower.delete(name)
                except StoreUnavailable:
                    pass
            return backend.kind
        raise AssertionError("the memory backend cannot fail")  # pragma: no cover

    def delete(self, name: str) -> list[str]:
        """Delete the profile's entry everywhere it may be; returns problems (empty if none)."""
        _check_name(name)
        problems: list[str] = []
        for backend in self._chain():
            try:
                backend.delete(name)
            except StoreUnavailable as exc:
                if backend.kind != "keyring" or "no system keyring" not in str(exc):
                    problems.append(str(exc))
        return problems


def _check_name(name: str) -> None:
    # The name becomes a file name: refuse anything that could leave the directory.
    if not _NAME_RE.match(name or ""):
        raise ValueError(f"not a profile name: {name!r}")


def open_store(profile: Profile) -> TokenStore:
    """The token store the profile asks for (``authentication.storage``)."""
    storage = profile.pingone.authentication.storage if profile.pingone else "keyring"
    return TokenStore(storage)


# --------------------------------------------------------------------------- client secret


def store_client_secret(profile: Profile, secret: str, *,
                        store: TokenStore | None = None) -> str:
    """Keep a client-credentials secret in the profile's store; returns where it went.

    Called by ``pingtui init`` (and the TUI wizard) instead of writing the secret to the YAML.
    """
    register_secret(secret)
    store = store or open_store(profile)
    entry = store.load(profile.name)
    entry.client_secret = secret
    kind = store.save(profile.name, entry)
    if kind == "none":
        log.warning("profile '%s' keeps nothing (storage none): its client secret lasts only "
                    "while this pingtui runs; in CI set PINGCLI_PINGONE_WORKER_CLIENT_SECRET "
                    "instead", profile.name)
    return kind


def load_client_secret(profile: Profile, *, store: TokenStore | None = None) -> str | None:
    """The profile's client secret: from the profile (file storage, PINGCLI_* env), else the
    store."""
    auth = profile.pingone.authentication if profile.pingone else None
    if auth and auth.client_secret:
        register_secret(auth.client_secret)
        return auth.client_secret
    store = store or open_store(profile)
    return store.load(profile.name).client_secret


def forget_profile(profile: Profile) -> list[str]:
    """Delete everything stored for a deleted profile (keyring, file and memory)."""
    return TokenStore("keyring").delete(profile.name)


def rename_profile(old_name: str, profile: Profile) -> None:
    """Move the entry of ``old_name`` to the profile's (new) name."""
    store = open_store(profile)
    entry = store.load(old_name)
    if not entry.empty:
        store.save(profile.name, entry)
    TokenStore("keyring").delete(old_name)
