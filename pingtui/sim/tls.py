"""The simulator over HTTPS: server certificates from a test CA made at run time.

``trustme`` (a test/dev dependency) makes the CA; it is imported only here, and this module
only when TLS is asked for (``Simulator(tls=...)`` takes a plain ``ssl.SSLContext``), so the
demo and plain-http tests never need it. The CA never leaves the process unless written out
with :meth:`TestCA.write_ca` — for a client to trust it (``SSL_CERT_FILE``, a caBundle).

Variants for the failures a client must explain: a certificate for another host name, an
expired one, and a chain sent with or without its root (a TLS-inspecting proxy usually sends
its root: the client then sees "self-signed certificate in certificate chain").
"""

from __future__ import annotations

import datetime
import os
import ssl
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


class TestCA:
    """A certificate authority for one run. ``TestCA().server_context()`` serves 127.0.0.1."""

    __test__ = False  # not a pytest class

    def __init__(self, organization: str = "pingtui test CA") -> None:
        try:
            import trustme
        except ImportError:  # pragma: no cover - the test extra has it
            raise RuntimeError("The simulator's TLS needs the 'trustme' package "
                               "(pip install 'pingtui[test]').") from None
        self._ca: Any = trustme.CA(organization_name=organization)

    @property
    def ca_pem(self) -> bytes:
        """The CA certificate (PEM): what a client must trust."""
        return bytes(self._ca.cert_pem.bytes())

    def write_ca(self, path: str | os.PathLike[str]) -> Path:
        target = Path(path)
        target.write_bytes(self.ca_pem)
        return target

    def _leaf(self, hosts: Sequence[str], expired: bool, with_root: bool,
              not_yet_valid: bool = False) -> tuple[bytes, bytes]:
        """(private key, certificate chain) PEM of a new certificate for ``hosts``."""
        options: dict[str, datetime.datetime] = {}
        now = datetime.datetime.now(datetime.timezone.utc)
        day = datetime.timedelta(days=1)
        if expired:
            options = {"not_before": now - 30 * day, "not_after": now - day}
        elif not_yet_valid:
            options = {"not_before": now + day, "not_after": now + 30 * day}
        leaf = self._ca.issue_cert(*hosts, **options)
        chain = b"".join(bytes(pem.bytes()) for pem in leaf.cert_chain_pems)
        return bytes(leaf.private_key_pem.bytes()), chain + (self.ca_pem if with_root else b"")

    def server_context(self, hosts: Sequence[str] = LOOPBACK_NAMES, *, expired: bool = False,
                       with_root: bool = True, not_yet_valid: bool = False) -> ssl.SSLContext:
        """A server-side context presenting a certificate for ``hosts``.

        ``expired``: valid from 30 days ago until yesterday; ``not_yet_valid``: from tomorrow.
        ``with_root``: the chain sent includes the CA itself, as a TLS-inspecting proxy's does.
        """
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        # load_cert_chain reads files only: a private temporary one, removed at once.
        fd, name = tempfile.mkstemp(suffix=".pem")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(b"".join(self._leaf(hosts, expired, with_root, not_yet_valid)))
            context.load_cert_chain(name)
        finally:
            os.unlink(name)
        return context

    def server_files(self, directory: str | os.PathLike[str],
                     hosts: Sequence[str] = LOOPBACK_NAMES) -> tuple[Path, Path]:
        """(certificate chain, private key) PEM files for a server of another process."""
        key, chain = self._leaf(hosts, expired=False, with_root=True)
        folder = Path(directory)
        key_path, chain_path = folder / "server-key.pem", folder / "server-chain.pem"
        key_path.touch(mode=0o600)
        key_path.write_bytes(key)
        chain_path.write_bytes(chain)
        return chain_path, key_path
