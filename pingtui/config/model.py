"""The profiles file as data: ``Config`` > ``Profile`` > ``PingOneSettings`` > ``Authentication``.

Plain dataclasses with a docstring per field; ``extra`` keeps the keys pingtui does not know,
so a round trip loses nothing. Parsing (``config.parse``), environment overrides
(``config.env``) and the file itself (``config.files``) are beside this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pingtui.errors import ConfigError
from pingtui.pingone import DEFAULT_REDIRECT_PORT, Endpoints, endpoints_for

GRANT_TYPES = ("authorization_code", "device_code", "client_credentials")
GRANT_DESCRIPTIONS = {
    "authorization_code": "Authorization Code — sign on in your browser (PKCE)",
    "device_code": "Device Code — headless/SSH: type a code on any device",
    "client_credentials": "Client Credentials — for automation, with a client secret",
}
STORAGE_KINDS = ("keyring", "file", "none")
PROFILE_NAME_RE = re.compile(r"^[A-Za-z0-9_-]+$")
MASK = "********"

@dataclass
class Authentication:
    """How a profile signs on."""

    grant_type: str = "authorization_code"
    """authorization_code (browser + PKCE), device_code (headless) or client_credentials."""
    client_id: str | None = None
    """The OAuth client (application) ID in the profile's environment."""
    client_secret: str | None = field(default=None, repr=False)
    """Client credentials only. Saved in this file only when ``storage`` is ``file``."""
    scopes: list[str] = field(default_factory=lambda: ["openid", "profile", "email"])
    """Scopes asked for; PingOne Advanced Services wants its custom resource scope here.
    profile and email name the signed-on admin (dropped at sign-on if the app may not have
    them); client credentials send none of the OpenID ones."""
    storage: str = "keyring"
    """Where tokens and the client secret live: keyring, file (0600, warned) or none (memory)."""
    redirect_port: int = DEFAULT_REDIRECT_PORT
    """Loopback port of the authorization-code redirect URI (http://127.0.0.1:PORT/callback)."""
    secret_from: str | None = field(default=None, repr=False, compare=False)
    """The environment variable ``client_secret`` came from (never saved; None: not the env)."""
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class PingOneSettings:
    """Where a profile's PingOne tenant is."""

    environment_id: str | None = None
    """The environment that holds the worker application (usually Administrators)."""
    region: str | None = None
    """NA, EU, CA, AP, AU or SG (ignored when root_domain or custom_domain is set)."""
    root_domain: str | None = None
    """A PingOne root domain such as pingone.eu, instead of a region code."""
    custom_domain: str | None = None
    """A custom auth domain (login.example.com): the issuer is https://<domain>/as."""
    auth_base_url: str | None = None
    """Full override of the auth host (proxies, tests, the simulator)."""
    api_base_url: str | None = None
    """Full override of the API root including /v1."""
    ca_bundle: str | None = None
    """Extra CAs (a PEM file) trusted besides the OS trust store: a TLS-inspecting proxy's."""
    proxy: str | None = None
    """The proxy for this profile (http://HOST:PORT) instead of HTTPS_PROXY; NO_PROXY and
    loopback still go direct. No password here: an authenticating proxy's goes in HTTPS_PROXY."""
    authentication: Authentication = field(default_factory=Authentication)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    def endpoints(self) -> Endpoints:
        if not self.environment_id:
            raise ConfigError(
                "This profile has no PingOne environment ID.",
                "Add it with: pingtui init --environment-id UUID (with -P NAME for that profile).",
            )
        return endpoints_for(
            environment_id=self.environment_id,
            region=self.region,
            root_domain=self.root_domain,
            custom_domain=self.custom_domain,
            auth_base_url=self.auth_base_url,
            api_base_url=self.api_base_url,
        )

    @property
    def location(self) -> str:
        """Human label of where the tenant is: region code, root domain or custom domain."""
        return self.custom_domain or self.root_domain or self.region or "NA"


@dataclass
class Profile:
    """One named set of settings (a tenant and how to sign on to it)."""

    name: str
    description: str = ""
    pingone: PingOneSettings | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    """TUI key overrides: binding id -> keys (``browser.refresh: ctrl+r``)."""
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def is_complete(self) -> bool:
        p = self.pingone
        return bool(p and p.environment_id and p.authentication.client_id)


@dataclass
class Config:
    """The whole profiles file."""

    path: Path
    active_profile: str | None = None
    profiles: dict[str, Profile] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    def get(self, name: str) -> Profile:
        try:
            return self.profiles[name]
        except KeyError:
            raise ConfigError(
                f"There is no profile named '{name}' in {self.path}.",
                "List them with 'pingtui profiles list' or create it with 'pingtui init -P NAME'.",
            ) from None
