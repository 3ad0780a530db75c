"""The profiles file: locate, load, validate, save — and environment overrides.

Format (YAML, keys case-insensitive on read, unknown keys kept on a round trip)::

    activeProfile: work
    profiles:
      work:
        description: My tenant
        pingone:
          region: NA                 # or rootDomain / customDomain
          environmentID: 3b1b2f7e-…  # the environment of the worker application
          authentication:
            grantType: authorization_code   # device_code | client_credentials
            clientID: 7c0e6f9a-…
            scopes: [openid]
            storage: keyring          # keyring | file | none
          # authBaseURL / apiBaseURL: full overrides; plain http only for loopback

Writes are atomic (temp file, fsync, rename) and happen under a cross-process lock around a
fresh read, so two processes adding profiles at the same moment both survive. The directory is
0700 and the file 0600. A file that does not parse is never written over.
"""

from __future__ import annotations

import copy
import errno
import logging
import os
import re
import stat
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pingtui.errors import ConfigError
from pingtui.pingone import (
    DEFAULT_REDIRECT_PORT,
    REGIONS,
    Endpoints,
    check_base_url,
    endpoints_for,
)

log = logging.getLogger("pingtui.config")

GRANT_TYPES = ("authorization_code", "device_code", "client_credentials")
GRANT_DESCRIPTIONS = {
    "authorization_code": "Authorization Code — sign on in your browser (PKCE)",
    "device_code": "Device Code — headless/SSH: type a code on any device",
    "client_credentials": "Client Credentials — for automation, with a client secret",
}
STORAGE_KINDS = ("keyring", "file", "none")
PROFILE_NAME_RE = re.compile(r"^[A-Za-z0-9_-]+$")
MAX_CONFIG_BYTES = 1024 * 1024
MASK = "********"

ENV_CONFIG = "PINGTUI_CONFIG"
ENV_PROFILE = "PINGTUI_PROFILE"


# --------------------------------------------------------------------------- data model


@dataclass
class Authentication:
    """How a profile signs on."""

    grant_type: str = "authorization_code"
    """authorization_code (browser + PKCE), device_code (headless) or client_credentials."""
    client_id: str | None = None
    """The OAuth client (application) ID in the profile's environment."""
    client_secret: str | None = field(default=None, repr=False)
    """Client credentials only. Saved in this file only when ``storage`` is ``file``."""
    scopes: list[str] = field(default_factory=lambda: ["openid"])
    """Scopes asked for; PingOne Advanced Services wants its custom resource scope here."""
    storage: str = "keyring"
    """Where tokens and the client secret live: keyring, file (0600, warned) or none (memory)."""
    redirect_port: int = DEFAULT_REDIRECT_PORT
    """Loopback port of the authorization-code redirect URI (http://127.0.0.1:PORT/callback)."""
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
    authentication: Authentication = field(default_factory=Authentication)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    def endpoints(self) -> Endpoints:
        if not self.environment_id:
            raise ConfigError(
                "This profile has no PingOne environment ID.",
                "Run 'pingtui init' to complete it.",
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


# --------------------------------------------------------------------------- location


def default_config_path() -> Path:
    from platformdirs import user_config_path  # lazy: keeps it off the start path

    return user_config_path("pingtui", appauthor=False) / "config.yaml"


def config_path(explicit: str | os.PathLike[str] | None = None,
                env: Mapping[str, str] = os.environ) -> Path:
    """``--config`` > ``$PINGTUI_CONFIG`` > the platform's user config dir."""
    if explicit:
        return Path(explicit).expanduser()
    if env.get(ENV_CONFIG):
        return Path(env[ENV_CONFIG]).expanduser()
    return default_config_path()


# --------------------------------------------------------------------------- validation


def validate_profile_name(name: str) -> str:
    if not PROFILE_NAME_RE.match(name or ""):
        raise ConfigError(
            f"'{name}' is not a valid profile name.",
            "Use letters, digits, '-' and '_' only (like Ping CLI).",
        )
    return name


def validate_environment_id(value: str) -> str | None:
    """Return why ``value`` is not a PingOne environment ID, or None."""
    import uuid  # lazy: keeps it off the start path

    try:
        uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        return "is not a UUID (a PingOne environment ID looks like 3b1b2f7e-1a2b-4c3d-9e8f-0a1b2c3d4e5f)"
    if len(value) != 36:
        return "must be written as a 36-character UUID with dashes"
    return None


def validate_region(value: str) -> str | None:
    if value.upper() not in REGIONS:
        return f"is not a region code; use one of {', '.join(REGIONS)}"
    return None


def validate_domain(value: str) -> str | None:
    if not re.match(r"^(?=.{1,253}$)([a-zA-Z0-9-]{1,63}\.)+[a-zA-Z]{2,63}$", value or ""):
        return "is not a domain name (like pingone.eu or login.example.com)"
    return None


def validate_grant_type(value: str) -> str | None:
    if value not in GRANT_TYPES:
        return f"is not a grant type; use one of {', '.join(GRANT_TYPES)}"
    return None


def validate_storage(value: str) -> str | None:
    if value not in STORAGE_KINDS:
        return f"is not a storage kind; use one of {', '.join(STORAGE_KINDS)}"
    return None


# --------------------------------------------------------------------------- parsing


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
            check: Any = None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise src.error(keys, f"must be text, not {type(value).__name__}")
    if check and (problem := check(value)):
        raise src.error(keys, f"'{value[:60]}' {problem}")
    return value


def _parse_authentication(src: _Source, keys: tuple[str, ...], raw: Any) -> Authentication:
    data = _mapping(src, keys, raw)
    k = lambda name: keys + (name,)
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


def _parse_pingone(src: _Source, keys: tuple[str, ...], raw: Any) -> PingOneSettings:
    data = _mapping(src, keys, raw)
    k = lambda name: keys + (name,)
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


def _not_a_regular_file(path: Path) -> ConfigError:
    # Reading a FIFO with no writer would block for ever, a device may never end, and
    # neither may be replaced by a file on write.
    return ConfigError(f"{path} is not a regular file.",
                       "Point --config or PINGTUI_CONFIG at the pingtui YAML file.")


def load_config(path: Path) -> Config:
    """Read the profiles file; a missing or empty file means no profiles yet."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return Config(path=path)
    except OSError as exc:
        raise ConfigError(f"Can't read the config file {path}: {exc.strerror}.",
                          "Check the path and its permissions.") from None
    if not stat.S_ISREG(info.st_mode):
        if os.path.samefile(path, os.devnull):  # `--config /dev/null`: no profiles
            return Config(path=path)
        raise _not_a_regular_file(path)
    size = info.st_size
    if size > MAX_CONFIG_BYTES:
        raise ConfigError(
            f"{path} is {size // 1024} KiB, larger than a profiles file can be (1 MiB).",
            "Is this the right file? Point --config or PINGTUI_CONFIG at the pingtui config.",
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path} is not UTF-8 text.", "Is this the right file?") from None
    except OSError as exc:
        raise ConfigError(f"Can't read the config file {path}: {exc.strerror}.",
                          "Check the path and its permissions.") from None
    return parse_config(path, text)


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


# --------------------------------------------------------------------------- writing


def _secure_dir(directory: Path, *, own: bool) -> None:
    """Create ``directory`` 0700; tighten a wider mode only on a directory of pingtui's own.

    A directory the user chose for ``--config`` may be their home, a project or ``/etc``:
    its mode is theirs (the file in it is 0600 whatever the directory's mode).
    """
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    mode = directory.stat().st_mode & 0o777
    if own and os.name == "posix" and mode & 0o077:
        log.warning("%s was readable by others (mode %04o); made it 0700", directory, mode)
        os.chmod(directory, 0o700)


def _real_path(path: Path) -> Path:
    # A symlinked config (dotfiles repos) is written through, not replaced by a plain file.
    return Path(os.path.realpath(path))


def write_private_file(path: Path, text: str, *, own_dir: bool) -> None:
    """Write ``text`` to ``path`` atomically with mode 0600 (temp file, fsync, rename).

    ``own_dir``: the directory is pingtui's (its config or state dir), so a mode wider than
    0700 is fixed too.
    """
    target = _real_path(path)
    try:
        info = target.stat()
    except FileNotFoundError:
        old_mode = None
    else:
        if not stat.S_ISREG(info.st_mode):  # never replace a directory, FIFO or /dev/null
            raise OSError(errno.EINVAL, "not a regular file")
        old_mode = info.st_mode & 0o777
    _secure_dir(target.parent, own=own_dir)
    import tempfile  # lazy: only writers need it

    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    if os.name == "posix":
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)  # make the rename itself durable
        finally:
            os.close(dir_fd)
    if old_mode is not None and old_mode & 0o077:
        log.warning("%s was readable by others (mode %04o); it is now 0600", target, old_mode)


def save_config(config: Config) -> None:
    """Write ``config`` atomically. Prefer :func:`edit_config`, which also locks."""
    try:
        own_dir = _real_path(config.path).parent == _real_path(default_config_path()).parent
        write_private_file(config.path, dump_yaml(config_to_dict(config)), own_dir=own_dir)
    except OSError as exc:
        raise ConfigError(
            f"Could not write {config.path}: {exc.strerror or exc}.",
            "The previous file is intact. Free some space or fix the permissions, then retry.",
        ) from None


@contextmanager
def config_lock(path: Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold the cross-process lock of the profiles file at ``path``."""
    from filelock import FileLock, Timeout  # lazy: only writers need it

    target = _real_path(path)
    if target.exists() and not target.is_file():
        raise _not_a_regular_file(path)  # and no lock file beside /dev/null
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # modes are fixed on write
    lock = FileLock(str(target) + ".lock", timeout=timeout, mode=0o600)
    try:
        with lock:
            yield
    except Timeout:
        raise ConfigError(
            f"Another pingtui is writing {target} (its lock is held).",
            "Try again in a moment; if it persists, remove the stale .lock file.",
        ) from None


@contextmanager
def edit_config(path: Path) -> Iterator[Config]:
    """Read-modify-write the profiles file under its lock; saves when the block succeeds."""
    with config_lock(path):
        config = load_config(path)
        yield config
        save_config(config)


# --------------------------------------------------------------------------- environment


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

