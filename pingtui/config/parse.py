"""Profiles-file text -> ``Config``, and back; every error points at the file, line and column.

Keys are matched case-insensitively on read (Ping CLI users write ``pingOne`` and ``pingone``);
unknown keys are kept in ``extra`` and written back. yaml is imported when a file is parsed or
written, never on the start path.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pingtui.config.model import PROFILE_NAME_RE, Authentication, Config, PingOneSettings, Profile
from pingtui.config.validate import (
    validate_domain,
    validate_environment_id,
    validate_grant_type,
    validate_region,
    validate_storage,
)
from pingtui.errors import ConfigError
from pingtui.pingone import DEFAULT_REDIRECT_PORT, check_base_url

log = logging.getLogger("pingtui.config")


class _Source:
    """The text of the file, to point errors at a line and column."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text

    def locate(self, keys: tuple[str, ...]) -> tuple[int, int] | None:
        import yaml

        try:
            node = yaml.compose(self.text)
        except yaml.YAMLError:
            return None
        mark = None
        for key in keys:
            if not isinstance(node, yaml.MappingNode):
                break
            for key_node, value_node in node.value:
                if str(key_node.value).lower() == key.lower():
                    mark, node = key_node.start_mark, value_node
                    break
            else:
                break
        return (mark.line + 1, mark.column + 1) if mark else None

    def error(self, keys: tuple[str, ...], problem: str, hint: str | None = None) -> ConfigError:
        where = self.locate(keys)
        prefix = f"{self.path}:{where[0]}:{where[1]}" if where else str(self.path)
        dotted = ".".join(keys)
        return ConfigError(
            f"{prefix}: {dotted} {problem}.",
            hint or "Fix it in the file (it was not changed), or rewrite the profile with "
            "'pingtui init'.",
        )


def _take(data: dict[str, Any], key: str) -> Any:
    """Pop ``key`` from ``data`` case-insensitively (Ping CLI users write pingOne or pingone)."""
    for k in list(data):
        if isinstance(k, str) and k.lower() == key.lower():
            return data.pop(k)
    return None


def _mapping(src: _Source, keys: tuple[str, ...], value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise src.error(keys, f"must be a mapping, not {type(value).__name__}")
    return dict(value)


def _string(src: _Source, keys: tuple[str, ...], value: Any,
            check: Callable[[str], str | None] | None = None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise src.error(keys, f"must be text, not {type(value).__name__}")
    if check and (problem := check(value)):
        raise src.error(keys, f"'{value[:60]}' {problem}")
    return value


def _parse_authentication(src: _Source, keys: tuple[str, ...], raw: Any) -> Authentication:
    data = _mapping(src, keys, raw)

    def k(name: str) -> tuple[str, ...]:
        return (*keys, name)

    auth = Authentication()
    auth.grant_type = _string(src, k("grantType"), _take(data, "grantType"),
                              validate_grant_type) or auth.grant_type
    auth.client_id = _string(src, k("clientID"), _take(data, "clientID"))
    auth.client_secret = _string(src, k("clientSecret"), _take(data, "clientSecret"))
    auth.storage = _string(src, k("storage"), _take(data, "storage"),
                           validate_storage) or auth.storage
    scopes = _take(data, "scopes")
    if scopes is not None:
        if isinstance(scopes, str):
            scopes = scopes.split()
        if not isinstance(scopes, list) or not all(isinstance(s, str) for s in scopes):
            raise src.error(k("scopes"), "must be a list of scope names")
        auth.scopes = scopes
    port = _take(data, "redirectURIPort")
    if port is not None:
        try:
            auth.redirect_port = int(port)
            if not 1 <= auth.redirect_port <= 65535:
                raise ValueError
        except (TypeError, ValueError):
            raise src.error(k("redirectURIPort"), "must be a port number (1-65535)") from None
    if auth.client_secret and auth.storage != "file":
        log.warning("%s: a clientSecret is in the file but storage is '%s'; it is used, "
                    "but consider 'storage: file' or moving it to the keyring", src.path,
                    auth.storage)
    auth.extra = data
    return auth


def _proxy(src: _Source, keys: tuple[str, ...], value: Any) -> str | None:
    # Not quoted in the error, unlike other settings: the URL may hold a password.
    url = _string(src, keys, value)
    if url is not None:
        from pingtui.proxies import check_proxy_url

        if problem := check_proxy_url(url, credentials=False):
            raise src.error(keys, f"(the proxy URL) {problem}")
    return url


def _parse_pingone(src: _Source, keys: tuple[str, ...], raw: Any) -> PingOneSettings:
    data = _mapping(src, keys, raw)

    def k(name: str) -> tuple[str, ...]:
        return (*keys, name)

    p = PingOneSettings()
    p.environment_id = _string(src, k("environmentID"), _take(data, "environmentID"),
                               validate_environment_id)
    region = _string(src, k("region"), _take(data, "region"), validate_region)
    p.region = region.upper() if region else None
    p.root_domain = _string(src, k("rootDomain"), _take(data, "rootDomain"), validate_domain)
    p.custom_domain = _string(src, k("customDomain"), _take(data, "customDomain"),
                              validate_domain)
    p.auth_base_url = _string(src, k("authBaseURL"), _take(data, "authBaseURL"),
                              check_base_url)
    p.api_base_url = _string(src, k("apiBaseURL"), _take(data, "apiBaseURL"), check_base_url)
    p.ca_bundle = _string(src, k("caBundle"), _take(data, "caBundle"))  # checked when used
    p.proxy = _proxy(src, k("proxy"), _take(data, "proxy"))
    p.authentication = _parse_authentication(src, k("authentication"),
                                             _take(data, "authentication"))
    p.extra = data
    return p


def _parse_profile(src: _Source, name: Any, raw: Any) -> Profile:
    keys = ("profiles", str(name))
    if not isinstance(name, str) or not PROFILE_NAME_RE.match(name):
        raise src.error(keys, "is not a valid profile name (letters, digits, '-' and '_')")
    data = _mapping(src, keys, raw)
    profile = Profile(name=name)
    profile.description = _string(src, keys + ("description",), _take(data, "description")) or ""
    pingone = _take(data, "pingone")
    profile.pingone = (_parse_pingone(src, keys + ("pingone",), pingone)
                       if pingone is not None else None)
    keymap = _mapping(src, keys + ("keymap",), _take(data, "keymap"))
    if not all(isinstance(v, str) for v in keymap.values()):
        raise src.error(keys + ("keymap",), "must map binding ids to keys, as text")
    profile.keymap = keymap
    profile.extra = data
    return profile


def parse_config(path: Path, text: str) -> Config:
    """Parse and validate the text of a profiles file (raises ConfigError, names the line)."""
    import yaml

    src = _Source(path, text)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or "is not valid YAML"
        raise ConfigError(
            f"{where}: the config file is not valid YAML ({problem}).",
            "Fix the file by hand (pingtui did not change it) or move it away to start afresh.",
        ) from None
    except RecursionError:  # thousands of nested [ or {: the parser recurses per level
        raise ConfigError(
            f"{path}: the config file is nested too deeply to be a profiles file.",
            "Fix the file by hand (pingtui did not change it) or move it away to start afresh.",
        ) from None
    if data is None:
        return Config(path=path)
    if not isinstance(data, dict):
        raise ConfigError(
            f"{path}: the config file must be a YAML mapping (activeProfile, profiles), "
            f"not {type(data).__name__}.",
            "Fix the file by hand (pingtui did not change it) or move it away to start afresh.",
        )
    data = dict(data)
    config = Config(path=path)
    config.active_profile = _string(src, ("activeProfile",), _take(data, "activeProfile"))
    profiles = _mapping(src, ("profiles",), _take(data, "profiles"))
    config.profiles = {name: _parse_profile(src, name, raw) for name, raw in profiles.items()}
    config.extra = data
    return config


# --------------------------------------------------------------------------- serializing


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    if value not in (None, "", [], {}):
        data[key] = value


def _dump_authentication(auth: Authentication) -> dict[str, Any]:
    data: dict[str, Any] = {}
    _put(data, "grantType", auth.grant_type)
    _put(data, "clientID", auth.client_id)
    if auth.storage == "file":  # the only case in which a secret may sit in this file
        _put(data, "clientSecret", auth.client_secret)
    _put(data, "scopes", list(auth.scopes))
    _put(data, "storage", auth.storage)
    if auth.redirect_port != DEFAULT_REDIRECT_PORT:
        data["redirectURIPort"] = auth.redirect_port
    data.update(copy.deepcopy(auth.extra))
    return data


def _dump_pingone(p: PingOneSettings) -> dict[str, Any]:
    data: dict[str, Any] = {}
    _put(data, "region", p.region)
    _put(data, "rootDomain", p.root_domain)
    _put(data, "customDomain", p.custom_domain)
    _put(data, "environmentID", p.environment_id)
    _put(data, "authBaseURL", p.auth_base_url)
    _put(data, "apiBaseURL", p.api_base_url)
    _put(data, "caBundle", p.ca_bundle)
    _put(data, "proxy", p.proxy)
    data["authentication"] = _dump_authentication(p.authentication)
    data.update(copy.deepcopy(p.extra))
    return data


def profile_to_dict(profile: Profile) -> dict[str, Any]:
    data: dict[str, Any] = {}
    _put(data, "description", profile.description)
    if profile.pingone is not None:
        data["pingone"] = _dump_pingone(profile.pingone)
    _put(data, "keymap", dict(profile.keymap))
    data.update(copy.deepcopy(profile.extra))
    return data


def config_to_dict(config: Config) -> dict[str, Any]:
    data: dict[str, Any] = {}
    _put(data, "activeProfile", config.active_profile)
    data["profiles"] = {name: profile_to_dict(p) for name, p in config.profiles.items()}
    data.update(copy.deepcopy(config.extra))
    return data


def dump_yaml(data: Any) -> str:
    import yaml

    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)
