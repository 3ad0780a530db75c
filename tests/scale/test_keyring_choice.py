"""The keyring is asked only when the profile's storage needs it, and without importing every
backend: in a subprocess, so that this process's keyring (tests set one) plays no part."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import json, sys
from pingtui.auth.keyring_choice import NoKeyring, system_keyring
try:
    backend = type(system_keyring()).__module__
except NoKeyring as exc:
    backend = "none: " + str(exc)
print(json.dumps({"backend": backend,
                  "keyring_modules": sorted(m for m in sys.modules if m.startswith("keyring"))}))
"""


def _probe(tmp_path: Path, **env: str) -> dict:
    clean = {k: v for k, v in os.environ.items()
             if k not in ("PYTHON_KEYRING_BACKEND", "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR",
                          "XDG_CONFIG_HOME")}
    clean.update(XDG_CONFIG_HOME=str(tmp_path / "config"), **env)
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          env=clean, timeout=60, check=True)
    return json.loads(done.stdout)


def test_no_session_bus_means_no_keyring_import(tmp_path):
    if not sys.platform.startswith("linux"):
        raise AssertionError("this test describes Linux; run the suite on Linux")
    found = _probe(tmp_path)
    assert found["backend"].startswith("none: no system keyring")
    assert found["keyring_modules"] == []


def test_a_named_backend_is_keyrings_own_choice(tmp_path):
    found = _probe(tmp_path, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    assert found["backend"] == "keyring.backends.fail"
    # keyring's own path: keyring imported, but not the platform backends it did not need.
    assert "keyring.backends.macOS" not in found["keyring_modules"]


def test_a_session_bus_asks_secret_service_only(tmp_path):
    # A bus address that leads nowhere: Secret Service is tried (and found unusable), and
    # keyring's own ranking decides — as it would have without pingtui's shortcut.
    found = _probe(tmp_path, DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent/bus")
    assert found["backend"] == "keyring.backends.fail"
    assert "keyring.backends.SecretService" in found["keyring_modules"]


def test_a_keyringrc_file_is_honoured(tmp_path):
    rc = tmp_path / "config" / "python_keyring" / "keyringrc.cfg"
    rc.parent.mkdir(parents=True)
    rc.write_text("[backend]\ndefault-keyring=keyring.backends.fail.Keyring\n")
    found = _probe(tmp_path)
    assert found["backend"] == "keyring.backends.fail"
