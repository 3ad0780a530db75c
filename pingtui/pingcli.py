"""Read Ping CLI's config (``~/.pingcli/config.yaml``) and turn its profiles into pingtui's.

Read-only: pingtui never writes Ping CLI's file. Both layouts are read: 0.x (``regionCode``, the
environment ID under ``authentication`` or a grant's block, ``type``) and 1.x (``endpoint``:
``rootDomain``, ``environmentID``, ``customDomain``; ``grantType``; ``auth.storage.type``
secure_local / file_system / none). Ping CLI matches keys case-insensitively (``pingOne`` and
``pingone`` both occur; 0.x writes them all in lower case), so every lookup here is too and
tries the known places in turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pingtui.config import (
    PROFILE_NAME_RE,
    PingOneSettings,
    Profile,
    normalize_grant_type,
    validate_domain,
    validate_environment_id,
    validate_grant_type,
    validate_region,
    validate_storage,
)
from pingtui.config.env import normalize_storage
from pingtui.errors import ConfigError

# pingtui grant type -> Ping CLI's sub-map holding that grant's client (first match wins).
_GRANT_KEYS = {
    "authorization_code": ("authorizationCode",),
    "device_code": ("deviceCode",),
    "client_credentials": ("clientCredentials", "worker"),
}


def default_pingcli_path() -> Path:
    return Path.home() / ".pingcli" / "config.yaml"


@dataclass
class ImportedProfile:
    source_name: str
    profile: Profile
    client_secret: str | None = field(default=None, repr=False)


@dataclass
class PingCLIProfiles:
    """What a Ping CLI config holds: usable profiles, and the ones skipped with the reason."""

    path: Path
    active: str | None
    profiles: list[ImportedProfile] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def _get(data: Any, *keys: str) -> Any:
    """Case-insensitive nested lookup; None when any step is missing or not a mapping."""
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = next((v for k, v in data.items() if str(k).lower() == key.lower()), None)
    return data


def _storage(data: dict[str, Any], default: str | None) -> str | None:
    """Ping CLI's token storage as pingtui's: 1.x ``auth.storage.type`` (0.x-era
    ``login.storage.type``): secure_local -> keyring, file_system -> file, none -> none."""
    raw = _get(data, "auth", "storage", "type") or _get(data, "login", "storage", "type")
    if raw is None:
        return default
    storage = normalize_storage(str(raw))
    if validate_storage(storage):
        raise ValueError(f"storage type '{raw}' is not known")
    return storage


def _convert(name: str, data: dict[str, Any], storage: str | None = None) -> ImportedProfile:
    """One Ping CLI profile (0.x or 1.x layout) -> pingtui profile; raises ValueError with the
    reason to skip. ``storage``: the file-wide storage type, if the file has one."""
    pingone = _get(data, "service", "pingOne")
    if not isinstance(pingone, dict):
        raise ValueError("no PingOne settings")
    endpoint = _get(pingone, "endpoint") or {}  # 1.x: rootDomain, environmentID, customDomain
    auth = _get(pingone, "authentication") or {}
    raw_type = _get(auth, "grantType") or _get(auth, "type")  # 1.x grantType (prose: type)
    if not raw_type:
        raise ValueError("no authentication type")
    grant = normalize_grant_type(str(raw_type))
    if validate_grant_type(grant):
        raise ValueError(f"authentication type '{raw_type}' is not supported")
    client = next((c for k in _GRANT_KEYS[grant] if isinstance(c := _get(auth, k), dict)), {})
    client_id = _get(client, "clientID")
    if not client_id:
        raise ValueError(f"no client ID for {grant}")
    environment_id = (_get(endpoint, "environmentID") or _get(auth, "environmentID")
                      or _get(client, "environmentID") or _get(auth, "worker", "environmentID"))
    if not environment_id or validate_environment_id(str(environment_id)):
        raise ValueError("no valid environment ID")
    settings = PingOneSettings(environment_id=str(environment_id))
    root_domain = _get(endpoint, "rootDomain")
    if root_domain:
        if validate_domain(str(root_domain)):
            raise ValueError(f"root domain '{root_domain}' is not a domain name")
        settings.root_domain = str(root_domain).lower()
    else:
        region = str(_get(pingone, "regionCode") or "NA")
        if validate_region(region):
            raise ValueError(f"region code '{region}' is not known")
        settings.region = region.upper()
    custom_domain = _get(endpoint, "customDomain")
    if custom_domain:
        if validate_domain(str(custom_domain)):
            raise ValueError(f"custom domain '{custom_domain}' is not a domain name")
        settings.custom_domain = str(custom_domain).lower()

    authentication = settings.authentication
    authentication.grant_type, authentication.client_id = grant, str(client_id)
    authentication.storage = _storage(data, storage) or authentication.storage
    scopes = _get(client, "scopes")
    if isinstance(scopes, str):
        scopes = scopes.replace(",", " ").split()
    if isinstance(scopes, list) and scopes and all(isinstance(s, str) for s in scopes):
        authentication.scopes = scopes
    port = _get(client, "redirectURIPort") or _get(client, "redirectUri", "port")  # 0.x, 1.x
    if port is not None and str(port).isdigit():
        authentication.redirect_port = int(port)
    secret = _get(client, "clientSecret") if grant == "client_credentials" else None
    return ImportedProfile(
        source_name=name,
        profile=Profile(name=name, description=str(_get(data, "description") or ""),
                        pingone=settings),
        client_secret=str(secret) if secret else None,
    )


def read_pingcli_config(path: Path | None = None) -> PingCLIProfiles:
    import yaml

    path = path or default_pingcli_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"There is no Ping CLI config at {path}.",
                          "Pass its location with --path.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Can't read the Ping CLI config {path}: {exc}.",
                          "Check the path and its permissions.") from None
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise ConfigError(f"{where}: Ping CLI's config is not valid YAML.",
                          "Fix it with Ping CLI or by hand; pingtui did not change it.") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path} is not a Ping CLI config (not a mapping).",
                          "Pass the right file with --path.")
    result = PingCLIProfiles(path=path, active=_get(data, "activeProfile"))
    # A top-level `auth:` block without `service:` is settings for the whole file (1.x's
    # storage type), not a profile.
    shared = {k: v for k, v in data.items() if str(k).lower() == "auth"
              and isinstance(v, dict) and _get(v, "service") is None}
    try:
        storage = _storage(shared, None)
    except ValueError:
        storage = None
    for name, value in data.items():
        if str(name).lower() == "activeprofile" or name in shared:
            continue
        if not isinstance(value, dict):
            continue
        if not PROFILE_NAME_RE.match(str(name)):
            result.skipped.append((str(name), "not a valid profile name"))
            continue
        try:
            result.profiles.append(_convert(str(name), value, storage))
        except ValueError as why:
            result.skipped.append((str(name), str(why)))
    return result


@dataclass
class ImportSummary:
    imported: list[tuple[str, str]]
    """(Ping CLI name, pingtui name) of each profile added."""
    skipped: list[tuple[str, str]]
    """(Ping CLI name, why) of each profile left out."""
    active: str | None
    """pingtui's active profile afterwards."""
    source: Path


def import_profiles(config_path: Path, pingcli_path: Path | None = None, *,
                    overwrite: bool = False) -> ImportSummary:
    """Add Ping CLI's usable profiles to pingtui's profiles file (under its lock).

    A taken name gets a ``-pingcli`` suffix unless ``overwrite``; client secrets go to the
    secret store, never the YAML. Blocking (file I/O and a lock): the TUI calls it in a thread.
    """
    from pingtui.config import edit_config
    from pingtui.secrets import save_client_secret

    found = read_pingcli_config(pingcli_path)
    imported: list[tuple[str, str]] = []
    with edit_config(config_path) as config:
        for item in found.profiles:
            name = item.source_name if overwrite else free_name(item.source_name,
                                                                config.profiles)
            item.profile.name = name
            if item.client_secret:
                save_client_secret(item.profile, item.client_secret)
            config.profiles[name] = item.profile
            if not config.active_profile and item.source_name == found.active:
                config.active_profile = name
            imported.append((item.source_name, name))
        if not config.active_profile and config.profiles:
            config.active_profile = next(iter(config.profiles))
    return ImportSummary(imported, list(found.skipped), config.active_profile, found.path)


def free_name(name: str, taken: set[str] | dict[str, Any]) -> str:
    """``name``, or ``name-pingcli``, ``name-pingcli-2``… whichever is not taken."""
    if name not in taken:
        return name
    candidate, n = f"{name}-pingcli", 2
    while candidate in taken:
        candidate, n = f"{name}-pingcli-{n}", n + 1
    return candidate
