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
from typing import Any

from pingtui.config.model import Config, PingOneSettings, Profile
from pingtui.config.validate import (
    validate_domain,
    validate_environment_id,
    validate_grant_type,
    validate_region,
    validate_storage,
)
from pingtui.errors import ConfigError

ENV_CONFIG = "PINGTUI_CONFIG"
ENV_PROFILE = "PINGTUI_PROFILE"

# Ping CLI's variable names, newest first: 1.x's canonical name (PINGCLI_ + the key path, one
# `_` per segment, camelCase squashed), 1.x's short names with and without the PINGCLI_ prefix,
# then 0.x's (PINGCLI_ + key path in upper snake case). See PINGONE.md.
_CANONICAL = "PINGCLI_SERVICE_PINGONE_"
_ENV_GRANT = (f"{_CANONICAL}AUTHENTICATION_GRANTTYPE", f"{_CANONICAL}AUTHENTICATION_TYPE",
              "PINGCLI_PINGONE_AUTH_GRANT_TYPE", "PINGONE_AUTH_GRANT_TYPE",
              "PINGCLI_PINGONE_AUTHENTICATION_TYPE")
_ENV_REGION = ("PINGCLI_PINGONE_REGION_CODE",)
_ENV_ROOT_DOMAIN = (f"{_CANONICAL}ENDPOINT_ROOTDOMAIN", "PINGCLI_PINGONE_ROOT_DOMAIN",
                    "PINGONE_ROOT_DOMAIN")
_ENV_CUSTOM_DOMAIN = (f"{_CANONICAL}ENDPOINT_CUSTOMDOMAIN", "PINGCLI_PINGONE_CUSTOM_DOMAIN",
                      "PINGONE_CUSTOM_DOMAIN")
_ENV_ENVIRONMENT_ID = (
    f"{_CANONICAL}ENDPOINT_ENVIRONMENTID",
    "PINGCLI_PINGONE_ENVIRONMENT_ID",
    "PINGONE_ENVIRONMENT_ID",
    "PINGCLI_PINGONE_AUTHENTICATION_ENVIRONMENT_ID",
    "PINGCLI_PINGONE_AUTHENTICATION_WORKER_ENVIRONMENT_ID",
    "PINGCLI_PINGONE_WORKER_ENVIRONMENT_ID",
)
_ENV_STORAGE = ("PINGCLI_AUTH_STORAGE_TYPE", "PINGCLI_LOGIN_STORAGE_TYPE")
# 1.x names each grant's own client: (canonical segment, short name) per pingtui grant.
_GRANT_NAMES = {"authorization_code": ("AUTHORIZATIONCODE", "AUTHORIZATION_CODE"),
                "device_code": ("DEVICECODE", "DEVICE_CODE"),
                "client_credentials": ("CLIENTCREDENTIALS", "CLIENT_CREDENTIALS")}
# 0.x names, whichever grant the profile has.
_ENV_CLIENT_ID_0X = (
    "PINGCLI_PINGONE_AUTHENTICATION_CLIENT_CREDENTIALS_CLIENT_ID",
    "PINGCLI_PINGONE_AUTHENTICATION_AUTHORIZATION_CODE_CLIENT_ID",
    "PINGCLI_PINGONE_AUTHENTICATION_DEVICE_CODE_CLIENT_ID",
    "PINGCLI_PINGONE_AUTHENTICATION_WORKER_CLIENT_ID",
    "PINGCLI_PINGONE_WORKER_CLIENT_ID",
)
_ENV_CLIENT_SECRET_0X = (
    "PINGCLI_PINGONE_AUTHENTICATION_CLIENT_CREDENTIALS_CLIENT_SECRET",
    "PINGCLI_PINGONE_AUTHENTICATION_WORKER_CLIENT_SECRET",
    "PINGCLI_PINGONE_WORKER_CLIENT_SECRET",
)
# Ping CLI 1.x storage types -> pingtui's (its own names are accepted too).
STORAGE_NAMES = {"secure_local": "keyring", "file_system": "file", "none": "none",
                 "keyring": "keyring", "file": "file"}


def _grant_names(grant: str, key: str) -> tuple[str, ...]:
    """1.x's names of ``key`` (CLIENTID, CLIENTSECRET, SCOPES) for ``grant``."""
    canonical, short = _GRANT_NAMES[grant]
    words = {"CLIENTID": "CLIENT_ID", "CLIENTSECRET": "CLIENT_SECRET", "SCOPES": "SCOPES"}[key]
    return (f"{_CANONICAL}AUTHENTICATION_{canonical}_{key}",
            f"PINGCLI_PINGONE_{short}_{words}", f"PINGONE_{short}_{words}")


def client_id_variables(grant: str) -> tuple[str, ...]:
    return _grant_names(grant, "CLIENTID") + _ENV_CLIENT_ID_0X


def client_secret_variables() -> tuple[str, ...]:
    """Where a client-credentials secret may come from at run time, the usual name first."""
    return ("PINGCLI_PINGONE_WORKER_CLIENT_SECRET",
            *_grant_names("client_credentials", "CLIENTSECRET"),
            *(n for n in _ENV_CLIENT_SECRET_0X if n != "PINGCLI_PINGONE_WORKER_CLIENT_SECRET"))


ENV_VARIABLES = tuple(dict.fromkeys((
    ENV_CONFIG, ENV_PROFILE, *_ENV_GRANT, *_ENV_REGION, *_ENV_ROOT_DOMAIN, *_ENV_CUSTOM_DOMAIN,
    *_ENV_ENVIRONMENT_ID, *_ENV_STORAGE,
    *(n for g in _GRANT_NAMES for n in client_id_variables(g) + _grant_names(g, "SCOPES")),
    *client_secret_variables())))


def normalize_grant_type(value: str) -> str:
    """Map Ping CLI's grant names (``worker``, ``clientCredentials``…) to pingtui's."""
    key = re.sub(r"[^a-z]", "", value.lower())
    return {
        "worker": "client_credentials",
        "clientcredentials": "client_credentials",
        "authorizationcode": "authorization_code",
        "devicecode": "device_code",
    }.get(key, value)


def normalize_storage(value: str) -> str:
    """Map Ping CLI 1.x's storage types (``secure_local``, ``file_system``, ``none``)."""
    return STORAGE_NAMES.get(value.strip().lower(), value)


def _first(env: Mapping[str, str], names: tuple[str, ...]) -> tuple[str, str] | None:
    for name in names:
        if env.get(name):
            return name, env[name]
    return None


def _env_error(name: str, value: str, problem: str) -> ConfigError:
    return ConfigError(f"${name}: '{value[:60]}' {problem}.",
                       f"Fix or unset the environment variable {name}.")


def _checked(env: Mapping[str, str], names: tuple[str, ...], check: Any,
             convert: Any = None) -> str | None:
    """The first of ``names`` that is set (converted), refused with its name when invalid."""
    if not (found := _first(env, names)):
        return None
    value = convert(found[1]) if convert else found[1]
    if problem := check(value):
        raise _env_error(found[0], found[1], problem)
    return value


def apply_env_overrides(profile: Profile, env: Mapping[str, str]) -> Profile:
    """Return a copy of ``profile`` with Ping CLI's variables (0.x and 1.x) applied (env >
    file). A client secret from the environment stays in memory, and the profile remembers the
    variable's name (``authentication.secret_from``) so status can say where it was found."""
    profile = copy.deepcopy(profile)
    p = profile.pingone or PingOneSettings()
    auth = p.authentication
    if grant := _checked(env, _ENV_GRANT, validate_grant_type, normalize_grant_type):
        auth.grant_type = grant
    if region := _checked(env, _ENV_REGION, validate_region):
        p.region, p.root_domain = region.upper(), None
    if root := _checked(env, _ENV_ROOT_DOMAIN, validate_domain, str.lower):
        p.root_domain, p.region = root, None
    if custom := _checked(env, _ENV_CUSTOM_DOMAIN, validate_domain, str.lower):
        p.custom_domain = custom
    if environment_id := _checked(env, _ENV_ENVIRONMENT_ID, validate_environment_id):
        p.environment_id = environment_id
    if storage := _checked(env, _ENV_STORAGE, validate_storage, normalize_storage):
        auth.storage = storage
    if found := _first(env, client_id_variables(auth.grant_type)):
        auth.client_id = found[1]
    if found := _first(env, _grant_names(auth.grant_type, "SCOPES")):
        auth.scopes = found[1].replace(",", " ").split() or auth.scopes
    if found := _first(env, client_secret_variables()):
        auth.client_secret = found[1]  # memory only: never saved unless storage is file
        auth.secret_from = found[0]
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
