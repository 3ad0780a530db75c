"""PingOne regions, root domains and the endpoint URLs of a profile.

Pure functions of the profile's settings: no I/O here. Discovery (which may override the
built URLs when the issuer answers) lives in ``pingtui.auth``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# Region code -> root domain, as PingOne documents them.
REGIONS: dict[str, str] = {
    "NA": "pingone.com",
    "EU": "pingone.eu",
    "CA": "pingone.ca",
    "AP": "pingone.asia",
    "AU": "pingone.com.au",
    "SG": "pingone.sg",
}
REGION_NAMES: dict[str, str] = {
    "NA": "North America",
    "EU": "Europe",
    "CA": "Canada",
    "AP": "Asia-Pacific",
    "AU": "Australia",
    "SG": "Singapore",
}
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
_HEX32 = re.compile(r"[0-9a-f]{32}", re.IGNORECASE)


def is_uuid(text: str) -> bool:
    """Whether ``text`` is a UUID as PingOne writes IDs: 36 characters, with dashes."""
    return _UUID.fullmatch(text) is not None


def canonical_uuid(text: str) -> str | None:
    """``text`` as PingOne writes IDs (lower case, dashes) when it is a UUID in any common form
    — upper case, ``{braces}``, no dashes, ``urn:uuid:`` — else None.

    The forms ``uuid.UUID`` reads, without importing it: uuid imports platform, ~2 ms of every
    command's start-up for a check a regex makes.
    """
    digits = text.strip().lower().removeprefix("urn:").removeprefix("uuid:")
    digits = digits.removeprefix("{").removesuffix("}").replace("-", "")
    if _HEX32.fullmatch(digits) is None:
        return None
    return "-".join((digits[:8], digits[8:12], digits[12:16], digits[16:20], digits[20:]))


DEFAULT_REDIRECT_PORT = 7464
REDIRECT_PATH = "/callback"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


def is_loopback_url(url: str) -> bool:
    """True when ``url`` points at this machine (where plain http is acceptable)."""
    host = urlsplit(url).hostname or ""
    return host in LOOPBACK_HOSTS or host.startswith("127.")


def check_base_url(url: str) -> str | None:
    """Return why ``url`` can't be a base URL, or None when it can.

    https anywhere; plain http only for loopback hosts (tests, the simulator, proxies on this
    machine) so that a token is never sent in clear over a network.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return "must be an absolute http(s) URL"
    if parts.scheme == "http" and not is_loopback_url(url):
        return "plain http is only allowed for 127.0.0.1/localhost; use https"
    if parts.query or parts.fragment:
        return "must not contain a query or fragment"
    return None


@dataclass(frozen=True)
class Endpoints:
    """Where a profile signs on and where its API lives."""

    issuer: str
    api_base_url: str

    @property
    def discovery(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    @property
    def authorize(self) -> str:
        return f"{self.issuer}/authorize"

    @property
    def token(self) -> str:
        return f"{self.issuer}/token"

    @property
    def device_authorization(self) -> str:
        return f"{self.issuer}/device_authorization"

    @property
    def revoke(self) -> str:
        return f"{self.issuer}/revoke"

    @property
    def signoff(self) -> str:
        return f"{self.issuer}/signoff"

    @property
    def userinfo(self) -> str:
        return f"{self.issuer}/userinfo"

    @property
    def jwks(self) -> str:
        return f"{self.issuer}/jwks"


_DISCOVERY = "/.well-known/openid-configuration"


def issuer_from(auth_base_url: str, environment_id: str) -> str:
    """The issuer an ``authBaseURL`` stands for. Accepted forms:

    - the auth host, with or without a path prefix (``https://auth.pingone.eu``, a proxy's
      ``https://gw.corp/pingone``): the issuer is ``<that>/<environmentID>/as``;
    - the issuer itself, a path ending in ``/as``, as PingOne's discovery document and console
      show it (``https://auth.pingone.eu/<envId>/as``, a custom domain's
      ``https://login.example.com/as``): used as it is;
    - the discovery URL (``…/as/.well-known/openid-configuration``): its issuer.
    """
    url = auth_base_url.strip().rstrip("/")
    if url.lower().endswith(_DISCOVERY):
        url = url[: -len(_DISCOVERY)].rstrip("/")
    if urlsplit(url).path.lower().endswith("/as"):
        return url
    return f"{url}/{environment_id}/as"


def environment_in_issuer(auth_base_url: str) -> str | None:
    """The environment ID in an issuer-form ``authBaseURL`` (``…/<envId>/as``), if it has one."""
    path = urlsplit(issuer_from(auth_base_url, "-")).path.rstrip("/").split("/")
    if len(path) >= 3 and path[-1].lower() == "as":
        return canonical_uuid(path[-2])
    return None


def api_root(api_base_url: str) -> str:
    """The API root with ``/v1``: PingOne's API host is accepted with or without it."""
    url = api_base_url.strip().rstrip("/")
    return url if urlsplit(url).path.lower().endswith("/v1") else f"{url}/v1"


def region_of_host(url: str) -> str | None:
    """The region code of a PingOne auth/API host (``auth.pingone.eu`` -> ``EU``), else None."""
    host = (urlsplit(url).hostname or "").lower()
    for code, root in REGIONS.items():
        if host in (f"auth.{root}", f"api.{root}"):
            return code
    return None


def endpoints_for(
    *,
    environment_id: str,
    region: str | None = None,
    root_domain: str | None = None,
    custom_domain: str | None = None,
    auth_base_url: str | None = None,
    api_base_url: str | None = None,
) -> Endpoints:
    """Build the endpoints of a PingOne environment.

    ``auth_base_url`` is the auth host or the full issuer (:func:`issuer_from`). A custom
    domain's issuer has no environment ID in the path. ``api_base_url`` is the API root, with
    or without ``/v1``.
    """
    root = root_domain or REGIONS.get((region or "NA").upper(), "pingone.com")
    if auth_base_url:  # a full override wins (proxies, tests, the simulator)
        issuer = issuer_from(auth_base_url, environment_id)
    elif custom_domain:
        issuer = f"https://{custom_domain}/as"
    else:
        issuer = f"https://auth.{root}/{environment_id}/as"
    api = api_root(api_base_url) if api_base_url else f"https://api.{root}/v1"
    return Endpoints(issuer=issuer, api_base_url=api)
