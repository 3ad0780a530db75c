"""Which proxy a request goes through: the profile's ``proxy``, else the environment's.

The environment is read the way curl and Python's urllib read it: ``https_proxy`` /
``HTTPS_PROXY`` for https, ``http_proxy`` / ``HTTP_PROXY`` for http, then ``all_proxy`` /
``ALL_PROXY``, the lower-case name first. ``NO_PROXY`` (either case) lists what goes direct:
``*``, host names (``example.com`` also covers its subdomains; a leading ``.`` or ``*.`` is the
same), IP addresses, CIDR ranges (``10.0.0.0/8``) and ``host:port``. It applies to the
profile's proxy too. This machine itself — 127.0.0.0/8, ::1, localhost — is never proxied:
the simulator and the sign-on's loopback redirect listener are here, and a proxy could not
reach them anyway.

Credentials in a proxy URL (``http://user:password@proxy:3128``) are used, registered as
secrets, and never shown: :attr:`ProxyChoice.shown` drops them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from pingtui.logsafe import register_secret

PROFILE_SOURCE = "the profile's proxy setting"
SCHEMES = ("http", "https")
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class ProxyChoice:
    """The proxy one URL goes through, and where that was configured."""

    url: str
    """As configured (with credentials, if any): what the HTTP client needs."""
    source: str
    """``HTTPS_PROXY``, ``all_proxy``, ... or :data:`PROFILE_SOURCE`."""

    @property
    def shown(self) -> str:
        """The URL without user name or password, for screens, logs and errors."""
        parts = urlsplit(self.url)
        host = parts.hostname or "?"
        if ":" in host:
            host = f"[{host}]"
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{host}{port}"

    @property
    def has_credentials(self) -> bool:
        return bool(urlsplit(self.url).username)


def with_scheme(value: str) -> str:
    """``proxy.corp:3128`` means ``http://proxy.corp:3128`` (curl's reading)."""
    value = value.strip()
    return value if "://" in value else f"http://{value}"


def check_proxy_url(value: str, *, credentials: bool = True) -> str | None:
    """Why ``value`` can't be a proxy URL, or None. The profile's setting is checked with
    ``credentials=False``: a password does not belong in the profiles file."""
    try:
        parts = urlsplit(with_scheme(value))
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError:
        return "is not a proxy URL (http://HOST:PORT)"
    if parts.scheme not in SCHEMES:
        return (f"uses {parts.scheme}://, which pingtui does not support as a proxy "
                "(use http:// or https://)")
    if not parts.hostname:
        return "has no host (http://HOST:PORT)"
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return "must be only a scheme, host and port (http://HOST:PORT)"
    if not credentials and (parts.username or parts.password):
        return ("holds a user name or password; put those in HTTPS_PROXY instead, so the "
                "profiles file holds no password")
    return None


def is_loopback(host: str) -> bool:
    import ipaddress  # lazy, like the rest of the network path

    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _env(env: Mapping[str, str], name: str) -> tuple[str, str] | None:
    for variant in (name.lower(), name.upper()):
        value = env.get(variant, "").strip()
        if value:
            return variant, value
    return None


def bypassed(host: str, port: int | None, no_proxy: str) -> bool:
    """True when ``NO_PROXY``'s value ``no_proxy`` sends ``host:port`` direct."""
    import ipaddress

    host = host.strip("[]").lower().rstrip(".")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    for raw in no_proxy.replace(",", " ").split():
        entry = raw.lower()
        if entry == "*":
            return True
        entry_port: int | None = None
        if entry.count(":") == 1 or (entry.startswith("[") and "]:" in entry):
            entry, _, port_text = entry.rpartition(":")
            if not port_text.isdigit():
                continue
            entry_port = int(port_text)
        entry = entry.strip("[]")
        if entry_port is not None and entry_port != port:
            continue
        if address is not None:
            try:
                if address in ipaddress.ip_network(entry, strict=False):
                    return True
            except ValueError:
                pass
            continue
        domain = entry.removeprefix("*").lstrip(".").rstrip(".")
        if domain and (host == domain or host.endswith("." + domain)):
            return True
    return False


def proxy_for(url: str, *, configured: str | None = None,
              env: Mapping[str, str] | None = None) -> ProxyChoice | None:
    """The proxy for ``url``: None for direct (loopback, NO_PROXY, nothing configured)."""
    env = os.environ if env is None else env
    parts = urlsplit(url)
    host = parts.hostname or ""
    if is_loopback(host):
        return None
    no_proxy = _env(env, "no_proxy")
    if no_proxy and bypassed(host, parts.port or _DEFAULT_PORTS.get(parts.scheme), no_proxy[1]):
        return None
    choice: ProxyChoice | None = None
    if configured:
        choice = ProxyChoice(with_scheme(configured), PROFILE_SOURCE)
    else:
        found = _env(env, f"{parts.scheme}_proxy") or _env(env, "all_proxy")
        if found:
            choice = ProxyChoice(with_scheme(found[1]), found[0])
    if choice is not None:
        password = urlsplit(choice.url).password
        if password:
            register_secret(password)
            register_secret(unquote(password))
    return choice
