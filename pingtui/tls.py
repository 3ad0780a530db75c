"""The TLS contexts of every HTTP client pingtui makes (sign-on and API alike).

Verification is always on; there is no switch that turns it off. Trust comes from:

- the operating system's trust store, through ``truststore`` (as pip does): a company's root
  CA installed on the machine is trusted, as it is by the browser. On macOS and Windows that is
  ``truststore.SSLContext`` (the native verifier), with ``SSL_CERT_FILE`` / ``SSL_CERT_DIR``
  added. On Linux truststore verifies with OpenSSL against the locations its rules pick —
  OpenSSL's defaults (which ``SSL_CERT_FILE`` / ``SSL_CERT_DIR`` override), else the
  distribution's bundle — but reloads them for every handshake (~30-60 ms each with a full
  system bundle, twice per command: sign-on and API); pingtui applies the same rules, through
  truststore's own function, once per process (~4 ms a handshake after that).
- certifi's bundle where truststore can't be used (not installed, an unsupported Python), with
  ``SSL_CERT_FILE`` / ``SSL_CERT_DIR`` added.
- the profile's ``caBundle``: extra CAs (PEM), added to either of the above.

A context is built once per process for each ``caBundle`` and shared by every client: loading
a CA bundle costs ~25 ms, most of what a short command spends beyond its HTTP calls. Plain
http (loopback only: the simulator) never loads one — truststore is not even imported — so
the demo and the TUI's first frame do not pay for it.
"""

from __future__ import annotations

import functools
import os
import ssl
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from pingtui.errors import ConfigError

ENV_CERT_FILE = "SSL_CERT_FILE"
ENV_CERT_DIR = "SSL_CERT_DIR"


@dataclass(frozen=True)
class Trust:
    """Where a context's CAs come from (the key of the per-process cache)."""

    ca_bundle: str | None = None
    """The profile's caBundle (PEM file), absolute."""
    cert_file: str | None = None
    """$SSL_CERT_FILE when set."""
    cert_dir: str | None = None
    """$SSL_CERT_DIR when set."""

    @classmethod
    def of(cls, ca_bundle: str | None, env: Mapping[str, str] | None = None) -> Trust:
        env = os.environ if env is None else env
        return cls(ca_bundle=os.path.abspath(os.path.expanduser(ca_bundle)) if ca_bundle
                   else None,
                   cert_file=env.get(ENV_CERT_FILE) or None,
                   cert_dir=env.get(ENV_CERT_DIR) or None)

    def describe(self) -> str:
        """One line for ``auth status``: the store, then what is added to it."""
        parts = ["the OS trust store" if truststore_available() else
                 "certifi's CA bundle (truststore unavailable)"]
        if self.cert_file:
            parts.append(f"{ENV_CERT_FILE}={self.cert_file}")
        if self.cert_dir:
            parts.append(f"{ENV_CERT_DIR}={self.cert_dir}")
        if self.ca_bundle:
            parts.append(f"caBundle {self.ca_bundle}")
        return " + ".join(parts)


@functools.cache
def truststore_available() -> bool:
    try:
        import truststore  # noqa: F401  (lazy: only https needs it)
    except ImportError:
        return False
    return True


def _load(context: ssl.SSLContext, source: str, path: str, *, directory: bool,
          add: bool = True) -> None:
    """Add the CAs of ``path`` to ``context`` (``add``) or only check that it exists; a path
    that is not usable is a ConfigError naming where it came from (OpenSSL would ignore a
    missing one without a word, and the user would only see "not trusted")."""
    exists = os.path.isdir(path) if directory else os.path.isfile(path)
    kind = "directory" if directory else "file"
    if not exists:
        undo = "unset it" if source.startswith("SSL_") else "remove it"
        raise ConfigError(f"{source} names {path}, which is not an existing {kind}.",
                          f"Point it at your company's CA certificates (PEM), or {undo}.")
    if not add:
        return
    try:
        if directory:
            context.load_verify_locations(capath=path)
        else:
            context.load_verify_locations(cafile=path)
    except (ssl.SSLError, OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or getattr(exc, "reason", None) or "unreadable"
        raise ConfigError(f"{source} {path} holds no usable CA certificate ({reason}).",
                          "It must be PEM text (-----BEGIN CERTIFICATE-----).") from None


def check_ca_bundle(path: str) -> str | None:
    """Why ``path`` can't be a caBundle, or None (for ``init --ca-bundle``)."""
    try:
        _load(ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT), "--ca-bundle", path, directory=False)
    except ConfigError as exc:
        return exc.message
    return None


@functools.cache
def _verified_context(trust: Trust) -> ssl.SSLContext:
    context: ssl.SSLContext
    if truststore_available():
        context = _os_store_context()
        # OpenSSL (Linux) reads SSL_CERT_FILE/SSL_CERT_DIR as its default locations; the
        # native verifiers of macOS and Windows don't.
        add_env = sys.platform in ("darwin", "win32")
    else:
        import certifi  # httpx's own dependency

        context = ssl.create_default_context(cafile=certifi.where())
        add_env = True
    if trust.cert_file:
        _load(context, ENV_CERT_FILE, trust.cert_file, directory=False, add=add_env)
    if trust.cert_dir:
        _load(context, ENV_CERT_DIR, trust.cert_dir, directory=True, add=add_env)
    if trust.ca_bundle:
        _load(context, "The profile's caBundle", trust.ca_bundle, directory=False)
    # Both are the defaults of PROTOCOL_TLS_CLIENT; said again because they must never change.
    context.verify_mode = ssl.CERT_REQUIRED
    context.check_hostname = True
    return context


def _os_store_context() -> ssl.SSLContext:
    import truststore

    if sys.platform in ("darwin", "win32"):
        return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    try:  # truststore's choice of locations on OpenSSL platforms, applied once
        from truststore._openssl import _configure_context
    except ImportError:  # pragma: no cover - a truststore that moved it: its own context
        return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    with _configure_context(context):
        pass
    return context


def tls_context(url: str, ca_bundle: str | None = None,
                env: Mapping[str, str] | None = None) -> ssl.SSLContext:
    """The TLS context for clients of ``url``.

    https: verification on, CAs loaded once per process (per caBundle) and shared. Plain http
    (loopback only) never does TLS, so it gets a context with no CAs at all — verification
    still required, so it fails closed if TLS ever happened — and start-up does not pay for
    loading CAs.
    """
    if urlsplit(url).scheme == "http":
        return _bare_context()
    return _verified_context(Trust.of(ca_bundle, env))


@functools.cache
def _bare_context() -> ssl.SSLContext:
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
