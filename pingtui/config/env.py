"""Environment overrides: ``PINGTUI_PROFILE``, ``PINGTUI_CONFIG`` and Ping CLI's ``PINGCLI_*``
names (a pipeline that drives Ping CLI drives pingtui unchanged), and which profile a run uses.

Precedence: flag > environment > file > default. Overrides apply to a copy of the profile and
are never saved.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Mapping

from pingtui.config.model import Config, PingOneSettings, Profile
from pingtui.config.validate import (
    validate_environment_id,
    validate_grant_type,
    validate_region,
)
from pingtui.errors import ConfigError

ENV_CONFIG = "PINGTUI_CONFIG"
ENV_PROFILE = "PINGTUI_PROFILE"

# Ping CLI's variable names (PINGCLI_ + key path in upper snake case), newest first.
_ENV_GRANT = ("PINGCLI_PINGONE_AUTHENTICATION_TYPE",)
_ENV_REGION = ("PINGCLI_PINGONE_REGION_CODE",)
_ENV_CLIENT_ID = (
    "PINGCLI_PINGONE_AUTHENTICATION_CLIENT_CREDENTIALS_CLIENT_ID",
    "PINGCLI_PINGONE_AUTHENTICATION_AUTHORIZATION_CODE_CLIENT_ID",
    "PINGCLI_PINGONE_AUTHENTICATION_DEVICE_CODE_CLIENT_ID",
    "PINGCLI_PINGONE_AUTHENTICATION_WORKER_CLIENT_ID",
    "PINGCLI_PINGONE_WORKER_CLIENT_ID",
)
_ENV_CLIENT_SECRET = (
    "PINGCLI_PINGONE_AUTHENTICATION_CLIENT_CREDENTIALS_CLIENT_SECRET",
    "PINGCLI_PINGONE_AUTHENTICATION_WORKER_CLIENT_SECRET",
    "PINGCLI_PINGONE_WORKER_CLIENT_SECRET",
)
_ENV_ENVIRONMENT_ID = (
    "PINGCLI_PINGONE_AUTHENTICATION_ENVIRONMENT_ID",
    "PINGCLI_PINGONE_AUTHENTICATION_WORKER_ENVIRONMENT_ID",
    "PINGCLI_PINGONE_WORKER_ENVIRONMENT_ID",
)
ENV_VARIABLES = (ENV_CONFIG, ENV_PROFILE, *_ENV_GRANT, *_ENV_REGION, *_ENV_CLIENT_ID,
                 *_ENV_CLIENT_SECRET, *_ENV_ENVIRONMENT_ID)


def normalize_grant_type(value: str) -> str:
    """Map Ping CLI's grant names (``worker``, ``clientCredentials``…) to pingtui's."""
    key = re.sub(r"[^a-z]", "", value.lower())
    return {
        "worker": "client_credentials",
        "clientcredentials": "client_credentials",
        "authorizationcode": "authorization_code",
        "devicecode": "device_code",
    }.get(key, value)


def _first(env: Mapping[str, str], names: tuple[str, ...]) -> tuple[str, str] | None:
    for name in names:
        if env.get(name):
            return name, env[name]
    return None


def _env_error(name: str, value: str, problem: str) -> ConfigError:
    return ConfigError(f"${name}: '{value[:60]}' {problem}.",
                       f"Fix or unset the environment variable {name}.")


def apply_env_overrides(profile: Profile, env: Mapping[str, str]) -> Profile:
    """Return a copy of ``profile`` with Ping CLI's PINGCLI_* variables applied (env > file)."""
    profile = copy.deepcopy(profile)
    p = profile.pingone or PingOneSettings()
    auth = p.authentication
    if found := _first(env, _ENV_GRANT):
        grant = normalize_grant_type(found[1])
        if problem := validate_grant_type(grant):
            raise _env_error(*found, problem)
        auth.grant_type = grant
    if found := _first(env, _ENV_REGION):
        if problem := validate_region(found[1]):
            raise _env_error(*found, problem)
        p.region, p.root_domain = found[1].upper(), None
    if found := _first(env, _ENV_ENVIRONMENT_ID):
        if problem := validate_environment_id(found[1]):
            raise _env_error(*found, problem)
        p.environment_id = found[1]
    if found := _first(env, _ENV_CLIENT_ID):
        auth.client_id = found[1]
    if found := _first(env, _ENV_CLIENT_SECRET):
        auth.client_secret = found[1]  # memory only: never saved unless storage is file
    if profile.pingone is None and (p.environment_id or auth.client_id):
        profile.pingone = p
    return profile


def env_profile_name(env: Mapping[str, str] = os.environ) -> str | None:
    return env.get(ENV_PROFILE) or None


def resolve_profile(config: Config, name: str | None = None,
                    env: Mapping[str, str] = os.environ) -> Profile:
    """The profile a command runs on: ``-P`` > ``$PINGTUI_PROFILE`` > activeProfile.

    Environment overrides are applied. With no profiles file at all, Ping CLI's variables alone
    can describe a transient profile (named ``env``) so that a pipeline needs no file.
    """
    chosen = name or env_profile_name(env) or config.active_profile
    if chosen and chosen in config.profiles:
        return apply_env_overrides(config.profiles[chosen], env)
    transient = apply_env_overrides(Profile(name=chosen or "env"), env)
    if transient.is_complete:
        return transient
    if chosen:
        config.get(chosen)  # raises: names the missing profile
    raise ConfigError(
        f"No profile is set up yet ({config.path}).",
        "Run 'pingtui init' (or 'pingtui --demo' to try it on a simulated tenant).",
    )
