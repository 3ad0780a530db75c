"""Which system keyring to use, without importing every keyring backend to find out.

``keyring.get_keyring()`` imports all of its backends (macOS, Windows, KWallet, libsecret,
Secret Service, chainer) and scans every installed distribution's entry points to rank them:
about 50 ms on top of the 55 ms ``import keyring`` costs, on every command that touches a
token. pingtui asks only the backend keyring would pick on this platform, and on a Linux
machine without a D-Bus session (servers, containers, CI, most SSH sessions — where keyring
would find nothing either) it does not import keyring at all.

Whenever the choice is not obvious — ``PYTHON_KEYRING_BACKEND`` or a ``keyringrc.cfg`` names
a backend, a third-party backend is installed (keyrings.alt, ...), a KDE session (KWallet
outranks Secret Service there), keyring already chosen in this process (tests'
``keyring.set_keyring``), or the platform's backend says it is not viable — keyring's own
``get_keyring()`` decides, as before.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any


class NoKeyring(Exception):
    """No system keyring here (keyring would have fallen back to its fail backend)."""


def _has_session_bus() -> bool:
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return True
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    return runtime is not None and os.path.exists(os.path.join(runtime, "bus"))


def _config_file() -> bool:
    """keyring's ``keyringrc.cfg`` (its config root, per platform) exists."""
    if sys.platform.startswith("win"):
        root = Path(os.environ.get("LOCALAPPDATA", "~")) / "Python Keyring"
    elif sys.platform == "darwin":
        root = Path("~/Library/Preferences/python_keyring")
    else:
        root = Path(os.environ.get("XDG_CONFIG_HOME") or "~/.config") / "python_keyring"
    return (root.expanduser() / "keyringrc.cfg").exists()


def third_party_backends() -> bool:
    """Whether an installed distribution other than keyring registers a keyring backend
    (the ``keyring.backends`` entry-point group), read from the ``*.dist-info`` files
    directly: importlib.metadata alone costs 20 ms to import."""
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")) or name.startswith("keyring-"):
                continue
            try:
                text = (Path(entry) / name / "entry_points.txt").read_text(encoding="utf-8")
            except OSError:
                continue
            if "[keyring.backends]" in text:
                return True
    return False


def _keyrings_choice() -> Any:
    import keyring

    return keyring.get_keyring()


def system_keyring() -> Any:
    """The keyring backend to use; raises :class:`NoKeyring` when there is none."""
    if "keyring.core" in sys.modules and getattr(sys.modules["keyring.core"],
                                                 "_keyring_backend", None) is not None:
        return _keyrings_choice()  # chosen already in this process (set_keyring, a test)
    if os.environ.get("PYTHON_KEYRING_BACKEND") or _config_file() or third_party_backends():
        return _keyrings_choice()
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        if not _has_session_bus():
            raise NoKeyring("no system keyring is available on this machine (no D-Bus "
                            "session)")
        if "KDE" in os.environ.get("XDG_CURRENT_DESKTOP", "").upper():
            return _keyrings_choice()
        from keyring.backends import SecretService as platform_backend
        backend_class: Any = platform_backend.Keyring
    elif sys.platform == "darwin":
        from keyring.backends import macOS

        backend_class = macOS.Keyring
    elif sys.platform.startswith("win"):
        from keyring.backends import Windows

        backend_class = Windows.WinVaultKeyring
    else:
        return _keyrings_choice()
    try:
        backend_class.priority  # noqa: B018 - keyring's viability check: raises if unusable
    except Exception:  # noqa: BLE001 - whatever it raises, let keyring rank the others
        return _keyrings_choice()
    return backend_class()
