"""Profile rules shared by the CLI (``pingtui profiles``, ``pingtui init``) and the TUI (the
profile manager, the setup wizard): one place for each, no textual.

Every change to the profiles file runs inside ``edit_config`` (the cross-process lock around a
fresh read and an atomic write), and the checks that guard it run there too, on the file as it
is now — not on a copy read before a prompt. The token store follows the file inside the same
lock: a deleted profile's secrets are forgotten, a renamed profile's are moved.

Errors are ``ConfigError``s (what failed, what to do). The CLI prints them; the TUI shows them.
Single settings are checked by ``pingtui.config.validate`` (each returns a problem or None).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

from pingtui.config import (
    Config,
    PingOneSettings,
    Profile,
    edit_config,
    validate_profile_name,
)
from pingtui.errors import ConfigError


def checked_name(name: str) -> str:
    """``name`` if it can name a profile; else a ConfigError saying why."""
    if problem := validate_profile_name(name):
        raise ConfigError(f"'{name}' {problem}.", "Pick another name.")
    return name


def _free(config: Config, name: str) -> None:
    if name in config.profiles:
        raise ConfigError(f"A profile named '{name}' already exists.", "Pick another name.")


def add_profile(path: Path, name: str, *, description: str = "",
                activate: bool = False) -> bool:
    """Add an empty profile; returns whether it is the active one now."""
    checked_name(name)
    with edit_config(path) as config:
        if name in config.profiles:
            raise ConfigError(f"A profile named '{name}' already exists.",
                              f"Pick another name, or change it with 'pingtui init -P {name}'.")
        config.profiles[name] = Profile(name=name, description=description)
        if activate or not config.active_profile:
            config.active_profile = name
    return config.active_profile == name


def use_profile(path: Path, name: str) -> None:
    """Make ``name`` the active profile."""
    with edit_config(path) as config:
        config.get(name)
        config.active_profile = name


def rename_profile(path: Path, old: str, new: str) -> None:
    """Rename ``old`` to ``new``, in place in the file's order; its secrets move with it."""
    from pingtui.secrets import rename_profile_secrets

    checked_name(new)
    with edit_config(path) as config:
        profile = config.get(old)
        _free(config, new)
        config.profiles = {(new if k == old else k): v for k, v in config.profiles.items()}
        profile.name = new
        if config.active_profile == old:
            config.active_profile = new
        rename_profile_secrets(old, profile)


def deletable(config: Config, name: str) -> Profile:
    """The profile ``name`` if it may be deleted: it exists and is not the active one."""
    profile = config.get(name)
    if config.active_profile == name:
        raise ConfigError(f"'{name}' is the active profile and can't be deleted.",
                          "Make another one active first (pingtui profiles use OTHER, or u in "
                          "the profile manager).")
    return profile


def delete_profile(path: Path, name: str) -> None:
    """Delete ``name`` and forget its stored secrets (the guard is checked again here, on the
    file as it is under the lock: another process may have made it active meanwhile)."""
    from pingtui.secrets import forget_profile_secrets

    with edit_config(path) as config:
        profile = deletable(config, name)
        del config.profiles[name]
        forget_profile_secrets(profile)


# --------------------------------------------------------------------------- settings


@dataclass
class Settings:
    """Settings to apply to a profile: None leaves a setting as it is, "" clears it.

    ``pingtui init`` fills in the flags that were given; the wizard fills in every field.
    """

    description: str | None = None
    grant_type: str | None = None
    region: str | None = None
    """A region code; replaces a root domain."""
    root_domain: str | None = None
    """A root domain (pingone.eu); replaces a region."""
    custom_domain: str | None = None
    """Replaces the auth host only: the API host still follows the region or root domain."""
    environment_id: str | None = None
    client_id: str | None = None
    scopes: list[str] | None = None
    storage: str | None = None
    redirect_port: int | None = None
    auth_base_url: str | None = None
    api_base_url: str | None = None
    ca_bundle: str | None = None
    """Extra CAs (PEM file, absolute path) besides the OS trust store."""
    proxy: str | None = None
    """The profile's proxy URL (without credentials)."""

    def given(self) -> bool:
        """Whether any setting is given at all."""
        return any(getattr(self, f.name) is not None for f in fields(self))


def apply_settings(profile: Profile, settings: Settings) -> None:
    """Copy the given ``settings`` onto ``profile`` (creating its PingOne block)."""
    s = settings
    p = profile.pingone = profile.pingone or PingOneSettings()
    auth = p.authentication
    if s.description is not None:
        profile.description = s.description
    if s.region:
        p.region, p.root_domain = s.region.upper(), None
    if s.root_domain:
        p.root_domain, p.region = s.root_domain, None
    for name in ("custom_domain", "environment_id", "auth_base_url", "api_base_url",
                 "ca_bundle", "proxy"):
        if (value := getattr(s, name)) is not None:
            setattr(p, name, value or None)
    if s.ca_bundle:  # a path relative to where init ran would mean nothing later
        p.ca_bundle = os.path.abspath(os.path.expanduser(s.ca_bundle))
    for name in ("grant_type", "client_id", "storage"):
        if (value := getattr(s, name)) is not None:
            setattr(auth, name, value)
    if s.scopes:
        auth.scopes = list(s.scopes)
    if s.redirect_port is not None:
        auth.redirect_port = s.redirect_port
    if s.grant_type is not None and s.grant_type != "client_credentials":
        auth.client_secret = None  # only client credentials use one: don't keep it around
    if not (p.region or p.root_domain or p.custom_domain):
        p.region = "NA"


def missing_settings(grant_type: str, *, environment_id: str | None, client_id: str | None,
                     has_secret: bool) -> list[str]:
    """What a profile signing on with ``grant_type`` still lacks: ``environment_id``,
    ``client_id``, ``client_secret`` (client credentials only), in that order."""
    missing = [name for name, value in (("environment_id", environment_id),
                                        ("client_id", client_id)) if not value]
    if grant_type == "client_credentials" and not has_secret:
        missing.append("client_secret")
    return missing


def missing_for(profile: Profile, *, has_secret: bool) -> list[str]:
    """:func:`missing_settings` of a profile (``has_secret``: a secret is known elsewhere)."""
    p = profile.pingone
    if p is None:
        return missing_settings("authorization_code", environment_id=None, client_id=None,
                                has_secret=has_secret)
    auth = p.authentication
    return missing_settings(auth.grant_type, environment_id=p.environment_id,
                            client_id=auth.client_id,
                            has_secret=has_secret or bool(auth.client_secret))
