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
            scopes: [openid, profile, email]
            storage: keyring          # keyring | file | none
          caBundle: /etc/ssl/corp-ca.pem   # optional: extra CAs besides the OS trust store
          proxy: http://proxy.corp:3128    # optional: else HTTPS_PROXY / NO_PROXY apply
          # authBaseURL / apiBaseURL: full overrides; plain http only for loopback

One job a module: ``model`` (the dataclasses), ``validate`` (single settings: each returns a
problem or None), ``parse`` (text <-> model, errors with line and column), ``env`` (PINGTUI_* and
PINGCLI_* overrides, which profile a run uses), ``files`` (location, load, the locked atomic
write; private files themselves are ``pingtui.private_files``). This package re-exports their
public names: ``from pingtui.config import Profile, edit_config`` is the way to use it.
"""

from __future__ import annotations

from pingtui.config.env import (
    ENV_CONFIG,
    ENV_PROFILE,
    ENV_VARIABLES,
    apply_env_overrides,
    env_profile_name,
    normalize_grant_type,
    resolve_profile,
)
from pingtui.config.files import (
    MAX_CONFIG_BYTES,
    config_lock,
    config_path,
    default_config_path,
    edit_config,
    load_config,
    save_config,
)
from pingtui.config.model import (
    GRANT_DESCRIPTIONS,
    GRANT_TYPES,
    MASK,
    PROFILE_NAME_RE,
    STORAGE_KINDS,
    Authentication,
    Config,
    PingOneSettings,
    Profile,
)
from pingtui.config.parse import config_to_dict, dump_yaml, parse_config, profile_to_dict
from pingtui.config.validate import (
    validate_domain,
    validate_environment_id,
    validate_grant_type,
    validate_profile_name,
    validate_region,
    validate_storage,
)
from pingtui.private_files import write_private_file

__all__ = [
    "ENV_CONFIG", "ENV_PROFILE", "ENV_VARIABLES", "GRANT_DESCRIPTIONS", "GRANT_TYPES", "MASK",
    "MAX_CONFIG_BYTES", "PROFILE_NAME_RE", "STORAGE_KINDS", "Authentication", "Config",
    "PingOneSettings", "Profile", "apply_env_overrides", "config_lock", "config_path",
    "config_to_dict", "default_config_path", "dump_yaml", "edit_config", "env_profile_name",
    "load_config", "normalize_grant_type", "parse_config", "profile_to_dict",
    "resolve_profile", "save_config", "validate_domain", "validate_environment_id",
    "validate_grant_type", "validate_profile_name", "validate_region", "validate_storage",
    "write_private_file",
]
